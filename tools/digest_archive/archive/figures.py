"""Draw the statistics page's plots below the pages folder, again only when their data changed.

The plots (:mod:`digest_archive.render.statistics`) go to
``<pages>/statistics/``, drawn (:mod:`digest_archive.render.drawings`) for
both sizes of screen (``NAME-wide.svg``, ``NAME-narrow.svg``), with ``figures.json`` saying what they show
and what their names link to; the ``{digest:statistics}`` directive reads
it. A plot whose fingerprint is the one it was drawn with, and whose files
are there, is not drawn again: drawing is most of the cost. The drawings
are made by a :data:`Drawer`: here at once (:func:`make_drawings`); the
Sphinx extension hands them to another process, so that they are drawn while
Sphinx reads (:mod:`digest_archive.sphinxext.tuning`). A drawing about to be
made again is deleted first, so that one left unmade (a process stopped) is
missing, and made at the next run.
When what the plots are made from is what they were made from last time
(the raw files' checksums, the plots' version and matplotlib's), not even
their data is summed again: over a large archive that alone takes a second.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path

from ..render.drawings import SIZES, Size, draw
from ..render.listings import Listed
from ..render.statistics import STATISTICS_VERSION, Plot, fingerprint, plots

#: The figures' folder below the pages folder.
FOLDER = "statistics"
#: The file that lists the figures, in :data:`FOLDER`.
INDEX = "figures.json"


@dataclass(frozen=True)
class Drawing:
    """A plot to draw for a size of screen, and the file it goes to."""

    plot: Plot
    size: Size
    path: Path


def make_drawings(drawings: Sequence[Drawing]) -> None:
    """Draw each of ``drawings`` into its file."""
    for drawing in drawings:
        drawing.path.write_text(draw(drawing.plot, drawing.size), encoding="utf-8")


#: What makes the drawings a run asks for: :func:`make_drawings`, or what hands it to another process.
Drawer = Callable[[Sequence[Drawing]], None]


@dataclass(frozen=True)
class Figures:
    """What :func:`write_figures` did."""

    #: Each plot's fingerprint, for the next run.
    fingerprints: dict[str, str]
    #: The files written: the drawings made (or being made), and the index when it changed.
    written: list[Path]
    #: What the plots were made from, for the next run (:func:`write_figures`'s ``made_from``).
    made_from: str


def write_figures(
    out_dir: Path,
    days: Iterable[tuple[dt.date, Sequence[Listed]]],
    drawn_with: Mapping[str, str],
    sources: str,
    made_from: str,
    before_writing: Callable[[], None],
    drawer: Drawer = make_drawings,
) -> Figures:
    """Write the plots of ``days`` (each digest's date and entries) below ``out_dir``.

    ``drawn_with`` holds each plot's fingerprint as the last run drew it,
    and ``made_from`` what the last run's plots were made from. ``sources``
    names the raw files ``days`` come from (a hash of their checksums):
    when they, the plots' version and matplotlib's are as they were, and
    every file is there, the plots are the same and are left as they are.
    Files of plots the archive no longer has are deleted.
    ``before_writing`` is called before a file is written or deleted, and
    ``drawer`` is given the drawings to make once the index is written.
    """
    folder = out_dir / FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    matplotlib = version("matplotlib")
    key = f"{STATISTICS_VERSION}\n{matplotlib}\n{sources}"
    inputs = hashlib.sha256(key.encode("utf-8")).hexdigest()
    if inputs == made_from and _all_there(folder):
        return Figures(dict(drawn_with), [], inputs)
    fingerprints: dict[str, str] = {}
    written: list[Path] = []
    drawings: list[Drawing] = []
    listed = []
    for plot in plots(days):
        files = {size: f"{plot.name}-{size}.svg" for size in SIZES}
        fingerprints[plot.name] = fingerprint(plot, matplotlib)
        stale = drawn_with.get(plot.name) != fingerprints[plot.name]
        drawings += [
            Drawing(plot, size, folder / file)
            for size, file in files.items()
            if stale or not (folder / file).is_file()
        ]
        # What each link is read as: its series' label, the name or the category as shown.
        links = [
            None if link is None else [*link, label]
            for link, (label, _values) in zip(plot.links, plot.series, strict=True)
        ]
        # The fingerprint changes the index whenever a drawing changes: the page reads the index.
        listed.append(
            {
                "name": plot.name,
                "title": plot.title,
                "alt": plot.alt,
                "links": links,
                "fingerprint": fingerprints[plot.name],
                **files,
            }
        )
    if drawings:
        before_writing()
        for drawing in drawings:
            drawing.path.unlink(missing_ok=True)
    index = json.dumps(listed, ensure_ascii=False, indent=1) + "\n"
    path = folder / INDEX
    if not path.is_file() or path.read_text(encoding="utf-8") != index:
        before_writing()
        path.write_text(index, encoding="utf-8")
        written.append(path)
    keep = {INDEX, *(figure[size] for figure in listed for size in SIZES)}
    for stray in folder.iterdir():
        if stray.name not in keep and stray.is_file():
            before_writing()
            stray.unlink()
    if drawings:
        drawer(drawings)
    return Figures(fingerprints, [*(drawing.path for drawing in drawings), *written], inputs)


def _all_there(folder: Path) -> bool:
    """Whether the index of the figures and every drawing it lists are in ``folder``."""
    try:
        listed = json.loads((folder / INDEX).read_text(encoding="utf-8"))
        return all((folder / figure[size]).is_file() for figure in listed for size in SIZES)
    except (OSError, ValueError, TypeError, KeyError):
        return False
