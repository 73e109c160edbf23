"""Headings in Chinese ("另外几篇值得关注的论文:"), marked as Chinese as a digest's other Chinese text is.

The converter marks each block of Chinese it writes (``language-zh-Hans``,
which the HTML writer turns into ``lang``) so that readers' browsers set
it in Chinese faces; a MyST heading cannot carry a class, so a heading
whose words are all Chinese gets it here, as the page is read, and so does
its line in the page's table of contents.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from docutils import nodes
from sphinx.application import Sphinx

from ...render.contract import CHINESE_CLASS
from ...text.shapes import has_ideograph

_LATIN = re.compile("[A-Za-z]")


def setup(app: Sphinx) -> None:
    app.connect("doctree-read", _mark_chinese_headings)
    # After Sphinx's own handler (priority 500) has made the page's contents from its headings.
    app.connect("doctree-read", _mark_chinese_contents, priority=600)


def _mark_chinese_headings(app: Sphinx, doctree: nodes.document) -> None:
    _mark(doctree.findall(nodes.title))


def _mark_chinese_contents(app: Sphinx, doctree: nodes.document) -> None:
    """The same headings in the page's table of contents ("On this page"), which copies their text only."""
    contents = app.env.tocs.get(app.env.docname)
    if contents is not None:
        _mark(contents.findall(nodes.reference))


def _mark(elements: Iterable[nodes.Element]) -> None:
    for element in elements:
        text = element.astext()
        if has_ideograph(text) and not _LATIN.search(text) and CHINESE_CLASS not in element["classes"]:
            element["classes"].append(CHINESE_CLASS)
