"""The PDF archive: ``make latexpdf``'s build, read back with ``pdftotext``.

Needs XeLaTeX, xeCJK, the Noto CJK fonts and poppler-utils from Debian;
``make test`` installs them (``make system-deps``).
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
import subprocess
import sys
from pathlib import Path

import pytest

from digest_archive.sphinxext.pdf.latex import break_offsets
from support.builds import copy_project, sphinx_build
from support.commands import run_digest
from support.pdf import body_text, index_of, latexpdf, project_with, text_of
from support.seeds import NEW_DIGEST

# A contributed digest written to make LaTeX act: read a file, run a command,
# end the document early, or swallow the rest of a line as a comment.
HOSTILE_DIGEST = r"""1、[LG] Reading \input{/etc/passwd} with 100% of $x^2$ & #1_{a}~b
S Ganguli, A Newcomer
[Stanford University]
在线\write18{touch pwned}学习。\end{document}
We study \csname end\endcsname{document} and \immediate\write18{touch pwned} here.
https://arxiv.org/abs/2210.09999
"""


@pytest.fixture(scope="module")
def pdf_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = copy_project(tmp_path_factory.mktemp("pdf"))
    (project / "raw/2022/2022-10-20.txt").write_text(HOSTILE_DIGEST, encoding="utf-8")
    # The volumes' own words (title, dates, headings) in English, so that these
    # tests read the digests' text whatever the interface's language;
    # test_a_volume_speaks_the_interface_s_language reads a Chinese one.
    result = latexpdf(project, language="en")
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    return project


@pytest.fixture(scope="module")
def chinese_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """``make latexpdf`` as it is, in the interface's own language."""
    project = project_with(tmp_path_factory.mktemp("pdf-zh"), "2022-10-20", HOSTILE_DIGEST)
    result = latexpdf(project)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    return project


@pytest.mark.slow  # builds a PDF with XeLaTeX
def test_a_volume_speaks_the_interface_s_language(chinese_project: Path) -> None:
    """Title page, chapters and index in Chinese, the digest's text as written."""
    text = text_of(chinese_project / "_build/latex/digest-archive-2022.pdf")
    squeezed = "".join(text.split())
    # Title, period and chapter: pdftotext spaces Chinese from digits, which the squeeze undoes.
    assert squeezed.startswith("每日论文推荐存档・2022年")
    assert "2022年10月20日" in squeezed
    # The contents and the index are named in Chinese too, not LaTeX's English "CONTENTS".
    assert "目录" in text.splitlines() and "索引" in text.splitlines()
    assert "CONTENTS" not in text
    assert "Reading\\input{/etc/passwd}with100%of$x^2$" in squeezed
    assert "Ganguli,S" in "".join(index_of(text).split())


@pytest.mark.slow  # builds the PDFs twice with XeLaTeX
def test_one_more_digest_typesets_its_own_year_s_volume_and_reuses_the_others(tmp_path: Path) -> None:
    project = copy_project(tmp_path)
    result = latexpdf(project, language="en")
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    latex = project / "_build/latex"
    before = {pdf.name: pdf.read_bytes() for pdf in latex.glob("digest-archive-*.pdf")}
    assert len(before) == 3
    (project / "raw/2022/2022-10-20.txt").write_text(NEW_DIGEST, encoding="utf-8")
    result = latexpdf(project, language="en")
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    after = {pdf.name: pdf.read_bytes() for pdf in latex.glob("digest-archive-*.pdf")}
    assert after.keys() == before.keys()
    # The other years' volumes are the same bytes: latexmk did not typeset them again.
    assert {name for name in after if after[name] != before[name]} == {"digest-archive-2022.pdf"}
    assert "Deep Learning on a Budget" in text_of(latex / "digest-archive-2022.pdf")


@pytest.mark.slow  # builds the LaTeX four times
def test_a_volume_whose_pages_were_not_read_again_keeps_its_latex(tmp_path: Path) -> None:
    """The LaTeX builder writes only the volumes of changed years, each as a build from nothing would."""
    project = copy_project(tmp_path)
    assert sphinx_build(project, builder="latex").returncode == 0
    latex = project / "_build/latex"
    written = {tex.name: tex.stat().st_mtime_ns for tex in latex.glob("digest-archive-*.tex")}
    assert sorted(written) == [f"digest-archive-{year}.tex" for year in (2020, 2021, 2022)]
    (project / "raw/2022/2022-10-20.txt").write_text(NEW_DIGEST, encoding="utf-8")
    result = sphinx_build(project, builder="latex")
    assert result.returncode == 0, result.stderr
    assert "digest: 1 of 3 volumes' LaTeX written again" in result.stdout
    again = {tex.name: tex.stat().st_mtime_ns for tex in latex.glob("digest-archive-*.tex")}
    assert [name for name in sorted(again) if again[name] != written[name]] == ["digest-archive-2022.tex"]
    # What was kept is what a build from nothing writes.
    fresh = project / "_build/fresh"
    command = [sys.executable, "-m", "sphinx", "-b", "latex", "-c", ".", "-q", "-d", str(fresh / "doctrees")]
    subprocess.run([*command, "source", str(fresh)], cwd=project, check=True, capture_output=True)
    for name in again:
        assert (latex / name).read_bytes() == (fresh / name).read_bytes(), name
    # A configuration value the PDF depends on writes every volume again.
    result = sphinx_build(project, "-D", "latex_show_urls=footnote", builder="latex")
    assert result.returncode == 0, result.stderr
    assert "volumes' LaTeX written again" not in result.stdout
    assert all(tex.stat().st_mtime_ns != again[tex.name] for tex in latex.glob("digest-archive-*.tex"))


