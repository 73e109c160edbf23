"""Read a raw digest into a :class:`~digest_archive.model.Digest`.

The digests come in a family of layouts: indented or not, the Chinese summary
and English abstract on one line or on two, blank lines between fields or not.
The parser therefore does not trust positions: it classifies each line by its
shape (an entry header, an affiliation ``[...]``, links, figure names, an
author list, Chinese or English prose) and lets a small state machine place it
in the current entry, in the order the fields are written. A line that fits
nowhere becomes an :class:`~digest_archive.model.UnparsedLine` with a reason,
so every line of the input is accounted for.

:func:`parse_digest` is a pure function of its arguments.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from ..model import Artifact, Digest, Entry, LegendItem, Markup, Section, Span, UnparsedLine
from . import urls
from .labelled import LabelledSummary, cut_head
from .markup import find_markup
from .shapes import (
    AFFILIATION,
    AMPERSANDS,
    BRACKETED,
    FIGURE,
    FIGURES,
    LEGEND_ITEM,
    MARKERS,
    MORE_HEADING,
    NOTE,
    NUMBERED,
    OVERVIEW,
    STARS,
    VIA,
    author_list,
    has_ideograph,
    join_paragraphs,
    normalize,
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


@dataclass
class _Line:
    """One raw line: its number, its text without surrounding blanks, its column."""

    number: int
    text: str
    column: int

    def span(self, offset: int = 0) -> Span:
        return Span(line=self.number, column=self.column + offset)


@dataclass
class _EntryState:
    entry: Entry
    stage: int = 0
    seen: set[str] = field(default_factory=set)
    summary: LabelledSummary = field(default_factory=LabelledSummary)
    # The summary's and abstract's paragraphs, joined when the entry is
    # complete: joined line by line, a hostile entry of many lines would
    # take time growing with the square of its size.
    summary_zh: list[str] = field(default_factory=list)
    abstract_en: list[str] = field(default_factory=list)


#: Far more entries than any real digest has (ten to twenty).
MAX_ENTRIES = 200
#: Far more unparsed lines, markup artifacts and markup-like spots than any
#: real digest has (a few dozen at most).
MAX_NOTES = 1_000


def parse_digest(text: str, *, source: str, date: dt.date | None = None) -> Digest:
    """Parse the text of one raw digest.

    ``source`` is the raw file's path as the user gave it and ``date`` the
    digest's day (from the file name); both are recorded, not interpreted.

    Past :data:`MAX_ENTRIES` entries or :data:`MAX_NOTES` notes the rest of
    the file is not read, and an unparsed line says so: a file of a hundred
    thousand one-line entries, or of noise, then costs what a real digest
    costs, instead of a model and a diagnostic for every line.
    """
    digest = Digest(source=source, date=date)
    parser = _Parser(digest)
    lines = normalize(text).split("\n")
    for number, raw in enumerate(lines, start=1):
        stripped = raw.strip()
        if not stripped:
            continue  # nor does a blank line hold markup
        line = _Line(number, stripped, len(raw) - len(raw.lstrip()) + 1)
        # Counted here, not in a method: this runs for every line of the archive.
        notes = len(digest.unparsed) + len(digest.artifacts) + len(digest.markup) + parser.entry_artifacts
        if notes >= MAX_NOTES:
            parser.stop(line, len(lines))
            break
        spots = find_markup(raw, limit=MAX_NOTES - notes)
        if spots:
            digest.markup.extend(
                Markup(text=spot, line=number, column=column, syntax=syntax) for column, spot, syntax in spots
            )
        parser.feed(line)
        if len(digest.entries) == MAX_ENTRIES and parser.current is not None:
            parser.stop(line, len(lines))
            break
    parser.close()
    return parser.digest


class _Parser:
    def __init__(self, digest: Digest) -> None:
        self.digest = digest
        self.section = Section.FEATURED
        self.current: _EntryState | None = None
        self.entry_artifacts = 0

    def stop(self, line: _Line, last: int) -> None:
        """Read no further than ``line``, which made the digest too large to be real."""
        if len(self.digest.entries) == MAX_ENTRIES and self.current is not None:
            # The entry this line began is not kept: only the limit's worth are.
            self.current = None
            too_many = f"more than {MAX_ENTRIES} entries"
        else:
            too_many = f"more than {MAX_NOTES} unparsed lines, markup artifacts and markup-like spots"
        unread = f"lines {line.number}-{last} are not read"
        self._unparsed(line, f"{too_many}, far beyond any real digest: {unread}")

    # -- dispatch ---------------------------------------------------------

    def feed(self, line: _Line) -> None:
        text = line.text
        # Each pattern is tried only on lines that hold what it starts with:
        # the parser runs over every line of the archive.
        if text[0] == "*" and STARS.fullmatch(text):
            self._artifact(line, text)
            return
        header = self._entry_header(line)
        if header is not None:
            self.close()
            entry, fields = header
            self.current = _EntryState(entry)
            for field_line in fields:
                self._entry_line(self.current, field_line)
            return
        if "值得关注的论文" in text and MORE_HEADING.fullmatch(text):
            self.close()
            self.section = Section.MORE
            if self.digest.more_heading is None:
                self.digest.more_heading = text
                self._mark(self.digest.spans, "more_heading", line.span())
            else:
                self._unparsed(line, "a second heading of shorter entries")
            return
        if self.current is None:
            self._preamble(line)
        else:
            self._entry_line(self.current, line)

    def close(self) -> None:
        if self.current is not None:
            state, entry = self.current, self.current.entry
            state.summary.close(entry)
            entry.summary_zh = join_paragraphs(state.summary_zh)
            entry.abstract_en = join_paragraphs(state.abstract_en)
            self.digest.entries.append(entry)
            self.current = None

    # -- digest-level lines -----------------------------------------------

    def _preamble(self, line: _Line) -> None:
        text = line.text
        if "版权" in text and self.digest.entries:
            self._footer(line)
        elif not self.digest.entries and self.section is Section.FEATURED and (self._legend(line)):
            return
        elif VIA.fullmatch(text) and self.digest.via is None:
            self.digest.via = text
            self._mark(self.digest.spans, "via", line.span())
        elif (match := OVERVIEW.fullmatch(text)) and self.digest.overview_zh is None:
            self.digest.overview_zh = match.group(1)
            self._mark(self.digest.spans, "overview_zh", line.span(match.start(1)))
        else:
            where = "after the last entry" if self.digest.entries else "before the first entry"
            self._unparsed(line, f"text {where} that is not part of any entry")

    def _legend(self, line: _Line) -> bool:
        """Read ``LG - 机器学习 CV - …`` and its ``(*表示值得重点关注)`` note."""
        text = line.text
        note = NOTE.search(text)
        body = text[: note.start()] + text[note.end() :] if note else text
        items = LEGEND_ITEM.findall(body)
        if (items or note) and not LEGEND_ITEM.sub("", body).strip():
            self.digest.legend.extend(LegendItem(code=c, name=n) for c, n in items)
            if note:
                self.digest.highlight_note = note.group(0)
            self._mark(self.digest.spans, "legend", line.span())
            return True
        return False

    def _footer(self, line: _Line) -> None:
        if self.digest.footer is None:
            self.digest.footer = line.text
            self._mark(self.digest.spans, "footer", line.span())
        else:
            self._unparsed(line, "a second closing line")

    # -- entries ------------------------------------------------------------

    def _entry_header(self, line: _Line) -> tuple[Entry, list[_Line]] | None:
        """The entry ``line`` starts, and the fields its head runs on into (see :meth:`_title`)."""
        text = line.text
        number: int | None = None
        rest, offset = text, 0
        if text[0].isdigit() and (numbered := NUMBERED.fullmatch(text)):
            number = int(numbered.group(1))
            rest, offset = numbered.group(3), numbered.start(3)
        elif text[0] == "[" and AFFILIATION.fullmatch(text):
            return None
        bracketed = BRACKETED.fullmatch(rest) if "[" in rest else None
        if bracketed is None and number is None:
            return None
        entry = Entry(number=number, section=self.section, line=line.number, spans={})
        if bracketed is None:
            # "6、Title" without a category: still an entry, lint reports it.
            title, title_at = rest, offset
        else:
            prefix = bracketed.group(1)
            if prefix.strip():
                self._entry_artifact(entry, prefix.strip(), line.span(offset))
            entry.category = bracketed.group(2)
            self._mark(entry.spans, "category", line.span(offset + bracketed.start(2)))
            title, title_at = bracketed.group(3), offset + bracketed.start(3)
            if not title.strip() and number is None:
                return None
        return entry, self._title(entry, title, line, title_at)

    def _title(self, entry: Entry, title: str, line: _Line, at: int) -> list[_Line]:
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
            self._entry_artifact(entry, marker.strip(), line.span(at))
        title, at = title[len(marker) :], at + len(marker)
        title, fields = cut_head(title)
        if title.endswith("**"):
            self._entry_artifact(entry, "**", line.span(at + len(title) - 2))
            title = title[:-2].rstrip()
        entry.title = " ".join(title.split())
        if title:
            self._mark(entry.spans, "title", line.span(at))
        return [_Line(line.number, text, line.column + at + offset) for offset, text in fields]

    def _entry_line(self, state: _EntryState, line: _Line) -> None:
        text = line.text
        entry = state.entry
        if text[0] == "[" and (affiliation := AFFILIATION.fullmatch(text)):
            if self._advance(state, "affiliations", line):
                parts = AMPERSANDS.split(affiliation.group(1))
                entry.affiliations = [" ".join(part.split()) for part in parts if part.strip()]
                if affiliation.group(2):
                    entry.year = int(affiliation.group(2))
                self._mark(entry.spans, "affiliations", line.span())
            return
        tokens = text.split()
        if text.startswith("http") and all(urls.is_http(token) for token in tokens):
            if self._advance(state, "links", line, repeat=True):
                at = 0
                for token in tokens:
                    at = text.index(token, at)
                    entry.links.append(token)
                    self._mark(entry.spans, "links", line.span(at))
                    at += len(token)
            return
        if "." in text and FIGURES.fullmatch(text):
            if self._advance(state, "figures", line, repeat=True):
                entry.figures.extend(match.group(0) for match in FIGURE.finditer(text))
                self._mark(entry.spans, "figures", line.span())
            return
        if "版权" in text and state.stage >= _STAGES["links"]:
            self.close()
            self._footer(line)
            return
        if has_ideograph(text):
            self._chinese(state, line)
        else:
            self._latin(state, line)

    def _chinese(self, state: _EntryState, line: _Line) -> None:
        entry = state.entry
        if (
            entry.section is Section.MORE
            and "title_zh" not in state.seen
            and (state.stage < _STAGES["authors"])
        ):
            self._advance(state, "title_zh", line)
            entry.title_zh = line.text
            self._mark(entry.spans, "title_zh", line.span())
            return
        if (
            state.stage == _STAGES["abstract_en"]
            and "summary_zh" not in state.seen
            and entry.section is Section.FEATURED
        ):
            self._demote_abstract(state)
        if state.stage > _STAGES["summary_zh"]:
            self._unparsed(line, "Chinese text after the English abstract, links or figures")
            return
        state.stage = _STAGES["summary_zh"]
        state.seen.add("summary_zh")
        split = split_bilingual(line.text)
        if split.marker:
            self._entry_artifact(entry, split.marker, line.span(split.marker_at))
        summary, links = split.summary, []
        if split.abstract is None:
            summary, links = trailing_links(summary)
        plain = not (split.marker or links or split.abstract is not None)
        span = line.span()  # made once: a hostile entry has hundreds of thousands of such lines
        abstract = bool(state.abstract_en)
        state.summary.read(entry, state.summary_zh, summary, span, plain=plain, abstract=abstract)
        state.summary_zh.append(summary.strip())
        self._mark(entry.spans, "summary_zh", span)
        if split.abstract is not None:
            self._abstract(state, split.abstract, line, split.abstract_at)
        self._links_from_text(state, links, line, 0)

    def _latin(self, state: _EntryState, line: _Line) -> None:
        entry = state.entry
        if "authors" not in state.seen and state.stage <= _STAGES["authors"]:
            authors = author_list(line.text)
            if authors is not None:
                self._advance(state, "authors", line)
                entry.authors, entry.authors_truncated = authors
                self._mark(entry.spans, "authors", line.span())
                return
            if entry.section is Section.MORE or "title" not in entry.spans:
                self._unparsed(line, "expected the author list (names separated by commas)")
                return
        if state.stage > _STAGES["abstract_en"]:
            self._unparsed(line, "text after the entry's links or figures")
            return
        if state.stage < _STAGES["authors"]:
            self._unparsed(line, "expected the author list (names separated by commas)")
            return
        self._abstract(state, line.text, line, 0)

    def _demote_abstract(self, state: _EntryState) -> None:
        """English lines met before the Chinese summary were strays, not the abstract.

        A featured entry's abstract follows its summary; when the summary
        turns up after English text, that text is reported at its own lines.
        """
        entry = state.entry
        # Each paragraph by itself: the abstract is not yet joined.
        for paragraph, span in zip(state.abstract_en, entry.spans.pop("abstract_en", []), strict=False):
            self.digest.unparsed.append(
                UnparsedLine(
                    text=paragraph,
                    line=span.line,
                    column=span.column,
                    reason="English text before the entry's Chinese summary",
                )
            )
        state.abstract_en.clear()
        state.seen.discard("abstract_en")
        state.stage = _STAGES["affiliations"]

    def _abstract(self, state: _EntryState, text: str, line: _Line, at: int) -> None:
        entry = state.entry
        lead = MARKERS.match(text)
        marker = lead.group(0).strip() if lead else ""
        if marker:
            self._entry_artifact(entry, marker, line.span(at))
        start = lead.end() if lead else 0
        text, links = trailing_links(text[start:])
        state.stage = _STAGES["abstract_en"]
        state.seen.add("abstract_en")
        state.abstract_en.append(text.strip())
        self._mark(entry.spans, "abstract_en", line.span(at + start))
        self._links_from_text(state, links, line, at + start)

    def _links_from_text(
        self, state: _EntryState, links: list[tuple[str, int]], line: _Line, base: int
    ) -> None:
        """Add URLs found at offsets (from ``base``) of ``line`` to the links."""
        for url, at in links:
            state.entry.links.append(url)
            self._mark(state.entry.spans, "links", line.span(base + at))
        if links:
            state.stage = _STAGES["links"]

    # -- bookkeeping --------------------------------------------------------

    def _advance(self, state: _EntryState, name: str, line: _Line, *, repeat: bool = False) -> bool:
        """Move the entry to field ``name``; flag the line if it is out of order."""
        stage = _STAGES[name]
        if name in state.seen and not repeat:
            self._unparsed(line, f"a second {name.replace('_', ' ')} line in one entry")
            return False
        if stage < state.stage:
            self._unparsed(line, f"{name.replace('_', ' ')} after later fields of the entry")
            return False
        state.stage = stage
        state.seen.add(name)
        return True

    def _unparsed(self, line: _Line, reason: str) -> None:
        self.digest.unparsed.append(
            UnparsedLine(text=line.text, line=line.number, column=line.column, reason=reason)
        )

    def _artifact(self, line: _Line, text: str) -> None:
        artifact = Artifact(text=text, line=line.number, column=line.column)
        if self.current is not None:
            self.current.entry.artifacts.append(artifact)
        else:
            self.digest.artifacts.append(artifact)

    def _entry_artifact(self, entry: Entry, text: str, span: Span) -> None:
        entry.artifacts.append(Artifact(text=text, line=span.line, column=span.column))
        self.entry_artifacts += 1

    @staticmethod
    def _mark(spans: dict[str, list[Span]], name: str, span: Span) -> None:
        spans.setdefault(name, []).append(span)
