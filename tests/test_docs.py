"""The project's pages in ``source/`` use only the Markdown ``conf.py`` enables."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from digest_archive.archive.files import load, scan
from digest_archive.model import Section
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


# --- the contributing page's annotated example -------------------------------------------------

_EXAMPLE = re.compile(r"\(contributing-example\)=\n.*?```\{code-block\} text\n:linenos:\n\n(.*?)```\n", re.S)
_ROW = re.compile(r"^\| (\d+) \| (.+) \|$")


def _example() -> tuple[str, list[tuple[int, str]]]:
    """The example digest of the contributing page, and its table: (line, what the line is)."""
    page = (REPO_ROOT / "source/contributing.md").read_text(encoding="utf-8")
    found = _EXAMPLE.search(page)
    assert found, "the contributing page has lost its example digest"
    rows = []
    for line in page[found.end() :].lstrip("\n").splitlines()[2:]:  # after the heading and the rule
        if not line.startswith("|"):
            break
        row = _ROW.fullmatch(line)
        assert row, line
        rows.append((int(row[1]), row[2]))
    return found[1], rows


def test_the_contributing_example_lints_clean_and_is_read_whole(tmp_path: Path) -> None:
    text, _ = _example()
    path = tmp_path / "raw/2023/2023-10-05.txt"
    path.parent.mkdir(parents=True)
    path.write_text(text, encoding="utf-8")
    (found,) = scan([str(path)], str(tmp_path / "raw"))
    loaded = load(found)
    assert loaded.problems == []
    digest = loaded.digest
    assert digest is not None and digest.unparsed == []
    assert [item.code for item in digest.legend] == ["LG", "CV", "CL"]
    assert digest.highlight_note == "(*表示值得重点关注)"
    assert digest.more_heading == "另外几篇值得关注的论文:"
    assert digest.footer == "内容中包含的图片若涉及版权问题,请及时与我们联系删除"
    featured, labelled, shorter = digest.entries
    assert (featured.number, featured.category, featured.highlighted) == (1, "LG", True)
    assert featured.title == "Example Networks Learn to Count"
    assert featured.authors == ["A Author", "B Author"]
    assert featured.affiliations == ["Example University", "Example Lab"]
    assert featured.summary_zh is not None and featured.summary_zh.startswith("示例网络学会计数。")
    assert featured.abstract_en == "We show that example networks learn to count from a few examples."
    assert (featured.links, featured.figures) == (["https://arxiv.org/abs/2310.00002"], ["f01.png"])
    assert labelled.title_zh == "用树搜索学习规划的示例模型"
    assert [part.label for part in labelled.summary_parts] == ["要点", "动机", "方法", "优势", "一句话总结"]
    assert labelled.abstract_en is not None and labelled.abstract_en.startswith("Large language models")
    assert (shorter.section, shorter.number, shorter.category) == (Section.MORE, None, "CV")
    assert (shorter.title, shorter.title_zh) == ("Example Images Seen Twice", "两次看到的示例图像")
    assert shorter.authors == ["D Author"] and shorter.affiliations == ["Example Institute"]


def test_each_annotated_line_of_the_example_is_the_line_it_says() -> None:
    text, rows = _example()
    lines = text.splitlines()
    numbers = [number for number, _ in rows]
    assert numbers == sorted(set(numbers)) and numbers[-1] == len(lines)
    for number, what in rows:
        assert lines[number - 1].strip(), number
        # What the row quotes first (in backticks) is on its line.
        quoted = re.findall(r"`([^`]+)`", what)
        if quoted:
            assert quoted[0] in lines[number - 1], (number, quoted[0])


def test_the_contributing_page_says_what_a_first_pull_request_meets() -> None:
    """Issue 38: a first contributor's checks wait for approval; annotations are capped, the log is whole."""
    checks = _section((REPO_ROOT / "source/contributing.md").read_text(encoding="utf-8"), "## 6. ")
    assert "waits for a maintainer to approve" in checks
    assert "at most ten error and\n  ten warning annotations a step" in checks
    assert "every finding is in the job's log" in checks
