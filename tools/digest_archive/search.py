"""Full-text search of the HTML archive, with an index updated page by page.

Sphinx's own search loads one ``searchindex.js`` for the whole site, which
grows with every digest (6.7 MB at 1,000 digests). Pagefind, which this
archive used before, splits its index but rebuilds all of it after every
build, 8 s at 1,000 digests, which alone exceeded the budget of adding one
digest (``source/performance.md``). So the index is the archive's own,
laid out by :mod:`digest_archive.textindex`, and kept in ``_search/`` of the
output folder:

- ``meta.json``: the layout, and the number of pages (for ranking);
- ``postings/N.json`` and ``terms/N.json``: the shards a query loads;
- ``pages/N.json``: page N's URL, title and searchable records, which the
  browser shows as results;
- ``manifest.json``: for the next build, which page is which number and
  which indexer wrote them (a different one re-indexes everything).

What is indexed: every document without ``nosearch`` in its metadata
(Sphinx's own convention for keeping a page out of search). The archive's
listing pages carry it, so a query lands on the digest itself. Each section
of a page is a record, so a result links to the entry it is in. The BibTeX
of the cards and the lint rules' quoted examples are left out.

The records of a page are taken from its resolved doctree as Sphinx writes
it; at the end of the build only the pages whose records changed are
re-indexed, so one more digest rewrites a few hundred small shards.
``search.html?q=TERM`` opens the results for ``TERM``
(``static/digest-search.js``).
"""

from __future__ import annotations

import hashlib
import json
import shutil
import weakref
from collections.abc import Callable, Mapping, Set
from pathlib import Path
from typing import Any, NamedTuple

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.builders.html import StandaloneHTMLBuilder
from sphinx.util import logging
from sphinx.util.display import progress_message

from . import textindex
from .domain import cite_block, paper_card
from .render.digest import NEIGHBOURS_CLASS
from .textindex import Change, Record

logger = logging.getLogger(__name__)

INDEX_DIR = "_search"
MANIFEST = "manifest.json"
#: The class of the lint rules' examples (``sphinxext``): they quote digests,
#: so search leaves them out.
EXAMPLE_CLASS = "digest-lint-example"
_UNSEARCHED = frozenset({EXAMPLE_CLASS, NEIGHBOURS_CLASS})
# Card attributes a reader searches for; the BibTeX repeats them.
_CARD_TEXT = ("category", "category_note", "authors", "authors_tail", "affiliations", "affiliations_tail")


class Page(NamedTuple):
    """A searchable page as its file in ``pages/`` holds it."""

    url: str
    title: str
    records: list[Record]

    def as_json(self) -> dict[str, Any]:
        return {"url": self.url, "title": self.title, "records": [list(r) for r in self.records]}

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Page:
        return cls(data["url"], data["title"], [Record(*record) for record in data["records"]])


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("config-inited", _add_search_page)
    app.connect("builder-inited", _replace_sphinx_search)
    app.connect("doctree-resolved", _collect_page)
    app.connect("build-finished", _write_index)
    return {"version": "2", "parallel_read_safe": True, "parallel_write_safe": True}


def _is_html(app: Sphinx) -> bool:
    return isinstance(app.builder, StandaloneHTMLBuilder) and app.builder.name in {"html", "dirhtml"}


def _add_search_page(app: Sphinx, config: Any) -> None:
    config.html_additional_pages = {"search": "search.html", **config.html_additional_pages}


def _replace_sphinx_search(app: Sphinx) -> None:
    if _is_html(app):
        # Sphinx would still build (and ship) its own one-file index.
        app.builder.search = False


def _searchable(app: Sphinx, docname: str) -> bool:
    metadata = app.env.metadata.get(docname)
    return metadata is not None and "nosearch" not in metadata


# Per application: the pages written in this build, by docname. Filled while
# Sphinx resolves doctrees for writing, which it does in its own process
# even when the writing is parallel.
_WRITTEN: weakref.WeakKeyDictionary[Sphinx, dict[str, Page]] = weakref.WeakKeyDictionary()


