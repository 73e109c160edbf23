"""The archive's Atom feeds, written from the converter's data at the end of an HTML build.

``feeds/digests.atom`` lists the newest digests, ``feeds/category/<CAT>.atom``
each category's newest papers (:mod:`digest_archive.render.feeds`), named as
the category's pages are (:func:`~digest_archive.render.names.category_stem`).
They are made from what the conversion knows of every digest (the
``digest-converted`` event), never from the pages, and a feed file is
written only when its bytes change. Every page links the site's feed, and a
category's page its own. Feeds need absolute addresses: without
``html_baseurl`` none is written (:mod:`.sharing`).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx
from sphinx.util import logging

from ...archive.convert import Conversion
from ...render.feeds import Day, Site, category_feeds, site_feed
from ...render.myst import page_path
from ...render.names import category_stem
from ..writer import escape
from .sharing import base_url, published, write_if_changed

logger = logging.getLogger(__name__)

#: The feeds' folder below the output folder, the site's feed in it, and the categories' folder.
FOLDER = "feeds"
SITE_FEED = "digests.atom"
CATEGORIES = "category"


def setup(app: Sphinx) -> None:
    feeds = _Feeds()
    app.connect("digest-converted", feeds.collect)
    app.connect("html-page-context", feeds.link)
    app.connect("build-finished", feeds.write)


class _Feeds:
    """The digests the conversion found, kept from the build's start to its end."""

    def __init__(self) -> None:
        self.days: list[Day] = []
        #: Each category's page name (its stem), for that page's link to its feed.
        self.categories: dict[str, str] = {}

    def collect(self, app: Sphinx, conversion: Conversion) -> None:
        self.days = [Day(source.listing.date, source.entries) for source in conversion.days if source.listing]
        self.categories = {
            category_stem(entry.category): entry.category
            for day in self.days
            for entry in day.entries
            if entry.category
        }

    def link(
        self, app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
    ) -> None:
        """``<link rel="alternate">`` to the site's feed, and on a category's page to its feed."""
        if not published(app) or not self.days:
            return
        base = base_url(app.config)
        feeds = [(f"{app.config.project}: digests", f"{base}{FOLDER}/{SITE_FEED}")]
        prefix = f"{app.config.digest_pages_dir}/categories/"
        category = self.categories.get(pagename.removeprefix(prefix)) if pagename.startswith(prefix) else None
        if category is not None:
            feeds.append((f"{app.config.project}: {category}", _category_url(base, category)))
        context["metatags"] = context.get("metatags", "") + "".join(
            f'<link rel="alternate" type="application/atom+xml" title="{escape(title)}" '
            f'href="{escape(href)}">\n'
            for title, href in feeds
        )

    def write(self, app: Sphinx, exception: Exception | None) -> None:
        if exception is not None or not published(app) or not self.days:
            return
        base = base_url(app.config)
        pages = app.config.digest_pages_dir

        def page(date: dt.date) -> str:
            return base + app.builder.get_target_uri(f"{pages}/{page_path(date)}")

        site = Site(app.config.project, app.config.author, base, page)
        out = Path(app.outdir) / FOLDER
        written = int(
            write_if_changed(out / SITE_FEED, site_feed(self.days, site, f"{base}{FOLDER}/{SITE_FEED}"))
        )
        feeds = category_feeds(self.days, site, lambda category: _category_url(base, category))
        files = {f"{category_stem(category)}.atom": data for category, data in feeds.items()}
        for name, data in files.items():
            written += write_if_changed(out / CATEGORIES / name, data)
        for stale in (out / CATEGORIES).glob("*.atom"):
            if stale.name not in files:
                stale.unlink()
        logger.info("digest: %d of %d Atom feeds written in %s/", written, len(files) + 1, FOLDER)


def _category_url(base: str, category: str) -> str:
    return f"{base}{FOLDER}/{CATEGORIES}/{category_stem(category)}.atom"
