"""Full-text search of the HTML archive: the pages Sphinx writes, fed to the index.

Sphinx's own search loads one ``searchindex.js`` for the whole site, which
grows with every digest, so the archive writes its own index
(:mod:`digest_archive.search`) and search page (``search.html?q=TERM``,
``static/digest-search/``), and Sphinx's is switched off.

What is indexed: every document without ``nosearch`` in its metadata
(Sphinx's own convention for keeping a page out of search). The digests'
pages are searched by default, the project's own pages (home, statistics,
documentation) only when the reader asks for them. The archive's
listing pages carry it, so a query lands on the digest itself. A digest's
entries are its records (:func:`paper_records`), each paper's parts apart
(title, Chinese summary, abstract, authors, category and affiliations,
links), so that a result shows them apart and ``author:`` asks for an
author; the digest's own header, legend and closing words are no
paper's and are left out. Each section of a project's page is a record
(:func:`page_records`). The BibTeX of the cards, the links between
digests, the text of each entry's links and the lint rules' quoted
examples are left out. The records are taken from each resolved doctree as Sphinx
writes it, and the index is brought up to date at the end of the build,
its work per page and per file spread over Sphinx's worker processes when
it builds in parallel (``-j``).
"""

from __future__ import annotations

import datetime as dt
import functools
import zlib
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TypeVar

import sphinx.search
from docutils import nodes
from sphinx.application import Sphinx
from sphinx.builders.html import StandaloneHTMLBuilder
from sphinx.util import logging
from sphinx.util.display import progress_message
from sphinx.util.fileutil import copy_asset_file
from sphinx.util.parallel import ParallelTasks

from ..i18n import _
from ..render.myst import page_path
from ..search.store import DOCS, INDEX_DIR, PAPERS, Page, Pending, Run, in_process, update_index
from .pages.assets import STATIC
from .search_records import categories, page_records, paper_records
from .tuning import worker_collection

logger = logging.getLogger(__name__)

_Item = TypeVar("_Item")
_Result = TypeVar("_Result")

#: Sphinx's Snowball English stemmer in JavaScript, which the search page
#: loads: the algorithm :func:`digest_archive.search.terms.term_of` runs.
STEMMER = [
    Path(sphinx.search.__file__).parent / "minified-js" / name
    for name in ("base-stemmer.js", "english-stemmer.js")
]

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
    written = _Written()
    app.connect("config-inited", _add_search_page)
    app.connect("builder-inited", _replace_sphinx_search)
    app.connect("builder-inited", written.start)
    app.connect("html-page-context", _trim_search_page)
    app.connect("html-page-context", _version_search_modules)
    app.connect("doctree-resolved", written.collect)
    app.connect("build-finished", written.write_index)


def _is_html(app: Sphinx) -> bool:
    return isinstance(app.builder, StandaloneHTMLBuilder) and app.builder.name in {"html", "dirhtml"}


def _add_search_page(app: Sphinx, config: Any) -> None:
    config.html_additional_pages = {"search": "search.html", **config.html_additional_pages}


def _replace_sphinx_search(app: Sphinx) -> None:
    if _is_html(app):
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


def _searchable(app: Sphinx, docname: str) -> bool:
    metadata = app.env.metadata.get(docname)
    return metadata is not None and "nosearch" not in metadata


class _Written:
    """The pages an application's build wrote, by docname, and the index made of them at its end.

    Filled while Sphinx resolves doctrees for writing, which it does in its
    own process even when the writing is parallel.
    """

    def __init__(self) -> None:
        self.pages: dict[str, Page] = {}

    def start(self, app: Sphinx) -> None:
        self.pages = {}

    def collect(self, app: Sphinx, doctree: nodes.document, docname: str) -> None:
        if _is_html(app) and _searchable(app, docname):
            self.pages[docname] = _page(app, docname, doctree)

    def write_index(self, app: Sphinx, exception: Exception | None) -> None:
        written, self.pages = self.pages, {}
        if exception is None and _is_html(app):
            _write_index(app, written)
            # Resolving the pages not written this time collected them again.
            self.pages = {}


