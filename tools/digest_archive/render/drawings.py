"""The statistics page's plots drawn as SVG by matplotlib, for a size of screen.

:func:`draw` draws a :class:`~.statistics.Plot` for a wide or a narrow
screen (:data:`CANVASES`), one unit a CSS pixel. One drawing serves furo's
light and dark schemes: its text and rules are in the page's own text colour
(``currentColor``), its colours legible on either background. A month
without a digest is a gap in its shapes, not a fall to zero.
Every label is a digest's text: it is set as plain text (matplotlib's
mathtext off), without control characters, and shortened. A name's text and
bars link to the placeholder of its index in :attr:`~.statistics.Plot.links`
(matplotlib's ``set_url``).
"""

from __future__ import annotations

import io
import math
import re
import unicodedata
import warnings
import xml.etree.ElementTree as ET
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from ..i18n import _, month_of_year, short_month
from .statistics import Plot, placeholder

#: Months up to which each has a tick: beyond, a month is a few pixels wide on a phone,
#: and its ticks made a third of the drawing.
MINOR_TICKS = 48
#: A label longer than this is shortened with an ellipsis, in columns (a wide character counts two).
LABEL = 48

_SVG_NS = "http://www.w3.org/2000/svg"

Size = Literal["wide", "narrow"]
SIZES: tuple[Size, ...] = ("wide", "narrow")


@dataclass(frozen=True)
class Canvas:
    """What a drawing for one size of screen is drawn on, in CSS pixels (matplotlib's points)."""

    #: The drawing's width, which the page shows at most at this width.
    width: float
    #: The size of every text of the drawing: at least 10 px as shown, the drawing
    #: shown at no less than ``10 / font`` of its width (the stylesheet's rule).
    font: float
    #: A label's length at most, in columns.
    label: int
    #: Legend columns at most.
    columns: int


#: A wide drawing for a desktop's text column, a narrow one for a phone's.
CANVASES: Mapping[Size, Canvas] = {
    "wide": Canvas(width=720, font=12, label=LABEL, columns=3),
    "narrow": Canvas(width=360, font=12, label=36, columns=1),
}


#: Colours told apart with colour blindness (Okabe and Ito), legible on light and dark.
_PALETTE = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#999999")
#: Text and rules are drawn in this colour, which no other part of a drawing has, and
#: then set to ``currentColor``: the page's text colour in either scheme, so that one
#: drawing serves both (drawing each twice was most of what one more digest cost).
_INK = "#1f2328"
#: Latin text in DejaVu Sans, matplotlib's own; Chinese in Noto Sans CJK (Debian's
#: fonts-noto-cjk), which matplotlib falls back to for the glyphs DejaVu lacks. The text
#: stays text: these measure it, the reader's fonts (these first, if present) draw it.
_FONTS = ["DejaVu Sans", "Noto Sans CJK SC"]


def draw(plot: Plot, size: Size = "wide") -> str:
    """``plot`` as an SVG document for a ``size`` of screen.

    Transparent behind, its text and rules in ``currentColor``; one unit of
    the drawing is one CSS pixel, so that a text of :attr:`Canvas.font`
    units is that many pixels high shown at its width.
    """
    import matplotlib
    from matplotlib.figure import Figure

    ink, canvas = _INK, CANVASES[size]
    settings = {
        # A label is a digest's text: "$...$" must not be read as mathtext.
        "text.parse_math": False,
        # Text stays text (searchable, small, drawn by the reader's fonts); a fixed salt
        # and no date keep files reproducible, a salt of each drawing keeps the ids of
        # drawings shown on one page apart.
        "svg.fonttype": "none",
        "svg.hashsalt": f"digest-archive-{plot.name}-{size}",
        "font.family": [*_FONTS, "sans-serif"],
        "font.sans-serif": _FONTS,
        "font.size": canvas.font,
        "text.color": ink,
        "axes.labelcolor": ink,
        "axes.edgecolor": ink,
        "xtick.color": ink,
        "ytick.color": ink,
        "axes.spines.top": False,
        "axes.spines.right": False,
        "legend.frameon": False,
    }
    monthly = plot.name in ("categories", "highlighted")
    if monthly:
        legend_rows = math.ceil(len(plot.series) / canvas.columns) if plot.name == "categories" else 0
        height = canvas.width * 0.5 + 1.6 * canvas.font * legend_rows + 60
    else:
        legend_rows = math.ceil(len(plot.axis) / (canvas.columns * 2)) if len(plot.axis) > 1 else 0
        height = (3.6 * canvas.font) * max(len(plot.series), 1) + 1.6 * canvas.font * legend_rows + 70
    # rc_context restores matplotlib's settings; Figure needs no pyplot nor backend.
    with matplotlib.rc_context(settings), warnings.catch_warnings():
        # Names in scripts neither font has are set by the reader's fonts (the text stays text).
        warnings.filterwarnings("ignore", message="Glyph .* missing from font")
        # Points as pixels: 72 units an inch. Constrained layout keeps that size, texts inside.
        figure = Figure(figsize=(canvas.width / 72, height / 72), layout="constrained")
        axes = figure.add_subplot()
        axes.set_facecolor("none")
        if monthly:
            _monthly(figure, axes, plot, canvas)
        else:
            _yearly(figure, axes, plot, canvas)
        out = io.StringIO()
        figure.savefig(out, format="svg", metadata={"Date": None}, transparent=True)
    return _finished(out.getvalue())


