"""What the archive reads from URLs, and how it writes them out.

The parser keeps links as written; these helpers say which are Weibo posts
and arXiv papers (for dates and citations) and percent-encode a link for the
places it is written to (a MyST link destination, a BibTeX ``url``).
"""

from __future__ import annotations

import re
from typing import NamedTuple
from urllib.parse import quote

# Possessive: the parser runs this on every token of untrusted lines.
_HTTP = re.compile(r"https?://\S++")
_WEIBO = re.compile(r"https?://(?:www\.|m\.)?weibo\.(?:com|cn)/\d+/([0-9A-Za-z]{1,16})")
# New-style ids (2210.06441, 0704.0001) and old-style ones (hep-th/9901001), any version.
_ARXIV = re.compile(
    r"https?://(?:www\.|export\.)?arxiv\.org/(?:abs|pdf)/"
    r"(?P<id>(?P<yy>\d{2})(?P<mm>\d{2})\.\d{4,5}|[a-z][a-z.-]*/(?P<oyy>\d{2})(?P<omm>\d{2})\d{3})"
    r"(?:v\d+)?(?:\.pdf)?/?(?:[?#].*)?",
    re.IGNORECASE,
)
# Reserved and unreserved characters stay; spaces, quotes, <>, {}, \ and
# non-ASCII are %-encoded, so the URL cannot end the markup around it.
_KEEP = ":/?#[]@!$&'()*+,;=%"


def is_http(url: str) -> bool:
    """Whether ``url`` is one ``http(s)`` URL: the only links the archive follows."""
    return _HTTP.fullmatch(url) is not None


def encode(url: str) -> str:
    """``url`` with every character a URL may not hold as it is %-encoded."""
    return quote(url.strip(), safe=_KEEP)


def weibo_code(url: str) -> str | None:
    """The post code of a Weibo post's URL (``JyFsjATR5``), or None."""
    match = _WEIBO.match(url.strip())
    return None if match is None else match.group(1)


def is_weibo(url: str) -> bool:
    """Whether ``url`` is a Weibo post's."""
    return weibo_code(url) is not None


class ArxivId(NamedTuple):
    """An arXiv identifier and the month it was submitted."""

    id: str
    year: int
    month: int


def arxiv_id(url: str) -> ArxivId | None:
    """The arXiv id of an ``arxiv.org/abs`` or ``/pdf`` URL, without its version."""
    match = _ARXIV.fullmatch(url.strip())
    if match is None:
        return None
    if match["yy"] is not None:
        year, month = 2000 + int(match["yy"]), int(match["mm"])
    else:
        # Old-style ids began in 1991.
        old = int(match["oyy"])
        year, month = (1900 if old >= 91 else 2000) + old, int(match["omm"])
    if not 1 <= month <= 12:
        return None
    return ArxivId(match["id"], year, month)


#: Where code and models are kept: a link to a repository there is a paper's code.
CODE_HOSTS = frozenset(
    {"github.com", "gitlab.com", "huggingface.co", "bitbucket.org", "codeberg.org", "gitee.com"}
)
# A repository's address: the host, an owner and a name, and anything after them.
# Possessive, and each part a run of one class: linear on any text.
_CODE = re.compile(
    r"https?://(?:www\.)?(?P<host>[a-z.]++)/(?P<owner>[a-z0-9_.-]++)/(?P<name>[a-z0-9_.-]++)(?:[/?#]\S*+)?+",
    re.IGNORECASE,
)
# A URL in a sentence: printable ASCII up to a blank or any other character
# (Chinese text runs on right after a URL, with no space between).
_PROSE_URL = re.compile(r"https?://[!-~]++")
#: A host's own pages, whose addresses look like an owner's repository.
_SITE_PAGES = frozenset({"features", "about", "pricing", "topics", "collections", "explore", "docs", "login"})
# What ends a URL written in a sentence, not the URL: its punctuation, and a
# closing bracket or quote.
_TRAILING = ".,;:!?)]}>'\""


def urls_in(text: str) -> list[str]:
    """The ``http(s)`` URLs written in ``text``, each without the punctuation a sentence puts after it."""
    return [found.group().rstrip(_TRAILING) for found in _PROSE_URL.finditer(text)]


def is_code_repository(url: str) -> bool:
    """Whether ``url`` is a repository of code or a model (``https://github.com/OWNER/NAME…``)."""
    match = _CODE.fullmatch(url.strip())
    if match is None or match["host"].lower() not in CODE_HOSTS:
        return False
    # github.com/OWNER/NAME, not a page of the site (github.com/features/…) or an owner alone.
    return match["owner"].lower() not in _SITE_PAGES
