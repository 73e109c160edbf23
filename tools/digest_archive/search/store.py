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
import shutil
from abc import ABC, abstractmethod
from collections.abc import Callable, Mapping, Set
from pathlib import Path
from typing import Any, NamedTuple

from . import index
from .index import Change, Record

INDEX_DIR = "_search"
MANIFEST = "manifest.json"
#: The suffix of the files a query reads (pages and tables).
COMPRESSED = ".json.gz"
#: Present while an update writes the index; found at the start of the next, it starts the index over.
UPDATING = ".updating"
#: Bump with any change to what the index holds for the same pages: the
#: records taken from a page (:mod:`digest_archive.sphinxext.search`) or the
#: terms split from them (:mod:`.index`). ``tests/test_cache_versions.py``
#: fails when what the seeds are indexed as changes and this does not.
INDEX_VERSION = 13


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


def update_index(
    folder: Path,
    searchable: Set[str],
    written: dict[str, Page],
    unwritten: Callable[[str], Page],
    read: Mapping[str, Any] | None = None,
) -> Result:
    """Bring the index in ``folder`` in step with the ``searchable`` docnames.

    ``written`` has the pages written in this build, and is emptied as they
    are indexed, so that a full build's text is let go page by page; a
    searchable page the index lacks is read through ``unwritten``. Pages
    whose records are those already indexed cost nothing; a page no longer
    searchable is removed.

    ``read`` says when each page was last read from its source (Sphinx's
    ``env.all_docs``). The manifest keeps it for every page indexed, so a
    page read again since, but not written in this build (a build stopped
    between writing the pages and indexing them), is read through
    ``unwritten`` and indexed: the index heals at the next build. An update
    that was itself stopped leaves a mark (:data:`UPDATING`), and the next
    starts the index over.
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

    build = hashlib.sha256(manifest["build"].encode("utf-8"))
    tables = _Tables(folder, manifest["sizes"])
    batch: list[Change] = []
    changed = 0
    retimed = False
    free = max(numbers.values(), default=-1) + 1
    for docname in todo:
        found = written.pop(docname, None) or unwritten(docname)
        page = found.as_json()
        retimed |= indexed_read.get(docname) != read.get(docname)
        indexed_read[docname] = read.get(docname)
        old: Mapping[str, index.Weight] = {}
        if docname in numbers:
            indexed = _read(_page_file(folder, numbers[docname]))
            if indexed == page:
                continue
            if indexed is not None:
                old = index.weights(Page.from_json(indexed).records)
        else:
            numbers[docname], free = free, free + 1
        begin()
        _write(_page_file(folder, numbers[docname]), page)
        build.update(json.dumps([docname, page], ensure_ascii=False).encode("utf-8"))
        batch.append(Change(numbers[docname], old, index.weights(found.records)))
        changed += 1
        if len(batch) == BATCH:
            tables.apply(batch, free)
    for docname in sorted(numbers.keys() - searchable):
        begin()
        number = numbers.pop(docname)
        indexed_read.pop(docname, None)
        build.update(json.dumps([docname, None]).encode("utf-8"))
        indexed = _read(_page_file(folder, number))
        if indexed is not None:
            batch.append(Change(number, index.weights(Page.from_json(indexed).records), {}))
            changed += 1
        _page_file(folder, number).unlink(missing_ok=True)
    tables.apply(batch, free)
    files = tables.write()
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
#: the tables this many at a time, not all of them together.
BATCH = 500


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

    def write(self) -> int:
        """Write the files that changed; how many."""
        return self.postings.write() + self.words.write() + self.tails.write()


class _Files(ABC):
    """A table kept in files of JSON objects, a key's file named by :meth:`name`.

    Each file is read once, when a key in it is first wanted, and the
    changed ones are written at the end.
    """

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.loaded: dict[str, dict[str, Any]] = {}
        self.changed: set[str] = set()

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

    def write(self) -> int:
        for name in self.changed:
            _write_or_remove(self.folder / f"{name}{COMPRESSED}", self.loaded[name])
        return len(self.changed)

    def _file(self, name: str) -> dict[str, Any]:
        if name not in self.loaded:
            self.loaded[name] = _read(self.folder / f"{name}{COMPRESSED}") or {}
        return self.loaded[name]


class _Buckets(_Files):
    """A table cut into ``files`` files by linear hashing (:func:`~digest_archive.search.index.bucket`)."""

    def __init__(self, folder: Path, files: int) -> None:
        super().__init__(folder)
        self.files = files

    def name(self, key: str) -> str:
        return str(index.bucket(key, self.files))

    def resize(self, files: int) -> None:
        """Cut the table into ``files`` files, splitting or merging one file a step."""
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


def _write_or_remove(path: Path, content: dict[str, Any]) -> None:
    if content:
        _write(path, content)
    else:
        path.unlink(missing_ok=True)


def _write(path: Path, data: Any) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    encoded = json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    if path.name.endswith(".gz"):
        # No time in the header: the same content is the same bytes, build after build.
        encoded = gzip.compress(encoded, compresslevel=6, mtime=0)
    path.write_bytes(encoded)
