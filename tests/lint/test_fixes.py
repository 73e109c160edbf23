"""``digest lint --fix`` and ``--diff``: the line breaks a copy lost, put back where it reads the same.

The digest is the contributing page's example (``source/contributing.md``),
as a web page copies it: each entry's head run together on one line.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from digest_archive.lint import fixes
from digest_archive.lint.fixes import Applicability, Edit, judge, line_breaks
from digest_archive.text.parse import parse_digest
from support.commands import run_digest as run
from support.paths import REPO_ROOT

PATH = "raw/2023/2023-10-05.txt"


def _example() -> str:
    page = (REPO_ROOT / "source/contributing.md").read_text(encoding="utf-8")
    return re.search(r"```\{code-block\} text\n:linenos:\n\n(.*?)```\n", page, re.S)[1]


def _copied(text: str) -> str:
    """``text`` as copied from a web page: each featured entry's head on one line, up to its summary."""
    lines = text.split("\n")
    # The first entry's head, authors, affiliations and summary; the second's up to 要点:.
    return "\n".join([*lines[:2], " ".join(lines[2:6]), *lines[6:10], " ".join(lines[10:15]), *lines[15:]])


@pytest.fixture
def archive(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    raw = tmp_path / PATH
    raw.parent.mkdir(parents=True)
    raw.write_text(_copied(_example()), encoding="utf-8")
    return tmp_path


def _entries(capsys: pytest.CaptureFixture[str], path: str) -> list[dict]:
    status, out, _ = run(capsys, "export", "--format", "json", path)
    assert status == 0
    return json.loads(out)[0]["entries"]


def test_the_copy_has_an_error_a_head_with_its_fix(capsys, archive: Path) -> None:
    status, out, err = run(capsys, "lint", "--isolated", PATH)
    assert status == 1
    assert f"{PATH}:3:41: DA113 title runs on into the author list" in out
    assert f"{PATH}:8:48: DA113 title runs on into the author list" in out
    assert "2 fixable with the --fix option." in err
    status, out, _ = run(capsys, "lint", "--isolated", "--format", "json", PATH)
    (first, second) = [d for d in json.loads(out) if d["code"] == "DA113"]
    assert first["fix"]["applicability"] == "safe"
    assert first["fix"]["message"] == "put back 3 line breaks"
    title_ends = {"content": "\n", "line": 3, "column": 40, "end_line": 3, "end_column": 41}
    assert title_ends in first["fix"]["edits"]
    assert second["fix"]["message"] == "put back 4 line breaks"


def test_fix_puts_the_breaks_back_and_the_digest_exports_as_published(capsys, archive: Path) -> None:
    original = archive / "raw/2023/2023-10-06.txt"
    original.write_text(_example(), encoding="utf-8")
    status, out, err = run(capsys, "lint", "--isolated", "--fix", PATH)
    assert status == 0, out
    assert "Fixed 2 errors." in err and "All checks passed (1 file)." in err
    assert (archive / PATH).read_text(encoding="utf-8") == _example()
    assert _entries(capsys, PATH) == _entries(capsys, "raw/2023/2023-10-06.txt")


def test_diff_shows_the_fix_and_changes_nothing(capsys, archive: Path) -> None:
    before = (archive / PATH).read_bytes()
    status, out, err = run(capsys, "lint", "--isolated", "--diff", PATH)
    assert status == 1
    assert out.startswith(f"--- {PATH}\n+++ {PATH}\n")
    assert "-1、[LG] *Example Networks Learn to Count A Author, B Author [Example University" in out
    assert "+1、[LG] *Example Networks Learn to Count\n+A Author, B Author\n" in out
    assert "+[Example University & Example Lab]\n" in out
    assert "Would fix 2 errors." in err
    assert (archive / PATH).read_bytes() == before
    run(capsys, "lint", "--isolated", "--fix", PATH)
    assert run(capsys, "lint", "--isolated", "--diff", PATH)[:2] == (0, "")


def test_a_crlf_digest_gets_crlf_breaks_and_keeps_its_mark(capsys, archive: Path) -> None:
    raw = archive / PATH
    raw.write_bytes(b"\xef\xbb\xbf" + _copied(_example()).replace("\n", "\r\n").encode("utf-8"))
    status, out, _ = run(capsys, "lint", "--isolated", "--fix", PATH)
    assert status == 0, out
    data = raw.read_bytes()
    assert data == b"\xef\xbb\xbf" + _example().replace("\n", "\r\n").encode("utf-8")


def test_a_hostile_line_is_shown_escaped_in_the_diff(capsys, archive: Path) -> None:
    raw = archive / PATH
    hostile = _copied(_example()).replace("Example Networks", "Example\x1b]0;owned\x07 Networks")
    raw.write_text(hostile, encoding="utf-8")
    _, out, _ = run(capsys, "lint", "--isolated", "--diff", PATH)
    assert "\x1b" not in out and "\x07" not in out
    assert "Example\\x1b]0;owned\\x07 Networks" in out


def test_a_fix_after_which_the_digest_reads_otherwise_is_unsafe() -> None:
    text = _copied(_example())
    digest = parse_digest(text, source=PATH)
    assert line_breaks(text, digest, 3).applicability is Applicability.SAFE
    # A break inside the title: the digest would read another title.
    inside = Edit(content="\n", line=3, column=24, end_line=3, end_column=25)
    assert judge(text, digest, [inside]) is Applicability.UNSAFE


def test_unsafe_fixes_apply_only_when_asked(capsys, archive: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def unsafe(text, digest, line):
        fix = line_breaks(text, digest, line)
        return fix.model_copy(update={"applicability": Applicability.UNSAFE})

    monkeypatch.setattr("digest_archive.cli.lint.line_breaks", unsafe)
    before = (archive / PATH).read_bytes()
    status, _, err = run(capsys, "lint", "--isolated", "--fix", PATH)
    assert status == 1 and "Fixed 0 errors." in err
    assert (archive / PATH).read_bytes() == before
    status, _, err = run(capsys, "lint", "--isolated", "--fix", "--unsafe-fixes", PATH)
    assert status == 0 and "Fixed 2 errors." in err


def test_a_fix_never_changes_a_character_of_the_text() -> None:
    text = _copied(_example())
    digest = parse_digest(text, source=PATH)
    for line in (3, 8):
        fixed = fixes.apply(text, line_breaks(text, digest, line).edits)
        assert re.sub(r"\s", "", fixed) == re.sub(r"\s", "", text)
