"""Papers and names' pages for the tests of authors' and affiliations' own pages."""

from __future__ import annotations

import datetime as dt
from typing import NamedTuple

from digest_archive.render.namepage import Links, render_name_page
from digest_archive.render.profiles import profile

#: A name that would end its element, its attribute or the page if written as it is.
HOSTILE = '"><script>alert(1)</script><meta http-equiv="refresh" content="0; url=https://evil.example">'


class Paper(NamedTuple):
    """A paper as the domain keeps it, for a name's page."""

    key: str
    title: str
    date: dt.date
    docname: str
    authors: tuple[str, ...]
    affiliations: tuple[str, ...]
    category: str = "LG"
    highlighted: bool = False
    title_zh: str = ""


def paper(number: int, day: dt.date, authors: tuple[str, ...], affiliations: tuple[str, ...] = ()) -> Paper:
    return Paper(f"k{number}", f"Paper {number}", day, f"digests/{day.year}/{day}", authors, affiliations)


#: Where a page links, as plain text: what a link to each is made of shows in the page.
LINKS = Links(
    paper=lambda listed: f"../../{listed.docname.removeprefix('digests/')}.html#{listed.key}",
    name=lambda kind, name: f"../../{kind}/{name}.html",
    category=lambda code: f"../../categories/{code}.html",
    index="../index.html",
    year=lambda year: f"x/{year}.html",
    feed="../../../feeds/author/x.atom",
)


def hostile_page() -> str:
    """The page of an author whose name, co-author, affiliation and paper are all hostile."""
    day = dt.date(2023, 3, 9)
    hostile = Paper(
        "k1", HOSTILE, day, "digests/2023/2023-03-09", (HOSTILE, "A B"), (HOSTILE,), HOSTILE, True, HOSTILE
    )
    return render_name_page(profile("author", "A B", [hostile, paper(2, day, ("A B",))]), LINKS)
