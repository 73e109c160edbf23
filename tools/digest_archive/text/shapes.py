"""What a raw line is: the shapes of headers, affiliations, author lists, links and prose.

Pure functions and patterns that look at one line (or one field) of a raw
digest; :mod:`.parse`, :mod:`.entries` and :mod:`.digestlines` use them to
classify lines and place them in the digest.
"""

from __future__ import annotations

import re
from itertools import pairwise
from typing import NamedTuple

from ..model import SUMMARY_LABELS
from . import urls

# Every pattern runs in linear time on any line, whatever method calls it
# (tests/test_linear_time.py): a line of a raw file can be a megabyte long.
# Patterns for a whole line start with \A, so a search fails at once past the
# line's start; a searched pattern starts with a lookbehind, so each run of
# the characters it repeats is scanned from its first character only; and
# repeats are possessive, so a failed match never backtracks into them.
#
# Where the layout has a bracket, [ or ], a post may have the full-width 【 or 】
# (Weibo posts often do): read as the same (OPENING, and the patterns' classes).
OPENING = "[【"
NUMBERED = re.compile(r"\A(\d{1,4})[ \t]*+(、|[.．](?=[ \t*]*+[\[【]))[ \t]*+(.*)", re.S)
BRACKETED = re.compile(r"\A([*\s]*+)[\[【]([A-Za-z][A-Za-z0-9.\-]{0,39})[\]】](.*)", re.S)
AFFILIATION = re.compile(r"\A[\[【]([^\[\]【】]*+)[\]】][ \t]*+(?:[(（](\d{4})[)）])?")
_IMAGE_TYPES = ("png", "jpg", "jpeg", "gif", "webp", "svg", "bmp")
# A figure's name starts a word, or follows another's extension ("f01.pngf02.png").
_FIGURE_START = "|".join([r"(?<![^\s./\\])", *(rf"(?<=\.{kind})" for kind in _IMAGE_TYPES)])
FIGURE = re.compile(rf"(?:{_FIGURE_START})[^\s./\\]++(?:\.(?:{'|'.join(_IMAGE_TYPES)}))++", re.IGNORECASE)
FIGURES = re.compile(rf"\A(?:{FIGURE.pattern})++", re.IGNORECASE)
LEGEND_ITEM = re.compile(r"(?<![A-Z])([A-Z]{2,}+)[ \t]*+-[ \t]*+([^\s(]++)")
# No parenthesis inside a note: from each "(" the scan stops at the next one.
NOTE = re.compile(r"[(（]\*[^()（）]*+[)）]")
MORE_HEADING = re.compile(r"\A\S{0,10}值得关注的论文[:：]?")
OVERVIEW = re.compile(r"\A摘要[:：][ \t]*+(.*)", re.S)
VIA = re.compile(r"\A转自\S.*", re.S)
# A line of bold markup that lost its text: "**", "** **".
STARS = re.compile(r"\A\*[\s*]*+")
MARKERS = re.compile(r"[*\s]*+")
_NAME_WORD = re.compile(r"\A[^\W\d_][\w.'’\-]*+")
AMPERSANDS = re.compile(r"[&＆]")
_COMMAS = re.compile(r"[,，]")
_TRUNCATION = ("...", "…")
_SENTENCE_END = "。！？；"
_ABSTRACT_START = re.compile(r"(?<![\s*])[\s*]++(?=[A-Z0-9\"'“‘(\[])")

