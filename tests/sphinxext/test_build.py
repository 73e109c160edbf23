"""A real Sphinx build of the archive, checked the way a reader would."""

from __future__ import annotations

import gc
import gzip
import io
import json
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup
from sphinx.application import Sphinx
from sphinx.errors import ExtensionError
from sphinx.util.docutils import docutils_namespace

from digest_archive.model import SummaryPart
from digest_archive.render.digest import render_digest
from digest_archive.search.files import COMPRESSED
from digest_archive.search.store import INDEX_DIR, MANIFEST
from digest_archive.sphinxext.names import pages as name_pages
from support.builds import copy_project, sphinx_build, sphinx_doctree, sphinx_page
from support.collisions import COLLIDING, cases, colliding
from support.labelled import LABELLED_PARTS, labelled_digest
from support.paths import REPO_ROOT
from support.seeds import NEW_DIGEST, page_of

# A test that builds the archive with Sphinx, or reads the one built_archive built, is slow;
# a page read in-process (sphinx_page, a build of one page) is not.

SEED_DATES = ["2020-11-01", "2020-12-16", "2021-04-26", "2021-07-19", "2022-10-15"]
#: The pages search indexes: every digest and every hand-written page (listings are left out).
SEARCHED = len(SEED_DATES) + len(list((REPO_ROOT / "source").glob("*.md")))


def _soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


@pytest.fixture
def built(built_archive: Path) -> Path:
    return built_archive


@pytest.mark.slow
def test_build_has_no_warnings(built: Path) -> None:
    # -W turns any warning into a failure; the fixture asserted success.
    assert (built / "_build/html/index.html").is_file()


@pytest.mark.slow
def test_every_digest_has_a_page_with_all_its_entries(built: Path) -> None:
    from digest_archive.archive.files import load_all

    for date in SEED_DATES:
        (loaded,) = load_all([str(built / "raw" / date[:4] / f"{date}.txt")])
        digest = loaded.digest
        assert digest is not None
        page = _soup(built / "_build/html/digests" / date[:4] / f"{date}.html")
        text = page.get_text()
        for index, entry in enumerate(digest.entries, start=1):
            assert entry.title in text
            # Every entry has a stable anchor to link to.
            assert page.find(id=f"digest-{date}-{index}") is not None


@pytest.mark.slow
def test_archive_index_lists_the_latest_digests_and_every_year(built: Path) -> None:
    page = _soup(built / "_build/html/digests/index.html")
    headings = [h.get_text(strip=True).rstrip("#¶") for h in page.select("section h2")]
    assert headings == ["最新", "按年份"]
    latest, years = page.select("article section ul")
    assert [a.get_text() for a in latest.select("a")] == sorted(SEED_DATES, reverse=True)
    assert [li.get_text() for li in years.select("li")] == [
        "2022: 1 期，9 篇论文",
        "2021: 2 期，18 篇论文",
        "2020: 2 期，18 篇论文",
    ]
    assert years.a["href"] == "2022/index.html"


@pytest.mark.slow
def test_a_year_page_lists_its_digests_once_in_html(built: Path) -> None:
    # Its toctree, every digest as a chapter, is for the year's PDF volume.
    page = _soup(built / "_build/html/digests/2021/index.html")
    # Once in its list; its month's calendar links it too.
    links = [a["href"] for a in page.select("article li a.reference.internal")]
    assert links == ["2021-07-19.html", "2021-04-26.html"]
    assert not page.select("article .toctree-wrapper")


@pytest.mark.slow
def test_the_home_page_lists_the_latest_digests(built: Path) -> None:
    latest = _soup(built / "_build/html/index.html").select_one("div.digest-latest")
    heading = latest.select_one("p.digest-home-day")
    assert heading.a["href"] == "digests/2022/2022-10-15.html"
    assert heading.get_text() == "2022年10月15日 · 9 篇论文"
    assert len(latest.select(".digest-home-card")) == 9
    before = latest.select(".digest-home-before > li")
    assert [item.a["href"] for item in before] == [
        f"digests/{date[:4]}/{date}.html" for date in ("2021-07-19", "2021-04-26", "2020-12-16", "2020-11-01")
    ]


@pytest.mark.slow
def test_digest_pages_link_their_neighbours(built: Path) -> None:
    page = _soup(built / "_build/html/digests/2021/2021-04-26.html")
    # At the top of the page and at its bottom.
    blocks = page.select("article div.digest-neighbours")
    assert [[a["href"] for a in block.select("a.reference.internal")] for block in blocks] == 2 * [
        ["../2020/2020-12-16.html", "2021-07-19.html"]
    ]


@pytest.mark.slow
def test_the_links_between_digests_are_not_searched(built: Path) -> None:
    index = built / "_build/html/_search"
    manifest = json.loads((index / "manifest.json").read_text(encoding="utf-8"))
    number = manifest["pages"]["digests/2021/2021-04-26"]
    page = json.loads(gzip.decompress((index / f"pages/{number}{COMPRESSED}").read_bytes()))
    assert page["url"] == "digests/2021/2021-04-26.html"
    text = json.dumps(page, ensure_ascii=False)
    assert "Neural Tangent Kernel" in text
    assert "2020-12-16" not in text
    assert "previous" not in text


@pytest.mark.slow
def test_sidebar_does_not_grow_with_the_archive(built: Path) -> None:
    # Digest pages are not in the toctree: the sidebar lists years, not days.
    sidebar = _soup(built / "_build/html/digests/2021/2021-07-19.html").select_one(".sidebar-tree")
    assert sidebar is not None
    assert not any(re.fullmatch(r"\d{4}-\d{2}-\d{2}", a.get_text()) for a in sidebar.find_all("a"))


