"""Citing the archive's papers: citation keys, BibTeX and CSV.

Every entry gets a Google-Scholar-style citation key, ``kunin2020neural``:
the first author's surname, the year, and the first word of the title that
is not an English stop word. The keys are what the BibTeX export, the CSV
export and the rendered pages share, so they must not change as the archive
grows; :func:`citation_keys` explains how duplicates are told apart.

BibTeX is written by pybtex. Digests are plain text, not LaTeX, so every
text value is escaped first: :func:`_latex` turns the characters pybtex
leaves alone (``\\ { } $ ^ ~``) into text commands, and pybtex's writer
escapes ``% & # _`` itself (it would double a backslash we added before
them). ``url`` and ``eprint`` are read verbatim by BibTeX styles and
biblatex, so they are written as they are (see :class:`_Writer`).
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from typing import NamedTuple, TextIO

from pybtex.database import BibliographyData, Person
from pybtex.database import Entry as BibEntry
from pybtex.database.output.bibtex import Writer as BibTeXWriter

from ..model import Digest, Entry
from ..text import urls
from ..text.categories import full_codes
from ..text.urls import ArxivId

__all__ = [
    "CSV_COLUMNS",
    "Citation",
    "arxiv_id",
    "base_keys",
    "bibtex",
    "bibtex_entry",
    "citation_keys",
    "citations",
    "csv_rows",
    "distinct_keys",
    "entry_year",
    "keyed",
]

# Words a key never takes as the title word (unless the title has no other).
_STOP_WORDS = frozenset(
    [
        "a",
        "an",
        "the",
        "on",
        "of",
        "in",
        "for",
        "to",
        "and",
        "with",
        "via",
        "from",
        "at",
        "by",
        "is",
        "are",
        "how",
        "what",
        "why",
        "do",
        "does",
        "can",
    ]
)

_APOSTROPHES = re.compile(r"['\u2019\u02bc]")
_NOT_KEY = re.compile(r"[^a-z0-9]+")

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
# What spreadsheets read as the start of a formula (see _as_text).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n")
#: The columns of the CSV export, in order.
CSV_COLUMNS: tuple[str, ...] = (
    "key",
    "date",
    "number",
    "section",
    "category",
    "highlighted",
    "title",
    "title_zh",
    "authors",
    "authors_truncated",
    "affiliations",
    "year",
    "summary_zh",
    "abstract_en",
    "links",
    "figures",
    "source",
    "line",
)


# --- keys ----------------------------------------------------------------------------------


def _ascii(text: str) -> str:
    """``text`` in lowercase ASCII letters and digits, others as spaces (accents dropped)."""
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii").lower()
    return _NOT_KEY.sub(" ", folded)


def _surname(entry: Entry) -> str:
    """The first author's surname as a key part: the written name's last word."""
    names = [name for name in entry.authors if name.strip()]
    if not names:
        return "anon"
    return _ascii(names[0].split()[-1]).replace(" ", "") or "anon"


def _title_word(title: str) -> str:
    """The title's first word that is not a stop word, as Google Scholar picks it.

    Words are split at anything but letters and digits (``Semi-supervised``
    gives ``semi``, as in Scholar's ``kipf2016semi``); apostrophes join
    (``What's`` is ``whats``). If every word is a stop word, the first one.
    """
    words = _ascii(_APOSTROPHES.sub("", title)).split()
    if not words:
        return "paper"
    return next((word for word in words if word not in _STOP_WORDS), words[0])


def _suffix(count: int) -> str:
    """The suffix of the ``count``-th later holder of a key: b … z, then 27, 28, …"""
    return chr(ord("a") + count) if count < 26 else str(count + 1)


def _dated(digests: Iterable[Digest]) -> list[Digest]:
    """Dated digests in date order; of several with one date, the first given."""
    seen: set[dt.date] = set()
    dated = []
    for digest in sorted((d for d in digests if d.date is not None), key=lambda d: d.date):  # type: ignore[arg-type, return-value]
        if digest.date not in seen:
            seen.add(digest.date)  # type: ignore[arg-type]
            dated.append(digest)
    return dated


def citation_keys(digests: Iterable[Digest]) -> dict[tuple[dt.date, int], str]:
    """A citation key for every entry, by ``(digest date, index in digest.entries)``.

    A key is surname + year + title word in lowercase ASCII
    (``kunin2020neural``; see :func:`entry_year`). Digests without a date are
    skipped; of several digests with one date only the first given counts.

    Duplicates are told apart by walking the entries in (date, index) order,
    whatever order the digests are given in: the first holder of a key keeps
    it, later ones get ``b``, ``c``, … ``z``, then ``27``, ``28``, …
    (``kunin2020neuralb``). A suffixed key that is already some other entry's
    key is skipped for the next suffix. Since new digests are later than every
    digest already in the archive, adding one never changes an existing key.
    A digest added *out of date order* (an older day filled in) can take a
    key, or a suffix, that a later duplicate held, and so shift the suffixes
    of the later duplicates.
    """
    return distinct_keys(
        (digest.date, base_keys(digest)) for digest in _dated(digests) if digest.date is not None
    )


def base_keys(digest: Digest) -> list[str]:
    """Each entry's key before duplicates are told apart (see :func:`citation_keys`)."""
    return [_base_key(digest, entry) for entry in digest.entries]


def distinct_keys(bases: Iterable[tuple[dt.date, Sequence[str]]]) -> dict[tuple[dt.date, int], str]:
    """:func:`citation_keys` from each digest's :func:`base_keys`.

    ``bases`` are ``(date, base keys)`` in date order, one per date; the
    converter keeps them between runs instead of parsing every digest again.
    """
    keys: dict[tuple[dt.date, int], str] = {}
    used: set[str] = set()
    holders: Counter[str] = Counter()
    for date, bases_of_day in bases:
        for index, base in enumerate(bases_of_day):
            count = holders[base]
            key = base if count == 0 else base + _suffix(count)
            while key in used:
                count += 1
                key = base + _suffix(count)
            holders[base] = count + 1
            used.add(key)
            keys[date, index] = key
    return keys


def _base_key(digest: Digest, entry: Entry) -> str:
    year = entry_year(digest, entry)
    return f"{_surname(entry)}{year if year is not None else ''}{_title_word(entry.title)}"


def _arxiv(entry: Entry) -> ArxivId | None:
    """The entry's first arXiv link, read as an id."""
    return next((found for link in entry.links if (found := urls.arxiv_id(link)) is not None), None)


def arxiv_id(entry: Entry) -> str | None:
    """The arXiv id of the entry's first arXiv link, without version (``2210.06441``)."""
    found = _arxiv(entry)
    return None if found is None else found.id


def entry_year(digest: Digest, entry: Entry) -> int | None:
    """The year to cite: the arXiv id's, else the one written, else the digest's."""
    found = _arxiv(entry)
    if found is not None:
        return found.year
    if entry.year is not None:
        return entry.year
    return digest.date.year if digest.date is not None else None


def keyed(digests: Sequence[Digest]) -> Iterator[tuple[Digest, Entry, str]]:
    """Every entry of every dated digest with its key, in the order of :func:`bibtex`."""
    keys = citation_keys(digests)
    for digest in _dated(digests):
        for index, entry in enumerate(digest.entries):
            yield digest, entry, keys[digest.date, index]  # type: ignore[index]


# --- BibTeX --------------------------------------------------------------------------------


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


def _bib_entry(digest: Digest, entry: Entry) -> BibEntry:
    persons = [_person(name) for name in entry.authors if name.strip()]
    if persons and entry.authors_truncated:
        persons.append(Person("others"))
    fields: list[tuple[str, str]] = []
    if entry.title.strip():
        fields.append(("title", "{" + _latex(entry.title) + "}"))
    year = entry_year(digest, entry)
    if year is not None:
        fields.append(("year", str(year)))
    eprint = arxiv_id(entry)
    if eprint is not None:
        fields.append(("url", f"https://arxiv.org/abs/{eprint}"))
    elif entry.links:
        fields.append(("url", urls.encode(entry.links[0])))
    if eprint is not None:
        fields.append(("eprint", eprint))
        fields.append(("archivePrefix", "arXiv"))
        codes = full_codes(entry.category)
        if codes:
            fields.append(("primaryClass", codes[0]))
    if digest.date is not None:
        note = f"Recommended in the arXiv digest of {digest.date.isoformat()}"
    else:
        note = "Recommended in an arXiv digest"
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
    (tests/test_cite.py checks the two agree on any text).

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


def bibtex_entry(digest: Digest, entry: Entry, key: str) -> str:
    """One ``@misc`` BibTeX entry for ``entry`` under ``key``; ends with a newline.

    Fields: author (``and others`` when the list was cut), title (in braces,
    so styles keep its capitals), year, url (the arXiv abstract page, else
    the first link), eprint, archivePrefix and primaryClass (arXiv papers),
    note (the digest's date and the Weibo post) and keywords (the category).
    The Chinese fields are left out.
    """
    data = BibliographyData(entries={key: _bib_entry(digest, entry)})
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


def bibtex(digests: Sequence[Digest]) -> str:
    """Every entry of every dated digest as BibTeX, in date then entry order.

    Keys are :func:`citation_keys`; undated digests (and repeats of a date)
    are left out, as they are there.
    """
    keys = citation_keys(digests)
    data = BibliographyData()
    for digest in _dated(digests):
        for index, entry in enumerate(digest.entries):
            data.add_entry(keys[digest.date, index], _bib_entry(digest, entry))  # type: ignore[index]
    return _WRITER.to_string(data) if data.entries else ""


# --- CSV -----------------------------------------------------------------------------------


def csv_rows(digests: Sequence[Digest]) -> Iterator[dict[str, str]]:
    """One row per entry (columns :data:`CSV_COLUMNS`), in the order of :func:`bibtex`.

    Lists are joined with ``"; "`` (authors, affiliations) or a space (links,
    figures); flags are ``true``/``false``; a missing value is empty. ``year``
    is the year cited (:func:`entry_year`), ``date`` the digest's. A cell a
    spreadsheet would run as a formula gets a leading ``'`` (:func:`_as_text`).
    """
    keys = citation_keys(digests)
    for digest in _dated(digests):
        assert digest.date is not None
        for index, entry in enumerate(digest.entries):
            year = entry_year(digest, entry)
            row = {
                "key": keys[digest.date, index],
                "date": digest.date.isoformat(),
                "number": "" if entry.number is None else str(entry.number),
                "section": entry.section.value,
                "category": entry.category,
                "highlighted": _flag(entry.highlighted),
                "title": entry.title,
                "title_zh": entry.title_zh or "",
                "authors": "; ".join(entry.authors),
                "authors_truncated": _flag(entry.authors_truncated),
                "affiliations": "; ".join(entry.affiliations),
                "year": "" if year is None else str(year),
                "summary_zh": entry.summary_zh or "",
                "abstract_en": entry.abstract_en or "",
                "links": " ".join(entry.links),
                "figures": " ".join(entry.figures),
                "source": digest.source,
                "line": str(entry.line),
            }
            yield {column: _as_text(cell) for column, cell in row.items()}


def _flag(value: bool) -> str:
    return "true" if value else "false"


def _as_text(cell: str) -> str:
    """``cell`` with a leading ``'`` if it starts with ``= + - @``, a tab, a carriage return or a line feed.

    Digest text comes from strangers' pull requests, and Excel, LibreOffice
    and Google Sheets run a cell that starts so as a formula when the CSV is
    opened, quoted or not: ``=HYPERLINK(…)`` can send the sheet's data to
    another site. A leading ``'`` makes the cell text, as OWASP advises
    (https://owasp.org/www-community/attacks/CSV_Injection); the csv module
    already quotes cells holding commas, quotes or line breaks and doubles the
    quotes. A line feed counts like the carriage return OWASP lists. Removing
    the ``'`` gives the value back, unless the value itself began with ``'``
    and one of these; the JSON export holds the exact values.
    """
    return "'" + cell if cell.startswith(_FORMULA_START) else cell
