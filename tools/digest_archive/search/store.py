"""The search index in ``_search/`` of the HTML output, brought in step with the pages build by build.

- ``meta.json``: the number of pages (for ranking) and of files in each
  table (to find a key's); the entries by year and category, and each
  category's names (the search page's filters, before and during a query);
- ``postings/N.json.gz``, ``words/N.json.gz`` and ``tails/HASH-PART.json.gz``: the tables
  of :mod:`~digest_archive.search.index`, which a query reads;
- ``pages/N.json.gz``: page N's URL, title and searchable records, which the
  browser shows as results;
- ``manifest.json``: for the next build, which page is which number, what
  each adds to the filters (:meth:`Page.facets`), the size of each table, and the :data:`INDEX_VERSION` and
  :data:`~digest_archive.search.index.FORMAT` that wrote them (another
  version re-indexes everything).

Only the pages whose records changed are re-indexed, and only the files
holding one of their words are rewritten. How a file is written, and a
table cut into files: :mod:`.files`.
"""

from __future__ import annotations

import hashlib
import json
import shutil
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence, Set
from pathlib import Path
from typing import Any, NamedTuple, Protocol, TypeVar

from ..text.categories import CATEGORY_NAMES
from . import index
from .files import Buckets, Tails, encode_json, page_file, read_json, write_json, write_table_file
from .index import Change
from .weights import Record, Weight, weights

_Item = TypeVar("_Item")
_Result = TypeVar("_Result")

INDEX_DIR = "_search"
MANIFEST = "manifest.json"
#: Present while an update writes the index; found at the start of the next, it starts the index over.
UPDATING = ".updating"
#: Bump with any change to what the index holds for the same pages: the
#: records taken from a page (:mod:`digest_archive.sphinxext.search`), the
#: terms split from them (:mod:`.terms`) or their weights (:mod:`.weights`).
#: ``tests/sphinxext/test_cache_versions.py`` fails when what the seeds are indexed as
#: changes and this does not.
INDEX_VERSION = 19


#: The scopes of a search: the digests' papers (what a reader searches by
#: default), or the project's own pages (shown only when asked for).
PAPERS = "papers"
DOCS = "docs"


