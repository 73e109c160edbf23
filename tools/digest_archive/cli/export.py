"""``digest export`` and ``digest schema``: the parsed digests as JSON, their papers as citations or CSV."""

from __future__ import annotations

import argparse
import csv
import io
import json
from pathlib import Path
from typing import TextIO

from ..archive.files import UsageError, read_names, scan
from ..model import DIGESTS, json_schema
from ..text.variants import NAMES_FILE
from .arguments import (
    EXIT_OK,
    PATHS_EPILOG,
    add_curation,
    add_raw_dir,
    curation,
    load_digests,
    one_file_a_day,
)

#: The formats whose records are the papers' own, and take --with-source's note.
CITATION_FORMATS = ("bibtex", "ris", "csl-json")


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    export = commands.add_parser(
        "export",
        help="write digests as JSON, or their papers as BibTeX, RIS, CSL-JSON or CSV",
        description=(
            "Write the parsed digests. json: an array, one object per digest, "
            "each with its credit: its curator, the post it was first published "
            "in and the terms it is kept under (see 'digest schema'). bibtex: "
            "one @misc entry per paper, keyed like kunin2020neural, in date "
            "order. ris: one record per paper (TY GEN, ID the key, the arXiv id "
            "as AN and its DOI as DO), for Zotero, Mendeley or EndNote. "
            "csl-json: an array of CSL items (type article, id the key), for "
            "pandoc and citeproc. These three are the papers' own records; "
            "--with-source adds a note naming the digest that listed each paper "
            "and its curator. csv: one row per paper, with a header row, UTF-8. "
            "All but json need dated files "
            "(YYYY-MM-DD.txt): others are reported and skipped (exit status 1). "
            "Authors and affiliations are written as names.toml beside the raw "
            "folder shows them, as the site's pages and files do."
        ),
        epilog=PATHS_EPILOG,
    )
    export.add_argument("paths", nargs="+", metavar="PATH")
    add_raw_dir(export)
    export.add_argument(
        "--format",
        choices=("json", "bibtex", "ris", "csl-json", "csv"),
        default="json",
        help="output format (default: json)",
    )
    export.add_argument("-o", "--output", type=Path, help="write to this file instead of standard output")
    export.add_argument(
        "--with-source",
        action="store_true",
        help="bibtex, ris, csl-json: note in each record the digest that listed the paper and its "
        "curator (note, N1; 'Listed in the arXiv digest of 2020-12-16 by …')",
    )
    add_curation(export)
    export.set_defaults(run=_export)

    schema = commands.add_parser(
        "schema",
        help="print the JSON Schema of the export and the published data",
        description=(
            "Print the JSON Schema of 'digest export --format json' and of the "
            "site's data files: each day's .json (an array of one digest) and "
            "each line of a year's .jsonl.gz ($defs/Digest). The site publishes "
            "every version of it as digests/schema-N.json."
        ),
    )
    schema.set_defaults(run=_schema)


def _export(args: argparse.Namespace, out: TextIO) -> int:
    # Imported here: 'digest lint', on every commit, needs no citation writer.
    from ..render import bibtex, csvrows, reference

    if args.with_source and args.format not in CITATION_FORMATS:
        raise UsageError(f"--with-source is for {', '.join(CITATION_FORMATS)}: {args.format} has no notes")
    found = scan(args.paths, args.raw_dir)
    names = read_names(Path(args.raw_dir).parent / NAMES_FILE)
    if args.format == "json":
        # Every file that can be read, drafts not named after their day too.
        digests, status = load_digests(found)
        credit = curation(args)
        digests = [credit.credited(names.applied(digest)) for digest in digests]
        payload = DIGESTS.dump_python(digests, mode="json")
        text = json.dumps(payload, ensure_ascii=False, indent=2) + "\n"
    else:
        # Papers are keyed and ordered by their digest's date: one date, one file.
        days, status = one_file_a_day(found, "not exported")
        digests, unreadable = load_digests(days)
        digests = [names.applied(digest) for digest in digests]
        status = max(status, unreadable)
        listed_by = args.curator if args.with_source else None
        if args.format == "bibtex":
            text = bibtex.bibtex(digests, listed_by)
        elif args.format == "ris":
            text = reference.ris(digests, listed_by)
        elif args.format == "csl-json":
            text = reference.csl_json(digests, listed_by)
        else:
            buffer = io.StringIO(newline="")
            # Every cell quoted, as OWASP also advises: a spreadsheet that
            # splits on ";" or tabs cannot cut a cell into one that starts a formula.
            writer = csv.DictWriter(buffer, fieldnames=csvrows.CSV_COLUMNS, quoting=csv.QUOTE_ALL)
            writer.writeheader()
            writer.writerows(csvrows.csv_rows(digests))
            text = buffer.getvalue()
    if args.output:
        # CSV ends its lines with CRLF itself (RFC 4180): write them untranslated.
        args.output.write_text(text, encoding="utf-8", newline="" if args.format == "csv" else None)
    else:
        out.write(text)
    return status


def _schema(args: argparse.Namespace, out: TextIO) -> int:
    out.write(json.dumps(json_schema(), ensure_ascii=False, indent=2) + "\n")
    return EXIT_OK
