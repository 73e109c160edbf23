"""``make latexpdf`` of a copy of the project, and its PDFs read back with ``pdftotext``.

Needs XeLaTeX, xeCJK, the Noto CJK fonts and poppler-utils from Debian;
``make test`` installs them (``make system-deps``).
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from support.builds import copy_project

#: Seconds a PDF build may take. XeTeX whose memory a long word corrupted
#: could also loop for ever instead of crashing.
LATEXPDF_TIMEOUT = 900


def latexpdf(
    project: Path, *, warnings_are_errors: bool = True, language: str | None = None
) -> subprocess.CompletedProcess[str]:
    """``make latexpdf`` of ``project``: Sphinx's make mode, with the Makefile's LaTeX options.

    In the interface's language ``conf.py`` gives (Chinese), or in ``language``.
    """
    env = {**os.environ, "LATEXOPTS": "-no-shell-escape -interaction=nonstopmode -halt-on-error"}
    strict = ["-W"] if warnings_are_errors else []
    chosen = ["-D", f"language={language}"] if language else []
    args = [sys.executable, "-m", "sphinx", "-M", "latexpdf", "source", "_build", "-c", ".", "-n"]
    args += [*strict, *chosen]
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


def text_of(pdf: Path) -> str:
    """The PDF's text, as ``pdftotext`` reads it."""
    # -raw keeps the words in reading order; Chinese lines are not re-flowed.
    return subprocess.run(
        ["pdftotext", "-raw", "-enc", "UTF-8", str(pdf), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout


def body_text(pdf: Path) -> str:
    """The text inside the text block of every page, as one string without whitespace.

    Running headers and footers (which repeat titles) are cropped away, and
    so is text that runs off the right margin. A hyphen TeX added to break a
    word goes with the line break.
    """
    # A4 in PostScript points: the text block is 72-770 down and 72-525 across.
    crop = ["-r", "72", "-x", "60", "-y", "60", "-W", "480", "-H", "720"]
    text = subprocess.run(
        ["pdftotext", "-raw", "-enc", "UTF-8", *crop, str(pdf), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return "".join(text.replace("-\n", "").split())


def index_of(text: str) -> str:
    """The back-matter index: from its heading (as the page headings print it) on."""
    heading = re.search(r"^\f*(?:INDEX|索引)$", text, re.MULTILINE)
    assert heading is not None, "the PDF has no index"
    return text[heading.end() :]


def project_with(tmp: Path, date: str, digest: str) -> Path:
    """A copy of the project whose only digest is ``digest``: one PDF build takes seconds, not minutes."""
    project = copy_project(tmp)
    shutil.rmtree(project / "raw")
    path = project / "raw" / date[:4] / f"{date}.txt"
    path.parent.mkdir(parents=True)
    path.write_text(digest, encoding="utf-8")
    return project