@pytest.mark.slow
def test_the_about_page_says_whose_digests_these_are_in_both_languages(built: Path) -> None:
    """Issue 39: the content notice, in English and, marked as Chinese, in Chinese."""
    about = _soup(built / "_build/html/about.html")
    section = about.select_one("section#about-credit")
    assert section is not None and "claims no right in them" in section.get_text()
    # docutils writes a "language-zh-Hans" class as the lang attribute, in lower case (BCP 47 ignores case).
    (chinese,) = [div for div in section.select("div[lang]") if div["lang"].lower() == "zh-hans"]
    text = chinese.get_text()
    assert "不主张任何权利" in text and "删除请求表单" in text and "weibo.com/1402400261" in text


@pytest.mark.slow
def test_lint_rule_reference_covers_the_registry(built: Path) -> None:
    from digest_archive.lint import REGISTRY

    page = _soup(built / "_build/html/lint-rules.html")
    for code, rule in REGISTRY.items():
        section = page.find(id=code.lower())
        assert section is not None, code
        assert rule.name in section.h2.get_text()


@pytest.mark.slow
def test_a_broken_digest_fails_the_build_at_its_line(tmp_path: Path) -> None:
    project = copy_project(tmp_path)
    broken = project / "raw/2021/2021-07-19.txt"
    lines = broken.read_text(encoding="utf-8").split("\n")
    lines.insert(9, "[Stanford University]")  # an affiliation after the link
    broken.write_text("\n".join(lines), encoding="utf-8")
    for run in range(2):  # the second time from what the first one kept of the raw files
        result = sphinx_build(project)
        assert result.returncode != 0
        assert "raw/2021/2021-07-19.txt:10:1: DA101 " in result.stderr
        assert "digest: the build stopped before writing any page: 1 digest with lint errors" in result.stderr
        assert "Traceback" not in result.stderr
        # What lint refuses never reaches a page: none is written, none is read.
        assert not (project / "source/digests").joinpath("2021").exists()
        assert "reading sources" not in result.stdout
        # The second time, no raw file is read again: the first build kept what it found.
        assert ("reading raw digests... \n" in result.stdout) is (run == 1)


@pytest.mark.slow
def test_a_digest_lint_refuses_is_refused_before_any_page_is_rendered(tmp_path: Path) -> None:
    # Nearly a megabyte of summary points: the build rendered all 142,000 of
    # them (21-25 s, 620 MB) before it failed on lint's finding.
    project = copy_project(tmp_path)
    hostile = project / "raw/2021/2021-04-27.txt"
    hostile.write_text("1、[LG] T\nA B\n[U]\n中文标题\n要点:\n" + "一个要点。\n" * 62_000, encoding="utf-8")
    result = sphinx_build(project)
    assert result.returncode == 1
    assert "raw/2021/2021-04-27.txt:" in result.stderr and " DA112 " in result.stderr
    assert "the build stopped before writing any page" in result.stderr
    assert not list((project / "source/digests").rglob("*.md"))
    assert not (project / "_build/html/digests").exists()


@pytest.mark.slow
@pytest.mark.parametrize(
    "table",
    [
        'ignore = ["DA1"]',
        'per-file-ignores = { "raw/2021/2021-07-19.txt" = ["DA101"] }',
        'select = ["DA2"]',
    ],
)
def test_what_the_lint_configuration_ignores_does_not_fail_the_build(tmp_path: Path, table: str) -> None:
    # digest lint, pre-commit and the build must agree on the same file: a
    # maintainer who ignores a rule in pyproject.toml should not see it stop make html.
    project = copy_project(tmp_path)
    broken = project / "raw/2021/2021-07-19.txt"
    lines = broken.read_text(encoding="utf-8").split("\n")
    lines.insert(9, "[Stanford University]")
    broken.write_text("\n".join(lines), encoding="utf-8")
    (project / "pyproject.toml").write_text(f"[tool.digest.lint]\n{table}\n", encoding="utf-8")
    lint = subprocess.run(
        [sys.executable, "-m", "digest_archive", "lint", "raw"], cwd=project, capture_output=True, text=True
    )
    assert lint.returncode == 0, lint.stdout
    result = sphinx_build(project)
    assert result.returncode == 0, result.stderr
    assert "DA101" not in result.stderr


@pytest.mark.slow
def test_a_lint_configuration_digest_lint_refuses_stops_the_build(tmp_path: Path) -> None:
    project = copy_project(tmp_path)
    (project / "pyproject.toml").write_text('[tool.digest.lint]\nignore = ["DA999"]\n', encoding="utf-8")
    result = sphinx_build(project)
    assert result.returncode != 0
    assert "unknown rule code DA999" in result.stderr


@pytest.mark.slow
def test_rebuild_without_changes_rewrites_nothing(built: Path) -> None:
    pages = sorted((built / "source/digests").rglob("*.md"))
    index = sorted((built / "_build/html/_search").rglob("*"))
    before = {path: path.stat().st_mtime_ns for path in pages + index}
    result = sphinx_build(built)
    assert result.returncode == 0, result.stderr
    assert {path: path.stat().st_mtime_ns for path in pages + index} == before
    assert "5 raw digests, 0 read again; 0 pages written" in result.stdout
    assert "0 pages of authors and affiliations written, 0 removed" in result.stdout
    assert f"search index of {SEARCHED} pages; 0 re-indexed, 0 index files rewritten" in result.stdout


@pytest.mark.slow
def test_name_pages_of_another_version_are_written_again(built: Path) -> None:
    (manifest,) = built.glob(f"_build/**/{name_pages.MANIFEST}")
    kept = json.loads(manifest.read_text(encoding="utf-8"))
    assert kept["version"] == name_pages.VERSION
    manifest.write_text(json.dumps({**kept, "version": name_pages.VERSION - 1}), encoding="utf-8")
    result = sphinx_build(built)
    assert result.returncode == 0, result.stderr
    written = sum(len(names) for names in kept["names"].values())
    assert f"{written} pages of authors and affiliations written, 0 removed" in result.stdout
    assert json.loads(manifest.read_text(encoding="utf-8")) == kept


