"""Render digests as MyST Markdown pages.

Everything here is a pure function from models to text, and deterministic:
the same digest gives the same bytes.

Raw text is data. Every ASCII punctuation character of it is backslash-escaped
(CommonMark lets any of them be escaped, and an escaped one is always literal),
so no digest can open a directive, a role, a fence, an HTML block, a link, a
target, math or a comment; links are built only from ``http(s)`` URLs the
parser extracted, percent-encoded into the link destination.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import groupby

from .cite import bibtex_entry, citation_keys
from .model import Digest, Entry, Section
from .text import urls

#: The fields of an entry its ``{digest:paper}`` directive carries (see domain.py).
CARD_FIELDS = frozenset(
    {
        "number",
        "section",
        "category",
        "highlighted",
        "title",
        "authors",
        "authors_truncated",
        "affiliations",
        "year",
        "line",
    }
)

#: The class of the links between neighbouring digests. Search leaves them
#: out: they name other days, and a new digest would change its neighbour's text.
NEIGHBOURS_CLASS = "digest-neighbours"

_PUNCTUATION = re.compile(r"([!-/:-@\[-`{-~])")

MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def escape(text: str) -> str:
    """Make ``text`` literal in MyST: one line, every ASCII punctuation escaped."""
    return _PUNCTUATION.sub(r"\\\1", " ".join(text.split()))


def link(url: str, text: str | None = None) -> str:
    """A Markdown link to an ``http(s)`` URL; any other URL stays plain text."""
    label = escape(text if text is not None else url)
    if not urls.is_http(url):
        return label
    return f"[{label}](<{urls.encode(url)}>)"


def page_path(date: dt.date) -> str:
    """A digest page's path below the pages folder, without suffix."""
    return f"{date.year}/{date.isoformat()}"


def entry_label(date: dt.date, entry_index: int) -> str:
    """The target label of an entry: stable for as long as the digest is."""
    return f"digest-{date.isoformat()}-{entry_index + 1}"


@dataclass(frozen=True)
class Neighbours:
    """The digests before and after a page's, for its previous/next links."""

    previous: dt.date | None = None
    next: dt.date | None = None


@dataclass(frozen=True)
class Listing:
    """What the index pages say of one digest."""

    date: dt.date
    entries: int
    first_title: str


def listing(digest: Digest) -> Listing:
    if digest.date is None:
        raise ValueError(f"{digest.source}: a digest needs a date to be listed")
    first = digest.entries[0].title if digest.entries else ""
    return Listing(digest.date, len(digest.entries), first)


# --- the digest page -----------------------------------------------------------


def render_digest(
    digest: Digest, neighbours: Neighbours = Neighbours(), keys: Sequence[str] | None = None
) -> str:
    """The MyST page of one digest.

    ``keys`` are the entries' citation keys, in order; they depend on the
    whole archive (see :func:`~digest_archive.cite.citation_keys`), and
    default to the keys this digest would have on its own.
    """
    if digest.date is None:
        raise ValueError(f"{digest.source}: a digest needs a date to be rendered")
    date = digest.date
    out: list[str] = [
        "---",
        "orphan: true",
        "---",
        "",
        f"(digest-{date.isoformat()})=",
        f"# {_long_date(date)}",
        "",
    ]
    out += _navigation(neighbours)
    out += _preamble(digest)
    if keys is None:
        own = citation_keys([digest])
        keys = [own[date, position] for position in range(len(digest.entries))]
    legend = {item.code: item.name for item in digest.legend}
    more_heading_done = False
    for index, entry in enumerate(digest.entries):
        if entry.section is Section.MORE and not more_heading_done:
            out += [f"## {escape(digest.more_heading or '另外几篇值得关注的论文:')}", ""]
            more_heading_done = True
        out += _entry(digest, index, entry, keys[index], legend)
    if digest.more_heading is not None and not more_heading_done:
        # A heading with no shorter entry after it is still the digest's text.
        out += [f"## {escape(digest.more_heading)}", ""]
    if digest.footer:
        out += ["---", "", escape(digest.footer), ""]
    out += _unparsed(digest)
    out += [f"Raw digest: {escape(digest.source)}", ""]
    return "\n".join(out)


def _long_date(date: dt.date) -> str:
    return f"{date.day} {MONTHS[date.month - 1]} {date.year}"


def _navigation(neighbours: Neighbours) -> list[str]:
    parts = []
    if neighbours.previous:
        parts.append(f"← previous: [{neighbours.previous.isoformat()}]({_relative(neighbours.previous)})")
    if neighbours.next:
        parts.append(f"next: [{neighbours.next.isoformat()}]({_relative(neighbours.next)}) →")
    if not parts:
        return []
    # Links between pages are for the web; the PDF reads straight through.
    return ["````{only} html", f"```{{container}} {NEIGHBOURS_CLASS}", " · ".join(parts), "```", "````", ""]


def _relative(date: dt.date) -> str:
    """A digest page's path relative to another digest page."""
    return f"../{page_path(date)}.md"


def _preamble(digest: Digest) -> list[str]:
    out = []
    if digest.legend or digest.highlight_note:
        legend = "  ".join(f"{item.code} - {item.name}" for item in digest.legend)
        if digest.highlight_note:
            legend = f"{legend} {digest.highlight_note}".strip()
        out += [escape(legend), ""]
    if digest.via:
        out += [escape(digest.via), ""]
    if digest.overview_zh:
        out += [escape(f"摘要:{digest.overview_zh}"), ""]
    return out


