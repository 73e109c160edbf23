"""A cited paper's arXiv id, the URLs a citation gives, and the note on the digest that recommended it.

Every format a paper is cited in (:mod:`.bibtex`, and RIS, CSL-JSON and
COinS in :mod:`.reference`) says the same of it: the abstract page of its
first arXiv link (else its first link, as written), its code (:func:`code_url`)
and the digest's date.
"""

from __future__ import annotations

from typing import NamedTuple

from ..model import Digest, Entry
from ..text import urls
from ..text.urls import ArxivId


def first_arxiv(entry: Entry) -> ArxivId | None:
    """The entry's first arXiv link, read as an id."""
    return next((found for link in entry.links if (found := urls.arxiv_id(link)) is not None), None)


def code_url(entry: Entry) -> str | None:
    """The paper's code or model: the first repository its links give, else its abstract or summary.

    A repository is a link to a host of code or models
    (:func:`~digest_archive.text.urls.is_code_repository`); None when the entry gives none.
    """
    texts = [entry.abstract_en or "", entry.summary_zh or "", *entry.summary_lead]
    for part in entry.summary_parts:
        texts += [part.text, *part.points]
    # A link as written may run on into the sentence after it (a full-width stop).
    candidates = [url for text in [*entry.links, *texts] for url in urls.urls_in(text)]
    return next((url for url in candidates if urls.is_code_repository(url)), None)


def arxiv_id(entry: Entry) -> str | None:
    """The arXiv id of the entry's first arXiv link, without version (``2210.06441``)."""
    found = first_arxiv(entry)
    return None if found is None else found.id


class Origin(NamedTuple):
    """What a citation says of where a paper is, and where it was recommended."""

    #: The entry's first arXiv link, read as an id; None when it has none.
    arxiv: ArxivId | None
    #: The arXiv abstract page, else the entry's first link (encoded); None when it has no link.
    url: str | None
    #: ``Recommended in the arXiv digest of 2020-12-16`` (of an undated digest: ``in an arXiv digest``).
    note: str


def origin(digest: Digest, entry: Entry) -> Origin:
    """Where ``entry`` of ``digest`` is, and where it was recommended."""
    found = first_arxiv(entry)
    if found is not None:
        url: str | None = f"https://arxiv.org/abs/{found.id}"
    else:
        url = urls.encode(entry.links[0]) if entry.links else None
    if digest.date is not None:
        note = f"Recommended in the arXiv digest of {digest.date.isoformat()}"
    else:
        note = "Recommended in an arXiv digest"
    return Origin(found, url, note)
