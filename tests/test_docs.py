"""The project's pages in ``source/`` use only the Markdown ``conf.py`` enables."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from support.paths import REPO_ROOT

PAGES = sorted((REPO_ROOT / "source").glob("*.md"))
# A fence opens a code block whose lines are text, not markup.
_FENCE = re.compile(r"^\s*(```|~~~)")


def _prose(page: Path) -> list[tuple[int, str]]:
    lines, fenced = [], False
    for number, line in enumerate(page.read_text(encoding="utf-8").splitlines(), start=1):
        if _FENCE.match(line):
            fenced = not fenced
        elif not fenced:
            lines.append((number, line))
    return lines


@pytest.mark.parametrize("page", PAGES, ids=lambda page: page.name)
def test_no_definition_list_without_its_extension(page: Path) -> None:
    # conf.py enables no MyST extension (the digests' pages need none), so a
    # `: definition` line would reach the reader as a paragraph opening with a colon.
    found = [number for number, line in _prose(page) if line.startswith(": ")]
    assert not found, f"{page.name}: definition-list lines {found}; write **Term**: text"