# Only these labels: a summary of the older layouts opens with a short Chinese
# title and a colon ("神经力学:深度学习…"), which any "short word and a colon"
# shape would take for a label.
_LABEL = re.compile(rf"\A({'|'.join(SUMMARY_LABELS)})[ \t]*+[:：][ \t]*+(.*)", re.S)
_LABEL_STARTS = frozenset(label[0] for label in SUMMARY_LABELS)
# A label further on in a line: where a run-together head's summary starts.
_LABEL_AFTER = re.compile(rf"(?<=\s)(?:{'|'.join(SUMMARY_LABELS)})[ \t]*+[:：]")
# A sentence's end, with the closing quotes and brackets that belong to it.
_POINT_END = re.compile(r"[。！？]++[”’」』）)]*+")
# An initial of an author's name ("D", "L.K."), or a particle ("l", "van").
_INITIAL = re.compile(r"\A[A-Z]\.?(?:[A-Z]\.?)?")
_PARTICLE = re.compile(r"\A[a-z]{1,3}")
# A bracket where a run-together head's affiliations stand: its year may
# follow, then the line ends, Chinese text starts (the Chinese title, the
# summary) or a link (a shorter entry's). Its text stops at the next bracket,
# so trying it at each "[" of a line reads the line once; group 1 is the
# affiliations, year included.
_HEAD_BRACKET = re.compile(
    r"([\[【]([^\[\]【】\n]*+)[\]】][ \t]*+(?:[(（]\d{4}[)）])?)\s*+(?=\Z|[\u3400-\u9fff\uf900-\ufaff]|https?://)"
)
_OPENING = re.compile(r"[\[【]")
_LETTER = re.compile(r"[^\W\d_]")

# Ideographs and CJK punctuation: what marks a line as Chinese prose. Regexes,
# not loops over characters: the parser runs over every line of the archive.
_CJK = re.compile("[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef]")
_IDEOGRAPH = re.compile("[\u3400-\u9fff\uf900-\ufaff]")


def has_ideograph(text: str) -> bool:
    return _IDEOGRAPH.search(text) is not None


def _last_cjk(text: str) -> int:
    """Index just after the last CJK character of ``text`` (0 if none)."""
    # Searched backwards: one scan, where ".*" before the class would rescan.
    match = _CJK.search(text[::-1])
    return len(text) - match.start() if match else 0


class Bilingual(NamedTuple):
    """A Chinese summary line, split from the English abstract it may hold."""

    summary: str
    abstract: str | None = None
    abstract_at: int = 0
    marker: str = ""
    marker_at: int = 0


def normalize(text: str) -> str:
    """Drop a byte-order mark and turn CRLF/CR line ends into LF.

    Editors and CI annotations count lines by LF, so this keeps line numbers
    as a contributor sees them.
    """
    if text.startswith("\ufeff"):
        text = text[1:]
    return text.replace("\r\n", "\n").replace("\r", "\n")


def split_bilingual(text: str) -> Bilingual:
    """Split "中文摘要。 English abstract" into its two halves.

    The English abstract is the text after the last CJK character: right
    after it when a Chinese full stop is followed directly by a capital,
    else from the first separator (blanks, or ``**`` left from bold
    markup) that precedes the start of a sentence. Fewer than
    :data:`ABSTRACT_MIN_WORDS` words and no sentence's full stop are no
    abstract but the line's own end: a Chinese title or sentence that ends
    in a name ("高效的 Vision Transformer").
    """
    end = _last_cjk(text)
    if end == len(text):
        return Bilingual(text)
    if text[end - 1] in _SENTENCE_END and text[end].isupper():
        if _too_short(text, end):
            return Bilingual(text)
        return Bilingual(text[:end], text[end:], end)
    match = _ABSTRACT_START.search(text, end)
    if match is None or _too_short(text, match.end()):
        return Bilingual(text)
    separator = match.group(0)
    stars = separator.find("*")
    marker = separator.strip() if stars >= 0 else ""
    return Bilingual(
        text[: match.start()], text[match.end() :], match.end(), marker, match.start() + max(stars, 0)
    )


#: The fewest words an English abstract begun on a Chinese line has. Abstracts
#: run to a hundred words or more (30 at the least in the seeds and the
#: generated archive); a model's name ending a Chinese title is one to five.
ABSTRACT_MIN_WORDS = 8


_FULL_STOP = re.compile(r"[.!?](?:\s|\Z)")


