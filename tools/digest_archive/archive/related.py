"""What the archive keeps of its related papers between runs: every paper's terms, each day's answer.

:mod:`digest_archive.search.related` ranks each paper's earlier papers;
this keeps, in ``.digest-related.json`` beside the pages, every file's
papers' terms (an inverted index, :class:`Relate`) and every day's answer,
by a hash of the day and of all the days before it. A day is ranked again
only when that hash changes: one more digest, dated after the others, ranks
its own papers, reads no other raw file, and changes no earlier day's answer.
"""

from __future__ import annotations

import hashlib
import json
import math
from collections.abc import Mapping, Sequence, Set
from pathlib import Path
from typing import Any

from ..model import Digest
from ..search.related import FEW_DAYS, FEW_PAPERS, MAX_SHARE, Profile, profile, related
from .files import parse_raw, read_raw
from .folder import read_manifest, write_manifest
from .sources import Source

#: The file, beside the converter's manifest.
RELATED_FILE = ".digest-related.json"
#: Bump with any change to a profile or to the ranking
#: (:mod:`digest_archive.search.related`): another version is started over.
RELATED_VERSION = 3

#: A day's answer: for each of its entries, the (day, entry) places of its
#: related papers, by the days' numbers in date order.
Answer = list[list[tuple[int, int]]]


class Relate:
    """The :data:`~.plan.Relate` of :func:`~.plan.plan`, answering from the file in ``out_dir`` where it can.

    ``parsed`` are the digests the run read anyway, by file name; a new file
    not among them is read again, and a known one's papers come from the index.

    The file keeps the papers as an inverted index: for each term, the
    papers that have it, ``file position count`` each, a file by a number of
    its own; for each file (by checksum) its number and its papers' lengths.
    One more digest then reads the postings of its own papers' terms only,
    and JSON reads strings many times faster than nested lists. A term is
    letters, digits or CJK characters, never a space
    (:mod:`digest_archive.search.terms`). A day's answer is its entries'
    ``date position date position …``, apart by ``|``. A file gone leaves its
    postings behind until they are a quarter of all, then they are dropped.
    """

    def __init__(self, out_dir: Path, raw: Mapping[str, Path], parsed: Mapping[str, Digest]) -> None:
        self.path = out_dir / RELATED_FILE
        self.raw = raw
        self.parsed = parsed
        kept = read_manifest(self.path, RELATED_VERSION)
        #: Each file's number and its papers' lengths, by checksum.
        self.files: dict[str, list[Any]] = kept.get("files", {})
        self.postings: dict[str, str] = kept.get("postings", {})
        self.answers: dict[str, str] = kept.get("answers", {})
        self.next_file: int = kept.get("next_file", 0)
        self.dead: int = kept.get("dead", 0)
        # A missing file (or one of another version) is written, even for an archive of no digests.
        self.changed = self.missing = not kept

    def __call__(self, days: Sequence[Source]) -> list[Answer]:
        chains = _chains(days)
        number = {_date(source): index for index, source in enumerate(days)}
        found = {
            index: _answer(self.answers[chain], number, len(days[index].identities))
            for index, chain in enumerate(chains)
            if chain in self.answers
        }
        wanted = {index for index in range(len(days)) if index not in found}
        live = {source.checksum for source in days}
        gone = [checksum for checksum in self.files if checksum not in live]
        for checksum in gone:
            self.dead += len(self.files.pop(checksum)[1])
        if wanted:
            ranked_days = days[: max(wanted) + 1]
            # A new file's papers are profiled from its digest; a known one's come from the postings.
            own = {
                index: self._profiles_of(ranked_days[index])
                for index in wanted
                if ranked_days[index].checksum not in self.files
            }
            for index, papers in own.items():
                self._index(ranked_days[index].checksum, papers)
            known_wanted = wanted - own.keys()
            if known_wanted:
                indexed = self._profiles([ranked_days[index] for index in known_wanted], None)
                own |= {index: indexed[ranked_days[index].checksum] for index in known_wanted}
            # A few days ranked ask the others for their own terms only: the same answers.
            asked = {term for papers in own.values() for paper in papers for term, _ in paper.terms}
            known = self._profiles(
                ranked_days, asked if len(wanted) <= FEW_DAYS else None, _most_asked(ranked_days, wanted)
            )
            ranked = related(
                [
                    (own[index] if index in own else known[source.checksum], source.identities)
                    for index, source in enumerate(ranked_days)
                ],
                wanted,
            )
            places = [
                (day, position)
                for day, source in enumerate(ranked_days)
                for position in range(len(source.identities))
            ]
            for index, answer in ranked.items():
                found[index] = [[places[paper] for paper in entry] for entry in answer]
        if self.dead * 4 > sum(len(lengths) for _, lengths in self.files.values()):
            self._drop_dead()
        answers = {
            chain: self.answers.get(chain) or _answer_text(found[index], days)
            for index, chain in enumerate(chains)
        }
        self.changed = self.missing or bool(wanted) or bool(gone) or answers.keys() != self.answers.keys()
        self.answers = answers
        return [found[index] for index in range(len(days))]

    def save(self) -> None:
        """Write what this run learnt, if anything changed."""
        if self.changed:
            write_manifest(
                self.path,
                {
                    "version": RELATED_VERSION,
                    "files": self.files,
                    "postings": self.postings,
                    "answers": self.answers,
                    "next_file": self.next_file,
                    "dead": self.dead,
                },
            )

    def _profiles_of(self, source: Source) -> list[Profile]:
        digest = self.parsed.get(source.name) or parse_raw(source.name, read_raw(self.raw[source.name]))
        return [profile(entry) for entry in digest.entries]

    def _index(self, checksum: str, papers: Sequence[Profile]) -> None:
        """Add a file's papers to the postings, unless they are there."""
        if checksum in self.files:
            return
        number = self.next_file
        self.next_file += 1
        self.files[checksum] = [number, [paper.length for paper in papers]]
        for position, paper in enumerate(papers):
            for term, count in paper.terms:
                held = self.postings.get(term)
                entry = f"{number} {position} {count}"
                self.postings[term] = f"{held} {entry}" if held else entry

    def _profiles(
        self, days: Sequence[Source], only: Set[str] | None, most: float = math.inf
    ) -> dict[str, list[Profile]]:
        """The profiles of ``days``' files in the postings, with only the ``only`` terms (None: all).

        Of those, a term on more than ``most`` papers (postings of files gone
        aside) is left out: no query asks for a term so common.
        """
        by_number = {
            self.files[source.checksum][0]: source.checksum
            for source in days
            if source.checksum in self.files
        }
        terms: dict[str, list[list[tuple[str, int]]]] = {
            checksum: [[] for _ in self.files[checksum][1]] for checksum in by_number.values()
        }
        for term in self.postings if only is None else only & self.postings.keys():
            held = self.postings[term]
            # Counted without splitting: the common terms are the longest postings.
            if (held.count(" ") + 1) // 3 - self.dead > most:
                continue
            parts = held.split(" ")
            for file, position, count in zip(parts[::3], parts[1::3], parts[2::3], strict=True):
                checksum = by_number.get(int(file))
                if checksum is not None:
                    terms[checksum][int(position)].append((term, int(count)))
        return {
            checksum: [
                Profile(length, held)
                for length, held in zip(self.files[checksum][1], terms[checksum], strict=True)
            ]
            for checksum in terms
        }

    def _drop_dead(self) -> None:
        live = {str(number) for number, _ in self.files.values()}
        kept: dict[str, str] = {}
        for term, held in self.postings.items():
            parts = held.split(" ")
            entries = [" ".join(parts[at : at + 3]) for at in range(0, len(parts), 3) if parts[at] in live]
            if entries:
                kept[term] = " ".join(entries)
        self.postings, self.dead = kept, 0