# --- the digest domain -----------------------------------------------------------------------


def _listed(project: Path, kind: str, name: str) -> str:
    """The page (below the HTML folder) that lists ``name``, as ``objects.inv`` says."""
    return _inventory(project)[f"digest:{kind}"][name].split("#")[0]


def _inventory(project: Path) -> dict[str, dict[str, str]]:
    """objects.inv as {type: {name: uri}}, read back with Sphinx's own reader."""
    from sphinx.util.inventory import InventoryFile

    with (project / "_build/html/objects.inv").open("rb") as stream:
        inventory = InventoryFile.load(stream, "", lambda base, uri: uri)
    return {
        typ: {name: item.uri for name, item in items.items()}
        for typ, items in inventory.items()
        if typ.startswith("digest:")
    }


def _all_digests(project: Path):
    from digest_archive.archive.files import load_all

    return [loaded.digest for loaded in load_all([str(project / "raw")]) if loaded.digest]


@pytest.mark.slow
def test_inventory_has_every_paper_and_author(built: Path) -> None:
    from digest_archive.render.cite import citation_keys

    inventory = _inventory(built)
    digests = _all_digests(built)
    keys = citation_keys(digests)
    assert len(inventory["digest:paper"]) == 45
    assert set(inventory["digest:paper"]) == set(keys.values())
    authors = {author for digest in digests for entry in digest.entries for author in entry.authors}
    assert set(inventory["digest:author"]) == authors
    assert inventory["digest:paper"]["kunin2020neural"] == "digests/2020/2020-12-16.html#kunin2020neural"
    ganguli = inventory["digest:author"]["S Ganguli"]
    # The author's own page, with no anchor: the page is the author's.
    assert re.fullmatch(r"digests/authors/names/ganguli_s-[0-9a-f]{12}\.html", ganguli)
    assert _soup(built / "_build/html" / ganguli).select_one("article h1").get_text() == "S Ganguli"
    assert inventory["digest:category"]["LG"] == "digests/categories/LG.html#category-LG"
    assert "LG" in inventory["digest:category"]
    assert "Stanford University" in inventory["digest:affiliation"]


@pytest.mark.slow
def test_hand_written_page_cites_papers_and_authors(built: Path) -> None:
    page = _soup(built / "_build/html/citing.html")
    hrefs = {a.get_text(): a["href"] for a in page.select("table a.reference.internal")}
    assert hrefs["Neural Mechanics: Symmetry and Broken Conservation Laws in Deep Learning Dynamics"] == (
        "digests/2020/2020-12-16.html#kunin2020neural"
    )
    assert hrefs["Muesli: Combining Improvements in Policy Optimization"].endswith("#hessel2021muesli")
    authors = _inventory(built)["digest:author"]
    assert hrefs["S Ganguli"] == authors["S Ganguli"]
    assert hrefs["L Fei-Fei"] == authors["L Fei-Fei"]  # the full {digest:author} form
    assert (
        hrefs[
            "Deep learning versus kernel learning: an empirical study of loss landscape geometry and "
            "the time evolution of the Neural Tangent Kernel"
        ]
        == "digests/2020/2020-11-01.html#fort2020deep"
    )
    # The anchors exist where the links point.
    digest_page = _soup(built / "_build/html/digests/2020/2020-12-16.html")
    assert digest_page.find(id="kunin2020neural") is not None


@pytest.mark.slow
def test_an_author_s_page_lists_all_their_papers_newest_first(built: Path) -> None:
    page = _soup(built / "_build/html" / _listed(built, "author", "S Ganguli"))
    papers = [link["href"] for link in page.select(".digest-name-papers a")]
    digests = [href.split("#")[0].rsplit("/", 1)[-1] for href in papers]
    assert digests == ["2022-10-15.html", "2021-07-19.html", "2020-12-16.html", "2020-11-01.html"]
    assert papers[2] == "../../2020/2020-12-16.html#kunin2020neural"
    assert page.select_one(".digest-name-summary").get_text() == "作者 · 4 篇论文，2020–2022"
    facts = {term.get_text(): term.find_next_sibling("dd") for term in page.select(".digest-name-facts dt")}
    assert set(facts) == {"年份", "分类", "合作者", "机构"}
    coauthors = [link.get_text() for link in facts["合作者"].select("a")]
    assert 0 < len(coauthors) <= 10
    assert "S Ganguli" not in coauthors
    levine = _soup(built / "_build/html" / _listed(built, "author", "S Levine"))
    assert len(levine.select(".digest-name-papers li")) == 4


@pytest.mark.slow
def test_every_paper_has_a_copyable_bibtex_block(built: Path) -> None:
    page = _soup(built / "_build/html/digests/2021/2021-04-26.html")
    blocks = [pre.get_text() for pre in page.select("details .highlight-bibtex pre")]
    assert len(blocks) == 9
    assert blocks[7].startswith("@misc{hessel2021muesli,")
    assert page.find("script", src=re.compile("clipboard.min.js")) is not None  # sphinx-copybutton


@pytest.mark.slow
def test_digest_pages_link_authors_and_affiliations_to_their_own_pages(built: Path) -> None:
    digest = built / "_build/html/digests/2020/2020-12-16.html"
    links = _card_links(digest)
    assert re.fullmatch(r"\.\./authors/names/ganguli_s-[0-9a-f]{12}\.html", links["S Ganguli"])
    inventory = _inventory(built)
    assert _landing(digest, links["S Ganguli"]) == _landing(
        built / "_build/html/x", inventory["digest:author"]["S Ganguli"]
    )
    stanford = inventory["digest:affiliation"]["Stanford University"]
    assert _landing(digest, links["Stanford University"]) == _landing(built / "_build/html/x", stanford)
    own = _soup(digest.parent / links["Stanford University"])
    assert own.select_one("article h1").get_text() == "Stanford University"
    chips = _soup(digest).select(".digest-paper a.digest-chip")
    assert {chip.select_one(".digest-category").get_text(): chip["href"] for chip in chips}["LG"] == (
        "../categories/LG.html#category-LG"
    )


