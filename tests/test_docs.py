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


def _section(text: str, heading: str) -> str:
    start = text.index(heading)
    end = text.find("\n## ", start + len(heading))
    return text[start : end if end > 0 else None]


#: Where the pages tell a newcomer the code and its tests are.
LAYOUT_SECTIONS = [
    ("README.md", "## Layout"),
    ("source/contributing.md", "## Changing the code: where a change goes"),
]
_PACKAGE = REPO_ROOT / "tools" / "digest_archive"
# A path in code spans: with a slash, or a Python module's name.
_PATH = re.compile(r"`([\w./-]+(?:/|\.py|\.yml))`")
#: Named, and made by every build (git-ignored).
_GENERATED = {"source/digests/"}


@pytest.mark.parametrize(("page", "heading"), LAYOUT_SECTIONS, ids=[page for page, _ in LAYOUT_SECTIONS])
def test_every_path_the_layout_names_exists(page: str, heading: str) -> None:
    named = _PATH.findall(_section((REPO_ROOT / page).read_text(encoding="utf-8"), heading))
    assert len(named) >= 5, named
    missing = [
        path
        for path in sorted(set(named) - _GENERATED)
        if not ((REPO_ROOT / path).exists() or (_PACKAGE / path).exists())
    ]
    assert missing == []


def test_the_contributing_page_names_every_group_of_the_extension() -> None:
    page = (REPO_ROOT / "source/contributing.md").read_text(encoding="utf-8")
    section = _section(page, "## Changing the code")
    extension = _PACKAGE / "sphinxext"
    groups = sorted(path.name for path in extension.iterdir() if (path / "__init__.py").exists())
    assert [group for group in groups if f"sphinxext/{group}/" not in section] == []


def test_the_contributing_page_names_every_field_of_the_export() -> None:
    from digest_archive.model import Digest, Entry

    page = (REPO_ROOT / "source/contributing.md").read_text(encoding="utf-8")
    start = page.index("- `digest export --format json")
    export = page[start : page.index("\n- ", start + 1)]
    for model in (Digest, Entry):
        missing = [field for field in model.model_fields if not re.search(rf"\b{field}\b", export)]
        assert not missing, f"{model.__name__}: {missing}"
