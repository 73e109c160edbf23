"""Read the lines of a digest outside its entries: legend, via, overview, the second heading, the footer.

Each is the digest's own field, written once: a second closing line or a
second heading of shorter entries is reported, not kept.
"""

from __future__ import annotations

from ..model import Digest, LegendItem, Section
from .notes import Line, Notes, mark
from .shapes import LEGEND_ITEM, NOTE, OVERVIEW, VIA


def read_outside(notes: Notes, line: Line, section: Section) -> None:
    """Read ``line``, met before the first entry or after the last, in ``section``."""
    digest = notes.digest
    text = line.text
    if "版权" in text and digest.entries:
        read_footer(notes, line)
    elif not digest.entries and section is Section.FEATURED and (_legend(notes, line)):
        return
    elif VIA.fullmatch(text) and digest.via is None:
        digest.via = text
        mark(digest.spans, "via", line.span())
    elif (match := OVERVIEW.fullmatch(text)) and digest.overview_zh is None:
        digest.overview_zh = match.group(1)
        mark(digest.spans, "overview_zh", line.span(match.start(1)))
    else:
        notes.unparsed(line, AFTER_ENTRIES if digest.entries else BEFORE_ENTRIES)


BEFORE_ENTRIES = "text before the first entry that is not part of any entry"
AFTER_ENTRIES = "text after the last entry that is not part of any entry"
BETWEEN_ENTRIES = "text between entries that is not part of any entry"


def between_entries(digest: Digest) -> None:
    """Say of the lines read after an entry that another entry follows that they are between entries.

    As a line is read, the entry before it may be the last for all the
    parser knows; once the digest is read, an entry after it says otherwise.
    """
    last = max((entry.line for entry in digest.entries), default=0)
    digest.unparsed = [
        unparsed.model_copy(update={"reason": BETWEEN_ENTRIES})
        if unparsed.reason == AFTER_ENTRIES and unparsed.line < last
        else unparsed
        for unparsed in digest.unparsed
    ]


def read_more_heading(notes: Notes, line: Line) -> None:
    """Read the heading of the shorter entries (``值得关注的论文``)."""
    digest = notes.digest
    if digest.more_heading is None:
        digest.more_heading = line.text
        mark(digest.spans, "more_heading", line.span())
    else:
        notes.unparsed(line, "a second heading of shorter entries")


def read_footer(notes: Notes, line: Line) -> None:
    digest = notes.digest
    if digest.footer is None:
        digest.footer = line.text
        mark(digest.spans, "footer", line.span())
    else:
        notes.unparsed(line, "a second closing line")


def _legend(notes: Notes, line: Line) -> bool:
    """Read ``LG - 机器学习 CV - …`` and its ``(*表示值得重点关注)`` note."""
    digest = notes.digest
    text = line.text
    note = NOTE.search(text)
    body = text[: note.start()] + text[note.end() :] if note else text
    items = LEGEND_ITEM.findall(body)
    if (items or note) and not LEGEND_ITEM.sub("", body).strip():
        digest.legend.extend(LegendItem(code=c, name=n) for c, n in items)
        if note:
            digest.highlight_note = note.group(0)
        mark(digest.spans, "legend", line.span())
        return True
    return False
