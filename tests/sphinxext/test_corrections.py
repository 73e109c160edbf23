"""Each entry's "report a problem" and "edit this digest", where the build knows the archive's repository."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from bs4 import BeautifulSoup

from digest_archive.sphinxext.papers.corrections import Repository, find_repository
from support.builds import copy_project, sphinx_build

GITHUB_ACTIONS = {"GITHUB_SERVER_URL": "https://github.com", "GITHUB_REPOSITORY": "owner/archive"}
READ_THE_DOCS = {"READTHEDOCS_GIT_CLONE_URL": "https://github.com/owner/archive.git"}
OURS = "https://github.com/owner/archive"


@pytest.mark.parametrize(
    ("configured", "branch", "environ", "found"),
    [
        # conf.py's value first, whatever the environment says.
        ("https://github.com/me/mine/", "", GITHUB_ACTIONS, Repository("https://github.com/me/mine", "main")),
        ("https://git.example/me/mine.git", "pages", {}, Repository("https://git.example/me/mine", "pages")),
        # GitHub Actions: the branch built, or the one a pull request targets.
        (
            "",
            "",
            {**GITHUB_ACTIONS, "GITHUB_REF_NAME": "main"},
            Repository("https://github.com/owner/archive", "main"),
        ),
        (
            "",
            "",
            {**GITHUB_ACTIONS, "GITHUB_REF_NAME": "12/merge", "GITHUB_BASE_REF": "trunk"},
            Repository(OURS, "trunk"),
        ),
        # Read the Docs gives its clone URL.
        (
            "",
            "",
            {
                "READTHEDOCS_GIT_CLONE_URL": "https://github.com/owner/archive.git",
                "READTHEDOCS_GIT_IDENTIFIER": "v2",
            },
            Repository("https://github.com/owner/archive", "v2"),
        ),
        # Nothing, or an address no link may have: no links.
        ("", "", {}, None),
        ("javascript:alert(1)", "", {}, None),
        ("", "", {"READTHEDOCS_GIT_CLONE_URL": "git@github.com:owner/archive.git"}, None),
    ],
)
def test_the_repository_is_found_where_the_build_runs(
    configured: str, branch: str, environ: dict[str, str], found: Repository | None
) -> None:
    assert find_repository(configured, branch, environ) == found


HOSTILE = """\
1、[LG] A "quoted" <script>alert(1)</script> & Title
A Newcomer
[Nowhere University]
一篇标题里有引号和尖括号的论文。
An abstract.
https://arxiv.org/abs/2210.09999
"""


def _soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


@pytest.mark.slow
def test_each_entry_offers_a_prefilled_issue_and_the_raw_file_in_the_editor(tmp_path: Path) -> None:
    project = copy_project(tmp_path)
    (project / "raw/2022/2022-10-20.txt").write_text(HOSTILE, encoding="utf-8")
    result = sphinx_build(project, "-j", "2", "-D", "digest_repository=https://github.com/example/archive")
    assert result.returncode == 0, result.stderr
    html = project / "_build/html/digests"
    page = _soup(html / "2021/2021-04-26.html")
    entries = page.select("section.digest-entry")
    assert len(page.select(".digest-report")) == len(entries) == len(page.select(".digest-edit"))
    muesli = next(entry for entry in entries if "Muesli" in entry.find(["h2", "h3"]).get_text())
    report = urlsplit(muesli.select_one(".digest-report")["href"])
    assert (report.netloc, report.path) == ("github.com", "/example/archive/issues/new")
    asked = {key: value for key, (value,) in parse_qs(report.query).items()}
    # The repository's correction form, its fields filled in by their ids.
    assert asked["template"] == "correction.yml"
    assert asked["title"].startswith("更正：2021-04-26 摘要第 8 篇：Muesli: Combining Improvements")
    first, last = 82, 89
    assert asked["entry"] == "2021-04-26 摘要第 8 篇：Muesli: Combining Improvements in Policy Optimization"
    assert asked["lines"] == f"raw/2021/2021-04-26.txt 第 {first}–{last} 行"
    edit = muesli.select_one(".digest-edit")
    assert edit["href"] == "https://github.com/example/archive/edit/main/raw/2021/2021-04-26.txt"
    assert edit["title"] == f"raw/2021/2021-04-26.txt 第 {first} 行"

    # A title that is markup stays text: in the issue's title as written, nowhere in the page as a tag.
    written = (html / "2022/2022-10-20.html").read_text(encoding="utf-8")
    assert "<script>alert(1)" not in written
    (hostile,) = _soup(html / "2022/2022-10-20.html").select(".digest-report")
    title = parse_qs(urlsplit(hostile["href"]).query)["title"][0]
    assert title.endswith('A "quoted" <script>alert(1)</script> & Title')


@pytest.mark.slow
def test_without_a_repository_no_entry_offers_either(built_archive: Path) -> None:
    page = _soup(built_archive / "_build/html/digests/2021/2021-04-26.html")
    assert page.select("section.digest-entry")
    assert not page.select(".digest-report, .digest-edit")
