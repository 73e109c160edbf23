"""``digest add``: a published digest filed under its own day, byte for byte, then linted."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest

from digest_archive.lint import MAX_FILE_BYTES
from support.commands import run_digest as run
from support.seeds import raw_path

#: The seeds whose Weibo post links date them.
DATED_SEEDS = ["2020-11-01", "2020-12-16", "2021-04-26", "2021-07-19"]

#: A digest of the newer layout, written for these tests: arXiv links only, papers of March 2023.
ARXIV_ONLY = """\
LG - 机器学习 CV - 计算机视觉 (*表示值得重点关注)

1、[LG] Neural Mechanics: Symmetry and Broken Conservation Laws
D Kunin, J Sagastuy-Brena, S Ganguli
[Stanford University]
神经力学:对称性与守恒律的破缺。
Understanding the dynamics of neural network parameters during training is a key challenge.
https://arxiv.org/abs/2303.01234

2、[CV] Seeing in the Dark
A Author, B Author
[MIT]
暗处视觉。
We study images taken at night.
https://arxiv.org/abs/2302.04321
"""


@pytest.fixture
def archive(tmp_path, monkeypatch) -> Path:
    """An archive with an empty raw folder, as the working folder."""
    (tmp_path / "raw").mkdir()
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _stdin(monkeypatch: pytest.MonkeyPatch, data: bytes) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))


def _files(folder: Path) -> list[str]:
    """Everything below ``folder``, hidden files and links included."""
    return sorted(path.relative_to(folder).as_posix() for path in folder.rglob("*"))


def _seed_file(folder: Path, date: str, name: str = "digest.txt") -> Path:
    path = folder / name
    path.write_bytes(raw_path(date).read_bytes())
    return path


# --- filed under its own day ---------------------------------------------------------


@pytest.mark.parametrize("date", DATED_SEEDS)
def test_a_seed_is_filed_under_its_own_day_byte_for_byte(capsys, archive, date):
    source = _seed_file(archive, date)
    status, out, _ = run(capsys, "add", str(source))
    assert status == 0
    target = archive / "raw" / date[:4] / f"{date}.txt"
    assert target.read_bytes() == raw_path(date).read_bytes()
    assert out.splitlines()[0] == f"Wrote raw/{date[:4]}/{date}.txt"
    # No temporary file is left behind: lint would refuse it.
    assert _files(archive / "raw") == [date[:4], f"{date[:4]}/{date}.txt"]


def test_line_ends_and_bom_are_kept(capsys, archive):
    data = b"\xef\xbb\xbf" + raw_path("2020-12-16").read_bytes().replace(b"\n", b"\r\n")
    (archive / "digest.txt").write_bytes(data)
    status, _, _ = run(capsys, "add", "digest.txt")
    assert status == 0
    assert (archive / "raw/2020/2020-12-16.txt").read_bytes() == data


def test_the_input_name_does_not_decide_the_day(capsys, archive):
    source = _seed_file(archive, "2020-12-16", name="2021-07-19.txt")
    status, _, _ = run(capsys, "add", str(source))
    assert status == 0
    assert _files(archive / "raw") == ["2020", "2020/2020-12-16.txt"]


def test_the_new_file_is_linted_as_digest_lint_lints_it(capsys, archive):
    """Lint's findings and exit status, for a digest with an author line missing (DA1xx)."""
    lines = raw_path("2020-12-16").read_bytes().split(b"\n")
    del lines[9]
    (archive / "digest.txt").write_bytes(b"\n".join(lines))
    status, out, err = run(capsys, "add", "digest.txt")
    assert status == 1
    wrote, *findings = out.splitlines()
    assert wrote == "Wrote raw/2020/2020-12-16.txt"
    assert any(": DA1" in finding for finding in findings)
    assert all(finding.startswith("raw/2020/2020-12-16.txt:") for finding in findings)
    lint_status, lint_out, lint_err = run(capsys, "lint", "raw/2020/2020-12-16.txt")
    assert (status, findings, err) == (lint_status, lint_out.splitlines(), lint_err)


def test_a_custom_raw_folder(capsys, archive):
    (archive / "archive" / "raw").mkdir(parents=True)
    source = _seed_file(archive, "2021-04-26")
    status, out, _ = run(capsys, "add", "--raw-dir", "archive/raw/", str(source))
    assert status == 0
    assert out.splitlines()[0] == "Wrote archive/raw/2021/2021-04-26.txt"
    assert (archive / "archive/raw/2021/2021-04-26.txt").read_bytes() == source.read_bytes()
    assert _files(archive / "raw") == []


# --- standard input ------------------------------------------------------------------


def test_standard_input(capsys, archive, monkeypatch):
    _stdin(monkeypatch, raw_path("2021-07-19").read_bytes())
    status, out, _ = run(capsys, "add", "-")
    assert status == 0
    assert (archive / "raw/2021/2021-07-19.txt").read_bytes() == raw_path("2021-07-19").read_bytes()
    assert out.splitlines()[0] == "Wrote raw/2021/2021-07-19.txt"


