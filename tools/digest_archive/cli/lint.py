"""``digest lint``: check raw digests, and print what is found in the format asked for."""

from __future__ import annotations

import argparse
import difflib
import os
import sys
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TextIO

from .. import collection
from ..archive.files import Loaded, UsageError, load, read_names, read_raw, scan
from ..lint import NO_ARCHIVE, REGISTRY, Archive, Diagnostic, Severity, by_position, lint_archive, lint_digest
from ..lint.config import LintConfig, Selection, config_for, kept, read_config, unknown_codes
from ..lint.fixes import Applicability, Fix, apply, line_breaks
from ..lint.formats import FORMATS, format_statistics, printable, summary
from ..model import Digest
from ..text.layout import RawPath
from ..text.variants import NAMES_FILE, NO_NAMES, NamesFile
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
            "Given the raw folder itself, or --archive, each digest is also checked "
            "against the archive's other digests (a paper an earlier day lists, DA209; "
            "a name an earlier day writes another way, DA210, unless names.toml beside the raw "
            "folder says which names are one). "
            "Run 'digest rules' for the list of codes."
        ),
        epilog=PATHS_EPILOG,
    )
    lint.add_argument("paths", nargs="+", metavar="PATH")
    add_raw_dir(lint)
    lint.add_argument(
        "--archive",
        metavar="DIR",
        help=(
            "check each digest against the digests in this raw folder too (e.g. --archive raw for a "
            "draft or a new day); the default when a PATH is the raw folder (--raw-dir) itself"
        ),
    )
    lint.add_argument(
        "--names",
        metavar="FILE",
        type=Path,
        help=(
            "the archive's names.toml, which says which written names are one (DA210); "
            "default: names.toml beside the raw folder (--raw-dir), if there is one"
        ),
    )
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
    fixing = lint.add_mutually_exclusive_group()
    fixing.add_argument(
        "--fix",
        action="store_true",
        help=(
            "put back the line breaks a copy lost in run-together entry heads (DA113), in the files "
            "themselves, where the digest reads the same after (safe fixes); then report what is left"
        ),
    )
    fixing.add_argument(
        "--diff",
        action="store_true",
        help="print what --fix would change, as a unified diff, and change nothing (exit 1 if it would)",
    )
    lint.add_argument(
        "--unsafe-fixes",
        action="store_true",
        help="with --fix or --diff, also the fixes after which the digest would read otherwise",
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
    if args.archive is not None:
        archive = scan([args.archive], args.raw_dir)
    elif any(_is_folder(given, args.raw_dir) for given in args.paths):
        archive = paths
    else:
        archive = []
    names = NO_NAMES
    if archive:
        given = args.names is not None
        names = read_names(args.names if given else Path(args.raw_dir).parent / NAMES_FILE, required=given)
    # The digests are held until all are checked against each other, and
    # what is thrown away holds no cycles: the collector's passes would scan
    # the held ones again and again for nothing (source/performance.md).
    with collection.paused():
        diagnostics = lint_paths(paths, config, command_line, archive, names)
    if args.fix or args.diff:
        fixed = _fixed_texts(paths, diagnostics, args.unsafe_fixes)
        count = sum(n for _, _, n in fixed.values())
        if args.diff:
            out.write(_diff(paths, fixed))
            print(f"Would fix {count} error{'s' if count != 1 else ''}.", file=sys.stderr)
            return EXIT_ERRORS if fixed else EXIT_OK
        for path in paths:
            if path.name in fixed:
                _write_fixed(Path(path.name), fixed[path.name][1])
        print(f"Fixed {count} error{'s' if count != 1 else ''}.", file=sys.stderr)
        with collection.paused():
            diagnostics = lint_paths(paths, config, command_line, archive, names)
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
        fixable = sum(d.fix is not None and d.fix.applicability is Applicability.SAFE for d in diagnostics)
        if fixable:
            print(f"{fixable} fixable with the --fix option.", file=sys.stderr)
    has_errors = any(d.severity is Severity.ERROR for d in diagnostics)
    return EXIT_ERRORS if has_errors and not args.exit_zero else EXIT_OK


#: No rule chosen or left out on the command line: the configuration's choice.
NO_CHOICE = Selection()


def _is_folder(given: str, raw_dir: str) -> bool:
    """Whether the PATH ``given`` is the raw folder ``raw_dir`` itself."""
    return Path(given).resolve() == Path(raw_dir).resolve()


def lint_paths(
    paths: list[RawPath],
    config: LintConfig,
    command_line: Selection = NO_CHOICE,
    archive: Sequence[RawPath] = (),
    names: NamesFile = NO_NAMES,
) -> list[Diagnostic]:
    """The findings of the rules ``config`` and ``command_line`` choose, for each of ``paths``, in order.

    Each digest is checked against the digests of ``archive`` too (the
    archive rules, :mod:`digest_archive.lint.archive`), which are read for
    it; a file of ``paths`` is read once. Without ``archive`` those rules
    find nothing. ``names`` says which of the archive's written names are one.
    """
    chosen = set(config.chosen(command_line))
    rules = [REGISTRY[code] for code in sorted(chosen)]
    # Read one by one, unless the archive's digests are wanted: then held until all are checked.
    loaded: Iterable[Loaded] = map(load, paths)
    against = NO_ARCHIVE
    if archive:
        loaded = list(loaded)
        read = {item.path: item.digest for item in loaded}
        digests = (read[path.name] if path.name in read else load(path).digest for path in archive)
        against = Archive((digest for digest in digests if digest is not None), names)
    diagnostics = []
    for path, item in zip(paths, loaded, strict=True):
        found = item.problems
        if item.digest is not None:
            found = by_position(
                found + lint_digest(rules, item.digest) + lint_archive(rules, item.digest, against)
            )
        ignored = config.ignored_in(path.name)
        found = [d for d in found if kept(d, chosen, ignored)]
        if item.digest is not None and any(d.code in FIXED for d in found):
            found = _with_fixes(found, read_raw(Path(path.name)).decode("utf-8"), item.digest)
        diagnostics.extend(found)
    return diagnostics


#: The rules whose findings have a fix (:mod:`digest_archive.lint.fixes`).
FIXED = {"DA113"}


def _with_fixes(found: list[Diagnostic], text: str, digest: Digest) -> list[Diagnostic]:
    """``found``, each DA113 finding with the fix that puts its line's breaks back."""
    return [
        d.model_copy(update={"fix": line_breaks(text, digest, d.line)}) if d.code in FIXED else d
        for d in found
    ]


def _fixed_texts(
    paths: Sequence[RawPath], diagnostics: Sequence[Diagnostic], unsafe: bool
) -> dict[str, tuple[str, str, int]]:
    """Each file the fixes of ``diagnostics`` change: its text, its fixed text, how many findings they fix."""
    wanted = {Applicability.SAFE, Applicability.UNSAFE} if unsafe else {Applicability.SAFE}
    fixes: dict[str, list[Fix]] = {}
    for d in diagnostics:
        if d.fix is not None and d.fix.applicability in wanted:
            fixes.setdefault(d.path, []).append(d.fix)
    fixed = {}
    for path in paths:
        if path.name in fixes:
            text = read_raw(Path(path.name)).decode("utf-8")
            edits = [edit for fix in fixes[path.name] for edit in fix.edits]
            fixed[path.name] = (text, apply(text, edits), len(fixes[path.name]))
    return fixed


def _diff(paths: Sequence[RawPath], fixed: dict[str, tuple[str, str, int]]) -> str:
    """What the fixes change, as a unified diff: every character a terminal acts on escaped, line ends too."""
    lines = []
    for path in paths:
        if path.name in fixed:
            text, fixed_text, _count = fixed[path.name]
            before, after = text.splitlines(keepends=True), fixed_text.splitlines(keepends=True)
            name = printable(path.name)
            for line in difflib.unified_diff(before, after, name, name):
                lines.append(printable(line.removesuffix("\n").removesuffix("\r")) + "\n")
    return "".join(lines)


def _write_fixed(path: Path, text: str) -> None:
    """Write the fixed ``text`` over the raw file at ``path``, as its bytes were but for the breaks.

    Like :func:`~digest_archive.archive.files.read_raw`, never through a
    symbolic link that took the checked file's place since.
    """
    descriptor = os.open(path, os.O_WRONLY | os.O_TRUNC | os.O_NOFOLLOW)
    with os.fdopen(descriptor, "wb") as file:
        file.write(text.encode("utf-8"))
