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
PAPER_FILES = (".bib", ".ris")
#: The digest itself as data, next to its page (``2021/2021-04-26.json``):
#: what ``digest export`` writes for its raw file.
DATA_FILE = ".json"
#: Every file next to a digest's page, in the order the page links them.
DOWNLOADS = (*PAPER_FILES, DATA_FILE)
#: A year's digests as JSON Lines, one a line, gzipped, in its folder
#: (``2021/2021.jsonl.gz``): a quarter of the bytes, and the form bulk data takes.
YEAR_DATA = ".jsonl.gz"

# Every file of papers or data the converter writes, by its path below the
# pages' folder; nothing else there (the manifest, the statistics' figures) is offered.
_DOWNLOAD_PATH = re.compile(
    r"[0-9]{4}/[0-9]{4}-[0-9]{2}-[0-9]{2}(?:\.bib|\.ris|\.json)"
    r"|[0-9]{4}/[0-9]{4}(?:\.bib|\.ris|\.jsonl\.gz)|schema-[0-9]{1,4}\.json"
)


def is_download(path: str) -> bool:
    """Whether ``path``, below the pages' folder, names a file of papers or data the converter writes."""
    return _DOWNLOAD_PATH.fullmatch(path) is not None


def year_data(year: int) -> str:
    """A year's JSON Lines, below the pages' folder: ``2021/2021.jsonl.gz``."""
    return f"{year}/{year}{YEAR_DATA}"


def year_papers(year: int, suffix: str) -> str:
    """A year's papers in one of :data:`PAPER_FILES`, below the pages' folder: ``2021/2021.bib``."""
    return f"{year}/{year}{suffix}"


def schema_file(version: int) -> str:
    """The data's JSON Schema of ``version``, below the pages' folder: ``schema-1.json``."""
    return f"schema-{version}.json"


def page_path(date: dt.date) -> str:
    """A digest page's path below the pages folder, without suffix."""
    return f"{date.year}/{date.isoformat()}"


def entry_label(date: dt.date, entry_index: int) -> str:
    """The target label of an entry: stable for as long as the digest is."""
    return f"digest-{date.isoformat()}-{entry_index + 1}"
