"""Which pages a conversion must render, worked out without touching the disk.

:func:`plan` takes what is known of every raw file (its
:class:`~digest_archive.archive.sources.Source`) and of the last run (each
page's fingerprint, and which pages exist) and gives every digest page its
inputs: its neighbours, its entries' citation keys across the archive, the
other days that list each of its papers (a paper is one across digests,
:mod:`~digest_archive.text.identity`), and a fingerprint of them all. A
page whose fingerprint is the one it was written with needs no rendering. It also files every entry under its
authors, affiliations and category (:class:`Names`), for their pages.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence, Set
from dataclasses import dataclass, replace

from ..render.cite import distinct_keys
from ..render.contract import Mention
from ..render.digest import Neighbours
from ..render.listings import Listing
from ..render.myst import page_path
from ..render.names import Row, month
from ..text.layout import one_a_day
from ..text.variants import NO_NAMES, NamesFile
from .sources import Source


@dataclass(frozen=True)
class DigestJob:
    """One digest page: what it is rendered from, and whether it must be."""

    #: The page's file below the pages folder (``2020/2020-12-16.md``).
    page: str
    #: The digest's day.
    date: dt.date
    source: Source
    neighbours: Neighbours
    #: The entries' citation keys, in order.
    keys: tuple[str, ...]
    #: For each entry, the other digests that list its paper: their days and its keys there.
    also_in: tuple[tuple[Mention, ...], ...]
    #: For each entry, the earlier papers most like it: (day, key, title) each.
    related: tuple[tuple[tuple[dt.date, str, str], ...], ...]
    #: A hash of the inputs above; the page is rendered again when it changes.
    fingerprint: str
    render: bool


@dataclass(frozen=True)
class Names:
    """Every author's, affiliation's and category's papers, as their indices and pages list them."""

    #: For authors and affiliations: each name's papers.
    rows: dict[str, dict[str, list[Row]]]
    #: Each category's papers by month (``YYYY-MM``).
    months: dict[str, dict[str, list[Row]]]


@dataclass(frozen=True)
class Plan:
    """Every page of the archive, in date order, the listings of the index pages, and the names."""

    digests: list[DigestJob]
    listings: list[Listing]
    names: Names

    @property
    def fingerprints(self) -> dict[str, str]:
        return {job.page: job.fingerprint for job in self.digests}


#: Each day's papers' related papers, given the days in date order: for
#: each day, for each of its entries, the (day, entry) places of the papers
#: most like it, by their numbers in the list.
Relate = Callable[[Sequence[Source]], Sequence[Sequence[Sequence[tuple[int, int]]]]]


def _unrelated(days: Sequence[Source]) -> list[list[list[tuple[int, int]]]]:
    return [[[] for _ in day.entries] for day in days]


def plan(
    sources: Sequence[Source],
    written: Mapping[str, str],
    present: Set[str],
    relate: Relate = _unrelated,
    names: NamesFile = NO_NAMES,
) -> Plan:
    """The pages of the archive of ``sources``.

    ``written`` holds the fingerprint each page was last written with and
    ``present`` the pages that exist. Of several sources with one date, the
    first has the page; a source without a listing (unreadable, or not named
    after its day) has none. ``relate`` says which earlier papers each paper
    is like (:mod:`.related`; by default, none). ``names`` says how the
    pages show the written names (the archive's ``names.toml``): the jobs'
    sources list them so, and a page is rendered again when how its names
    are shown changes.
    """
    renamed = {source.name: [] if names.says_nothing else _renamed(source, names) for source in sources}
    sources = [_named(source, names) if renamed[source.name] else source for source in sources]
    by_date = one_a_day(sources, lambda source: source.listing.date if source.listing is not None else None)
    days = sorted(by_date)
    keys = distinct_keys((day, by_date[day].keys) for day in days)
    # Every paper's days and keys there, in date order.
    listings_of: dict[str, list[tuple[dt.date, str]]] = {}
    for day in days:
        for position, paper in enumerate(by_date[day].identities):
            if paper:
                listings_of.setdefault(paper, []).append((day, keys[day, position]))
    like = relate([by_date[day] for day in days])

    def alike_at(place: tuple[int, int]) -> tuple[dt.date, str, str]:
        day, position = days[place[0]], place[1]
        key = keys[day, position]
        return day, key, by_date[day].entries[position].title or key

    jobs = []
    for index, day in enumerate(days):
        source = by_date[day]
        neighbours = Neighbours(
            previous=days[index - 1] if index > 0 else None,
            next=days[index + 1] if index + 1 < len(days) else None,
        )
        own_keys = tuple(keys[day, position] for position in range(len(source.keys)))
        elsewhere = [
            [(other, key) for other, key in listings_of.get(paper, ()) if other != day] if paper else []
            for paper in source.identities
        ]
        also_in = tuple(
            tuple(Mention(date=other, key=key) for other, key in mentions) for mentions in elsewhere
        )
        related = tuple(tuple(map(alike_at, places)) for places in like[index])
        page = f"{page_path(day)}.md"
        seen = [[[str(other), key] for other, key in mentions] for mentions in elsewhere]
        alike = [[[str(day), key, title] for day, key, title in papers] for papers in related]
        made_from = [source.checksum, str(neighbours), own_keys, seen, alike]
        if renamed[source.name]:
            made_from.append(renamed[source.name])
        fingerprint = hashlib.sha256(json.dumps(made_from).encode("utf-8")).hexdigest()
        render = written.get(page) != fingerprint or page not in present
        jobs.append(DigestJob(page, day, source, neighbours, own_keys, also_in, related, fingerprint, render))
    listings = [listed for day in days if (listed := by_date[day].listing) is not None]
    return Plan(jobs, listings, file_names(jobs))


