"""The search index's files: JSON, gzip-compressed where a query reads it, and a table cut into files.

The files a query reads are kept gzip-compressed, as Pagefind keeps its
own: a host that compresses what it serves (GitHub Pages, Read the Docs)
then sends about the same bytes, and one that does not (a plain file
server, ``make serve``) sends far fewer than it would of plain JSON
(``source/performance.md``). ``meta.json``, tiny and
asked for on every search, and the build's ``manifest.json`` are plain.
"""

from __future__ import annotations

import gzip
import json
import os
import zlib
from abc import ABC, abstractmethod
from pathlib import Path
from typing import Any

from . import index

#: The suffix of the files a query reads (pages and tables).
COMPRESSED = ".json.gz"


class TableFiles(ABC):
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
            write_json(path, content)
        else:
            path.unlink(missing_ok=True)

    def _file(self, name: str) -> dict[str, Any]:
        if name not in self.loaded:
            stored = read_json(self.folder / f"{name}{COMPRESSED}") if name in self.stored else None
            self.loaded[name] = stored or {}
        return self.loaded[name]


class Buckets(TableFiles):
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


class Tails(TableFiles):
    """The tails table: a file for each part of a word's tail (two words' when their hashes agree)."""

    def name(self, key: str) -> str:
        return index.tail_file(key)


def write_table_file(file: tuple[TableFiles, str]) -> None:
    """Write one file of a table: ``(table, name)``, as a worker is handed it."""
    table, name = file
    table.write(name)


def page_file(folder: Path, number: int) -> Path:
    return folder / "pages" / f"{number}{COMPRESSED}"


def read_json(path: Path) -> Any:
    """The JSON ``path`` holds, gunzipped if its name ends in ``.gz``; None if it is missing or unreadable."""
    try:
        data = path.read_bytes()
        # zlib reads gzip's one member itself (wbits=31), in C: a third
        # quicker than gzip.decompress, for the thousands of files one more
        # digest's words are in.
        return json.loads(zlib.decompress(data, wbits=31) if path.name.endswith(".gz") else data)
    except (OSError, ValueError, EOFError, zlib.error):
        return None


def write_json(path: Path, data: Any) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(encode_json(data, compress=path.name.endswith(".gz")))


def encode_json(data: Any, compress: bool) -> bytes:
    encoded = json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    # No time in the header: the same content is the same bytes, build after build.
    return gzip.compress(encoded, compresslevel=6, mtime=0) if compress else encoded
