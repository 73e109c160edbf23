"""The HTML writer, with what Sphinx's lacks for screen readers and keyboards.

Sphinx writes a toctree's caption as ``<p class="caption" role="heading">``
with no ``aria-level``, which WAI-ARIA 1.2 requires (axe-core's
``aria-required-attr``, sphinx-doc/sphinx#14030). This writer adds level 2,
the one ARIA 1.1 implied, as pydata-sphinx-theme's does.

A code block wider than the page (a BibTeX entry, a lint rule's example)
scrolls sideways, which a keyboard can do only in an element that takes
focus (WCAG 2.1.1; axe-core's ``scrollable-region-focusable``): Pygments'
formatter writes its ``<pre>`` with ``tabindex="0"`` (:class:`FocusableFormatter`),
where pydata-sphinx-theme adds it by script.

HTML written outside a translator (a forwarding page, a ``<link>`` in a
page's head, a theme's title) escapes every text and attribute with
:func:`digest_archive.render.escaping.escape`, the one helper for it, which
escapes as this translator's ``encode`` and ``attval`` do.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from docutils import nodes
from pygments.formatters import HtmlFormatter
from sphinx.application import Sphinx
from sphinx.writers.html5 import HTML5Translator


def setup(app: Sphinx) -> None:
    for builder in ("html", "dirhtml"):
        app.set_translator(builder, ArchiveHTMLTranslator)
    app.connect("builder-inited", _focusable_code)


class FocusableFormatter(HtmlFormatter):  # type: ignore[type-arg]
    """Pygments' HTML formatter, its ``<pre>`` able to take the keyboard's focus."""

    def wrap(self, source: Iterator[tuple[int, str]]) -> Iterator[tuple[int, str]]:
        for kind, piece in super().wrap(source):
            # Kind 0 is the formatter's own markup, never the code's text.
            if kind == 0 and piece.startswith("<pre"):
                piece = '<pre tabindex="0"' + piece.removeprefix("<pre")
            yield kind, piece


def _focusable_code(app: Sphinx) -> None:
    """This build's highlighters (light and dark) write with :class:`FocusableFormatter`."""
    for name in ("highlighter", "dark_highlighter"):
        highlighter = getattr(app.builder, name, None)
        if highlighter is not None and highlighter.dest == "html":
            highlighter.formatter = FocusableFormatter


class ArchiveHTMLTranslator(HTML5Translator):
    def starttag(
        self, node: nodes.Element, tagname: str, suffix: str = "\n", empty: bool = False, **attributes: Any
    ) -> str:
        if str(attributes.get("ROLE", attributes.get("role", ""))) == "heading":
            attributes.setdefault("aria-level", "2")
        return super().starttag(node, tagname, suffix, empty, **attributes)
