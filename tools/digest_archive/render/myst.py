"""MyST from raw text: escaping, links, and where the archive's pages live.

Raw text is data. Every ASCII punctuation character of it is backslash-escaped
(CommonMark lets any of them be escaped, and an escaped one is always literal),
so no digest can open a directive, a role, a fence, an HTML block, a link, a
target, math or a comment; links are built only from ``http(s)`` URLs the
parser extracted, percent-encoded into the link destination.
"""

from __future__ import annotations

import datetime as dt
import re

from ..text import urls

_PUNCTUATION = re.compile(r"([!-/:-@\[-`{-~])")

MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def escape(text: str) -> str:
    """Make ``text`` literal in MyST: one line, every ASCII punctuation escaped."""
    return _PUNCTUATION.sub(r"\\\1", " ".join(text.split()))


def link(url: str, text: str | None = None) -> str:
    """A Markdown link to an ``http(s)`` URL; any other URL stays plain text."""
    label = escape(text if text is not None else url)
    if not urls.is_http(url):
        return label
    return f"[{label}](<{urls.encode(url)}>)"


#: What a digest's papers are offered as, in files next to its page
#: (``2021/2021-04-26.bib``): BibTeX and RIS.
DOWNLOADS = (".bib", ".ris")
#: The whole archive's papers, in the pages' folder.
ARCHIVE_DOWNLOADS = tuple(f"archive{suffix}" for suffix in DOWNLOADS)


def page_path(date: dt.date) -> str:
    """A digest page's path below the pages folder, without suffix."""
    return f"{date.year}/{date.isoformat()}"


def entry_label(date: dt.date, entry_index: int) -> str:
    """The target label of an entry: stable for as long as the digest is."""
    return f"digest-{date.isoformat()}-{entry_index + 1}"


def long_date(date: dt.date) -> str:
    return f"{date.day} {MONTHS[date.month - 1]} {date.year}"


def period(first: dt.date, last: dt.date) -> str:
    """The days from ``first`` to ``last``, said once each: ``1 November – 16 December 2020``."""
    if first == last:
        return long_date(first)
    if (first.year, first.month) == (last.year, last.month):
        return f"{first.day}–{long_date(last)}"
    if first.year == last.year:
        return f"{first.day} {MONTHS[first.month - 1]} – {long_date(last)}"
    return f"{long_date(first)} – {long_date(last)}"


def count(number: int, noun: str) -> str:
    return f"{number} {noun}{'s' if number != 1 else ''}"