def _collect_page(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    if _is_html(app) and _searchable(app, docname):
        _WRITTEN.setdefault(app, {})[docname] = _page(app, docname, doctree)


def _page(app: Sphinx, docname: str, doctree: nodes.document) -> Page:
    title = app.env.titles.get(docname)
    return Page(
        app.builder.get_target_uri(docname),
        title.astext() if title is not None else docname,
        page_records(doctree),
    )


def _write_index(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or not _is_html(app):
        return
    written = _WRITTEN.pop(app, {})
    searchable = {docname for docname in app.env.found_docs if _searchable(app, docname)}

    def unwritten(docname: str) -> Page:
        return _page(app, docname, app.env.get_and_resolve_doctree(docname, app.builder))

    with progress_message("digest: updating the search index"):
        result = update_index(Path(app.outdir) / INDEX_DIR, searchable, written, unwritten)
    # Resolving the unwritten pages above collected them again.
    _WRITTEN.pop(app, None)
    logger.info(
        "digest: search index of %d pages; %d re-indexed, %d shards rewritten",
        result.pages,
        result.changed,
        result.shards,
    )


# --- the records of a page -----------------------------------------------------------------


def page_records(doctree: nodes.document) -> list[Record]:
    """One record per section, in document order: its first id, title and own text.

    The text of a section stops at its subsections, which are records of
    their own; text before the first section is a record without a title.
    """
    records: list[Record] = []

    def add(node: nodes.Element, anchor: str) -> None:
        title = ""
        texts: list[str] = []
        sections = []
        for child in node.children:
            if isinstance(child, nodes.section):
                sections.append(child)
            elif isinstance(child, nodes.title):
                title = child.astext()
            else:
                _texts(child, texts)
        text = " ".join(" ".join(texts).split())
        if title or text:
            records.append(Record(anchor, " ".join(title.split()), text))
        for section in sections:
            add(section, section["ids"][0] if section["ids"] else anchor)

    add(doctree, "")
    return records


def _texts(node: nodes.Node, out: list[str]) -> None:
    if isinstance(node, nodes.Text):
        out.append(node.astext())
    elif isinstance(node, paper_card):
        for name in _CARD_TEXT:
            value = node.get(name)
            out.extend(value if isinstance(value, list) else [value or ""])
    elif isinstance(node, nodes.comment | nodes.raw | nodes.system_message | cite_block):
        return
    elif isinstance(node, nodes.Element) and _UNSEARCHED.isdisjoint(node["classes"]):
        for child in node.children:
            _texts(child, out)
            # Blocks are words apart; inline markup is not (``multi``\ *layer*).
            if not isinstance(child, nodes.Inline | nodes.Text):
                out.append(" ")


# --- the index folder ----------------------------------------------------------------------


class Result(NamedTuple):
    pages: int
    changed: int
    shards: int


def update_index(
    folder: Path,
    searchable: Set[str],
    written: Mapping[str, Page],
    unwritten: Callable[[str], Page],
) -> Result:
    """Bring the index in ``folder`` in step with the ``searchable`` docnames.

    ``written`` has the pages written in this build; a searchable page the
    index lacks is read through ``unwritten``. Pages whose records are those
    already indexed cost nothing; a page no longer searchable is removed.
    """
    manifest = _read(folder / MANIFEST) or {}
    # A missing page file would leave its words in the shards for good.
    if manifest.get("indexer") != INDEXER or not all(
        _page_file(folder, number).is_file() for number in manifest.get("pages", {}).values()
    ):
        shutil.rmtree(folder, ignore_errors=True)
        manifest = {"indexer": INDEXER, "pages": {}}
    numbers: dict[str, int] = manifest["pages"]
    pages = {docname: page for docname, page in written.items() if docname in searchable}
    for docname in sorted(searchable - numbers.keys() - pages.keys()):
        pages[docname] = unwritten(docname)

    changes: list[Change] = []
    free = max(numbers.values(), default=-1) + 1
    for docname in sorted(pages):
        page = pages[docname].as_json()
        old: Mapping[str, int] = {}
        if docname in numbers:
            indexed = _read(_page_file(folder, numbers[docname]))
            if indexed == page:
                continue
            if indexed is not None:
                old = textindex.weights(Page.from_json(indexed).records)
        else:
            numbers[docname], free = free, free + 1
        _write(_page_file(folder, numbers[docname]), page)
        changes.append(Change(numbers[docname], old, textindex.weights(pages[docname].records)))
    for docname in sorted(numbers.keys() - searchable):
        number = numbers.pop(docname)
        indexed = _read(_page_file(folder, number))
        if indexed is not None:
            changes.append(Change(number, textindex.weights(Page.from_json(indexed).records), {}))
        _page_file(folder, number).unlink(missing_ok=True)

    shards = textindex.update(
        changes,
        lambda number: _read(folder / "postings" / f"{number}.json") or {},
        lambda number: _read(folder / "terms" / f"{number}.json") or {},
    )
    for kind, contents in (("postings", shards.postings), ("terms", shards.terms)):
        for number, content in contents.items():
            path = folder / kind / f"{number}.json"
            if content:
                _write(path, content)
            else:
                path.unlink(missing_ok=True)
    meta = {
        "format": textindex.FORMAT,
        "pages": len(numbers),
        "posting_shards": textindex.POSTING_SHARDS,
        "term_shards": textindex.TERM_SHARDS,
    }
    if changes or _read(folder / "meta.json") != meta:
        _write(folder / "meta.json", meta)
        _write(folder / MANIFEST, manifest)
    return Result(len(numbers), len(changes), len(shards.postings) + len(shards.terms))


def _page_file(folder: Path, number: int) -> Path:
    return folder / "pages" / f"{number}.json"


def _read(path: Path) -> Any:
    try:
        return json.loads(path.read_bytes())
    except (OSError, ValueError):
        return None


def _write(path: Path, data: Any) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")


# What makes an index differ besides its pages: the code that splits and records them.
INDEXER = hashlib.sha256(Path(textindex.__file__).read_bytes() + Path(__file__).read_bytes()).hexdigest()[:16]
