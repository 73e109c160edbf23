"""Write an archive's MyST pages from its raw files, touching only what changed.

:func:`convert` is what ``digest convert`` and the Sphinx extension run: it
reads the raw files through :mod:`~digest_archive.files`, remembers what it
learnt of each in a manifest, and rewrites only the pages whose text
changed, so Sphinx rebuilds only those.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from . import files, lint, model
from .files import parse_raw, read_raw
from .lint import REGISTRY, Diagnostic, lint_bytes, lint_digest
from .model import Digest
from .render import cite, digest, listings, myst
from .render.cite import base_keys, citations, distinct_keys
from .render.digest import DigestPage, Neighbours, render_digest
from .render.listings import BOOK, Listing, listing, render_archive_index, render_book, render_year_index
from .render.myst import page_path
from .text import categories, dates, layout, markup, parse, urls


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
_CONVERTER_MODULES = (
    categories,
    cite,
    dates,
    digest,
    files,
    layout,
    lint,
    listings,
    markup,
    model,
    myst,
    parse,
    urls,
)


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
    digest = parse_raw(name, data)
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
        digest = parsed.get(source.name) or parse_raw(source.name, data[source.name])
        pages[path] = render_digest(DigestPage(digest, neighbours, citations(digest, own_keys)))
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
