"""The archive's Atom feeds, written from the converter's data at the end of an HTML build, and linked.

``feeds/digests.atom`` lists the newest papers, ``feeds/highlighted.atom``
the newest papers marked ★, ``feeds/category/<CAT>.atom`` each category's
newest papers (:mod:`digest_archive.render.feeds`), named as the category's
pages are (:func:`~digest_archive.render.categories.category_stem`). They are
made from what the conversion knows of every digest (the
``digest-converted`` event), never from the pages; the site's feed and the
★ feed from the few newest digests, parsed again from their raw files as
the build ends. A feed file is written only when its bytes change.

Every page links the site's feed in its head, and a category's page its
own. The pages a reader subscribes from show a link to their feeds under
their title, "Subscribe (Atom)": the home page (the site's feed and the ★
feed) and each category's page. Feeds need absolute addresses: without
``html_baseurl`` none is written (:mod:`.sharing`), and no page links one;
those an earlier build wrote are removed.
"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.builders.html import StandaloneHTMLBuilder
from sphinx.util import logging
from sphinx.util.osutil import relative_uri

from ...archive.convert import Conversion
from ...archive.files import parse_raw, read_raw
from ...i18n import _
from ...render.categories import category_stem
from ...render.escaping import escape
from ...render.feeds import Day, Site, category_feeds, days_to_read, highlighted_feed, papers, site_feed
from ...render.myst import page_path
from .credit import site_credit
from .sharing import base_url, published, write_if_changed

logger = logging.getLogger(__name__)

#: The feeds' folder below the output folder; the site's feed, the ★ feed and the categories' folder in it.
FOLDER = "feeds"
SITE_FEED = "digests.atom"
HIGHLIGHTED_FEED = "highlighted.atom"
CATEGORIES = "category"
#: The class of a page's paragraph of links to its feeds.
SUBSCRIBE_CLASS = "digest-subscribe"


def setup(app: Sphinx) -> None:
    feeds = _Feeds()
    app.connect("digest-converted", feeds.collect)
    app.connect("doctree-resolved", feeds.subscribe)
    app.connect("html-page-context", feeds.link)
    app.connect("build-finished", feeds.write)


class _Feeds:
    """The digests the conversion found, kept from the build's start to its end."""

    def __init__(self) -> None:
        self.days: list[Day] = []
        #: Each day's raw file, as the conversion names it (relative to the project's folder).
        self.raw: dict[dt.date, str] = {}
        #: Each category's page name (its stem), for that page's link to its feed.
        self.categories: dict[str, str] = {}

    def collect(self, app: Sphinx, conversion: Conversion) -> None:
        days = [source for source in conversion.days if source.listing]
        self.days = [Day(source.listing.date, source.entries) for source in days if source.listing]
        self.raw = {source.listing.date: source.name for source in days if source.listing}
        self.categories = {
            category_stem(entry.category): entry.category
            for day in self.days
            for entry in day.entries
            if entry.category
        }

    def feeds(self, app: Sphinx, pagename: str) -> list[tuple[str, str, str]]:
        """The feeds of page ``pagename``: each one's title, path below the output folder, and link text.

        None when this build writes no feed.
        """
        if not published(app) or not self.days:
            return []
        site = app.config.project
        if pagename == app.config.root_doc:
            return [
                (_("{site}: papers").format(site=site), f"{FOLDER}/{SITE_FEED}", _("Subscribe (Atom)")),
                (
                    _("{site}: ★ papers").format(site=site),
                    f"{FOLDER}/{HIGHLIGHTED_FEED}",
                    _("★ papers (Atom)"),
                ),
            ]
        prefix = f"{app.config.digest_pages_dir}/categories/"
        category = self.categories.get(pagename.removeprefix(prefix)) if pagename.startswith(prefix) else None
        if category is None:
            return []
        title = _("{site}: {category}").format(site=site, category=category)
        return [(title, _category_path(category), _("Subscribe (Atom)"))]

    def subscribe(self, app: Sphinx, doctree: nodes.document, docname: str) -> None:
        """Links to the page's feeds, in sight under its title."""
        feeds = self.feeds(app, docname)
        if not feeds:
            return
        page = app.builder.get_target_uri(docname)
        shown = nodes.paragraph(classes=[SUBSCRIBE_CLASS])
        for index, (_title, path, text) in enumerate(feeds):
            if index:
                shown += nodes.Text(" · ")
            shown += nodes.reference("", text, refuri=relative_uri(page, path), internal=False)
        section = next(iter(doctree.findall(nodes.section)), None)
        if section is not None and section.children and isinstance(section[0], nodes.title):
            section.insert(1, shown)
        else:
            doctree.insert(0, shown)

    def link(
        self, app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
    ) -> None:
        """``<link rel="alternate">`` to the site's feed, and to the page's own feeds."""
        if not published(app) or not self.days:
            return
        feeds = self.feeds(app, pagename)
        if pagename != app.config.root_doc:
            site = (_("{site}: papers").format(site=app.config.project), f"{FOLDER}/{SITE_FEED}", "")
            feeds = [site, *feeds]
        base = base_url(app.config)
        context["metatags"] = context.get("metatags", "") + "".join(
            alternate_link(title, base + path) for title, path, _text in feeds
        )

    def write(self, app: Sphinx, exception: Exception | None) -> None:
        if exception is None and not published(app) and isinstance(app.builder, StandaloneHTMLBuilder):
            # Feeds an earlier build with an address wrote (the authors' too) would be stale here.
            folder = Path(app.outdir) / FOLDER
            if folder.is_dir() and not folder.is_symlink():
                shutil.rmtree(folder)
        if exception is not None or not published(app) or not self.days:
            return
        base = base_url(app.config)
        pages = app.config.digest_pages_dir

        def page(date: dt.date) -> str:
            return base + app.builder.get_target_uri(f"{pages}/{page_path(date)}")

        site = Site(app.config.project, app.config.author, base, page, **site_credit(app))
        # The newest digests only, parsed again: the manifest keeps no abstract.
        confdir = Path(app.confdir)
        found = [
            paper
            for date in days_to_read(self.days)
            for paper in papers(date, parse_raw(self.raw[date], read_raw(confdir / self.raw[date])).entries)
        ]
        out = Path(app.outdir) / FOLDER
        files = {
            SITE_FEED: site_feed(found, site, f"{base}{FOLDER}/{SITE_FEED}"),
            HIGHLIGHTED_FEED: highlighted_feed(found, site, f"{base}{FOLDER}/{HIGHLIGHTED_FEED}"),
        }
        written = sum(write_if_changed(out / name, data) for name, data in files.items())
        feeds = category_feeds(self.days, site, lambda category: base + _category_path(category))
        categories = {f"{category_stem(category)}.atom": data for category, data in feeds.items()}
        for name, data in categories.items():
            written += write_if_changed(out / CATEGORIES / name, data)
        for stale in (out / CATEGORIES).glob("*.atom"):
            if stale.name not in categories:
                stale.unlink()
        total = len(files) + len(categories)
        logger.info("digest: %d of %d Atom feeds written in %s/", written, total, FOLDER)


def alternate_link(title: str, href: str) -> str:
    """A page head's ``<link rel="alternate">`` to the Atom feed at ``href``, titled ``title``."""
    return (
        f'<link rel="alternate" type="application/atom+xml" title="{escape(title)}" href="{escape(href)}">\n'
    )


def _category_path(category: str) -> str:
    """A category's feed, below the output folder."""
    return f"{FOLDER}/{CATEGORIES}/{category_stem(category)}.atom"
