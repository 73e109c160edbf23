"""The archive's Atom feeds: the newest digests, and each category's newest papers.

Pure functions from what the converter keeps of each digest (its date and
its entries' :class:`~digest_archive.render.listings.Listed`) to the bytes
of each feed, made with feedgen, whose lxml escapes every text it is given.
Nothing in a feed depends on when it is made: a feed's ``updated`` is its
newest item's date, so the same archive gives the same bytes, and a build
rewrites a feed only when a digest in it was added or changed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from feedgen.feed import FeedGenerator

from ..i18n import long_date
from ..text.characters import xml_text
from .listings import Listed
from .myst import entry_label

#: Items a feed lists at most: its newest.
FEED_LIMIT = 50


@dataclass(frozen=True)
class Day:
    """One digest as its feeds need it."""

    date: dt.date
    entries: tuple[Listed, ...]


@dataclass(frozen=True)
class Site:
    """Where the archive is published: its name, and each digest page's absolute URL."""

    title: str
    author: str
    #: The site's root (``html_baseurl``), ending in ``/``.
    base: str
    page: Callable[[dt.date], str]


def site_feed(days: Sequence[Day], site: Site, url: str) -> bytes:
    """The feed at ``url`` of the newest :data:`FEED_LIMIT` digests, newest first.

    Each item links the digest's page, and its summary lists its papers' titles.
    """
    newest = sorted(days, key=lambda day: day.date, reverse=True)[:FEED_LIMIT]
    feed = _feed(site, url, f"{site.title}: digests", newest[0].date if newest else None)
    for day in newest:
        page = site.page(day.date)
        titles = "; ".join(_text(entry.title) for entry in day.entries if entry.title.strip())
        _item(feed, page, f"Digest of {long_date(day.date)}", page, day.date, titles)
    return _bytes(feed)


def category_feeds(days: Sequence[Day], site: Site, url: Callable[[str], str]) -> dict[str, bytes]:
    """Each category's feed (at ``url(category)``) of its newest :data:`FEED_LIMIT` papers.

    Each item links its entry's anchor on its digest's page; its summary is
    the paper's one-line summary when it has one, then its authors and day.
    """
    papers: dict[str, list[tuple[dt.date, int, Listed]]] = {}
    for day in sorted(days, key=lambda day: day.date, reverse=True):
        for index, entry in enumerate(day.entries):
            listed = papers.setdefault(entry.category, []) if entry.category else None
            if listed is not None and len(listed) < FEED_LIMIT:
                listed.append((day.date, index, entry))
    feeds = {}
    for category, listed in sorted(papers.items()):
        feed = _feed(site, url(category), f"{site.title}: {_text(category)}", listed[0][0])
        for date, index, entry in listed:
            anchor = f"{site.page(date)}#{entry_label(date, index)}"
            authors = ", ".join(_text(author) for author in entry.authors)
            summary = f"{authors}. In the digest of {long_date(date)}." if authors else long_date(date)
            if entry.summary:
                summary = f"{entry.summary} {summary}"
            _item(feed, anchor, _text(entry.title) or f"Paper {index + 1}", anchor, date, summary)
        feeds[category] = _bytes(feed)
    return feeds


def _text(text: str) -> str:
    """``text`` on one line, with what XML cannot hold replaced by U+FFFD (lxml refuses it)."""
    return xml_text(" ".join(text.split()))


def _moment(date: dt.date) -> dt.datetime:
    return dt.datetime(date.year, date.month, date.day, tzinfo=dt.UTC)


def _feed(site: Site, url: str, title: str, newest: dt.date | None) -> FeedGenerator:
    feed = FeedGenerator()
    feed.id(url)
    feed.title(_text(title))
    feed.author(name=_text(site.author))
    feed.link(href=url, rel="self", type="application/atom+xml")
    feed.link(href=site.base, rel="alternate", type="text/html")
    # The newest item's day, not now: an unchanged archive gives the same bytes.
    feed.updated(_moment(newest) if newest else dt.datetime(1970, 1, 1, tzinfo=dt.UTC))
    return feed


def _item(feed: FeedGenerator, id_: str, title: str, link: str, date: dt.date, summary: str) -> None:
    item = feed.add_entry(order="append")
    item.id(id_)
    item.title(_text(title))
    item.link(href=link, rel="alternate", type="text/html")
    item.published(_moment(date))
    item.updated(_moment(date))
    if summary:
        item.summary(_text(summary))


def _bytes(feed: FeedGenerator) -> bytes:
    return bytes(feed.atom_str(pretty=True))
