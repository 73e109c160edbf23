"""Spot raw text that looks like markup.

A digest's text is data: the converter escapes it and the page shows it as
written, whatever it holds. Text that *looks* like HTML, Markdown, MyST, reST
or LaTeX is still worth a reviewer's eye, since it rarely belongs in a paper
digest and may be an attempt at injection; the parser records every such spot
(:class:`~digest_archive.model.Markup`) and ``digest lint`` reports it
(DA206).

One alternation, scanned once per line; every branch is linear (no nested
quantifiers), so a pathological line cannot make it backtrack.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

#: (syntax, pattern) pairs; the syntax names what the text looks like.
_PATTERNS: tuple[tuple[str, str], ...] = (
    (
        "an HTML tag",
        r"</?\s*(?:script|iframe|object|embed|img|svg|style|link|meta|form|input|base|a)\b[^>]{0,200}>?",
    ),
    ("an HTML comment", r"<!--"),
    ("a script URL", r"\b(?:javascript|vbscript)\s*:"),
    ("a MyST fence", r"```|~~~|:::"),
    ("a MyST role", r"\{[a-z][\w:.-]{0,40}\}`"),
    ("a MyST target", r"^\s*\([\w.:-]{1,80}\)=\s*$"),
    ("a substitution", r"\{\{"),
    ("display math", r"\$\$"),
    ("a Markdown heading", r"^\s*#{1,6}\s"),
    ("a Markdown quote", r"^\s*>\s"),
    ("a Markdown table row", r"^\s*\|[^\n]*\|\s*$"),
    ("a Markdown link", r"!?\[[^\[\]\n]{0,200}\]\([^()\n]{0,200}\)"),
    ("a front-matter fence", r"^\s*---\s*$"),
    ("a comment line", r"^\s*%"),
    ("a reST directive", r"^\s*\.\.\s+[\w:-]{1,40}::"),
    ("a reST role", r":[a-z][\w:-]{0,40}:`"),
    (
        "a LaTeX command",
        r"\\(?:input|include|write18|immediate|openin|openout|read|def|let|csname|catcode"
        r"|end|begin|usepackage|documentclass)\b",
    ),
)

_ALTERNATION = re.compile(
    "|".join(f"(?P<p{index}>{pattern})" for index, (_, pattern) in enumerate(_PATTERNS)),
    re.IGNORECASE,
)


def find_markup(line: str) -> Iterator[tuple[int, str, str]]:
    """Every spot of ``line`` that looks like markup: (1-based column, text, syntax)."""
    for match in _ALTERNATION.finditer(line):
        index = int(match.lastgroup.removeprefix("p"))  # type: ignore[union-attr]
        text = match.group()
        # Anchored branches match the line's indentation too; point past it.
        indent = len(text) - len(text.lstrip())
        yield match.start() + indent + 1, text.strip(), _PATTERNS[index][0]
