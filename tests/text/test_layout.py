"""The raw folder's layout: one regular file a day, at ``raw/YYYY/YYYY-MM-DD.txt``.

A pull request that adds a second file for a day, a symbolic link or a
folder named like a digest is refused by ``digest lint`` with one line per
path, and the build stops on the same lines before it reads any digest.
"""

from __future__ import annotations

import os
import posixpath
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from digest_archive.archive.files import publish_days
from digest_archive.lint import MAX_FILE_BYTES
from digest_archive.lint.files import LINKS_HINT
from digest_archive.text.layout import RawPath, ascii_hint, day_path, place
from support.builds import copy_project, sphinx_build
from support.paths import REPO_ROOT
from support.seeds import read_seed

SEED = "2020-12-16"


def _copy_seed(path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(read_seed(SEED), encoding="utf-8")


def _link_to_passwd(path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.symlink_to("/etc/passwd")


def _folder(path: Path) -> None:
    (path / "inside.txt").parent.mkdir(parents=True)
    (path / "inside.txt").write_text(read_seed(SEED), encoding="utf-8")


def _fifo(path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    os.mkfifo(path)


def _huge(path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"1\xe3\x80\x81\n" * (MAX_FILE_BYTES // 5 + 1))


#: Each hostile path below raw/, what puts it there, and the one line lint gives it.
HOSTILE: dict[str, tuple[str, Callable[[Path], None], str]] = {
    "second file in another folder": (
        "raw/00/2020-12-16.txt",
        _copy_seed,
        "DA110 a digest of 2020-12-16 belongs at raw/2020/2020-12-16.txt, which exists: one day has one file",
    ),
    "hidden folder": (
        "raw/.x/2020-12-16.txt",
        _copy_seed,
        "DA110 a digest of 2020-12-16 belongs at raw/2020/2020-12-16.txt, which exists",
    ),
    "nested folder": (
        "raw/2020/sub/2020-12-16.txt",
        _copy_seed,
        "DA110 a digest of 2020-12-16 belongs at raw/2020/2020-12-16.txt, which exists",
    ),
    "directly in raw": ("raw/2020-12-20.txt", _copy_seed, "DA110 a digest of 2020-12-20 belongs at raw/2020"),
    "full-width digits": (
        "raw/2024/２０２４-０１-０８.txt",
        _copy_seed,
        "DA110 file name is not in ASCII digits: write it 2024-01-08.txt",
    ),
    "another kind of file": ("raw/README.md", _copy_seed, "DA110 file name is not YYYY-MM-DD.txt"),
    "symbolic link": ("raw/2024/2024-01-07.txt", _link_to_passwd, "DA004 a symbolic link, not a regular"),
    "folder named like a digest": (
        "raw/2024/2024-01-07.txt",
        _folder,
        "DA004 a folder named like a digest, not a regular file",
    ),
    "fifo": ("raw/2024/2024-01-09.txt", _fifo, "DA004 a special file, not a regular file"),
    "too large": ("raw/2024/2024-01-10.txt", _huge, f"DA005 {MAX_FILE_BYTES // 5 * 5 + 5:,} bytes;"),
    # Dated where the statistics page drew 95,748 months (9999), or took 5 minutes a build (year 1).
    "the last day of 9999": (
        "raw/9999/9999-12-31.txt",
        _copy_seed,
        "DA115 dated 9999-12-31: a digest is dated from 2009-08-14 to tomorrow, ",
    ),
    "the first day of the year 1": (
        "raw/0001/0001-01-01.txt",
        _copy_seed,
        "DA115 dated 0001-01-01: a digest is dated from 2009-08-14 to tomorrow, ",
    ),
    "before weibo": ("raw/2009/2009-08-13.txt", _copy_seed, "DA115 dated 2009-08-13"),
}


def _digest_lint(cwd: Path, *argv: str) -> subprocess.CompletedProcess[str]:
    """``digest lint`` in a fresh process; the timeout guards against a read that blocks."""
    return subprocess.run(
        [sys.executable, "-m", "digest_archive", "lint", *argv],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


@pytest.fixture
def archive(tmp_path: Path) -> Path:
    """A folder with a raw/ holding the real digest of 2020-12-16."""
    _copy_seed(tmp_path / "raw/2020/2020-12-16.txt")
    return tmp_path


@pytest.mark.parametrize("case", HOSTILE)
def test_lint_refuses_each_hostile_path_with_one_line(archive: Path, case: str) -> None:
    name, make, message = HOSTILE[case]
    make(archive / name)
    result = _digest_lint(archive, "raw")
    assert result.returncode == 1
    lines = [line for line in result.stdout.splitlines() if line.startswith(name)]
    assert lines[0].startswith(f"{name}:1:1: {message}")
    assert "Traceback" not in result.stderr
    # Nothing a link points at, or a file too large to be a digest, is read.
    assert "root:x:0:0" not in result.stdout
    if message.startswith(("DA004", "DA005")):
        assert lines == lines[:1]


@pytest.mark.parametrize("case", ["second file in another folder", "symbolic link", "fifo"])
def test_lint_refuses_a_hostile_path_given_by_name(archive: Path, case: str) -> None:
    """As pre-commit gives it: the path alone, not the folder."""
    name, make, message = HOSTILE[case]
    make(archive / name)
    result = _digest_lint(archive, name)
    assert result.returncode == 1
    assert result.stdout.startswith(f"{name}:1:1: {message}")


def test_the_raw_folder_itself_may_not_be_a_link(tmp_path: Path) -> None:
    _copy_seed(tmp_path / "elsewhere/2020/2020-12-16.txt")
    (tmp_path / "raw").symlink_to(tmp_path / "elsewhere")
    result = _digest_lint(tmp_path, "raw")
    assert result.returncode == 1
    assert result.stdout.startswith("raw:1:1: DA004 a symbolic link")


def test_a_draft_outside_the_raw_folder_is_held_to_no_layout(tmp_path: Path) -> None:
    _copy_seed(tmp_path / "drafts/2020-12-16.txt")
    assert _digest_lint(tmp_path, "drafts").returncode == 0
    # Its name and folder are no day's yet (issue 38): digest add files it.
    _copy_seed(tmp_path / "drafts/2021/2020-12-16.txt")
    _copy_seed(tmp_path / "drafts/december.txt")
    for draft in ("drafts/2021/2020-12-16.txt", "drafts/december.txt"):
        result = _digest_lint(tmp_path, draft)
        assert result.returncode == 0 and "DA110" not in result.stdout, result.stdout


def test_another_raw_folder_is_held_to_the_layout(tmp_path: Path) -> None:
    _copy_seed(tmp_path / "archive/raw/2021/2020-12-16.txt")
    result = _digest_lint(tmp_path, "--raw-dir", "archive/raw", "archive/raw")
    assert result.stdout.startswith(
        "archive/raw/2021/2020-12-16.txt:1:1: DA110 a digest of 2020-12-16 belongs at "
        "archive/raw/2020/2020-12-16.txt"
    )


@pytest.mark.slow
def test_the_build_stops_on_the_same_lines_before_reading_any_digest(tmp_path: Path) -> None:
    project = copy_project(tmp_path)
    for name, make, _ in HOSTILE.values():
        if not (project / name).exists() and not (project / name).is_symlink():
            make(project / name)
    result = sphinx_build(project)
    assert result.returncode == 1
    lint = _digest_lint(project, "raw")
    # Lint reads a misplaced file that is safe to read, and tells the name its
    # links give; the build refuses it unread, so without that hint.
    refused = [
        line.split(LINKS_HINT)[0]
        for line in lint.stdout.splitlines()
        if " DA0" in line or " DA110 " in line or " DA115 " in line
    ]
    assert any(LINKS_HINT in line for line in lint.stdout.splitlines())
    assert len(refused) == len(HOSTILE) - 1  # one folder holds two of the cases
    errors = result.stderr.splitlines()
    assert errors[: len(refused)] == refused
    assert errors[len(refused)].startswith("digest: only raw/YYYY/YYYY-MM-DD.txt files belong in raw/")
    assert "Traceback" not in result.stderr
    assert not (project / "_build/html/digests").exists()
    assert not (project / "source/digests").exists()


@pytest.mark.slow  # runs sphinx-build
def test_a_link_is_not_followed_even_where_the_build_would_read_it(tmp_path: Path) -> None:
    project = copy_project(tmp_path)
    shutil.rmtree(project / "raw/2022")
    _link_to_passwd(project / "raw/2022/2022-10-15.txt")
    result = sphinx_build(project)
    assert result.returncode == 1
    assert "root:x:0:0" not in result.stdout + result.stderr
    assert not (project / "_build/html/digests").exists()
    built = [path for path in (project / "_build").rglob("*") if path.is_file()]
    assert not [path for path in built if b"root:x:0:0" in path.read_bytes()]


# --- the layout, as pure functions ------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "raw_dir", "parts"),
    [
        ("raw/2020/2020-12-16.txt", "raw", ("2020", "2020-12-16.txt")),
        ("./raw/2020/../2020/2020-12-16.txt", "raw/", ("2020", "2020-12-16.txt")),
        ("raw", "raw", ()),
        ("rawer/2020/2020-12-16.txt", "raw", None),
        ("../raw/2020/2020-12-16.txt", "raw", None),
        ("/tmp/raw/2020/2020-12-16.txt", "raw", None),
        ("/srv/a/raw/x.txt", "/srv/a/raw", ("x.txt",)),
    ],
)
def test_place_says_where_a_path_is_below_the_raw_folder(name: str, raw_dir: str, parts) -> None:
    assert place(name, raw_dir) == parts


def _place_by_relpath(name: str, raw_dir: str) -> tuple[str, ...] | None:
    """What place() said when it asked posixpath.relpath."""
    name = posixpath.normpath(name.replace("\\", "/"))
    root = posixpath.normpath(raw_dir.replace("\\", "/"))
    if posixpath.isabs(name) != posixpath.isabs(root):
        return None
    relative = posixpath.relpath(name, root)
    if relative == ".":
        return ()
    if relative == ".." or relative.startswith("../"):
        return None
    return tuple(relative.split("/"))


_PATHS = st.lists(
    st.sampled_from(["raw", "2020", "x.txt", ".", "..", "", "/", "\\", "rawer"]), max_size=6
).map("/".join)


@given(name=_PATHS.filter(bool), raw_dir=_PATHS.filter(bool))
def test_place_says_what_relpath_says(name: str, raw_dir: str) -> None:
    assert place(name, raw_dir) == _place_by_relpath(name, raw_dir)


def test_a_day_has_one_path() -> None:
    path = RawPath("raw/00/2020-12-16.txt", below_raw=("00", "2020-12-16.txt"))
    assert path.date is not None
    assert day_path(path.date) == "raw/2020/2020-12-16.txt"
    assert RawPath("raw/2020/2020-12-16.md").date is None
    assert RawPath("raw/2020/２０２０-１２-１６.txt").date is None
    assert ascii_hint("２０２０-１２-１６.txt") == "2020-12-16.txt"
    assert ascii_hint("notes.txt") is None


def test_the_site_publishes_the_day_files_only_copying_what_changed(tmp_path: Path) -> None:
    raw = {}
    for date in ("2020-11-01", "2021-04-26"):
        path = tmp_path / "raw" / date[:4] / f"{date}.txt"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(read_seed(date), encoding="utf-8")
        raw[f"raw/{date[:4]}/{date}.txt"] = path
    # Not a day's file of the layout: never published.
    stray = tmp_path / "notes.txt"
    stray.write_text("notes", encoding="utf-8")
    raw["raw/notes.txt"] = stray
    site = tmp_path / "site" / "raw"
    copied = publish_days(raw, "raw", site)
    assert sorted(path.relative_to(site).as_posix() for path in copied) == [
        "2020/2020-11-01.txt",
        "2021/2021-04-26.txt",
    ]
    assert (site / "2021/2021-04-26.txt").read_bytes() == raw["raw/2021/2021-04-26.txt"].read_bytes()
    assert publish_days(raw, "raw", site) == []
    changed = raw["raw/2021/2021-04-26.txt"]
    changed.write_text(read_seed("2021-04-26") + "\n", encoding="utf-8")
    assert publish_days(raw, "raw", site) == [site / "2021/2021-04-26.txt"]
    # A digest gone from the archive is gone from the site.
    del raw["raw/2020/2020-11-01.txt"]
    assert publish_days(raw, "raw", site) == []
    assert [path.name for path in site.rglob("*.txt")] == ["2021-04-26.txt"]


def test_git_commits_a_crlf_digest_as_written_whatever_core_autocrlf_says(tmp_path: Path) -> None:
    # The repository's .gitattributes, in a repository of its own with the
    # setting of Git for Windows: the CRLF digest is committed as it was pasted.
    def git(*args: str) -> bytes:
        command = ["git", "-C", str(tmp_path), "-c", "core.autocrlf=true", "-c", "user.name=t"]
        command += ["-c", "user.email=t@example.org", *args]
        return subprocess.run(command, capture_output=True, check=True).stdout

    git("init", "-q")
    shutil.copy(REPO_ROOT / ".gitattributes", tmp_path / ".gitattributes")
    digest = read_seed("2020-12-16").replace("\n", "\r\n").encode("utf-8")
    (tmp_path / "raw/2020").mkdir(parents=True)
    (tmp_path / "raw/2020/2020-12-16.txt").write_bytes(digest)
    git("add", ".")
    git("commit", "-q", "-m", "A digest")
    assert git("show", "HEAD:raw/2020/2020-12-16.txt") == digest
