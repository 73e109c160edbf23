"""The archive's papers for reference managers: RIS, CSL-JSON and COinS.

All three carry what the BibTeX export does (:mod:`.bibtex`, from the same
:mod:`.arxiv` id and URL, and the note :mod:`.credit` gives when asked),
under the same citation keys (:mod:`.cite`), and follow what Zotero writes
and reads for an arXiv paper (its arXiv translator, ``arXiv.org.js``): the
DOI arXiv gives every paper (``10.48550/arXiv.2012.04728``),
``arXiv:2012.04728`` as the archive's id, arXiv as the publisher, and the
abstract page as the URL.

Every value comes from a digest, so each format is made safe its own way:
RIS is read line by line, so every run of whitespace in a value, line
breaks of any kind above all, becomes one space (:func:`_line`); CSL-JSON is
written by :mod:`json`; a COinS value is percent-encoded whole, and the page
escapes the attribute it goes in.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote, urlencode

import rispy

from ..model import Digest, Entry
from .arxiv import code_url, origin
from .cite import entry_year, keyed
from .credit import listed_note

__all__ = ["CardRecords", "card_records", "coins", "csl_item", "csl_json", "ris", "ris_of", "ris_record"]

#: The RIS type of every paper. Zotero writes a preprint as ``GEN`` (its
#: RIS translator has no type of its own for one) and reads it back as a
#: journal article; Mendeley and EndNote read it as a generic reference.
RIS_TYPE = "GEN"
#: The CSL type Zotero exports a preprint as.
CSL_TYPE = "article"


class _Paper:
    """What every format says of one entry, worked out once."""

    def __init__(self, digest: Digest, entry: Entry, listed_by: str | None = None) -> None:
        self.title = _line(entry.title)
        self.authors = [_line(name) for name in entry.authors if name.strip()]
        self.year = entry_year(digest, entry)
        self.arxiv, self.url = origin(entry)
        #: The digest that listed it (:func:`.credit.listed_note`), when asked for.
        self.note = None if listed_by is None else listed_note(digest.date, listed_by)
        self.code = code_url(entry)
        self.category = _line(entry.category)

    @property
    def doi(self) -> str | None:
        return None if self.arxiv is None else f"10.48550/arXiv.{self.arxiv.id}"

    @property
    def archive_id(self) -> str | None:
        return None if self.arxiv is None else f"arXiv:{self.arxiv.id}"


def _line(text: str) -> str:
    """``text`` on one line: every run of whitespace (any line break too) as one space."""
    return " ".join(text.split())


# --- RIS -----------------------------------------------------------------------------------


def ris_record(digest: Digest, entry: Entry, key: str, listed_by: str | None = None) -> dict[str, Any]:
    """The entry as a rispy record (rispy's field names), under ``key``.

    ``ID`` the key, ``TI``, an ``AU`` per author, ``PY`` the year cited and
    ``DA`` the arXiv id's month (``2020/12//``), ``UR`` the abstract page (or
    the first link) and then the paper's code, ``DO`` arXiv's DOI, ``AN``
    ``arXiv:2012.04728``, ``PB`` arXiv and ``KW`` the category; with
    ``listed_by`` (a curator, or empty), ``N1`` names the digest that listed
    it (:func:`.credit.listed_note`).
    """
    return _ris_record(_Paper(digest, entry, listed_by), key)


def _ris_record(paper: _Paper, key: str) -> dict[str, Any]:
    record: dict[str, Any] = {"type_of_reference": RIS_TYPE, "id": _line(key)}
    if paper.title:
        record["title"] = paper.title
    if paper.authors:
        record["authors"] = paper.authors
    if paper.year is not None:
        record["year"] = str(paper.year)
    if paper.arxiv is not None:
        record["date"] = f"{paper.arxiv.year}/{paper.arxiv.month:02d}//"
        record["doi"] = paper.doi
        record["accession_number"] = paper.archive_id
        record["publisher"] = "arXiv"
    found = [url for url in (paper.url, paper.code) if url is not None]
    if found:
        record["urls"] = list(dict.fromkeys(found))
    if paper.category:
        record["keywords"] = [paper.category]
    if paper.note is not None:
        record["notes"] = [paper.note]
    return record


class _Writer(rispy.RisWriter):
    """rispy's writer without the ``1.`` it puts before each record: plain RIS, as Zotero writes it."""

    def set_header(self, count: int) -> str:
        return ""


def _ris_text(records: list[dict[str, Any]]) -> str:
    return rispy.dumps(records, implementation=_Writer) if records else ""


def ris(digests: Sequence[Digest], listed_by: str | None = None) -> str:
    """Every entry of every dated digest as RIS, in the order and with the keys of the BibTeX export."""
    return _ris_text([ris_record(digest, entry, key, listed_by) for digest, entry, key in keyed(digests)])


