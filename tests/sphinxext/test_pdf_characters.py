"""Characters the PDF cannot carry as they are: controls, glyphs no font has, xindy's and LaTeX's specials.

A digest is text from a pull request: whatever it holds, ``make latexpdf``
must print it, visibly (``[U+0001]`` where a character cannot be drawn)
and say so, and index every name whole.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from fontTools.ttLib import TTFont
from sphinx.util import texescape

from digest_archive.sphinxext.pdf.pdftext import (
    FREEFONT,
    Highlighter,
    index_command,
    latex_text,
    verbatim_text,
)
from support.pdf import index_of, latexpdf, project_with, text_of

# What Sphinx's LaTeX builder does as it starts: Sphinx's escaping maps are empty before.
texescape.init()

CONTROLS = "\x01\x7f\x85"
#: How the PDF shows them: U+0085 is whitespace to Python, so the parser
#: has made it a space in every field (each is written on one line).
SHOWN = "[U+0001][U+007F] "
SPECIALS = 'Odd;!@"|{}\\^~%#$_ Lab'
#: A digest in the labelled layout (2023 on) with controls in its title, an
#: affiliation, a labelled part and the abstract, an emoji, a private-use
#: character, and affiliations that Sphinx's index entries and xindy split.
DIGEST = f"""CL - 计算与语言 LG - 机器学习 (*表示值得重点关注)

1、[CL] Title{CONTROLS}Marks; Fire 🔥 & a Private \ue000 Sign
A Author, B Other
[Ctrl{CONTROLS}Lab & Semi;Colon Lab & {SPECIALS}]
用树搜索学习规划的示例模型🔥
要点:
提出一种示例框架，把规划和推理结合起来。
在三个基准上的实验展示了它的通用性。
动机：现有{CONTROLS}方法的行为过于简单，难以部署。
方法：在候选步骤上做树搜索，并用外部反馈打分。
优势：在多个领域上都优于基线。

一句话总结：一个用树搜索结合规划与推理的示例框架。

Large language models{CONTROLS} have shown remarkable skill at planning with trees of thought 🔥.
https://arxiv.org/abs/2310.00001
"""
#: The test project's lint configuration, beside its conf.py, where the
#: build's lint reads it: lint's rule against control characters (DA114) is
#: ignored, as a project may, and the writer must cope on its own with what
#: a project lets through.
LINT_CONFIG = '[tool.digest.lint]\nignore = ["DA114"]\n'


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """The project of :data:`DIGEST` alone, its PDF built (it must build): the project, latexmk's output."""
    project = project_with(tmp_path_factory.mktemp("characters"), "2023-10-05", DIGEST)
    (project / "pyproject.toml").write_text(LINT_CONFIG, encoding="utf-8")
    result = latexpdf(project)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    return project, result.stdout + result.stderr


@pytest.fixture(scope="module")
def volume(built: tuple[Path, str]) -> str:
    return text_of(built[0] / "_build/latex/digest-archive-2023.pdf")


@pytest.mark.slow  # builds a PDF with XeLaTeX
def test_controls_are_printed_as_code_points(volume: str) -> None:
    text = " ".join(volume.split())
    assert f"Title{SHOWN}Marks;" in text
    assert f"Ctrl{SHOWN}Lab" in text
    assert f"models{SHOWN}have" in text
    # xeCJK spaces Latin text from Chinese.
    assert f"现有 {SHOWN}方法" in text
    # None reached the PDF (pdftotext ends each page with a form feed).
    assert not re.search("[\x00-\x08\x0b\x0d-\x1f\x7f-\x9f]", volume)


@pytest.mark.slow  # builds a PDF with XeLaTeX
def test_an_emoji_is_drawn_and_a_private_character_marked(built: tuple[Path, str], volume: str) -> None:
    text = "".join(volume.split())
    # In the title, the Chinese title and the abstract: Symbola draws it.
    assert text.count("🔥") >= 3
    assert "thought🔥." in text
    assert "Private[U+E000]Sign" in text
    assert "\ue000" not in volume
    project, _ = built
    fonts = (project / "_build/latex/digest-archive-2023.log").read_text(encoding="utf-8", errors="replace")
    assert "Missing character" not in fonts


@pytest.mark.slow  # builds a PDF with XeLaTeX
def test_the_build_counts_what_it_marked(built: tuple[Path, str]) -> None:
    _, output = built
    # TeX breaks its messages into lines of 79 characters, inside words.
    warning = re.search(r"^Package digest-archive Warning: (.*?)\n\n", output, re.MULTILINE | re.DOTALL)
    assert warning is not None, output[-3000:]
    said = warning.group(1).replace("\n", "")
    assert re.fullmatch(
        r"Characters in none of the PDF's fonts were printed as \[U\+XXXX\] \d+ times: U\+E000\.", said
    )


