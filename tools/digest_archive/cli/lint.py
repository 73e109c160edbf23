"""``digest lint``: check raw digests, and print what is found in the format asked for."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TextIO

from ..archive.files import UsageError, load, scan
from ..lint import REGISTRY, Diagnostic, Severity, by_position, lint_digest
from ..lint.config import LintConfig, Selection, config_for, kept, read_config, unknown_codes
from ..lint.formats import FORMATS, format_statistics, summary
from ..text.layout import RawPath
from .arguments import EXIT_ERRORS, EXIT_OK, PATHS_EPILOG, add_raw_dir


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
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
        epilog=PATHS_EPILOG,
    )
    lint.add_argument("paths", nargs="+", metavar="PATH")
    add_raw_dir(lint)
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


def _codes(value: str) -> list[str]:
    return [code.strip().upper() for code in value.split(",") if code.strip()]


def _lint(args: argparse.Namespace, out: TextIO) -> int:
    if args.isolated:
        config = LintConfig(Path.cwd())
    elif args.config is not None:
        config = read_config(args.config)
    else:
        config = config_for(Path.cwd())
    command_line = Selection(
        select=None if args.select is None else tuple(args.select),
        extend_select=tuple(args.extend_select),
        ignore=tuple(args.ignore),
    )
    unknown = unknown_codes([*(args.select or ()), *args.extend_select, *args.ignore])
    if unknown:
        raise UsageError(f"unknown rule code: {', '.join(unknown)} (see 'digest rules')")
    paths = scan(args.paths, args.raw_dir)
    diagnostics = lint_paths(paths, config, command_line)
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


#: No rule chosen or left out on the command line: the configuration's choice.
NO_CHOICE = Selection()


def lint_paths(
    paths: list[RawPath], config: LintConfig, command_line: Selection = NO_CHOICE
) -> list[Diagnostic]:
    """The findings of the rules ``config`` and ``command_line`` choose, for each of ``paths``, in order."""
    chosen = set(config.chosen(command_line))
    rules = [REGISTRY[code] for code in sorted(chosen)]
    diagnostics = []
    for path in paths:
        loaded = load(path)
        found = loaded.problems
        if loaded.digest is not None:
            found = by_position(found + lint_digest(rules, loaded.digest))
        ignored = config.ignored_in(path.name)
        diagnostics.extend(d for d in found if kept(d, chosen, ignored))
    return diagnostics
