"""The ``digest`` domain's index pages: authors, affiliations, categories, and the chronology.

Sphinx generates them on every build from the domain's data
(``digest-authors.html`` and so on); every author, affiliation and category
gets an anchor (:func:`~.names.anchor`) and the list of its papers.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import TYPE_CHECKING, cast

from sphinx.domains import Index, IndexEntry

from ..text.categories import full_codes
from .names import Paper, anchor, initial, sort_key

if TYPE_CHECKING:
    from .domain import DigestDomain


class _ListingIndex(Index):
    """An index of names (authors, affiliations, categories) with their papers."""

    kind: str

    def names(self) -> dict[str, list[Paper]]:
        return cast("DigestDomain", self.domain).names_of(self.kind)

    def letter(self, name: str) -> str:
        return initial(name)

    def generate(
        self, docnames: Iterable[str] | None = None
    ) -> tuple[list[tuple[str, list[IndexEntry]]], bool]:
        wanted = set(docnames) if docnames is not None else None
        groups: dict[str, list[IndexEntry]] = defaultdict(list)
        for name, papers in sorted(self.names().items(), key=lambda item: sort_key(item[0])):
            shown = [paper for paper in papers if wanted is None or paper.docname in wanted]
            if not shown:
                continue
            entries = groups[self.letter(name)]
            count = f"{len(shown)} paper{'s' if len(shown) != 1 else ''}"
            entries.append(IndexEntry(name, 1, "", anchor(self.kind, name), count, "", ""))
            for paper in shown:
                entries.append(IndexEntry(paper.title, 2, paper.docname, paper.key, paper.date, "", ""))
        return sorted(groups.items()), False


class AuthorIndex(_ListingIndex):
    name = "authors"
    localname = "Authors"
    shortname = "authors"
    kind = "author"

    def letter(self, name: str) -> str:
        return initial(sort_key(name)[0])


class AffiliationIndex(_ListingIndex):
    name = "affiliations"
    localname = "Affiliations"
    shortname = "affiliations"
    kind = "affiliation"


class CategoryIndex(_ListingIndex):
    name = "categories"
    localname = "Categories"
    shortname = "categories"
    kind = "category"

    def letter(self, name: str) -> str:
        codes = full_codes(name)
        return codes[0].split(".", 1)[0] if "." in (codes[0] if codes else "") else "other"


class ChronologyIndex(Index):
    """Every digest, newest first, by year, with its papers."""

    name = "chronology"
    localname = "Chronological list"
    shortname = "chronology"

    def generate(
        self, docnames: Iterable[str] | None = None
    ) -> tuple[list[tuple[str, list[IndexEntry]]], bool]:
        wanted = set(docnames) if docnames is not None else None
        domain = cast("DigestDomain", self.domain)
        by_digest: dict[tuple[str, str], list[Paper]] = defaultdict(list)
        for paper in domain.papers.values():
            if wanted is None or paper.docname in wanted:
                by_digest[paper.date, paper.docname].append(paper)
        groups: dict[str, list[IndexEntry]] = defaultdict(list)
        for (date, docname), papers in sorted(by_digest.items(), reverse=True):
            entries = groups[date[:4]]
            entries.append(IndexEntry(date, 1, docname, "", f"{len(papers)} papers", "", ""))
            entries.extend(IndexEntry(p.title, 2, p.docname, p.key, p.category, "", "") for p in papers)
        return sorted(groups.items(), reverse=True), True