def _landing(page: Path, href: str) -> Path:
    """The file a link ``href`` on ``page`` opens."""
    return (page.parent / href).resolve()


@pytest.mark.slow
def test_a_category_lists_its_months_and_each_month_its_papers(built: Path) -> None:
    page = _soup(built / "_build/html/digests/categories/LG.html")
    assert page.find(id="category-LG") is not None
    months = {link.get_text(): link["href"] for link in page.select("article li a")}
    assert months["12月"] == "LG/2020-12.html"
    month = _soup(built / "_build/html/digests/categories/LG/2020-12.html")
    papers = [link["href"] for link in month.select("ul.digest-papers a")]
    assert "../../2020/2020-12-16.html#kunin2020neural" in papers


@pytest.mark.slow
def test_a_wrong_key_fails_the_build_naming_it(tmp_path: Path) -> None:
    project = copy_project(tmp_path)
    page = project / "source/citing.md"
    page.write_text(page.read_text(encoding="utf-8") + "\nSee {paper}`kunin2099neural`.\n", encoding="utf-8")
    result = sphinx_build(project)
    assert result.returncode != 0
    assert "citing.md" in result.stderr
    assert "no archived paper has the key or title 'kunin2099neural'" in result.stderr


@pytest.mark.slow
def test_serial_and_parallel_builds_agree(built: Path, tmp_path: Path) -> None:
    serial = copy_project(tmp_path)
    result = sphinx_build(serial, "-j", "1")
    assert result.returncode == 0, result.stderr
    assert _inventory(serial) == _inventory(built)
    site = built / "_build/html"

    def pages_and_index(site: Path) -> list[Path]:
        # The search index as a browser reads it (the manifest keeps when each page was read).
        index = [path for path in (site / INDEX_DIR).rglob("*") if path.is_file() and path.name != MANIFEST]
        return sorted(page.relative_to(site) for page in [*site.rglob("*.html"), *index])

    pages = pages_and_index(site)
    assert pages == pages_and_index(serial / "_build/html")
    for page in pages:
        assert (serial / "_build/html" / page).read_bytes() == (site / page).read_bytes(), page


@pytest.mark.slow
def test_adding_and_removing_a_digest_rebuilds_only_what_changes(tmp_path: Path) -> None:
    project = copy_project(tmp_path)
    assert sphinx_build(project, "-j", "2").returncode == 0
    new = project / "raw/2022/2022-10-20.txt"
    new.write_text(NEW_DIGEST, encoding="utf-8")

    result = sphinx_build(project, "-j", "2")
    assert result.returncode == 0, result.stderr
    # The new page, its neighbour's (next link), the year (the root of its
    # PDF volume) and archive indices, the indices of authors and
    # affiliations (their counts), its category's page, that category's
    # month, and the categories with their counts. Sphinx reads just those,
    # and the statistics page, whose plots it changed. The builder writes
    # the own pages of its names: two authors and an affiliation.
    assert "9 pages written" in result.stdout
    assert "updating environment: 1 added, 9 changed, 0 removed" in result.stdout
    assert "3 pages of authors and affiliations written, 0 removed" in result.stdout
    # Only the new digest: the links between digests are not searched, so
    # its neighbour's text did not change.
    assert f"digest: search index of {SEARCHED + 1} pages; 1 re-indexed" in result.stdout
    inventory = _inventory(project)
    assert inventory["digest:paper"]["ganguli2022deep"] == "digests/2022/2022-10-20.html#ganguli2022deep"
    assert "A Newcomer" in inventory["digest:author"]
    newcomer = project / "_build/html" / inventory["digest:author"]["A Newcomer"]
    ganguli = _soup(project / "_build/html" / _listed(project, "author", "S Ganguli"))
    assert ganguli.select_one(".digest-name-papers a")["href"].endswith("2022-10-20.html#ganguli2022deep")

    page = project / "_build/html/digests/2022/2022-10-20.html"
    assert page.is_file()
    new.unlink()
    result = sphinx_build(project, "-j", "2")
    assert result.returncode == 0, result.stderr
    # Its page is gone from the output too (issue 38), and so from the cache and the site.
    assert not page.exists()
    assert "digest: the pages of 1 removed documents removed from the output" in result.stdout
    inventory = _inventory(project)
    assert "ganguli2022deep" not in inventory["digest:paper"]
    assert "A Newcomer" not in inventory["digest:author"]
    # The newcomer's page is gone; the two others are written again.
    assert not newcomer.exists()
    assert "2 pages of authors and affiliations written, 1 removed" in result.stdout
    assert len(inventory["digest:paper"]) == 45
    assert f"digest: search index of {SEARCHED} pages; 1 re-indexed" in result.stdout


def test_a_build_in_process_leaves_the_garbage_collector_as_it_was() -> None:
    # The build freezes its heap and collects less often, for speed; a
    # process that builds again (tests, a live-reload server) must get the
    # collector back as it was, or it would keep the garbage of every build.
    before = gc.get_threshold()
    sphinx_doctree("# A page\n\nSome text.\n")
    assert gc.get_freeze_count() == 0
    assert gc.get_threshold() == before


