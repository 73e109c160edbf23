"""Let the PDF break lines inside over-long runs of characters, which XeTeX cannot survive unbroken.

XeTeX shapes a run of characters in one font with no break in it (a
"word") as a single node of 6 + ⌈n/4⌉ memory words for n UTF-16 code
units. Its ``copy_node_list`` keeps that size in a variable declared
``0..5`` (an ``unsigned char`` in C), so a word of more than 996 code units
is copied into a node of its size modulo 256 words, whose header still
claims the full size: TeX's main memory is corrupted. TeX Live 2022's LaTeX
copies every page in its output routine (``\\unvcopy``, to find its marks),
so such a word anywhere on a page makes xelatex segfault, loop, or stop with nonsense
("This can't happen (vlistout)", "Missing number" at ``\\end{document}``):
in XeTeX 0.999994 (TeX Live 2022), still so in 0.999996. A digest is text
from a pull request, so one long word in a title, an abstract or an
author's name must not be able to do that; and a URL or a chemical name of
a few hundred characters, harmless to XeTeX, still ran off the page, out of
the text ``pdftotext`` reads back.

For the LaTeX builder only, once references are resolved (and the paper
cards expanded into plain nodes), every run of more than :data:`LONG_RUN`
characters without a space gets :class:`run_break` nodes after URL-like
separators, and a stretch of more than :data:`LONG_STRETCH` characters
without one (or a hyphen) is cut into parts of at most :data:`MAX_STRETCH`. A line may
end there, ragged, with nothing added: the printed text, the text
``pdftotext`` reads back and the PDF bookmarks are the digest's characters
exactly, and so is the doctree's text (``astext()``). Chinese text needs
none of this: xeCJK sets every CJK character apart, so CJK characters end
a run.

HTML, and every other builder, never sees these nodes.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from typing import NamedTuple

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.writers.latex import LaTeXTranslator

#: Runs of more than this many characters may break after a separator (see
#: :data:`SEPARATORS`), as URLs do; shorter ones are left alone.
LONG_RUN = 24
#: Stretches without a separator longer than this are cut into parts of at most
#: :data:`MAX_STRETCH`; long English words are shorter, and keep TeX's hyphenation.
LONG_STRETCH = 40
MAX_STRETCH = 20
#: A long run may break after any of these, as URLs and file paths do.
SEPARATORS = frozenset("/\\.,;:?!&=#%+~|_@)]}>")
#: Sphinx prints "-" as \sphinxhyphen, which TeX may break after already
#: (and which ends XeTeX's word): it only ends a stretch.
HYPHEN = "-"
#: A break is never put before a combining mark or a joiner, unless the
#: stretch would otherwise grow past this (a run of nothing but marks).
MAX_UNBROKEN = 100
#: TeX's penalties for a break after a separator and for one between letters
#: (the latter is \hyphenpenalty's default: as dear as hyphenating a word).
SEPARATOR_PENALTY = 0
LETTER_PENALTY = 50

# xeCJK's CJK classes, roughly: these characters are typeset one by one, so
# they end a run. Latin letters mixed in are counted as before.
_CJK = (
    "\u1100-\u11ff"  # Hangul Jamo
    "\u2e80-\u2fdf"  # CJK radicals, Kangxi radicals
    "\u2ff0-\u9fff"  # ideographic description … CJK unified ideographs (incl. punctuation, kana)
    "\ua960-\ua97f\uac00-\ud7ff"  # Hangul
    "\uf900-\ufaff"  # CJK compatibility ideographs
    "\ufe10-\ufe1f\ufe30-\ufe4f"  # vertical forms, CJK compatibility forms
    "\uff00-\uffef"  # half- and full-width forms
    "\U00020000-\U0003ffff"  # supplementary ideographic planes
)
_RUN = re.compile(rf"[^\s{_CJK}]+")

# Whose text the LaTeX writer does not typeset through its Text visitor, or
# prints verbatim; a break node inside would be lost or change their meaning.
_VERBATIM = (nodes.FixedTextElement, nodes.raw, nodes.math, nodes.comment, nodes.substitution_definition)


class Break(NamedTuple):
    """A place a line may end inside a run: an offset into the text, and TeX's penalty for it."""

    offset: int
    penalty: int


class run_break(nodes.Inline, nodes.Element):
    """Where a line may break inside an over-long run of characters (PDF only); ``penalty`` is TeX's."""


def visit_run_break_latex(translator: LaTeXTranslator, node: run_break) -> None:
    # A line that ends here is filled by \hfil, so it stays ragged instead
    # of stretching its spaces; unbroken, \hfil and \hfilneg cancel, and
    # at a break \hfilneg is discarded with it. Primitives only: in an
    # inline literal Sphinx makes "-" and "." active. PDF bookmarks get
    # nothing (hyperref would complain and drop the primitives).
    translator.body.append(rf"\texorpdfstring{{\hfil\penalty{node['penalty']}\hfilneg}}{{}}")
    raise nodes.SkipNode