def test_standard_input_through_a_pipe(archive):
    """As a contributor pastes it: ``… | digest add -`` in a real process."""
    result = subprocess.run(
        [sys.executable, "-m", "digest_archive", "add", "-"],
        input=raw_path("2020-11-01").read_bytes(),
        capture_output=True,
        check=False,
        env={**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)},
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(b"Wrote raw/2020/2020-11-01.txt\n")
    assert (archive / "raw/2020/2020-11-01.txt").read_bytes() == raw_path("2020-11-01").read_bytes()


def test_empty_standard_input_is_refused(capsys, archive, monkeypatch):
    _stdin(monkeypatch, b"\n  \n")
    status, _, err = run(capsys, "add", "-")
    assert status == 2
    assert "standard input cannot be filed" in err
    assert "DA003" in err
    assert _files(archive / "raw") == []


# --- the day: --date and --force -----------------------------------------------------


def test_an_arxiv_only_digest_needs_a_date(capsys, archive):
    (archive / "digest.txt").write_text(ARXIV_ONLY, encoding="utf-8")
    status, _, err = run(capsys, "add", "digest.txt")
    assert status == 2
    assert "--date YYYY-MM-DD" in err
    assert "2023-03 or later" in err
    assert _files(archive / "raw") == []
    status, out, _ = run(capsys, "add", "--date", "2023-03-20", "digest.txt")
    assert status == 0, out
    assert (archive / "raw/2023/2023-03-20.txt").read_text(encoding="utf-8") == ARXIV_ONLY


def test_a_date_before_its_papers_is_refused_unless_forced(capsys, archive):
    (archive / "digest.txt").write_text(ARXIV_ONLY, encoding="utf-8")
    status, _, err = run(capsys, "add", "--date", "2023-02-28", "digest.txt")
    assert status == 2
    assert "arXiv paper of 2023-03" in err
    assert _files(archive / "raw") == []
    status, out, err = run(capsys, "add", "--date", "2023-02-28", "--force", "digest.txt")
    assert status == 1
    assert "raw/2023/2023-02-28.txt:8:1: DA111 arXiv paper of 2023-03 in a digest dated 2023-02-28" in out
    assert "as --force asks" in err


def test_a_date_its_weibo_posts_contradict_is_refused_unless_forced(capsys, archive):
    source = _seed_file(archive, "2020-12-16")
    status, _, err = run(capsys, "add", "--date", "2020-12-15", str(source))
    assert status == 2
    assert "first Weibo post was made on 2020-12-16" in err
    assert _files(archive / "raw") == []
    status, out, _ = run(capsys, "add", "--date", "2020-12-15", "--force", str(source))
    assert status == 1
    assert (archive / "raw/2020/2020-12-15.txt").read_bytes() == source.read_bytes()
    assert "DA111 first Weibo post was made on 2020-12-16, the file is dated 2020-12-15" in out


def test_a_date_its_posts_agree_with(capsys, archive):
    source = _seed_file(archive, "2020-12-16")
    status, _, err = run(capsys, "add", "--date", "2020-12-16", str(source))
    assert status == 0
    assert "note" not in err
    assert (archive / "raw/2020/2020-12-16.txt").is_file()


@pytest.mark.parametrize(
    ("link", "note", "filed", "finding"),
    [
        # Entries of 2020-12-16 with one post of 2020-11-01's: filed under 2020-11-01, and lint objects.
        (
            "https://weibo.com/1402400261/JrQ4p8nt2",
            "made on 2020-11-01, 2020-12-16 (Beijing time): filed under the first, 2020-11-01",
            "2020-11-01",
            "DA111 Weibo post made on 2020-12-16, the file is dated 2020-11-01",
        ),
        # Entries of 2020-12-16 with a paper of 2021-01: filed by the posts, and lint objects to the paper.
        (
            "https://arxiv.org/abs/2101.00001",
            "an arXiv paper of 2021-01, after its first Weibo post: filed by the post, under 2020-12-16",
            "2020-12-16",
            "DA111 arXiv paper of 2021-01 in a digest dated 2020-12-16",
        ),
    ],
    ids=["posts of several days", "a paper newer than the posts"],
)
def test_links_that_disagree_file_it_by_the_first_post_and_say_so(
    capsys, archive, link, note, filed, finding
):
    text = raw_path("2020-12-16").read_text(encoding="utf-8")
    text = text.replace("https://weibo.com/1402400261/JyFCw3Ou9", link)
    (archive / "digest.txt").write_text(text, encoding="utf-8")
    status, out, err = run(capsys, "add", "digest.txt")
    assert note in err
    assert out.splitlines()[0] == f"Wrote raw/{filed[:4]}/{filed}.txt"
    assert status == 1
    assert finding in out


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--date", "20201216"], "not a date written YYYY-MM-DD"),
        (["--date", "2020-02-30"], "not a date written YYYY-MM-DD"),
        (["--force"], "--force goes with --date"),
    ],
)
def test_bad_date_options(capsys, archive, argv, message):
    source = _seed_file(archive, "2020-12-16")
    status, _, err = run(capsys, "add", *argv, str(source))
    assert status == 2
    assert message in err
    assert _files(archive / "raw") == []