def _renamed(source: Source, names: NamesFile) -> list[tuple[str, str]]:
    """The source's written names that ``names`` shows otherwise, with how."""
    return [pair for entry in source.entries for pair in names.renamed(entry.authors, entry.affiliations)]


def _named(source: Source, names: NamesFile) -> Source:
    """``source`` with its entries' names as ``names`` shows them, each once an entry."""
    entries = []
    for entry in source.entries:
        authors, affiliations = names.names_of(entry.authors, entry.affiliations)
        entries.append(replace(entry, authors=tuple(authors), affiliations=tuple(affiliations)))
    return replace(source, entries=tuple(entries))


def file_names(jobs: Sequence[DigestJob]) -> Names:
    """Each entry of ``jobs`` (in date order) filed under its authors, affiliations and category.

    A paper several days list is filed under a name once, at its first day,
    as the names' own pages list it (:func:`~digest_archive.render.profiles.once`).
    """
    rows: dict[str, dict[str, list[Row]]] = {"author": {}, "affiliation": {}}
    months: dict[str, dict[str, list[Row]]] = {}
    seen = Counter(paper for job in jobs for paper in job.source.identities if paper)
    repeated = {paper for paper, count in seen.items() if count > 1}
    filed: set[tuple[str, str, str]] = set()

    def first(kind: str, name: str, paper: str) -> bool:
        if (kind, name, paper) in filed:
            return False
        filed.add((kind, name, paper))
        return True

    for job in jobs:
        for key, entry, paper in zip(job.keys, job.source.entries, job.source.identities, strict=False):
            row = Row(job.date, key, entry.title or key)
            # Most papers are listed once: only one listed again is looked up.
            again = paper in repeated
            # A name written twice on one paper counts once, as on its own page.
            for author in dict.fromkeys(entry.authors):
                if not again or first("author", author, paper):
                    rows["author"].setdefault(author, []).append(row)
            for affiliation in dict.fromkeys(entry.affiliations):
                if not again or first("affiliation", affiliation, paper):
                    rows["affiliation"].setdefault(affiliation, []).append(row)
            if entry.category and (not again or first("category", entry.category, paper)):
                months.setdefault(entry.category, {}).setdefault(month(job.date), []).append(row)
    return Names(rows, months)


@dataclass(frozen=True)
class Touched:
    """The pages of categories a run may change: those of entries added, changed or gone."""

    #: Each category, with the months (``YYYY-MM``) of its entries.
    months: dict[str, set[str]]


def touched(jobs: Iterable[DigestJob], gone: Iterable[Source]) -> Touched:
    """The categories' months of the entries of the digest pages ``jobs`` renders and of the sources ``gone``.

    A category's pages change only through a digest page that changes (an
    entry new, changed, or with another citation key) or a raw file that
    changed or is gone, so these months are all a run need render again
    (``gone``: the last run's :class:`Source` of each file changed or
    removed since).
    """
    months: dict[str, set[str]] = {}
    dated = [(job.source, month(job.date)) for job in jobs if job.render]
    dated += [(source, month(source.listing.date)) for source in gone if source.listing is not None]
    for source, when in dated:
        for entry in source.entries:
            if entry.category:
                months.setdefault(entry.category, set()).add(when)
    return Touched(months)
