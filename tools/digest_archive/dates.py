"""What a digest's links and file name say about its date.

Weibo post codes encode the post's id (``mid``), and the id its time; arXiv
ids (``2210.06441``) give the month a paper was submitted. Lint compares both
with the date in the raw file's name.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import PurePath
from typing import NamedTuple

BEIJING = dt.timezone(dt.timedelta(hours=8), "Asia/Shanghai")

_BASE62 = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
_BASE62_VALUE = {char: value for value, char in enumerate(_BASE62)}
# Weibo's mid is a snowflake-like id: its high bits count seconds from this epoch.
_WEIBO_EPOCH = 515483463

_WEIBO_URL = re.compile(r"https?://(?:www\.|m\.)?weibo\.(?:com|cn)/\d+/([0-9A-Za-z]{1,16})")
# New-style ids (2210.06441, 0704.0001) and old-style ones (hep-th/9901001), any version.
_ARXIV_URL = re.compile(
    r"https?://(?:www\.|export\.)?arxiv\.org/(?:abs|pdf)/"
    r"(?P<id>(?P<yy>\d{2})(?P<mm>\d{2})\.\d{4,5}|[a-z][a-z.-]*/(?P<oyy>\d{2})(?P<omm>\d{2})\d{3})"
    r"(?:v\d+)?(?:\.pdf)?/?(?:[?#].*)?",
    re.IGNORECASE,
)
_FILE_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")


def weibo_mid(code: str) -> int:
    """Decode a Weibo post code (``JyFsjATR5``) to the post's numeric id.

    The code is base62 in groups of four characters counted from the right;
    each group decodes to seven decimal digits, the leftmost unpadded.

    >>> weibo_mid("JyFsjATR5")
    4582625118794519
    """
    if not code or any(char not in _BASE62_VALUE for char in code):
        raise ValueError(f"not a Weibo post code: {code!r}")
    digits: list[str] = []
    end = len(code)
    while end > 0:
        start = max(0, end - 4)
        value = 0
        for char in code[start:end]:
            value = value * 62 + _BASE62_VALUE[char]
        digits.append(str(value) if start == 0 else f"{value:07d}")
        end = start
    return int("".join(reversed(digits)))


def weibo_time(code: str) -> dt.datetime:
    """The time a Weibo post was made, in Beijing time."""
    seconds = (weibo_mid(code) >> 22) + _WEIBO_EPOCH
    return dt.datetime.fromtimestamp(seconds, BEIJING)


def weibo_date(url: str) -> dt.date | None:
    """The Beijing date of the Weibo post at ``url``; None for other URLs."""
    match = _WEIBO_URL.match(url)
    if match is None:
        return None
    try:
        return weibo_time(match.group(1)).date()
    except (ValueError, OverflowError, OSError):
        # A mangled code decodes to a time no platform can represent.
        return None


class ArxivId(NamedTuple):
    """An arXiv identifier and the month it was submitted."""

    id: str
    year: int
    month: int


def arxiv_id(url: str) -> ArxivId | None:
    """The arXiv id of an ``arxiv.org/abs`` or ``/pdf`` URL, without its version."""
    match = _ARXIV_URL.fullmatch(url.strip())
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


def arxiv_month(url: str) -> tuple[int, int] | None:
    """The (year, month) an arXiv paper was submitted, from its URL's id."""
    found = arxiv_id(url)
    return None if found is None else (found.year, found.month)


def is_weibo(url: str) -> bool:
    """Whether ``url`` is a Weibo post's."""
    return _WEIBO_URL.match(url.strip()) is not None


def date_from_path(path: str | PurePath) -> dt.date | None:
    """The date in a raw file's name (``raw/2021/2021-07-19.txt``), if any."""
    match = _FILE_DATE.fullmatch(PurePath(path).stem)
    if match is None:
        return None
    try:
        return dt.date(*(int(part) for part in match.groups()))
    except ValueError:
        return None