def _answer_text(answer: Answer, days: Sequence[Source]) -> str:
    return "|".join(" ".join(f"{_date(days[day])} {position}" for day, position in entry) for entry in answer)


def _answer(text: str, number: Mapping[str, int], entries: int) -> Answer:
    answer = []
    # A day of no entries and a day of one without related papers are both "".
    for entry in text.split("|") if entries else []:
        parts = entry.split()
        answer.append(
            [(number[date], int(position)) for date, position in zip(parts[::2], parts[1::2], strict=True)]
        )
    return answer


def _most_asked(days: Sequence[Source], wanted: Set[int]) -> float:
    """How many papers a term asked for by a paper of the ``wanted`` days may be on, at most.

    A paper asks only for terms on at most :data:`~digest_archive.search.related.MAX_SHARE`
    of the papers before its day (of all, below :data:`~digest_archive.search.related.FEW_PAPERS`):
    a term on more papers than the largest such share of a wanted day, and
    all the papers from the first wanted day on, is asked for by none.
    """
    starts = [0]
    for source in days:
        starts.append(starts[-1] + len(source.identities))
    # Each wanted day's share: every earlier paper, below FEW_PAPERS of them.
    share = max(starts[day] * MAX_SHARE if starts[day] >= FEW_PAPERS else starts[day] for day in wanted)
    return share + (starts[-1] - starts[min(wanted)])


def _date(source: Source) -> str:
    assert source.listing is not None
    return source.listing.date.isoformat()


def _chains(days: Sequence[Source]) -> list[str]:
    """For each day, a hash of its file and of every earlier day's: what its answer depends on."""
    chains: list[str] = []
    chain = ""
    for source in days:
        chain = hashlib.sha256(
            json.dumps([chain, _date(source), source.checksum]).encode("utf-8")
        ).hexdigest()
        chains.append(chain)
    return chains
