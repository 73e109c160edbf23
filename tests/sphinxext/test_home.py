"""The home page, the sidebar and the volumes in Chromium, on a phone and a desktop, in Chinese and English.

The latest papers on the first screen with a search box above them; the
sidebar's years and months, and the project's pages apart under their own
caption; each year's PDF volume linked. Debian's Chromium, never a
downloaded one; ``make test`` installs it.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlparse

import pytest
from docutils import nodes
from playwright.sync_api import Browser, Page

from digest_archive import i18n
from digest_archive.render.arxiv import arxiv_id
from digest_archive.render.cite import citation_keys
from digest_archive.render.contract import ARXIV_CLASS
from digest_archive.sphinxext.domain import Paper
from digest_archive.sphinxext.pages.home import entry_details, latest_cards
from digest_dev.browser import served
from digest_dev.screenshots import SIZES
from support.paths import REPO_ROOT
from support.searching import results_of

AXE = REPO_ROOT / "node_modules/axe-core/axe.min.js"
LATEST = "2022-10-15"
DIGEST = "digests/2020/2020-12-16.html"
PROJECT_PAGES = ["about", "contributing", "citing", "lint-rules", "security", "performance"]
#: The interface's words these tests look for, in each language.
WORDS = {
    "zh": {"heading": "最新论文", "project": "关于本项目", "cite": "引用", "weekdays": "一二三四五六日"},
    "en": {"heading": "Latest papers", "project": "About the project", "cite": "Cite", "weekdays": None},
}
_HAN = re.compile(r"[\u4e00-\u9fff]")
_DAY_PAGE = re.compile(r"\d{4}-\d{2}-\d{2}\.html")


@pytest.fixture(scope="module")
def sites(built_archive: Path, built_archive_en: Path) -> Iterator[dict[str, str]]:
    with served(built_archive / "_build/html") as zh, served(built_archive_en / "_build/html") as en:
        yield {"zh": zh, "en": en}


@pytest.fixture(params=sorted(SIZES))
def sized(request: pytest.FixtureRequest, browser: Browser) -> Iterator[tuple[str, Page]]:
    """A page at one of the screenshots' sizes: ``phone`` (390×844, touch) or ``desktop`` (1366×900)."""
    page = browser.new_page(**SIZES[request.param])
    yield request.param, page
    page.close()


def _card(page: Page) -> dict[str, Any]:
    return page.eval_on_selector(
        ".digest-home-card",
        """card => ({
          top: card.getBoundingClientRect().top,
          chip: card.querySelector(".digest-chip").textContent,
          title: card.querySelector(".digest-home-title").textContent,
          chinese: [...card.querySelectorAll("[lang|=zh]")].map(e => e.textContent).join(""),
          byline: card.querySelector(".digest-home-byline").textContent,
          actions: [...card.querySelectorAll(".digest-home-actions a")].map(a => [a.textContent, a.href]),
          visible: card.checkVisibility(),
        })""",
    )


@pytest.mark.slow  # the built archive, read in Chromium
@pytest.mark.parametrize("language", ["zh", "en"])
def test_the_first_paper_card_is_on_the_first_screen_with_what_a_reader_checks(
    sized: tuple[str, Page], sites: dict[str, str], seeds: dict[str, Any], language: str
) -> None:
    size, page = sized
    page.goto(f"{sites[language]}/index.html")
    assert page.locator("h1").inner_text().strip("¶ ") == WORDS[language]["heading"]
    card = _card(page)
    assert card["visible"]
    assert card["top"] < (400 if size == "phone" else 600)
    entry = seeds[LATEST].entries[0]
    assert card["chip"] == entry.category
    assert entry.title in card["title"]
    assert card["byline"].startswith(entry.authors[0])
    assert entry.affiliations[0] in card["byline"]
    # The digest's Chinese, marked as Chinese, whatever the interface's language.
    assert _HAN.search(card["chinese"])
    found = arxiv_id(entry)
    key = citation_keys(seeds.values())[(dt.date.fromisoformat(LATEST), 0)]
    assert card["actions"] == [
        ["arXiv", f"https://arxiv.org/abs/{found}"],
        ["PDF", f"https://arxiv.org/pdf/{found}"],
        [WORDS[language]["cite"], f"{sites[language]}/digests/2022/{LATEST}.html#{key}"],
    ]


class _Builder:
    """What ``make_refnode`` asks of a builder: a page's URI from another."""

    def get_relative_uri(self, here: str, there: str) -> str:
        return f"{there}.html"


