"""DA209: a paper an earlier day of the archive lists already, told when lint is given the archive."""

from __future__ import annotations

from pathlib import Path

import pytest

from support.commands import run_digest as run
from support.seeds import parse_seed, read_seed

#: The seed of 2022-10-15 lists arXiv 2210.06441 (its first entry): here its second version.
AGAIN = """\
1、[LG] How Much Data Are Augmentations Worth? (revised)
S Ganguli
[Stanford University]
线性模型中的彩票，修订版。
The revised version.
https://arxiv.org/pdf/2210.06441v2.pdf
2、[LG] Deep Learning on a Budget
S Ganguli
[Stanford University]
预算内的深度学习。
We study deep learning on a budget.
https://arxiv.org/abs/2210.09999
"""


@pytest.fixture
def archive(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A raw folder with the seed of 2022-10-15, and a new day that lists one of its papers again."""
    (tmp_path / "raw/2022").mkdir(parents=True)
    (tmp_path / "raw/2022/2022-10-15.txt").write_text(read_seed("2022-10-15"), encoding="utf-8")
    (tmp_path / "raw/2022/2022-10-20.txt").write_text(AGAIN, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _repeats(out: str) -> list[str]:
    return [line for line in out.splitlines() if " DA209 " in line]


def _first_entry_line() -> int:
    """The line where the seed of 2022-10-15 lists arXiv 2210.06441."""
    entries = parse_seed("2022-10-15").entries
    (entry,) = [entry for entry in entries if "https://arxiv.org/abs/2210.06441" in entry.links]
    return entry.line


def test_a_file_alone_is_not_checked_against_the_archive(
    capsys: pytest.CaptureFixture[str], archive: Path
) -> None:
    status, out, _ = run(capsys, "lint", "raw/2022/2022-10-20.txt")
    assert (status, _repeats(out)) == (0, [])


@pytest.mark.parametrize("argv", [["raw"], ["raw/2022/2022-10-20.txt", "--archive", "raw"]])
def test_the_raw_folder_or_archive_names_the_earlier_day(
    capsys: pytest.CaptureFixture[str], archive: Path, argv: list[str]
) -> None:
    status, out, _ = run(capsys, "lint", *argv)
    # A warning: the day still passes. Its other paper is new.
    assert status == 0
    assert _repeats(out) == [
        "raw/2022/2022-10-20.txt:1:8: DA209 entry 1 is a paper the digest of 2022-10-15 lists already "
        f"(raw/2022/2022-10-15.txt:{_first_entry_line()})"
    ]


def test_a_draft_outside_the_raw_folder_is_checked_against_it(
    capsys: pytest.CaptureFixture[str], archive: Path
) -> None:
    (archive / "raw/2022/2022-10-20.txt").unlink()
    draft = archive / "drafts/2022-10-21.txt"
    draft.parent.mkdir()
    draft.write_text(AGAIN, encoding="utf-8")
    _, out, _ = run(capsys, "lint", "drafts/2022-10-21.txt", "--archive", "raw")
    assert [line.split(" is a paper")[0] for line in _repeats(out)] == [
        "drafts/2022-10-21.txt:1:8: DA209 entry 1"
    ]


def test_adding_a_day_tells_the_papers_the_archive_lists_already(
    capsys: pytest.CaptureFixture[str], archive: Path
) -> None:
    (archive / "raw/2022/2022-10-20.txt").unlink()
    (archive / "digest.txt").write_text(AGAIN, encoding="utf-8")
    status, out, _ = run(capsys, "add", "--date", "2022-10-20", "digest.txt")
    assert status == 0
    assert _repeats(out) == [
        "raw/2022/2022-10-20.txt:1:8: DA209 entry 1 is a paper the digest of 2022-10-15 lists already "
        f"(raw/2022/2022-10-15.txt:{_first_entry_line()})"
    ]
