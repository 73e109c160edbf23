"""The PDF archive: ``make latexpdf``'s build, read back with ``pdftotext``.

Needs XeLaTeX, xeCJK, the Noto CJK fonts and poppler-utils from Debian;
``make test`` installs them (``make system-deps``).
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import copy_project

# A contributed digest written to make LaTeX act: read a file, run a command,
# end the document early, or swallow the rest of a line as a comment.
HOSTILE_DIGEST = r"""1、[LG] Reading \input{/etc/passwd} with 100% of $x^2$ & #1_{a}~b
S Ganguli, A Newcomer
[Stanford University]
在线\write18{touch pwned}学习。\end{document}
We study \csname end\endcsname{document} and \immediate\write18{touch pwned} here.
https://arxiv.org/abs/2210.09999
"""


#: Seconds a PDF build may take. XeTeX whose memory a long word corrupted
#: could also loop for ever instead of crashing.
LATEXPDF_TIMEOUT = 900


def _latexpdf(project: Path) -> subprocess.CompletedProcess[str]:
    """``make latexpdf`` of ``project``: Sphinx's make mode, with the Makefile's LaTeX options."""
    env = {**os.environ, "LATEXOPTS": "-no-shell-escape -interaction=nonstopmode -halt-on-error"}
    args = [sys.executable, "-m", "sphinx", "-M", "latexpdf", "source", "_build", "-c", ".", "-n", "-W"]
    # A session of its own, so that a timeout also ends make, latexmk and xelatex.
    with subprocess.Popen(
        args,
        cwd=project,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    ) as build:
        try:
            stdout, stderr = build.communicate(timeout=LATEXPDF_TIMEOUT)
        except subprocess.TimeoutExpired:
            os.killpg(build.pid, signal.SIGKILL)
            stdout, stderr = build.communicate()
            pytest.fail(f"make latexpdf ran over {LATEXPDF_TIMEOUT} s:\n{stdout[-3000:]}{stderr[-3000:]}")
    return subprocess.CompletedProcess(args, build.returncode, stdout, stderr)


def _text(pdf: Path) -> str:
    # -raw keeps the words in reading order; Chinese lines are not re-flowed.
    return subprocess.run(
        ["pdftotext", "-raw", "-enc", "UTF-8", str(pdf), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout


def _index(text: str) -> str:
    """The back-matter index: from its heading (as the page headings print it) on."""
    heading = re.search(r"^\f*INDEX$", text, re.MULTILINE)
    assert heading is not None, "the PDF has no index"
    return text[heading.end() :]


@pytest.fixture(scope="module")
def pdf_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = copy_project(tmp_path_factory.mktemp("pdf"))
    (project / "raw/2022/2022-10-20.txt").write_text(HOSTILE_DIGEST, encoding="utf-8")
    result = _latexpdf(project)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    return project


@pytest.fixture(scope="module")
def pdf_text(pdf_project: Path) -> str:
    pdfs = sorted((pdf_project / "_build/latex").glob("*.pdf"))
    assert [pdf.name for pdf in pdfs] == ["digest-archive.pdf"]
    return _text(pdfs[0])


@pytest.mark.parametrize("text", ["神经力学", "Neural Mechanics", "彩票", "元数据规范化"])
def test_the_pdf_holds_chinese_and_english_text(pdf_text: str, text: str) -> None:
    assert text in pdf_text


def test_years_are_parts_and_digests_chapters_in_date_order(pdf_text: str) -> None:
    contents = pdf_text[pdf_text.index("CONTENTS") : pdf_text.index("\nIndex ")]
    # "I 2020 3" is a part and its page; "1 1 November 2020 5" a chapter.
    assert re.findall(r"^[IVX]+ (\d{4}) \d+$", contents, re.MULTILINE) == ["2020", "2021", "2022"]
    chapters = re.findall(r"^\d+ (\d{1,2} [A-Z][a-z]+ \d{4}) \d+$", contents, re.MULTILINE)
    assert chapters == [
        "1 November 2020",
        "16 December 2020",
        "26 April 2021",
        "19 July 2021",
        "15 October 2022",
        "20 October 2022",
    ]


def test_entries_are_numbered_sections(pdf_text: str) -> None:
    # Chapter 2 is 16 December 2020; its first entry is Neural Mechanics.
    # Links between digest pages are for the web only.
    assert "2.1 1. Neural Mechanics: Symmetry and Broken Conservation Laws" in " ".join(pdf_text.split())
    assert "next: 2020-12-16" not in pdf_text


def test_the_back_matter_index_lists_authors_and_affiliations_with_pages(pdf_text: str) -> None:
    index = _index(pdf_text)
    # Surname first, then each of their papers with its page.
    ganguli = index[index.index("Ganguli, S") :]
    assert "Neural Mechanics: Symmetry and Broken" in ganguli[:600]
    assert "Stanford University (affiliation)" in index
    assert "??" not in pdf_text


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
    assert "Ganguli, S" in _index(pdf_text)
    log = (pdf_project / "_build/latex/digest-archive.log").read_text(encoding="utf-8", errors="replace")
    # TeX Live's default is "restricted \write18 enabled"; the build turns it off.
    assert "write18 enabled" not in log
