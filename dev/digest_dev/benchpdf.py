"""``make bench``'s PDF: each year's volume of the archive built with XeLaTeX, timed and measured."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from .benchrun import CommandFailed, timed, tool

# "Output written on digest-archive-2023.pdf (1234 pages, 5678 bytes)."
_PAGES = re.compile(r"\((\d++) pages?")
#: ``make latexpdf``'s LaTeX options (the Makefile's ``LATEXOPTS``).
LATEXOPTS = "-no-shell-escape -interaction=nonstopmode -halt-on-error"


def volumes(project: Path, logs: Path) -> dict[str, Any]:
    """Build ``project``'s LaTeX, then each volume's PDF on its own, as ``make latexpdf`` would.

    Each volume is made by the LaTeX folder's own Makefile (latexmk:
    XeLaTeX until the references settle, and xindy), timed apart so that
    its time and peak memory are its own. A volume that fails is recorded,
    and the others are still built.
    """
    latex = project / "_build/latex"
    sphinx_s, _ = timed(
        [tool("sphinx-build"), "-b", "latex", "-c", ".", "-j", "auto", "source", "_build/latex"],
        project,
        logs / "latex.log",
    )
    built: dict[str, Any] = {}
    for tex in sorted(latex.glob("digest-archive-*.tex")):
        log = logs / f"pdf-{tex.stem}.log"
        try:
            seconds, peak_kb = timed(
                ["make", "-C", "_build/latex", f"{tex.stem}.pdf"], project, log, env={"LATEXOPTS": LATEXOPTS}
            )
        except CommandFailed:
            built[tex.stem] = {"ok": False, "log": str(log)}
            continue
        pdf = tex.with_suffix(".pdf")
        built[tex.stem] = {
            "ok": True,
            "s": round(seconds, 1),
            "peak_rss_mb": round(peak_kb / 1024),
            "pages": _pages(latex / f"{tex.stem}.log"),
            "bytes": pdf.stat().st_size,
        }
    return {"latex_s": round(sphinx_s, 1), "volumes": built}


def _pages(tex_log: Path) -> int:
    """The pages of a volume, as TeX's log says ("Output written on … (N pages, …)")."""
    found = _PAGES.search(tex_log.read_text(encoding="utf-8", errors="replace"))
    return int(found[1]) if found else 0
