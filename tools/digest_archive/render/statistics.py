"""The statistics page's plots: what the archive's papers add up to, in data and in words.

:func:`plots` sums the entries of every digest into a few bounded series
(the most frequent categories month by month, over the last
:data:`MONTHS`; the most frequent authors and affiliations year by year,
over every year); :mod:`.drawings` draws them. A plot's :func:`fingerprint`
changes only with what it shows, so a drawing is made again only when its
data changed. A month without a digest counts NaN, drawn as a gap.

Every word of a plot is a message of the interface's language, translated
when the plot is made (:mod:`digest_archive.i18n`). A name a plot shows
links to its page: the drawing holds the placeholder :func:`placeholder` of
its index in :attr:`Plot.links`, which the Sphinx extension resolves
relative to the page that shows it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import heapq
import json
import math
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from itertools import chain

from ..i18n import _, active_language, count, month_of_year
from ..text.categories import CATEGORY_NAMES, full_codes
from .listings import Listed

#: Bump with any change to what a plot shows or how it is drawn (:mod:`.drawings`), so that
#: every drawing is made again (matplotlib's version counts too).
#: ``tests/sphinxext/test_cache_versions.py`` records it.
STATISTICS_VERSION = 4

#: How many categories a month's bar shows apart; the rest are "other".
CATEGORIES = 7
#: How many months, the newest, the plots drawn month by month show: drawing
#: every month, the page grew with the archive, to 378 KB at 4,000 digests (11 years).
MONTHS = 60
#: How many authors, and affiliations, their plots show.
TOP = 10


@dataclass(frozen=True)
class Plot:
    """One plot of the statistics page: what it shows, in data and in words."""

    #: The drawing's file stem (``categories``).
    name: str
    #: What the plot shows, as its caption says.
    title: str
    #: The same in words, for readers who do not see it.
    alt: str
    #: What it is drawn from: months or years, and a series of counts per label.
    axis: tuple[str, ...]
    #: A month without a digest counts NaN: drawn as a gap, not as nothing.
    series: tuple[tuple[str, tuple[float, ...]], ...]
    #: What each series links to, as (kind, name) of the ``digest`` domain, or None.
    links: tuple[tuple[str, str] | None, ...]


def placeholder(index: int) -> str:
    """The link a drawing holds for ``links[index]``, until the page that shows it resolves it."""
    return f"#digest-link-{index}"


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
    papers = [months.get(month) for month in span]
    # Month by month, the last MONTHS; the names year by year, every year.
    recent, recent_papers = axis[-MONTHS:], papers[-MONTHS:]
    return [
        _categories(recent, recent_papers),
        _highlighted(recent, recent_papers),
        _top("authors", "author", axis, papers, lambda entry: entry.authors),
        _top("affiliations", "affiliation", axis, papers, lambda entry: entry.affiliations),
    ]


def fingerprint(plot: Plot, version: str) -> str:
    """A hash of everything the drawing of ``plot`` depends on; ``version`` is matplotlib's."""
    data = [
        STATISTICS_VERSION,
        version,
        active_language(),
        plot.name,
        plot.title,
        plot.axis,
        # NaN is no JSON: a month without a digest is null.
        [(label, [None if math.isnan(v) else v for v in values]) for label, values in plot.series],
        plot.links,
    ]
    return hashlib.sha256(json.dumps(data, ensure_ascii=False).encode("utf-8")).hexdigest()


def _month_name(month: str) -> str:
    return month_of_year(int(month[:4]), int(month[5:]))


def _listing(items: Iterable[str]) -> str:
    """Items one after another, as the language separates them (``a, b``; ``a、b``)."""
    return _(", ").join(items)


