"""The archive's Atom feeds: the newest papers, the newest ★ papers, and each category's and name's.

Pure functions to the bytes of each feed, made with feedgen, whose lxml
escapes every text it is given. The site's feed and the ★ feed give one
item per paper (as papers.cool and Hugging Face's daily papers do): its
Chinese title, its Chinese summary, its English abstract and its arXiv
link, made from the parsed entries (:class:`Paper`) of the few newest
digests they need (:func:`days_to_read`). A category's feed is made from
what the converter keeps of every digest (its entries'
:class:`~digest_archive.render.listings.Listed`), as its papers may reach
far back. Nothing in a feed depends on when it is made: a feed's
``updated`` is its newest item's date, so the same archive gives the same
bytes, and a build rewrites a feed only when a digest in it was added or
changed. Its words are in the interface's language, and say so
(``xml:lang``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from feedgen.entry import FeedEntry
from feedgen.ext.base import BaseEntryExtension
from feedgen.feed import FeedGenerator
from feedgen.util import xml_elem
from lxml.etree import _Element

from ..i18n import _, active_language, html_lang, long_date
from ..model import Entry
from ..text.characters import xml_text
from .arxiv import code_url, first_arxiv
from .digest import one_line_summary
from .escaping import escape
from .listings import Listed
from .myst import entry_label
from .profiles import Profile

#: Items a feed lists at most: its newest.
FEED_LIMIT = 50


@dataclass(frozen=True)
class Day:
    """One digest as its category feeds, and the choice of digests to read, need it."""

    date: dt.date
    entries: tuple[Listed, ...]


@dataclass(frozen=True)
class Paper:
    """One entry of a digest as the site's feed and the ★ feed show it."""

    date: dt.date
    #: Its place in its digest (0 for the first), which names its anchor.
    index: int
    title: str
    #: Its Chinese title; empty without one.
    title_zh: str
    #: Its one-line Chinese summary, else its whole Chinese summary; empty without either.
    summary: str
    #: Its English abstract, a paragraph an item; empty without one.
    abstract: tuple[str, ...]
    #: Its arXiv abstract page; empty when it has no arXiv link.
    arxiv: str
    highlighted: bool
    authors: tuple[str, ...]
    #: Its code or model (:func:`~.arxiv.code_url`); empty when it gives none.
    code: str = ""


def papers(date: dt.date, entries: Sequence[Entry]) -> list[Paper]:
    """The papers of a digest of ``date`` whose entries are ``entries``, in their order."""
    found = []
    for index, entry in enumerate(entries):
        arxiv = first_arxiv(entry)
        found.append(
            Paper(
                date,
                index,
                " ".join(entry.title.split()),
                " ".join((entry.title_zh or "").split()),
                one_line_summary(entry) or " ".join((entry.summary_zh or "").split()),
                tuple(_paragraphs(entry.abstract_en or "")),
                f"https://arxiv.org/abs/{arxiv.id}" if arxiv is not None else "",
                entry.highlighted,
                tuple(entry.authors),
                code_url(entry) or "",
            )
        )
    return found


def days_to_read(days: Sequence[Day]) -> list[dt.date]:
    """The days whose papers the site's feed and the ★ feed list, newest first.

    The newest days until they hold :data:`FEED_LIMIT` papers, and the
    newest days with a ★ paper until they hold :data:`FEED_LIMIT` of them:
    a build reads again only these digests, however large the archive.
    """
    chosen = []
    count = starred = 0
    for day in sorted(days, key=lambda day: day.date, reverse=True):
        if count >= FEED_LIMIT and starred >= FEED_LIMIT:
            break
        stars = sum(entry.highlighted for entry in day.entries)
        if count < FEED_LIMIT or (stars and starred < FEED_LIMIT):
            chosen.append(day.date)
        count += len(day.entries)
        starred += stars
    return chosen


@dataclass(frozen=True)
class Site:
    """Where the archive is published: its name, and each digest page's absolute URL."""

    title: str
    author: str
    #: The site's root (``html_baseurl``), ending in ``/``.
    base: str
    page: Callable[[dt.date], str]
    #: Whose digests these are (``digest_curator``), their page, and the terms they are kept under.
    curator: str = ""
    curator_url: str = ""
    terms: str = ""