PAPER = Paper(
    key="kunin2020neural",
    title="Neural Mechanics",
    date=dt.date(2020, 12, 16),
    docname="digests/2020/2020-12-16",
    authors=("D Kunin", "J Sagastuy-Brena"),
    affiliations=("Stanford University", "NTT Research"),
    category="LG",
    highlighted=True,
    title_zh="神经力学",
    summary="深度学习动力学中的对称性与守恒定律。",
    arxiv="2012.04728",
)


@pytest.mark.parametrize("chinese", [True, False])
def test_a_card_says_what_the_domain_knows_of_its_paper(chinese: bool) -> None:
    i18n.activate("zh_CN" if chinese else "en")
    _heading, cards = latest_cards(_Builder(), "index", PAPER.docname, [PAPER], chinese=chinese)  # type: ignore[arg-type]
    card = cards.children[0]
    text = card.astext()
    assert "LG" in text and "★" in text
    shown = [node.astext() for node in card.findall(nodes.paragraph)]
    # The Chinese title first in the Chinese interface, the digest's English one under it.
    assert shown[1] == ("神经力学" if chinese else "Neural Mechanics")
    assert ("Neural Mechanics" in shown[2]) is chinese
    assert "深度学习动力学中的对称性与守恒定律。" in shown
    assert any(line.startswith("D Kunin") and "Stanford University" in line for line in shown)
    links = [(ref.astext(), ref["refuri"]) for ref in card.findall(nodes.reference)][1:]
    assert links == [
        ("arXiv", "https://arxiv.org/abs/2012.04728"),
        ("PDF", "https://arxiv.org/pdf/2012.04728"),
        ("引用" if chinese else "Cite", "digests/2020/2020-12-16.html#kunin2020neural"),
    ]


def test_a_paper_neither_highlighted_nor_on_arxiv_has_no_star_and_only_its_cite_link() -> None:
    paper = PAPER._replace(highlighted=False, arxiv="")
    _heading, cards = latest_cards(_Builder(), "index", paper.docname, [paper], chinese=False)  # type: ignore[arg-type]
    card = cards.children[0]
    assert "★" not in card.astext()
    assert [ref.astext() for ref in card.findall(nodes.reference)][1:] == ["Cite"]


def test_an_entry_s_chinese_title_summary_and_arxiv_id_are_taken_from_its_section() -> None:
    section = nodes.section()
    section += nodes.title("", "Neural Mechanics")
    section += nodes.container("", nodes.paragraph("", "神经力学"), classes=["language-zh-hans"])
    card = nodes.container()
    section += card
    section += nodes.container("", nodes.paragraph("", "第一句话。第二句话。"), classes=["language-zh-hans"])
    arxiv = nodes.container(classes=[ARXIV_CLASS])
    arxiv += nodes.reference("", "arXiv:2012.04728", refuri="https://arxiv.org/abs/2012.04728")
    section += arxiv
    assert entry_details(section, card) == {
        "title_zh": "神经力学",
        "summary": "第一句话。",
        "arxiv": "2012.04728",
    }


@pytest.mark.slow  # the built archive, read in Chromium
@pytest.mark.parametrize("language", ["zh", "en"])
def test_the_search_box_is_at_the_top_and_searches(
    sized: tuple[str, Page], sites: dict[str, str], language: str
) -> None:
    _size, page = sized
    page.goto(f"{sites[language]}/index.html")
    box = page.locator(".digest-home-search input[name=q]")
    assert box.is_visible()
    assert box.bounding_box()["y"] < 250  # type: ignore[index]
    # Its landmark has a name of its own: the sidebar's form is a search landmark too.
    assert page.locator(".digest-home-search").get_attribute("aria-label")
    box.fill("Muesli")
    box.press("Enter")
    page.wait_for_url("**/search.html?q=Muesli*")
    assert "/digests/2021/2021-04-26.html#digest-2021-04-26-8" in results_of(page)


