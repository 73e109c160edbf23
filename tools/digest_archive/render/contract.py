"""The contract between the converter's pages and the extension that reads them: names, classes, bodies.

The converter writes the data of a digest's paper, of a labelled summary and
of a page of names into its MyST pages as the body of a directive, never as
markup; the extension's directives read them back and make the nodes. Both
sides use this module: the directives' names, the classes the pages, the
styles and the search share, and a pydantic model for each body. A body is
one line of ASCII JSON (:func:`fenced`): no value can end its fence or be
read as markup, and a date is a date on both sides.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from enum import StrEnum
from typing import Any, ClassVar, TypeVar

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from ..model import SummaryPart

#: The Sphinx domain the directives and roles belong to.
DOMAIN = "digest"


class Directive(StrEnum):
    """The directives the converter writes, in the ``digest`` domain."""

    PAPER = "paper"
    SUMMARY = "summary"
    NAMES = "names"
    PAPERS = "papers"
    DIRECTORY = "directory"


#: The class of a block of Chinese: docutils writes a ``language-`` class as
#: the element's ``lang``, so that browsers choose Chinese glyphs and fonts,
#: and screen readers a Chinese voice.
CHINESE_CLASS = "language-zh-Hans"
#: An entry's row of actions: its arXiv page (or a search for its title), its
#: PDF, its other links; on the web its BibTeX and RIS too. Search leaves it
#: out: the same words on every entry ("PDF") would find them all.
ARXIV_CLASS = "digest-actions"
#: An entry's English abstract, which the web folds away under its summary.
ABSTRACT_CLASS = "digest-abstract"
#: An entry's Chinese title, right under its title.
TITLE_ZH_CLASS = "digest-title-zh"
#: The links between neighbouring digests. Search leaves them out: they name
#: other days, and a new digest would change its neighbour's text.
NEIGHBOURS_CLASS = "digest-neighbours"
#: The links to a page's files of papers. Search leaves them out: the same
#: words on every digest would find them all.
DOWNLOADS_CLASS = "digest-downloads"
#: An entry's summary, labelled or not (``static/digest-archive.css`` styles it, ``digest-card.js`` folds it).
SUMMARY_CLASS = "digest-summary"
#: The one-line summary's item: search puts its text first in the entry's record.
ONE_LINE_CLASS = "digest-summary-line"


class Body(BaseModel):
    """What a directive's body holds: data, read back exactly as written."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    directive: ClassVar[Directive]


class Kind(StrEnum):
    """The kinds of names a page lists."""

    AUTHOR = "author"
    AFFILIATION = "affiliation"
    CATEGORY = "category"


class Mention(BaseModel):
    """Another digest that lists the same paper: its day, and the paper's key (its anchor) there."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    date: dt.date
    key: str


class Related(Mention):
    """An earlier paper most like this one (:mod:`digest_archive.search.related`): its day, key and title."""

    title: str


class Card(Body):
    """A paper's card (``{digest:paper} KEY``): what it shows, and what cites it."""

    directive = Directive.PAPER

    date: dt.date = Field(description="The day of the digest the paper is in.")
    title: str = ""
    category: str = ""
    category_name: str = Field(default="", description="The category's name in the digest's legend.")
    highlighted: bool = False
    authors: list[str] = Field(default_factory=list)
    authors_truncated: bool = False
    affiliations: list[str] = Field(default_factory=list)
    year: int | None = None
    bibtex: str = ""
    coins: str = Field(default="", description="The OpenURL ContextObject of its COinS span.")
    ris: str = Field(default="", description="Its RIS record, as its day's file gives it.")
    csl: dict[str, Any] = Field(default_factory=dict, description="Its CSL-JSON item.")
    identity: str = Field(default="", description="The paper across digests (text.identity); empty: none.")
    also_in: list[Mention] = Field(
        default_factory=list, description="The other digests that list the same paper, oldest first."
    )
    related: list[Related] = Field(
        default_factory=list, description="The earlier papers most like it, most alike first."
    )
    source: str = Field(default="", description="The digest's raw file, as the archive names it.")
    position: int = Field(default=0, description="The entry's place in its digest, from 1.")
    lines: tuple[int, int] = Field(default=(0, 0), description="The raw file's lines the entry spans.")


class Summary(Body):
    """A labelled summary (``{digest:summary}``): its lead's paragraphs, then its parts."""

    directive = Directive.SUMMARY

    lead: list[str] = Field(default_factory=list)
    parts: list[SummaryPart]


class ListedPaper(Body):
    """A paper as a page of names lists it: its digest's day, citation key and title."""

    date: dt.date
    key: str
    title: str


class Named(Body):
    """A name its page declares: a category, and its page's stem."""

    name: str
    stem: str


class Names(Body):
    """The names a page declares (``{digest:names}``): a category's page, its category."""

    directive = Directive.NAMES

    kind: Kind
    names: list[Named]


class Papers(Body):
    """Papers on their own (``{digest:papers}``): a name's in a year, a category's in a month."""

    directive = Directive.PAPERS

    papers: list[ListedPaper]


class Counted(Body):
    """A name of the index of names, and how many papers it has."""

    name: str
    papers: int


class Directory(Body):
    """The index of a kind of names (``{digest:directory}``): its most frequent names, most papers first."""

    directive = Directive.DIRECTORY

    kind: Kind
    names: list[Counted]
    #: How many names of the kind the archive has, listed or not.
    total: int


def fenced(body: Body, argument: str = "") -> list[str]:
    """The lines of ``body``'s directive in a MyST page, a blank line after it.

    The body is one line of JSON in ASCII (every other character escaped,
    U+2028 too) that starts with ``{``, so that no line of it can close the
    fence or be read as the directive's options.
    """
    data = json.dumps(body.model_dump(mode="json"), ensure_ascii=True, sort_keys=True, separators=(",", ":"))
    head = f"```{{{DOMAIN}:{body.directive}}}" + (f" {argument}" if argument else "")
    return [head, data, "```", ""]


Read = TypeVar("Read", bound=Body)


def read(model: type[Read], content: Sequence[str]) -> Read:
    """The body of a directive, as ``model``; a ``ValueError`` says what is wrong with it."""
    try:
        return model.model_validate_json("\n".join(content))
    except ValidationError as error:
        raise ValueError(f"the body is not the converter's JSON for {model.__name__} ({error})") from None
