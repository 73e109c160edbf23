"""Read the layout of the digests from 2023 on: a Chinese title line, then ``要点:`` and labelled parts.

An entry of that layout gives its Chinese title on a line of its own after
the affiliations; its summary is ``要点:`` with its points (one a line, or
run together in one paragraph), then ``动机：``, ``方法：``, ``优势：`` and
``一句话总结：`` parts. :class:`LabelledSummary` follows one entry's summary
lines as :mod:`.parse` meets them. A head copied without its line breaks
(title, authors, ``[affiliations]``, Chinese title and ``要点:`` on one
line) is cut into its fields by :func:`cut_head`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..model import Entry, Span, SummaryPart
from .shapes import head_fields, match_label, split_points, title_end


@dataclass
class _Part:
    """A labelled part being read: its label, where, and its lines' text."""

    label: str
    span: Span
    texts: list[str] = field(default_factory=list)

    def done(self) -> SummaryPart:
        where = {"line": self.span.line, "column": self.span.column}
        if self.label != "要点":
            # Paragraphs joined as in the summary; the texts are stripped and never empty.
            return SummaryPart(label=self.label, text="\n\n".join(self.texts), **where)
        # Points are written one a line, or run together in one paragraph.
        points = split_points(self.texts[0]) if len(self.texts) == 1 else self.texts
        return SummaryPart(label=self.label, points=points, **where)


@dataclass
class LabelledSummary:
    """The labelled parts of one entry's summary, read a line at a time."""

    #: The summary's lines before its first label: whether each was Chinese text alone.
    lead: list[bool] = field(default_factory=list)
    part: _Part | None = None

    def read(
        self, entry: Entry, before: list[str], summary: str, span: Span, *, plain: bool, abstract: bool
    ) -> None:
        """Place one summary line (``plain``: Chinese text alone) before it joins the summary's
        paragraphs read so far, ``before``; ``abstract``: an English abstract came first.

        A line opening with a label starts a part; the lines after it, until
        the next label, are its text (or its points). At the first label, a
        single plain line before it is the entry's Chinese title, not part
        of the summary: it is taken out of ``before``.
        """
        label = match_label(summary)
        if label is None:
            if self.part is not None:
                self.part.texts.append(summary.strip())
            else:
                self.lead.append(plain)
            return
        first = self.part is None
        if first and self.lead == [True] and entry.title_zh is None and not abstract:
            (entry.title_zh,) = before
            before.clear()
            entry.spans["title_zh"] = entry.spans.pop("summary_zh")
        self.close(entry)
        self.part = _Part(label.group(1), span)
        if label.group(2).strip():
            self.part.texts.append(label.group(2).strip())
        entry.spans.setdefault("summary_parts", []).append(span)

    def close(self, entry: Entry) -> None:
        """The part being read is complete: add it to the entry's."""
        if self.part is not None:
            entry.summary_parts.append(self.part.done())
            self.part = None


def cut_head(title: str) -> tuple[str, list[tuple[int, str]]]:
    """The title, and the fields it runs on into as (offset in ``title``, text) when its head's
    line breaks were lost; each field is then read as if on a line of its own.

    A head that starts with another field has no title to cut it from: it stays one.
    """
    end = title_end(title)
    if not end:
        return title, []
    rest = title[end:]
    fields = []
    for start, stop in head_fields(rest):
        text = rest[start:stop]
        fields.append((end + start + len(text) - len(text.lstrip()), text.strip()))
    return title[:end].rstrip(), fields
