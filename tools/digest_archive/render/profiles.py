"""What a name's own page says of it: its papers newest first, its years, categories and companions.

An author's or an affiliation's page is written from the papers that name
it, and from nothing else (:func:`profile`), so that it changes only when
one of those papers does. :func:`file_by_name` files the archive's papers
under each name once, and :func:`signature` gives each paper a stable
hash, from which a name's fingerprint is made without writing its page.
Pure functions of the papers; the Sphinx extension decides which pages to
write (:mod:`digest_archive.sphinxext.names.pages`).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Protocol

#: The kinds of names with a page of their own; a category's pages are documents.
NAMED = ("author", "affiliation")

#: Papers above which a name's papers are listed on a page a year, linked from its own page:
#: an institution's papers outgrow any page.
HEAVY = 250

#: Companions (co-authors, affiliations) a page names at most: the most frequent.
COMPANIONS = 10


class Listed(Protocol):
    """A paper as a name's page needs it (the Sphinx domain's papers are such)."""

    @property
    def key(self) -> str: ...
    @property
    def title(self) -> str: ...
    @property
    def date(self) -> dt.date: ...
    @property
    def docname(self) -> str: ...
    @property
    def authors(self) -> tuple[str, ...]: ...
    @property
    def affiliations(self) -> tuple[str, ...]: ...
    @property
    def category(self) -> str: ...
    @property
    def highlighted(self) -> bool: ...
    @property
    def title_zh(self) -> str: ...
    @property
    def identity(self) -> str: ...


@dataclass(frozen=True)
class Profile:
    """One author or affiliation as its own page shows them."""

    kind: str
    name: str
    #: Its papers, newest first.
    papers: tuple[Listed, ...]
    #: Each year with papers, newest first, and how many.
    years: tuple[tuple[int, int], ...]
    #: Its categories, most papers first, and how many.
    categories: tuple[tuple[str, int], ...]
    #: The authors it shares most papers with (an author's co-authors, an affiliation's authors).
    authors: tuple[tuple[str, int], ...]
    #: The affiliations it shares most papers with (an author's, or an affiliation's partners).
    affiliations: tuple[tuple[str, int], ...]

    @property
    def heavy(self) -> bool:
        """Whether its papers are listed a year a page (more than :data:`HEAVY`)."""
        return len(self.papers) > HEAVY


def names_of(kind: str, paper: Listed) -> tuple[str, ...]:
    """The names of ``kind`` that ``paper`` has, each once, in order."""
    return tuple(dict.fromkeys(paper.authors if kind == "author" else paper.affiliations))


def file_by_name(papers: Iterable[Listed]) -> dict[str, dict[str, list[Listed]]]:
    """Each kind's names, each with the papers that name it (in the order given, each once: :func:`once`)."""
    papers = list(papers)
    seen = Counter(paper.identity for paper in papers if paper.identity)
    filed: dict[str, dict[str, list[Listed]]] = {kind: {} for kind in NAMED}
    # Only the names of a paper listed again can hold it twice: the rest are not looked at again.
    again: set[tuple[str, str]] = set()
    for paper in papers:
        repeated = seen[paper.identity] > 1 if paper.identity else False
        for kind in NAMED:
            names = filed[kind]
            for name in names_of(kind, paper):
                names.setdefault(name, []).append(paper)
                if repeated:
                    again.add((kind, name))
    for kind, name in again:
        filed[kind][name] = once(filed[kind][name])
    return filed


def once(papers: Sequence[Listed]) -> list[Listed]:
    """``papers`` with a paper that several days list kept once, at its first day, in the order given.

    Its card there names the other days, so a name's page, counts and feed
    count it once, as a reader would.
    """
    first: dict[str, Listed] = {}
    for paper in papers:
        if paper.identity:
            kept = first.get(paper.identity)
            if kept is None or (paper.date, paper.key) < (kept.date, kept.key):
                first[paper.identity] = paper
    return [paper for paper in papers if not paper.identity or first[paper.identity] is paper]


def newest_first(papers: Iterable[Listed]) -> list[Listed]:
    """``papers`` by their digest's day, newest first, and by key within a day."""
    return sorted(papers, key=lambda paper: (-paper.date.toordinal(), paper.key))


def profile(kind: str, name: str, papers: Sequence[Listed]) -> Profile:
    """The page of ``name`` of ``kind``, from the papers that name it."""
    listed = tuple(newest_first(papers))
    years = Counter(paper.date.year for paper in listed)
    categories = Counter(paper.category for paper in listed if paper.category)
    authors: Counter[str] = Counter()
    affiliations: Counter[str] = Counter()
    for paper in listed:
        authors.update(names_of("author", paper))
        affiliations.update(names_of("affiliation", paper))
    # A name is not its own companion.
    (authors if kind == "author" else affiliations).pop(name, None)
    return Profile(
        kind=kind,
        name=name,
        papers=listed,
        years=tuple(sorted(years.items(), reverse=True)),
        categories=_most(categories, len(categories)),
        authors=_most(authors, COMPANIONS),
        affiliations=_most(affiliations, COMPANIONS),
    )


def _most(counted: Counter[str], limit: int) -> tuple[tuple[str, int], ...]:
    """The ``limit`` most frequent, ties by name: the same order in every build."""
    return tuple(sorted(counted.items(), key=lambda item: (-item[1], item[0]))[:limit])


def signature(paper: Listed, stems: Mapping[str, Mapping[str, str]]) -> bytes:
    """A hash of all a name's page shows of ``paper``, and of the pages its names link.

    Stable across processes (never Python's ``hash``); ``stems`` gives each
    kind's names their pages, so a name given another page changes the
    signature of every paper it is on.
    """
    shown = [
        paper.key,
        paper.title,
        paper.title_zh,
        paper.date.isoformat(),
        paper.docname,
        paper.category,
        "★" if paper.highlighted else "",
        *(f"{name}\0{stems['author'].get(name, '')}" for name in paper.authors),
        "\1",
        *(f"{name}\0{stems['affiliation'].get(name, '')}" for name in paper.affiliations),
    ]
    return hashlib.blake2b("\2".join(shown).encode("utf-8", "surrogatepass"), digest_size=8).digest()


def fingerprint(kind: str, name: str, signatures: Iterable[bytes], frame: str) -> str:
    """A name's page's fingerprint: its papers' :func:`signature`, and the ``frame`` it is written in."""
    hashed = hashlib.blake2b(f"{frame}\0{kind}\0{name}".encode("utf-8", "surrogatepass"), digest_size=8)
    for signed in sorted(signatures):
        hashed.update(signed)
    return hashed.hexdigest()
