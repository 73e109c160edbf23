"""Read a raw digest into a :class:`~digest_archive.model.Digest`, line by line.

The parser does not trust positions: it classifies each line by its shape
and hands it on. A line of stars is a markup artifact, an entry header
starts an entry (:mod:`.entries`), and the heading of the shorter entries
starts their section; any other line is the current entry's
(:mod:`.entries`), or, before the first entry or after the last, the
digest's own (:mod:`.digestlines`). A line that fits nowhere becomes an
:class:`~digest_archive.model.UnparsedLine` with a reason (:mod:`.notes`),
so every line of the input is accounted for.

:func:`parse_digest` is a pure function of its arguments.
"""

from __future__ import annotations

import datetime as dt

from ..model import Artifact, Digest, Markup, Section
from .digestlines import between_entries, read_footer, read_more_heading, read_outside
from .entries import EntryReader, start_entry
from .markup import find_markup
from .notes import Line, Notes
from .shapes import MORE_HEADING, STARS, normalize

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
    notes = parser.notes
    lines = normalize(text).split("\n")
    for number, raw in enumerate(lines, start=1):
        stripped = raw.strip()
        if not stripped:
            continue  # nor does a blank line hold markup
        line = Line(number, stripped, len(raw) - len(raw.lstrip()) + 1)
        # Counted here, not in a method: this runs for every line of the archive.
        count = len(digest.unparsed) + len(digest.artifacts) + len(digest.markup) + notes.entry_artifacts
        if count >= MAX_NOTES:
            parser.stop(line, len(lines))
            break
        spots = find_markup(raw, limit=MAX_NOTES - count)
        if spots:
            digest.markup.extend(
                Markup(text=spot, line=number, column=column, syntax=syntax) for column, spot, syntax in spots
            )
        parser.feed(line)
        if len(digest.entries) == MAX_ENTRIES and parser.current is not None:
            parser.stop(line, len(lines))
            break
    parser.close()
    between_entries(parser.digest)
    return parser.digest


class _Parser:
    def __init__(self, digest: Digest) -> None:
        self.digest = digest
        self.notes = Notes(digest)
        self.section = Section.FEATURED
        self.current: EntryReader | None = None

    def stop(self, line: Line, last: int) -> None:
        """Read no further than ``line``, which made the digest too large to be real."""
        if len(self.digest.entries) == MAX_ENTRIES and self.current is not None:
            # The entry this line began is not kept: only the limit's worth are.
            self.current = None
            too_many = f"more than {MAX_ENTRIES} entries"
        else:
            too_many = f"more than {MAX_NOTES} unparsed lines, markup artifacts and markup-like spots"
        unread = f"lines {line.number}-{last} are not read"
        self.notes.unparsed(line, f"{too_many}, far beyond any real digest: {unread}")

    def feed(self, line: Line) -> None:
        text = line.text
        # Each pattern is tried only on lines that hold what it starts with:
        # the parser runs over every line of the archive.
        if text[0] == "*" and STARS.fullmatch(text):
            self._artifact(line, text)
            return
        header = start_entry(self.notes, line, self.section)
        if header is not None:
            self.close()
            self.current, fields = header
            for field_line in fields:
                self._entry_line(self.current, field_line)
            return
        if "值得关注的论文" in text and MORE_HEADING.fullmatch(text):
            self.close()
            self.section = Section.MORE
            read_more_heading(self.notes, line)
            return
        if self.current is None:
            read_outside(self.notes, line, self.section)
        else:
            self._entry_line(self.current, line)

    def close(self) -> None:
        if self.current is not None:
            self.digest.entries.append(self.current.finish())
            self.current = None

    def _entry_line(self, reader: EntryReader, line: Line) -> None:
        if not reader.read(line):
            self.close()
            read_footer(self.notes, line)

    def _artifact(self, line: Line, text: str) -> None:
        artifact = Artifact(text=text, line=line.number, column=line.column)
        if self.current is not None:
            self.current.entry.artifacts.append(artifact)
        else:
            self.digest.artifacts.append(artifact)
