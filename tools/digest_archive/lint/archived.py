"""The archive a digest is linted against: where each paper and each written name of its digests is listed.

Which entries are one paper is :func:`~digest_archive.text.identity.identity`'s call;
which written names may be one name, :mod:`~digest_archive.text.variants`', and
which are, the archive's ``names.toml``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import NamedTuple

from ..model import Digest
from ..text.identity import identity
from ..text.variants import NO_NAMES, NamesFile, affiliation_key, author_key

#: How each kind of name is keyed: written names of one key are likely one name.
KEYS = {"author": author_key, "affiliation": affiliation_key}


class Listing(NamedTuple):
    """Where the archive lists a paper: the digest's day, its raw file, and the entry's line."""

    date: dt.date
    path: str
    line: int


class Archive:
    """The papers and written names of some digests (each dated), with where each is listed, oldest first."""

    def __init__(self, digests: Iterable[Digest] = (), names: NamesFile = NO_NAMES) -> None:
        self.names = names
        self._papers: dict[str, list[Listing]] = {}
        #: Each digest's papers, in order, with the digests that list them so.
        self._digests: dict[tuple[str, ...], list[Listing]] = {}
        #: Each kind's keys, each with its written names and where each is first listed.
        self._written: dict[str, dict[str, dict[str, Listing]]] = {kind: {} for kind in KEYS}
        for digest in digests:
            if digest.date is None:
                continue
            if papers := papers_of(digest):
                self._digests.setdefault(papers, []).append(Listing(digest.date, digest.source, 1))
            for entry in digest.entries:
                found = Listing(digest.date, digest.source, entry.line)
                if paper := identity(entry):
                    self._papers.setdefault(paper, []).append(found)
                for kind, field, written in (
                    ("author", "authors", entry.authors),
                    ("affiliation", "affiliations", entry.affiliations),
                ):
                    # Where the name is written: its line, not its entry's.
                    at = Listing(digest.date, digest.source, entry.span(field).line)
                    for name in written:
                        if key := KEYS[kind](name):
                            forms = self._written[kind].setdefault(key, {})
                            if name not in forms or at < forms[name]:
                                forms[name] = at
        for listings in (*self._papers.values(), *self._digests.values()):
            listings.sort()

    def copies(self, digest: Digest) -> Sequence[Listing]:
        """The dated digests that list ``digest``'s papers, all of them, in its order, oldest first."""
        return self._digests.get(papers_of(digest), ()) if digest.entries else ()

    def listings(self, paper: str) -> Sequence[Listing]:
        """Where the paper ``paper`` (an identity) is listed, oldest first; none for an empty identity."""
        return self._papers.get(paper, ()) if paper else ()

    def variants(self, kind: str, name: str) -> dict[str, Listing]:
        """The other written names of the archive with ``name``'s key, each where first listed."""
        key = KEYS[kind](name)
        forms = self._written[kind].get(key, {}) if key else {}
        return {other: found for other, found in forms.items() if other != name}


def papers_of(digest: Digest) -> tuple[str, ...]:
    """``digest``'s papers (their identities), in order; none when it has no entry."""
    return tuple(identity(entry) for entry in digest.entries)


#: The archive of a digest linted alone.
NO_ARCHIVE = Archive()