def ris_of(digest: Digest, keys: Sequence[str]) -> str:
    """One digest's entries as RIS under ``keys``, theirs in the whole archive (a page's download)."""
    return _ris_text(
        [ris_record(digest, entry, key) for entry, key in zip(digest.entries, keys, strict=True)]
    )


# --- CSL-JSON ------------------------------------------------------------------------------


def _name(written: str) -> dict[str, str]:
    """A written name as CSL's: the last word the family name, as the citation key takes it."""
    given, _, family = written.rpartition(" ")
    return {"family": family, "given": given} if given else {"literal": written}


def csl_item(digest: Digest, entry: Entry, key: str, listed_by: str | None = None) -> dict[str, Any]:
    """The entry as a CSL-JSON item with ``key`` as its ``id``, as Zotero exports a preprint.

    ``number`` is ``arXiv:2012.04728``, ``DOI`` arXiv's, ``publisher`` arXiv,
    ``issued`` the arXiv id's year and month (else the year cited); the
    ``note`` gives the paper's code (CSL has no field for it), after the
    digest that listed it when ``listed_by`` asks for that (a curator, or
    empty: :func:`.credit.listed_note`).
    """
    return _csl_item(_Paper(digest, entry, listed_by), key)


def _csl_item(paper: _Paper, key: str) -> dict[str, Any]:
    item: dict[str, Any] = {"id": key, "type": CSL_TYPE}
    if paper.title:
        item["title"] = paper.title
    if paper.authors:
        item["author"] = [_name(name) for name in paper.authors]
    if paper.arxiv is not None:
        item["issued"] = {"date-parts": [[paper.arxiv.year, paper.arxiv.month]]}
        item["number"] = paper.archive_id
        item["DOI"] = paper.doi
        item["publisher"] = "arXiv"
    elif paper.year is not None:
        item["issued"] = {"date-parts": [[paper.year]]}
    if paper.url is not None:
        item["URL"] = paper.url
    if paper.category:
        item["keyword"] = paper.category
    notes = [note for note in (paper.note, paper.code and f"Code: {paper.code}") if note]
    if notes:
        item["note"] = ". ".join(notes)
    return item


def csl_json(digests: Sequence[Digest], listed_by: str | None = None) -> str:
    """Every entry of every dated digest as a CSL-JSON array, in the order of the BibTeX export."""
    items = [csl_item(digest, entry, key, listed_by) for digest, entry, key in keyed(digests)]
    return json.dumps(items, ensure_ascii=False, indent=2) + "\n"


# --- COinS ---------------------------------------------------------------------------------

#: Zotero's OpenURL reader makes a journal article of this format, with
#: ``rft.atitle`` as its title; ``rft.genre=preprint`` says what it is to
#: other readers of COinS.
_COINS_FORMAT = "info:ofi/fmt:kev:mtx:journal"


def coins(digest: Digest, entry: Entry) -> str:
    """The entry's OpenURL ContextObject, the ``title`` of its COinS span (not yet escaped for HTML).

    Every value is percent-encoded (``quote``: a space is ``%20``, ``+`` is
    ``%2B``), so no ``&`` or ``=`` of a value can start another key.
    ``rft.date`` is the arXiv id's month (``2020-12``), else the year cited;
    ``rft_id`` the arXiv id (``info:arxiv/2012.04728``) and the abstract page.
    """
    return _coins(_Paper(digest, entry))


def _coins(paper: _Paper) -> str:
    pairs: list[tuple[str, str]] = [
        ("ctx_ver", "Z39.88-2004"),
        ("rft_val_fmt", _COINS_FORMAT),
        ("rft.genre", "preprint"),
    ]
    if paper.title:
        pairs.append(("rft.atitle", paper.title))
    pairs += [("rft.au", name) for name in paper.authors]
    if paper.arxiv is not None:
        pairs.append(("rft.date", f"{paper.arxiv.year}-{paper.arxiv.month:02d}"))
        pairs.append(("rft_id", f"info:arxiv/{paper.arxiv.id}"))
    elif paper.year is not None:
        pairs.append(("rft.date", str(paper.year)))
    if paper.url is not None:
        pairs.append(("rft_id", paper.url))
    return urlencode(pairs, quote_via=quote, safe="")


@dataclass(frozen=True)
class CardRecords:
    """What a paper's card carries of it in every format, from one reading of its entry."""

    #: Its COinS span's ContextObject (:func:`coins`).
    coins: str
    #: Its RIS record, as its day's file gives it (:func:`ris_record`).
    ris: str
    #: Its CSL-JSON item (:func:`csl_item`).
    csl: dict[str, Any]
    #: Its code or model (:func:`~.arxiv.code_url`), for the card's row of actions.
    code: str | None


def card_records(digest: Digest, entry: Entry, key: str) -> CardRecords:
    """The entry's records for its card under ``key``: the entry read once for all of them."""
    paper = _Paper(digest, entry)
    return CardRecords(_coins(paper), _ris_text([_ris_record(paper, key)]), _csl_item(paper, key), paper.code)
