"""Fixes for what copying from a web page loses: the line breaks of a run-together entry head (DA113).

A fix is a list of edits to the raw text, as ruff's are: each replaces
the text between two positions (line and column, counted as lint counts
them) with new text. A fix is **safe** when the digest reads the same after
it, every entry with the same fields (checked by parsing the fixed text
again); otherwise it is **unsafe**, and ``digest lint --fix`` applies it
only with ``--unsafe-fixes``. Only line breaks are ever put back: no fix
changes a character of the digest's own text.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict

from ..model import Digest
from ..text.parse import parse_digest


class Applicability(StrEnum):
    SAFE = "safe"
    UNSAFE = "unsafe"


class Edit(BaseModel):
    """Replace the text from ``line``:``column`` up to ``end_line``:``end_column`` with ``content``."""

    model_config = ConfigDict(frozen=True)

    content: str
    line: int
    column: int
    end_line: int
    end_column: int


class Fix(BaseModel):
    """What a finding's fix does: its edits, and whether the digest reads the same after them."""

    model_config = ConfigDict(frozen=True)

    message: str
    applicability: Applicability
    edits: tuple[Edit, ...]


#: What of an entry says where it was read, not what it holds: a fix moves it.
_PLACES: dict[str, Any] = {
    "line": True,
    "spans": True,
    "summary_parts": {"__all__": {"line", "column"}},
    "artifacts": {"__all__": {"line", "column"}},
}
# The blanks before a field that starts on a run-together line; a break replaces them.
_BLANKS_BEFORE = re.compile(r"[ \t\u3000]*+\Z")


def line_breaks(text: str, digest: Digest, line: int) -> Fix | None:
    """The fix of DA113 at ``line``: a line break before each field the parser found on it after the title.

    ``text`` is the raw digest ``digest`` was parsed from. The blanks
    before each field go with the break; the line ends as the file's lines
    end (``\\r\\n`` or ``\\n``).
    """
    bounds = _lines(text)
    if not 1 <= line <= len(bounds):
        return None
    begin_of_line, end_of_line, ending = bounds[line - 1]
    raw = text[begin_of_line:end_of_line]
    ending = ending or "\n"
    starts = sorted(
        {
            span.column
            for entry in digest.entries
            if entry.spans.get("title") and entry.spans["title"][0].line == line
            for field, spans in entry.spans.items()
            if field not in ("title", "category")
            for span in spans
            if span.line == line and span.column > 1
        }
        | {unparsed.column for unparsed in digest.unparsed if unparsed.line == line and unparsed.column > 1}
    )
    edits = []
    for column in starts:
        blanks = _BLANKS_BEFORE.search(raw[: column - 1])
        begin = blanks.start() + 1 if blanks else column
        edits.append(Edit(content=ending, line=line, column=begin, end_line=line, end_column=column))
    if not edits:
        return None
    return Fix(
        message=f"put back {len(edits)} line break{'s' if len(edits) != 1 else ''}",
        applicability=judge(text, digest, edits),
        edits=tuple(edits),
    )


def judge(text: str, digest: Digest, edits: Sequence[Edit]) -> Applicability:
    """Safe when ``text`` with ``edits`` reads as ``digest``, each entry with the same fields; else unsafe."""
    reread = parse_digest(apply(text, edits), source=digest.source, date=digest.date)
    return Applicability.SAFE if _contents(reread) == _contents(digest) else Applicability.UNSAFE


def _contents(digest: Digest) -> list[dict[str, object]]:
    return [entry.model_dump(exclude=_PLACES) for entry in digest.entries]


def apply(text: str, edits: Iterable[Edit]) -> str:
    """``text`` with ``edits`` made; edits that overlap one made already are left out."""
    starts = [begin for begin, _, _ in _lines(text)]
    made: list[tuple[int, int, str]] = []
    for edit in sorted(edits, key=lambda edit: (edit.line, edit.column)):
        begin = starts[edit.line - 1] + edit.column - 1
        end = starts[edit.end_line - 1] + edit.end_column - 1
        if made and begin < made[-1][1]:
            continue
        made.append((begin, end, edit.content))
    for begin, end, content in reversed(made):
        text = text[:begin] + content + text[end:]
    return text


_LINE_END = re.compile(r"\r\n|\r|\n")


def _lines(text: str) -> Sequence[tuple[int, int, str]]:
    """Each line of ``text`` as the parser counts them: where it starts and ends, and its line end.

    A byte-order mark is no column of the first line; ``\r\n``, ``\r`` and
    ``\n`` end a line (:func:`~digest_archive.text.shapes.normalize`).
    """
    lines, begin = [], 1 if text.startswith("\ufeff") else 0
    for found in _LINE_END.finditer(text):
        lines.append((begin, found.start(), found.group()))
        begin = found.end()
    lines.append((begin, len(text), ""))
    return lines