def _categories(axis: tuple[str, ...], papers: list[list[Listed] | None]) -> Plot:
    totals = Counter(entry.category for entries in papers for entry in entries or ())
    ranked = [category for category, _n in sorted(totals.items(), key=lambda item: (-item[1], item[0]))]
    shown, rest = ranked[:CATEGORIES], set(ranked[CATEGORIES:])

    def monthly(counted: Callable[[Listed], bool]) -> tuple[float, ...]:
        return tuple(math.nan if month is None else float(sum(map(counted, month))) for month in papers)

    series = [(_category_name(code), monthly(lambda e, code=code: e.category == code)) for code in shown]
    links: list[tuple[str, str] | None] = [("category", code) if code else None for code in shown]
    if rest:
        series.append((_("Other categories"), monthly(lambda e: e.category in rest)))
        links.append(None)
    fields = {
        "first": _month_name(axis[0]),
        "last": _month_name(axis[-1]),
        "papers": count(totals.total(), "paper"),
        "categories": _listing(
            _("{name} {count}").format(name=_category_name(code), count=f"{totals[code]:,}") for code in shown
        ),
    }
    if rest:
        alt = _(
            "Stacked areas, month by month from {first} to {last}: {papers} in all, by category: "
            "{categories}, and {others} in other categories."
        ).format(others=f"{sum(totals[category] for category in rest):,}", **fields)
    else:
        alt = _(
            "Stacked areas, month by month from {first} to {last}: {papers} in all, by category: "
            "{categories}."
        ).format(**fields)
    gaps = sum(month is None for month in papers)
    if gaps:
        alt += " " + _("Months without a digest ({count}) are left blank.").format(count=gaps)
    title = _("Papers a month, by arXiv category")
    return Plot("categories", title, alt, axis, tuple(series), tuple(links))


def _category_name(code: str) -> str:
    if not code:
        return _("No category")
    codes = full_codes(code)
    return f"{CATEGORY_NAMES[codes[0]]} ({code})" if codes else code


def _highlighted(axis: tuple[str, ...], papers: list[list[Listed] | None]) -> Plot:
    shares = tuple(
        math.nan if not entries else 100 * sum(entry.highlighted for entry in entries) / len(entries)
        for entries in papers
    )
    marked = sum(entry.highlighted for entries in papers for entry in entries or ())
    total = sum(len(entries or ()) for entries in papers)
    fields = {
        "first": _month_name(axis[0]),
        "last": _month_name(axis[-1]),
        "marked": f"{marked:,}",
        "papers": count(total, "paper"),
    }
    if marked:
        peak = max((index for index in range(len(axis)) if papers[index]), key=lambda index: shares[index])
        alt = _(
            "Areas, month by month from {first} to {last}: {marked} of {papers} marked as especially "
            "worth reading; most in {month}, {share} %."
        ).format(month=_month_name(axis[peak]), share=f"{shares[peak]:.0f}", **fields)
    else:
        alt = _(
            "Areas, month by month from {first} to {last}: {marked} of {papers} marked as especially "
            "worth reading."
        ).format(**fields)
    totals = tuple(math.nan if entries is None else float(len(entries)) for entries in papers)
    title = _("Share of papers marked as especially worth reading")
    return Plot("highlighted", title, alt, axis, (("%", shares), ("papers", totals)), (None, None))


def _top(
    name: str,
    noun: str,
    axis: tuple[str, ...],
    papers: list[list[Listed] | None],
    names: Callable[[Listed], Iterable[str]],
) -> Plot:
    """The ``TOP`` most frequent names, with their papers year by year."""
    years = tuple(sorted({month[:4] for month in axis}))
    named: dict[str, list[str]] = {year: [] for year in years}
    for month, entries in zip(axis, papers, strict=True):
        for entry in entries or ():
            # A name once a paper, however often the paper writes it.
            named[month[:4]] += dict.fromkeys(names(entry))
    # Counted from lists, not a paper at a time: a tenth of the time at 4,000 digests.
    by_year = {year: Counter(listed) for year, listed in named.items()}
    totals = Counter(chain.from_iterable(named.values()))
    top = heapq.nsmallest(TOP, totals.items(), key=lambda item: (-item[1], item[0]))
    series = tuple((label, tuple(float(by_year[year][label]) for year in years)) for label, _n in top)

    def described(label: str, total: int) -> str:
        if len(years) == 1:
            return _("{name} {count}").format(name=label, count=f"{total:,}")
        split = _listing(
            _("{year}: {count}").format(year=year, count=by_year[year][label])
            for year in years
            if by_year[year][label]
        )
        return _("{name} {count} ({years})").format(name=label, count=f"{total:,}", years=split)

    listed = _listing(described(label, total) for label, total in top)
    if noun == "author":
        title = _("The most frequent authors, papers a year")
        alt = (
            _(
                "Horizontal bars, one for each of the {count} most frequent authors, in papers, "
                "split by year: {names}."
            ).format(count=len(top), names=listed)
            if top
            else _("No author is named yet.")
        )
    else:
        title = _("The most frequent affiliations, papers a year")
        alt = (
            _(
                "Horizontal bars, one for each of the {count} most frequent affiliations, in papers, "
                "split by year: {names}."
            ).format(count=len(top), names=listed)
            if top
            else _("No affiliation is named yet.")
        )
    return Plot(name, title, alt, years, series, tuple((noun, label) for label, _n in top))
