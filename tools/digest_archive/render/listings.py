"""The archive's listing pages: its index, and each year's page (the root of that year's PDF).

Pure functions of each digest's :class:`Listing`; none of these pages grows
with the number of digests but the year pages, one year each.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import groupby

from ..i18n import N_, _, count, month_name
from ..model import Digest, Entry
from .contract import DOWNLOADS_CLASS
from .digest import one_line_summary
from .myst import PAPER_FILES, escape, page_path, year_data, year_papers


@dataclass(frozen=True)
class Listing:
    """What the index pages say of one digest."""

    date: dt.date
    entries: int
    first_title: str


#: Characters of an entry's one-line summary that :class:`Listed` keeps: the
#: converter's manifest holds it for every entry, and a feed shows it.
SUMMARY_LIMIT = 200


@dataclass(frozen=True)
class Listed:
    """An entry as the author, affiliation and category pages, the statistics and the feeds list it."""

    title: str
    category: str
    authors: tuple[str, ...]
    affiliations: tuple[str, ...]
    highlighted: bool
    #: Its one-line summary, cut to :data:`SUMMARY_LIMIT` characters; empty without one.
    summary: str = ""


def listed(entry: Entry) -> Listed:
    return Listed(
        " ".join(entry.title.split()),
        entry.category,
        tuple(entry.authors),
        tuple(entry.affiliations),
        entry.highlighted,
        _cut(one_line_summary(entry), SUMMARY_LIMIT),
    )


def _cut(text: str, limit: int) -> str:
    """``text`` of at most ``limit`` characters, an ellipsis marking a cut."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def listing(digest: Digest) -> Listing:
    if digest.date is None:
        raise ValueError(f"{digest.source}: a digest needs a date to be listed")
    first = digest.entries[0].title if digest.entries else ""
    return Listing(digest.date, len(digest.entries), first)


# Listings repeat the digests' titles; kept out of search (Sphinx's
# ``nosearch`` metadata), a query lands on the digest itself.
_LISTING_FRONT_MATTER = ["---", "nosearch: true", "---", ""]


#: How many of the newest digests the archive's index lists.
LATEST = 10


def render_archive_index(listings: Sequence[Listing]) -> str:
    """The archive's index: the newest digests, then every year with its counts.

    Its length grows with the years, not the digests: each year's page
    lists that year's digests, and a page that listed them all would be
    read and written again by every new digest.
    """
    ordered = sorted(listings, key=lambda item: item.date, reverse=True)
    years = [(year, list(items)) for year, items in groupby(ordered, key=lambda item: item.date.year)]
    papers = count(sum(item.entries for item in ordered), "paper")
    title, latest, by_year = _("Archive"), _("Latest"), _("By year")
    out = [
        *_LISTING_FRONT_MATTER,
        f"# {title}",
        "",
        _("{digests}, {papers}.").format(digests=count(len(ordered), "digest"), papers=papers),
        "",
        "```{toctree}",
        ":hidden:",
        "",
        *(f"{year}/index" for year, _items in years),
        "```",
        "",
    ]
    if ordered:
        out += [f"## {latest}", ""]
        out += [_listing_line(item, f"{page_path(item.date)}.md") for item in ordered[:LATEST]]
        out += ["", f"## {by_year}", ""]
    for year, items in years:
        papers = count(sum(item.entries for item in items), "paper")
        counts = _("{digests}, {papers}").format(digests=count(len(items), "digest"), papers=papers)
        out.append(f"- [{year}]({year}/index.md): {counts}")
    out.append("")
    return "\n".join(out)


def render_year_index(year: int, listings: Sequence[Listing]) -> str:
    """A year's page: its volume, its digests by month, newest first; and the root of the year's PDF.

    Each month has an anchor (:func:`month_anchor`), which the sidebar's
    months link to. The PDF (``make latexpdf``) is a volume a year: its root is this page,
    whose digests become its chapters through a toctree for LaTeX only. In
    HTML, resolving it would copy every digest's table of contents, and the
    page lists them itself.
    """
    ordered = sorted(
        (item for item in listings if item.date.year == year),
        key=lambda item: item.date,
        reverse=True,
    )
    out = [*_LISTING_FRONT_MATTER, f"# {year}", "", "````{only} html"]
    out += [_("{digests}, newest first.").format(digests=count(len(ordered), "digest")), ""]
    out += [f"```{{digest:volume}} {year}", "```", ""]
    files = [*(year_papers(year, suffix) for suffix in PAPER_FILES), year_data(year)]
    line = _("The year's papers as BibTeX or RIS, its digests as gzipped JSON Lines, one a line: {files}")
    out += [
        f"```{{container}} {DOWNLOADS_CLASS}",
        line.format(files=" · ".join(f"{{digest:download}}`{file}`" for file in files)),
        "```",
        "",
    ]
    for month, grouped in groupby(ordered, key=lambda item: item.date.month):
        items = list(grouped)
        out += [f"({month_anchor(f'{year:04d}-{month:02d}')})=", f"**{month_name(month)}**", ""]
        out += _calendar(year, month, {item.date.day for item in items})
        out += [_listing_line(item, f"{item.date.isoformat()}.md") for item in items]
        out.append("")
    # No :maxdepth:, which would also cap the PDF's table of contents.
    out += ["````", "", "````{only} latex", "```{toctree}", ":titlesonly:", ""]
    out += [item.date.isoformat() for item in reversed(ordered)]
    out += ["```", "````", ""]
    return "\n".join(out)


#: The class of a year page's month calendars.
CALENDAR_CLASS = "digest-calendar"
#: The calendar's weekdays, Monday first, as English messages (``"Mo"`` → ``"一"``).
WEEKDAYS = (N_("Mo"), N_("Tu"), N_("We"), N_("Th"), N_("Fr"), N_("Sa"), N_("Su"))


def month_anchor(month: str) -> str:
    """The anchor of a month (``2020-12``) on its year's page: ``month-2020-12``."""
    return f"month-{month}"


def _calendar(year: int, month: int, days: set[int]) -> list[str]:
    """The month as a table of weeks, Monday first; each day with a digest links it."""

    def cell(day: int) -> str:
        if day == 0:
            return " "
        date = dt.date(year, month, day).isoformat()
        return f"[{day}]({date}.md)" if day in days else str(day)

    weeks = calendar.Calendar(firstweekday=calendar.MONDAY).monthdayscalendar(year, month)
    weekdays = tuple(_(day) for day in WEEKDAYS)
    rule = tuple("---" for _day in weekdays)
    rows = [weekdays, rule, *(tuple(cell(day) for day in week) for week in weeks)]
    return [f"```{{container}} {CALENDAR_CLASS}", *(f"| {' | '.join(row)} |" for row in rows), "```", ""]


def _listing_line(item: Listing, target: str) -> str:
    papers = count(item.entries, "paper")
    if item.first_title:
        papers = _("{papers}: {title}, …").format(papers=papers, title=escape(item.first_title))
    return f"- [{item.date.isoformat()}]({target}) {papers}"