def _page(app: Sphinx, docname: str, doctree: nodes.document) -> Page:
    title = app.env.titles.get(docname)
    url, shown = app.builder.get_target_uri(docname), title.astext() if title is not None else docname
    # The digests are the papers; the home page, the statistics and the docs are the project's.
    if not docname.startswith(f"{app.config.digest_pages_dir}/"):
        return Page(url, shown, page_records(doctree), DOCS)
    year = docname.split("/")[-2]
    found = dict(categories(doctree))

    def day_uri(date: str) -> str:
        day = dt.date.fromisoformat(date)
        return app.builder.get_target_uri(f"{app.config.digest_pages_dir}/{page_path(day)}")

    return Page(
        url,
        shown,
        paper_records(doctree, day_uri),
        PAPERS,
        year,
        tuple((anchor, code) for anchor, (code, _name) in found.items()),
        tuple(sorted({code: name for code, name in found.values() if name}.items())),
    )


def _write_index(app: Sphinx, written: dict[str, Page]) -> None:
    searchable = {docname for docname in app.env.found_docs if _searchable(app, docname)}

    def unwritten(docname: str) -> Page:
        # A digest page's text is the same before references are resolved
        # (each role there gives its own text; tests/search/test_search.py checks),
        # and resolving is most of the cost of indexing a whole archive anew.
        # The project's pages have roles whose text is their target's title.
        if docname.startswith(f"{app.config.digest_pages_dir}/"):
            return _page(app, docname, app.env.get_doctree(docname))
        return _page(app, docname, app.env.get_and_resolve_doctree(docname, app.builder))

    stemmer = Path(app.outdir) / "_static" / "digest-stemmer"
    stemmer.mkdir(parents=True, exist_ok=True)
    for script in STEMMER:
        # Copied only when it differs: a new Sphinx may bring a new stemmer.
        copy_asset_file(script, stemmer / script.name, force=True)
    with progress_message("digest: updating the search index"):
        read = {docname: app.env.all_docs.get(docname) for docname in searchable}
        folder = Path(app.outdir) / INDEX_DIR
        result = update_index(folder, searchable, written, unwritten, read, _workers(app))
    logger.info(
        "digest: search index of %d pages; %d re-indexed, %d index files rewritten",
        result.pages,
        result.changed,
        result.files,
    )


def _workers(app: Sphinx) -> Run:
    """:class:`~digest_archive.search.store.Run` over Sphinx's forked worker processes (``-j``).

    Indexing a whole archive anew (its pages' doctrees read, their records
    taken and weighed, thousands of files encoded) is work per page and per
    file, which Sphinx's parallel write spreads the same way: each worker
    takes an equal share of the items. Work runs in workers when Sphinx
    writes in workers (``-j``, and every extension safe for it).
    """
    processes = app.parallel
    if not app.builder.parallel_ok:
        return in_process

    def run(function: Callable[[_Item], _Result], items: Sequence[_Item]) -> Pending[_Result]:
        count = min(processes, len(items))
        if count <= 1:
            return in_process(function, items)
        done: dict[int, list[_Result]] = {}
        tasks, task = ParallelTasks(processes), functools.partial(_work, app, function)
        for worker in range(count):
            # Every count-th item: the shares cost alike, whatever the order of the items.
            tasks.add_task(task, items[worker::count], functools.partial(_keep, done, worker))

        def results() -> list[_Result]:
            tasks.join()
            ordered: list[_Result] = []
            for row in range(-(-len(items) // count)):
                ordered.extend(done[worker][row] for worker in range(count) if row < len(done[worker]))
            return ordered

        return results

    return run


def _work(app: Sphinx, function: Callable[[_Item], _Result], share: Sequence[_Item]) -> list[_Result]:
    with worker_collection(app):
        return [function(item) for item in share]


def _keep(done: dict[int, list[Any]], worker: int, share: Sequence[Any], results: list[Any]) -> None:
    done[worker] = results
