"""Authors and affiliations as a reader meets them in Chromium: a click on a name, its own page, the indices.

At a phone's size and a desktop's, in both interface languages. Debian's
Chromium, never a downloaded one; ``make test`` installs it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import Browser, Page

from digest_dev.browser import served
from digest_dev.screenshots import SIZES
from support.builds import copy_project, sphinx_build

DIGEST = "digests/2020/2020-12-16.html"

#: Each language's words the tests look for.
WORDS = {
    "zh": {"summary": "作者 · 4 篇论文，2020–2022", "papers": "论文（由新到旧）", "filter": "筛选作者"},
    "en": {
        "summary": "Author · 4 papers, 2020–2022",
        "papers": "Papers, newest first",
        "filter": "Filter authors",
    },
}


@pytest.fixture(scope="module")
def sites(built_archive: Path, built_archive_en: Path) -> Iterator[dict[str, str]]:
    with served(built_archive / "_build/html") as zh, served(built_archive_en / "_build/html") as en:
        yield {"zh": zh, "en": en}


@pytest.fixture(params=list(SIZES))
def sized(request: pytest.FixtureRequest, browser: Browser) -> Iterator[Page]:
    """A page at each of the screenshots' sizes: a desktop's and a phone's."""
    context = browser.new_context(**SIZES[request.param])
    yield context.new_page()
    context.close()


@pytest.mark.slow  # the built archives, read in Chromium
@pytest.mark.parametrize("language", ["zh", "en"])
def test_a_click_on_an_author_in_a_card_lands_on_their_own_page(
    sized: Page, sites: dict[str, str], language: str
) -> None:
    page = sized
    page.goto(f"{sites[language]}/{DIGEST}")
    page.locator(".digest-paper a:has(.digest-author)", has_text="S Ganguli").first.click()
    page.wait_for_load_state()
    assert "/digests/authors/names/ganguli_s-" in page.url
    assert page.locator("article h1").inner_text() == "S Ganguli"
    assert page.locator(".digest-name-summary").inner_text() == WORDS[language]["summary"]
    assert page.locator("article h2").inner_text() == WORDS[language]["papers"]
    # Newest first; each paper links its entry, and the entry is there.
    titles = page.locator(".digest-name-papers > li > a")
    assert titles.count() == 4
    assert page.locator(".digest-name-papers a").nth(2).get_attribute("href") == (
        "../../2020/2020-12-16.html#kunin2020neural"
    )
    page.locator(".digest-name-papers a").nth(2).click()
    page.wait_for_load_state()
    assert page.evaluate("location.hash") == "#kunin2020neural"
    assert page.locator("#kunin2020neural").count() == 1
    # Nothing scrolls sideways, at either size.
    assert page.evaluate("document.documentElement.scrollWidth <= innerWidth")


@pytest.mark.slow  # the built archives, read in Chromium
@pytest.mark.parametrize("language", ["zh", "en"])
def test_a_name_s_page_links_its_co_authors_affiliations_and_categories(
    sized: Page, sites: dict[str, str], language: str
) -> None:
    page = sized
    page.goto(f"{sites[language]}/{DIGEST}")
    own = page.locator("a:has(.digest-author)", has_text="S Ganguli").first.evaluate("a => a.href")
    page.goto(own)
    facts = page.locator(".digest-name-facts dd")
    assert facts.count() == 4  # years, categories, co-authors, affiliations
    coauthor = page.locator(".digest-name-facts dd.digest-authors a").first
    name = coauthor.inner_text()
    coauthor.click()
    page.wait_for_load_state()
    assert page.locator("article h1").inner_text() == name
    # And back: S Ganguli is among the co-author's co-authors.
    assert page.locator(".digest-name-facts dd.digest-authors a", has_text="S Ganguli").count() == 1
    affiliation = page.locator(".digest-name-facts dd.digest-affiliations a").first
    shown = affiliation.inner_text()
    affiliation.click()
    page.wait_for_load_state()
    assert "/digests/affiliations/names/" in page.url
    assert page.locator("article h1").inner_text() == shown
    page.goto(own)
    page.locator(".digest-name-facts dd.digest-categories a").first.click()
    page.wait_for_load_state()
    assert "/digests/categories/" in page.url