def site_feed(found: Iterable[Paper], site: Site, url: str) -> bytes:
    """The feed at ``url`` of the newest :data:`FEED_LIMIT` papers, newest digest first."""
    return _paper_feed(
        found,
        site,
        url,
        _("{site}: papers").format(site=site.title),
        _("The newest papers of the daily arXiv digests: Chinese summaries, English abstracts, arXiv links."),
    )


def highlighted_feed(found: Iterable[Paper], site: Site, url: str) -> bytes:
    """The feed at ``url`` of the newest :data:`FEED_LIMIT` papers the digests mark ★."""
    return _paper_feed(
        (paper for paper in found if paper.highlighted),
        site,
        url,
        _("{site}: ★ papers").format(site=site.title),
        _("The papers the digests mark ★ as especially worth reading, newest first."),
    )


def _paper_feed(found: Iterable[Paper], site: Site, url: str, title: str, subtitle: str) -> bytes:
    newest = sorted(found, key=lambda paper: (-paper.date.toordinal(), paper.index))[:FEED_LIMIT]
    feed = _feed(site, url, title, subtitle, newest[0].date if newest else None)
    for paper in newest:
        anchor = f"{site.page(paper.date)}#{entry_label(paper.date, paper.index)}"
        title = paper.title_zh or paper.title or _("Paper {number}").format(number=paper.index + 1)
        item = _item(feed, site, anchor, title, anchor, paper.date, paper.summary)
        related = [url for url in (paper.arxiv, paper.code) if url]
        if related:
            item.register_extension("related", _Related, atom=True, rss=False)
            item.related.hrefs = related
        item.content(_content(paper, anchor), type="html")
    return _bytes(feed)


class _Related(BaseEntryExtension):  # type: ignore[misc]
    """An item's ``<link rel="related">`` (its arXiv page, its code): feedgen 1.0 writes an item's links
    with their ``href`` alone."""

    def __init__(self) -> None:
        self.hrefs: list[str] = []

    def extend_atom(self, entry: _Element) -> _Element:
        for href in self.hrefs:
            xml_elem("link", entry, href=href, rel="related", type="text/html")
        return entry


def _content(paper: Paper, anchor: str) -> str:
    """The HTML of a paper's item, every text and address escaped: a feed reader shows it as a page."""

    def paragraph(text: str, lang: str) -> str:
        return f'<p lang="{escape(lang)}">{escape(_text(text), attribute=False)}</p>'

    out = []
    if paper.title_zh and paper.title:
        out.append(paragraph(paper.title, "en"))
    if paper.authors:
        out.append(f"<p>{escape(_text(', '.join(paper.authors)), attribute=False)}</p>")
    if paper.summary:
        out.append(paragraph(paper.summary, "zh-Hans"))
    out += [paragraph(text, "en") for text in paper.abstract]
    links = []
    if paper.arxiv:
        links.append(f'<a href="{escape(paper.arxiv)}">{escape(paper.arxiv, attribute=False)}</a>')
    if paper.code:
        code = _("Code")
        links.append(f'<a href="{escape(paper.code)}">{escape(code, attribute=False)}</a>')
    shown = _("Read it in the digest of {date}").format(date=long_date(paper.date))
    links.append(f'<a href="{escape(anchor)}">{escape(shown, attribute=False)}</a>')
    out.append(f"<p>{' · '.join(links)}</p>")
    return "\n".join(out)