@pytest.fixture(scope="module")
def volumes(pdf_project: Path) -> dict[str, str]:
    """The text of each year's PDF, by year."""
    pdfs = sorted((pdf_project / "_build/latex").glob("*.pdf"))
    assert [pdf.name for pdf in pdfs] == [f"digest-archive-{year}.pdf" for year in ("2020", "2021", "2022")]
    return {pdf.stem.rsplit("-", 1)[1]: text_of(pdf) for pdf in pdfs}


@pytest.fixture(scope="module")
def pdf_text(volumes: dict[str, str]) -> str:
    return "".join(volumes.values())


@pytest.mark.slow  # builds a PDF with XeLaTeX
@pytest.mark.parametrize("text", ["神经力学", "Neural Mechanics", "彩票", "元数据规范化"])
def test_the_pdf_holds_chinese_and_english_text(pdf_text: str, text: str) -> None:
    assert text in pdf_text


@pytest.mark.slow  # builds a PDF with XeLaTeX
def test_a_volume_s_title_page_gives_the_period_its_digests_cover(volumes: dict[str, str]) -> None:
    title_pages = {year: text[: text.index("CONTENTS")] for year, text in volumes.items()}
    assert "1 November – 16 December 2020" in title_pages["2020"]
    assert "26 April – 19 July 2021" in title_pages["2021"]
    # The seeds' day and the test's digest of 20 October.
    assert "15–20 October 2022" in title_pages["2022"]
    # Not the day the PDF was made, as Sphinx prints it by default.
    today = dt.date.today()
    assert not [page for page in title_pages.values() if f"{today:%b} {today.day:02d}, {today.year}" in page]


@pytest.mark.slow  # builds a PDF with XeLaTeX
def test_a_shorter_entry_s_chinese_title_is_a_line_of_its_own(volumes: dict[str, str]) -> None:
    lines = volumes["2021"].splitlines()
    assert "基于可控特征增强知识对话中的忠实度" in lines
    after = lines[lines.index("基于可控特征增强知识对话中的忠实度") + 1]
    # Then the card's one line: the category and its name, the authors, the affiliations.
    assert after.startswith("CL 计算与语言")


@pytest.mark.slow  # builds a PDF with XeLaTeX
def test_each_year_is_a_volume_of_its_digests_as_chapters_in_date_order(volumes: dict[str, str]) -> None:
    chapters = {}
    for year, text in volumes.items():
        assert f"Digest archive, {year}" in text[:300]  # the title page
        contents = text[text.index("CONTENTS") : text.index("\nIndex ")]
        # "1 November 2020 3": a chapter and its page (chapters are not numbered).
        chapters[year] = re.findall(r"^(\d{1,2} [A-Z][a-z]+ \d{4}) \d+$", contents, re.MULTILINE)
    assert chapters == {
        "2020": ["1 November 2020", "16 December 2020"],
        "2021": ["26 April 2021", "19 July 2021"],
        "2022": ["15 October 2022", "20 October 2022"],
    }


_WORD_BOX = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">Xi’an</word>')


