"""The statistics page's plots: what the archive's papers add up to, and their SVG drawings.

:func:`plots` sums the entries of every digest into a few bounded series
(the most frequent categories, authors and affiliations, month by month or
year by year); :func:`draw` draws one as SVG with matplotlib, for furo's
light or dark scheme. A plot's :func:`fingerprint` changes only with what
it shows, so a drawing is made again only when its data changed.

Every label is a digest's text: it is set as plain text (matplotlib's
mathtext off), without control characters, and shortened.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import unicodedata
import warnings
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from ..i18n import count, month_of_year, short_month
from ..text.categories import CATEGORY_NAMES, full_codes
from .listings import Listed

#: Bump with any change to what a plot shows or how it is drawn, so that
#: every drawing is made again (matplotlib's version counts too).
#: ``tests/sphinxext/test_cache_versions.py`` records it.
STATISTICS_VERSION = 1

#: How many categories a month's bar shows apart; the rest are "other".
CATEGORIES = 7
#: How many authors, and affiliations, their plots show.
TOP = 10
#: A label longer than this is shortened with an ellipsis.
LABEL = 48

Scheme = Literal["light", "dark"]
SCHEMES: tuple[Scheme, ...] = ("light", "dark")


@dataclass(frozen=True)
class Plot:
    """One plot of the statistics page: what it shows, in data and in words."""

    #: The drawing's file stem (``categories``).
    name: str
    #: What the plot shows, as its caption says.
    title: str
    #: The same in words, for readers who do not see it (the image's ``alt``).
    alt: str
    #: What it is drawn from: months or years, and a series of counts per label.
    axis: tuple[str, ...]
    series: tuple[tuple[str, tuple[float, ...]], ...]


def plots(days: Iterable[tuple[dt.date, Sequence[Listed]]]) -> list[Plot]:
    """The page's plots, from each digest's date and entries; none for an empty archive."""
    # Months as their number since the year 0: walked as integers, named as YYYY-MM.
    months: dict[int, list[Listed]] = {}
    for date, entries in days:
        months.setdefault(date.year * 12 + date.month - 1, []).extend(entries)
    if not months:
        return []
    span = range(min(months), max(months) + 1)
    axis = tuple(f"{month // 12:04d}-{month % 12 + 1:02d}" for month in span)
    papers = [months.get(month, []) for month in span]
    return [
        _categories(axis, papers),
        _highlighted(axis, papers),
        _top("authors", "author", axis, papers, lambda entry: entry.authors),
        _top("affiliations", "affiliation", axis, papers, lambda entry: entry.affiliations),
    ]


def fingerprint(plot: Plot, version: str) -> str:
    """A hash of everything the drawing of ``plot`` depends on; ``version`` is matplotlib's."""
    data = [STATISTICS_VERSION, version, plot.name, plot.title, plot.axis, plot.series]
    return hashlib.sha256(json.dumps(data, ensure_ascii=False).encode("utf-8")).hexdigest()


def _month_name(month: str) -> str:
    return month_of_year(int(month[:4]), int(month[5:]))


def _categories(axis: tuple[str, ...], papers: list[list[Listed]]) -> Plot:
    totals = Counter(entry.category for entries in papers for entry in entries)
    ranked = [category for category, _ in sorted(totals.items(), key=lambda item: (-item[1], item[0]))]
    shown, rest = ranked[:CATEGORIES], set(ranked[CATEGORIES:])
    series = [
        (_category_name(code), tuple(float(sum(e.category == code for e in month)) for month in papers))
        for code in shown
    ]
    if rest:
        others = tuple(float(sum(e.category in rest for e in month)) for month in papers)
        series.append(("Other categories", others))
    described = ", ".join(f"{_category_name(category)} {totals[category]:,}" for category in shown)
    alt = (
        f"Stacked areas, month by month from {_month_name(axis[0])} to {_month_name(axis[-1])}: "
        f"{count(totals.total(), 'paper')} in all, by category: {described}"
        + (f", and {sum(totals[category] for category in rest):,} in other categories." if rest else ".")
    )
    return Plot("categories", "Papers a month, by arXiv category", alt, axis, tuple(series))


