"""Spot raw text that looks like markup.

A digest's text is data: the converter escapes it and the page shows it as
written, whatever it holds. Text that *looks* like HTML, Markdown, MyST, reST
or LaTeX is still worth a reviewer's eye, since it rarely belongs in a paper
digest and may be an attempt at injection; the parser records every such spot
(:class:`~digest_archive.model.Markup`) and ``digest lint`` reports it
(DA206).

One alternation, scanned once per line; every branch is linear (no nested
quantifiers, and the line-start ones anchored), so a pathological line cannot
make it backtrack (``tests/test_linear_time.py``).
"""

from __future__ import annotations

import re
from itertools import islice

#: Markup that can only start a line: matched once, at the line's start.
_LINE_START: tuple[tuple[str, str], ...] = (
    ("a MyST target", r"\([\w.:-]{1,80}\)=\s*$"),
    ("a Markdown heading", r"#{1,6}\s"),
    ("a Markdown quote", r">\s"),
    ("a Markdown table row", r"\|.*\|\s*$"),
    ("a front-matter fence", r"---\s*$"),
    ("a comment line", r"%"),
    ("a reST directive", r"\.\.\s+[\w:-]{1,40}::"),
)

#: Markup anywhere in a line. Every branch starts with one of _STARTS: the
#: scan jumps from one such character to the next and tries the branches
#: only there (Python's regex engine would try every branch at every position).
_INLINE: tuple[tuple[str, str], ...] = (
    (
        "an HTML tag",
        r"</?\s*(?i:script|iframe|object|embed|img|svg|style|link|meta|form|input|base|a)\b[^>]{0,200}>?",
    ),
    ("an HTML comment", r"<!--"),
    ("a MyST fence", r"```|~~~|:::"),
    ("a reST role", r":[a-z][\w:-]{0,40}:`"),
    ("a MyST role", r"\{[a-z][\w:.-]{0,40}\}`"),
    ("a substitution", r"\{\{"),
    ("display math", r"\$\$"),
    ("a Markdown link", r"!?\[[^\[\]\n]{0,200}\]\([^()\n]{0,200}\)"),
    (
        "a LaTeX command",
        r"\\(?:input|include|write18|immediate|openin|openout|read|def|let|csname|catcode"
        r"|end|begin|usepackage|documentclass)\b",
    ),
)


def _alternation(patterns: tuple[tuple[str, str], ...]) -> re.Pattern[str]:
    return re.compile("|".join(f"(?P<p{index}>{pattern})" for index, (_, pattern) in enumerate(patterns)))


_LINE_START_RE = re.compile(r"\A\s*+(?:" + _alternation(_LINE_START).pattern + ")")
#: The first characters of _LINE_START's patterns: other lines need no match.
_LINE_STARTERS = frozenset("(#>|-%.")
_INLINE_RE = _alternation(_INLINE)
_STARTS = re.compile(r"[<`~:{$!\[\\]")
_SCRIPT_URL = re.compile(r"(?i:javascript|vbscript)\s*+:")
# An attribute that runs script, as an HTML attribute breaking out of quotes would carry it.
_EVENT_ATTRIBUTE = re.compile(r"(?<![\w-])(?i:on[a-z]{3,30})\s*+=")
#: Markup found by a word, looked for only in lines that hold its punctuation and word.
_WORDS = (
    (":", "script", _SCRIPT_URL, "a script URL"),
    ("=", "on", _EVENT_ATTRIBUTE, "an HTML event attribute"),
)


def find_markup(line: str, limit: int = 1 << 30) -> list[tuple[int, str, str]]:
    """The first ``limit`` spots of ``line`` that look like markup: (1-based column, text, syntax)."""
    found = []
    if line.lstrip()[:1] in _LINE_STARTERS and (match := _LINE_START_RE.match(line)):
        group = match.lastgroup or ""
        found.append((match.start(group) + 1, match.group(group).strip(), _LINE_START[int(group[1:])][0]))
    position = 0
    while len(found) < limit and (start := _STARTS.search(line, position)):
        match = _INLINE_RE.match(line, start.start())
        if match is None:
            position = start.start() + 1
            continue
        found.append((match.start() + 1, match.group(), _INLINE[int((match.lastgroup or "")[1:])][0]))
        position = max(match.end(), start.start() + 1)
    for punctuation, word, pattern, syntax in _WORDS:
        if punctuation in line and word in line.lower():
            matches = islice(pattern.finditer(line), limit)
            found += [(match.start() + 1, match.group(), syntax) for match in matches]
    return sorted(found)[:limit]
