"""The pre-commit hooks: the one other repositories use, and this repository's own."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from support.paths import REPO_ROOT

ROOT = REPO_ROOT
PRE_COMMIT = [sys.executable, "-m", "pre_commit"]


def _git(cwd: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True)


@pytest.fixture
def contributor_repo(tmp_path: Path) -> Path:
    """Another repository holding raw digests, as a contributor's would."""
    repo = tmp_path / "digests"
    (repo / "raw/2020").mkdir(parents=True)
    shutil.copy(ROOT / "raw/2020/2020-12-16.txt", repo / "raw/2020/2020-12-16.txt")
    _git(repo, "init", "-q")
    _git(repo, "add", ".")
    return repo


def _try_repo(repo: Path, home: Path, *files: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PRE_COMMIT_HOME": str(home), "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@t"}
    return subprocess.run(
        [*PRE_COMMIT, "try-repo", str(ROOT), "digest-lint", "--files", *files],
        cwd=repo,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.mark.slow
@pytest.mark.skipif(not (ROOT / ".git").exists(), reason="try-repo needs this project as a git repository")
def test_published_hook_lints_another_repository(contributor_repo: Path, tmp_path: Path) -> None:
    good = _try_repo(contributor_repo, tmp_path / "home", "raw/2020/2020-12-16.txt")
    assert good.returncode == 0, good.stdout + good.stderr
    assert "DA201" in good.stdout  # warnings are shown, but pass

    broken = contributor_repo / "raw/2020/2020-12-15.txt"
    broken.write_text("1、[XX] Title\nD Kunin\n神经力学。\n", encoding="utf-8")
    _git(contributor_repo, "add", ".")
    bad = _try_repo(contributor_repo, tmp_path / "home", "raw/2020/2020-12-15.txt")
    assert bad.returncode == 1
    assert "raw/2020/2020-12-15.txt:1:4: DA107 unknown arXiv category [XX]" in bad.stdout


@pytest.mark.slow
@pytest.mark.skipif(not (ROOT / ".git").exists(), reason="try-repo needs this project as a git repository")
def test_published_hook_refuses_links_and_strays_below_raw(contributor_repo: Path, tmp_path: Path) -> None:
    (contributor_repo / "raw/2020/2020-12-17.txt").symlink_to("/etc/passwd")
    (contributor_repo / "raw/00").mkdir()
    shutil.copy(ROOT / "raw/2020/2020-12-16.txt", contributor_repo / "raw/00/2020-12-16.txt")
    (contributor_repo / "raw/notes.md").write_text("# notes\n", encoding="utf-8")
    _git(contributor_repo, "add", ".")
    result = subprocess.run(
        [*PRE_COMMIT, "try-repo", str(ROOT), "digest-lint", "--all-files"],
        cwd=contributor_repo,
        env={**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "home")},
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 1, result.stdout + result.stderr
    assert "raw/2020/2020-12-17.txt:1:1: DA004 a symbolic link" in result.stdout
    assert "root:x:0:0" not in result.stdout
    assert (
        "raw/00/2020-12-16.txt:1:1: DA110 a digest of 2020-12-16 belongs at raw/2020/2020-12-16.txt, "
        "which exists" in result.stdout
    )
    assert "raw/notes.md:1:1: DA110 file name is not YYYY-MM-DD.txt" in result.stdout


def test_repository_config_is_valid() -> None:
    for config in (".pre-commit-config.yaml",):
        result = subprocess.run(
            [*PRE_COMMIT, "validate-config", config], cwd=ROOT, capture_output=True, text=True, check=False
        )
        assert result.returncode == 0, result.stdout + result.stderr
    result = subprocess.run(
        [*PRE_COMMIT, "validate-manifest", ".pre-commit-hooks.yaml"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
