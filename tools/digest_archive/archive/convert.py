"""Write an archive's MyST pages from its raw files, touching only what changed.

:func:`convert` is what ``digest convert`` runs; the Sphinx extension runs
its two halves, to refuse what lint rejects in between. :func:`survey_all`
reads the raw files through :mod:`.files` and surveys the new and changed
ones (:mod:`.sources`); :func:`write_pages` has :mod:`.plan` work out which
pages to render, renders those, and writes the pages whose text changed, so
Sphinx rebuilds only those, with their downloads (:mod:`.downloads`). What
it learnt is kept in a manifest for the next run.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Callable, Iterable, Mapping
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from ..i18n import active_language
from ..model import Digest
from ..render.bibtex import citations
from ..render.contract import Related
from ..render.credit import SEEDS_CURATION, Curation
from ..render.digest import DigestPage, render_digest
from ..render.listings import Listed, render_archive_index, render_year_index
from ..render.myst import is_download, schema_file
from ..text.variants import NO_NAMES, NamesFile
from . import sources
from .downloads import download_names, download_texts, schemas, year_files
from .figures import Drawer, make_drawings, write_figures
from .files import parse_raw, read_raw
from .folder import Intent, Pages, Tree, read_manifest, write_manifest
from .namepages import name_pages
from .plan import plan, touched
from .related import Relate
from .sources import Source

#: Where :func:`convert` keeps what it knows of the last run, in its folder.
MANIFEST = ".digest-pages.json"
#: The manifest's version. Bump it with any change to what converting gives
#: for the same raw bytes: a :class:`Source` (the parser, the lint rules,
#: citation keys, listings) or a page (the renderer). A manifest of another
#: version is started over, so every file is read and every page rendered
#: again. ``tests/sphinxext/test_cache_versions.py`` fails when what the seeds convert
#: to changes and this does not.
CONVERTER_VERSION = 39


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
    #: The statistics page's files drawn again (:mod:`.figures`).
    drawn: list[Path]
    #: The sources that have a page, one a day, in date order.
    days: list[Source]

    def __repr__(self) -> str:
        # Counts, not the fields: Sphinx's events repr() their arguments for
        # the debug log whatever its level, and a repr of every source would
        # cost each build time that grows with the archive.
        return (
            f"Conversion({len(self.sources)} sources, {len(self.surveyed)} surveyed, "
            f"{len(self.written)} written, {self.unchanged} unchanged, {len(self.removed)} removed, "
            f"{len(self.drawn)} drawn)"
        )


@dataclass(frozen=True)
class Survey:
    """The raw files as a conversion found them: every one's :class:`Source`, the changed ones parsed.

    What :func:`survey_all` learns before anything is written, so that the
    build can refuse a digest lint rejects at the cost of linting it.
    """

    #: Every raw file's source, in the order given.
    sources: list[Source]
    #: The names of those read again: new or changed since the last run.
    surveyed: list[str]
    #: The digests read again, by name, for their pages (each taken when rendered).
    parsed: dict[str, Digest]
    #: The last run's source of each file changed or removed since.
    gone: list[Source]
    checksums: dict[str, str]
    #: The last run's manifest, as read.
    manifest: dict[str, Any]


def survey_all(
    raw: Mapping[str, Path], out_dir: Path, progress: Callable[[list[str]], Iterable[str]] = iter
) -> Survey:
    """Parse and lint the raw files ``raw`` that changed since the last conversion into ``out_dir``.

    ``raw`` maps each file's name, as diagnostics report it
    (``raw/2020/2020-12-16.txt``), to where it is. A file whose bytes did
    not change is not parsed again: its :class:`Source` comes from the
    manifest. ``progress`` wraps the names of the files that have to be
    parsed (the Sphinx extension shows them with ``status_iterator``).
    Nothing is written.
    """
    manifest = read_manifest(out_dir / MANIFEST, CONVERTER_VERSION)
    if manifest.get("language") != active_language():
        # Pages, downloads and plots say their words in the language they
        # were written in: in another, all are made again. What was learnt
        # of the raw files holds in every language.
        manifest = {key: manifest[key] for key in ("version", "sources") if key in manifest}
    known: dict[str, Any] = manifest.get("sources", {})
    # Each file is read to be hashed and read again if parsed: a full
    # archive's bytes are not held at once.
    checksums = {name: hashlib.sha256(read_raw(path)).hexdigest() for name, path in raw.items()}
    kept = {
        name: sources.from_json(name, known[name])
        for name in raw
        if name in known and known[name]["checksum"] == checksums[name]
    }
    gone = [sources.from_json(name, found) for name, found in known.items() if name not in kept]
    surveyed = [name for name in raw if name not in kept]
    parsed: dict[str, Digest] = {}
    for name in progress(surveyed):
        kept[name], digest = sources.survey(name, read_raw(raw[name]), checksums[name])
        if digest is not None:
            parsed[name] = digest
    return Survey([kept[name] for name in raw], surveyed, parsed, gone, checksums, manifest)


def remember(found: Survey, out_dir: Path) -> None:
    """Keep what ``found`` learnt of the raw files for the next run, when no page is to be written.

    The build calls it when it refuses to write pages (a digest has lint
    errors): the files read then are not read again by the next run. The
    sources of files gone since the last run stay, so the next run still
    renders again the pages of their names.
    """
    if not found.surveyed:
        return
    read_again = set(found.surveyed)
    known = {
        **found.manifest.get("sources", {}),
        **{source.name: sources.to_json(source) for source in found.sources if source.name in read_again},
    }
    write_manifest(out_dir / MANIFEST, {**found.manifest, "version": CONVERTER_VERSION, "sources": known})


def convert(
    raw: Mapping[str, Path],
    out_dir: Path,
    progress: Callable[[list[str]], Iterable[str]] = iter,
    names: NamesFile = NO_NAMES,
    curation: Curation = SEEDS_CURATION,
) -> Conversion:
    """The archive's MyST pages for the raw files ``raw``, below ``out_dir``.

    :func:`survey_all`, then :func:`write_pages`, which say how.
    """
    return write_pages(survey_all(raw, out_dir, progress), raw, out_dir, names=names, curation=curation)


def write_pages(
    found: Survey,
    raw: Mapping[str, Path],
    out_dir: Path,
    drawer: Drawer = make_drawings,
    names: NamesFile = NO_NAMES,
    curation: Curation = SEEDS_CURATION,
) -> Conversion:
    """Write the archive's MyST pages below ``out_dir`` for the raw files ``raw``, as ``found`` surveyed them.

    Readable files named after their day get a page; the others are only
    reported (:attr:`Conversion.sources`).

    The folder is owned by the converter: pages no digest produces any more
    are deleted. Only pages whose text changed are rewritten, so a new
    digest touches its own page, its neighbours', the indices, its
    category's pages, and the statistics whose
    plots it changes (:mod:`.figures`). A page whose inputs did not change
    is not rendered again (rendering, BibTeX above all, is most of
    converting). Beside each digest's page go its papers as BibTeX and RIS
    and its data as JSON, and in each year's folder the year's
    (:func:`.downloads.year_files`), rewritten as the pages are.

    A run that stops half-way (an exception, Ctrl-C, the machine killing
    it) leaves the next one nothing to trust wrongly: before the first file
    is changed, the manifest is written again without what it says of the
    pages (:func:`_intent`), and the whole manifest only once every page is
    written. The next run after a stop then renders every page and compares
    it with the one on disk, writing only those that differ. The statistics'
    drawings are handed to ``drawer`` (:mod:`.figures`). ``names`` (the
    archive's ``names.toml``) says how the pages, their downloads and the
    statistics show the written names: a change rewrites the pages of the
    digests whose names it shows otherwise, and those names' pages.
    ``curation`` is the credit each digest's data carries
    (:class:`~digest_archive.render.credit.Curation`): a change rewrites
    the data files, and no page.
    """
    manifest = found.manifest
    parsed = dict(found.parsed)
    tree = Tree.of(out_dir)
    present = tree.files(".md")
    written_with: dict[str, str] = manifest.get("pages", {})
    relate = Relate(out_dir, raw, parsed)
    the_plan = plan(found.sources, written_with, present, relate, names)
    # Its answers hold whatever happens next: each is filed by all it was ranked from.
    relate.save()
    intent = Intent(out_dir / MANIFEST, manifest)
    pages = Pages(out_dir, present, written_with, intent)
    # Each digest's papers as BibTeX and RIS, next to its page (the site
    # offers them for download), kept as the pages are.
    downloads_with: dict[str, str] = manifest.get("downloads", {})
    downloads = Pages(out_dir, {name for name in tree.names if is_download(name)}, downloads_with, intent)
    credited_by = _fingerprint(asdict(curation))
    for job in the_plan.digests:
        files = download_names(job.page)
        # The downloads hold the credit too (the data's): made again when it changes.
        made_from = _fingerprint([job.fingerprint, credited_by])
        if not job.render and all(
            downloads_with.get(file) == made_from and downloads.known(file) for file in files
        ):
            pages.keep(job.page, job.fingerprint)
            for file in files:
                downloads.keep(file, made_from)
            continue
        name = job.source.name
        digest = names.applied(parsed.pop(name, None) or parse_raw(name, read_raw(raw[name])))
        cited = citations(digest, job.keys)
        related = [
            [Related(date=day, key=key, title=title) for day, key, title in paper] for paper in job.related
        ]
        text = render_digest(DigestPage(digest, job.neighbours, cited, job.also_in, related))
        pages.put(job.page, text, job.fingerprint)
        for file, content in zip(files, download_texts(curation.credited(digest), cited), strict=True):
            downloads.put(file, content, made_from)
    day_pages = [job.page for job in the_plan.digests]
    year_files(downloads, day_pages, downloads_with)
    for version, text in schemas():
        downloads.put(schema_file(version), text)
    listings = the_plan.listings
    pages.put("index.md", render_archive_index(listings))
    for year in sorted({item.date.year for item in listings}):
        pages.put(f"{year}/index.md", render_year_index(year, listings))
    hit = touched(the_plan.digests, found.gone)
    for page, text in name_pages(the_plan.names, hit, pages.known):
        if text is None:
            pages.keep(page, written_with[page])
        else:
            pages.put(page, text)
    removed = pages.remove_the_rest() + downloads.remove_the_rest()
    tree.remove_empty_folders()
    days = _counted_once(
        [(item.date, job.source) for item, job in zip(listings, the_plan.digests, strict=True)]
    )
    sources_hash = _fingerprint(sorted(found.checksums.items()))
    figures = write_figures(
        out_dir,
        days,
        manifest.get("figures", {}),
        sources_hash,
        manifest.get("figures_made_from", ""),
        before_writing=intent.declare,
        drawer=drawer,
    )
    # Written even for an archive with no digests, whose index pages are
    # written too: a run that drops the last digest leaves what a run over
    # no digests leaves.
    read_again = set(found.surveyed)
    known: dict[str, Any] = manifest.get("sources", {})
    updated = {
        "version": CONVERTER_VERSION,
        "language": active_language(),
        # What an unchanged file's entry was, as read: not made again.
        "sources": {
            source.name: known[source.name] if source.name not in read_again else sources.to_json(source)
            for source in found.sources
        },
        "pages": pages.fingerprints,
        "downloads": downloads.fingerprints,
        "figures": figures.fingerprints,
        "figures_made_from": figures.made_from,
    }
    if updated != manifest or intent.declared:
        write_manifest(out_dir / MANIFEST, updated)
    return Conversion(
        found.sources,
        found.surveyed,
        pages.written,
        pages.unchanged,
        removed,
        figures.written,
        [job.source for job in the_plan.digests],
    )


def _fingerprint(value: Any) -> str:
    """A hash of ``value``, a JSON value."""
    return hashlib.sha256(json.dumps(value, ensure_ascii=False).encode("utf-8")).hexdigest()


def _counted_once(days: list[tuple[dt.date, Source]]) -> list[tuple[dt.date, tuple[Listed, ...]]]:
    """Each day's entries for the statistics, less those of a paper an earlier day listed: counted once."""
    seen: set[str] = set()
    counted = []
    for date, source in days:
        kept: list[Listed] = []
        for entry, paper in zip(source.entries, source.identities, strict=False):
            if paper in seen:
                continue
            if paper:
                seen.add(paper)
            kept.append(entry)
        counted.append((date, tuple(kept)))
    return counted