#: A coordinate of a shape, as matplotlib writes it (6 decimals). Tried only
#: where a number starts, and never backtracking into its digits: linear on a
#: line of digits too, where each start would otherwise rescan the rest.
_COORDINATE = re.compile(r"(?<![\d.])\d++\.\d++")


def _finished(svg: str) -> str:
    """``svg`` with its shapes' coordinates to a tenth of a pixel, its ink the page's text colour.

    The drawings are shown inline, two of a plot in the page: matplotlib's six
    decimals made the monthly plots' shapes a third longer, and the eye cannot
    tell a tenth of a pixel. Only matplotlib's own attributes are rewritten (the
    shapes' ``d``, the elements' ``style``), the document parsed, so that no
    text a digest gave is.
    """
    ET.register_namespace("", _SVG_NS)
    ET.register_namespace("xlink", "http://www.w3.org/1999/xlink")
    root = ET.fromstring(svg)
    for path in root.iter(f"{{{_SVG_NS}}}path"):
        path.set(
            "d",
            _COORDINATE.sub(
                lambda number: f"{float(number.group()):.1f}".removesuffix(".0"), path.get("d", "")
            ),
        )
    for element in root.iter():
        style = element.get("style")
        if style is not None and _INK in style:
            element.set("style", style.replace(_INK, "currentColor"))
    return ET.tostring(root, encoding="unicode", xml_declaration=True)


def _monthly(figure: Any, axes: Any, plot: Plot, canvas: Canvas) -> None:
    """Stacked steps, month by month, a month without a digest left blank; years named below."""
    import numpy as np

    positions = np.arange(len(plot.axis))
    # Steps, not bars: one shape a series however many months (bars made a shape a month,
    # and files that grew with the archive's months; source/performance.md).
    if plot.name == "highlighted":
        (_s, shares), (_p, papers) = plot.series
        edges, heights = _blocks(shares)
        axes.fill_between(edges, heights, color=_PALETTE[4], linewidth=0)
        # A month with papers and none marked shows as a dot on the axis.
        months = [index for index in positions if papers[index] > 0]
        axes.plot(
            months, [shares[index] for index in months], "o", color=_PALETTE[4], markersize=4, clip_on=False
        )
        axes.set_ylabel(_("Share of the month's papers (%)"))
        axes.set_ylim(0, 100)
    else:
        below = np.zeros(len(plot.axis))
        for index, (_label_text, values) in enumerate(plot.series):
            above = below + np.array(values)
            colour = _PALETTE[index % len(_PALETTE)]
            edges, bottoms = _blocks(below)
            axes.fill_between(edges, bottoms, _blocks(above)[1], color=colour, linewidth=0)
            below = above
        axes.set_ylabel(_("papers"))
        handles = [_patch(_PALETTE[index % len(_PALETTE)]) for index in range(len(plot.series))]
        legend = figure.legend(
            handles,
            [_label(label, canvas.label) for label, _v in plot.series],
            loc="outside upper left",
            ncols=min(canvas.columns, 2),
            handlelength=1.2,
        )
        for text, link in zip(legend.get_texts(), _urls(plot), strict=True):
            text.set_url(link)
    axes.set_xlim(-0.5, len(plot.axis) - 0.5)
    axes.yaxis.get_major_locator().set_params(integer=True)
    _month_ticks(figure, axes, plot.axis, canvas)


def _blocks(values: Sequence[float]) -> tuple[Any, Any]:
    """Each month's value as a flat step as wide as the month: edges and heights for ``fill_between``.

    A month without a digest (NaN) breaks the shape: a gap, not a fall to nothing,
    and a month between two gaps still shows as its own block.
    """
    import numpy as np

    heights = np.repeat(np.asarray(values, dtype=float), 2)
    edges = np.repeat(np.arange(len(values), dtype=float), 2) + np.tile([-0.5, 0.5], len(values))
    return edges, heights


