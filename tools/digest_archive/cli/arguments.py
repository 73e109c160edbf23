"""What the ``digest`` commands share: exit statuses, the raw folder's option, reading the files named."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from ..archive.files import load
from ..lint import REGISTRY, lint_path
from ..lint.formats import format_text, printable
from ..model import Digest
from ..render.credit import DEFAULT_CURATOR, DEFAULT_CURATOR_URL, Curation
from ..text.layout import RAW_DIR, RawPath, one_a_day

EXIT_OK, EXIT_ERRORS, EXIT_USAGE = 0, 1, 2

#: What every command that takes paths says of them.
PATHS_EPILOG = """\
PATH arguments may be files or directories; a directory stands for every
*.txt file below it, in sorted order, and inside the raw folder (--raw-dir)
for everything below it: only YYYY/YYYY-MM-DD.txt files belong there.
Symbolic links are reported, never followed. Paths are reported as given.
"""


def add_raw_dir(command: argparse.ArgumentParser) -> None:
    command.add_argument(
        "--raw-dir",
        default=RAW_DIR,
        metavar="DIR",
        help=f"the archive's raw folder, where files must be YYYY/YYYY-MM-DD.txt (default: {RAW_DIR})",
    )


def add_curation(command: argparse.ArgumentParser) -> None:
    """The options naming the digests' curator, as conf.py's ``digest_curator`` does for the build."""
    command.add_argument(
        "--curator",
        default=DEFAULT_CURATOR,
        metavar="NAME",
        help=f"who wrote and first published the digests, for their credit; '' for none "
        f"(default: {DEFAULT_CURATOR}, as conf.py's digest_curator)",
    )
    command.add_argument(
        "--curator-url",
        default=DEFAULT_CURATOR_URL,
        metavar="URL",
        help=f"the curator's page (default: {DEFAULT_CURATOR_URL})",
    )


def curation(args: argparse.Namespace) -> Curation:
    """The credit :func:`add_curation`'s options give."""
    return Curation(args.curator, args.curator_url)


def load_digests(paths: Sequence[RawPath]) -> tuple[list[Digest], int]:
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


def one_file_a_day(paths: Sequence[RawPath], consequence: str) -> tuple[list[RawPath], int]:
    """The files named after their day, where the layout wants them, one a day.

    The others are reported on stderr, with ``consequence`` (exit status 1):
    a file outside the raw folder too, when its name is no day (DA110 holds
    only inside it, but what it makes is a day's).
    """
    placed = [path for path in paths if path.date is not None and not lint_path(REGISTRY.values(), path)]
    days = one_a_day(placed, lambda path: path.date)
    status = EXIT_OK
    for path in paths:
        problems = [format_text([problem]).rstrip() for problem in lint_path(REGISTRY.values(), path)]
        if not problems and path.date is None:
            problems = [f"{printable(path.name)}:1:1: file name is not YYYY-MM-DD.txt (the digest's date)"]
        elif not problems and days[path.date] is not path:
            problems = [f"{printable(path.name)}:1:1: same date as {printable(days[path.date].name)}"]
        for problem in problems:
            print(f"{problem}; {consequence}", file=sys.stderr)
            status = EXIT_ERRORS
    return list(days.values()), status
