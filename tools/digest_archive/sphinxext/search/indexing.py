"""The search index, brought up to date with the pages Sphinx writes, in its worker processes."""

from __future__ import annotations

import datetime as dt
import functools
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

from ...render.myst import page_path
from ...search.store import DOCS, INDEX_DIR, PAPERS, Page, Pending, Run, in_process, update_index
from ..tuning import worker_collection
from .records import categories, page_records, paper_records

logger = logging.getLogger(__name__)

_Item = TypeVar("_Item")
_Result = TypeVar("_Result")

#: Sphinx's Snowball English stemmer in JavaScript, which the search page
#: loads: the algorithm :func:`digest_archive.search.terms.term_of` runs.
STEMMER = [
    Path(sphinx.search.__file__).parent / "minified-js" / name
    for name in ("base-stemmer.js", "english-stemmer.js")
]


def setup(app: Sphinx) -> None:
    written = _Written()
    app.connect("builder-inited", written.start)
    app.connect("doctree-resolved", written.collect)
    app.connect("build-finished", written.write_index)


def is_html(app: Sphinx) -> bool:
    """Whether ``app`` builds HTML pages that search finds: ``html`` or ``dirhtml``."""
    return isinstance(app.builder, StandaloneHTMLBuilder) and app.builder.name in {"html", "dirhtml"}


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
        if is_html(app) and _searchable(app, docname):
            self.pages[docname] = _page(app, docname, doctree)

    def write_index(self, app: Sphinx, exception: Exception | None) -> None:
        written, self.pages = self.pages, {}
        if exception is None and is_html(app):
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
