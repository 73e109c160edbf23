"""The HTML writer: what it adds for keyboards and screen readers, on a real build."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from sphinx.application import Sphinx
from sphinx.util.docutils import docutils_namespace
from sphinx.writers.html5 import HTML5Translator

from digest_archive.render.escaping import SPECIAL, escape, single_quoted

SOURCE = """\
Code
====

.. code-block:: python

   x = "<pre>" * 3

::

   plain <pre> text, as a literal block without a language
"""


def _build(tmp_path: Path) -> str:
    (tmp_path / "conf.py").write_text("extensions = ['digest_archive.sphinxext.writer']\n", encoding="utf-8")
    (tmp_path / "index.rst").write_text(SOURCE, encoding="utf-8")
    # Its own registry of directives and roles: docutils' is the process's.
    with docutils_namespace():
        app = Sphinx(tmp_path, tmp_path, tmp_path / "_build", tmp_path / "_doctrees", "html", status=None)
        app.build()
    return (tmp_path / "_build" / "index.html").read_text(encoding="utf-8")


def test_every_code_block_takes_the_keyboards_focus_and_its_text_stays_text(tmp_path: Path) -> None:
    page = _build(tmp_path)
    assert re.findall(r"<pre\b[^>]*>", page) == ['<pre tabindex="0">', '<pre tabindex="0">']
    # The "<pre>" inside the code is the code's text, read as written.
    texts = [pre.get_text() for pre in BeautifulSoup(page, "html.parser").find_all("pre")]
    assert ['x = "<pre>" * 3' in texts[0], "plain <pre> text" in texts[1]] == [True, True]


def test_the_one_escaping_helper_escapes_as_the_writer_does() -> None:
    # Hand-written HTML (render.escaping, free of Sphinx) and the writer's own must not differ.
    assert HTML5Translator.special_characters == SPECIAL
    assert escape('a\t"<&>@\nb') == "a &quot;&lt;&amp;&gt;&#64; b"
    assert escape("a\nb", attribute=False) == "a\nb"


@pytest.mark.parametrize(
    "value",
    [
        '{"title":"It\'s a \\"test\\""}',
        "' onmouseover='alert(1)",
        "'><script>alert(1)</script>",
        "a\tb\nc &amp; @ \"'",
    ],
)
def test_a_single_quoted_value_reads_back_as_written_and_cannot_close_its_quotes(value: str) -> None:
    quoted = single_quoted(value)
    assert quoted.startswith("'") and quoted.endswith("'") and "'" not in quoted[1:-1]
    assert "<" not in quoted and ">" not in quoted
    (tag,) = BeautifulSoup(f"<button data-x={quoted} hidden>b</button>", "html.parser").find_all("button")
    # Blanks as spaces, as in any attribute; everything else as written, no attribute more.
    assert tag["data-x"] == re.sub(r"[\n\r\t\v\f]", " ", value)
    assert set(tag.attrs) == {"data-x", "hidden"}
    # A JSON record's quotes cost a byte each, not six.
    assert single_quoted('{"a":"b"}') == '\'{"a":"b"}\''
