"""The search page: its address, its scripts and styles, and the words its script shows."""

from __future__ import annotations

import zlib
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx

from ...i18n import _
from ..pages.assets import STATIC
from .indexing import is_html

#: The search page's ES modules, copied with the other static files; the page
#: loads ``search.js``, which imports the others.
SEARCH_MODULES = STATIC / "digest-search"

# What the search page does not use, though every other page may: it has no
# code to colour or copy, and it marks matches itself (not through
# Sphinx's ?highlight=), so a reader's first search downloads none of them.
_NOT_ON_SEARCH_PAGE = frozenset(
    {
        "_static/pygments.css",
        "_static/copybutton.css",
        "_static/copybutton.js",
        "_static/clipboard.min.js",
        "_static/sphinx_highlight.js",
    }
)


def setup(app: Sphinx) -> None:
    app.connect("config-inited", _add_search_page)
    app.connect("builder-inited", _replace_sphinx_search)
    app.connect("html-page-context", _trim_search_page)
    app.connect("html-page-context", _version_search_modules)


def _add_search_page(app: Sphinx, config: Any) -> None:
    config.html_additional_pages = {"search": "search.html", **config.html_additional_pages}


def _replace_sphinx_search(app: Sphinx) -> None:
    if is_html(app):
        # Sphinx would still build (and ship) its own one-file index.
        app.builder.search = False


def _trim_search_page(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: nodes.document | None
) -> None:
    if pagename == "search":
        # New lists: the builder's own are those of every page.
        for key in ("script_files", "css_files"):
            context[key] = [asset for asset in context[key] if asset.filename not in _NOT_ON_SEARCH_PAGE]


def _version_search_modules(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: nodes.document | None
) -> None:
    """The search page's import map: each module's URL to the same with ``?v=`` and its checksum.

    Sphinx asks for its own assets with the CRC-32 of their content, so a
    browser's cached copy is never used once a build changed it. A module
    imports the others by URLs relative to its own, which carry no query, so
    the map gives each its version: a browser never runs modules of two
    builds together, and fetches again only those that changed.
    """
    if pagename != "search":
        return
    versioned = {}
    for module in sorted(SEARCH_MODULES.glob("*.js")):
        # "./": an import map takes a key or value without it for a package's name, not a URL.
        url = "./" + context["pathto"](f"_static/{SEARCH_MODULES.name}/{module.name}", 1)
        # As Sphinx's checksum: without carriage returns, the same for a checkout with CRLF line ends.
        checksum = zlib.crc32(module.read_bytes().translate(None, b"\r"))
        versioned[module.name] = url, f"{url}?v={checksum:08x}"
    context["digest_search_imports"] = {"imports": dict(versioned.values())}
    context["digest_search_entry"] = versioned["search.js"][1]
    context["digest_search_words"] = search_words()
    context["digest_search_examples"] = search_examples()


def search_words() -> dict[str, str]:
    """What the search page's script says, in the interface's language (its ``data-words``).

    Each message's ``{fields}`` are filled in by the script (``say`` in
    ``search.js``), in one pass, so a query holding ``{query}`` stays as typed.
    """
    return {
        "searching": _("Searching…"),
        "failed": _("Search failed: {error}."),
        "didYouMean": _("Did you mean {suggestion}?"),
        "year": _("Year: "),
        "category": _("Category: "),
        "anyYear": _("any year"),
        "anyCategory": _("any category"),
        "facetValue": _("{value} ({count})"),
        "archiveOne": _("1 paper in the archive."),
        "archiveMany": _("{count} papers in the archive."),
        "filteredOne": _("1 paper in the year and category chosen."),
        "filteredMany": _("{count} papers in the year and category chosen."),
        "noneInPapers": _("No results for “{query}” in the papers."),
        "noneInDocs": _("No results for “{query}” in the project's pages."),
        "one": _("1 result for “{query}”."),
        "many": _("{count} results for “{query}”."),
        "atLeast": _("At least {count} results for “{query}”; more below."),
        "authors": _("Authors: "),
        # A paper several days list: its result names the others, as its card does.
        "alsoIn": _("Also in the digest of: "),
        "alsoInMany": _("Also in the digests of: "),
        "separator": _(", "),
    }


def search_examples() -> list[tuple[str, str]]:
    """The queries the search page offers before a query, and what each shows, in the interface's language.

    A word of the papers (as a reader of the interface's language would type
    it), an author, a category and a phrase; each finds papers of the seed digests.
    """
    return [
        (_("lottery ticket"), _("words of a title or a summary")),
        ("author:Zhang", _("papers by an author")),
        ("cat:cs.CV", _("papers of a category")),
        ('"neural tangent kernel"', _("a phrase, in quotes")),
    ]
