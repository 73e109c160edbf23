"""Read an entry: the head that starts it, then each of its lines into the field it belongs to.

The digests come in a family of layouts: indented or not, the Chinese summary
and English abstract on one line or on two, blank lines between fields or not.
So a line is not placed by its position: its shape (an affiliation ``[...]``,
links, figure names, an author list, Chinese or English prose) says which
field it is, and a small state machine checks that the fields come in the
order they are written.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..model import Entry, Section, UnparsedLine
from . import urls
from .labelled import LabelledSummary, cut_head
from .notes import Line, Notes, mark
from .shapes import (
    AFFILIATION,
    AMPERSANDS,
    BRACKETED,
    FIGURE,
    FIGURES,
    MARKERS,
    NUMBERED,
    OPENING,
    author_list,
    has_ideograph,
    join_paragraphs,
    split_bilingual,
    trailing_links,
)

# The order fields are written in; a field seen after a later one is out of place.
_STAGES = {
    "title": 0,
    "title_zh": 1,
    "authors": 2,
    "affiliations": 3,
    "summary_zh": 4,
    "abstract_en": 5,
    "links": 6,
    "figures": 6,
}


#: Why English lines before a featured entry's Chinese summary are no part of it:
#: the abstract follows the summary. Lint's DA101 reports them with it, and DA202
#: (no English abstract) says nothing more of that entry.
STRAY_ABSTRACT = "English text before the entry's Chinese summary: an abstract goes after the summary"


def start_entry(notes: Notes, line: Line, section: Section) -> tuple[EntryReader, list[Line]] | None:
    """The entry ``line`` starts, and the fields its head runs on into (see :func:`_title`)."""
    text = line.text
    number: int | None = None
    rest, offset = text, 0
    if text[0].isdigit() and (numbered := NUMBERED.fullmatch(text)):
        number = int(numbered.group(1))
        rest, offset = numbered.group(3), numbered.start(3)
    elif text[0] in OPENING and AFFILIATION.fullmatch(text):
        return None
    bracketed = BRACKETED.fullmatch(rest) if any(bracket in rest for bracket in OPENING) else None
    if bracketed is None and number is None:
        return None
    entry = Entry(number=number, section=section, line=line.number, spans={})
    if bracketed is None:
        # "6、Title" without a category: still an entry, lint reports it.
        title, title_at = rest, offset
    else:
        prefix = bracketed.group(1)
        if prefix.strip():
            notes.entry_artifact(entry, prefix.strip(), line.span(offset))
        entry.category = bracketed.group(2)
        mark(entry.spans, "category", line.span(offset + bracketed.start(2)))
        title, title_at = bracketed.group(3), offset + bracketed.start(3)
        if not title.strip() and number is None:
            return None
    fields = _title(notes, entry, title, line, title_at)
    return EntryReader(notes, entry), fields


def _title(notes: Notes, entry: Entry, title: str, line: Line, at: int) -> list[Line]:
    """Read the title; the fields after it, when the head's line breaks were lost, as lines.

    See :func:`.labelled.cut_head`; lint reports such a head (DA113).
    """
    lead = len(title) - len(title.lstrip())
    title, at = title.strip(), at + lead
    markers = MARKERS.match(title)
    marker = markers.group(0) if markers else ""
    if marker.strip() == "*":
        entry.highlighted = True
    elif marker.strip():
        # "**Title" and "** **Title" are bold markup that lost its text.
        notes.entry_artifact(entry, marker.strip(), line.span(at))
    title, at = title[len(marker) :], at + len(marker)
    title, fields = cut_head(title)
    if title.endswith("**"):
        notes.entry_artifact(entry, "**", line.span(at + len(title) - 2))
        title = title[:-2].rstrip()
    entry.title = " ".join(title.split())
    if title:
        mark(entry.spans, "title", line.span(at))
    return [Line(line.number, text, line.column + at + offset) for offset, text in fields]


@dataclass
class EntryReader:
    """One entry being read: the fields it has come to, and its paragraphs not yet joined."""

    notes: Notes
    entry: Entry
    stage: int = 0
    seen: set[str] = field(default_factory=set)
    summary: LabelledSummary = field(default_factory=LabelledSummary)
    # The summary's and abstract's paragraphs, joined when the entry is
    # complete: joined line by line, a hostile entry of many lines would
    # take time growing with the square of its size.
    summary_zh: list[str] = field(default_factory=list)
    abstract_en: list[str] = field(default_factory=list)

    def finish(self) -> Entry:
        """The entry, its summary and abstract joined: no more of its lines are coming."""
        entry = self.entry
        self.summary.close(entry)
        entry.summary_zh = join_paragraphs(self.summary_zh)
        entry.abstract_en = join_paragraphs(self.abstract_en)
        return entry

    def read(self, line: Line) -> bool:
        """Place ``line`` in the entry; False if it is the digest's closing line, which ends the entry."""
        text = line.text
        entry = self.entry
        if text[0] in OPENING and (affiliation := AFFILIATION.fullmatch(text)):
            if self._advance("affiliations", line):
                parts = AMPERSANDS.split(affiliation.group(1))
                entry.affiliations = [" ".join(part.split()) for part in parts if part.strip()]
                if affiliation.group(2):
                    entry.year = int(affiliation.group(2))
                mark(entry.spans, "affiliations", line.span())
            return True
        tokens = text.split()
        if text.startswith("http") and all(urls.is_http(token) for token in tokens):
            if self._advance("links", line, repeat=True):
                at = 0
                for token in tokens:
                    at = text.index(token, at)
                    entry.links.append(token)
                    mark(entry.spans, "links", line.span(at))
                    at += len(token)
            return True
        if "." in text and FIGURES.fullmatch(text):
            if self._advance("figures", line, repeat=True):
                entry.figures.extend(match.group(0) for match in FIGURE.finditer(text))
                mark(entry.spans, "figures", line.span())
            return True
        if "版权" in text and self.stage >= _STAGES["links"]:
            return False
        if has_ideograph(text):
            self._chinese(line)
        else:
            self._latin(line)
        return True

    def _chinese(self, line: Line) -> None:
        entry = self.entry
        if (
            entry.section is Section.MORE
            and "title_zh" not in self.seen
            and (self.stage < _STAGES["authors"])
        ):
            self._advance("title_zh", line)
            entry.title_zh = line.text
            mark(entry.spans, "title_zh", line.span())
            return
        if (
            self.stage == _STAGES["abstract_en"]
            and "summary_zh" not in self.seen
            and entry.section is Section.FEATURED
        ):
            self._demote_abstract()
        if self.stage > _STAGES["summary_zh"]:
            self.notes.unparsed(line, "Chinese text after the English abstract, links or figures")
            return
        self.stage = _STAGES["summary_zh"]
        self.seen.add("summary_zh")
        split = split_bilingual(line.text)
        if split.marker:
            self.notes.entry_artifact(entry, split.marker, line.span(split.marker_at))
        summary, links = split.summary, []
        if split.abstract is None:
            summary, links = trailing_links(summary)
        plain = not (split.marker or links or split.abstract is not None)
        span = line.span()  # made once: a hostile entry has hundreds of thousands of such lines
        abstract = bool(self.abstract_en)
        self.summary.read(entry, self.summary_zh, summary, span, plain=plain, abstract=abstract)
        self.summary_zh.append(summary.strip())
        mark(entry.spans, "summary_zh", span)
        if split.abstract is not None:
            self._abstract(split.abstract, line, split.abstract_at)
        self._links_from_text(links, line, 0)

    def _latin(self, line: Line) -> None:
        entry = self.entry
        if "authors" not in self.seen and self.stage <= _STAGES["authors"]:
            authors = author_list(line.text)
            if authors is not None:
                self._advance("authors", line)
                entry.authors, entry.authors_truncated = authors
                mark(entry.spans, "authors", line.span())
                return
            if entry.section is Section.MORE or "title" not in entry.spans:
                self.notes.unparsed(line, "expected the author list (names separated by commas)")
                return
        if self.stage > _STAGES["abstract_en"]:
            self.notes.unparsed(line, "text after the entry's links or figures")
            return
        if self.stage < _STAGES["authors"]:
            self.notes.unparsed(line, "expected the author list (names separated by commas)")
            return
        self._abstract(line.text, line, 0)

    def _demote_abstract(self) -> None:
        """English lines met before the Chinese summary were strays, not the abstract.

        A featured entry's abstract follows its summary; when the summary
        turns up after English text, that text is reported at its own lines.
        """
        # Each paragraph by itself: the abstract is not yet joined.
        for paragraph, span in zip(self.abstract_en, self.entry.spans.pop("abstract_en", []), strict=False):
            self.notes.digest.unparsed.append(
                UnparsedLine(
                    text=paragraph,
                    line=span.line,
                    column=span.column,
                    reason=STRAY_ABSTRACT,
                )
            )
        self.abstract_en.clear()
        self.seen.discard("abstract_en")
        self.stage = _STAGES["affiliations"]

    def _abstract(self, text: str, line: Line, at: int) -> None:
        lead = MARKERS.match(text)
        marker = lead.group(0).strip() if lead else ""
        if marker:
            self.notes.entry_artifact(self.entry, marker, line.span(at))
        start = lead.end() if lead else 0
        text, links = trailing_links(text[start:])
        self.stage = _STAGES["abstract_en"]
        self.seen.add("abstract_en")
        self.abstract_en.append(text.strip())
        mark(self.entry.spans, "abstract_en", line.span(at + start))
        self._links_from_text(links, line, at + start)

    def _links_from_text(self, links: list[tuple[str, int]], line: Line, base: int) -> None:
        """Add URLs found at offsets (from ``base``) of ``line`` to the links."""
        for url, at in links:
            self.entry.links.append(url)
            mark(self.entry.spans, "links", line.span(base + at))
        if links:
            self.stage = _STAGES["links"]

    def _advance(self, name: str, line: Line, *, repeat: bool = False) -> bool:
        """Move the entry to field ``name``; flag the line if it is out of order."""
        stage = _STAGES[name]
        if name in self.seen and not repeat:
            self.notes.unparsed(line, f"a second {name.replace('_', ' ')} line in one entry")
            return False
        if stage < self.stage:
            self.notes.unparsed(line, f"{name.replace('_', ' ')} after later fields of the entry")
            return False
        self.stage = stage
        self.seen.add(name)
        return True