def _category_name(code: str) -> str:
    if not code:
        return "No category"
    codes = full_codes(code)
    return f"{CATEGORY_NAMES[codes[0]]} ({code})" if codes else code


def _highlighted(axis: tuple[str, ...], papers: list[list[Listed]]) -> Plot:
    shares = tuple(
        100 * sum(entry.highlighted for entry in entries) / len(entries) if entries else 0.0
        for entries in papers
    )
    marked = sum(entry.highlighted for entries in papers for entry in entries)
    total = sum(len(entries) for entries in papers)
    peak = max(range(len(axis)), key=lambda index: shares[index])
    alt = (
        f"Areas, month by month from {_month_name(axis[0])} to {_month_name(axis[-1])}: "
        f"{marked:,} of {count(total, 'paper')} marked as especially worth reading"
        + (f"; most in {_month_name(axis[peak])}, {shares[peak]:.0f} %." if marked else ".")
    )
    totals = tuple(float(len(entries)) for entries in papers)
    title = "Share of papers marked as especially worth reading"
    return Plot("highlighted", title, alt, axis, (("%", shares), ("papers", totals)))


def _top(
    name: str,
    noun: str,
    axis: tuple[str, ...],
    papers: list[list[Listed]],
    names: Callable[[Listed], Iterable[str]],
) -> Plot:
    """The ``TOP`` most frequent names, with their papers year by year."""
    years = tuple(sorted({month[:4] for month in axis}))
    by_year: dict[str, Counter[str]] = {year: Counter() for year in years}
    for month, entries in zip(axis, papers, strict=True):
        for entry in entries:
            by_year[month[:4]].update(dict.fromkeys(names(entry), 1))
    totals = sum(by_year.values(), Counter[str]())
    top = sorted(totals.items(), key=lambda item: (-item[1], item[0]))[:TOP]
    series = tuple((label, tuple(float(by_year[year][label]) for year in years)) for label, _ in top)
    described = "; ".join(
        f"{label} {total:,}"
        + (
            f" ({', '.join(f'{year}: {by_year[year][label]}' for year in years if by_year[year][label])})"
            if len(years) > 1
            else ""
        )
        for label, total in top
    )
    alt = (
        f"Horizontal bars, one for each of the {len(top)} most frequent {name}, in papers, "
        f"split by year: {described}."
        if top
        else f"No {noun} is named yet."
    )
    title = f"The most frequent {name}, papers a year"
    return Plot(name, title, alt, years, series)


# --- Drawing -------------------------------------------------------------------

#: Colours told apart with colour blindness (Okabe and Ito), legible on light and dark.
_PALETTE = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#999999")
#: Text and rules: furo's foreground in each scheme; the background stays the page's.
_INK: Mapping[Scheme, str] = {"light": "#1f2328", "dark": "#d0d0d0"}


def draw(plot: Plot, scheme: Scheme) -> str:
    """``plot`` as an SVG document for the ``scheme`` of the page, transparent behind."""
    import matplotlib
    from matplotlib.figure import Figure

    ink = _INK[scheme]
    settings = {
        # A label is a digest's text: "$...$" must not be read as mathtext.
        "text.parse_math": False,
        # Text stays text (searchable, small); a fixed salt and no date keep files reproducible.
        "svg.fonttype": "none",
        "svg.hashsalt": "digest-archive",
        "font.size": 9,
        "text.color": ink,
        "axes.labelcolor": ink,
        "axes.edgecolor": ink,
        "xtick.color": ink,
        "ytick.color": ink,
        "axes.spines.top": False,
        "axes.spines.right": False,
        "legend.frameon": False,
    }
    # rc_context restores matplotlib's settings; Figure needs no pyplot nor backend.
    with matplotlib.rc_context(settings), warnings.catch_warnings():
        # Names in scripts DejaVu Sans lacks are set by the reader's fonts (the text stays text).
        warnings.filterwarnings("ignore", message="Glyph .* missing from font")
        figure = Figure(figsize=(8, 4.5 if plot.name in ("categories", "highlighted") else 5))
        axes = figure.add_subplot()
        axes.set_facecolor("none")
        if plot.name in ("categories", "highlighted"):
            _monthly(axes, plot)
        else:
            _yearly(axes, plot, scheme)
        out = io.StringIO()
        figure.savefig(out, format="svg", metadata={"Date": None}, transparent=True, bbox_inches="tight")
    return out.getvalue()


