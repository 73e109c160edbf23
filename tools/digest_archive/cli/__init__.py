"""The ``digest`` command: add, lint, export and convert raw digests; print the schema and the rules.

Each command is a module of its own here, which registers its parser
(``register``). ``digest lint`` runs on every commit (pre-commit) and in
every CI run, so only what linting needs is imported when the command
starts; the BibTeX writer and the page renderer are imported by the
commands that use them.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from .. import __version__
from ..archive.files import UsageError
from ..lint.config import ConfigError
from ..lint.formats import printable
from . import add, convert, export, lint, rules, synth
from .arguments import EXIT_OK, EXIT_USAGE, PATHS_EPILOG

#: The commands, in the order ``digest --help`` lists them.
COMMANDS = (lint, export, convert, synth, rules, add)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="digest",
        description="Check and convert raw arXiv paper digests for the digest archive.",
        epilog=PATHS_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for command in COMMANDS:
        command.register(commands)
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
