"""``make bench``'s one more digest: added to an archive, and the maintainer's wait for it to be published."""

from __future__ import annotations

import datetime as dt
import re
import sys
from pathlib import Path
from typing import Any

from digest_archive.archive.files import scan, write_raw
from digest_archive.synth import START, load_templates, synthesize

from .benchrun import timed

#: Where the papers of one more digest are numbered from: past the archive's,
#: some 7.5 a digest (below 40,000 at 5,000 digests), a hundred a try apart.
EXTRA_PAPERS = 50_000
# "typeset: _build/latex/digest-archive-2017.pdf", as make latexpdf ends (each line after its time).
_TYPESET = re.compile(r"typeset: \S*digest-archive-(\d{4})\.pdf$", re.MULTILINE)
_REUSED = re.compile(r"reused \(its year did not change\): ")


def add_digest(root: Path, project: Path, seed: int, after: dt.date | None = None) -> dt.date:
    """One more digest (synth's of ``seed`` + 1) of papers of its own: its day.

    Its day is the first free one after ``after``, by default after the
    newest. Generated for its own day, its papers numbered apart from the
    archive's and from each other try's (:data:`EXTRA_PAPERS`): a paper
    with the arXiv id of one the archive lists is that paper listed again,
    and would rewrite the pages of its other days (issue 36).
    """
    days = {path.date for path in scan(["raw"], base=project) if path.date is not None}
    day = (after or max(days)) + dt.timedelta(days=1)
    while day in days:
        day += dt.timedelta(days=1)
    templates = load_templates([str(root / "raw")])
    first = EXTRA_PAPERS + 100 * seed
    ((_, text),) = synthesize(templates, 1, seed=seed + 1, start=day, labelled_from=START, first_paper=first)
    write_raw(project / "raw", day, text)
    return day


def maintainers_wait(
    root: Path, project: Path, logs: Path, generated: int, seed: int, pdf: bool
) -> dict[str, Any]:
    """What the main workflow makes a maintainer wait for, after one more digest: its commands' seconds.

    The project's own ``make html``, ``make latexpdf`` and ``make site``
    (``root``'s Makefile, run in ``project`` with this virtual environment),
    from the build already there: the workflow's restored cache. Its PDF
    volumes are made first (``make latexpdf``, timed apart), as the cache
    would hold them. The digest comes the day after the last of the
    ``generated`` digests (or the first free day after it), so that the
    volume typeset again is of a year of generated digests at every size,
    not of a year of seeds. Without ``pdf``, ``make html`` alone.
    """
    venv = Path(sys.executable).parents[1]
    # STAMP= : this environment, set up already (the project has no pyproject.toml to set it up from).
    make = ["make", "-f", str(root / "Makefile"), "-C", str(project), f"VENV={venv}", "STAMP="]
    wait: dict[str, Any] = {"with_pdf": pdf}
    if pdf:
        seconds, _ = timed([*make, "latexpdf"], project, logs / "wait-cache-latexpdf.log")
        wait["cache_latexpdf_s"] = round(seconds, 1)
    last_generated = START + dt.timedelta(days=generated - 1)
    wait["day"] = add_digest(root, project, seed, after=last_generated).isoformat()
    steps = ("html", "latexpdf", "site") if pdf else ("html",)
    for step in steps:
        log = logs / f"wait-{step}.log"
        seconds, _ = timed([*make, step], project, log)
        wait[f"{step}_s"] = round(seconds, 1)
        if step == "latexpdf":
            text = log.read_text(encoding="utf-8")
            wait["typeset"] = [int(year) for year in _TYPESET.findall(text)]
            wait["reused"] = len(_REUSED.findall(text))
    wait["s"] = round(sum(wait[f"{step}_s"] for step in steps), 1)
    return wait