class Page(NamedTuple):
    """A searchable page as its file in ``pages/`` holds it."""

    url: str
    title: str
    records: list[Record]
    #: :data:`PAPERS` or :data:`DOCS`.
    scope: str = PAPERS
    #: What a reader can narrow the results by: a digest's year, and each
    #: entry's category (by the record's anchor), as arXiv codes it
    #: (``cs.LG``) where the digest's code (``LG``) says which.
    year: str = ""
    categories: tuple[tuple[str, str], ...] = ()
    #: Each category's name in the digest's legend (``机器学习``).
    category_names: tuple[tuple[str, str], ...] = ()

    def as_json(self) -> dict[str, Any]:
        return {
            "url": self.url,
            "title": self.title,
            "records": [record.as_json() for record in self.records],
            "scope": self.scope,
            "year": self.year,
            "categories": dict(self.categories),
            "category_names": dict(self.category_names),
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Page:
        records = [Record.from_json(record) for record in data["records"]]
        categories = tuple(data["categories"].items())
        names = tuple(data.get("category_names", {}).items())
        return cls(data["url"], data["title"], records, data["scope"], data["year"], categories, names)

    def facets(self) -> dict[str, Any] | None:
        """What the page adds to the archive's filters: its year, its entries by category, their names.

        None for the project's pages, which are not filtered.
        """
        if self.scope != PAPERS:
            return None
        categories = dict(self.categories)
        counts: dict[str, int] = {}
        for record in self.records:
            category = categories.get(record.anchor, "")
            counts[category] = counts.get(category, 0) + 1
        return {"year": self.year, "counts": counts, "names": dict(self.category_names)}


def facets(pages: Iterable[Mapping[str, Any]]) -> tuple[dict[str, dict[str, int]], dict[str, list[str]]]:
    """The archive's entries by year and category (``""`` for none), and each category's names.

    What the search page shows before a query, and counts under the filters
    a reader chose; from each page's :meth:`Page.facets`. A category's name
    is its legend's name on most pages (the first in order of names on a
    tie), with arXiv's English name.
    """
    counts: dict[str, dict[str, int]] = {}
    named: dict[str, dict[str, int]] = {}
    for page in pages:
        year = counts.setdefault(page["year"], {})
        for category, found in page["counts"].items():
            year[category] = year.get(category, 0) + found
        for category, name in page["names"].items():
            if name:
                named.setdefault(category, {})
                named[category][name] = named[category].get(name, 0) + 1
    codes = {category for year in counts.values() for category in year if category}
    names = {}
    for category in sorted(codes):
        legend = sorted(named.get(category, {}).items(), key=lambda item: (-item[1], item[0]))
        names[category] = [legend[0][0] if legend else "", CATEGORY_NAMES.get(category, "")]
    ordered = {year: dict(sorted(counts[year].items())) for year in sorted(counts)}
    return ordered, names


# --- the index folder ----------------------------------------------------------------------


class Result(NamedTuple):
    pages: int
    changed: int
    files: int


#: What :class:`Run` hands back: called, it waits for the work and gives its results.
Pending = Callable[[], list[_Result]]


class Run(Protocol):
    """Where the index's work per page and per file is done: ``run(function, items)`` starts it.

    Returns a :data:`Pending` that gives ``[function(item) for item in
    items]``, in order: computed in this process when asked for
    (:func:`in_process`), or spread over worker processes started at once (a
    Sphinx build with ``-j``), so that the caller can go on meanwhile. A
    function sees the caller's data as it was when the work started or
    later, so it reads only what the caller leaves alone until the results
    are in; what it changes is not seen by the caller, and its results must pickle.
    """

    def __call__(self, function: Callable[[_Item], _Result], items: Sequence[_Item]) -> Pending[_Result]: ...


def in_process(function: Callable[[_Item], _Result], items: Sequence[_Item]) -> Pending[_Result]:
    """:class:`Run` in this process, one item after the other, when the results are asked for."""
    return lambda: [function(item) for item in items]


class _Indexed(NamedTuple):
    """A page indexed: its file's bytes, and its terms' weights before and after."""

    encoded: bytes
    old: dict[str, Weight]
    new: dict[str, Weight]


class _Read(NamedTuple):
    """A page read again: what it adds to the filters, and its index entry if its records changed."""

    facets: dict[str, Any] | None
    indexed: _Indexed | None


def update_index(
    folder: Path,
    searchable: Set[str],
    written: dict[str, Page],
    unwritten: Callable[[str], Page],
    read: Mapping[str, Any] | None = None,
    run: Run = in_process,
) -> Result:
    """Bring the index in ``folder`` in step with the ``searchable`` docnames.

    ``written`` has the pages written in this build, and is emptied as they
    are indexed, so that a full build's text is let go batch by batch; a
    searchable page the index lacks is read through ``unwritten``. Pages
    whose records are those already indexed change nothing; a page no longer
    searchable is removed.

    ``read`` says when each page was last read from its source (Sphinx's
    ``env.all_docs``). The manifest keeps it for every page indexed, so a
    page read again since, but not written in this build (a build stopped
    between writing the pages and indexing them), is read through
    ``unwritten`` and indexed: the index heals at the next build. An update
    that was itself stopped leaves a mark (:data:`UPDATING`), and the next
    starts the index over.

    ``run`` does the work of each page (reading it through ``unwritten``,
    comparing it with its file, weighing its terms) and of each file of the
    tables (encoding and writing it); the tables themselves are changed here,
    one batch of pages after the other.
    """
    read = read or {}
    manifest = read_json(folder / MANIFEST) or {}
    # A missing page file would leave its words in the index for good.
    version = {"version": INDEX_VERSION, "format": index.FORMAT}
    if (
        any(manifest.get(key) != value for key, value in version.items())
        or (folder / UPDATING).exists()
        or not all(page_file(folder, number).is_file() for number in manifest.get("pages", {}).values())
    ):
        shutil.rmtree(folder, ignore_errors=True)
        manifest = {
            **version,
            "pages": {},
            "read": {},
            "facets": {},
            "sizes": {"postings": 0, "words": 0},
            "build": "",
        }
    numbers: dict[str, int] = manifest["pages"]
    indexed_read: dict[str, Any] = manifest["read"]
    page_facets: dict[str, Any] = manifest["facets"]
    stale = {name for name in searchable & numbers.keys() if indexed_read.get(name) != read.get(name)}
    todo = sorted((written.keys() & searchable) | (searchable - numbers.keys()) | stale)
    marker = folder / UPDATING

    def begin() -> None:
        # From the first file written until the manifest is, the files and the manifest disagree.
        if not marker.exists():
            folder.mkdir(parents=True, exist_ok=True)
            marker.touch()

    def index_page(docname: str) -> _Read:
        found = written.get(docname) or unwritten(docname)
        page = found.as_json()
        old: dict[str, Weight] = {}
        if docname in numbers:
            indexed = read_json(page_file(folder, numbers[docname]))
            if indexed == page:
                return _Read(found.facets(), None)
            if indexed is not None:
                old = weights(Page.from_json(indexed).records)
        return _Read(found.facets(), _Indexed(encode_json(page, compress=True), old, weights(found.records)))

    build = hashlib.sha256(manifest["build"].encode("utf-8"))
    tables = _Tables(folder, manifest["sizes"])
    changed = 0
    retimed = False
    free = max(numbers.values(), default=-1) + 1
    for docnames, results in _ahead(run, index_page, _batches(todo)):
        batch: list[Change] = []
        for docname, (found, indexed) in zip(docnames, results, strict=True):
            written.pop(docname, None)
            retimed |= indexed_read.get(docname) != read.get(docname)
            indexed_read[docname] = read.get(docname)
            if found is None:
                page_facets.pop(docname, None)
            else:
                page_facets[docname] = found
            if indexed is None:
                continue
            if docname not in numbers:
                numbers[docname], free = free, free + 1
            begin()
            path = page_file(folder, numbers[docname])
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(indexed.encoded)
            build.update(json.dumps(docname).encode("utf-8") + indexed.encoded)
            batch.append(Change(numbers[docname], indexed.old, indexed.new))
            changed += 1
        tables.apply(batch, free)
    removed: list[Change] = []
    for docname in sorted(numbers.keys() - searchable):
        begin()
        number = numbers.pop(docname)
        indexed_read.pop(docname, None)
        page_facets.pop(docname, None)
        build.update(json.dumps([docname, None]).encode("utf-8"))
        indexed = read_json(page_file(folder, number))
        if indexed is not None:
            removed.append(Change(number, weights(Page.from_json(indexed).records), {}))
            changed += 1
        page_file(folder, number).unlink(missing_ok=True)
    tables.apply(removed, free)
    files = tables.write(run)
    if changed:
        # The files' URLs carry it (?v=…): a browser never mixes files of two builds from its cache.
        manifest["build"] = build.hexdigest()[:16]
    meta = {
        "format": index.FORMAT,
        "build": manifest["build"],
        "pages": len(numbers),
        "postings": tables.postings.files,
        "words": tables.words.files,
        "numbers": free,
        "tail_range": index.TAIL_RANGE,
    }
    meta["facets"], meta["categories"] = facets(page_facets[name] for name in sorted(page_facets))
    # Pages read again with the same records change only the manifest's times.
    if changed or retimed or read_json(folder / "meta.json") != meta:
        begin()
        write_json(folder / "meta.json", meta)
        write_json(folder / MANIFEST, manifest)
    marker.unlink(missing_ok=True)
    return Result(len(numbers), changed, files)


#: Pages whose weights are held at once: a full build applies its pages to
#: the tables this many at a time at most, not all of them together.
BATCH = 500


def _ahead(
    run: Run, function: Callable[[_Item], _Result], batches: list[list[_Item]]
) -> Iterator[tuple[list[_Item], list[_Result]]]:
    """Each batch with its results, the next batch started before they are handed over.

    Workers read and weigh the pages of a batch while this process applies
    the one before to the tables, which only it can change.
    """
    pending = [run(function, batch) for batch in batches[:1]]
    for number, batch in enumerate(batches):
        results = pending.pop()()
        if number + 1 < len(batches):
            pending.append(run(function, batches[number + 1]))
        yield batch, results


def _batches(docnames: list[str]) -> list[list[str]]:
    """``docnames`` in batches of at most :data:`BATCH`, of sizes as equal as can be.

    A small last batch would cost nearly what a full one does: it reads
    and sorts again the postings of most words.
    """
    count, size = -(-len(docnames) // BATCH), len(docnames)
    return [docnames[number * size // count : (number + 1) * size // count] for number in range(count)]


class _Tables:
    """The index's three tables as a run reads and changes them.

    ``sizes`` is the manifest's record of each table's size, kept up to date.
    """

    def __init__(self, folder: Path, sizes: dict[str, int]) -> None:
        self.sizes = sizes
        self.postings = Buckets(
            folder / "postings", index.files_for(sizes["postings"], index.POSTINGS_PER_FILE)
        )
        self.words = Buckets(folder / "words", index.files_for(sizes["words"], index.WORDS_PER_FILE))
        self.tails = Tails(folder / "tails")

    def apply(self, batch: list[Change], numbers: int) -> None:
        """Apply ``batch``, cut each table into the files its new size needs, and empty ``batch``.

        ``numbers`` is one more than the highest page number in use.
        """
        grown = index.update(batch, self.postings, self.tails, self.words, numbers)
        self.sizes["postings"] += grown.postings
        self.sizes["words"] += grown.words
        self.postings.resize(index.files_for(self.sizes["postings"], index.POSTINGS_PER_FILE))
        self.words.resize(index.files_for(self.sizes["words"], index.WORDS_PER_FILE))
        batch.clear()

    def write(self, run: Run) -> int:
        """Write the files that changed, through ``run``; how many."""
        tables = (self.postings, self.words, self.tails)
        files = [(table, name) for table in tables for name in sorted(table.changed)]
        run(write_table_file, files)()
        return len(files)
