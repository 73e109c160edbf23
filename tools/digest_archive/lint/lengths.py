"""The rule on fields far beyond any real digest's (DA112), with its limits."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from itertools import islice, repeat

from ..model import Digest, Span
from .registry import Finding, Severity, rule

#: The most characters each text field may hold: several times the longest
#: in years of real digests (titles of 150, summaries of 600, abstracts of
#: 1,900: arXiv's own limit), and far below what makes a page unreadable.
TEXT_LIMITS = {"title": 300, "title_zh": 200, "summary_zh": 5_000, "abstract_en": 5_000}
#: The most characters of one item of a list field.
ITEM_LIMITS = {"authors": 80, "affiliations": 300, "links": 2_000, "figures": 200}
#: The most items of a list field (longer author lists are cut with "...").
COUNT_LIMITS = {"authors": 300, "affiliations": 50, "links": 20, "figures": 50}
#: The most characters of a digest-level line: the legend (its pairs as the
#: page shows them), its note on ``*``, the attribution, the overview, the footer.
LINE_LIMITS = {
    "legend": 1_000,
    "highlight_note": 1_000,
    "via": 1_000,
    "overview_zh": 5_000,
    "footer": 1_000,
}
#: The most characters of a word: a run with no blank and no CJK character,
#: which no line of a page, nor of the PDF, can break.
LONGEST_WORD = 200
_CJK_OR_BLANK = "\\s\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef"
_LONG_WORD = re.compile(f"(?<![^{_CJK_OR_BLANK}])[^{_CJK_OR_BLANK}]{{{LONGEST_WORD + 1},}}+")


@rule("DA112", "field-too-long", Severity.ERROR)
def field_too_long(digest: Digest) -> Iterator[Finding]:
    """A field is far longer than any real digest's.

    A title holds at most 300 characters, a Chinese title 200, a summary or
    an abstract 5,000; an author's name 80, an affiliation 300, a link
    2,000; an entry at most 300 authors, 50 affiliations, 20 links and 50
    figures; the legend line, its note on ``*``, the attribution and the
    closing line 1,000 characters each, the overview 5,000; and no word (a
    run without a blank or a CJK character) is longer than 200. Real
    digests stay far below: text beyond these is a paste gone wrong or an
    attempt to exhaust the build, and a word that long cannot be broken
    across lines of the page or the PDF.

    Bad::

        1、[LG] Neural Mechanics
        D Kunin, S Gangulivonhohenzollernsigmaringenmecklenburgschwerinsaxecoburggothaaltenburgstrelitz
        神经力学。
        https://weibo.com/1402400261/JyFsjATR5

    Good::

        1、[LG] Neural Mechanics
        D Kunin, S Ganguli
        神经力学。
        https://weibo.com/1402400261/JyFsjATR5
    """
    for field, limit in LINE_LIMITS.items():
        text = _line(digest, field)
        if text and len(text) > LONGEST_WORD:
            # The note is read from the legend's line.
            spans = digest.spans.get("legend" if field == "highlight_note" else field) or [Span(line=1)]
            if len(text) > limit:
                yield Finding.at(spans[0], f"{_name(field)} of {len(text):,} characters; at most {limit:,}")
            yield from _long_words(field, text, spans)
    for entry in digest.entries:
        for field, limit in TEXT_LIMITS.items():
            text = getattr(entry, field)
            if not text or len(text) <= LONGEST_WORD:
                continue
            if len(text) > limit:
                what = f"{_name(field)} of {len(text):,} characters"
                yield Finding.at(entry.span(field), f"{what}; at most {limit:,}")
            yield from _long_words(field, text, entry.spans.get(field) or [entry.span(field)])
        for field, limit in ITEM_LIMITS.items():
            items: list[str] = getattr(entry, field)
            if len(items) > COUNT_LIMITS[field]:
                yield Finding.at(entry.span(field), f"{len(items):,} {field}; at most {COUNT_LIMITS[field]}")
            longest = max(map(len, items), default=0)
            if longest > limit:
                what = f"{_name(field).removesuffix('s')} of {longest:,} characters"
                yield Finding.at(entry.span(field), f"{what}; at most {limit:,}")
            if field != "links" and longest > LONGEST_WORD:
                long_items = (item for item in items if len(item) > LONGEST_WORD)
                yield from islice(_long_words(field, "\n\n".join(long_items), repeat(entry.span(field))), 1)


def _line(digest: Digest, field: str) -> str | None:
    """The text of a digest-level line: the legend's pairs joined as its page shows them."""
    if field == "legend":
        return "  ".join(f"{item.code} - {item.name}" for item in digest.legend)
    return getattr(digest, field)


def _long_words(field: str, text: str, spans: Iterable[Span]) -> Iterator[Finding]:
    """The first over-long word of each paragraph of ``text`` (read from ``spans``, in order)."""
    for paragraph, span in zip(text.split("\n\n"), spans, strict=False):
        # Any long word lies within one blank-separated piece: those are cheap to measure.
        if max(map(len, paragraph.split()), default=0) <= LONGEST_WORD:
            continue
        match = _LONG_WORD.search(paragraph)
        if match is not None:
            where = Span(line=span.line, column=span.column + match.start())
            what = f"a word of {len(match.group()):,} characters in the {_name(field)}"
            yield Finding.at(where, f"{what}; at most {LONGEST_WORD}")


def _name(field: str) -> str:
    return {
        "title_zh": "Chinese title",
        "summary_zh": "Chinese summary",
        "abstract_en": "English abstract",
        "overview_zh": "overview line",
        "legend": "legend line",
        "highlight_note": "legend's note on *",
        "via": "attribution line",
        "footer": "closing line",
    }.get(field, field)
