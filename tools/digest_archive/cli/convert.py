"""``digest convert``: write the archive's MyST pages from raw digests, as the build does."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TextIO

from ..archive.files import read_names, scan
from ..lint.formats import format_text
from ..text.variants import NAMES_FILE
from .arguments import EXIT_ERRORS, PATHS_EPILOG, add_curation, add_raw_dir, curation, one_file_a_day


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    convert = commands.add_parser(
        "convert",
        help="write MyST pages for the archive",
        description=(
            "Write the archive's MyST Markdown pages (one per digest, plus the "
            "indices) into OUT, each digest's papers as BibTeX and RIS and the "
            "digest as JSON, with its curator's credit, next to its page "
            "(YYYY/YYYY-MM-DD.bib, .ris, .json), "
            "each year's papers and digests (YYYY/YYYY.bib, .ris and .jsonl.gz, "
            "gzipped JSON Lines), and the statistics "
            "page's plots (SVG) into OUT/statistics. Each card names the earlier "
            "papers most like it; what the converter learnt is kept in "
            "OUT/.digest-pages.json and OUT/.digest-related.json for the next run. "
            "Authors and affiliations are shown as names.toml beside the raw "
            "folder says. The folder belongs to the converter: files no digest "
            "produces are deleted. 'make html' does this for you."
        ),
        epilog=PATHS_EPILOG,
    )
    convert.add_argument("paths", nargs="+", metavar="PATH")
    add_raw_dir(convert)
    convert.add_argument("--out", type=Path, default=Path("source/digests"), help="default: source/digests")
    convert.add_argument(
        "--language",
        default="zh_CN",
        help="the language of the pages' own words, as Sphinx's 'language' names it (default: zh_CN, "
        "the archive's; 'en' for English)",
    )
    add_curation(convert)
    convert.set_defaults(run=_convert)


def _convert(args: argparse.Namespace, out: TextIO) -> int:
    # Imported here: 'digest lint', on every commit, needs no page renderer.
    from ..archive.convert import convert
    from ..i18n import activate

    activate(args.language)
    days, status = one_file_a_day(scan(args.paths, args.raw_dir), "not converted")
    names = read_names(Path(args.raw_dir).parent / NAMES_FILE)
    result = convert(
        {path.name: Path(path.name) for path in days}, args.out, names=names, curation=curation(args)
    )
    for source in result.sources:
        if not source.readable:
            print(format_text(list(source.problems)), end="", file=sys.stderr)
            status = EXIT_ERRORS
    out.write(
        f"{len(result.written)} pages written, {result.unchanged} unchanged, "
        f"{len(result.removed)} removed in {args.out}; {len(result.drawn)} statistics files written\n"
    )
    return status