def category_feeds(days: Sequence[Day], site: Site, url: Callable[[str], str]) -> dict[str, bytes]:
    """Each category's feed (at ``url(category)``) of its newest :data:`FEED_LIMIT` papers.

    Each item links its entry's anchor on its digest's page; its summary is
    the paper's one-line summary when it has one, then its authors and day.
    """
    listed: dict[str, list[tuple[dt.date, int, Listed]]] = {}
    for day in sorted(days, key=lambda day: day.date, reverse=True):
        for index, entry in enumerate(day.entries):
            found = listed.setdefault(entry.category, []) if entry.category else None
            if found is not None and len(found) < FEED_LIMIT:
                found.append((day.date, index, entry))
    feeds = {}
    for category, found in sorted(listed.items()):
        shown = _text(category)
        feed = _feed(
            site,
            url(category),
            _("{site}: {category}").format(site=site.title, category=shown),
            _("The newest papers in the category {category}.").format(category=shown),
            found[0][0],
        )
        for date, index, entry in found:
            anchor = f"{site.page(date)}#{entry_label(date, index)}"
            authors = ", ".join(_text(author) for author in entry.authors)
            if authors:
                summary = _("{authors}. In the digest of {date}.").format(
                    authors=authors, date=long_date(date)
                )
            else:
                summary = _("In the digest of {date}.").format(date=long_date(date))
            if entry.summary:
                summary = f"{entry.summary} {summary}"
            title = _text(entry.title) or _("Paper {number}").format(number=index + 1)
            _item(feed, site, anchor, title, anchor, date, summary)
        feeds[category] = _bytes(feed)
    return feeds


def name_feed(profile: Profile, site: Site, url: str) -> bytes:
    """The feed at ``url`` of an author's or an affiliation's newest :data:`FEED_LIMIT` papers.

    Each item links its entry on its digest's page; its summary is the
    paper's authors and day.
    """
    newest = profile.papers[:FEED_LIMIT]
    shown = _text(profile.name)
    feed = _feed(
        site,
        url,
        _("{site}: {name}").format(site=site.title, name=shown),
        _("The newest papers of {name}.").format(name=shown),
        newest[0].date if newest else None,
    )
    for paper in newest:
        anchor = f"{site.page(paper.date)}#{paper.key}"
        authors = ", ".join(_text(author) for author in paper.authors)
        if authors:
            summary = _("{authors}. In the digest of {date}.").format(
                authors=authors, date=long_date(paper.date)
            )
        else:
            summary = _("In the digest of {date}.").format(date=long_date(paper.date))
        _item(
            feed, site, anchor, _text(paper.title_zh or paper.title) or paper.key, anchor, paper.date, summary
        )
    return _bytes(feed)


def _paragraphs(text: str) -> Iterable[str]:
    """The paragraphs of ``text`` (separated by a blank line), each on one line."""
    return (" ".join(part.split()) for part in text.split("\n\n") if part.strip())


def _text(text: str) -> str:
    """``text`` on one line, with what XML cannot hold replaced by U+FFFD (lxml refuses it)."""
    return xml_text(" ".join(text.split()))


def _moment(date: dt.date) -> dt.datetime:
    return dt.datetime(date.year, date.month, date.day, tzinfo=dt.UTC)


def _feed(site: Site, url: str, title: str, subtitle: str, newest: dt.date | None) -> FeedGenerator:
    feed = FeedGenerator()
    feed.id(url)
    feed.title(_text(title))
    feed.subtitle(_text(subtitle))
    feed.author(name=_text(site.author))
    if site.curator:
        rights = _("Digests by {curator}, first published on Weibo, kept here with credit: {terms}")
        feed.rights(_text(rights.format(curator=site.curator, terms=site.terms or site.base)))
    feed.language(html_lang(active_language()))
    feed.link(href=url, rel="self", type="application/atom+xml")
    feed.link(href=site.base, rel="alternate", type="text/html")
    # The newest item's day, not now: an unchanged archive gives the same bytes.
    feed.updated(_moment(newest) if newest else dt.datetime(1970, 1, 1, tzinfo=dt.UTC))
    return feed


def _item(
    feed: FeedGenerator, site: Site, id_: str, title: str, link: str, date: dt.date, summary: str
) -> FeedEntry:
    item = feed.add_entry(order="append")
    item.id(id_)
    item.title(_text(title))
    item.link(href=link, rel="alternate", type="text/html")
    item.published(_moment(date))
    item.updated(_moment(date))
    if summary:
        item.summary(_text(summary))
    # The entry is the curator's writing: its author, and where it was first published.
    if site.curator:
        item.author(name=_text(site.curator), **({"uri": site.curator_url} if site.curator_url else {}))
        if site.curator_url:
            item.source(
                url=site.curator_url, title=_text(_("{curator} on Weibo").format(curator=site.curator))
            )
    return item


def _bytes(feed: FeedGenerator) -> bytes:
    return bytes(feed.atom_str(pretty=True))