def break_offsets(text: str) -> list[Break]:
    """Where lines may end in ``text``: inside its runs longer than :data:`LONG_RUN`, in order."""
    breaks: list[Break] = []
    for run in _RUN.finditer(text):
        if len(run.group()) > LONG_RUN:
            breaks += (Break(run.start() + offset, penalty) for offset, penalty in _run_breaks(run.group()))
    return breaks


def _run_breaks(run: str) -> list[Break]:
    ends = SEPARATORS | {HYPHEN}
    # After the last of a group: "https://" breaks after "//", not inside it.
    stretch_ends = [i for i in range(1, len(run)) if run[i - 1] in ends and run[i] not in ends]
    breaks: list[Break] = []
    start = 0
    for end in [*stretch_ends, len(run)]:
        if end - start > LONG_STRETCH:
            # Equal parts, so that none is a stub of a character or two.
            parts = -(-(end - start) // MAX_STRETCH)
            cuts = (start + (end - start) * part // parts for part in range(1, parts))
            breaks += (Break(cut, LETTER_PENALTY) for cut in cuts)
        if end < len(run) and run[end - 1] != HYPHEN:
            breaks.append(Break(end, SEPARATOR_PENALTY))
        start = end
    # A combining mark (or a joiner) belongs with the character before it.
    kept: list[Break] = []
    for found in breaks:
        previous = kept[-1].offset if kept else 0
        if not _joins_previous(run[found.offset]) or found.offset - previous >= MAX_UNBROKEN:
            kept.append(found)
    return kept


def _joins_previous(char: str) -> bool:
    return unicodedata.category(char).startswith("M") or char in "\u200c\u200d"


def _blocks(doctree: nodes.Node) -> Iterator[nodes.TextElement]:
    """The outermost text elements (paragraphs, titles, …) outside verbatim ones."""
    stack = [doctree]
    while stack:
        node = stack.pop()
        if isinstance(node, _VERBATIM):
            continue
        if isinstance(node, nodes.TextElement):
            yield node
            continue
        stack.extend(reversed(node.children))


def _segments(element: nodes.Element) -> Iterator[nodes.Text | None]:
    """The element's text nodes in order; ``None`` where something else ends a run.

    XeTeX joins text across inline elements in one font (``ab{cd}ef`` is one
    word), so runs go on through them; anything the writer turns into other
    material (a label, an index entry, a URL, which url.sty breaks itself)
    ends the run.
    """
    for child in element.children:
        if isinstance(child, nodes.Text):
            yield child
        elif (
            not isinstance(child, nodes.Element)
            or isinstance(child, _VERBATIM)
            or _is_bare_url(child)
            or not child.children
        ):
            yield None
        else:
            yield from _segments(child)


def _is_bare_url(node: nodes.Element) -> bool:
    # The LaTeX writer prints a link whose text is its URL as \sphinxurl{…}.
    return isinstance(node, nodes.reference) and node.get("refuri") == node.astext()


def _break_runs(block: nodes.TextElement) -> None:
    texts: list[tuple[nodes.Text, int]] = []
    flat: list[str] = []
    length = 0
    for segment in _segments(block):
        value = " " if segment is None else segment.astext()
        if segment is not None:
            texts.append((segment, length))
        flat.append(value)
        length += len(value)
    breaks = break_offsets("".join(flat))
    if not breaks:
        return
    for text, start in texts:
        end = start + len(text.astext())
        inside = [Break(offset - start, penalty) for offset, penalty in breaks if start < offset < end]
        if inside:
            _split(text, inside)


def _split(text: nodes.Text, breaks: list[Break]) -> None:
    value = text.astext()
    pieces: list[nodes.Node] = []
    start = 0
    for found in breaks:
        pieces += [nodes.Text(value[start : found.offset]), run_break(penalty=found.penalty)]
        start = found.offset
    pieces.append(nodes.Text(value[start:]))
    parent = text.parent
    # By identity: Text is a str, and Element.index would find an equal sibling.
    position = next(index for index, child in enumerate(parent.children) if child is text)
    parent[position : position + 1] = pieces


def break_long_runs(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """Add :class:`run_break` nodes to the long runs of a doctree the LaTeX builder writes."""
    if app.builder.format != "latex":
        return
    for block in list(_blocks(doctree)):
        _break_runs(block)


def setup(app: Sphinx) -> None:
    app.add_node(run_break, latex=(visit_run_break_latex, None))
    # After the paper cards are expanded (at priority 600): their
    # authors and citation key are text the PDF prints too.
    app.connect("doctree-resolved", break_long_runs, priority=800)