@pytest.mark.slow  # the built archive, read in Chromium
@pytest.mark.parametrize("language", ["zh", "en"])
def test_a_digest_page_s_sidebar_lists_years_and_its_own_year_s_months_not_days(
    page: Page, sites: dict[str, str], language: str
) -> None:
    page.goto(f"{sites[language]}/{DIGEST}")
    hrefs = page.eval_on_selector_all(
        ".sidebar-drawer .sidebar-tree a", "links => links.map(a => a.getAttribute('href'))"
    )
    assert not [href for href in hrefs if _DAY_PAGE.search(href)]
    # Its own year's months only: every year's on every page grew each page by a year's months a year.
    months = [href for href in hrefs if "#month-" in href]
    assert months == ["index.html#month-2020-12", "index.html#month-2020-11"]
    for href in ("../2022/index.html", "../2021/index.html", "index.html"):
        assert href in hrefs
    # A month lands on its calendar on the year's page.
    page.goto(urljoin(page.url, months[0]))
    assert page.evaluate("document.querySelector(':target') !== null")
    assert page.evaluate("document.querySelector(':target ~ .digest-calendar') !== null")
    # A page of no year lists the newest year's months.
    page.goto(f"{sites[language]}/about.html")
    hrefs = page.eval_on_selector_all(
        ".sidebar-drawer .sidebar-tree a", "links => links.map(a => a.getAttribute('href'))"
    )
    assert [href for href in hrefs if "#month-" in href] == ["digests/2022/index.html#month-2022-10"]


@pytest.mark.slow  # the built archive, read in Chromium
@pytest.mark.parametrize("language", ["zh", "en"])
def test_the_project_s_pages_sit_apart_under_their_caption_and_are_english(
    page: Page, sites: dict[str, str], language: str
) -> None:
    site = sites[language]
    page.goto(f"{site}/index.html")
    parts = page.eval_on_selector_all(
        ".sidebar-drawer .sidebar-tree",
        """trees => trees.map(tree => [
          [...tree.querySelectorAll(".caption-text")].map(c => c.textContent),
          [...tree.querySelectorAll("a")].map(a => a.getAttribute("href")),
        ])""",
    )
    project = [links for captions, links in parts if WORDS[language]["project"] in captions]
    assert project == [[f"{name}.html" for name in PROJECT_PAGES]]
    # The last part of the sidebar, and the project's pages in no other.
    assert parts[-1][1] == project[0]
    others = [href for _, links in parts[:-1] for href in links]
    assert not set(others) & set(project[0])
    assert "digests/index.html" in others and "statistics.html" in others
    for name in PROJECT_PAGES:
        page.goto(f"{site}/{name}.html")
        assert page.get_attribute("article[role=main]", "lang") == "en"
    page.goto(f"{site}/statistics.html")
    assert page.get_attribute("article[role=main]", "lang") is None


@pytest.mark.slow  # the built archive, read in Chromium
@pytest.mark.parametrize("language", ["zh", "en"])
def test_each_year_page_links_its_volume_and_the_home_page_lists_them(
    page: Page, sites: dict[str, str], language: str
) -> None:
    site = sites[language]
    for year in ("2020", "2021", "2022"):
        page.goto(f"{site}/digests/{year}/index.html")
        link = page.locator(".digest-volume a")
        assert year in link.inner_text()
        # Where `make site` puts the volume, at the site's root.
        assert urlparse(urljoin(page.url, link.get_attribute("href") or "")).path == (
            f"/pdf/digest-archive-{year}.pdf"
        )
        weekdays = page.eval_on_selector_all(
            ".digest-calendar th", "cells => cells.slice(0, 7).map(c => c.textContent.trim()).join('')"
        )
        if WORDS[language]["weekdays"]:
            assert weekdays == WORDS[language]["weekdays"]
    page.goto(f"{site}/index.html")
    volumes = page.eval_on_selector_all(
        ".digest-home-volumes a", "links => links.map(a => new URL(a.href).pathname)"
    )
    assert volumes == [f"/pdf/digest-archive-{year}.pdf" for year in ("2022", "2021", "2020")]


@pytest.mark.slow  # the built archive, read in Chromium
@pytest.mark.parametrize("language", ["zh", "en"])
@pytest.mark.parametrize("path", ["index.html", "digests/2020/index.html", DIGEST, "about.html"])
def test_axe_finds_no_serious_violation(
    sized: tuple[str, Page], sites: dict[str, str], language: str, path: str
) -> None:
    """axe-core (npm, installed by ``make test``) in Chromium: of any impact, as the other pages' test."""
    _, page = sized
    page.goto(f"{sites[language]}/{path}")
    page.add_script_tag(path=AXE)
    violations = page.evaluate(
        """async () => (await axe.run()).violations
            .map(v => [v.id, v.impact, v.nodes.map(n => n.target.join(" "))])"""
    )
    assert violations == []
