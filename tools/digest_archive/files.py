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
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from . import categories, cite, model, render, urls
from .cite import citation_keys
from .dates import date_from_path
from .lint import REGISTRY, Diagnostic, lint_bytes
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
    """A path the user gave does not exist (exit status 2)."""


def collect(paths: Iterable[str]) -> list[str]:
    """Expand the given paths: files as given, directories to their ``*.txt``.

    Paths are reported as the user wrote them, so ``digest lint raw`` says
    ``raw/2020/2020-12-16.txt``.
    """
    found: list[str] = []
    for given in paths:
        if os.path.isdir(given):
            below = sorted(
                os.path.relpath(path, given) for path in Path(given).rglob("*.txt") if path.is_file()
            )
            found.extend(os.path.join(given, path) for path in below)
        elif os.path.isfile(given):
            found.append(given)
        else:
            raise UsageError(f"no such file or directory: {given}")
    return found


@dataclass(frozen=True)
class Loaded:
    """A raw file, read: the digest, or the diagnostics that stopped it."""

    path: str
    digest: Digest | None
    problems: list[Diagnostic]


def load(path: str, name: str | None = None) -> Loaded:
    """Read and parse one raw digest.

    ``name`` is how the file is reported (default: ``path`` as given). The
    byte-level rules (binary, not UTF-8, empty) run first, whatever the rule
    selection, since a file that fails them cannot be parsed at all.
    """
    name = path if name is None else name
    try:
        data = Path(path).read_bytes()
    except OSError as error:
        raise UsageError(f"cannot read {path}: {error.strerror or error}") from error
    problems = lint_bytes(REGISTRY.values(), name, data)
    if problems:
        return Loaded(name, None, problems)
    digest = parse_digest(data.decode("utf-8"), source=name, date=date_from_path(name))
    return Loaded(name, digest, [])


def load_all(paths: Iterable[str]) -> Iterator[Loaded]:
    """Load every raw digest found below ``paths`` (see :func:`collect`)."""
    for path in collect(paths):
        yield load(path)


def load_templates(paths: Iterable[str]) -> list[Template]:
    """The readable digests below ``paths``, with their text, as templates for ``synthesize``."""
    templates = []
    for path in collect(paths):
        loaded = load(path)
        if loaded.digest is not None:
            text = normalize(Path(path).read_text(encoding="utf-8"))
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
class Conversion:
    """What :func:`convert` did."""

    written: list[Path]
    unchanged: int
    removed: list[Path]


#: Where :func:`convert` keeps each digest page's fingerprint, in its folder.
MANIFEST = ".digest-pages.json"


def _renderer_fingerprint() -> str:
    """What the page of a digest depends on besides the digest: the code."""
    digest = hashlib.sha256()
    for module in (model, render, cite, categories, urls):
        digest.update(Path(module.__file__ or "").read_bytes())
    return digest.hexdigest()


def convert(digests: Sequence[Digest], out_dir: Path) -> Conversion:
    """Write the archive's MyST pages for ``digests`` below ``out_dir``.

    The folder is owned by the converter: pages no digest produces any more
    are deleted. Only pages whose text changed are rewritten, so a new
    digest touches its own page, its neighbours' and the indices.

    A digest page is rendered again only when its inputs (the digest, its
    neighbours, its citation keys, the rendering code) changed since the
    last run; their fingerprints are kept in ``out_dir/.digest-pages.json``.
    Rendering (BibTeX above all) is most of a conversion's cost.
    """
    dated = sorted((d for d in digests if d.date is not None), key=lambda d: d.date)  # type: ignore[arg-type, return-value]
    keys = citation_keys(dated)
    manifest_path = out_dir / MANIFEST
    try:
        previous = json.loads(manifest_path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        previous = {}
    renderer = _renderer_fingerprint()
    fingerprints: dict[str, str] = {}
    pages: dict[Path, str | None] = {}
    for index, digest in enumerate(dated):
        neighbours = Neighbours(
            previous=dated[index - 1].date if index > 0 else None,
            next=dated[index + 1].date if index + 1 < len(dated) else None,
        )
        own_keys = [keys[digest.date, position] for position in range(len(digest.entries))]  # type: ignore[index]
        name = f"{page_path(digest.date)}.md"  # type: ignore[arg-type]
        path = out_dir / name
        inputs = json.dumps([renderer, digest.model_dump(mode="json"), str(neighbours), own_keys])
        fingerprint = hashlib.sha256(inputs.encode("utf-8")).hexdigest()
        fingerprints[name] = fingerprint
        unchanged = previous.get(name) == fingerprint and path.is_file()
        pages[path] = None if unchanged else render_digest(digest, neighbours, own_keys)
    listings: list[Listing] = [listing(digest) for digest in dated]
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
    if fingerprints != previous and (fingerprints or manifest_path.exists()):
        out_dir.mkdir(parents=True, exist_ok=True)
        manifest_path.write_text(json.dumps(fingerprints, indent=0, sort_keys=True) + "\n", encoding="utf-8")
    return Conversion(written, unchanged, removed)