def _too_short(text: str, start: int) -> bool:
    # At most ABSTRACT_MIN_WORDS splits: a hostile line of a million words is not split whole.
    words = text[start:].split(maxsplit=ABSTRACT_MIN_WORDS)
    return len(words) < ABSTRACT_MIN_WORDS and _FULL_STOP.search(text, start) is None


def trailing_links(text: str) -> tuple[str, list[tuple[str, int]]]:
    """Move URLs standing alone at the end of a text into the links.

    A URL ending a sentence (``…available at https://x.org/y.``) keeps
    its punctuation and stays in the text; a bare trailing one is the
    entry's own link (the Weibo post), written on the same line.
    """
    links: list[tuple[str, int]] = []
    body = text.rstrip()
    while True:
        head, _, last = body.rpartition(" ")
        if not head.strip() or not urls.is_http(last) or last[-1] in ".,;:)":
            break
        links.insert(0, (last, len(head) + 1))
        body = head.rstrip()
    return body, links


def join_paragraphs(paragraphs: list[str]) -> str | None:
    """A field's paragraphs (each stripped) joined by a blank line; None for none.

    Empty paragraphs before the first with text are dropped, as a field
    begins with text; one of only empty paragraphs is empty.
    """
    first = next((i for i, paragraph in enumerate(paragraphs) if paragraph), None)
    if first is None:
        return paragraphs[-1] if paragraphs else None
    return "\n\n".join(paragraphs[first:])


def author_list(text: str) -> tuple[list[str], bool] | None:
    """Names separated by commas (``D L.K. Yamins, F D l Torre...``), or None.

    Names are written as initials and a surname; a trailing ``...`` means the
    list was cut. A name is one to five words, each capitalised, except short
    particles (``l``, ``v``, ``van``). This is what tells an author list from
    a short English sentence.
    """
    truncated = False
    body = text.strip()
    for mark in _TRUNCATION:
        if body.endswith(mark):
            truncated, body = True, body[: -len(mark)].rstrip()
            break
    names = []
    for written in _COMMAS.split(body):
        words = written.split()
        if not words:
            continue
        if len(words) > 5 or not any(word[0].isupper() for word in words):
            return None
        for word in words:
            if not (word[0].isupper() or len(word) <= 3) or not _NAME_WORD.fullmatch(word):
                return None
        # Names are identities (the author index joins on them): an NBSP, a tab or
        # a full-width space inside one is a plain space.
        names.append(" ".join(words))
    if not names:
        return None
    return names, truncated


def match_label(text: str) -> re.Match[str] | None:
    """The label a summary line opens with (``动机：…``: the label, then its text), or None."""
    return _LABEL.match(text) if text[:1] in _LABEL_STARTS else None


def split_points(text: str) -> list[str]:
    """The points run together in ``text``, cut after each sentence's end (。！？).

    Every character but the blanks between the points is kept.
    """
    points = []
    start = 0
    for match in _POINT_END.finditer(text):
        points.append(text[start : match.end()].strip())
        start = match.end()
    points.append(text[start:].strip())
    return [point for point in points if point]


def title_end(title: str) -> int | None:
    """Where a title that holds the rest of its entry's head should have ended; None for a title.

    A web page copied without its line breaks runs the head of an entry
    into one line: title, authors, ``[affiliations]``, Chinese title and
    ``要点:``. The title then ends where the author list before the
    ``[affiliations]`` or the Chinese text starts, or at the ``[`` or the
    Chinese text itself when no author list precedes them; a bracket that
    can be no affiliations stays in the title (:func:`_affiliations`).
    Without either, a title ends before an author list that ends it: two
    names or more, or one cut with ``...``.
    """
    starts = [found.start() for found in (_affiliations(title), _IDEOGRAPH.search(title)) if found]
    sign = min(starts, default=None)
    authors = _authors_start(title if sign is None else title[:sign])
    if sign is not None:
        return sign if authors is None else authors[0]
    if authors is None or (authors[1] < 2 and not title.rstrip().endswith(_TRUNCATION)):
        return None
    return authors[0]


