"""Filing a new digest: the day its links give it (pure), and its bytes written once into the raw folder.

``digest add`` takes a digest as it was published and files it where the
layout wants it, ``raw/YYYY/YYYY-MM-DD.txt``. The day comes from the parsed
digest's Weibo post links (:func:`file_date`), as lint's DA111 checks it;
the bytes are checked as lint's byte rules check a raw file
(:func:`parse_input`) and written unchanged, atomically, never over a file
(:func:`write_new`).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import os
import secrets
from dataclasses import dataclass
from typing import BinaryIO

from ..lint import MAX_FILE_BYTES, REGISTRY, lint_bytes, stops
from ..model import Digest
from ..text.dates import arxiv_month, date_range, in_range, posted_on, weibo_date
from ..text.layout import day_parts, day_path
from .files import UsageError, parse_raw


@dataclass(frozen=True)
class Filing:
    """The day a digest is filed under, and what the user should be told about it."""

    date: dt.date
    notes: tuple[str, ...] = ()


def file_date(digest: Digest, given: dt.date | None = None, *, force: bool = False) -> Filing:
    """The day to file ``digest`` under: ``given`` (``--date``), else its first Weibo post's.

    A digest's day is the Beijing day of its first Weibo post; the other
    posts may be of that day or the next (lint's DA111). arXiv links give
    only the month a paper was submitted, which cannot be after the
    digest's. A ``given`` day the links contradict is refused unless
    ``force``; without one, a digest no post link dates is refused. A day
    no digest can have (:func:`~digest_archive.text.dates.in_range`) is
    refused, ``force`` or not, and a post link that decodes to one dates nothing.
    """
    if given is not None and not in_range(given):
        raise UsageError(f"--date {given}: a digest is dated {date_range()}; nothing written")
    links = [url for entry in digest.entries for url in entry.links]
    posted = sorted({day for url in links if (day := weibo_date(url)) is not None})
    newest = max((month for url in links if (month := arxiv_month(url)) is not None), default=None)
    if given is None:
        if not posted:
            mangled = sorted({day for url in links if (day := posted_on(url)) is not None})
            if mangled:
                days = ", ".join(map(str, mangled))
                cited = f" (its Weibo links decode to {days}: a digest is dated {date_range()})"
            else:
                cited = "" if newest is None else f" (its arXiv links say {_month(newest)} or later)"
            raise UsageError(
                f"no Weibo post link dates this digest{cited}: give the day it was published "
                "with --date YYYY-MM-DD; nothing written"
            )
        notes = []
        if len(posted) > 1:
            days = ", ".join(day.isoformat() for day in posted)
            notes.append(
                f"its Weibo posts were made on {days} (Beijing time): filed under the first, {posted[0]}"
            )
        if newest is not None and newest > (posted[0].year, posted[0].month):
            notes.append(
                f"it cites an arXiv paper of {_month(newest)}, after its first Weibo post: "
                f"filed by the post, under {posted[0]}"
            )
        return Filing(posted[0], tuple(notes))
    conflicts = []
    if posted and posted[0] != given:
        conflicts.append(f"its first Weibo post was made on {posted[0]} (Beijing time)")
    if newest is not None and newest > (given.year, given.month):
        conflicts.append(f"it cites an arXiv paper of {_month(newest)}")
    if not conflicts:
        return Filing(given)
    disagreement = f"--date {given} disagrees with the digest's links: {'; '.join(conflicts)}"
    if not force:
        instead = "leave --date out to file it by its Weibo posts, or " if posted else ""
        raise UsageError(
            f"{disagreement}; nothing written. Check the day: {instead}"
            f"add --force to file it under {given} all the same"
        )
    return Filing(given, (f"{disagreement}; filed under {given} as --force asks",))


def _month(month: tuple[int, int]) -> str:
    return f"{month[0]}-{month[1]:02d}"


def read_digest(source: str, stdin: BinaryIO) -> tuple[str, bytes]:
    """The input's name for messages, and its bytes: of the file ``source``, or of ``stdin`` for ``-``.

    Never more than one byte past what a raw file may hold, so that a larger
    input shows without being read whole.
    """
    if source == "-":
        return "standard input", stdin.read(MAX_FILE_BYTES + 1)
    try:
        with open(source, "rb") as file:
            return source, file.read(MAX_FILE_BYTES + 1)
    except OSError as error:
        raise UsageError(f"cannot read {source}: {error.strerror or error}") from error


def parse_input(name: str, data: bytes) -> Digest:
    """The digest in ``data``; refused if lint would not read it: too large, binary, not UTF-8, empty."""
    if len(data) > MAX_FILE_BYTES:
        raise UsageError(
            f"{name} is larger than a raw digest may be ({MAX_FILE_BYTES:,} bytes, DA005); nothing written"
        )
    problems = [problem for problem in lint_bytes(REGISTRY.values(), name, data) if stops([problem])]
    if problems:
        found = "; ".join(f"line {d.line}, column {d.column}: {d.code} {d.message}" for d in problems)
        raise UsageError(f"{name} cannot be filed as a digest: {found}; nothing written")
    return parse_raw(name, data)


def write_new(raw_dir: str, date: dt.date, data: bytes) -> str:
    """Write ``data`` as the digest of ``date`` below ``raw_dir``; its path, as the layout names it.

    The raw folder and its year's folder must be real folders, not symbolic
    links (the year's is created if missing), and the day's file must not
    exist in any form, a dangling link included. Folders are opened without
    following links and the file is made inside the opened year folder, so
    nothing swapped in between the checks and the write is followed. The
    bytes go to a temporary file first, which then takes the day's name, so
    a reader never sees half a digest.
    """
    target = day_path(date, raw_dir)
    year, name = day_parts(date)
    folder = _year_folder(raw_dir, year)
    try:
        temporary = f".{name}.{secrets.token_hex(8)}.tmp"
        # O_EXCL with O_NOFOLLOW: a link planted under this name is not written through.
        flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW
        try:
            descriptor = os.open(temporary, flags, 0o666, dir_fd=folder)
        except OSError as error:
            raise _unwritable(target, error) from error
        try:
            with os.fdopen(descriptor, "wb") as file:
                file.write(data)
                file.flush()
                os.fsync(file.fileno())
            # A hard link, not os.rename: rename replaces whatever has the name, a
            # link fails if anything has it, a dangling link included (Python has
            # no RENAME_NOREPLACE).
            os.link(temporary, name, src_dir_fd=folder, dst_dir_fd=folder, follow_symlinks=False)
        except FileExistsError as error:
            raise UsageError(f"{target} exists: digest add never replaces a file; nothing written") from error
        except OSError as error:
            raise _unwritable(target, error) from error
        finally:
            os.unlink(temporary, dir_fd=folder)
        os.fsync(folder)
    finally:
        os.close(folder)
    return target


_FOLDER = os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW


def _year_folder(raw_dir: str, year: str) -> int:
    """The year's folder in the raw folder, opened (and made if missing), neither through a link."""
    try:
        # normpath: a trailing slash would make the system follow a link named by raw_dir.
        root = os.open(os.path.normpath(raw_dir), _FOLDER)
    except FileNotFoundError as error:
        raise UsageError(
            f"no raw folder {raw_dir}: run digest add where the archive is, or give --raw-dir"
        ) from error
    except OSError as error:
        raise _unusable(raw_dir, error) from error
    try:
        with contextlib.suppress(FileExistsError):
            os.mkdir(year, dir_fd=root)
        return os.open(year, _FOLDER, dir_fd=root)
    except OSError as error:
        raise _unusable(f"{raw_dir.rstrip('/')}/{year}", error) from error
    finally:
        os.close(root)


def _unusable(folder: str, error: OSError) -> UsageError:
    if error.errno in (errno.ELOOP, errno.ENOTDIR):
        why = "is a symbolic link or not a folder: raw digests go in real folders"
    else:
        why = f"cannot be opened: {error.strerror or error}"
    return UsageError(f"{folder} {why}; nothing written")


def _unwritable(target: str, error: OSError) -> UsageError:
    return UsageError(f"cannot write {target}: {error.strerror or error}; nothing written")