@pytest.mark.slow  # builds a PDF with XeLaTeX
def test_the_index_lists_every_name_whole(volume: str) -> None:
    index = " ".join(index_of(volume).split())
    names = ["Author, A", f"Ctrl{SHOWN}Lab (affiliation)", f"{SPECIALS} (affiliation)"]
    names += ["Other, B", "Semi;Colon Lab (affiliation)"]
    places = [index.find(name) for name in names]
    assert -1 not in places, index
    # In order, each with the title under it and its page.
    assert places == sorted(places), index
    title = f"Title{SHOWN}Marks; Fire 🔥 & a Private [U+E000] Sign"
    assert index.count(title) == len(names), index
    assert len(re.findall(re.escape(title) + r",? \d+", index)) == len(names), index
    # Sphinx's entries put "Colon Lab (affiliation)" under "Semi".
    assert "Semi" not in index_of(volume).splitlines()


@pytest.mark.slow  # builds a PDF with XeLaTeX
def test_bookmarks_carry_the_marks(built: tuple[Path, str]) -> None:
    project, _ = built
    # hyperref writes the bookmarks as UTF-16 in octal escapes: \376\377\000T…
    outline = (project / "_build/latex/digest-archive-2023.out").read_text(encoding="ascii")
    titles = [
        re.sub(rb"\\([0-7]{3})", lambda code: bytes([int(code[1], 8)]), found.encode()).decode("utf-16")
        for found in re.findall(r"\{(\\376\\377[^}]*)\}", outline)
    ]
    assert f"1. Title{SHOWN}Marks; Fire 🔥 & a Private [U+E000] Sign" in titles, titles


# --- the writer's text (fast) ----------------------------------------------------------


def _sphinx(text: str) -> str:
    return texescape.escape(text, "xelatex")


@pytest.mark.parametrize(
    "text",
    [
        "Plain ASCII: 100% of $x^2$ & #1_{a}~b [c]",
        "Chinese 神经力学，彩票。“引号”—— and Latin-1 éüß, Greek αβγ, Cyrillic жизнь",
        "Xi’an – 1 November – “quotes” … ✓",
        "tab\tand\nnewline",
    ],
)
def test_text_the_fonts_hold_is_escaped_as_sphinx_escapes_it(text: str) -> None:
    assert latex_text(text, _sphinx) == _sphinx(text)


def test_controls_become_visible_marks() -> None:
    assert latex_text("a\x01b\x7fc\x85d\x00e\x1bf\r", _sphinx) == (
        "a{[}U+0001{]}b{[}U+007F{]}c{[}U+0085{]}d{[}U+0000{]}e{[}U+001B{]}f{[}U+000D{]}"
    )


def test_characters_the_fonts_may_lack_are_tested_where_typeset() -> None:
    assert latex_text("hot 🔥!", _sphinx) == r"hot \DigestChar{1F525}{🔥}!"
    assert latex_text("क", _sphinx) == r"\DigestChar{0915}{क}"
    # Private use means nothing to a reader: always marked, and counted.
    assert latex_text("a\ue000b\U000f0000", _sphinx) == r"a\DigestMissing{E000}b\DigestMissing{F0000}"


def test_code_is_marked_as_text_is() -> None:
    code = "\\PYG{n}{x}\x01 🔥 [y]\n"
    assert verbatim_text(code) == "\\PYG{n}{x}[U+0001] \\DigestChar{1F525}{🔥} [y]\n"
    # The writer's code blocks: Pygments' Verbatim takes brackets as they are.
    block = Highlighter("latex", latex_engine="xelatex").highlight_block("a\x01b {🔥} \ue000", "text")
    assert r"a[U+0001]b \PYGZob{}\DigestChar{1F525}{🔥}\PYGZcb{} \DigestMissing{E000}" in block


def test_every_face_of_freefont_holds_the_ranges_printed_as_they_are() -> None:
    faces = sorted(Path("/usr/share/fonts/opentype/freefont").glob("*.otf"))
    assert len(faces) == 12, "fonts-freefont-otf is not installed"
    held = set.intersection(*(set(TTFont(face).getBestCmap()) for face in faces))
    assert not {code for low, high in FREEFONT for code in range(low, high + 1)} - held


@pytest.mark.parametrize(
    ("name", "entry"),
    [
        (
            "Semi;Colon Lab (affiliation)",
            r"Semi;Colon Lab (affiliation)@\spxentry{Semi;Colon Lab}\spxextra{affiliation}",
        ),
        (
            'A!B@C"D|E{F}G (affiliation)',
            r'A"!B"@C""D\textbar{}E\sphinxleftcurlybrace{}F\sphinxrightcurlybrace{}G (affiliation)'
            r'@\spxentry{A"!B"@C""D\textbar{}E\sphinxleftcurlybrace{}F\sphinxrightcurlybrace{}G}'
            r"\spxextra{affiliation}",
        ),
        # The sort key is the text, without the writer's marks.
        ("Fire 🔥\x01", r"Fire 🔥{[}U+0001{]}@\spxentry{Fire \DigestChar{1F525}{🔥}{[}U+0001{]}}"),
    ],
)
def test_an_index_entry_keeps_its_name_whole(name: str, entry: str) -> None:
    command = index_command(name, "A Title; With Parts", lambda text: latex_text(text, _sphinx), _sphinx)
    assert command == rf"\index{{{entry}!A Title; With Parts@\spxentry{{A Title; With Parts}}}}"
