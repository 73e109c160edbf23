"""What the archive keeps of its related papers between runs: each raw file's profiles, each day's answer.

:mod:`digest_archive.search.related` ranks each paper's earlier papers;
this keeps, in ``.digest-related.json`` beside the pages, every file's
papers' profiles (by the file's checksum) and every day's answer, with a
hash of the day and of all the days before it. A day is ranked again only
when that hash changes: one more digest, dated after the others, ranks its
own papers and reads no other file, and no earlier day's answer changes.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping, Sequence
from pathlib import Path

from ..model import Digest
from ..search.related import Profile, profile, related
from .files import parse_raw, read_raw
from .folder import read_manifest, write_manifest
from .sources import Source

#: The file, beside the converter's manifest.
RELATED_FILE = ".digest-related.json"
#: Bump with any change to a profile or to the ranking
#: (:mod:`digest_archive.search.related`): another version is started over.
RELATED_VERSION = 2

#: A day's answer: for each of its entries, the (day, entry) places of its
#: related papers, by the days' numbers in date order.
Answer = list[list[tuple[int, int]]]


class Relate:
    """The :data:`~.plan.Relate` of :func:`~.plan.plan`, answering from the file in ``out_dir`` where it can.

    ``parsed`` are the digests the run read anyway, by file name; a file
    whose profiles are not kept and that is not among them is read again.

    The file holds strings, not nested lists, which JSON reads many times
    faster: a file's profiles a line each, ``length term count term count …``
    (a term is letters, digits or CJK characters, never a space,
    :mod:`digest_archive.search.terms`), and a day's answer its entries'
    ``date position date position …`` apart by ``|``.
    """

    def __init__(self, out_dir: Path, raw: Mapping[str, Path], parsed: Mapping[str, Digest]) -> None:
        self.path = out_dir / RELATED_FILE
        self.raw = raw
        self.parsed = parsed
        kept = read_manifest(self.path, RELATED_VERSION)
        self.profiles: dict[str, str] = kept.get("profiles", {})
        self.answers: dict[str, str] = kept.get("answers", {})
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
        if wanted:
            # Every day up to the last one ranked again: each of its papers is a candidate.
            ranked_days = days[: max(wanted) + 1]
            for source in ranked_days:
                if source.checksum not in self.profiles:
                    self.profiles[source.checksum] = "\n".join(map(_profile_line, self._profiles_of(source)))
            places = [
                (day, position)
                for day, source in enumerate(ranked_days)
                for position in range(len(source.identities))
            ]
            ranked = related(
                [
                    (_read_profiles(self.profiles[source.checksum]), source.identities)
                    for source in ranked_days
                ],
                wanted,
            )
            for index, answer in ranked.items():
                found[index] = [[places[paper] for paper in entry] for entry in answer]
        checksums = {source.checksum for source in days}
        answers = {
            chain: self.answers.get(chain) or _answer_text(found[index], days)
            for index, chain in enumerate(chains)
        }
        profiles = {checksum: text for checksum, text in self.profiles.items() if checksum in checksums}
        self.changed = (
            self.missing
            or bool(wanted)
            or answers.keys() != self.answers.keys()
            or profiles.keys() != self.profiles.keys()
        )
        self.answers, self.profiles = answers, profiles
        return [found[index] for index in range(len(days))]

    def save(self) -> None:
        """Write what this run learnt, if anything changed."""
        if self.changed:
            write_manifest(
                self.path, {"version": RELATED_VERSION, "profiles": self.profiles, "answers": self.answers}
            )

    def _profiles_of(self, source: Source) -> list[Profile]:
        digest = self.parsed.get(source.name) or parse_raw(source.name, read_raw(self.raw[source.name]))
        return [profile(entry) for entry in digest.entries]


def _profile_line(paper: Profile) -> str:
    return " ".join([str(paper.length), *(f"{term} {count}" for term, count in paper.terms)])


def _read_profiles(text: str) -> list[Profile]:
    papers = []
    for line in text.split("\n") if text else []:
        parts = line.split(" ")
        papers.append(Profile(int(parts[0]), list(zip(parts[1::2], map(int, parts[2::2]), strict=True))))
    return papers


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
