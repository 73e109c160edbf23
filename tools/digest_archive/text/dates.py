"""What a digest's links and file name say about its date, and which dates a digest can have.

Weibo post codes encode the post's id (``mid``), and the id its time; arXiv
ids (``2210.06441``) give the month a paper was submitted. Lint compares both
with the date in the raw file's name.

A date is a fact with a range (:func:`in_range`): from :data:`FIRST_DAY` to
tomorrow in Beijing time. A file name, a Weibo link or ``digest add --date``
that says otherwise is a mistake or an attack (the year 9999 made the build
draw 95,748 months), and never reaches the build.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import PurePath

from . import urls

BEIJING = dt.timezone(dt.timedelta(hours=8), "Asia/Shanghai")

_BASE62 = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
_BASE62_VALUE = {char: value for value, char in enumerate(_BASE62)}
#: The first day a digest can be dated: the day Sina Weibo, where the digests
#: are published, opened to the public. No digest can be older.
FIRST_DAY = dt.date(2009, 8, 14)

# Weibo's mid is a snowflake-like id: its high bits count seconds from this epoch.
_WEIBO_EPOCH = 515483463

# ASCII digits: "\d" would take any script's digits ("２０２０") for a date.
_FILE_DATE = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})")


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


def last_day(now: dt.datetime | None = None) -> dt.date:
    """The last day a digest can be dated: tomorrow in Beijing time, the digests' time zone.

    Tomorrow, not today: a digest posted this morning in Beijing is dated a
    day ahead of a clock still on yesterday further west.
    """
    current = dt.datetime.now(BEIJING) if now is None else now.astimezone(BEIJING)
    return current.date() + dt.timedelta(days=1)


def in_range(date: dt.date, now: dt.datetime | None = None) -> bool:
    """Whether a digest can be dated ``date``: from :data:`FIRST_DAY` to :func:`last_day`."""
    return FIRST_DAY <= date <= last_day(now)


def date_range(now: dt.datetime | None = None) -> str:
    """The range of a digest's date, as messages give it."""
    return f"from {FIRST_DAY} to tomorrow, {last_day(now)} (Beijing time)"


def posted_on(url: str) -> dt.date | None:
    """The Beijing date a Weibo post code decodes to, in range or not; None for other URLs.

    Only lint looks at a date out of range (a mangled link); everything
    else asks :func:`weibo_date`.
    """
    code = urls.weibo_code(url)
    if code is None:
        return None
    try:
        return weibo_time(code).date()
    except (ValueError, OverflowError, OSError):
        # A mangled code decodes to a time no platform can represent.
        return None


def weibo_date(url: str) -> dt.date | None:
    """The Beijing date of the Weibo post at ``url``; None for other URLs and for a date out of range."""
    posted = posted_on(url)
    return posted if posted is not None and in_range(posted) else None


def arxiv_month(url: str) -> tuple[int, int] | None:
    """The (year, month) an arXiv paper was submitted, from its URL's id."""
    found = urls.arxiv_id(url)
    return None if found is None else (found.year, found.month)


def date_from_path(path: str | PurePath) -> dt.date | None:
    """The date in a raw file's name (``raw/2021/2021-07-19.txt``), if any."""
    match = _FILE_DATE.fullmatch(PurePath(path).stem)
    if match is None:
        return None
    try:
        return dt.date(*(int(part) for part in match.groups()))
    except ValueError:
        return None
