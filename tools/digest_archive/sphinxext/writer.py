"""The HTML writer, with what Sphinx's lacks for screen readers and keyboards.

Sphinx writes a toctree's caption as ``<p class="caption" role="heading">``
with no ``aria-level``, which WAI-ARIA 1.2 requires (axe-core's
``aria-required-attr``, sphinx-doc/sphinx#14030). This writer adds level 2,
the one ARIA 1.1 implied, as pydata-sphinx-theme's does.

A code block wider than the page (a BibTeX entry, a lint rule's example)
scrolls sideways, which a keyboard can do only in an element that takes
focus (WCAG 2.1.1; axe-core's ``scrollable-region-focusable``): its
``<pre>`` is given ``tabindex="0"``, as pydata-sphinx-theme gives it by script.

HTML written outside a translator (a forwarding page, a ``<link>`` in a
page's head, a theme's title) escapes every text and attribute with
:func:`escape`, the one helper for it; inside a translator, its ``encode``
and ``attval`` do.
"""

from __future__ import annotations

import html
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.writers.html5 import HTML5Translator


def escape(value: str) -> str:
    """``value`` as HTML text or a double-quoted attribute value: ``& < > " '`` escaped."""
    return html.escape(value, quote=True)


def setup(app: Sphinx) -> None:
    for builder in ("html", "dirhtml"):
        app.set_translator(builder, ArchiveHTMLTranslator)


class ArchiveHTMLTranslator(HTML5Translator):
    def starttag(
        self, node: nodes.Element, tagname: str, suffix: str = "\n", empty: bool = False, **attributes: Any
    ) -> str:
        if str(attributes.get("ROLE", attributes.get("role", ""))) == "heading":
            attributes.setdefault("aria-level", "2")
        return super().starttag(node, tagname, suffix, empty, **attributes)

    def visit_literal_block(self, node: nodes.Element) -> None:
        try:
            super().visit_literal_block(node)
        except nodes.SkipNode:
            # Sphinx wrote the block whole, Pygments' <div class="highlight"><pre> first:
            # the text inside is escaped, so the first "<pre>" is the block's own.
            self.body[-1] = self.body[-1].replace("<pre>", '<pre tabindex="0">', 1)
            raise