@pytest.mark.slow  # the built archives, read in Chromium
@pytest.mark.parametrize("language", ["zh", "en"])
def test_the_index_of_authors_lists_the_most_frequent_first_and_filters_as_one_types(
    sized: Page, sites: dict[str, str], language: str
) -> None:
    page = sized
    page.goto(f"{sites[language]}/digests/authors/index.html")
    items = page.locator("ol.digest-directory > li")
    total = items.count()
    counts = [int(text.rsplit("(", 1)[1].rstrip(")")) for text in items.all_inner_texts()]
    assert counts == sorted(counts, reverse=True)
    assert items.first.inner_text() in {"S Ganguli (4)", "S Levine (4)"}
    rank = items.all_inner_texts().index("S Levine (4)") + 1
    box = page.get_by_label(WORDS[language]["filter"])
    box.press_sequentially("gangu")
    shown = page.locator("ol.digest-directory > li:visible")
    assert shown.all_inner_texts() == ["S Ganguli (4)", "S Ganguly (1)"]
    box.press_sequentially("li")
    status = page.locator(".digest-name-filter-status")
    assert "1" in status.inner_text() and str(total) in status.inner_text()
    # A name the index leaves out is searched for among all papers.
    search = urlsplit(status.locator("a").get_attribute("href"))
    assert search.path.endswith("/search.html")
    assert parse_qs(search.query)["q"] == ["author:ganguli"]
    # Accents and case do not matter.
    box.fill("LEVINE")
    assert shown.all_inner_texts() == ["S Levine (4)"]
    # Numbered by its rank among all, not among those shown.
    assert shown.first.evaluate("item => item.value") == rank
    box.fill("")
    assert shown.count() == total
    shown.first.locator("a").click()
    page.wait_for_load_state()
    assert "/digests/authors/names/" in page.url


@pytest.mark.slow  # the built archive, read in Chromium
def test_names_toml_shows_a_name_written_two_ways_as_one(sized: Page, sites: dict[str, str]) -> None:
    # The seed of 2021-07-19 writes "Google Research," once: the repository's names.toml makes it one.
    page = sized
    page.goto(f"{sites['zh']}/digests/2021/2021-07-19.html")
    assert "Google Research," not in page.inner_text("article")
    page.get_by_role("link", name="Google Research", exact=True).first.click()
    page.wait_for_load_state()
    assert "/digests/affiliations/names/" in page.url
    assert "6 篇论文" in page.inner_text(".digest-name-summary")
    page.goto(f"{sites['zh']}/digests/affiliations/index.html")
    names = page.locator("ol.digest-directory > li").all_inner_texts()
    assert "Google Research (6)" in names
    assert not [name for name in names if name.startswith("Google Research,")]


@pytest.fixture(scope="module")
def same_but_case(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The seed archive and one more digest by two authors whose names differ only in case."""
    project = copy_project(tmp_path_factory.mktemp("case"))
    digest = (
        "1、[LG] Deep Learning on a Budget\nK Zhang, K ZHANG\n[Stanford University]\n"
        "预算内的深度学习。\nWe study deep learning on a budget.\nhttps://arxiv.org/abs/2104.09999\n"
    )
    (project / "raw/2021/2021-05-01.txt").write_text(digest, encoding="utf-8")
    result = sphinx_build(project, "-j", "2")
    assert result.returncode == 0, result.stderr
    with served(project / "_build/html") as url:
        yield url


@pytest.mark.slow  # an archive built, read in Chromium
def test_two_names_that_differ_only_in_case_each_land_on_their_own_page(
    sized: Page, same_but_case: str
) -> None:
    page = sized
    landed = {}
    for name in ("K Zhang", "K ZHANG"):
        page.goto(f"{same_but_case}/digests/2021/2021-05-01.html")
        # A pattern, not a string: Playwright matches a string's text whatever its case.
        exactly = re.compile(f"^{re.escape(name)}$")
        page.locator(".digest-paper a:has(.digest-author)").filter(has_text=exactly).first.click()
        page.wait_for_load_state()
        assert page.locator("article h1").inner_text() == name
        landed[name] = page.url
    # Two pages, apart even on a file system that folds case.
    assert landed["K Zhang"].casefold() != landed["K ZHANG"].casefold()
