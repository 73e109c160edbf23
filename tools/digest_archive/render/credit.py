"""Whose digests these are: the credit the data files and exports give each digest, and the citations' note.

The digests are their curator's, and the archive keeps them on the terms
``source/about.md`` sets out ("Whose digests these are"). What the
configuration says of them is a :class:`Curation`; each digest's
:class:`~digest_archive.model.Credit` is worked out from it and from the
digest (the post it was first published in). The defaults are the seeds':
their posts are those of the curator named here, on Weibo.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ..model import Credit, Digest
from ..text import urls

__all__ = [
    "DEFAULT_CURATOR",
    "DEFAULT_CURATOR_URL",
    "SEEDS_CURATION",
    "TERMS",
    "Curation",
    "first_post",
    "listed_note",
]

#: Whose posts the seeds link: the curator of every digest so far.
DEFAULT_CURATOR = "爱可可-爱生活"
#: Their Weibo page.
DEFAULT_CURATOR_URL = "https://weibo.com/1402400261"
#: The terms of ``source/about.md`` in one sentence, for the data's ``license``.
TERMS = (
    "Kept by this archive with credit to its curator and a link to the original post, for reading, "
    "searching and citing the papers it recommends; the archive claims no right in it, and the code's "
    "MIT licence does not cover it. A paper's title, abstract and authors' names are the paper's, "
    "under the licence its arXiv page gives."
)


def first_post(digest: Digest) -> str | None:
    """The post ``digest`` was first published in: the first Weibo link of its entries, encoded."""
    found = next((link for entry in digest.entries for link in entry.links if urls.is_weibo(link)), None)
    return None if found is None else urls.encode(found)


@dataclass(frozen=True)
class Curation:
    """Who curates the digests and where the terms they are kept under are set out: the configuration."""

    curator: str = DEFAULT_CURATOR
    #: The curator's page; empty for none.
    curator_url: str = DEFAULT_CURATOR_URL
    #: The about page's section on the terms, when the site's address is known; else empty.
    terms_url: str = ""

    def credit(self, digest: Digest) -> Credit | None:
        """``digest``'s credit; None when no curator is configured (the credit is left out everywhere)."""
        if not self.curator.strip():
            return None
        return Credit(
            curator=self.curator,
            curator_url=self.curator_url if urls.is_http(self.curator_url) else None,
            source=first_post(digest),
            license=TERMS,
            terms_url=self.terms_url if urls.is_http(self.terms_url) else None,
        )

    def credited(self, digest: Digest) -> Digest:
        """``digest`` with its :meth:`credit`, as the export and the data files give it."""
        return digest.model_copy(update={"credit": self.credit(digest)})


#: The seeds' curation, with no site to point at: ``digest convert``'s and ``digest export``'s.
SEEDS_CURATION = Curation()


def listed_note(date: dt.date | None, curator: str) -> str:
    """A citation's note on the digest that listed a paper: ``Listed in the arXiv digest of … by …``.

    Given only on request (``digest export --with-source``): a paper's
    record is otherwise the paper's own. An undated digest is ``an arXiv
    digest``; an empty ``curator`` leaves ``by …`` out.
    """
    digest = f"the arXiv digest of {date.isoformat()}" if date is not None else "an arXiv digest"
    by = f" by {' '.join(curator.split())}" if curator.strip() else ""
    return f"Listed in {digest}{by}"
