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
