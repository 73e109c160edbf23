"""Headings in Chinese ("另外几篇值得关注的论文:"), marked as Chinese as a digest's other Chinese text is.

The converter marks each block of Chinese it writes (``language-zh-Hans``,
which the HTML writer turns into ``lang``) so that readers' browsers set
it in Chinese faces; a MyST heading cannot carry a class, so a heading
whose words are all Chinese gets it here, as the page is read.
"""

from __future__ import annotations

import re

from docutils import nodes
from sphinx.application import Sphinx

from ..render.digest import CHINESE_CLASS

_HAN = re.compile("[\u3400-\u9fff\uf900-\ufaff]")
_LATIN = re.compile("[A-Za-z]")


def setup(app: Sphinx) -> None:
    app.connect("doctree-read", _mark_chinese_headings)


def _mark_chinese_headings(app: Sphinx, doctree: nodes.document) -> None:
    for title in doctree.findall(nodes.title):
        text = title.astext()
        if _HAN.search(text) and not _LATIN.search(text) and CHINESE_CLASS not in title["classes"]:
            title["classes"].append(CHINESE_CLASS)
