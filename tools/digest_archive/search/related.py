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

import bisect
import math
from collections import Counter
from collections.abc import Iterable, Sequence, Set
from typing import Any, NamedTuple

import numpy as np
import numpy.typing as npt

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
MAX_SHARE = 0.05
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
    """Papers, numbered in the order added, and how a later paper finds the earlier ones most like it."""

    def __init__(self, only: Set[str] | None = None) -> None:
        #: The terms indexed; None for all. A paper's query asks for its
        #: own terms only, so the others' postings are never read.
        self._only = only
        #: Each term's papers (by number, ascending) and its BM25 weight in each.
        self._numbers: dict[str, list[int]] = {}
        self._weights: dict[str, list[float]] = {}
        #: The same as arrays, made when a query first reads them.
        self._arrays: dict[str, tuple[npt.NDArray[np.intp], npt.NDArray[np.float64]]] = {}
        self._identities: list[str] = []

    def add(self, profiles: Iterable[Profile], identities: Sequence[str]) -> None:
        """Add a day's papers, numbered on from those before."""
        only, numbers, weights = self._only, self._numbers, self._weights
        for (length, counts), identity in zip(profiles, identities, strict=True):
            number = len(self._identities)
            self._identities.append(identity)
            if not counts:
                continue
            # BM25's saturation and length discount, fixed per paper (the index's fixed mean length).
            norm = K1 * (1 - B + B * length / MEAN_LENGTH)
            for term, count in counts:
                if only is None or term in only:
                    numbers.setdefault(term, []).append(number)
                    weights.setdefault(term, []).append((K1 + 1) * count / (count + norm))
        self._arrays.clear()

    def like(
        self, paper: Profile, identity: str = "", before: int | None = None, count: int = RELATED
    ) -> list[int]:
        """The numbers of the ``count`` papers numbered below ``before`` most like ``paper``, best first.

        ``before`` is all the papers added by default. A paper listed under
        several numbers (the same ``identity``) is named once, by its first;
        the paper itself, listed earlier, is not named at all. Of equal
        scores, the earlier paper comes first.
        """
        papers = self.papers if before is None else before
        if not papers:
            return []
        common = papers * MAX_SHARE if papers >= FEW_PAPERS else papers
        asked: list[tuple[float, str, float, int]] = []
        for term, found in paper.terms:
            numbers = self._numbers.get(term)
            # The term's earlier papers: its numbers below ``papers``, from the first.
            held = bisect.bisect_left(numbers, papers) if numbers is not None else 0
            if not held or held > common:
                continue
            rarity = math.log(1 + (papers - held + 0.5) / (held + 0.5))
            asked.append((found * rarity, term, rarity, held))
        if not asked:
            return []
        # By weight, then by term: a profile's terms in any order give the same query.
        asked.sort(key=lambda item: (-item[0], item[1]))
        # Summed with numpy, term by term in the query's order: the same sums whatever was indexed.
        parts = [self._array(term) for _, term, _, _ in asked[:QUERY_TERMS]]
        scores = np.bincount(
            np.concatenate([numbers[:held] for (numbers, _), (*_, held) in zip(parts, asked, strict=False)]),
            np.concatenate(
                [
                    weights[:held] * rarity
                    for (_, weights), (_, _, rarity, held) in zip(parts, asked, strict=False)
                ]
            ),
        )
        return self._best(scores, identity, count)

    def _array(self, term: str) -> tuple[npt.NDArray[np.intp], npt.NDArray[np.float64]]:
        found = self._arrays.get(term)
        if found is None:
            found = self._arrays[term] = (np.array(self._numbers[term]), np.array(self._weights[term]))
        return found

    def _best(self, scores: npt.NDArray[np.float64], identity: str, count: int) -> list[int]:
        """The ``count`` best-scored numbers, a paper once, not ``identity``; of equal scores, the first."""
        every = np.flatnonzero(scores)
        # The best few and all tied with the last of them, a few more than asked
        # for: some may be the paper itself, or one paper listed twice.
        few = count + 8
        candidates = every
        if len(every) > few:
            least = np.partition(scores[every], -few)[-few]
            candidates = every[scores[every] >= least]
        named = self._named(candidates, scores, identity, count)
        if len(named) < count and len(candidates) < len(every):
            named = self._named(every, scores, identity, count)
        return named

    def _named(
        self, numbers: npt.NDArray[np.intp], scores: npt.NDArray[np.float64], identity: str, count: int
    ) -> list[int]:
        named: list[int] = []
        seen = {identity} if identity else set()
        for number in sorted(numbers.tolist(), key=lambda number: (-scores[number], number)):
            other = self._identities[number]
            if other in seen:
                continue
            if other:
                seen.add(other)
            named.append(number)
            if len(named) == count:
                break
        return named

    @property
    def papers(self) -> int:
        """How many papers were added."""
        return len(self._identities)


def related(
    days: Sequence[tuple[Sequence[Profile], Sequence[str]]], wanted: Set[int]
) -> dict[int, list[list[int]]]:
    """For each day numbered in ``wanted``, its papers' related papers, by number across ``days``.

    ``days`` are each day's papers' profiles and identities, oldest first;
    papers are numbered across them in that order. A paper is compared
    with the papers of the days before its own. When at most
    :data:`FEW_DAYS` days are wanted, the other days' profiles need hold
    only the terms the wanted days' papers have, and a term on more papers
    than any of them asks for may be left out: the answers are the same.
    """
    last = max(wanted, default=-1)
    # One more digest asks for its own papers' terms: only those are indexed of the earlier papers.
    asked = {term for index in wanted for _, counts in days[index][0] for term, _ in counts}
    earlier = Earlier(asked if len(wanted) <= FEW_DAYS else None)
    starts = []
    for profiles, identities in days[: last + 1]:
        starts.append(earlier.papers)
        earlier.add(profiles, identities)
    return {
        index: [
            earlier.like(paper, identity, before=starts[index])
            for paper, identity in zip(*days[index], strict=True)
        ]
        for index in sorted(wanted)
    }