def head_fields(rest: str) -> list[tuple[int, int]]:
    """The fields a run-together head holds after its title (see :func:`title_end`).

    ``rest`` starts where the title should have ended. The fields are the
    author list, the ``[affiliations]``, the Chinese title (after the
    affiliations, or before the authors as the shorter entries write it)
    and, from its first label on, the summary: each as (start, end) offsets
    of ``rest``, in order.
    """
    cuts = {0, len(rest)}
    affiliation = _affiliations(rest)
    bracket = -1
    if affiliation is not None:
        bracket = affiliation.start()
        cuts |= {bracket, affiliation.end(1)}
        authors = _authors_start(rest[:bracket])
        if authors is not None:
            cuts.add(authors[0])
    chinese = _IDEOGRAPH.search(rest)
    # After the affiliations, the Chinese title starts right after them ("GPT-4的…" too).
    if chinese is not None and (bracket < 0 or chinese.start() < bracket):
        cuts.add(chinese.start())
    label = _LABEL_AFTER.search(rest)
    if label is not None:
        cuts.add(label.start())
    ordered = sorted(cuts)
    return [(start, end) for start, end in pairwise(ordered) if rest[start:end].strip()]


def _affiliations(text: str) -> re.Match[str] | None:
    """The first ``[…]`` of ``text`` that can be a run-together head's affiliations, or None.

    It stands where affiliations do (:data:`_HEAD_BRACKET`: last in the
    head's Latin text, but for a link) and names something: its text holds a letter, of any
    script (``[MIT]``, ``[清华大学]``, ``[Stanford University & MIT]``).
    A bracket that cannot be one stays in the title: a footnote's reference
    (``[^1]``), a citation's numbers (``[1]``, ``[2, 3]``), a Markdown link's
    text (``[x](…)``; but ``[x](2022)`` reads as affiliations and their
    year, as on a line of its own) or any bracket with more of the title
    after it (``[Re] …``).
    """
    opening = _OPENING.search(text)
    while opening is not None:
        found = _HEAD_BRACKET.match(text, opening.start())
        names = "" if found is None else found.group(2).lstrip()
        if _LETTER.search(names) and not names.startswith("^"):
            return found
        opening = _OPENING.search(text, opening.start() + 1)
    return None


def _authors_start(text: str) -> tuple[int, int] | None:
    """Where the list of authors' names that ends ``text`` starts, and how many names it has.

    The first name is the words before the list's first comma back to the
    initials before its surname: the title's words stay in the title. None
    when ``text`` ends with no name.
    """
    body = text.rstrip()
    for mark in _TRUNCATION:
        if body.endswith(mark):
            body = body[: -len(mark)].rstrip()
            break
    pieces = []
    start = 0
    for comma in _COMMAS.finditer(body):
        pieces.append((start, body[start : comma.start()]))
        start = comma.end()
    pieces.append((start, body[start:]))
    first = len(pieces) - 1
    while first > 0 and _is_name(pieces[first][1]):
        first -= 1
    start, piece = pieces[first]
    tail = _name_tail(piece)
    return None if tail is None else (start + tail, len(pieces) - first)


def _is_name(written: str) -> bool:
    found = author_list(written)
    return found is not None and len(found[0]) == 1


def _name_tail(piece: str) -> int | None:
    """Where the name that ends ``piece`` starts (its first initial); None without initials."""
    # The last four words are all a name can use: found from the end, however long the piece.
    words: list[tuple[int, str]] = []
    end = len(piece)
    for word in reversed(piece.rsplit(maxsplit=4)[-4:]):
        end = piece.rindex(word, 0, end)
        words.insert(0, (end, word))
    if not words or not words[-1][1][0].isupper() or not _NAME_WORD.fullmatch(words[-1][1]):
        return None
    start = None
    # Initials, and particles between them and the surname ("F D l Torre").
    for at, word in reversed(words[-4:-1]):
        if _INITIAL.fullmatch(word):
            start = at
        elif not _PARTICLE.fullmatch(word):
            break
    return start