def test_an_html_build_lets_go_of_the_doctrees_it_resolved() -> None:
    # Sphinx keeps the bytes of every doctree it loads until a build ends,
    # a quarter of a gigabyte at 4,000 digests; HTML resolves a page once.
    with sphinx_page("# A page\n\nSome text.\n", builder="html") as (app, _, _):
        assert "page" not in app.env._pickled_doctree_cache


@pytest.mark.slow
def test_one_more_digest_writes_the_pages_of_its_own_names_alone(tmp_path: Path) -> None:
    project = copy_project(tmp_path)
    assert sphinx_build(project, "-j", "2").returncode == 0
    html = project / "_build/html/digests"
    own = sorted(html.glob("*/names/*.html"))
    before = {path: path.stat().st_mtime_ns for path in own}
    old = html / "2020/2020-12-16.html"
    card_before = old.read_bytes()

    _write(project / "raw/2022/2022-10-20.txt")
    assert sphinx_build(project, "-j", "2").returncode == 0
    inventory = _inventory(project)
    theirs = {
        (project / "_build/html" / inventory[f"digest:{kind}"][name]).resolve()
        for kind, name in [
            ("author", "S Ganguli"),
            ("author", "A Newcomer"),
            ("affiliation", "Stanford University"),
        ]
    }
    rewritten = {path.resolve() for path in own if path.stat().st_mtime_ns != before[path]}
    added = {path.resolve() for path in html.glob("*/names/*.html")} - {path.resolve() for path in own}
    assert rewritten | added == theirs
    # An older digest's page, which links S Ganguli's page, is not written again.
    assert old.read_bytes() == card_before


@pytest.mark.slow
def test_names_filed_again_from_the_changed_digests_alone_are_those_of_a_build_from_scratch(
    tmp_path: Path,
) -> None:
    # One build files again only the names of the digests Sphinx read again
    # or removed: an author taken off a paper, a digest more, a digest gone.
    (tmp_path / "growing").mkdir()
    (tmp_path / "scratch").mkdir()
    project = copy_project(tmp_path / "growing")
    assert sphinx_build(project, "-j", "2").returncode == 0
    html = project / "_build/html"
    gone = html / _inventory(project)["digest:author"]["J Sagastuy-Brena"].split("#")[0]
    assert gone.is_file()
    edited = project / "raw/2020/2020-12-16.txt"
    edited.write_text(edited.read_text(encoding="utf-8").replace("J Sagastuy-Brena, ", ""), encoding="utf-8")
    result = sphinx_build(project, "-j", "2")
    assert result.returncode == 0, result.stderr
    assert not gone.exists()
    # That digest's names alone (its neighbours' links did not change).
    filed, names = map(int, re.search(r"(\d+) of (\d+) names filed again", result.stdout).groups())
    assert 0 < filed < names / 2
    _write(project / "raw/2022/2022-10-20.txt")
    (project / "raw/2021/2021-07-19.txt").unlink()
    assert sphinx_build(project, "-j", "2").returncode == 0

    scratch = copy_project(tmp_path / "scratch")
    shutil.rmtree(scratch / "raw")
    shutil.copytree(project / "raw", scratch / "raw")
    assert sphinx_build(scratch, "-j", "2").returncode == 0
    (grown,) = project.glob(f"_build/**/{name_pages.MANIFEST}")
    (built,) = scratch.glob(f"_build/**/{name_pages.MANIFEST}")
    assert (
        json.loads(grown.read_text(encoding="utf-8"))["names"]
        == json.loads(built.read_text(encoding="utf-8"))["names"]
    )
    pages = {path.relative_to(html) for path in html.glob("digests/*/names/**/*.html")}
    fresh = scratch / "_build/html"
    assert pages == {path.relative_to(fresh) for path in fresh.glob("digests/*/names/**/*.html")}


@pytest.mark.slow
def test_a_build_stopped_after_reading_leaves_the_next_to_file_every_name_again(tmp_path: Path) -> None:
    # The stopped build read the edited digest and kept it in Sphinx's
    # environment, so the next reads nothing: the names its paper had are
    # known to no build, and every name is filed again.
    project = copy_project(tmp_path)
    assert _build_in_process(project) == ""
    html = project / "_build/html"
    gone = html / _inventory(project)["digest:author"]["J Sagastuy-Brena"].split("#")[0]
    edited = project / "raw/2020/2020-12-16.txt"
    edited.write_text(edited.read_text(encoding="utf-8").replace("J Sagastuy-Brena, ", ""), encoding="utf-8")

    def stop(app: Sphinx) -> list[Any]:
        raise RuntimeError("stopped before the names' pages")

    with pytest.raises(ExtensionError, match="stopped before"):
        _build_in_process(project, connect={"html-collect-pages": stop})
    assert gone.is_file()
    assert _build_in_process(project) == ""
    assert not gone.exists()