def _monthly(axes: Any, plot: Plot) -> None:
    """Stacked areas, month by month: each month named over a year or less, else each January."""
    positions = range(len(plot.axis))
    # Steps, not bars: one shape a series however many months (bars made a shape a month,
    # and files that grew with the archive's months; source/performance.md).
    if plot.name == "highlighted":
        (_, shares), (_, papers) = plot.series
        axes.fill_between(positions, shares, color=_PALETTE[4], linewidth=0)
        # A month with papers and none marked shows as a dot on the axis, one without papers as nothing.
        months = [index for index in positions if papers[index]]
        axes.plot(months, [shares[index] for index in months], "o", color=_PALETTE[4], markersize=3)
    else:
        colours = [_PALETTE[index % len(_PALETTE)] for index in range(len(plot.series))]
        values = [values for _, values in plot.series]
        axes.stackplot(positions, *values, colors=colours, linewidth=0)
    if len(plot.axis) <= 12:
        ticks = list(positions)
        labels = [f"{short_month(int(month[5:]))}\n{month[:4]}" for month in plot.axis]
    else:
        ticks = [0, *(index for index, month in enumerate(plot.axis) if month.endswith("-01") and index > 1)]
        labels = [month_of_year(int(plot.axis[0][:4]), int(plot.axis[0][5:]))]
        labels += [plot.axis[index][:4] for index in ticks[1:]]
        axes.set_xticks(positions, minor=True)
    axes.set_xticks(ticks, labels)
    axes.set_xlim(-0.6, len(plot.axis) - 0.4)
    axes.yaxis.get_major_locator().set_params(integer=True)
    if plot.name == "highlighted":
        axes.set_ylabel("% of the month's papers")
        axes.set_ylim(0, 100)
    else:
        axes.set_ylabel("papers")
        axes.legend(
            [_label(label) for label, _ in plot.series],
            loc="lower left",
            bbox_to_anchor=(0.0, 1.02),
            ncols=2,
        )


#: The part of viridis (dark purple to yellow) that stands out from each scheme's background.
_YEARS: Mapping[Scheme, tuple[float, float]] = {"light": (0.0, 0.85), "dark": (0.3, 1.0)}


def _yearly(axes: Any, plot: Plot, scheme: Scheme) -> None:
    """Horizontal bars, the most frequent name on top, split by year in viridis, time's colours."""
    from matplotlib import colormaps

    names = [_label(label) for label, _ in plot.series]
    if not names:
        axes.set_axis_off()
        return
    low, high = _YEARS[scheme]
    steps = max(len(plot.axis) - 1, 1)
    left = [0.0] * len(names)
    for index, year in enumerate(plot.axis):
        values = [values[index] for _, values in plot.series]
        colour = colormaps["viridis"](low + (high - low) * index / steps)
        axes.barh(range(len(names)), values, left=left, color=colour, label=year, height=0.7)
        left = [before + value for before, value in zip(left, values, strict=True)]
    axes.set_yticks(range(len(names)), names)
    axes.invert_yaxis()
    axes.set_xlabel("papers")
    axes.xaxis.get_major_locator().set_params(integer=True)
    if len(plot.axis) > 1:
        axes.legend(loc="lower right")


def _label(text: str) -> str:
    """A digest's name as a plot label: printable characters only, on one line, shortened."""
    printable = (char for char in text if char.isspace() or not unicodedata.category(char).startswith("C"))
    clean = " ".join("".join(printable).split())
    return clean if len(clean) <= LABEL else clean[: LABEL - 1].rstrip() + "…"
