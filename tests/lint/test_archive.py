"""The archive rules: a paper again (DA209), a name written otherwise (DA210), a digest twice (DA211)."""

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


def _raw_folder(folder: Path, monkeypatch: pytest.MonkeyPatch, new_day: str) -> Path:
    """``folder`` with a raw folder of the seed of 2022-10-15 and ``new_day`` as 2022-10-20, worked in."""
    (folder / "raw/2022").mkdir(parents=True)
    (folder / "raw/2022/2022-10-15.txt").write_text(read_seed("2022-10-15"), encoding="utf-8")
    (folder / "raw/2022/2022-10-20.txt").write_text(new_day, encoding="utf-8")
    monkeypatch.chdir(folder)
    return folder


@pytest.fixture
def archive(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A raw folder with the seed of 2022-10-15, and a new day that lists one of its papers again."""
    return _raw_folder(tmp_path, monkeypatch, AGAIN)


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


# --- DA211: one digest under two days ----------------------------------------------------------


def test_a_digest_filed_under_two_days_is_one_finding_on_each(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The seed pasted again, with its line breaks as a copy from a web page may leave them.
    _raw_folder(tmp_path, monkeypatch, read_seed("2022-10-15").replace("\n", "\r\n"))
    status, out, _ = run(capsys, "lint", "raw")
    assert status == 0
    count = len(parse_seed("2022-10-15").entries)
    said = "lists the same {count} papers in the same order: is one day's digest filed under two days?"
    assert [line for line in out.splitlines() if " DA211 " in line] == [
        "raw/2022/2022-10-15.txt:1:1: DA211 the digest of 2022-10-20 (raw/2022/2022-10-20.txt) "
        + said.format(count=count),
        "raw/2022/2022-10-20.txt:1:1: DA211 the digest of 2022-10-15 (raw/2022/2022-10-15.txt) "
        + said.format(count=count),
    ]
    # Not one DA209 a paper besides.
    assert _repeats(out) == []


def test_a_day_that_lists_some_of_another_s_papers_is_told_paper_by_paper(
    capsys: pytest.CaptureFixture[str], archive: Path
) -> None:
    _, out, _ = run(capsys, "lint", "raw")
    assert " DA211 " not in out
    assert len(_repeats(out)) == 1


# --- DA210: a name an earlier day writes another way ------------------------------------------

#: The seed of 2022-10-15 writes "Stanford" and "S Ganguli": here "Stanford." and "Surya Ganguli".
VARIANTS = """\
1、[RO] Grasping in Clutter with Tactile Priors
Surya Ganguli, A Writer
[Stanford.]
杂乱场景中的触觉抓取。
Tactile priors help robots grasp in clutter.
https://arxiv.org/abs/2210.07777
"""


@pytest.fixture
def variants(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A raw folder with the seed of 2022-10-15, and a new day that writes two of its names otherwise."""
    return _raw_folder(tmp_path, monkeypatch, VARIANTS)


def _variants(out: str) -> list[str]:
    return [line.split(": DA210 ")[1] for line in out.splitlines() if " DA210 " in line]


def _line_of(name: str) -> int:
    """The first line of the seed of 2022-10-15 that writes ``name``."""
    lines = read_seed("2022-10-15").splitlines()
    return next(number for number, line in enumerate(lines, 1) if name in line)


def test_a_name_written_another_way_is_told_with_where_and_what_to_edit(
    capsys: pytest.CaptureFixture[str], variants: Path
) -> None:
    status, out, _ = run(capsys, "lint", "raw")
    assert status == 0
    assert _variants(out) == [
        f"author 'Surya Ganguli' of entry 1 may be the author 'S Ganguli' (raw/2022/2022-10-15.txt:"
        f"{_line_of('S Ganguli')}): if they are one, or two, say so in names.toml",
        f"affiliation 'Stanford.' of entry 1 may be the affiliation 'Stanford' (raw/2022/2022-10-15.txt:"
        f"{_line_of('[Stanford')}): if they are one, or two, say so in names.toml",
    ]


NAMES = """\
[[author]]
name = "S Ganguli"
also = ["Surya Ganguli"]

[[affiliation]]
name = "Stanford University"
distinct = ["Stanford."]
"""


def test_names_toml_says_which_are_one_and_which_are_not(
    capsys: pytest.CaptureFixture[str], variants: Path
) -> None:
    (variants / "names.toml").write_text(NAMES.replace("Stanford University", "Stanford"), encoding="utf-8")
    status, out, _ = run(capsys, "lint", "raw")
    assert (status, _variants(out)) == (0, [])
    # Elsewhere, named on the command line.
    (variants / "names.toml").rename(variants / "other.toml")
    assert _variants(run(capsys, "lint", "raw")[1])
    assert _variants(run(capsys, "lint", "raw", "--names", "other.toml")[1]) == []


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[[author]]\nname = 'A'\nalso = ['B']\n[[author]]\nname = 'B'\n", "author 'B' is in two groups"),
        ("[[authors]]\nname = 'A'\n", "authors: Extra inputs are not permitted"),
        ("[[author]]\nname = ''\n", "author.0.name: String should have at least 1 character"),
        ("[[author]\n", "names.toml: "),
    ],
)
def test_a_broken_names_toml_stops_lint_and_says_why(
    capsys: pytest.CaptureFixture[str], variants: Path, text: str, message: str
) -> None:
    (variants / "names.toml").write_text(text, encoding="utf-8")
    status, _, err = run(capsys, "lint", "raw")
    assert status == 2
    assert message in err


def test_a_names_file_named_but_missing_is_a_usage_error(
    capsys: pytest.CaptureFixture[str], variants: Path
) -> None:
    status, _, err = run(capsys, "lint", "raw", "--names", "nowhere.toml")
    assert status == 2 and "nowhere.toml: no such file" in err