# --- what is refused -----------------------------------------------------------------


def test_an_existing_file_is_never_replaced(capsys, archive):
    target = archive / "raw/2020/2020-12-16.txt"
    target.parent.mkdir()
    target.write_bytes(b"the day's file as it was\n")
    source = _seed_file(archive, "2020-12-16")
    status, out, err = run(capsys, "add", str(source))
    assert status == 2
    assert "raw/2020/2020-12-16.txt exists" in err
    assert out == ""
    assert target.read_bytes() == b"the day's file as it was\n"
    assert _files(archive / "raw") == ["2020", "2020/2020-12-16.txt"]


def test_not_utf8_is_refused_with_a_hint(capsys, archive):
    text = raw_path("2020-12-16").read_text(encoding="utf-8")
    (archive / "digest.txt").write_bytes(text.encode("gb18030"))
    status, out, err = run(capsys, "add", "digest.txt")
    assert status == 2
    assert out == ""
    assert "DA002 not UTF-8" in err
    assert "iconv -f GB18030 -t UTF-8" in err
    assert "nothing written" in err
    assert _files(archive / "raw") == []


def test_a_binary_file_is_refused(capsys, archive):
    (archive / "digest.txt").write_bytes(raw_path("2020-12-16").read_bytes() + b"\0\x89PNG")
    status, _, err = run(capsys, "add", "digest.txt")
    assert status == 2
    assert "DA001" in err
    assert _files(archive / "raw") == []


def test_an_input_larger_than_lint_reads_is_refused(capsys, archive, monkeypatch):
    data = raw_path("2020-12-16").read_bytes()
    _stdin(monkeypatch, data + b" " * (MAX_FILE_BYTES + 1 - len(data)))
    status, _, err = run(capsys, "add", "-")
    assert status == 2
    assert f"larger than a raw digest may be ({MAX_FILE_BYTES:,} bytes" in err
    assert _files(archive / "raw") == []


def test_an_input_of_exactly_the_limit_is_filed(capsys, archive, monkeypatch):
    data = raw_path("2020-12-16").read_bytes()
    _stdin(monkeypatch, data + b" " * (MAX_FILE_BYTES - len(data)))
    status, _, _ = run(capsys, "add", "-")
    assert status == 0
    assert (archive / "raw/2020/2020-12-16.txt").stat().st_size == MAX_FILE_BYTES


def test_a_missing_input(capsys, archive):
    status, _, err = run(capsys, "add", "nowhere.txt")
    assert status == 2
    assert "cannot read nowhere.txt" in err


def test_a_missing_raw_folder(capsys, archive):
    source = _seed_file(archive, "2020-12-16")
    status, _, err = run(capsys, "add", "--raw-dir", "elsewhere", str(source))
    assert status == 2
    assert "no raw folder elsewhere" in err
    assert not (archive / "elsewhere").exists()


# --- symbolic links: nothing is written through one ----------------------------------


def test_a_year_folder_that_links_out_of_raw(capsys, archive, tmp_path_factory):
    outside = tmp_path_factory.mktemp("outside")
    (archive / "raw/2020").symlink_to(outside, target_is_directory=True)
    source = _seed_file(archive, "2020-12-16")
    status, _, err = run(capsys, "add", str(source))
    assert status == 2
    assert "raw/2020 is a symbolic link or not a folder" in err
    assert _files(outside) == []


def test_a_day_file_that_is_a_dangling_link(capsys, archive, tmp_path_factory):
    outside = tmp_path_factory.mktemp("outside") / "planted.txt"
    (archive / "raw/2020").mkdir()
    (archive / "raw/2020/2020-12-16.txt").symlink_to(outside)
    source = _seed_file(archive, "2020-12-16")
    status, _, err = run(capsys, "add", str(source))
    assert status == 2
    assert "raw/2020/2020-12-16.txt exists" in err
    assert not outside.exists()
    assert _files(archive / "raw") == ["2020", "2020/2020-12-16.txt"]


@pytest.mark.parametrize("raw_dir", ["linked", "linked/"])
def test_a_raw_folder_that_is_a_link(capsys, archive, tmp_path_factory, raw_dir):
    """Lint refuses a linked raw folder (DA004), so add does not write into one, slash or not."""
    outside = tmp_path_factory.mktemp("outside")
    (archive / "linked").symlink_to(outside, target_is_directory=True)
    source = _seed_file(archive, "2020-12-16")
    status, _, err = run(capsys, "add", "--raw-dir", raw_dir, str(source))
    assert status == 2
    assert f"{raw_dir} is a symbolic link or not a folder" in err
    assert _files(outside) == []


def test_help_tells_how_to_read_standard_input_and_date_a_digest(capsys):
    status, out, _ = run(capsys, "add", "--help")
    assert status == 0
    words = " ".join(out.split())
    assert "- reads it from standard input" in words
    assert "--date YYYY-MM-DD" in words
    assert "2 when nothing was written" in words
