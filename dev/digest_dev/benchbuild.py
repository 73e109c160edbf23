"""``make bench``'s full builds: the archive's and the bare one's in turn, their phases, the parts' floors."""

from __future__ import annotations

import shutil
import statistics
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from .benchrun import phases, sphinx, timed

#: Full builds from scratch of each, the archive's and the bare project's,
#: taken in turn: a single build on this machine can be off by 3 x, and what
#: slows it for a while slows both.
ROUNDS = 3
#: The parts of the archive a bare Sphinx project has no counterpart for,
#: each with its phase of the build (:data:`.benchrun.PHASES`) and the files
#: it publishes (folders of the HTML output).
PARTS: dict[str, tuple[str, tuple[str, ...]]] = {
    "name_pages": ("name pages", ("digests/authors", "digests/affiliations")),
    "search_index": ("search index", ("_search",)),
}


def full_and_bare(archive: Path, bare: Path, logs: Path) -> dict[str, list[dict[str, Any]]]:
    """:data:`ROUNDS` full builds of ``archive`` and of ``bare``, in turn: each one's seconds, peak, phases.

    Each round starts from nothing, as ``make clean html`` does: no
    ``_build``, no converted pages. The archive's last build stays, for what
    is measured next.
    """
    runs: dict[str, list[dict[str, Any]]] = {"archive": [], "bare": []}
    for round_ in range(1, ROUNDS + 1):
        for name, project, options in (("archive", archive, ("-n",)), ("bare", bare, ())):
            shutil.rmtree(project / "_build", ignore_errors=True)
            shutil.rmtree(project / "source/digests", ignore_errors=True)
            log = logs / f"{'full' if name == 'archive' else 'bare'}-build-{round_}.log"
            seconds, peak_kb = timed(sphinx(*options), project, log)
            runs[name].append(
                {"s": round(seconds, 2), "peak_rss_mb": round(peak_kb / 1024), "phases": phases(log, seconds)}
            )
    return runs


def median_phases(runs: Sequence[dict[str, Any]]) -> dict[str, float]:
    """Each phase's median seconds over ``runs`` (a phase absent from a run counts 0 there)."""
    names = dict.fromkeys(name for run in runs for name in run["phases"])
    return {name: round(statistics.median(run["phases"].get(name, 0.0) for run in runs), 2) for name in names}


def parts(site: Path, phase_seconds: dict[str, float]) -> dict[str, dict[str, Any]]:
    """Each of :data:`PARTS`: its own seconds in the build, its files, and its floor.

    The floor is what writing the part's bytes costs, the same files with
    the same bytes in a fresh folder beside ``site``, without Sphinx or
    templates: no build of the part can be quicker.
    """
    measured = {}
    for name, (phase, folders) in PARTS.items():
        files = [path for folder in folders for path in (site / folder).rglob("*") if path.is_file()]
        measured[name] = {
            "s": phase_seconds.get(phase, 0.0),
            "files": len(files),
            "bytes": sum(path.stat().st_size for path in files),
            "write_floor_s": _write_floor(site, files),
        }
    return measured


def _write_floor(site: Path, files: Sequence[Path]) -> float:
    """Seconds to write ``files`` (under ``site``) again, read beforehand, into a fresh folder."""
    contents = [(path.relative_to(site), path.read_bytes()) for path in files]
    folders = sorted({relative.parent for relative, _ in contents})
    with tempfile.TemporaryDirectory(dir=site.parent) as fresh:
        start = time.perf_counter()
        for folder in folders:
            (Path(fresh) / folder).mkdir(parents=True, exist_ok=True)
        for relative, data in contents:
            (Path(fresh) / relative).write_bytes(data)
        return round(time.perf_counter() - start, 2)
