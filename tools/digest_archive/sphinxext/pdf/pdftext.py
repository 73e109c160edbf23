"""The PDF's text: every character a digest gives is printed, visibly, and every name is indexed whole.

Digests are text from strangers' pull requests, and three things in them
did not survive Sphinx's LaTeX writer:

* A control character (C0 and C1 but tab and newline, and DEL) is "an
  invalid character" to XeTeX, which stopped the build. :func:`latex_text`
  prints each as a visible, ASCII ``[U+0001]``, as the XML writers replace
  them, whatever lint lets through.
* A character in none of the PDF's fonts (an emoji, a private-use one)
  vanished, XeTeX only logging "Missing character". What every face of
  FreeFont holds (:data:`FREEFONT`: Latin, basic Greek and Cyrillic,
  punctuation) and what xeCJK sets in Noto CJK (:data:`XECJK`) is printed
  as it is; any other character goes through the preamble's
  ``\\DigestChar``, which prints it in the current font if that has it,
  else in Symbola (Debian's ``fonts-symbola``), else as ``[U+XXXX]``,
  counted. TeX's ``\\iffontchar`` tests it where it is typeset (headings
  are bold sans, code typewriter). A private-use character means nothing
  outside its private agreement: it is always marked (``\\DigestMissing``).
  At the end of each volume a LaTeX warning gives the count and the code
  points, in latexmk's output (a Sphinx warning would fail the ``-W``
  build). Both macros are robust and give PDF bookmarks the character or
  its mark, so headings, the contents, running heads and the index carry
  them too.
* Sphinx's ``single`` index entries are split into levels at ``;``, which
  nothing escapes, so a paper filed under "Semi;Colon Lab" was indexed
  under "Semi". A :class:`name_index` node holds a paper's (name, title)
  pairs instead, and its LaTeX visitor writes what Sphinx's
  ``visit_index`` writes for a two-level entry: an ``@`` sort key and
  ``\\spxentry``/``\\spxextra`` per level, xindy's ``! @ " |`` and
  escaped braces quoted as it quotes them. The sort key is the text
  without the writer's macros, so a name sorts by its letters. A node
  rather than a look-alike for ";" (which would change the name) or raw
  LaTeX (which could not print through the writer's ``encode``). It is
  only made when the LaTeX builder writes a page (the HTML has no
  general index).

The marks are made in the writer's ``escape``, which Sphinx's ``encode``
calls, and which titles, the document's title and index entries go
through too; highlighted code, which Pygments escapes instead, is marked
by :class:`Highlighter`.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.builders import Builder
from sphinx.builders.latex.theming import Theme
from sphinx.highlighting import PygmentsBridge
from sphinx.util import texescape
from sphinx.writers.latex import EXTRA_RE

from ...text.characters import CONTROL
from .volumes import VolumeTranslator

#: Ranges every face of FreeFont (Sphinx's Latin fonts for XeLaTeX) holds:
#: Latin-1, Latin Extended-A, modifier letters and combining marks, basic
#: Greek and Cyrillic, Latin Extended Additional, general punctuation, €, ™
#: and U+FFFD. Conservative: any other character is tested in its font.
FREEFONT = (
    (0x00A0, 0x017F),
    (0x02B0, 0x036F),
    (0x0384, 0x038A),
    (0x038C, 0x038C),
    (0x038E, 0x03A1),
    (0x03A3, 0x03CE),
    (0x0400, 0x045F),
    (0x1E00, 0x1E9B),
    (0x1EA0, 0x1EF9),
    (0x2000, 0x2064),
    (0x20AC, 0x20AC),
    (0x2122, 0x2122),
    (0xFFFD, 0xFFFD),
)
#: What xeCJK (TeX Live 2022's xeCJK.sty) sets in the CJK font: its classes
#: CJK, CM and HangulJamo, and its full-width punctuation outside them (what
#: of it lies in :data:`FREEFONT` is left there). A character of these must
#: not be tested in the Latin font: xeCJK switches fonts only as it is typeset.
XECJK = (
    (0x02EA, 0x02EB),
    (0x1100, 0x11FF),
    (0x2E3A, 0x2E3A),
    (0x2E80, 0x2FDF),
    (0x2FF0, 0xA4CF),
    (0xA960, 0xA97F),
    (0xAC00, 0xD7FF),
    (0xF900, 0xFAFF),
    (0xFE00, 0xFE1F),
    (0xFE30, 0xFE50),
    (0xFE52, 0xFE52),
    (0xFE54, 0xFE57),
    (0xFE59, 0xFE5E),
    (0xFE69, 0xFE6A),
    (0xFF00, 0xFFEF),
    (0x16FE0, 0x18D7F),
    (0x1AFF0, 0x1B2FF),
    (0x1F200, 0x1F2FF),
    (0x20000, 0x2A6DF),
    (0x2A700, 0x2EBEF),
    (0x2F800, 0x2FA1F),
    (0x30000, 0x3134F),
    (0xE0100, 0xE01EF),
)


#: An escaping function: Sphinx's, the writer's, or none.
Escape = Callable[[str], str]


def _ranges(ranges: Iterable[tuple[int, int]]) -> str:
    return "".join(f"{re.escape(chr(low))}-{re.escape(chr(high))}" for low, high in ranges)


# Sphinx's escaping already gives a handful of non-ASCII characters TeX's own
# form (✓ as \checkmark, U+FEFF as nothing): those keep it.
_SPHINX_MAPPED = "".join(re.escape(char) for char, _ in texescape.tex_replacements if not char.isascii())
#: What is printed as it is: tab, newline, printable ASCII and the ranges above.
_SPECIAL = re.compile(rf"[^\t\n\x20-\x7e{_ranges(FREEFONT)}{_ranges(XECJK)}{_SPHINX_MAPPED}]")


def mark(char: str) -> str:
    """The visible stand-in for ``char``: ``[U+0001]``."""
    return f"[U+{ord(char):04X}]"


def visible_controls(text: str) -> str:
    """``text`` with each control character but tab and newline as its :func:`mark`."""
    return CONTROL.sub(lambda found: mark(found.group()), text)


def latex_text(text: str, escape: Escape) -> str:
    """``text`` as LaTeX: ``escape`` (Sphinx's) for the rest, and every character the PDF may lack marked.

    Controls become their :func:`mark`, escaped; private-use characters (and
    lone surrogates, which no file could carry) ``\\DigestMissing{HEX}``;
    other characters outside the fonts' known ranges ``\\DigestChar{HEX}{c}``.
    """
    out: list[str] = []
    start = 0
    for found in _SPECIAL.finditer(text):
        char = found.group()
        out.append(escape(text[start : found.start()]))
        start = found.end()
        code = f"{ord(char):04X}"
        if CONTROL.match(char):
            out.append(escape(mark(char)))
        elif unicodedata.category(char) in ("Co", "Cs"):
            out.append(rf"\DigestMissing{{{code}}}")
        else:
            out.append(rf"\DigestChar{{{code}}}{{{char}}}")
    out.append(escape(text[start:]))
    return "".join(out)


def verbatim_text(code: str) -> str:
    """Pygments' LaTeX for a code block, its characters marked as :func:`latex_text` marks them.

    Pygments has escaped what its ``Verbatim`` takes for commands; brackets
    and the macros' braces mean what they do in the text. Controls must be
    marked before Pygments sees them: it takes U+0000-U+0002 for its own
    escapes (a U+0001 came out as "{").
    """
    return latex_text(code, str)


#: The preamble's macros that :func:`latex_text`'s marks call.
PREAMBLE = r"""
% digest_archive.sphinxext.pdf.pdftext: characters the fonts may lack.
\makeatletter
% Symbols and emoji (Debian's fonts-symbola): the same face in every shape.
\newfontfamily\DigestFallbackFont{Symbola}[BoldFont=Symbola, ItalicFont=Symbola,
  BoldItalicFont=Symbola, SlantedFont=Symbola, BoldSlantedFont=Symbola]
\newcount\Digest@missing
\def\Digest@codes{}
% \DigestChar{HEX}{c}: c in the current font, else in Symbola, else as
% [U+HEX], counted. \relax first: XeTeX ends xeCJK's switch to the CJK font
% at the first non-character, and \font must be the text's when tested.
\DeclareRobustCommand\DigestChar[2]{\relax
  \iffontchar\font"#1\relax #2%
  \else
    \begingroup\DigestFallbackFont
    \iffontchar\font"#1\relax #2\endgroup
    \else \endgroup\DigestMissing{#1}%
    \fi
  \fi}
% \DigestMissing{HEX}: [U+HEX], counted, each code point listed once.
\DeclareRobustCommand\DigestMissing[1]{%
  {[}U+#1{]}%
  \global\advance\Digest@missing\@ne
  \ifcsname Digest@seen@#1\endcsname\else
    \expandafter\global\expandafter\let\csname Digest@seen@#1\endcsname\@empty
    \xdef\Digest@codes{\Digest@codes\space U+#1}%
  \fi}
\pdfstringdefDisableCommands{\def\DigestChar#1#2{#2}\def\DigestMissing#1{[U+#1]}}
\AtEndDocument{\ifnum\Digest@missing>\z@
  \PackageWarningNoLine{digest-archive}{Characters in none of the PDF's
    fonts were printed as [U+XXXX] \the\Digest@missing\space times:\Digest@codes}%
  \fi}
\makeatother
"""


class Highlighter(PygmentsBridge):
    """Sphinx's Pygments bridge, whose LaTeX marks characters as the text's.

    Controls are marked in the source (:func:`visible_controls`), the rest in
    the LaTeX (:func:`verbatim_text`).
    """

    def highlight_block(
        self,
        source: str,
        lang: str,
        opts: dict[str, Any] | None = None,
        force: bool = False,
        location: Any = None,
        **kwargs: Any,
    ) -> str:
        source = visible_controls(source)
        return verbatim_text(super().highlight_block(source, lang, opts, force, location, **kwargs))


class ArchiveLaTeXTranslator(VolumeTranslator):
    """The archive's LaTeX writer: a volume's title page, and characters printed visibly."""

    def __init__(self, document: nodes.document, builder: Builder, theme: Theme) -> None:
        super().__init__(document, builder, theme)
        self.elements["preamble"] += PREAMBLE
        self.highlighter = Highlighter(
            "latex", self.config.pygments_style, latex_engine=self.config.latex_engine
        )

    def escape(self, s: str) -> str:
        # Sphinx's encode, titles and index entries all escape through here.
        return latex_text(s, super().escape)


class name_index(nodes.Invisible, nodes.Inline, nodes.Element):  # docutils names node classes in lower case
    """A paper's entries in the PDF's index: ``entries``, pairs of a name and the title under it."""


def index_command(name: str, title: str, encode: Escape, sort_escape: Escape) -> str:
    """``\\index{…}`` for ``title`` under ``name``, as Sphinx's ``visit_index`` writes a two-level entry.

    ``encode`` is the writer's (what is printed), ``sort_escape`` Sphinx's
    plain escaping (the sort key, whose TeX escapes sphinx.xdy undoes).
    """
    levels = (_index_level(text, encode, sort_escape) for text in (name, title))
    return rf"\index{{{'!'.join(levels)}}}"


def _index_level(text: str, encode: Escape, sort_escape: Escape) -> str:
    key = _index_quote(sort_escape(visible_controls(text)))
    shown = _index_quote(encode(text))
    extra = EXTRA_RE.match(shown)
    styled = extra.expand(r"\\spxentry{\1}\\spxextra{\2}") if extra else rf"\spxentry{{{shown}}}"
    return f"{key}@{styled}"


def _index_quote(value: str) -> str:
    """``value`` with xindy's specials quoted and escaped braces made macros, as ``visit_index`` does."""
    value = value.replace(r"\{", r"\sphinxleftcurlybrace{}").replace(r"\}", r"\sphinxrightcurlybrace{}")
    value = value.replace('"', '""').replace("@", '"@').replace("!", '"!')
    return value.replace("|", r"\textbar{}")


def visit_name_index_latex(translator: ArchiveLaTeXTranslator, node: name_index) -> None:
    engine = translator.config.latex_engine

    def sort_escape(text: str) -> str:
        return texescape.escape(text, engine)

    for name, title in node["entries"]:
        translator.body.append(index_command(name, title, translator.encode, sort_escape))
    raise nodes.SkipNode


def setup(app: Sphinx) -> None:
    app.add_node(name_index, latex=(visit_name_index_latex, None))
    # Extends the volumes' writer, registered before.
    app.set_translator("latex", ArchiveLaTeXTranslator, override=True)
