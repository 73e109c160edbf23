"""BibTeX: each entry's ``@misc``, and the archive's, written by pybtex.

Digests are plain text, not LaTeX, so every text value is escaped first:
:func:`_latex` turns the characters pybtex leaves alone (``\\ { } $ ^ ~``)
into text commands, and pybtex's writer escapes ``% & # _`` itself (it would
double a backslash we added before them). ``url`` and ``eprint`` are read
verbatim by BibTeX styles and biblatex, so they are written as they are (see
:class:`_Writer`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import NamedTuple, TextIO

from pybtex.database import BibliographyData, Person
from pybtex.database import Entry as BibEntry
from pybtex.database.output.bibtex import Writer as BibTeXWriter

from ..model import Digest, Entry
from ..text import urls
from ..text.categories import full_codes
from .arxiv import origin
from .cite import citation_keys, entry_year, keyed
from .credit import listed_note

__all__ = ["Citation", "bibtex", "bibtex_entry", "citations"]

# What LaTeX would misread in text and pybtex's writer does not escape.
_LATEX_SPECIALS = {
    "\\": r"\textbackslash{}",
    "{": r"\textbraceleft{}",
    "}": r"\textbraceright{}",
    "$": r"\$",
    "^": r"\textasciicircum{}",
    "~": r"\textasciitilde{}",
}
_LATEX_SPECIAL = re.compile("|".join(re.escape(char) for char in _LATEX_SPECIALS))
# A written name BibTeX would split or reinterpret: commas, the word "and", a lone "others".
_NAME_TROUBLE = re.compile(r",|(?:^|\s)and(?:\s|$)|^others$", re.IGNORECASE)


def _latex(text: str) -> str:
    """Plain ``text`` as a BibTeX value that LaTeX reads back as the same text.

    Only what pybtex's writer leaves alone is escaped here; it escapes
    ``% & # _`` itself. No braces are left that BibTeX could find unbalanced.
    """
    return _LATEX_SPECIAL.sub(lambda match: _LATEX_SPECIALS[match[0]], " ".join(text.split()))


def _person(name: str) -> Person:
    written = _latex(name)
    if _NAME_TROUBLE.search(written):
        written = "{" + written + "}"
    return Person(written)


def _bib_entry(digest: Digest, entry: Entry, listed_by: str | None) -> BibEntry:
    persons = [_person(name) for name in entry.authors if name.strip()]
    if persons and entry.authors_truncated:
        persons.append(Person("others"))
    fields: list[tuple[str, str]] = []
    if entry.title.strip():
        fields.append(("title", "{" + _latex(entry.title) + "}"))
    year = entry_year(digest, entry)
    if year is not None:
        fields.append(("year", str(year)))
    found, url = origin(entry)
    if url is not None:
        fields.append(("url", url))
    if found is not None:
        fields.append(("eprint", found.id))
        fields.append(("archivePrefix", "arXiv"))
        codes = full_codes(entry.category)
        if codes:
            fields.append(("primaryClass", codes[0]))
    if listed_by is not None:
        note = listed_note(digest.date, listed_by)
        weibo = next((link for link in entry.links if urls.is_weibo(link)), None)
        if weibo is not None:
            note += f"; Weibo: {urls.encode(weibo)}"
        fields.append(("note", _latex(note)))
    if entry.category.strip():
        fields.append(("keywords", _latex(entry.category)))
    return BibEntry("misc", fields=fields, persons={"author": persons} if persons else None)


class _Writer(BibTeXWriter):
    """pybtex's BibTeX writer: UTF-8 text escaped by one regex, verbatim fields not at all.

    pybtex escapes each value through latexcodec, one character at a time,
    most of the cost of writing an entry. With UTF-8 output and values that
    went through :func:`_latex`, all it changes is ``# % & _``
    (tests/render/test_cite.py checks the two agree on any text).

    pybtex escapes every field, but BibTeX styles and biblatex read ``url``,
    ``eprint`` and ``doi`` verbatim: a ``\\%`` there is part of the URL they
    read. Those fields are written as they are. Ours come from
    :func:`urls.encode` and :func:`urls.arxiv_id`, so they hold no braces,
    backslashes, quotes or spaces that could end the value.
    """

    def _encode(self, text: str) -> str:
        return _PYBTEX_SPECIAL.sub(r"\\\g<0>", text)

    def _write_field(self, stream: TextIO, field: str, value: str) -> None:
        if field.lower() in _VERBATIM_FIELDS:
            stream.write(f",\n    {field} = {self.quote(value)}")
        else:
            super()._write_field(stream, field, value)


_PYBTEX_SPECIAL = re.compile(r"[#%&_]")
# Fields BibTeX styles and biblatex read verbatim (see _Writer).
_VERBATIM_FIELDS = frozenset({"url", "eprint", "doi"})
# BibliographyData.to_string("bibtex") looks the writer up among the installed
# packages' entry points on every call, once a paper; the writer itself holds
# no state, so one serves every call.
_WRITER = _Writer(encoding="UTF-8")


def bibtex_entry(digest: Digest, entry: Entry, key: str, listed_by: str | None = None) -> str:
    """One ``@misc`` BibTeX entry for ``entry`` under ``key``; ends with a newline.

    Fields: author (``and others`` when the list was cut), title (in braces,
    so styles keep its capitals), year, url (the arXiv abstract page, else
    the first link), eprint, archivePrefix and primaryClass (arXiv papers)
    and keywords (the category): the paper's own record. The Chinese fields
    are left out. With ``listed_by`` (a curator, or empty), a note names
    the digest that listed the paper (:func:`.credit.listed_note`) and its
    Weibo post.
    """
    data = BibliographyData(entries={key: _bib_entry(digest, entry, listed_by)})
    text = _WRITER.to_string(data)
    return text if text.endswith("\n") else text + "\n"


class Citation(NamedTuple):
    """How an entry is cited: its key, and its BibTeX entry under that key."""

    key: str
    bibtex: str


def citations(digest: Digest, keys: Sequence[str] | None = None) -> list[Citation]:
    """Each entry's :class:`Citation`, in order.

    ``keys`` are the entries' citation keys; they depend on the whole archive
    (see :func:`citation_keys`) and default to the keys the digest would
    have on its own.
    """
    if keys is None:
        own = citation_keys([digest])
        keys = [own[digest.date, position] for position in range(len(digest.entries))]  # type: ignore[index]
    pairs = zip(digest.entries, keys, strict=True)
    return [Citation(key, bibtex_entry(digest, entry, key)) for entry, key in pairs]


def bibtex(digests: Sequence[Digest], listed_by: str | None = None) -> str:
    """Every entry of every dated digest as BibTeX, in date then entry order.

    Keys are :func:`citation_keys`; undated digests (and repeats of a date)
    are left out, as they are there. ``listed_by``: as for :func:`bibtex_entry`.
    """
    data = BibliographyData()
    for digest, entry, key in keyed(digests):
        data.add_entry(key, _bib_entry(digest, entry, listed_by))
    return _WRITER.to_string(data) if data.entries else ""
