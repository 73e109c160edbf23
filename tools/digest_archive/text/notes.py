"""What the parser notes as it reads: where each field was, and the lines and artifacts that fit nowhere.

Every line of the input is accounted for: a field's text is kept with its
:class:`~digest_archive.model.Span`, and a line that fits nowhere becomes an
:class:`~digest_archive.model.UnparsedLine` with a reason.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..model import Artifact, Digest, Entry, Span, UnparsedLine


@dataclass
class Line:
    """One raw line: its number, its text without surrounding blanks, its column."""

    number: int
    text: str
    column: int

    def span(self, offset: int = 0) -> Span:
        return Span(line=self.number, column=self.column + offset)


class Notes:
    """The digest being read, where the lines that fit nowhere go, and the markup artifacts of its entries."""

    def __init__(self, digest: Digest) -> None:
        self.digest = digest
        # Kept as a count: the parser weighs its notes at every line, and
        # summing the artifacts of every entry there would cost a pass over them.
        self.entry_artifacts = 0

    def unparsed(self, line: Line, reason: str) -> None:
        self.digest.unparsed.append(
            UnparsedLine(text=line.text, line=line.number, column=line.column, reason=reason)
        )

    def entry_artifact(self, entry: Entry, text: str, span: Span) -> None:
        entry.artifacts.append(Artifact(text=text, line=span.line, column=span.column))
        self.entry_artifacts += 1


def mark(spans: dict[str, list[Span]], name: str, span: Span) -> None:
    spans.setdefault(name, []).append(span)
