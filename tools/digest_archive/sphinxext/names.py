"""The names a paper carries, as the archive writes them: index pages, anchors, sort order.

Authors, affiliations and categories are not declared anywhere: they are
derived from the papers, as written, and live as anchors on the ``digest``
domain's index pages.
"""

from __future__ import annotations

from typing import NamedTuple

#: The pages Sphinx generates for the domain's indices (``{domain}-{index}``).
AUTHORS_PAGE = "digest-authors"
AFFILIATIONS_PAGE = "digest-affiliations"
CATEGORIES_PAGE = "digest-categories"
CHRONOLOGY_PAGE = "digest-chronology"


class Paper(NamedTuple):
    """What the domain remembers of a paper: plain values, cheap to pickle."""

    key: str
    title: str
    date: str
    docname: str
    authors: tuple[str, ...]
    affiliations: tuple[str, ...]
    category: str


def anchor(kind: str, name: str) -> str:
    """The anchor of an author/affiliation/category on its index page: ``author-S_Ganguli``.

    One name, one anchor, for good: letters and digits (``Bulò``, ``清华``),
    dots and hyphens are kept, a space becomes ``_`` and any other character
    ``~``, its code point in hex and ``~`` (``Xi~2019~an``), so names that
    differ in any character (``A B`` and ``A_B``) have different anchors.
    Names are compared as the parser writes them, with single spaces. An
    anchor holds nothing that an ``id``, a URL fragment or an attribute
    would have to escape, whatever the name holds.
    """
    body = "".join(
        char if char.isalnum() or char in ".-" else "_" if char == " " else f"~{ord(char):x}~"
        for char in " ".join(name.split())
    )
    return f"{kind}-{body}"


def sort_key(name: str) -> tuple[str, str]:
    """Authors sort by surname (the last word), then by the whole name."""
    return (name.split()[-1].casefold() if name.split() else "", name.casefold())


def initial(text: str) -> str:
    first = text[:1].upper()
    return first if first.isalpha() else "#"


def index_name(name: str) -> str:
    """An author as a printed index lists them: ``S Ganguli`` → ``Ganguli, S``."""
    # ";" would split the index entry into levels.
    words = name.replace(";", ",").split()
    if len(words) < 2:
        return " ".join(words)
    return f"{words[-1]}, {' '.join(words[:-1])}"


#: The index page of each kind of name a card links to.
LISTING_PAGES = {"author": AUTHORS_PAGE, "affiliation": AFFILIATIONS_PAGE, "category": CATEGORIES_PAGE}
