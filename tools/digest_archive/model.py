"""The digest schema: pydantic models that every later step reads.

The parser fills these models; lint rules, the JSON export, the JSON Schema
(``digest schema``) and the rendered pages all read them and nothing else.
Every field that came from the raw file remembers where (:class:`Span`), so a
diagnostic can point at the line a contributor must fix.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter


class Section(StrEnum):
    """Where an entry sits in the digest."""

    FEATURED = "featured"
    """The numbered entries with a Chinese summary and an English abstract."""
    MORE = "more"
    """The shorter "also worth a look" entries (另外几篇值得关注的论文)."""


class Span(BaseModel):
    """A position in the raw file: 1-based line, 1-based column."""

    model_config = ConfigDict(frozen=True)

    line: int = Field(ge=1)
    column: int = Field(default=1, ge=1)


class Artifact(BaseModel):
    """Markup left over from the digest's original rich text, e.g. ``** **``.

    Artifacts are removed from the fields they were found in and kept here,
    so lint can report them and nothing is lost silently.
    """

    model_config = ConfigDict(frozen=True)

    text: str
    line: int = Field(ge=1)
    column: int = Field(ge=1)


class Markup(BaseModel):
    """Raw text that looks like markup (HTML, Markdown, MyST, reST, LaTeX).

    It stays in its field and is shown as text like any other; it is noted
    here so lint can point a reviewer at it.
    """

    model_config = ConfigDict(frozen=True)

    text: str
    line: int = Field(ge=1)
    column: int = Field(ge=1)
    syntax: str = Field(description="What it looks like, e.g. 'an HTML tag'.")


class UnparsedLine(BaseModel):
    """A raw line the parser could not place in any field."""

    model_config = ConfigDict(frozen=True)

    text: str
    line: int = Field(ge=1)
    column: int = Field(ge=1)
    reason: str = Field(description="Why the line could not be placed.")


#: The labels of a structured Chinese summary (the layout from 2023 on), in
#: the order they are written: the parser reads them, lint checks their
#: order, the pages and feeds show the last first.
SUMMARY_LABELS = ("要点", "动机", "方法", "优势", "一句话总结")
#: The one-line summary's label: a search result and a feed's item lead with its text.
ONE_LINE_LABEL = SUMMARY_LABELS[-1]


class SummaryPart(BaseModel):
    """One labelled part of a structured Chinese summary (the layout from 2023 on).

    Such a summary is written as ``要点:`` followed by its points, then
    ``动机：``, ``方法：``, ``优势：`` and ``一句话总结：`` parts, each a label and
    its text. Layouts without labels have no parts.
    """

    model_config = ConfigDict(frozen=True)

    label: str = Field(description="The label as written, without its colon, e.g. ``动机``.")
    text: str = Field(default="", description="The part's text; empty for a part given as points.")
    points: list[str] = Field(
        default_factory=list, description="The points of a ``要点`` part, one per item, in order."
    )
    line: int = Field(ge=1, description="The raw line of the label.")
    column: int = Field(default=1, ge=1, description="The raw column of the label.")


class Entry(BaseModel):
    """One recommended paper."""

    number: int | None = Field(default=None, description="The entry's written number (featured entries).")
    section: Section
    category: str = Field(default="", description="The arXiv subject code as written, e.g. ``LG``.")
    highlighted: bool = Field(default=False, description="Marked with ``*`` as especially worth reading.")
    title: str = ""
    title_zh: str | None = Field(
        default=None,
        description="The Chinese title of a shorter entry, or of an entry in the labelled layout.",
    )
    authors: list[str] = Field(default_factory=list)
    authors_truncated: bool = Field(default=False, description="The author list was cut with ``...``.")
    affiliations: list[str] = Field(default_factory=list)
    year: int | None = Field(default=None, description="A year written after the affiliations, e.g. (2022).")
    summary_zh: str | None = Field(
        default=None,
        description="The whole Chinese summary, labels included; paragraphs joined by a blank line.",
    )
    summary_lead: list[str] = Field(
        default_factory=list,
        description=(
            "The paragraphs of a structured summary written before its first label, but for the "
            "Chinese title: shown above the labelled parts (and in ``summary_zh`` too); empty for "
            "other layouts."
        ),
    )
    summary_parts: list[SummaryPart] = Field(
        default_factory=list,
        description="The labelled parts of a structured summary, in written order; empty for other layouts.",
    )
    abstract_en: str | None = Field(
        default=None, description="The English abstract; paragraphs joined by a blank line."
    )
    links: list[str] = Field(default_factory=list)
    figures: list[str] = Field(default_factory=list)
    line: int = Field(ge=1, description="The raw line where the entry starts.")
    spans: dict[str, list[Span]] = Field(
        default_factory=dict,
        description="Raw lines each field was read from, keyed by field name.",
    )
    artifacts: list[Artifact] = Field(default_factory=list)

    def span(self, field: str) -> Span:
        """Where ``field`` starts in the raw file (the entry's line if unknown)."""
        spans = self.spans.get(field)
        return spans[0] if spans else Span(line=self.line)


class LegendItem(BaseModel):
    """One ``LG - 机器学习`` pair of the legend line."""

    code: str
    name: str


class Credit(BaseModel):
    """Whose digest this is, where it was first published, and the terms the archive keeps it under.

    Not read from the raw file: the archive's configuration says it
    (``digest_curator`` and ``digest_curator_url`` in ``conf.py``), and it
    is added when the digest is published or exported.
    """

    curator: str = Field(description="Who wrote the digest and first published it.")
    curator_url: str | None = Field(default=None, description="The curator's page.")
    source: str | None = Field(
        default=None,
        description="The post the digest was first published in: the first Weibo post its entries link.",
    )
    license: str = Field(description="The terms the archive keeps and shows the digest under.")
    terms_url: str | None = Field(
        default=None, description="Where those terms are set out: the archive's about page, when known."
    )


class Digest(BaseModel):
    """One day's digest, as read from one raw file."""

    date: dt.date | None = Field(
        default=None, description="The day the digest was published (from its file name)."
    )
    source: str = Field(description="The raw file's path, as given.")
    legend: list[LegendItem] = Field(default_factory=list)
    highlight_note: str | None = Field(
        default=None, description="The legend's note on ``*``, e.g. (*表示值得重点关注)."
    )
    via: str | None = Field(default=None, description="A ``转自…`` attribution line.")
    overview_zh: str | None = Field(
        default=None, description="A ``摘要:…`` line summing up the day's papers."
    )
    more_heading: str | None = Field(
        default=None, description="The heading of the shorter entries, as written."
    )
    entries: list[Entry] = Field(default_factory=list)
    footer: str | None = Field(default=None, description="The closing copyright line.")
    unparsed: list[UnparsedLine] = Field(default_factory=list)
    artifacts: list[Artifact] = Field(default_factory=list, description="Markup artifacts outside any entry.")
    markup: list[Markup] = Field(
        default_factory=list, description="Text anywhere in the file that looks like markup."
    )
    spans: dict[str, list[Span]] = Field(
        default_factory=dict, description="Raw lines of the digest-level fields."
    )
    credit: Credit | None = Field(
        default=None,
        description="Whose digest it is and its terms; given by the archive's export and data files.",
    )

    def section(self, section: Section) -> list[Entry]:
        return [entry for entry in self.entries if entry.section is section]


#: The version of the data's JSON Schema (:func:`json_schema`). Every
#: version is kept in ``schemas/`` and published (``digests/schema-1.json``),
#: so that what was valid stays checkable; a change to the models that
#: changes the schema is a new version (``tests/test_schema.py`` says so).
SCHEMA_VERSION = 2

#: A list of digests: what ``digest export`` and the published data files hold.
DIGESTS = TypeAdapter(list[Digest])


def json_schema() -> dict[str, Any]:
    """The JSON Schema of a list of digests, of :data:`SCHEMA_VERSION`; one digest is ``$defs/Digest``."""
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": f"digest-archive data, version {SCHEMA_VERSION}",
        "description": (
            "What 'digest export --format json' writes and each day's .json file holds: "
            "an array of digests. Each line of a year's .jsonl.gz file is one digest ($defs/Digest)."
        ),
        **DIGESTS.json_schema(),
    }