def _patch(colour: str) -> Any:
    """A legend's square of ``colour``."""
    from matplotlib.patches import Patch

    return Patch(color=colour, linewidth=0)


def _month_ticks(figure: Any, axes: Any, axis: tuple[str, ...], canvas: Canvas) -> None:
    """Each month named over a year or less, else each January by its year; no two labels overlap.

    Labels are tried in order of worth (Januaries first, then the first month,
    then the others) and one that would overlap a label kept is left blank.
    """
    if len(axis) <= 12:
        ticks = list(range(len(axis)))
        labels = [f"{short_month(int(month[5:]))}\n{month[:4]}" for month in axis]
        order = ticks
    else:
        januaries = [index for index, month in enumerate(axis) if month.endswith("-01")]
        ticks = sorted({0, *januaries})
        labels = [
            axis[index][:4]
            if index in januaries
            else month_of_year(int(axis[index][:4]), int(axis[index][5:]))
            for index in ticks
        ]
        order = sorted(range(len(ticks)), key=lambda at: (ticks[at] not in januaries, ticks[at]))
        if len(axis) <= MINOR_TICKS:
            axes.set_xticks(range(len(axis)), minor=True)
    axes.set_xticks(ticks, labels)
    figure.draw_without_rendering()
    boxes = [label.get_window_extent() for label in axes.get_xticklabels()]
    # A text's height between two labels at least, so that they read apart (extents are in
    # the figure's pixels, at its dpi, a unit being a point).
    space = canvas.font * figure.dpi / 72
    kept: list[int] = []
    for at in order:
        box = boxes[at]
        if all(box.x1 + space < boxes[other].x0 or boxes[other].x1 + space < box.x0 for other in kept):
            kept.append(at)
    axes.set_xticks(ticks, [label if at in kept else "" for at, label in enumerate(labels)])


def _urls(plot: Plot) -> list[str | None]:
    """Each series' link, as the drawing holds it (:func:`placeholder`)."""
    return [None if link is None else placeholder(index) for index, link in enumerate(plot.links)]


#: The part of viridis (dark purple to yellow) that stands out from both schemes'
#: backgrounds: beyond 0.85 it fades into white, below 0.3 into furo's dark grey.
_YEARS = (0.3, 0.85)


def _yearly(figure: Any, axes: Any, plot: Plot, canvas: Canvas) -> None:
    """Horizontal bars, the most frequent name on top, its name above its bar, split by year in viridis."""
    from matplotlib import colormaps

    names = [_label(label, canvas.label) for label, _v in plot.series]
    if not names:
        axes.set_axis_off()
        return
    low, high = _YEARS
    steps = max(len(plot.axis) - 1, 1)
    urls = _urls(plot)
    rows = range(len(names))
    left = [0.0] * len(names)
    for index, year in enumerate(plot.axis):
        values = [values[index] for _l, values in plot.series]
        colour = colormaps["viridis"](low + (high - low) * index / steps)
        bars = axes.barh(rows, values, left=left, color=colour, label=year, height=0.5)
        for bar, url, value in zip(bars, urls, values, strict=True):
            if value:
                bar.set_url(url)
        left = [before + value for before, value in zip(left, values, strict=True)]
    # Each name above its bar, the bar's length after it: a long name keeps the width
    # of the plot for the bars, on a phone too.
    for row, (name, url, total) in enumerate(zip(names, urls, left, strict=True)):
        axes.text(0, row - 0.32, name, va="bottom", ha="left", url=url)
        axes.annotate(
            f"{total:,.0f}",
            (total, row),
            xytext=(0.4 * canvas.font, 0),
            textcoords="offset points",
            va="center",
        )
    axes.set_yticks([])
    axes.spines["left"].set_visible(False)
    axes.set_ylim(len(names) - 0.5, -1.1)
    axes.set_xlim(0, max(left) * 1.12)
    axes.set_xlabel(_("papers"))
    axes.xaxis.get_major_locator().set_params(integer=True)
    if len(plot.axis) > 1:
        figure.legend(
            loc="outside upper left", ncols=min(len(plot.axis), canvas.columns * 2), handlelength=1.2
        )


def _label(text: str, columns: int = LABEL) -> str:
    """A digest's name as a plot label: printable characters only, on one line, at most ``columns`` wide."""
    printable = (char for char in text if char.isspace() or not unicodedata.category(char).startswith("C"))
    clean = " ".join("".join(printable).split())
    widths = [2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in clean]
    if sum(widths) <= columns:
        return clean
    used, end = 1, 0
    while used + widths[end] <= columns:
        used += widths[end]
        end += 1
    return clean[:end].rstrip() + "…"
