"""Moving through the archive: a digest's previous and next, and a folder's shared sidebar.

Digest pages are orphans, outside any toctree, so Sphinx knows no previous
or next page for them: the theme's links to them (``<link rel="prev">``,
furo's footer) come from the neighbours the converter names in each page's
metadata. A theme's sidebar is the whole toctree, resolved for each page;
the digests of a year share one.
"""

from __future__ import annotations

import datetime as dt
import posixpath
from collections.abc import Callable
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.environment.adapters.toctree import global_toctree_for_doc

from ...i18n import long_date
from ...render.digest import NEXT_KEY, PREVIOUS_KEY
from ..writer import escape


def setup(app: Sphinx) -> None:
    shared = _SharedNavigation()
    app.connect("builder-inited", shared.start)
    # Before the theme's own handler, which builds its sidebar from "toctree".
    app.connect("html-page-context", shared.share, priority=100)
    app.connect("html-page-context", _link_neighbours)


def _link_neighbours(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    """Point the theme's previous and next links at the digests before and after this one."""
    metadata = app.env.metadata.get(pagename, {})
    if PREVIOUS_KEY not in metadata and NEXT_KEY not in metadata:
        return
    for name, key in (("prev", PREVIOUS_KEY), ("next", NEXT_KEY)):
        path = metadata.get(key)
        # Titles are HTML to the theme; a date's is plain ASCII, escaped all the same.
        context[name] = path and {
            "link": app.builder.get_relative_uri(pagename, f"{app.config.digest_pages_dir}/{path}"),
            "title": escape(long_date(dt.date.fromisoformat(posixpath.basename(path)))),
        }


class _SharedNavigation:
    """The site navigations resolved in one application's build, kept for the pages that share them."""

    def __init__(self) -> None:
        #: (folder, the page's parents, toctree options) -> the toctree's HTML.
        self.trees: dict[tuple[Any, ...], str] = {}

    def start(self, app: Sphinx) -> None:
        self.trees = {}

    def share(
        self, app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
    ) -> None:
        _share_navigation(app, pagename, context, self.trees)


def _share_navigation(
    app: Sphinx, pagename: str, context: dict[str, Any], cache: dict[tuple[Any, ...], str]
) -> None:
    """Let the orphan pages of a folder share one site navigation (resolved into ``cache``).

    A theme's sidebar is the whole toctree, resolved for each page. Digest
    pages are orphans: the tree marks none of its entries as theirs, so all
    the digests of a year (one folder, so the same relative links) get the
    same tree, resolved once per folder instead of once per page
    (``source/performance.md`` says what that saves).
    """
    toctree: Callable[..., str] | None = context.get("toctree")
    if toctree is None or "orphan" not in app.env.metadata.get(pagename, {}):
        return
    # A toctree naming the page (the PDF's contents page) could mark entries
    # as its ancestors; pages with other parents do not share a tree.
    parents = tuple(sorted(app.env.files_to_rebuild.get(pagename, ())))
    folder = posixpath.dirname(pagename)
    # The tree as the folder's index page has it (a year's, for its digests):
    # the same links from the same folder, with the year and its parents
    # marked current, so the theme opens the sidebar on them.
    index = f"{folder}/index"

    def shared_toctree(collapse: bool = True, **options: Any) -> str:
        key = (folder, parents, collapse, tuple(sorted(options.items())))
        if key not in cache:
            if index in app.env.all_docs:
                options.setdefault("includehidden", False)
                if options.get("maxdepth") == "":
                    del options["maxdepth"]
                tree = global_toctree_for_doc(
                    app.env, index, app.builder, tags=app.tags, collapse=collapse, **options
                )
                # The index page's link to itself is empty; from the other pages
                # of its folder, it is a page away.
                for reference in tree.findall(nodes.reference) if tree is not None else ():
                    if reference.get("refuri") == "":
                        reference["refuri"] = app.builder.get_relative_uri(pagename, index)
                cache[key] = app.builder.render_partial(tree)["fragment"]
            else:
                cache[key] = toctree(collapse=collapse, **options)
        return cache[key]

    context["toctree"] = shared_toctree
