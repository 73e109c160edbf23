"""Raw files in and out: the edge where paths become digests, for the CLI and the build.

Paths are described and checked before anything is read (:func:`scan`,
:func:`load`); a file is then read safely (:func:`read_raw`) and parsed, or
reported with the diagnostics that say why it cannot be. The build
publishes the raw files next to the pages (:func:`publish_days`). The
archive's ``names.toml`` is read here too (:func:`read_names`).
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import stat
import tomllib
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, replace
from pathlib import Path

from pydantic import ValidationError

from ..lint import MAX_FILE_BYTES, REGISTRY, Diagnostic, lint_bytes, lint_path, stops
from ..lint.files import named_by_links
from ..model import Digest
from ..text.dates import date_from_path
from ..text.layout import RAW_DIR, Kind, RawPath, day_parts, day_path, misplaced, place
from ..text.parse import parse_digest
from ..text.variants import NO_NAMES, NamesFile


class UsageError(Exception):
    """A path the user gave does not exist or cannot be read (exit status 2)."""


def scan(paths: Iterable[str], raw_dir: str = RAW_DIR, base: Path = Path()) -> list[RawPath]:
    """Describe every file below ``paths``, without opening any of them.

    A path given is taken as it is. Below a folder, inside the raw folder
    ``raw_dir``, every entry is described (anything there that is not a
    day's digest is a lint error); elsewhere the ``*.txt`` ones. Symbolic
    links below a folder are described as links, never followed.

    ``paths`` and ``raw_dir`` are written relative to ``base`` (the working
    folder, or the Sphinx project's), and are reported as written.
    """
    found: list[RawPath] = []
    for given in paths:
        try:
            info = os.lstat(base / given)
        except OSError as error:
            raise UsageError(f"no such file or directory: {given}") from error
        inside = place(given, raw_dir) is not None
        # Outside the raw folder a link given by name is followed, as `find -H` does.
        if stat.S_ISDIR(info.st_mode) or (not inside and (base / given).is_dir()):
            found.extend(_walk(given, raw_dir, base, inside))
        else:
            found.append(_describe(given, info, raw_dir, base))
    return found


def _walk(folder: str, raw_dir: str, base: Path, inside: bool) -> Iterator[RawPath]:
    with os.scandir(base / folder) as entries:
        for entry in sorted(entries, key=lambda entry: entry.name):
            name = f"{folder.rstrip('/')}/{entry.name}"
            info = entry.stat(follow_symlinks=False)
            if stat.S_ISDIR(info.st_mode) and not entry.name.endswith(".txt"):
                yield from _walk(name, raw_dir, base, inside)
            elif inside or entry.name.endswith(".txt"):
                yield _describe(name, info, raw_dir, base)


def _describe(name: str, info: os.stat_result, raw_dir: str, base: Path) -> RawPath:
    mode = info.st_mode
    if stat.S_ISREG(mode):
        kind = Kind.FILE
    elif stat.S_ISLNK(mode):
        kind = Kind.SYMLINK
    elif stat.S_ISDIR(mode):
        kind = Kind.FOLDER
    else:
        kind = Kind.OTHER
    path = RawPath(
        name,
        kind,
        info.st_size if kind is Kind.FILE else 0,
        place(name, raw_dir),
        raw_dir,
    )
    if misplaced(path) and path.date is not None:
        return replace(path, day_taken=os.path.lexists(base / day_path(path.date, raw_dir)))
    return path


def read_raw(path: Path) -> bytes:
    """The bytes of a raw file that the path rules let through.

    Opened without following a symbolic link and read only if it is still a
    regular file, never past the size a digest can have: the path was
    checked before, but the file may have changed since.
    """
    try:
        descriptor = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    except OSError as error:
        raise UsageError(f"cannot read {path}: {error.strerror or error}") from error
    with os.fdopen(descriptor, "rb") as file:
        info = os.fstat(file.fileno())
        if not stat.S_ISREG(info.st_mode):
            raise UsageError(f"cannot read {path}: not a regular file")
        # Asked for as much as there is: read() sets that much memory aside first.
        return file.read(min(info.st_size, MAX_FILE_BYTES) + 1)


@dataclass(frozen=True)
class Loaded:
    """A raw file, read: the digest, or the diagnostics that stopped it."""

    path: str
    digest: Digest | None
    #: What the path and byte rules found, all of them (``digest lint`` runs the selected rest).
    problems: list[Diagnostic]


def load(path: RawPath, base: Path = Path()) -> Loaded:
    """Check one raw file's path, then read and parse it if nothing stops it.

    The path rules run first and the byte rules next, whatever the rule
    selection (``digest lint`` keeps the selected findings): a file one of
    them stops (a link, a binary file…) cannot be read at all. A misplaced
    file (DA110) is still read, so that ``digest lint`` reports everything
    about it at once, and a name that is no date is told the one its Weibo
    links give.
    """
    problems = lint_path(REGISTRY.values(), path)
    if stops(problems):
        return Loaded(path.name, None, problems)
    found, digest = read_checked(path.name, read_raw(base / path.name))
    problems += found
    if digest is None:
        return Loaded(path.name, None, problems)
    return Loaded(path.name, digest, named_by_links(problems, path, digest))


def read_checked(name: str, data: bytes) -> tuple[list[Diagnostic], Digest | None]:
    """What the byte-level rules find in a raw file's ``data``, and its digest unless they stop it."""
    problems = lint_bytes(REGISTRY.values(), name, data)
    return problems, None if stops(problems) else parse_raw(name, data)


def parse_raw(name: str, data: bytes) -> Digest:
    """The digest in ``data``, which no byte-level rule stopped."""
    return parse_digest(data.decode("utf-8"), source=name, date=date_from_path(name))


def load_all(paths: Iterable[str], raw_dir: str = RAW_DIR) -> Iterator[Loaded]:
    """Load every raw digest found below ``paths`` (see :func:`scan`)."""
    for path in scan(paths, raw_dir):
        yield load(path)


def write_raw(folder: Path, date: dt.date, text: str) -> Path:
    """Write a raw digest where the archive keeps it: ``folder/YYYY/YYYY-MM-DD.txt``."""
    path = folder.joinpath(*day_parts(date))
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def copy_if_changed(original: Path, copy: Path) -> bool:
    """Copy ``original`` to ``copy`` unless it is there with the same size and time; whether it copied.

    A copy keeps its original's time, so the next build finds it current.
    What is at ``copy`` is replaced, never written through: a symbolic link
    there is removed, not followed.
    """
    source = original.stat()
    try:
        existing = copy.lstat()
    except FileNotFoundError:
        existing = None
    same = (source.st_size, source.st_mtime_ns)
    if existing is not None and (existing.st_size, existing.st_mtime_ns) == same:
        return False
    copy_file(original, copy)
    return True


def copy_file(original: Path, copy: Path) -> None:
    """Copy ``original`` to ``copy`` with its time; what is at ``copy`` is replaced, a link not followed."""
    copy.parent.mkdir(parents=True, exist_ok=True)
    copy.unlink(missing_ok=True)
    shutil.copy2(original, copy)


def publish_days(raw: Mapping[str, Path], raw_dir: str, folder: Path) -> list[Path]:
    """Copy each day's file of ``raw`` (name as given, to where it is) below ``folder``, as the layout has it.

    Only the files named by the layout below ``raw_dir``
    (``YYYY/YYYY-MM-DD.txt``) are copied, and only when the copy is missing
    or differs in size or time (a copy keeps its file's time), so a build
    copies only the new and changed digests. Files in ``folder`` that no
    digest has any more are deleted. The copies written are returned.
    """
    wanted: dict[Path, Path] = {}
    for name, path in raw.items():
        parts, date = place(name, raw_dir), date_from_path(name)
        if date is not None and parts == day_parts(date):
            wanted[folder.joinpath(*parts)] = path
    copied = [target for target, path in wanted.items() if copy_if_changed(path, target)]
    if folder.is_dir():
        for stale in [path for path in folder.rglob("*") if path.is_file() and path not in wanted]:
            stale.unlink()
    return copied


def read_names(path: Path, *, required: bool = False) -> NamesFile:
    """The archive's ``names.toml`` at ``path``, validated; empty when absent and not ``required``."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        if required:
            raise UsageError(f"{path}: no such file") from None
        return NO_NAMES
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        raise UsageError(f"{path}: {error}") from None
    try:
        return NamesFile.model_validate(data)
    except ValidationError as error:
        problems = "; ".join(
            f"{'.'.join(map(str, problem['loc'])) or 'the file'}: {problem['msg']}"
            for problem in error.errors()
        )
        raise UsageError(f"{path}: {problems}") from None
