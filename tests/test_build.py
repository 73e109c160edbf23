"""A real Sphinx build of the archive, checked the way a reader would."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

ROOT = Path(__file__).resolve().parents[1]
SEED_DATES = ["2020-11-01", "2020-12-16", "2021-04-26", "2021-07-19", "2022-10-15"]


def _project(tmp: Path) -> Path:
    """A copy of the Sphinx project (conf.py, hand-written pages, raw/)."""
    project = tmp / "project"
    project.mkdir()
    shutil.copy(ROOT / "conf.py", project / "conf.py")
    shutil.copytree(ROOT / "source", project / "source", ignore=shutil.ignore_patterns("digests"))
    shutil.copytree(ROOT / "raw", project / "raw")
    return project


def _build(project: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "sphinx",
            "-b",
            "html",
            "-c",
            ".",
            "-n",
            "-W",
            "--keep-going",
            *extra,
            "source",
            "_build/html",
        ],
        cwd=project,
        capture_output=True,
        text=True,
        check=False,
    )


def _soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = _project(tmp_path_factory.mktemp("archive"))
    result = _build(project, "-j", "2")
    assert result.returncode == 0, result.stderr
    return project


def test_build_has_no_warnings(built: Path) -> None:
    # -W turns any warning into a failure; the fixture asserted success.
    assert (built / "_build/html/index.html").is_file()


def test_every_digest_has_a_page_with_all_its_entries(built: Path) -> None:
    from digest_archive.files import load

    for date in SEED_DATES:
        digest = load(str(built / "raw" / date[:4] / f"{date}.txt")).digest
        assert digest is not None
        page = _soup(built / "_build/html/digests" / date[:4] / f"{date}.html")
        text = page.get_text()
        for index, entry in enumerate(digest.entries, start=1):
            assert entry.title in text
            # Every entry has a stable anchor to link to.
            assert page.find(id=f"digest-{date}-{index}") is not None


def test_archive_index_lists_digests_newest_first_by_year(built: Path) -> None:
    page = _soup(built / "_build/html/digests/index.html")
    years = [h.get_text(strip=True).rstrip("#¶") for h in page.select("section h2")]
    assert years == ["2022", "2021", "2020"]
    links = [a.get_text() for a in page.select("article li a")]
    assert links == sorted(SEED_DATES, reverse=True)


def test_digest_pages_link_their_neighbours(built: Path) -> None:
    page = _soup(built / "_build/html/digests/2021/2021-04-26.html")
    hrefs = {a.get_text(): a["href"] for a in page.select("article a.reference.internal")}
    assert hrefs["2020-12-16"].endswith("2020/2020-12-16.html")
    assert hrefs["2021-07-19"].endswith("2021-07-19.html")


def test_sidebar_does_not_grow_with_the_archive(built: Path) -> None:
    # Digest pages are not in the toctree: the sidebar lists years, not days.
    sidebar = _soup(built / "_build/html/digests/2021/2021-07-19.html").select_one(".sidebar-tree")
    assert sidebar is not None
    assert not any(re.fullmatch(r"\d{4}-\d{2}-\d{2}", a.get_text()) for a in sidebar.find_all("a"))


def test_lint_rule_reference_covers_the_registry(built: Path) -> None:
    from digest_archive.lint import REGISTRY

    page = _soup(built / "_build/html/lint-rules.html")
    for code, rule in REGISTRY.items():
        section = page.find(id=code.lower())
        assert section is not None, code
        assert rule.name in section.h2.get_text()


def test_a_broken_digest_fails_the_build_at_its_line(tmp_path: Path) -> None:
    project = _project(tmp_path)
    broken = project / "raw/2021/2021-07-19.txt"
    lines = broken.read_text(encoding="utf-8").split("\n")
    lines.insert(9, "[Stanford University]")  # an affiliation after the link
    broken.write_text("\n".join(lines), encoding="utf-8")
    result = _build(project)
    assert result.returncode != 0
    assert "raw/2021/2021-07-19.txt:10" in result.stderr
    assert "DA101" in result.stderr


def test_rebuild_without_changes_rewrites_nothing(built: Path) -> None:
    pages = sorted((built / "source/digests").rglob("*.md"))
    before = {path: path.stat().st_mtime_ns for path in pages}
    result = _build(built)
    assert result.returncode == 0, result.stderr
    assert {path: path.stat().st_mtime_ns for path in pages} == before
    assert "0 pages written" in result.stdout
