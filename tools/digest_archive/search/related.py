"""Which earlier papers are most like a paper: BM25 over the search index's terms, against the days before.

A paper is kept as its :class:`Profile`: its terms as the search index
splits them (:mod:`.terms`), counted as the index weighs a record
(:mod:`.weights`: a title word :data:`~.weights.TITLE_WEIGHT` times), of its
title, Chinese title and summary and English abstract. Like Lucene's
``MoreLikeThis``, a paper then asks for the :data:`QUERY_TERMS` of its terms
that tell most about it (count times rarity), and the earlier papers are
ranked by BM25 on those terms, with the index's parameters. A paper is
compared only with the papers of earlier days, with the rarity of a term
among them: what a paper is related to is fixed on the day it is added, and
no later digest changes it. Pure functions; the archive keeps each paper's
profile and its related papers between runs (:mod:`digest_archive.archive.related`).
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Sequence, Set
from typing import Any, NamedTuple

from ..model import Entry
from .terms import terms
from .weights import K1, MEAN_LENGTH, TITLE_WEIGHT, B

#: A paper's terms kept, its most frequent: enough for its topic, a fraction of its words.
PROFILE_TERMS = 32
#: A paper's terms a query asks for, those with the highest count times rarity
#: (``MoreLikeThis``' ``maxQueryTerms``, whose default is 25; a paper's
#: abstract is shorter than a document, so fewer).
QUERY_TERMS = 12
#: A term in more than this share of the earlier papers is no topic
#: (``MoreLikeThis``' ``maxDocFreqPct``): "model", "提出". Below
#: :data:`FEW_PAPERS` earlier papers, every term counts.
MAX_SHARE = 0.02
FEW_PAPERS = 50
#: Up to this many days ranked at once index only the terms their papers ask
#: for; more (a first build) index every term, each asked for by many.
FEW_DAYS = 30
#: Related papers a card lists.
RELATED = 3


class Profile(NamedTuple):
    """A paper as it is compared: its length in terms, and its most frequent terms with their counts.

    The archive keeps it as JSON (:mod:`digest_archive.archive.related`),
    as ``[length, [[term, count], ...]]``; that form is taken as it is.
    """

    length: int
    terms: Sequence[Sequence[Any]]


def profile(entry: Entry) -> Profile:
    """``entry``'s :class:`Profile`: its title's terms counted :data:`~.weights.TITLE_WEIGHT` times."""
    texts = [
        entry.title_zh or "",
        entry.summary_zh or "",
        *entry.summary_lead,
        *(part.text for part in entry.summary_parts),
        *(point for part in entry.summary_parts for point in part.points),
        entry.abstract_en or "",
    ]
    text, title = terms(" ".join(texts)), terms(entry.title)
    counts = Counter(text)
    for term in title:
        counts[term] += TITLE_WEIGHT
    # Most frequent first; of equal counts, the first written: the same text, the same profile.
    kept = sorted(counts.items(), key=lambda item: -item[1])[:PROFILE_TERMS]
    return Profile(len(text) + len(title), tuple(kept))


class Earlier:
    """The papers added so far, each by its number, and how a later paper finds the most like it."""

    def __init__(self, only: Set[str] | None = None) -> None:
        #: The terms indexed; None for all. A paper's query asks for its
        #: own terms only, so the others' postings are never read.
        self._only = only
        self._postings: dict[str, list[tuple[int, float]]] = {}
        self._identities: list[str] = []
        self._papers = 0

    def add(self, profiles: Iterable[Profile], identities: Sequence[str]) -> None:
        """Add a day's papers, numbered on from those before."""
        only = self._only
        for (length, counts), identity in zip(profiles, identities, strict=True):
            number = self._papers
            self._papers += 1
            self._identities.append(identity)
            # BM25's saturation and length discount, fixed per paper (the index's fixed mean length).
            norm = K1 * (1 - B + B * length / MEAN_LENGTH)
            for term, count in counts:
                if only is None or term in only:
                    self._postings.setdefault(term, []).append((number, (K1 + 1) * count / (count + norm)))

    def like(self, paper: Profile, identity: str = "", count: int = RELATED) -> list[int]:
        """The numbers of the ``count`` earlier papers most like ``paper``, best first.

        A paper listed under several numbers (the same ``identity``) is
        named once, by its first; the paper itself, listed earlier, is not
        named at all. Of equal scores, the earlier paper comes first.
        """
        papers = self._papers
        if not papers:
            return []
        common = papers * MAX_SHARE if papers >= FEW_PAPERS else papers
        asked: list[tuple[float, str, float]] = []
        for term, found in paper.terms:
            postings = self._postings.get(term)
            if postings is None or len(postings) > common:
                continue
            rarity = math.log(1 + (papers - len(postings) + 0.5) / (len(postings) + 0.5))
            asked.append((found * rarity, term, rarity))
        asked.sort(key=lambda item: -item[0])
        scores: dict[int, float] = {}
        for _, term, rarity in asked[:QUERY_TERMS]:
            for number, weight in self._postings[term]:
                scores[number] = scores.get(number, 0.0) + rarity * weight
        named: list[int] = []
        seen = {identity} if identity else set()
        for number in sorted(scores, key=lambda number: (-scores[number], number)):
            other = self._identities[number]
            if other in seen:
                continue
            if other:
                seen.add(other)
            named.append(number)
            if len(named) == count:
                break
        return named


def related(
    days: Sequence[tuple[Sequence[Profile], Sequence[str]]], wanted: Set[int]
) -> dict[int, list[list[int]]]:
    """For each day numbered in ``wanted``, its papers' related papers, by number across ``days``.

    ``days`` are each day's papers' profiles and identities, oldest first;
    papers are numbered across them in that order. A paper is compared
    with the papers of the days before its own.
    """
    found: dict[int, list[list[int]]] = {}
    last = max(wanted, default=-1)
    # One more digest asks for its own papers' terms: only those are indexed of the earlier papers.
    asked = {term for index in wanted for _, counts in days[index][0] for term, _ in counts}
    earlier = Earlier(asked if len(wanted) <= FEW_DAYS else None)
    for index, (profiles, identities) in enumerate(days[: last + 1]):
        if index in wanted:
            found[index] = [
                earlier.like(paper, identity) for paper, identity in zip(profiles, identities, strict=True)
            ]
        earlier.add(profiles, identities)
    return found
