"""The ``digest`` command: add, lint, export, convert raw digests; print the schema.

``digest lint`` runs on every commit (pre-commit) and in every CI run, so
only what linting needs is imported here; the BibTeX writer and the page
renderer are imported by the commands that use them.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import io
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

from pydantic import TypeAdapter

from . import __version__
from .addcommand import add_command
from .archive.files import UsageError, load, scan, write_raw
from .lint import REGISTRY, Severity, by_position, lint_digest, lint_path, select_rules
from .lint.config import ConfigError, LintConfig, Selection, find_pyproject, kept, read_config, unknown_codes
from .lint.formats import FORMATS, format_statistics, format_text, printable, summary
from .model import Digest
from .synth import LABELLED_FROM, START, load_templates, synthesize
from .text.layout import RAW_DIR, RawPath

EXIT_OK, EXIT_ERRORS, EXIT_USAGE = 0, 1, 2

_EPILOG = """\
PATH arguments may be files or directories; a directory stands for every
*.txt file below it, in sorted order, and inside the raw folder (--raw-dir)
for everything below it: only YYYY/YYYY-MM-DD.txt files belong there.
Symbolic links are reported, never followed. Paths are reported as given.
"""


def _codes(value: str) -> list[str]:
    return [code.strip().upper() for code in value.split(",") if code.strip()]


def _add_raw_dir(command: argparse.ArgumentParser) -> None:
    command.add_argument(
        "--raw-dir",
        default=RAW_DIR,
        metavar="DIR",
        help=f"the archive's raw folder, where files must be YYYY/YYYY-MM-DD.txt (default: {RAW_DIR})",
    )


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="digest",
        description="Check and convert raw arXiv paper digests for the digest archive.",
        epilog=_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    lint = commands.add_parser(
        "lint",
        help="check raw digests; exit 1 if any error is found",
        description=(
            "Check raw digests. Prints one line per finding as "
            "path:line:col: CODE message. Exit status: 0 when no errors "
            "(warnings still print), 1 when there are errors, 2 on usage or "
            "configuration errors. Rules are chosen by [tool.digest.lint] in the "
            "first pyproject.toml with a [tool.digest] table, in the working "
            "folder or above it, then by --select, --extend-select and --ignore. "
            "Run 'digest rules' for the list of codes."
        ),
        epilog=_EPILOG,
    )
    lint.add_argument("paths", nargs="+", metavar="PATH")
    _add_raw_dir(lint)
    lint.add_argument(
        "--format",
        choices=FORMATS,
        default="text",
        help=(
            "output format (default: text): json for tools, github for Actions annotations, "
            "sarif for GitHub code scanning, junit for CI test reports, gitlab for GitLab Code Quality; "
            "sarif and gitlab give paths relative to the project's folder (the pyproject.toml's)"
        ),
    )
    lint.add_argument(
        "--select",
        type=_codes,
        metavar="CODES",
        help="only these codes or prefixes, comma-separated (e.g. DA1,DA201); overrides the configuration",
    )
    lint.add_argument(
        "--extend-select",
        type=_codes,
        default=[],
        metavar="CODES",
        help="these codes or prefixes too, comma-separated, on top of those selected",
    )
    lint.add_argument(
        "--ignore",
        type=_codes,
        default=[],
        metavar="CODES",
        help="skip these codes or prefixes, comma-separated, on top of the configuration's",
    )
    where = lint.add_mutually_exclusive_group()
    where.add_argument(
        "--config",
        type=Path,
        metavar="PATH",
        help="read [tool.digest.lint] from this pyproject.toml instead of looking for one",
    )
    where.add_argument("--isolated", action="store_true", help="read no configuration file")
    lint.add_argument(
        "--statistics",
        action="store_true",
        help="print how many findings each code has, not the findings (a JSON array with --format json)",
    )
    lint.add_argument(
        "--exit-zero", action="store_true", help="exit with status 0 even when errors are found"
    )
    lint.add_argument(
        "--output-file",
        type=Path,
        metavar="PATH",
        help="write the findings to this file (its folder is created) instead of standard output",
    )
    lint.set_defaults(run=_lint)

    export = commands.add_parser(
        "export",
        help="write digests as JSON, or their papers as BibTeX, RIS, CSL-JSON or CSV",
        description=(
            "Write the parsed digests. json: an array, one object per digest "
            "(see 'digest schema'). bibtex: one @misc entry per paper, keyed "
            "like kunin2020neural, in date order. ris: one record per paper "
            "(TY GEN, ID the key, the arXiv id as AN and its DOI as DO), for "
            "Zotero, Mendeley or EndNote. csl-json: an array of CSL items "
            "(type article, id the key), for pandoc and citeproc. csv: one row "
            "per paper, with a header row, UTF-8. All but json need dated files "
            "(YYYY-MM-DD.txt): others are reported and skipped (exit status 1)."
        ),
        epilog=_EPILOG,
    )
    export.add_argument("paths", nargs="+", metavar="PATH")
    _add_raw_dir(export)
    export.add_argument(
        "--format",
        choices=("json", "bibtex", "ris", "csl-json", "csv"),
        default="json",
        help="output format (default: json)",
    )
    export.add_argument("-o", "--output", type=Path, help="write to this file instead of standard output")
    export.set_defaults(run=_export)

    schema = commands.add_parser(
        "schema",
        help="print the JSON Schema of the export",
        description="Print the JSON Schema of 'digest export --format json'.",
    )
    schema.set_defaults(run=_schema)

    conv = commands.add_parser(
        "convert",
        help="write MyST pages for the archive",
        description=(
            "Write the archive's MyST Markdown pages (one per digest, plus the "
            "indices) into OUT, each digest's papers as BibTeX and RIS next to "
            "its page (YYYY/YYYY-MM-DD.bib, .ris) and the whole archive's "
            "(archive.bib, archive.ris), and the statistics page's plots (SVG) "
            "into OUT/statistics. The folder belongs to the converter: files no "
            "digest produces are deleted. 'make html' does this for you."
        ),
        epilog=_EPILOG,
    )
    conv.add_argument("paths", nargs="+", metavar="PATH")
    _add_raw_dir(conv)
    conv.add_argument("--out", type=Path, default=Path("source/digests"), help="default: source/digests")
    conv.set_defaults(run=_convert)

    synth = commands.add_parser(
        "synth",
        help="generate realistic raw digests (for benchmarks)",
        description=(
            "Write N generated raw digests into OUT/YYYY/YYYY-MM-DD.txt, dated "
            "consecutively from --start. Each rewrites one of the template "
            "digests (--templates, default raw/) with new titles, authors, "
            "affiliations, text and arXiv links, keeping its layout; the same "
            "seed gives the same files. Write them outside raw/ (make bench "
            "uses _build/bench/raw)."
        ),
    )
    synth.add_argument("out", type=Path, metavar="OUT")
    synth.add_argument("--digests", type=int, required=True, metavar="N", help="how many digests")
    synth.add_argument("--seed", type=int, default=0, help="random seed (default: 0)")
    synth.add_argument(
        "--start",
        type=dt.date.fromisoformat,
        default=START,
        help=f"first date (default: {START}); the last must be no later than tomorrow",
    )
    synth.add_argument(
        "--labelled-from",
        type=dt.date.fromisoformat,
        default=LABELLED_FROM,
        metavar="DATE",
        help=f"write the labelled layout of 2023 from this date on (default: {LABELLED_FROM})",
    )
    synth.add_argument("--templates", default="raw", metavar="PATH", help="template digests (default: raw)")
    synth.set_defaults(run=_synth)

    rules = commands.add_parser(
        "rules",
        help="list the lint rules, or explain one",
        description="List the lint rules, or explain the ones given.",
    )
    rules.add_argument("codes", nargs="*", metavar="CODE")
    rules.set_defaults(run=_rules)

    add_command(commands, _add_raw_dir)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return args.run(args, sys.stdout)
    except (UsageError, ConfigError) as error:
        parser.exit(EXIT_USAGE, f"digest: error: {printable(str(error))}\n")
    except BrokenPipeError:
        # `digest lint raw | head` closes the pipe early; that is not an error.
        sys.stderr.close()
        return EXIT_OK


def _lint(args: argparse.Namespace, out: TextIO) -> int:
    config = _lint_config(args)
    command_line = Selection(
        select=None if args.select is None else tuple(args.select),
        extend_select=tuple(args.extend_select),
        ignore=tuple(args.ignore),
    )
    unknown = unknown_codes([*(args.select or ()), *args.extend_select, *args.ignore])
    if unknown:
        raise UsageError(f"unknown rule code: {', '.join(unknown)} (see 'digest rules')")
    chosen = set(config.chosen(command_line))
    rules = [REGISTRY[code] for code in sorted(chosen)]
    diagnostics = []
    paths = scan(args.paths, args.raw_dir)
    for path in paths:
        loaded = load(path)
        found = loaded.problems
        if loaded.digest is not None:
            found = by_position(found + lint_digest(rules, loaded.digest))
        ignored = config.ignored_in(path.name)
        diagnostics.extend(d for d in found if kept(d, chosen, ignored))
    if args.statistics:
        text = format_statistics(diagnostics, as_json=args.format == "json")
    else:
        text = FORMATS[args.format](diagnostics, root=str(config.root))
    if args.output_file:
        args.output_file.parent.mkdir(parents=True, exist_ok=True)
        args.output_file.write_text(text, encoding="utf-8")
    else:
        out.write(text)
    if args.format == "text":
        print(summary(diagnostics, len(paths)), file=sys.stderr)
    has_errors = any(d.severity is Severity.ERROR for d in diagnostics)
    return EXIT_ERRORS if has_errors and not args.exit_zero else EXIT_OK


def _lint_config(args: argparse.Namespace) -> LintConfig:
    """The configuration --config names, or the one found from the working folder, or none."""
    if args.isolated:
        return LintConfig(Path.cwd())
    if args.config is not None:
        return read_config(args.config)
    found = find_pyproject(Path.cwd())
    return read_config(found) if found else LintConfig(Path.cwd())


def _export(args: argparse.Namespace, out: TextIO) -> int:
    from .render import cite, reference

    found = scan(args.paths, args.raw_dir)
    if args.format == "json":
        # Every file that can be read, drafts not named after their day too.
        digests, status = _load_digests(found)
        payload = TypeAdapter(list[Digest]).dump_python(digests, mode="json")
        text = json.dumps(payload, ensure_ascii=False, indent=2) + "\n"
    else:
        # Papers are keyed and ordered by their digest's date: one date, one file.
        days, status = _one_file_a_day(found, "not exported")
        digests, unreadable = _load_digests(days)
        status = max(status, unreadable)
        if args.format == "bibtex":
            text = cite.bibtex(digests)
        elif args.format == "ris":
            text = reference.ris(digests)
        elif args.format == "csl-json":
            text = reference.csl_json(digests)
        else:
            buffer = io.StringIO(newline="")
            # Every cell quoted, as OWASP also advises: a spreadsheet that
            # splits on ";" or tabs cannot cut a cell into one that starts a formula.
            writer = csv.DictWriter(buffer, fieldnames=cite.CSV_COLUMNS, quoting=csv.QUOTE_ALL)
            writer.writeheader()
            writer.writerows(cite.csv_rows(digests))
            text = buffer.getvalue()
    if args.output:
        # CSV ends its lines with CRLF itself (RFC 4180): write them untranslated.
        args.output.write_text(text, encoding="utf-8", newline="" if args.format == "csv" else None)
    else:
        out.write(text)
    return status


def _schema(args: argparse.Namespace, out: TextIO) -> int:
    schema = TypeAdapter(list[Digest]).json_schema()
    schema = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "digest-archive export",
        "description": "What 'digest export --format json' writes: an array of digests.",
        **schema,
    }
    out.write(json.dumps(schema, ensure_ascii=False, indent=2) + "\n")
    return EXIT_OK


def _convert(args: argparse.Namespace, out: TextIO) -> int:
    from .archive.convert import convert

    days, status = _one_file_a_day(scan(args.paths, args.raw_dir), "not converted")
    result = convert({path.name: Path(path.name) for path in days}, args.out)
    for source in result.sources:
        if not source.readable:
            print(format_text(list(source.problems)), end="", file=sys.stderr)
            status = EXIT_ERRORS
    out.write(
        f"{len(result.written)} pages written, {result.unchanged} unchanged, "
        f"{len(result.removed)} removed in {args.out}; {len(result.drawn)} statistics files written\n"
    )
    return status


def _synth(args: argparse.Namespace, out: TextIO) -> int:
    if args.digests < 1:
        raise UsageError("--digests must be at least 1")
    templates = load_templates([args.templates])
    if not any(template.digest.entries for template in templates):
        raise UsageError(f"no template digest with entries in {args.templates}")
    written = 0
    try:
        generated = synthesize(
            templates, args.digests, seed=args.seed, start=args.start, labelled_from=args.labelled_from
        )
    except ValueError as error:
        raise UsageError(str(error)) from error
    for date, text in generated:
        write_raw(args.out, date, text)
        written += 1
    out.write(f"{written} digests written in {args.out}\n")
    return EXIT_OK


def _rules(args: argparse.Namespace, out: TextIO) -> int:
    missing = [code for code in args.codes if code.upper() not in REGISTRY]
    if missing:
        raise UsageError(f"unknown rule code: {', '.join(missing)}")
    if not args.codes:
        for rule in select_rules():
            out.write(f"{rule.code}  {rule.severity.value:<7}  {rule.name:<24} {rule.summary}\n")
        return EXIT_OK
    for code in args.codes:
        rule = REGISTRY[code.upper()]
        out.write(f"{rule.code} {rule.name} ({rule.severity.value})\n\n{rule.summary}\n")
        if rule.explanation:
            out.write(f"\n{rule.explanation}\n")
        for example in rule.examples:
            out.write(f"\n{example.kind} ({example.path}):\n\n")
            out.write("".join(f"    {line}\n" for line in example.shown.splitlines()))
    return EXIT_OK


def _load_digests(paths: Sequence[RawPath]) -> tuple[list[Digest], int]:
    """Parse every file; report the ones that cannot be read on stderr (exit status 1)."""
    digests = []
    status = EXIT_OK
    for path in paths:
        loaded = load(path)
        if loaded.digest is None:
            print(format_text(loaded.problems), end="", file=sys.stderr)
            status = EXIT_ERRORS
        else:
            digests.append(loaded.digest)
    return digests, status


def _one_file_a_day(paths: Sequence[RawPath], consequence: str) -> tuple[list[RawPath], int]:
    """The files named after their day, where the layout wants them, one a day.

    The others are reported on stderr, with ``consequence`` (exit status 1).
    """
    days: dict[dt.date, RawPath] = {}
    status = EXIT_OK
    for path in paths:
        problems = [format_text([problem]).rstrip() for problem in lint_path(REGISTRY.values(), path)]
        if not problems and path.date in days:
            problems = [f"{printable(path.name)}:1:1: same date as {printable(days[path.date].name)}"]
        for problem in problems:
            print(f"{problem}; {consequence}", file=sys.stderr)
            status = EXIT_ERRORS
        if not problems and path.date is not None:
            days[path.date] = path
    return list(days.values()), status


if __name__ == "__main__":
    sys.exit(main())
