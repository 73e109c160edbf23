"""What the archive keeps of each raw file between runs: its :class:`Source`.

A raw file is parsed and linted once (:func:`survey`); what the index pages
and the citation keys need of it, and its lint findings, are kept in the
converter's manifest, checked against the file's bytes, so that an unchanged
file is not parsed again.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from ..lint import REGISTRY, Diagnostic, by_position, lint_digest
from ..model import Digest
from ..render.cite import base_keys
from ..render.listings import Listed, Listing, listed, listing
from ..text.identity import identity
from .files import read_checked


@dataclass(frozen=True)
class Source:
    """What the archive needs of one raw file, besides its page."""

    name: str
    #: SHA-256 of the raw bytes.
    checksum: str
    #: False when the file cannot be parsed at all; ``problems`` say why.
    readable: bool
    #: Every rule's findings (only the byte-level ones when unreadable).
    problems: tuple[Diagnostic, ...]
    #: What the index pages say of it; None when unreadable or not named after a day.
    listing: Listing | None
    #: Each entry's :func:`~digest_archive.render.cite.base_keys`.
    keys: tuple[str, ...]
    #: What the listing pages say of each entry, in order.
    entries: tuple[Listed, ...] = ()
    #: Each entry's :func:`~digest_archive.text.identity.identity` (empty: none).
    identities: tuple[str, ...] = ()


def survey(name: str, data: bytes, checksum: str) -> tuple[Source, Digest | None]:
    """Parse and lint one raw file: its :class:`Source`, and the digest if readable."""
    problems, digest = read_checked(name, data)
    if digest is None:
        return Source(name, checksum, False, tuple(problems), None, ()), None
    source = Source(
        name,
        checksum,
        True,
        tuple(by_position(problems + lint_digest(REGISTRY.values(), digest))),
        listing(digest) if digest.date is not None else None,
        tuple(base_keys(digest)),
        tuple(listed(entry) for entry in digest.entries),
        tuple(identity(entry) for entry in digest.entries),
    )
    return source, digest


def to_json(source: Source) -> dict[str, Any]:
    """``source`` as the manifest keeps it, under its name."""
    return {
        "checksum": source.checksum,
        "readable": source.readable,
        "problems": [problem.model_dump(mode="json") for problem in source.problems],
        "listing": None
        if source.listing is None
        else [source.listing.date.isoformat(), source.listing.entries, source.listing.first_title],
        "keys": list(source.keys),
        "entries": [
            [
                entry.title,
                entry.category,
                list(entry.authors),
                list(entry.affiliations),
                entry.highlighted,
                entry.summary,
            ]
            for entry in source.entries
        ],
        "identities": list(source.identities),
    }


def from_json(name: str, data: dict[str, Any]) -> Source:
    """The :class:`Source` of ``name`` that :func:`to_json` wrote."""
    found = data["listing"]
    return Source(
        name,
        data["checksum"],
        data["readable"],
        tuple(Diagnostic.model_validate(problem) for problem in data["problems"]),
        None if found is None else Listing(dt.date.fromisoformat(found[0]), found[1], found[2]),
        tuple(data["keys"]),
        tuple(
            Listed(title, category, tuple(authors), tuple(affiliations), highlighted, summary)
            for title, category, authors, affiliations, highlighted, summary in data["entries"]
        ),
        tuple(data["identities"]),
    )
