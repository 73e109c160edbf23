"""What the domain keeps of a paper, and how the PDF's index lists its authors."""

from __future__ import annotations

import datetime as dt
from typing import NamedTuple


class Paper(NamedTuple):
    """What the domain remembers of a paper: plain values, cheap to pickle."""

    key: str
    title: str
    date: dt.date
    docname: str
    authors: tuple[str, ...]
    affiliations: tuple[str, ...]
    category: str


def index_name(name: str) -> str:
    """An author as a printed index lists them: ``S Ganguli`` → ``Ganguli, S``."""
    words = name.split()
    if len(words) < 2:
        return " ".join(words)
    return f"{words[-1]}, {' '.join(words[:-1])}"