@pytest.mark.slow  # builds a PDF with XeLaTeX
def test_an_apostrophe_in_a_latin_word_is_set_as_latin(pdf_project: Path) -> None:
    """xeCJK took U+2019 for full-width punctuation: "Xi’an" printed as "Xi’ an".

    pdftotext reads the same letters either way; the word's width tells. In
    the body's 10 pt, the full-width apostrophe made the word 2.9 times as
    wide as it is high, a Latin one 2.1 times.
    """
    pdf = pdf_project / "_build/latex/digest-archive-2020.pdf"
    boxes = subprocess.run(
        ["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    # The first is the affiliation's, in the body; the index's is in typewriter type.
    x_min, y_min, x_max, y_max = map(float, _WORD_BOX.findall(boxes)[0])
    assert (x_max - x_min) / (y_max - y_min) < 2.5


@pytest.mark.slow  # builds a PDF with XeLaTeX
def test_entries_are_sections_numbered_once(volumes: dict[str, str]) -> None:
    # The second chapter of 2020 is 16 December 2020; its first entry is Neural
    # Mechanics, numbered as the digest numbers it, and not by LaTeX as well.
    text = " ".join(volumes["2020"].split())
    assert "16 DECEMBER 2020 LG - 机器学习" in text
    assert "1. Neural Mechanics: Symmetry and Broken Conservation Laws" in text
    assert "2.1 1. Neural Mechanics" not in text
    assert not re.search(r"chapter (one|two|1|2)\b", text, re.IGNORECASE)
    # Links between digest pages are for the web only.
    assert "next: 2020-12-16" not in volumes["2020"]


@pytest.mark.slow  # builds a PDF with XeLaTeX
def test_each_volume_indexes_its_own_authors_and_affiliations_with_pages(volumes: dict[str, str]) -> None:
    index = index_of(volumes["2020"])
    # Surname first, then each of their papers with its page.
    ganguli = index[index.index("Ganguli, S") :]
    assert "Neural Mechanics: Symmetry and Broken" in ganguli[:600]
    assert "Stanford University (affiliation)" in index
    # Muesli is a paper of 2021: in that volume's index, not 2020's.
    assert "Hessel, M" in index_of(volumes["2021"])
    assert "Hessel, M" not in index
    assert not any("??" in text for text in volumes.values())


@pytest.mark.slow  # builds a PDF with XeLaTeX
def test_digest_text_is_printed_not_run(pdf_project: Path, pdf_text: str) -> None:
    page = " ".join(pdf_text.split())
    written = [
        r"\input{/etc/passwd}",
        "100% of $x^2$ & #1_{a}~b",
        r"\end{document}",
        r"\write18{touch pwned}",
    ]
    for text in written:
        assert text in page
    # Nothing was read in, nothing ran, the document did not end early.
    assert "root:" not in pdf_text
    assert not list(pdf_project.rglob("pwned*"))
    assert "Newcomer, A" in index_of(pdf_text[pdf_text.index("Digest archive, 2022") :])
    log = (pdf_project / "_build/latex/digest-archive-2022.log").read_text(encoding="utf-8", errors="replace")
    # TeX Live's default is "restricted \write18 enabled"; the build turns it off.
    assert "write18 enabled" not in log


@pytest.mark.slow  # builds a PDF with XeLaTeX
@pytest.mark.parametrize("language", ["zh_CN", "en"])
def test_the_running_heads_fit_their_room(language: str, request: pytest.FixtureRequest) -> None:
    project = request.getfixturevalue("chinese_project" if language == "zh_CN" else "pdf_project")
    logs = sorted((project / "_build/latex").glob("digest-archive-*.log"))
    assert logs
    for log in logs:
        text = log.read_text(encoding="utf-8", errors="replace")
        assert "Output written" in text
        assert "headheight is too small" not in text, log.name


# The longest fields lint lets through: a title of 300 characters, a Latin
# "word" of 200 (a URL or a chemical name in an abstract, a long word in a
# title), a Chinese summary of 5,000 characters without punctuation. They
# hold no "-", so that a hyphen at a line end is TeX's.
LONG_WORD = ("Pneumonoultramicroscopicsilicovolcanoconiosis" * 5)[:200]
CHEMICAL_NAME = ("Methylpropylcyclohexanecarboxaldehydeoxime" * 5)[:200]
URL_LIKE = ("https://example.org/" + "/".join(f"segment{n:02d}_of_a_long_path.html" for n in range(9)))[:200]
LONG_TITLE = " ".join(["Scaling"] + ["Sparse Mixture of Experts"] * 12)[:300]
CJK_RUN = ("神经切线核平均随机梯度下降最佳速率分析了用于回归问题的超参数化两层神经网络" * 140)[:5000]
#: Far beyond lint's limits: XeTeX 0.999994 crashed on a word of ~1,100 glyphs.
HUGE_WORD = ("Supercalifragilistic" * 1000)[:20_000]


def _entry(number: int, title: str, summary: str, abstract: str) -> str:
    return f"""{number}、[LG] {title}

A Person, B Other
[Some University]
{summary}

{abstract}

https://arxiv.org/abs/2303.0000{number}
image.png
"""


LONG_WORDS_DIGEST = "LG - 机器学习 (*表示值得重点关注)\n\n" + "\n".join(
    [
        _entry(1, f"On {LONG_WORD} Networks", "长词。", f"We study {CHEMICAL_NAME} at {URL_LIKE} today."),
        _entry(2, LONG_TITLE, CJK_RUN, "We study long Chinese summaries."),
    ]
)


#: XeTeX copies a word of more than 996 UTF-16 code units into too small a
#: node; the PDF's stretches stay far below that.
MAX_UNBROKEN_UNITS = 240


@pytest.mark.parametrize(
    "text",
    [
        HUGE_WORD,
        URL_LIKE * 100,
        "x" + "\u0301" * 5000,  # nothing but combining marks
        "\U0001d4b3" * 5000,  # two UTF-16 code units each
        ("e\u0301" * 3000) + HUGE_WORD + URL_LIKE,
    ],
    ids=["word", "url", "marks", "astral", "mixed"],
)
def test_no_stretch_of_a_long_run_goes_unbroken(text: str) -> None:
    offsets = [0, *(found.offset for found in break_offsets(text)), len(text)]
    stretches = [text[start:end] for start, end in itertools.pairwise(offsets)]
    assert "".join(stretches) == text
    assert max(len(stretch.encode("utf-16-le")) // 2 for stretch in stretches) <= MAX_UNBROKEN_UNITS


def test_words_short_links_and_chinese_are_left_alone() -> None:
    assert break_offsets("Supercalifragilisticexpialidocious, see arXiv:2210.09999 or Semi-supervised") == []
    # xeCJK sets each CJK character apart: they never make one long XeTeX word.
    assert break_offsets(CJK_RUN) == []


def test_the_long_words_digest_is_one_lint_accepts(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    assert len(LONG_WORD) == len(CHEMICAL_NAME) == len(URL_LIKE) == 200
    assert len(LONG_TITLE) == 300
    assert len(CJK_RUN) == 5000
    path = project_with(tmp_path, "2023-03-01", LONG_WORDS_DIGEST) / "raw/2023/2023-03-01.txt"
    status, out, _ = run_digest(capsys, "lint", str(path))
    assert status == 0, out


@pytest.mark.slow  # builds a PDF with XeLaTeX
def test_the_longest_words_lint_accepts_are_printed_whole(tmp_path: Path) -> None:
    # Without break points in long runs, the 200-character ones ran off
    # the page (and out of the text pdftotext reads) as overfull lines.
    project = project_with(tmp_path, "2023-03-01", LONG_WORDS_DIGEST)
    result = latexpdf(project)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    body = body_text(project / "_build/latex/digest-archive-2023.pdf")
    for text in (LONG_WORD, CHEMICAL_NAME, URL_LIKE, LONG_TITLE, CJK_RUN):
        assert "".join(text.split()) in body


@pytest.mark.slow  # builds a PDF with XeLaTeX
def test_a_20000_character_word_does_not_crash_xelatex(tmp_path: Path) -> None:
    # Past lint's limits (DA112), which the project ignores, as a project may,
    # and so without -W; 20,000 Chinese characters in one summary too, as
    # reported (xeCJK always set those). In an abstract, not a title: xindy
    # overflows its stack on index entries of ~9 kB, and the index holds titles.
    digest = "LG - 机器学习 (*表示值得重点关注)\n\n" + _entry(
        1, "A Long Word", CJK_RUN * 4, f"We study {HUGE_WORD} today."
    )
    project = project_with(tmp_path, "2023-03-01", digest)
    (project / "pyproject.toml").write_text('[tool.digest.lint]\nignore = ["DA112"]\n', encoding="utf-8")
    result = latexpdf(project, warnings_are_errors=False)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    body = body_text(project / "_build/latex/digest-archive-2023.pdf")
    assert HUGE_WORD in body
    assert CJK_RUN * 4 in body


@pytest.mark.slow  # builds a PDF with XeLaTeX
def test_the_index_sets_names_whole_in_the_text_face(pdf_project: Path, volumes: dict[str, str]) -> None:
    # Hyphenated at a line's end, a name or a title would be cut in two.
    assert not re.search(r"[a-z]-\n[a-z]", index_of(volumes["2020"]))
    pdf = pdf_project / "_build/latex/digest-archive-2020.pdf"
    pages = int(
        re.search(
            r"Pages:\s+(\d+)",
            subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout,
        )[1]
    )
    first = next(
        page
        for page in range(1, pages + 1)
        if re.search(
            r"^\f*INDEX$",
            subprocess.run(
                ["pdftotext", "-f", str(page), "-l", str(page), "-raw", str(pdf), "-"],
                capture_output=True,
                text=True,
                check=True,
            ).stdout,
            re.MULTILINE,
        )
    )
    fonts = subprocess.run(
        ["pdffonts", "-f", str(first), "-l", str(pages), str(pdf)], capture_output=True, text=True, check=True
    ).stdout
    assert "Mono" not in fonts
