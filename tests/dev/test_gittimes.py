"""``make gittimes``: a fresh checkout's files get their last commit's time, for a restored build cache."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from digest_dev import gittimes
from support.paths import REPO_ROOT

NEEDS_GIT = pytest.mark.skipif(not (REPO_ROOT / ".git").exists(), reason="needs this project as a repository")


def _git(cwd: Path, *args: str, when: int | None = None) -> str:
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@t", "GIT_COMMITTER_NAME": "t"}
    env["GIT_COMMITTER_EMAIL"] = "t@t"
    if when is not None:
        env["GIT_COMMITTER_DATE"] = env["GIT_AUTHOR_DATE"] = f"@{when} +0000"
    return subprocess.run(["git", *args], cwd=cwd, env=env, check=True, capture_output=True, text=True).stdout


def _commit(repo: Path, when: int, files: dict[str, str]) -> None:
    for name, text in files.items():
        (repo / name).parent.mkdir(parents=True, exist_ok=True)
        (repo / name).write_text(text, encoding="utf-8")
    _git(repo, "add", ".")
    _git(repo, "commit", "-q", "-m", f"at {when}", when=when)


def _mtime(path: Path) -> int:
    return int(path.stat().st_mtime)


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A repository of three commits: a page and a digest, then each changed in turn."""
    repo = tmp_path / "repo"
    repo.mkdir()
    _git(repo, "init", "-q")
    first = {"source/index.md": "# a\n", "raw/2020/2020-12-16.txt": "x\n", "odd\nname.md": ""}
    _commit(repo, 1_600_000_000, first)
    _commit(repo, 1_600_000_100, {"source/index.md": "# b\n"})
    _commit(repo, 1_600_000_200, {"raw/2020/2020-12-16.txt": "y\n"})
    return repo


def test_each_file_gets_the_time_of_the_last_commit_that_changed_it(repo: Path) -> None:
    times, kept = gittimes.restore(repo, None)
    assert kept == []
    assert _mtime(repo / "source/index.md") == 1_600_000_100
    assert _mtime(repo / "raw/2020/2020-12-16.txt") == 1_600_000_200
    # Git quotes such a name unless asked for NUL-separated output.
    assert _mtime(repo / "odd\nname.md") == 1_600_000_000
    assert times == {
        "source/index.md": 1_600_000_100,
        "raw/2020/2020-12-16.txt": 1_600_000_200,
        "odd\nname.md": 1_600_000_000,
    }


def test_a_merged_change_has_the_time_of_its_merge(repo: Path) -> None:
    """A branch's commit may be older than the main branch's last build: its merge is not."""
    _git(repo, "checkout", "-q", "-b", "topic", "HEAD~1")
    _commit(repo, 1_600_000_150, {"source/about.md": "# about\n"})
    _git(repo, "checkout", "-q", "-")
    _git(repo, "commit", "-q", "--allow-empty", "-m", "nothing", when=1_600_000_250)
    _git(repo, "merge", "-q", "--no-ff", "-m", "merge", "topic", when=1_600_000_300)
    times, _ = gittimes.restore(repo, None)
    assert times["source/about.md"] == 1_600_000_300
    assert times["raw/2020/2020-12-16.txt"] == 1_600_000_200


def test_files_changed_since_the_cached_build_keep_their_time(repo: Path) -> None:
    built_from = _git(repo, "rev-parse", "HEAD~1").strip()
    (repo / "source/about.md").write_text("# edit not committed\n", encoding="utf-8")
    _git(repo, "add", "source/about.md")
    before = {name: _mtime(repo / name) for name in ("raw/2020/2020-12-16.txt", "source/about.md")}
    _, kept = gittimes.restore(repo, built_from)
    assert kept == ["raw/2020/2020-12-16.txt", "source/about.md"]
    assert {name: _mtime(repo / name) for name in kept} == before
    assert _mtime(repo / "source/index.md") == 1_600_000_100


def test_a_record_not_in_the_history_leaves_every_file_alone(repo: Path) -> None:
    before = _mtime(repo / "source/index.md")
    times, kept = gittimes.restore(repo, "0" * 40)
    assert times == {}
    assert len(kept) == 3
    assert _mtime(repo / "source/index.md") == before


def test_the_record_names_head_only_for_a_clean_work_tree(repo: Path, tmp_path: Path) -> None:
    record = tmp_path / "build/source-commit"
    gittimes.record(repo, record)
    assert gittimes.read_record(record) == _git(repo, "rev-parse", "HEAD").strip()
    (repo / "source/index.md").write_text("# edited\n", encoding="utf-8")
    gittimes.record(repo, record)
    assert not record.exists()


def test_a_record_that_is_not_a_commit_name_is_ignored(tmp_path: Path) -> None:
    record = tmp_path / "source-commit"
    record.write_text("--output=/etc/passwd\n", encoding="ascii")
    assert gittimes.read_record(record) is None


def test_make_gittimes_runs_the_module_with_the_record_in_the_build_folder() -> None:
    dry = subprocess.run(
        ["make", "-n", "gittimes"], cwd=REPO_ROOT, capture_output=True, text=True, check=True
    ).stdout
    assert "-m digest_dev.gittimes --record _build/source-commit" in dry


def _updated(output: str) -> int:
    """How many pages Sphinx read: those it found added or changed."""
    match = re.search(r"updating environment: (?:\[[^\]]*\] )?(\d+) added, (\d+) changed", output)
    assert match, output
    return int(match[1]) + int(match[2])


def _build(clone: Path, restore_times: bool) -> str:
    env = {**os.environ, "PYTHONPATH": str(REPO_ROOT / "tools")}
    if restore_times:
        command = [sys.executable, "-m", "digest_dev.gittimes", "--record", "_build/source-commit"]
        subprocess.run(command, cwd=clone, env=env, check=True, capture_output=True)
    sphinx = [sys.executable, "-m", "sphinx", "-b", "html", "-c", ".", "-n", "-W", "--no-color", "-j", "2"]
    result = subprocess.run(
        [*sphinx, "source", "_build/html"],
        cwd=clone,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


@pytest.mark.slow
@NEEDS_GIT
def test_a_fresh_clone_with_the_cache_and_its_times_reads_nothing_again(tmp_path: Path) -> None:
    """What the workflows do: build main, keep the cache, build a fresh checkout from it.

    The clones are made at the same path, as CI's are: Sphinx starts over
    when its environment was made in another folder.
    """
    clone, cache = tmp_path / "checkout", tmp_path / "cache"

    def checkout() -> None:
        shutil.rmtree(clone, ignore_errors=True)
        subprocess.run(["git", "clone", "-q", str(REPO_ROOT), str(clone)], check=True, capture_output=True)

    def restore_cache() -> None:
        # copytree copies times too, as actions/cache's tar does.
        shutil.copytree(cache / "_build", clone / "_build")
        shutil.copytree(cache / "digests", clone / "source/digests")

    checkout()
    first = _build(clone, restore_times=True)
    pages = _updated(first)
    cache.mkdir()
    shutil.move(clone / "_build", cache / "_build")
    shutil.move(clone / "source/digests", cache / "digests")

    checkout()
    restore_cache()
    without_times = _build(clone, restore_times=False)

    checkout()
    restore_cache()
    with_times = _build(clone, restore_times=True)

    hand_written = len(list((clone / "source").glob("*.md")))
    # The converted pages are judged by content either way; a checkout makes
    # every hand-written page look new.
    assert _updated(without_times) == hand_written
    assert _updated(with_times) == 0
    assert pages > hand_written
    assert "0 raw digests published" in with_times
