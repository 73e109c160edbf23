"""The search index's files in ``_search/`` of the HTML output, updated page by page.

- ``meta.json``: the layout, and the number of pages (for ranking);
- ``postings/N.json`` and ``terms/N.json``: the shards a query loads;
- ``pages/N.json``: page N's URL, title and searchable records, which the
  browser shows as results;
- ``manifest.json``: for the next build, which page is which number, and
  the :data:`INDEX_VERSION` and :data:`~digest_archive.search.index.FORMAT`
  that wrote them (another version re-indexes everything).

Only the pages whose records changed are re-indexed, and only the shards
holding one of their words are rewritten.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable, Mapping, Set
from pathlib import Path
from typing import Any, NamedTuple

from . import index
from .index import Change, Record

INDEX_DIR = "_search"
MANIFEST = "manifest.json"
#: Bump with any change to what the index holds for the same pages: the
#: records taken from a page (:mod:`digest_archive.sphinxext.search`) or the
#: terms split from them (:mod:`.index`). ``tests/test_cache_versions.py``
#: fails when what the seeds are indexed as changes and this does not.
INDEX_VERSION = 1


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


# --- the index folder ----------------------------------------------------------------------


class Result(NamedTuple):
    pages: int
    changed: int
    shards: int


def update_index(
    folder: Path,
    searchable: Set[str],
    written: dict[str, Page],
    unwritten: Callable[[str], Page],
) -> Result:
    """Bring the index in ``folder`` in step with the ``searchable`` docnames.

    ``written`` has the pages written in this build, and is emptied as they
    are indexed, so that a full build's text is let go page by page; a
    searchable page the index lacks is read through ``unwritten``. Pages
    whose records are those already indexed cost nothing; a page no longer
    searchable is removed.
    """
    manifest = _read(folder / MANIFEST) or {}
    # A missing page file would leave its words in the shards for good.
    version = {"version": INDEX_VERSION, "format": index.FORMAT}
    if any(manifest.get(key) != value for key, value in version.items()) or not all(
        _page_file(folder, number).is_file() for number in manifest.get("pages", {}).values()
    ):
        shutil.rmtree(folder, ignore_errors=True)
        manifest = {**version, "pages": {}}
    numbers: dict[str, int] = manifest["pages"]
    todo = sorted((written.keys() & searchable) | (searchable - numbers.keys()))
    shards = _Shards(folder)
    batch: list[Change] = []
    changed = 0
    free = max(numbers.values(), default=-1) + 1
    for docname in todo:
        found = written.pop(docname, None) or unwritten(docname)
        page = found.as_json()
        old: Mapping[str, int] = {}
        if docname in numbers:
            indexed = _read(_page_file(folder, numbers[docname]))
            if indexed == page:
                continue
            if indexed is not None:
                old = index.weights(Page.from_json(indexed).records)
        else:
            numbers[docname], free = free, free + 1
        _write(_page_file(folder, numbers[docname]), page)
        batch.append(Change(numbers[docname], old, index.weights(found.records)))
        changed += 1
        if len(batch) == BATCH:
            shards.apply(batch)
    for docname in sorted(numbers.keys() - searchable):
        number = numbers.pop(docname)
        indexed = _read(_page_file(folder, number))
        if indexed is not None:
            batch.append(Change(number, index.weights(Page.from_json(indexed).records), {}))
            changed += 1
        _page_file(folder, number).unlink(missing_ok=True)
    shards.apply(batch)
    shards.write()
    meta = {
        "format": index.FORMAT,
        "pages": len(numbers),
        "posting_shards": index.POSTING_SHARDS,
        "term_shards": index.TERM_SHARDS,
    }
    if changed or _read(folder / "meta.json") != meta:
        _write(folder / "meta.json", meta)
        _write(folder / MANIFEST, manifest)
    return Result(len(numbers), changed, len(shards.postings) + len(shards.terms))


#: Pages whose weights are held at once: a full build applies its pages to
#: the shards this many at a time, not all of them together.
BATCH = 500


class _Shards:
    """The shards a run touches, read once, changed batch by batch, and written at the end."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.postings: dict[int, index.Postings] = {}
        self.terms: dict[int, index.TermCounts] = {}

    def apply(self, batch: list[Change]) -> None:
        """Apply ``batch`` to the shards it touches, and empty it."""
        index.update(batch, self._load_postings, self._load_terms)
        batch.clear()

    def write(self) -> None:
        for kind, contents in (("postings", self.postings), ("terms", self.terms)):
            for number, content in contents.items():
                path = self.folder / kind / f"{number}.json"
                if content:
                    _write(path, content)
                else:
                    path.unlink(missing_ok=True)

    def _load_postings(self, number: int) -> index.Postings:
        if number not in self.postings:
            self.postings[number] = _read(self.folder / "postings" / f"{number}.json") or {}
        return self.postings[number]

    def _load_terms(self, number: int) -> index.TermCounts:
        if number not in self.terms:
            self.terms[number] = _read(self.folder / "terms" / f"{number}.json") or {}
        return self.terms[number]


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
