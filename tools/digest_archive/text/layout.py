"""Where raw digests live: the layout of ``raw/``, and what a path says of its file.

The archive keeps one file a day, at ``raw/YYYY/YYYY-MM-DD.txt``. Nothing
else belongs in the raw folder: a second file named after a day that has one
(``raw/00/2020-12-16.txt``) would replace that day's page, and a symbolic
link would publish whatever it points at. So every path is described here
first (:class:`RawPath`: what kind of file it is, how large, and where it
sits below the raw folder) and checked by the path rules of
:mod:`~digest_archive.lint` before any byte of it is read.

Pure functions of strings; :mod:`~digest_archive.archive.files` looks at the disk.
"""

from __future__ import annotations

import datetime as dt
import functools
import posixpath
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from enum import StrEnum
from typing import TypeVar

from .dates import date_from_path

#: The name a raw digest's folder has by default (``digest_raw_dir``).
RAW_DIR = "raw"


class Kind(StrEnum):
    """What a path is, seen without following symbolic links."""

    FILE = "file"
    SYMLINK = "symbolic link"
    FOLDER = "folder"
    OTHER = "special file"
    """A FIFO, a socket or a device: reading one can block forever."""


@dataclass(frozen=True)
class RawPath:
    """A path given to the tools or found below a folder, before it is read."""

    #: The path as diagnostics report it (``raw/2020/2020-12-16.txt``).
    name: str
    kind: Kind = Kind.FILE
    #: Its size in bytes (0 for anything but a file).
    size: int = 0
    #: Its path below the raw folder, split, when it is inside one; else None.
    below_raw: tuple[str, ...] | None = None
    #: The raw folder as the user wrote it, for messages (``raw``).
    raw_dir: str = RAW_DIR
    #: The file of the same day already exists where the layout wants it.
    day_taken: bool = False

    @functools.cached_property
    def date(self) -> dt.date | None:
        """The day the file's name gives, if it is ``YYYY-MM-DD.txt`` in ASCII digits."""
        # Asked for several times a file by each scan of the raw folder, thousands of files.
        return date_from_path(self.name) if self.name.endswith(".txt") else None


def place(name: str, raw_dir: str = RAW_DIR) -> tuple[str, ...] | None:
    """The parts of ``name`` below ``raw_dir``; None when it is not inside it.

    Both are taken as written (relative to the same working folder), never
    through symbolic links: a link inside the raw folder is inside it.
    """
    name, root = _normal(name), _normal(raw_dir)
    if posixpath.isabs(name) != posixpath.isabs(root):
        return None
    # By prefix, as posixpath.relpath would say, without asking for the
    # working folder (each scan of the raw folder asks for thousands of
    # files), but for a path that climbs out of it.
    if _climbs(name) or _climbs(root):
        relative = posixpath.relpath(name, root)
    elif root == ".":
        relative = name
    elif name == root:
        return ()
    elif name.startswith(prefix := root.rstrip("/") + "/"):
        relative = name[len(prefix) :]
    else:
        return None
    if relative == ".":
        return ()
    if _climbs(relative):
        return None
    return tuple(relative.split("/"))


def _climbs(path: str) -> bool:
    return path == ".." or path.startswith("../")


def _normal(path: str) -> str:
    """``path`` with ``/`` for ``\\``, normalized, and one ``/`` at the start of an absolute one."""
    normal = posixpath.normpath(path.replace("\\", "/"))
    return "/" + normal.lstrip("/") if normal.startswith("//") else normal


def day_parts(date: dt.date) -> tuple[str, str]:
    """Where the layout keeps the digest of ``date``, below the raw folder."""
    # Four digits, as the file name has them: the year 1 is 0001/0001-01-01.txt.
    return f"{date.year:04d}", f"{date.isoformat()}.txt"


def day_path(date: dt.date, raw_dir: str = RAW_DIR) -> str:
    """Where the layout keeps the digest of ``date``."""
    return "/".join((raw_dir.rstrip("/"), *day_parts(date)))


def misplaced(path: RawPath) -> bool:
    """Whether ``path`` is a day's file inside the raw folder, but not where that day's goes."""
    date = path.date
    return path.below_raw is not None and date is not None and path.below_raw != day_parts(date)


def ascii_hint(file_name: str) -> str | None:
    """The name written with ASCII digits, when that is all that keeps it from being a day's."""
    folded = unicodedata.normalize("NFKC", file_name)
    if folded != file_name and date_from_path(folded) is not None and folded.endswith(".txt"):
        return folded
    return None


Item = TypeVar("Item")


def one_a_day(items: Iterable[Item], day: Callable[[Item], dt.date | None]) -> dict[dt.date, Item]:
    """Each day's first item of ``items`` (files, sources…): of several for one day, the first has the page.

    Items ``day`` gives no date have none. In the raw folder a day has one
    file (lint refuses a second); files given elsewhere may share a day.
    """
    days: dict[dt.date, Item] = {}
    for item in items:
        date = day(item)
        if date is not None:
            days.setdefault(date, item)
    return days
