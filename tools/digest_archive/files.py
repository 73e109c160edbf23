"""Files in and out: the edge shared by the CLI and the Sphinx extension.

Reading turns paths into parsed digests (or the diagnostics that say why a
file cannot be read); converting writes the MyST pages of an archive,
touching only files whose content changed so Sphinx rebuilds only those.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import stat
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from . import categories, cite, dates, layout, lint, markup, model, parse, render, urls
from .cite import base_keys, distinct_keys
from .dates import date_from_path
from .layout import RAW_DIR, Kind, RawPath, day_path, misplaced, place
from .lint import MAX_FILE_BYTES, REGISTRY, Diagnostic, lint_bytes, lint_digest, lint_path, stops
from .model import Digest
from .parse import normalize, parse_digest
from .render import (
    BOOK,
    Listing,
    Neighbours,
    listing,
    page_path,
    render_archive_index,
    render_book,
    render_digest,
    render_year_index,
)
from .synth import Template


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
        if not stat.S_ISREG(os.fstat(file.fileno()).st_mode):
            raise UsageError(f"cannot read {path}: not a regular file")
        return file.read(MAX_FILE_BYTES + 1)


@dataclass(frozen=True)
class Loaded:
    """A raw file, read: the digest, or the diagnostics that stopped it."""

    path: str
    digest: Digest | None
    #: What the path and byte rules found (only those: ``digest lint`` runs the selected rest).
    problems: list[Diagnostic]


def load(path: RawPath, base: Path = Path()) -> Loaded:
    """Check one raw file's path, then read and parse it if nothing stops it.

    The path rules run first and the byte rules next, whatever the rule
    selection: a file one of them stops (a link, a binary file…) cannot be
    read at all. A misplaced file (DA110) is still read, so that ``digest
    lint`` reports everything about it at once.
    """
    problems = lint_path(REGISTRY.values(), path)
    if stops(problems):
        return Loaded(path.name, None, problems)
    data = read_raw(base / path.name)
    unreadable = lint_bytes(REGISTRY.values(), path.name, data)
    if unreadable:
        return Loaded(path.name, None, problems + unreadable)
    return Loaded(path.name, _parse(path.name, data), problems)


def _parse(name: str, data: bytes) -> Digest:
    """The digest in ``data``, which the byte-level rules found fit to parse."""
    return parse_digest(data.decode("utf-8"), source=name, date=date_from_path(name))


def load_all(paths: Iterable[str], raw_dir: str = RAW_DIR) -> Iterator[Loaded]:
    """Load every raw digest found below ``paths`` (see :func:`scan`)."""
    for path in scan(paths, raw_dir):
        yield load(path)


def load_templates(paths: Iterable[str]) -> list[Template]:
    """The readable digests below ``paths``, with their text, as templates for ``synthesize``."""
    templates = []
    for loaded in load_all(paths):
        if loaded.digest is not None:
            text = normalize(Path(loaded.path).read_text(encoding="utf-8"))
            templates.append(Template(text, loaded.digest))
    return templates


def write_raw(folder: Path, date: dt.date, text: str) -> Path:
    """Write a raw digest where the archive keeps it: ``folder/YYYY/YYYY-MM-DD.txt``."""
    path = folder / str(date.year) / f"{date.isoformat()}.txt"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


# --- converting an archive -------------------------------------------------------


@dataclass(frozen=True)
class Source:
    """What the archive needs of one raw file, besides its page.

    :func:`convert` keeps these between runs, checked against the file's
    bytes, so that of a thousand raw files only new and changed ones are
    parsed again: parsing and linting them all was a fifth of adding one
    digest to a thousand-digest archive (``source/performance.md``).
    """

    name: str
    #: SHA-256 of the raw bytes.
    checksum: str
    #: False when the file cannot be parsed at all; ``problems`` say why.
    readable: bool
    #: Every rule's findings (only the byte-level ones when unreadable).
    problems: tuple[Diagnostic, ...]
    #: What the index pages say of it; None when unreadable or not named after a day.
    listing: Listing | None
    #: Each entry's :func:`~digest_archive.cite.base_keys`.
    keys: tuple[str, ...]


@dataclass(frozen=True)
class Conversion:
    """What :func:`convert` did."""

    #: Every raw file, as given.
    sources: list[Source]
    #: The names of those read again: new or changed since the last run.
    surveyed: list[str]
    written: list[Path]
    unchanged: int
    removed: list[Path]


#: Where :func:`convert` keeps what it knows of the last run, in its folder.
MANIFEST = ".digest-pages.json"

# Everything a Source or a page is computed by. A change to any of them
# starts the manifest over.
_CONVERTER_MODULES = (categories, cite, dates, layout, lint, markup, model, parse, render, urls)


def _code_fingerprint() -> str:
    digest = hashlib.sha256()
    for module in _CONVERTER_MODULES:
        digest.update(Path(module.__file__ or "").read_bytes())
    return digest.hexdigest()


def _survey(name: str, data: bytes, checksum: str) -> tuple[Source, Digest | None]:
    """Parse and lint one raw file: its :class:`Source`, and the digest if readable."""
    problems = lint_bytes(REGISTRY.values(), name, data)
    if problems:
        return Source(name, checksum, False, tuple(problems), None, ()), None
    digest = _parse(name, data)
    source = Source(
        name,
        checksum,
        True,
        tuple(lint_digest(REGISTRY.values(), digest)),
        listing(digest) if digest.date is not None else None,
        tuple(base_keys(digest)),
    )
    return source, digest


def _source_to_json(source: Source) -> dict[str, Any]:
    return {
        "checksum": source.checksum,
        "readable": source.readable,
        "problems": [problem.model_dump(mode="json") for problem in source.problems],
        "listing": None
        if source.listing is None
        else [source.listing.date.isoformat(), source.listing.entries, source.listing.first_title],
        "keys": list(source.keys),
    }


def _source_from_json(name: str, data: dict[str, Any]) -> Source:
    found = data["listing"]
    return Source(
        name,
        data["checksum"],
        data["readable"],
        tuple(Diagnostic.model_validate(problem) for problem in data["problems"]),
        None if found is None else Listing(dt.date.fromisoformat(found[0]), found[1], found[2]),
        tuple(data["keys"]),
    )


def convert(
    raw: Mapping[str, Path],
    out_dir: Path,
    progress: Callable[[list[str]], Iterable[str]] = iter,
) -> Conversion:
    """Write the archive's MyST pages for the raw files ``raw`` below ``out_dir``.

    ``raw`` maps each file's name, as diagnostics report it
    (``raw/2020/2020-12-16.txt``), to where it is. Readable files named after
    their day get a page; the others are only reported (:attr:`Conversion.sources`).
    ``progress`` wraps the names of the files that have to be parsed (the
    Sphinx extension shows them with ``status_iterator``).

    The folder is owned by the converter: pages no digest produces any more
    are deleted. Only pages whose text changed are rewritten, so a new
    digest touches its own page, its neighbours' and the indices.

    What the last run learnt is kept in ``out_dir/.digest-pages.json``:
    each raw file's :class:`Source`, and each page's inputs (the raw file,
    its neighbours, its citation keys), all together with the code that
    made them. A file whose bytes did not change is not parsed again, and a
    page whose inputs did not change is not rendered again (rendering,
    BibTeX above all, is most of converting).
    """
    manifest_path = out_dir / MANIFEST
    try:
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        manifest = {}
    code = _code_fingerprint()
    if manifest.get("code") != code:
        manifest = {}
    known: dict[str, Any] = manifest.get("sources", {})
    previous: dict[str, str] = manifest.get("pages", {})

    data = {name: read_raw(path) for name, path in raw.items()}
    checksums = {name: hashlib.sha256(content).hexdigest() for name, content in data.items()}
    kept = {
        name: _source_from_json(name, known[name])
        for name in raw
        if name in known and known[name]["checksum"] == checksums[name]
    }
    surveyed = [name for name in raw if name not in kept]
    parsed: dict[str, Digest] = {}
    for name in progress(surveyed):
        kept[name], digest = _survey(name, data[name], checksums[name])
        if digest is not None:
            parsed[name] = digest
    sources = [kept[name] for name in raw]

    # Of several files with one date, the first given has the page.
    by_date: dict[dt.date, Source] = {}
    for source in sources:
        if source.listing is not None:
            by_date.setdefault(source.listing.date, source)
    days = sorted(by_date)
    keys = distinct_keys((day, by_date[day].keys) for day in days)
    fingerprints: dict[str, str] = {}
    pages: dict[Path, str | None] = {}
    for index, day in enumerate(days):
        source = by_date[day]
        neighbours = Neighbours(
            previous=days[index - 1] if index > 0 else None,
            next=days[index + 1] if index + 1 < len(days) else None,
        )
        own_keys = [keys[day, position] for position in range(len(source.keys))]
        name = f"{page_path(day)}.md"
        path = out_dir / name
        inputs = json.dumps([source.checksum, str(neighbours), own_keys])
        fingerprint = hashlib.sha256(inputs.encode("utf-8")).hexdigest()
        fingerprints[name] = fingerprint
        if previous.get(name) == fingerprint and path.is_file():
            pages[path] = None
            continue
        digest = parsed.get(source.name) or _parse(source.name, data[source.name])
        pages[path] = render_digest(digest, neighbours, own_keys)
    listings = [listed for day in days if (listed := by_date[day].listing) is not None]
    pages[out_dir / "index.md"] = render_archive_index(listings)
    pages[out_dir / f"{BOOK}.md"] = render_book(listings)
    for year in sorted({item.date.year for item in listings}):
        pages[out_dir / str(year) / "index.md"] = render_year_index(year, listings)

    written: list[Path] = []
    unchanged = 0
    for path, text in pages.items():
        if text is None or (path.is_file() and path.read_text(encoding="utf-8") == text):
            unchanged += 1
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        written.append(path)
    removed = []
    if out_dir.is_dir():
        for path in sorted(out_dir.rglob("*.md")):
            if path not in pages:
                path.unlink()
                removed.append(path)
        for folder in sorted((p for p in out_dir.rglob("*") if p.is_dir()), reverse=True):
            if not any(folder.iterdir()):
                folder.rmdir()
    if sources or manifest_path.exists():
        updated = {
            "code": code,
            "sources": {source.name: _source_to_json(source) for source in sources},
            "pages": fingerprints,
        }
        if updated != manifest:
            out_dir.mkdir(parents=True, exist_ok=True)
            manifest_path.write_text(json.dumps(updated, indent=0, sort_keys=True) + "\n", encoding="utf-8")
    return Conversion(sources, surveyed, written, unchanged, removed)
