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
from typing import Any

from ..model import Digest
from ..search.related import Profile, profile, related
from .files import parse_raw, read_raw
from .folder import read_manifest, write_manifest
from .sources import Source

#: The file, beside the converter's manifest.
RELATED_FILE = ".digest-related.json"
#: Bump with any change to a profile or to the ranking
#: (:mod:`digest_archive.search.related`): another version is started over.
RELATED_VERSION = 1

#: A day's answer: for each of its entries, the (day, entry) places of its
#: related papers, by the days' numbers in date order.
Answer = list[list[tuple[int, int]]]


class Relate:
    """The :data:`~.plan.Relate` of :func:`~.plan.plan`, answering from the file in ``out_dir`` where it can.

    ``parsed`` are the digests the run read anyway, by file name; a file
    whose profiles are not kept and that is not among them is read again.
    """

    def __init__(self, out_dir: Path, raw: Mapping[str, Path], parsed: Mapping[str, Digest]) -> None:
        self.path = out_dir / RELATED_FILE
        self.raw = raw
        self.parsed = parsed
        self.kept = read_manifest(self.path, RELATED_VERSION)
        self.changed = False

    def __call__(self, days: Sequence[Source]) -> list[Answer]:
        chains = _chains(days)
        known: dict[str, Any] = self.kept.get("answers", {})
        number = {_date(source): index for index, source in enumerate(days)}
        found: dict[int, Answer] = {
            index: [[(number[date], position) for date, position in entry] for entry in known[chain]]
            for index, chain in enumerate(chains)
            if chain in known
        }
        wanted = {index for index in range(len(days)) if index not in found}
        profiles: dict[str, Any] = self.kept.get("profiles", {})
        if wanted:
            # Every day up to the last one ranked again is read: each of its papers is a candidate.
            ranked_days = days[: max(wanted) + 1]
            for source in ranked_days:
                if source.checksum not in profiles:
                    profiles[source.checksum] = [
                        [length, [[term, count] for term, count in terms]]
                        for length, terms in self._profiles(source)
                    ]
            places = [
                (day, position)
                for day, source in enumerate(ranked_days)
                for position in range(len(source.identities))
            ]
            ranked = related(
                [
                    ([Profile(*paper) for paper in profiles[source.checksum]], source.identities)
                    for source in ranked_days
                ],
                wanted,
            )
            found.update(
                (index, [[places[paper] for paper in entry] for entry in answer])
                for index, answer in ranked.items()
            )
        new = {
            "version": RELATED_VERSION,
            "profiles": {
                source.checksum: profiles[source.checksum] for source in days if source.checksum in profiles
            },
            "answers": {
                chain: [[[_date(days[day]), position] for day, position in entry] for entry in found[index]]
                for index, chain in enumerate(chains)
            },
        }
        self.changed = new != self.kept
        self.kept = new
        return [found[index] for index in range(len(days))]

    def save(self) -> None:
        """Write what this run learnt, if anything changed."""
        if self.changed:
            write_manifest(self.path, self.kept)

    def _profiles(self, source: Source) -> list[Profile]:
        digest = self.parsed.get(source.name) or parse_raw(source.name, read_raw(self.raw[source.name]))
        return [profile(entry) for entry in digest.entries]


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
