"""The HTML writer, with the one thing Sphinx's lacks for screen readers: a level for every heading role.

Sphinx writes a toctree's caption as ``<p class="caption" role="heading">``
with no ``aria-level``, which WAI-ARIA 1.2 requires (axe-core's
``aria-required-attr``, sphinx-doc/sphinx#14030). This writer adds level 2,
the one ARIA 1.1 implied, as pydata-sphinx-theme's does.
"""

from __future__ import annotations

from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.writers.html5 import HTML5Translator


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
