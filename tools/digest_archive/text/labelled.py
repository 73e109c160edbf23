"""Read the layout of the digests from 2023 on: a Chinese title line, then ``要点:`` and labelled parts.

An entry of that layout gives its Chinese title on a line of its own after
the affiliations; its summary is ``要点:`` with its points (one a line, or
run together in one paragraph), then ``动机：``, ``方法：``, ``优势：`` and
``一句话总结：`` parts. Lines between the Chinese title and the first label
are the summary's lead, paragraphs shown above the parts, whatever they
are: every line of the summary is shown. :class:`LabelledSummary` follows
one entry's summary lines as :mod:`.entries` meets them. A head copied without its line breaks
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

    #: Whether the summary's first line before its first label was Chinese text alone; None
    #: while no line came before a label.
    first_plain: bool | None = None
    part: _Part | None = None

    def read(
        self, entry: Entry, before: list[str], summary: str, span: Span, *, plain: bool, abstract: bool
    ) -> None:
        """Place one summary line (``plain``: Chinese text alone) before it joins the summary's
        paragraphs read so far, ``before``; ``abstract``: an English abstract came first.

        A line opening with a label starts a part; the lines after it, until
        the next label, are its text (or its points). At the first label, the
        lines before it are placed (:meth:`_place_lead`).
        """
        label = match_label(summary)
        if label is None:
            if self.part is not None:
                self.part.texts.append(summary.strip())
            elif self.first_plain is None:
                self.first_plain = plain
            return
        if self.part is None and self.first_plain is not None:
            self._place_lead(entry, before, abstract=abstract)
        self.close(entry)
        self.part = _Part(label.group(1), span)
        if label.group(2).strip():
            self.part.texts.append(label.group(2).strip())
        entry.spans.setdefault("summary_parts", []).append(span)

    def _place_lead(self, entry: Entry, before: list[str], *, abstract: bool) -> None:
        """The lines before the first label, ``before``: the Chinese title, then the summary's lead.

        The first is the entry's Chinese title, not part of the summary (it is
        taken out of ``before``), when it is Chinese text alone, the entry has
        no Chinese title yet (a shorter entry gives it before its authors) and
        no English abstract came first. Every other line is a paragraph of the
        summary's lead, which stays in ``before`` as the rest of the summary.
        """
        spans = entry.spans["summary_zh"]
        if self.first_plain and entry.title_zh is None and not abstract:
            entry.title_zh = before.pop(0)
            entry.spans["title_zh"] = [spans.pop(0)]
        if before:
            entry.summary_lead = list(before)
            entry.spans["summary_lead"] = list(spans)

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
