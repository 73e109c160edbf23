"""A cited paper's arXiv id and the URLs a citation gives.

Every format a paper is cited in (:mod:`.bibtex`, and RIS, CSL-JSON and
COinS in :mod:`.reference`) says the same of it: the abstract page of its
first arXiv link (else its first link, as written) and its code
(:func:`code_url`); and, when asked, the digest that listed it
(:func:`.credit.listed_note`).
"""

from __future__ import annotations

from typing import NamedTuple

from ..model import Entry
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
    """What a citation says of where a paper is."""

    #: The entry's first arXiv link, read as an id; None when it has none.
    arxiv: ArxivId | None
    #: The arXiv abstract page, else the entry's first link (encoded); None when it has no link.
    url: str | None


def origin(entry: Entry) -> Origin:
    """Where ``entry``'s paper is."""
    found = first_arxiv(entry)
    if found is not None:
        url: str | None = f"https://arxiv.org/abs/{found.id}"
    else:
        url = urls.encode(entry.links[0]) if entry.links else None
    return Origin(found, url)
