"""``digest add``: file a digest as published under the day its links give, then lint it."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path
from typing import TextIO

from ..archive.files import UsageError, read_names, scan
from ..lint import Severity
from ..lint.config import config_for
from ..lint.formats import format_text, summary
from ..text.variants import NAMES_FILE
from .arguments import EXIT_ERRORS, EXIT_OK, add_raw_dir
from .lint import lint_paths


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    add = commands.add_parser(
        "add",
        help="file a new digest as raw/YYYY/YYYY-MM-DD.txt, then lint it",
        description=_ADD_DESCRIPTION,
        epilog=_ADD_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    add.add_argument(
        "file",
        metavar="FILE",
        help="the digest as published, a UTF-8 text file; - reads it from standard input",
    )
    add_raw_dir(add)
    add.add_argument(
        "--date",
        type=_day,
        metavar="YYYY-MM-DD",
        help="the day it was published (Beijing time); needed when no Weibo post link dates it",
    )
    add.add_argument(
        "--force",
        action="store_true",
        help="with --date: file it under that day even if its links say another (lint then reports DA111)",
    )
    add.set_defaults(run=_add)


_ADD_DESCRIPTION = """\
File a digest, exactly as it was published, in the archive's raw folder:
its bytes are written unchanged (line ends, BOM and all) to
YYYY/YYYY-MM-DD.txt there, dated by its Weibo post links: the Beijing day
of the first post, the day lint's DA111 checks. Then the new file is
linted as 'digest lint' would lint it, and the findings are printed.

A digest whose links are all arXiv's has no day in them: give it with
--date. A --date the links contradict is refused, unless --force.

Nothing is written when the input is larger than a raw file may be, binary,
not UTF-8 or empty (lint's DA005, DA001-DA003), when its day is one no
digest can have (before 2009-08-14 or after tomorrow, Beijing time: DA115),
when the day's file already exists (it is never replaced), or when the raw
folder or its year's folder is a symbolic link.

Exit status: 0 when the file was written and lint found no errors; 1 when it
was written and lint found errors (fix them in the new file and run
'digest lint' on it again); 2 when nothing was written.
"""

_ADD_EPILOG = """\
examples:
  digest add ~/Downloads/digest.txt
  xclip -selection clipboard -o | digest add -     (pbpaste on macOS)
  digest add - < digest.txt
  digest add --date 2022-10-15 digest.txt           (arXiv links only)
"""


def _day(value: str) -> dt.date:
    try:
        day = dt.date.fromisoformat(value)
    except ValueError:
        day = None
    # fromisoformat also takes 20221015 and 2022-W41-6: only the file name's form is meant.
    if day is None or day.isoformat() != value:
        raise argparse.ArgumentTypeError(f"not a date written YYYY-MM-DD: {value!r}")
    return day


def _add(args: argparse.Namespace, out: TextIO) -> int:
    from ..archive.add import file_date, parse_input, read_digest, write_new

    if args.force and args.date is None:
        raise UsageError("--force goes with --date: it files the digest under that day")
    name, data = read_digest(args.file, sys.stdin.buffer)
    filing = file_date(parse_input(name, data), args.date, force=args.force)
    for note in filing.notes:
        print(f"digest: note: {note}", file=sys.stderr)
    target = write_new(args.raw_dir, filing.date, data)
    out.write(f"Wrote {target}\n")
    # Linted as 'digest lint --archive' would lint it from here, with the
    # project's configuration: a paper an earlier day lists is told too.
    archive = scan([args.raw_dir], args.raw_dir)
    names = read_names(Path(args.raw_dir).parent / NAMES_FILE)
    found = lint_paths(scan([target], args.raw_dir), config_for(Path.cwd()), archive=archive, names=names)
    out.write(format_text(found))
    print(summary(found, 1), file=sys.stderr)
    return EXIT_ERRORS if any(d.severity is Severity.ERROR for d in found) else EXIT_OK
