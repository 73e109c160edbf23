"""Papers and names' pages for the tests of authors' and affiliations' own pages."""

from __future__ import annotations

import datetime as dt

from digest_archive.render.namepage import Links, render_name_page
from digest_archive.render.profiles import profile
from digest_archive.sphinxext.domain import Paper

#: A name that would end its element, its attribute or the page if written as it is.
HOSTILE = '"><script>alert(1)</script><meta http-equiv="refresh" content="0; url=https://evil.example">'


def paper(number: int, day: dt.date, authors: tuple[str, ...], affiliations: tuple[str, ...] = ()) -> Paper:
    """A paper of the domain, in category LG, for a name's page."""
    return Paper(
        f"k{number}", f"Paper {number}", day, f"digests/{day.year}/{day}", authors, affiliations, "LG"
    )


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
