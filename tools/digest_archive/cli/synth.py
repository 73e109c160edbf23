"""``digest synth``: generate realistic raw digests, for benchmarks and scale tests."""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path
from typing import TextIO

from ..archive.files import UsageError, write_raw
from ..synth import LABELLED_FROM, START, load_templates, synthesize
from .arguments import EXIT_OK


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
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


def _synth(args: argparse.Namespace, out: TextIO) -> int:
    if args.digests < 1:
        raise UsageError("--digests must be at least 1")
    try:
        templates = load_templates([args.templates])
    except UsageError as error:
        # Most often run outside the archive's folder, where raw/ is not.
        raise UsageError(
            f"{error}: the template digests are the archive's raw folder; run digest synth in the "
            "archive's folder, or give --templates PATH"
        ) from None
    if not any(template.digest.entries for template in templates):
        raise UsageError(f"no template digest with entries in {args.templates}")
    try:
        generated = synthesize(
            templates, args.digests, seed=args.seed, start=args.start, labelled_from=args.labelled_from
        )
    except ValueError as error:
        raise UsageError(str(error)) from error
    written = 0
    for date, text in generated:
        write_raw(args.out, date, text)
        written += 1
    out.write(f"{written} digests written in {args.out}\n")
    return EXIT_OK