@pytest.mark.slow
def test_a_paper_more_writes_its_name_s_page_and_its_year_s_page_of_all_the_years(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # S Ganguli's four papers, of 2020, 2021 and 2022, listed a year a page.
    monkeypatch.setattr(name_pages, "HEAVY", 2)
    project = copy_project(tmp_path)
    assert _build_in_process(project) == ""
    page = project / "_build/html" / _inventory(project)["digest:author"]["S Ganguli"].split("#")[0]
    years = {path.stem: path for path in page.with_suffix("").glob("*.html")}
    assert sorted(years) == ["2020", "2021", "2022"]
    before = {year: path.stat().st_mtime_ns for year, path in years.items()} | {"": page.stat().st_mtime_ns}

    _write(project / "raw/2022/2022-10-20.txt")
    assert _build_in_process(project) == ""
    after = {year: path.stat().st_mtime_ns for year, path in years.items()} | {"": page.stat().st_mtime_ns}
    assert {year for year in after if after[year] != before[year]} == {"", "2022"}
    assert "Deep Learning on a Budget" in years["2022"].read_text(encoding="utf-8")
    assert "Deep Learning on a Budget" not in years["2021"].read_text(encoding="utf-8")


def _build_in_process(
    project: Path, connect: dict[str, Callable[..., Any]] | None = None, **overrides: object
) -> str:
    """An HTML build of ``project`` in this process (so a test can patch the package); its warnings.

    ``connect`` adds handlers of Sphinx events, before the archive's own.
    """
    warnings = io.StringIO()
    with docutils_namespace():
        app = Sphinx(
            str(project / "source"),
            str(project),
            str(project / "_build/html"),
            str(project / "_build/html/.doctrees"),
            "html",
            confoverrides=overrides,
            status=None,
            warning=warnings,
        )
        for event, handler in (connect or {}).items():
            app.connect(event, handler, priority=100)
        app.build()
    return warnings.getvalue()


@pytest.mark.slow
@pytest.mark.parametrize("digits", [12, 2])
def test_names_that_collide_each_have_their_own_pages(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, digits: int
) -> None:
    """Two authors whose hashes collide, and an affiliation named Index, each keep a page of their own.

    Twelve hex digits of hash let a search of 33 s find two names that
    differ in case and would share one page: a pair found so, and, with two
    digits, a pair found among the cases of one name. And "Index" must not
    take its folder's index page.
    """
    from digest_archive.render import names

    if digits == 12:
        first, second = COLLIDING
    else:
        monkeypatch.setattr(names, "HASH_DIGITS", digits)
        first, second = colliding("author", cases("Kai Zhang"))
    project = copy_project(tmp_path)
    digest = f"1、[LG] Deep Learning on a Budget\n{first}, {second}\n[Index]\n预算内的深度学习。\n"
    digest += "We study deep learning on a budget.\nhttps://arxiv.org/abs/2104.09999\n"
    (project / "raw/2021/2021-05-01.txt").write_text(digest, encoding="utf-8")
    assert _build_in_process(project) == ""
    html = project / "_build/html/digests"
    assert _soup(html / "affiliations/index.html").h1.get_text().startswith("机构")
    page = html / "2021/2021-05-01.html"
    links = _card_links(page)
    assert links[first] != links[second]
    for name in (first, second, "Index"):
        assert _soup(_landing(page, links[name])).select_one("article h1").get_text() == name
    assert _landing(page, links["Index"]).name != "index.html"


def _write(path: Path) -> str:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(NEW_DIGEST, encoding="utf-8")
    return str(path)


def _card_links(path: Path) -> dict[str, str]:
    return {link.get_text(): link["href"] for link in _soup(path).select(".digest-paper a")}


@pytest.mark.slow
def test_a_year_page_has_a_calendar_of_each_month_with_a_digest(built: Path) -> None:
    calendars = _soup(built / "_build/html/digests/2021/index.html").select("div.digest-calendar table")
    # April and July, newest first.
    assert len(calendars) == 2
    july, april = calendars
    assert [th.get_text() for th in april.select("thead th")] == ["一", "二", "三", "四", "五", "六", "日"]
    # 26 April 2021 was a Monday: the first day of its row, and the month's only link.
    (link,) = april.select("a")
    assert (link.get_text(), link["href"]) == ("26", "2021-04-26.html")
    assert link.find_parent("tr").select("td")[0].a is link
    assert [a["href"] for a in july.select("a")] == ["2021-07-19.html"]
    assert len(april.select("tbody td")) == 5 * 7


@pytest.mark.slow
def test_a_digest_page_opens_the_sidebar_on_its_year(built: Path) -> None:
    page = _soup(built / "_build/html/digests/2021/2021-04-26.html")
    current = page.select(".sidebar-tree li.current")
    assert [item.a.get_text() for item in current] == ["存档", "2021"]
    # furo opens an item whose checkbox is checked.
    assert all(item.find("input", recursive=False).has_attr("checked") for item in current)
    assert current[1].a["href"] == "index.html"


#: A build stopped as it finishes, before the archive indexes what it wrote (Ctrl-C then).
_STOPPED_BEFORE_INDEXING = """

def setup(app):
    def stop(app, exception):
        raise KeyboardInterrupt

    app.connect("build-finished", stop, priority=100)
"""


@pytest.mark.slow
def test_a_build_stopped_before_indexing_is_healed_by_the_next(tmp_path: Path) -> None:
    project = copy_project(tmp_path)
    assert sphinx_build(project, "-j", "2").returncode == 0
    digest = project / "raw/2021/2021-04-26.txt"
    digest.write_text(digest.read_text(encoding="utf-8").replace("Muesli", "Granola"), encoding="utf-8")
    conf = project / "conf.py"
    original = conf.read_text(encoding="utf-8")
    conf.write_text(original + _STOPPED_BEFORE_INDEXING, encoding="utf-8")
    assert sphinx_build(project, "-j", "2").returncode != 0
    conf.write_text(original, encoding="utf-8")

    # Sphinx read and wrote the page in the stopped build: now nothing is out
    # of date, and the page is not written again; the index learns of it all the same.
    result = sphinx_build(project, "-j", "2")
    assert result.returncode == 0, result.stderr
    assert "1 re-indexed" in result.stdout
    index = project / "_build/html/_search"
    numbers = json.loads((index / "manifest.json").read_text(encoding="utf-8"))["pages"]
    number = numbers["digests/2021/2021-04-26"]
    page = gzip.decompress((index / f"pages/{number}{COMPRESSED}").read_bytes()).decode("utf-8")
    assert "Granola" in page
    assert "Muesli" not in page


@pytest.mark.slow
def test_pages_indexed_from_the_doctrees_are_the_pages_written(tmp_path: Path) -> None:
    # A build that writes nothing reads each page for the index from its
    # doctree (a digest's unresolved): what a reader finds must not depend
    # on which way a page came to the index.
    project = copy_project(tmp_path)
    assert sphinx_build(project, "-j", "2").returncode == 0
    index = project / "_build/html/_search"

    def indexed() -> dict[str, str]:
        numbers = json.loads((index / "manifest.json").read_text(encoding="utf-8"))["pages"]
        return {
            name: gzip.decompress((index / f"pages/{n}{COMPRESSED}").read_bytes()).decode("utf-8")
            for name, n in numbers.items()
        }

    written = indexed()
    shutil.rmtree(index)
    result = sphinx_build(project, "-j", "2")
    assert result.returncode == 0, result.stderr
    assert f"{len(written)} re-indexed" in result.stdout
    assert indexed() == written


# --- labelled summaries (the layout from 2023 on) ---------------------------------------------


def _labelled_page(parts: list[SummaryPart] = LABELLED_PARTS) -> str:
    return render_digest(page_of(labelled_digest(parts)))


def test_a_labelled_summary_is_a_chinese_definition_list_in_the_html() -> None:
    with sphinx_page(_labelled_page(), builder="html") as (app, _, warnings):
        assert warnings.getvalue() == ""
        page = _soup(Path(app.outdir) / "page.html")
    labelled = page.find(id="digest-2023-03-01-1")
    (summary,) = labelled.select("div.digest-summary[lang=zh-hans] > dl")
    assert [dt.get_text() for dt in summary.find_all("dt")] == [part.label for part in LABELLED_PARTS]
    points = summary.find_all("dd")[0].select("ul > li")
    assert [li.get_text(strip=True) for li in points] == LABELLED_PARTS[0].points
    texts = [dd.get_text(strip=True) for dd in summary.find_all("dd")[1:]]
    assert texts == [part.text for part in LABELLED_PARTS[1:]]
    assert labelled.get_text().count("现有方法的行为过于简单") == 1
    # The older layout's summary is still its paragraphs, in a Chinese block.
    older = page.find(id="digest-2023-03-01-2")
    assert older.find("dl") is None
    blocks = [[p.get_text() for p in div.find_all("p")] for div in older.select("div[lang=zh-hans]")]
    assert blocks == [["旧版摘要的第一段。", "旧版摘要的第二段。"]]


def test_hostile_parts_are_text_in_the_html() -> None:
    hostile = "</dl><script>alert(1)</script>`x` {y} :::"
    parts = [
        SummaryPart(label=hostile, points=[hostile], line=5),
        SummaryPart(label="一句话总结", text=hostile, line=9),
    ]
    with sphinx_page(_labelled_page(parts), builder="html") as (app, _, _warnings):
        page = _soup(Path(app.outdir) / "page.html")
    assert not page.find_all("script", string=re.compile("alert"))
    (summary,) = page.find(id="digest-2023-03-01-1").select("dl")
    assert [dt.get_text() for dt in summary.find_all("dt")] == [hostile, "一句话总结"]
    assert [dd.get_text(strip=True) for dd in summary.find_all("dd")] == [hostile, hostile]


_LATEX_CONF = """\
extensions = ['myst_parser', 'digest_archive.sphinxext']
smartquotes = False
digest_pdf_volumes = False
latex_documents = [('index', 'labelled.tex', 'Labelled', 'Tests', 'manual')]
"""


def test_a_labelled_summary_is_a_description_list_in_the_pdf_s_latex(tmp_path: Path) -> None:
    parts = [*LABELLED_PARTS, SummaryPart(label="备注", text=r"\end{description} $x$ {y} 100%", line=14)]
    source = tmp_path / "source"
    (source / "raw").mkdir(parents=True)
    (source / "conf.py").write_text(_LATEX_CONF, encoding="utf-8")
    (source / "index.md").write_text("# Test\n\n```{toctree}\npage\ndigests/index\n```\n", encoding="utf-8")
    (source / "page.md").write_text(_labelled_page(parts), encoding="utf-8")
    warnings = io.StringIO()
    with docutils_namespace():
        out, doctrees = tmp_path / "out", tmp_path / "doctrees"
        app = Sphinx(source, source, out, doctrees, "latex", status=None, warning=warnings)
        app.build()
    assert warnings.getvalue() == ""
    tex = (tmp_path / "out/labelled.tex").read_text(encoding="utf-8")
    start, end = tex.index(r"\begin{description}"), tex.index(r"\end{description}")
    assert tex.count(r"\begin{description}") == tex.count(r"\end{description}") == 1
    listing = tex[start:end]
    labels = re.findall(r"\\sphinxlineitem\{([^}]*)\}", listing)
    assert labels == [part.label for part in parts]
    for point in LABELLED_PARTS[0].points:
        assert re.search(r"\\item \{\}\s*\\sphinxAtStartPar\s*" + re.escape(point), listing)
    for part in LABELLED_PARTS[1:]:
        assert part.text in listing
    assert r"\textbackslash{}end\{description\} \$x\$ \{y\} 100\%" in listing
    # Marked as Chinese, as the page's other Chinese blocks.
    before = tex[:start].rstrip().splitlines()[-2:]
    assert before == [r"\begin{sphinxuseclass}{language-zh-hans}", r"\begin{sphinxuseclass}{digest-summary}"]


REPEAT = """\
1、[LG] MUESLI — combining improvements in policy optimization
M Hessel, I Danihelka
[DeepMind]
Muesli 又一次被推荐。
We listed it again.
https://github.com/example/muesli

2、[LG] Winning lottery tickets early in training
A Writer
[Test University]
中奖彩票的早期发现。
We find winning lottery tickets, sparse subnetworks, by pruning early in training.
https://arxiv.org/abs/2210.99999
"""


@pytest.mark.slow
def test_a_paper_listed_again_links_each_of_its_days_to_the_other(tmp_path: Path) -> None:
    project = copy_project(tmp_path)
    repeat = project / "raw/2022/2022-10-20.txt"
    repeat.write_text(REPEAT, encoding="utf-8")
    result = sphinx_build(project, "-j", "2")
    assert result.returncode == 0, result.stderr
    html = project / "_build/html/digests"
    (later,) = _soup(html / "2022/2022-10-20.html").select(".digest-paper .digest-also-in")
    assert later.get_text() == "亦见于以下日期的摘要：2021年4月26日"
    (link,) = later.select("a")
    page, key = link["href"].split("#")
    assert page == "../2021/2021-04-26.html"
    # It leads to the Muesli paper's card on the earlier page, and that card names the later day.
    earlier = _soup(html / "2021/2021-04-26.html")
    card = earlier.find(id=key)
    assert card is not None
    assert "Muesli" in card.find_previous(["h2", "h3"]).get_text()
    (back,) = card.select(".digest-also-in a")
    assert back.get_text() == "2022年10月20日"
    assert back["href"].startswith("../2022/2022-10-20.html#")
    # No other card on either page says it is listed elsewhere.
    assert len(earlier.select(".digest-also-in")) == 1

    # Its names' pages, the index of names and the statistics count it once, at its first day.
    own = html / "authors/names" / card.select_one("a[title='M Hessel']")["href"].rsplit("/", 1)[1]
    page_of_name = _soup(own)
    assert "1 篇论文" in page_of_name.get_text(" ", strip=True)
    entries = [a["href"] for a in page_of_name.select("article a[href*='.html#']")]
    assert entries == [f"../../2021/2021-04-26.html#{key}"]
    assert "M Hessel (1)" in _soup(html / "authors/index.html").get_text(" ", strip=True)
    figures = json.loads((project / "source/digests/statistics/figures.json").read_text(encoding="utf-8"))
    # The seeds' 45, and the new paper; Muesli once.
    assert "共 46 篇论文" in next(figure["alt"] for figure in figures if figure["name"] == "categories")
    # Search finds it once, at its first day: the later day's page has no record of it.
    search = project / "_build/html/_search"
    number = json.loads((search / "manifest.json").read_text(encoding="utf-8"))["pages"][
        "digests/2022/2022-10-20"
    ]
    later_records = json.loads(gzip.decompress((search / f"pages/{number}.json.gz").read_bytes()))["records"]
    assert [record[1] for record in later_records] == ["2. Winning lottery tickets early in training"]
    # Its record at its first day names the later day, linked to its card there.
    number = json.loads((search / "manifest.json").read_text(encoding="utf-8"))["pages"][
        "digests/2021/2021-04-26"
    ]
    records = json.loads(gzip.decompress((search / f"pages/{number}.json.gz").read_bytes()))["records"]
    (muesli,) = [record for record in records if record[0] == card.find_parent("section")["id"]]
    assert muesli[8] == [["2022年10月20日", f"digests/2022/2022-10-20.html#{back['href'].split('#')[1]}"]]

    # The new paper's card names the earlier papers most like it, the lottery ticket paper first,
    # each linked to its card; Muesli's own earlier listing is no related paper of it.
    muesli, lottery = _soup(html / "2022/2022-10-20.html").select("section.digest-entry")
    assert not muesli.select(f"details.digest-related a[href$='#{key}']")
    # Folded under a line that counts them, before the row of actions; not on the card's one line.
    related = lottery.select_one("details.digest-related")
    assert related.summary.get_text() == "相关的早先论文（3 篇）"
    assert related.find_next_sibling("div")["class"] == ["digest-actions", "docutils", "container"]
    assert not lottery.select(".digest-paper .digest-related")
    items = [item.get_text() for item in related.select("li")]
    assert items[0].startswith("Unmasking the Lottery Ticket Hypothesis")
    first = related.select("a")[0]
    assert first["href"].startswith("2022-10-15.html#")
    assert (
        "Lottery"
        in _soup(html / "2022/2022-10-15.html")
        .find(id=first["href"].split("#")[1])
        .find_previous("h2")
        .get_text()
    )
    assert "（2022年10月15日）" in related.get_text()

    # Gone again, the earlier card no longer names it.
    repeat.unlink()
    assert sphinx_build(project, "-j", "2").returncode == 0
    assert not _soup(html / "2021/2021-04-26.html").select(".digest-also-in")


# --- the newest volume alone (Read the Docs) ---------------------------------------------------


@pytest.mark.slow
@pytest.mark.parametrize("published", ["https://example.org/archive/pdf/", ""])
def test_a_build_of_the_newest_volume_alone_links_the_others_where_they_are_published(
    tmp_path: Path, published: str
) -> None:
    project = copy_project(tmp_path)
    options = ["-D", "digest_pdf_newest_only=1", "-D", f"digest_pdf_url={published}"]
    latex = sphinx_build(project, *options, builder="latex")
    assert latex.returncode == 0, latex.stderr
    assert sorted(path.name for path in (project / "_build/latex").glob("*.tex")) == [
        "digest-archive-2022.tex"
    ]
    html = sphinx_build(project, *options)
    assert html.returncode == 0, html.stderr
    site = project / "_build/html"
    links = {
        year: [a["href"] for a in _soup(site / f"digests/{year}/index.html").select(".digest-volume a")]
        for year in ("2020", "2021", "2022")
    }
    elsewhere = {
        year: [f"{published}digest-archive-{year}.pdf"] if published else [] for year in ("2020", "2021")
    }
    assert links == {**elsewhere, "2022": ["../../pdf/digest-archive-2022.pdf"]}
    home = [a["href"] for a in _soup(site / "index.html").select(".digest-home-volumes a")]
    assert home == [
        "pdf/digest-archive-2022.pdf",
        *(f"{published}digest-archive-{y}.pdf" for y in ("2021", "2020") if published),
    ]
