"""One resolved site navigation for all the orphan pages of a folder.

A theme's sidebar is the whole toctree, resolved for each page; the digests
of a year share one.
"""

from __future__ import annotations

import posixpath
import weakref
from collections.abc import Callable
from typing import Any

from sphinx.application import Sphinx


def setup(app: Sphinx) -> None:
    # Before the theme's own handler, which builds its sidebar from "toctree".
    app.connect("html-page-context", _share_navigation, priority=100)


# Per builder: (folder, the page's parents, toctree options) -> the toctree's HTML.
_NAVIGATION: weakref.WeakKeyDictionary[Any, dict[tuple[Any, ...], str]] = weakref.WeakKeyDictionary()


def _share_navigation(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    """Let the orphan pages of a folder share one site navigation.

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
    cache = _NAVIGATION.setdefault(app.builder, {})
    folder = posixpath.dirname(pagename)

    def shared_toctree(**options: Any) -> str:
        key = (folder, parents, tuple(sorted(options.items())))
        if key not in cache:
            cache[key] = toctree(**options)
        return cache[key]

    context["toctree"] = shared_toctree