def _entry(digest: Digest, index: int, entry: Entry, key: str, legend: dict[str, str]) -> list[str]:
    assert digest.date is not None
    number = f"{entry.number}\\. " if entry.number is not None else ""
    heading = "##" if entry.section is Section.FEATURED else "###"
    out = [
        f"({entry_label(digest.date, index)})=",
        f"{heading} {number}{escape(entry.title) or '(untitled)'}",
        "",
    ]
    if entry.title_zh:
        out += [escape(entry.title_zh), ""]
    out += _card(entry, key, legend.get(entry.category, ""), bibtex_entry(digest, entry, key))
    for text in (entry.summary_zh, entry.abstract_en):
        for paragraph in _paragraphs(text):
            out += [escape(paragraph), ""]
    if entry.links:
        out += ["Links: " + " · ".join(link(url) for url in entry.links), ""]
    if entry.figures:
        out += ["Figures: " + escape(" ".join(entry.figures)), ""]
    return out


def _card(entry: Entry, key: str, category_name: str, bibtex: str) -> list[str]:
    """The ``{digest:paper}`` directive: the entry's fields and BibTeX as one line of JSON.

    JSON keeps the values data: the directive turns each into a text node,
    and an ASCII-only line starting with ``{`` can neither close the fence
    nor be read as directive options.
    """
    payload = {
        "entry": entry.model_dump(mode="json", include=CARD_FIELDS),
        "category_name": category_name,
        "bibtex": bibtex,
    }
    body = json.dumps(payload, ensure_ascii=True, sort_keys=True, separators=(",", ":"))
    return [f"```{{digest:paper}} {key}", body, "```", ""]


def _paragraphs(text: str | None) -> Iterable[str]:
    if not text:
        return ()
    return (paragraph for paragraph in text.split("\n\n") if paragraph.strip())


def _unparsed(digest: Digest) -> list[str]:
    if not digest.unparsed:
        return []
    out = [
        "```{admonition} Lines the parser could not place",
        ":class: warning",
        "",
        "`digest lint` reports these lines (DA101); they are shown here as written.",
        "",
    ]
    for line in digest.unparsed:
        out += [f"Line {line.line}: {escape(line.text)}", ""]
    out += ["```", ""]
    return out


# --- index pages -------------------------------------------------------------------


#: The book page's document name below the pages folder, and its label.
BOOK = "book"
BOOK_LABEL = "digest-book"

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
    out = [
        *_LISTING_FRONT_MATTER,
        "# Archive",
        "",
        f"{_count(len(ordered), 'digest')}, {_count(sum(item.entries for item in ordered), 'paper')}.",
        "",
        "```{toctree}",
        ":hidden:",
        "",
        *(f"{year}/index" for year, _ in years),
        "```",
        "",
    ]
    if ordered:
        out += ["## Latest", ""]
        out += [_listing_line(item, f"{page_path(item.date)}.md") for item in ordered[:LATEST]]
        out += ["", "## By year", ""]
    for year, items in years:
        papers = _count(sum(item.entries for item in items), "paper")
        out.append(f"- [{year}]({year}/index.md): {_count(len(items), 'digest')}, {papers}")
    out.append("")
    return "\n".join(out)


def render_year_index(year: int, listings: Sequence[Listing]) -> str:
    """A year's page: its digests by month, newest first."""
    ordered = sorted(
        (item for item in listings if item.date.year == year),
        key=lambda item: item.date,
        reverse=True,
    )
    out = [*_LISTING_FRONT_MATTER, f"# {year}", "", f"{_count(len(ordered), 'digest')}, newest first.", ""]
    for month, items in groupby(ordered, key=lambda item: item.date.month):
        out += [f"## {MONTHS[month - 1]}", ""]
        out += [_listing_line(item, f"{item.date.isoformat()}.md") for item in items]
        out.append("")
    return "\n".join(out)


def render_book(listings: Sequence[Listing]) -> str:
    """Every digest, oldest first, in one toctree per year: the PDF's root.

    The LaTeX builder makes each year a part, each digest a chapter and each
    entry a section. The toctrees are for LaTeX only: in HTML, resolving
    them (a copy of every digest's table of contents) took half a second of
    every build at a thousand digests, and a list of every digest a third
    of a second to parse. The HTML page links each year's page instead.
    """
    ordered = sorted(listings, key=lambda item: item.date)
    out = [
        "---",
        "orphan: true",
        "nosearch: true",
        "---",
        "",
        f"({BOOK_LABEL})=",
        "# All digests",
        "",
        "Every digest of the archive, oldest first: the contents of the PDF edition.",
        "",
    ]
    for year, items in groupby(ordered, key=lambda item: item.date.year):
        days = [item.date for item in items]
        # No :maxdepth:, which would also cap the PDF's table of contents.
        out += [f"## {year}", "", "````{only} latex", "```{toctree}", ":titlesonly:", ""]
        out += [page_path(day) for day in days]
        out += ["```", "````", "", "```{only} html", f"[The digests of {year}]({year}/index.md)", "```", ""]
    return "\n".join(out)


def _listing_line(item: Listing, target: str) -> str:
    title = f": {escape(item.first_title)}, …" if item.first_title else ""
    return f"- [{item.date.isoformat()}]({target}) ({_count(item.entries, 'paper')}){title}"


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'s' if number != 1 else ''}"
