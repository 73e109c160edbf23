"""Write an archive's MyST pages from its raw files, touching only what changed.

:func:`convert` is what ``digest convert`` and the Sphinx extension run. It
reads the raw files through :mod:`.files`, surveys the new and changed ones
(:mod:`.sources`), has :mod:`.plan` work out which pages to render, renders
those, and writes the pages whose text changed, so Sphinx rebuilds only
those. What it learnt is kept in a manifest for the next run.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..model import Digest
from ..render.cite import citations
from ..render.digest import DigestPage, render_digest
from ..render.listings import render_archive_index, render_year_index
from ..render.names import (
    HEAVY,
    KINDS,
    LIMIT,
    Row,
    category_stem,
    permalink_stem,
    render_category_directory,
    render_category_month,
    render_category_page,
    render_heavy_page,
    render_heavy_year,
    render_name_directory,
    render_name_page,
)
from . import sources
from .files import parse_raw, read_raw
from .plan import Names, Touched, plan, touched
from .sources import Source

#: Where :func:`convert` keeps what it knows of the last run, in its folder.
MANIFEST = ".digest-pages.json"
#: The manifest's version. Bump it with any change to what converting gives
#: for the same raw bytes: a :class:`Source` (the parser, the lint rules,
#: citation keys, listings) or a page (the renderer). A manifest of another
#: version is started over, so every file is read and every page rendered
#: again. ``tests/test_cache_versions.py`` fails when what the seeds convert
#: to changes and this does not.
CONVERTER_VERSION = 6


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


def convert(
    raw: Mapping[str, Path],
    out_dir: Path,
    progress: Callable[[list[str]], Iterable[str]] = iter,
    limit: int = LIMIT,
) -> Conversion:
    """Write the archive's MyST pages for the raw files ``raw`` below ``out_dir``.

    ``raw`` maps each file's name, as diagnostics report it
    (``raw/2020/2020-12-16.txt``), to where it is. Readable files named after
    their day get a page; the others are only reported (:attr:`Conversion.sources`).
    ``progress`` wraps the names of the files that have to be parsed (the
    Sphinx extension shows them with ``status_iterator``). A page of authors
    or affiliations lists at most ``limit`` rows.

    The folder is owned by the converter: pages no digest produces any more
    are deleted. Only pages whose text changed are rewritten, so a new
    digest touches its own page, its neighbours', the indices and the pages
    of its authors, affiliations and category. A file
    whose bytes did not change is not parsed again, and a page whose inputs
    did not change is not rendered again (rendering, BibTeX above all, is
    most of converting).
    """
    manifest = _read_manifest(out_dir / MANIFEST)
    known: dict[str, Any] = manifest.get("sources", {})
    data = {name: read_raw(path) for name, path in raw.items()}
    checksums = {name: hashlib.sha256(content).hexdigest() for name, content in data.items()}
    kept = {
        name: sources.from_json(name, known[name])
        for name in raw
        if name in known and known[name]["checksum"] == checksums[name]
    }
    gone = [sources.from_json(name, found) for name, found in known.items() if name not in kept]
    surveyed = [name for name in raw if name not in kept]
    parsed: dict[str, Digest] = {}
    for name in progress(surveyed):
        kept[name], digest = sources.survey(name, data[name], checksums[name])
        if digest is not None:
            parsed[name] = digest
    found = [kept[name] for name in raw]

    present = (
        {path.relative_to(out_dir).as_posix() for path in out_dir.rglob("*.md")}
        if out_dir.is_dir()
        else set()
    )
    written_with: dict[str, str] = manifest.get("pages", {})
    the_plan = plan(found, written_with, present, limit)
    pages: dict[str, str | None] = {}
    for job in the_plan.digests:
        if not job.render:
            pages[job.page] = None
            continue
        name = job.source.name
        digest = parsed.get(name) or parse_raw(name, data[name])
        pages[job.page] = render_digest(DigestPage(digest, job.neighbours, citations(digest, job.keys)))
    listings = the_plan.listings
    pages["index.md"] = render_archive_index(listings)
    for year in sorted({item.date.year for item in listings}):
        pages[f"{year}/index.md"] = render_year_index(year, listings)
    name_pages, layout = _name_pages(
        the_plan.names,
        touched(the_plan.digests, gone),
        manifest.get("layout", {}),
        lambda page: page in present and page in written_with,
    )
    pages.update(name_pages)

    # Pages rendered whole every time are known unchanged by their hash,
    # without reading them: the directories and the pages of names rendered.
    fingerprints = dict(the_plan.fingerprints)
    for page, text in pages.items():
        if page in fingerprints:
            continue
        if text is None:  # a page of names the run did not touch
            fingerprints[page] = written_with[page]
            continue
        fingerprints[page] = hashlib.sha256(text.encode("utf-8")).hexdigest()
        if written_with.get(page) == fingerprints[page] and page in present:
            pages[page] = None
    written, unchanged, removed = _write(out_dir, pages, present)
    if found or manifest:
        updated = {
            "version": CONVERTER_VERSION,
            # What an unchanged file's entry was, as read: not made again.
            "sources": {
                source.name: known[source.name] if source.name not in surveyed else sources.to_json(source)
                for source in found
            },
            "pages": fingerprints,
            "layout": layout,
        }
        if updated != manifest:
            _write_manifest(out_dir / MANIFEST, updated)
    return Conversion(found, surveyed, written, unchanged, removed)


def _heavy_pages(kind: str, name: str, rows: list[Row], render: bool) -> dict[str, str | None]:
    """The pages of a name with more than :data:`HEAVY` papers, its own and one a year.

    Unless ``render``, each is None: only their names are worked out.
    """
    stem = f"{KINDS[kind]}/{permalink_stem(kind, name)}"
    years: dict[str, list[Row]] = {}
    for row in rows:
        years.setdefault(row.date[:4], []).append(row)
    if not render:
        return dict.fromkeys([f"{stem}.md", *(f"{stem}/{year}.md" for year in years)])
    pages: dict[str, str | None] = {
        f"{stem}.md": render_heavy_page(kind, name, {year: len(rows) for year, rows in years.items()})
    }
    pages.update(
        {f"{stem}/{year}.md": render_heavy_year(kind, name, year, rows) for year, rows in years.items()}
    )
    return pages


#: A page of names as the manifest's layout keeps it: the stems before it,
#: of it and after it, its first and last names, and how many names it has.
Signature = list[str | int | None]


def _name_pages(
    names: Names, hit: Touched, before: Mapping[str, list[Signature]], known: Callable[[str], bool]
) -> tuple[dict[str, str | None], dict[str, list[Signature]]]:
    """The pages of authors, affiliations and categories, with their directories, and their layout.

    A page is rendered when it holds a name ``hit`` names, when its
    signature differs from the one in the last run's layout ``before``
    (its names or its neighbours moved), or when it is not ``known`` (not
    written with a fingerprint and still there); otherwise it is None,
    unchanged. Every page of a name appears in a run's layout, so a page
    the archive no longer has is deleted.
    """
    pages: dict[str, str | None] = {}
    layout: dict[str, list[Signature]] = {}
    for kind, name_pages in names.pages.items():
        stems = [None, *(page.stem for page in name_pages), None]
        previous = {signature[1]: signature for signature in before.get(kind, [])}
        layout[kind] = []
        for index, page in enumerate(name_pages):
            neighbours = (stems[index], stems[index + 2])
            signature: Signature = [neighbours[0], page.stem, neighbours[1], page.names[0], page.names[-1]]
            signature.append(len(page.names))
            layout[kind].append(signature)
            path = f"{KINDS[kind]}/{page.stem}.md"
            render = previous.get(page.stem) != signature or not known(path)
            render = render or not hit.names[kind].isdisjoint(page.names)
            pages[path] = render_name_page(kind, page, names.rows[kind], neighbours) if render else None
        pages[f"{KINDS[kind]}/index.md"] = render_name_directory(kind, name_pages)
        for name, rows in names.rows[kind].items():
            if len(rows) > HEAVY:
                heavy = _heavy_pages(kind, name, rows, render=False)
                render = name in hit.names[kind] or not all(known(path) for path in heavy)
                pages.update(_heavy_pages(kind, name, rows, render=True) if render else heavy)
    for category, months in names.months.items():
        stem = category_stem(category)
        changed = hit.months.get(category, set())
        path = f"categories/{stem}.md"
        counts = {month: len(rows) for month, rows in months.items()}
        pages[path] = render_category_page(category, counts) if changed or not known(path) else None
        for month, rows in months.items():
            path = f"categories/{stem}/{month}.md"
            render = month in changed or not known(path)
            pages[path] = render_category_month(category, month, rows) if render else None
    totals = {
        category: sum(len(rows) for rows in months.values()) for category, months in names.months.items()
    }
    pages["categories/index.md"] = render_category_directory(totals)
    return pages, layout


def _read_manifest(path: Path) -> dict[str, Any]:
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return manifest if isinstance(manifest, dict) and manifest.get("version") == CONVERTER_VERSION else {}


def _write(
    out_dir: Path, pages: Mapping[str, str | None], present: set[str]
) -> tuple[list[Path], int, list[Path]]:
    """Write the pages whose text changed (None: known unchanged); delete the ones no digest makes."""
    written: list[Path] = []
    unchanged = 0
    for page, text in pages.items():
        path = out_dir / page
        if text is None or (page in present and path.read_text(encoding="utf-8") == text):
            unchanged += 1
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        written.append(path)
    removed = []
    for page in sorted(present - pages.keys()):
        (out_dir / page).unlink()
        removed.append(out_dir / page)
    if out_dir.is_dir():
        for folder in sorted((path for path in out_dir.rglob("*") if path.is_dir()), reverse=True):
            if not any(folder.iterdir()):
                folder.rmdir()
    return written, unchanged, removed


def _write_manifest(path: Path, manifest: Mapping[str, Any]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    # Without indent, json takes its C encoder: a manifest at 4,000 digests
    # is 9 MB, and the pure-Python one took a second to write it.
    path.write_text(json.dumps(manifest, sort_keys=True, separators=(",", ":")) + "\n", encoding="utf-8")
