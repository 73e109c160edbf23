"""Run and time the commands ``make bench`` measures: wall clock and peak memory, as a user waits."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from collections.abc import Mapping, Sequence
from pathlib import Path


def tool(name: str) -> str:
    """A command of this virtual environment (``digest``, ``sphinx-build``)."""
    return str(Path(sys.executable).with_name(name))


def sphinx(*options: str) -> list[str]:
    """``sphinx-build`` as ``make html`` runs it, from a project's folder."""
    return [tool("sphinx-build"), "-b", "html", "-c", ".", *options, "-j", "auto", "source", "_build/html"]


def timed(
    command: list[str],
    cwd: Path,
    log: Path,
    ok: Sequence[int] = (0,),
    env: Mapping[str, str] | None = None,
) -> tuple[float, int]:
    """Wall-clock seconds of ``command``, and the peak RSS (KiB) of its largest process.

    Each line of its output goes to ``log`` after the seconds since it
    started, as the line arrived (:func:`phases` reads them back). What
    earlier commands wrote is flushed to disk first: the writeback of a full
    build (800 MB at 4,000 digests) otherwise lands on the next command's
    time, and the first of the one-more-digest tries, taken just after the
    other commit's full build, was a second slower than the rest.
    """
    log.parent.mkdir(parents=True, exist_ok=True)
    os.sync()
    # Unbuffered, so that each line arrives when it is printed, not with the next 8 KB.
    environment = {**os.environ, "PYTHONUNBUFFERED": "1", **(env or {})}
    with log.open("w", encoding="utf-8") as stream:
        start = time.perf_counter()
        process = subprocess.Popen(
            command,
            cwd=cwd,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            env=environment,
            encoding="utf-8",
            errors="replace",
        )
        assert process.stdout is not None
        for line in process.stdout:
            stream.write(f"{time.perf_counter() - start:{STAMP_WIDTH}.2f}  {line}")
        # wait4, not wait: its usage covers the process and the workers it reaped.
        _, status, usage = os.wait4(process.pid, 0)
        elapsed = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode not in ok:
        raise CommandFailed(f"bench: {' '.join(command)} failed (exit {process.returncode}); see {log}")
    return elapsed, usage.ru_maxrss


#: The width of the seconds before each line of a log.
STAMP_WIDTH = 9
#: A build's phases, in the order they come, each ended by the first line that
#: matches its pattern after the last phase's end (Sphinx's own progress
#: messages and the archive's ``digest:`` lines). A phase whose line is
#: absent (a bare build converts nothing) takes no time; its seconds go to
#: the next phase found, so that the phases always add up to the build.
PHASES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("conversion", re.compile(r"digest: \d+ raw digests")),
    ("reading", re.compile(r"looking for now-outdated files")),
    ("writing", re.compile(r"generating indices")),
    # The pages extensions add (html-collect-pages), between the indices and
    # the additional pages: the names' pages and feeds, nearly all of them.
    ("name pages", re.compile(r"writing additional pages")),
    ("publishing", re.compile(r"digest: \d+ files of papers published")),
    ("search index", re.compile(r"digest: search index of")),
)


def phases(log: Path, total: float) -> dict[str, float]:
    """The seconds of each of :data:`PHASES` in a :func:`timed` build log, and ``"rest"`` up to ``total``."""
    stamped = []
    for line in log.read_text(encoding="utf-8").splitlines():
        stamp, text = line[:STAMP_WIDTH], line[STAMP_WIDTH + 2 :]
        try:
            stamped.append((float(stamp), text))
        except ValueError:  # a line of a log that was not timed
            continue
    seconds: dict[str, float] = {}
    last, at = 0.0, 0
    for name, ends in PHASES:
        found = next((i for i in range(at, len(stamped)) if ends.search(stamped[i][1])), None)
        if found is None:
            continue
        seconds[name] = round(stamped[found][0] - last, 2)
        last, at = stamped[found][0], found + 1
    seconds["rest"] = round(total - last, 2)
    return seconds


class CommandFailed(SystemExit):
    """A measured command failed: the benchmark stops and says which, and where its log is."""
