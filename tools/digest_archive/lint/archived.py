"""The archive a digest is linted against: where each paper of its digests is listed.

Which entries are one paper is :func:`~digest_archive.text.identity.identity`'s call.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import NamedTuple

from ..model import Digest
from ..text.identity import identity


class Listing(NamedTuple):
    """Where the archive lists a paper: the digest's day, its raw file, and the entry's line."""

    date: dt.date
    path: str
    line: int


class Archive:
    """The papers of some digests (each dated), with where each is listed, oldest first."""

    def __init__(self, digests: Iterable[Digest] = ()) -> None:
        self._papers: dict[str, list[Listing]] = {}
        for digest in digests:
            if digest.date is None:
                continue
            for entry in digest.entries:
                if paper := identity(entry):
                    self._papers.setdefault(paper, []).append(Listing(digest.date, digest.source, entry.line))
        for listings in self._papers.values():
            listings.sort()

    def listings(self, paper: str) -> Sequence[Listing]:
        """Where the paper ``paper`` (an identity) is listed, oldest first; none for an empty identity."""
        return self._papers.get(paper, ()) if paper else ()


#: The archive of a digest linted alone.
NO_ARCHIVE = Archive()
