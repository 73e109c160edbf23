"""Run and time the commands ``make bench`` measures: wall clock and peak memory, as a user waits."""

from __future__ import annotations

import os
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

    What earlier commands wrote is flushed to disk first: the writeback of
    a full build (800 MB at 4,000 digests) otherwise lands on the next
    command's time, and the first of the one-more-digest tries, taken just
    after the other commit's full build, was a second slower than the rest.
    """
    log.parent.mkdir(parents=True, exist_ok=True)
    os.sync()
    with log.open("w", encoding="utf-8") as stream:
        start = time.perf_counter()
        process = subprocess.Popen(
            command, cwd=cwd, stdout=stream, stderr=subprocess.STDOUT, env={**os.environ, **(env or {})}
        )
        # wait4, not wait: its usage covers the process and the workers it reaped.
        _, status, usage = os.wait4(process.pid, 0)
        elapsed = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode not in ok:
        raise CommandFailed(f"bench: {' '.join(command)} failed (exit {process.returncode}); see {log}")
    return elapsed, usage.ru_maxrss


class CommandFailed(SystemExit):
    """A measured command failed: the benchmark stops and says which, and where its log is."""
