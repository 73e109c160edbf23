"""The search index's files in ``_search/`` of the HTML output, updated page by page.

- ``meta.json``: the number of pages (for ranking) and of files in each
  table (to find a key's);
- ``postings/N.json.gz``, ``words/N.json.gz`` and ``tails/HASH-PART.json.gz``: the tables
  of :mod:`~digest_archive.search.index`, which a query reads;
- ``pages/N.json.gz``: page N's URL, title and searchable records, which the
  browser shows as results;
- ``manifest.json``: for the next build, which page is which number, the
  size of each table, and the :data:`INDEX_VERSION` and
  :data:`~digest_archive.search.index.FORMAT` that wrote them (another
  version re-indexes everything).

Only the pages whose records changed are re-indexed, and only the files
holding one of their words are rewritten.

The files a query reads are kept gzip-compressed, as Pagefind keeps its
own: a host that compresses what it serves (GitHub Pages, Read the Docs)
then sends about the same bytes, and one that does not (a plain file
server, ``make serve``) sends a third of them. ``meta.json``, tiny and
asked for on every search, and the build's ``manifest.json`` are plain.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import shutil
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterator, Mapping, Sequence, Set
from pathlib import Path
from typing import Any, NamedTuple, Protocol, TypeVar

from . import index
from .index import Change
from .weights import Record, Weight, weights

_Item = TypeVar("_Item")
_Result = TypeVar("_Result")

INDEX_DIR = "_search"
MANIFEST = "manifest.json"
#: The suffix of the files a query reads (pages and tables).
COMPRESSED = ".json.gz"
#: Present while an update writes the index; found at the start of the next, it starts the index over.
UPDATING = ".updating"
#: Bump with any change to what the index holds for the same pages: the
#: records taken from a page (:mod:`digest_archive.sphinxext.search`), the
#: terms split from them (:mod:`.terms`) or their weights (:mod:`.weights`).
#: ``tests/test_cache_versions.py`` fails when what the seeds are indexed as
#: changes and this does not.
INDEX_VERSION = 14


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
    #: entry's category (by the record's anchor).
    year: str = ""
    categories: tuple[tuple[str, str], ...] = ()

    def as_json(self) -> dict[str, Any]:
        return {
            "url": self.url,
            "title": self.title,
            "records": [list(r) for r in self.records],
            "scope": self.scope,
            "year": self.year,
            "categories": dict(self.categories),
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Page:
        records = [Record(*record) for record in data["records"]]
        categories = tuple(data["categories"].items())
        return cls(data["url"], data["title"], records, data["scope"], data["year"], categories)


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
    manifest = _read(folder / MANIFEST) or {}
    # A missing page file would leave its words in the index for good.
    version = {"version": INDEX_VERSION, "format": index.FORMAT}
    if (
        any(manifest.get(key) != value for key, value in version.items())
        or (folder / UPDATING).exists()
        or not all(_page_file(folder, number).is_file() for number in manifest.get("pages", {}).values())
    ):
        shutil.rmtree(folder, ignore_errors=True)
        manifest = {**version, "pages": {}, "read": {}, "sizes": {"postings": 0, "words": 0}, "build": ""}
    numbers: dict[str, int] = manifest["pages"]
    indexed_read: dict[str, Any] = manifest["read"]
    stale = {name for name in searchable & numbers.keys() if indexed_read.get(name) != read.get(name)}
    todo = sorted((written.keys() & searchable) | (searchable - numbers.keys()) | stale)
    marker = folder / UPDATING

    def begin() -> None:
        # From the first file written until the manifest is, the files and the manifest disagree.
        if not marker.exists():
            folder.mkdir(parents=True, exist_ok=True)
            marker.touch()

    def index_page(docname: str) -> _Indexed | None:
        found = written.get(docname) or unwritten(docname)
        page = found.as_json()
        old: dict[str, Weight] = {}
        if docname in numbers:
            indexed = _read(_page_file(folder, numbers[docname]))
            if indexed == page:
                return None
            if indexed is not None:
                old = weights(Page.from_json(indexed).records)
        return _Indexed(_encode(page, compress=True), old, weights(found.records))

    build = hashlib.sha256(manifest["build"].encode("utf-8"))
    tables = _Tables(folder, manifest["sizes"])
    changed = 0
    retimed = False
    free = max(numbers.values(), default=-1) + 1
    for docnames, results in _ahead(run, index_page, _batches(todo)):
        batch: list[Change] = []
        for docname, indexed in zip(docnames, results, strict=True):
            written.pop(docname, None)
            retimed |= indexed_read.get(docname) != read.get(docname)
            indexed_read[docname] = read.get(docname)
            if indexed is None:
                continue
            if docname not in numbers:
                numbers[docname], free = free, free + 1
            begin()
            path = _page_file(folder, numbers[docname])
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
        build.update(json.dumps([docname, None]).encode("utf-8"))
        indexed = _read(_page_file(folder, number))
        if indexed is not None:
            removed.append(Change(number, weights(Page.from_json(indexed).records), {}))
            changed += 1
        _page_file(folder, number).unlink(missing_ok=True)
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
    # Pages read again with the same records change only the manifest's times.
    if changed or retimed or _read(folder / "meta.json") != meta:
        begin()
        _write(folder / "meta.json", meta)
        _write(folder / MANIFEST, manifest)
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
        self.postings = _Buckets(
            folder / "postings", index.files_for(sizes["postings"], index.POSTINGS_PER_FILE)
        )
        self.words = _Buckets(folder / "words", index.files_for(sizes["words"], index.WORDS_PER_FILE))
        self.tails = _Tails(folder / "tails")

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
        run(_write_table_file, files)()
        return len(files)


class _Files(ABC):
    """A table kept in files of JSON objects, a key's file named by :meth:`name`.

    Each file is read once, when a key in it is first wanted, and the
    changed ones are written at the end.
    """

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.loaded: dict[str, dict[str, Any]] = {}
        self.changed: set[str] = set()
        # Listed once: an index made anew would otherwise try to open each
        # of its thousands of files before writing it.
        self.stored = {
            entry.name.removesuffix(COMPRESSED)
            for entry in (os.scandir(folder) if folder.is_dir() else ())
            if entry.name.endswith(COMPRESSED)
        }

    @abstractmethod
    def name(self, key: str) -> str:
        """The name of the file holding ``key``."""

    def get(self, key: str) -> Any:
        return self._file(self.name(key)).get(key)

    def put(self, key: str, value: Any) -> None:
        name = self.name(key)
        self._file(name)[key] = value
        self.changed.add(name)

    def drop(self, key: str) -> None:
        name = self.name(key)
        if self._file(name).pop(key, None) is not None:
            self.changed.add(name)

    def write(self, name: str) -> None:
        """Write the file ``name`` as it is now, or remove it if it holds no key."""
        path, content = self.folder / f"{name}{COMPRESSED}", self.loaded[name]
        if content:
            _write(path, content)
        else:
            path.unlink(missing_ok=True)

    def _file(self, name: str) -> dict[str, Any]:
        if name not in self.loaded:
            stored = _read(self.folder / f"{name}{COMPRESSED}") if name in self.stored else None
            self.loaded[name] = stored or {}
        return self.loaded[name]


class _Buckets(_Files):
    """A table cut into ``files`` files by linear hashing (:func:`~digest_archive.search.index.bucket`)."""

    def __init__(self, folder: Path, files: int) -> None:
        super().__init__(folder)
        self.files = files
        # A word's file is asked for at each page that holds it; until the table is cut anew.
        self.names: dict[str, str] = {}

    def name(self, key: str) -> str:
        name = self.names.get(key)
        if name is None:
            name = self.names[key] = str(index.bucket(key, self.files))
        return name

    def resize(self, files: int) -> None:
        """Cut the table into ``files`` files, splitting or merging one file a step."""
        if files != self.files:
            self.names.clear()
        while self.files < files:
            new, old = str(self.files), str(index.split_file(self.files))
            content = self._file(old)
            moved = {
                key: content.pop(key)
                for key in list(content)
                if index.bucket(key, self.files + 1) == self.files
            }
            self.loaded[new] = moved
            self.changed |= {old, new}
            self.files += 1
        while self.files > files:
            last, into = str(self.files - 1), str(index.split_file(self.files - 1))
            self._file(into).update(self._file(last))
            self.loaded[last] = {}
            self.changed |= {into, last}
            self.files -= 1


class _Tails(_Files):
    """The tails table: a file for each part of a word's tail (two words' when their hashes agree)."""

    def name(self, key: str) -> str:
        return index.tail_file(key)


def _page_file(folder: Path, number: int) -> Path:
    return folder / "pages" / f"{number}{COMPRESSED}"


def _read(path: Path) -> Any:
    try:
        data = path.read_bytes()
        return json.loads(gzip.decompress(data) if path.name.endswith(".gz") else data)
    except (OSError, ValueError, EOFError):
        return None


def _write_table_file(file: tuple[_Files, str]) -> None:
    table, name = file
    table.write(name)


def _write(path: Path, data: Any) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(_encode(data, compress=path.name.endswith(".gz")))


def _encode(data: Any, compress: bool) -> bytes:
    encoded = json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    # No time in the header: the same content is the same bytes, build after build.
    return gzip.compress(encoded, compresslevel=6, mtime=0) if compress else encoded
