"""Citation keys: ``kunin2020neural`` for every entry, the same however the archive grows.

Every entry gets a Google-Scholar-style citation key: the first author's
surname, the year, and the first word of the title that is not an English
stop word. The keys are what the BibTeX, RIS, CSL-JSON and CSV exports and
the rendered pages share, so they must not change as the archive grows;
:func:`citation_keys` explains how duplicates are told apart.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence

from ..model import Digest, Entry
from .arxiv import first_arxiv

__all__ = ["base_keys", "citation_keys", "distinct_keys", "entry_year", "keyed"]

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


def entry_year(digest: Digest, entry: Entry) -> int | None:
    """The year to cite: the arXiv id's, else the one written, else the digest's."""
    found = first_arxiv(entry)
    if found is not None:
        return found.year
    if entry.year is not None:
        return entry.year
    return digest.date.year if digest.date is not None else None


def keyed(digests: Sequence[Digest]) -> Iterator[tuple[Digest, Entry, str]]:
    """Every entry of every dated digest with its key, in date then entry order: the exports' order."""
    keys = citation_keys(digests)
    for digest in _dated(digests):
        for index, entry in enumerate(digest.entries):
            yield digest, entry, keys[digest.date, index]  # type: ignore[index]
