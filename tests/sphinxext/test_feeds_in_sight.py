"""Feeds in sight: the home page and each category's page show a link to their Atom feeds, in Chromium.

The seed archive is built as it is published, with its address, in each
interface language; a reader at a phone's and a desktop's size finds the
subscribe link under the page's title, and it leads to the feed the build
wrote. Without an address no feed is written, and no page links one.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import feedparser
import pytest
from playwright.sync_api import Browser, Page

from digest_dev.browser import served
from digest_dev.screenshots import SIZES
from support.builds import copy_project, sphinx_build
from support.paths import REPO_ROOT

BASE = "https://example.org/archive/"
AXE = REPO_ROOT / "node_modules/axe-core/axe.min.js"
#: Each interface language, and what its subscribe links say.
SUBSCRIBE = {"zh_CN": ("订阅 (Atom)", "★ 论文 (Atom)"), "en": ("Subscribe (Atom)", "★ papers (Atom)")}
#: Each page with feeds, and the feeds it links, below the site's root.
PAGES = {
    "index.html": ["feeds/digests.atom", "feeds/highlighted.atom"],
    "digests/categories/LG.html": ["feeds/category/LG.atom"],
}


@pytest.fixture(scope="module", params=sorted(SUBSCRIBE))
def site(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[str, Path, str]]:
    """The seed archive built with its address in a language: the language, its HTML folder, its URL."""
    language = request.param
    project = copy_project(tmp_path_factory.mktemp(f"feeds-{language}"))
    result = sphinx_build(project, "-j", "2", "-D", f"html_baseurl={BASE}", "-D", f"language={language}")
    assert result.returncode == 0, result.stderr
    html = project / "_build/html"
    with served(html) as url:
        yield language, html, url


@pytest.fixture(params=sorted(SIZES))
def sized(request: pytest.FixtureRequest, browser: Browser) -> Iterator[Page]:
    """A page in Chromium at a phone's or a desktop's size."""
    context = browser.new_context(**SIZES[request.param])
    yield context.new_page()
    context.close()


@pytest.mark.slow  # builds the archive, read in Chromium
@pytest.mark.parametrize("path", sorted(PAGES))
def test_a_visible_subscribe_link_leads_to_the_page_s_feed(
    sized: Page, site: tuple[str, Path, str], path: str
) -> None:
    language, html, url = site
    sized.goto(f"{url}/{path}")
    links = sized.locator(".digest-subscribe a")
    assert links.count() == len(PAGES[path])
    texts = list(SUBSCRIBE[language][: len(PAGES[path])])
    assert [links.nth(index).inner_text() for index in range(links.count())] == texts
    heading = sized.locator("article h1").bounding_box()
    for index, feed in enumerate(PAGES[path]):
        link = links.nth(index)
        assert link.is_visible()
        box = link.bounding_box()
        assert heading is not None and box is not None
        # Under the title, in the first screen a reader sees.
        assert heading["y"] < box["y"] < (sized.viewport_size or {"height": 0})["height"]
        target = link.evaluate("a => a.href")
        assert target == f"{url}/{feed}"
        response = sized.request.get(target)
        assert response.ok
        assert response.body() == (html / feed).read_bytes()
        parsed = feedparser.parse(response.body())
        assert parsed.bozo == 0, parsed.bozo_exception
        assert parsed.feed.id == f"{BASE}{feed}"
    # The feeds carry each paper, in the interface's language.
    papers = feedparser.parse((html / "feeds/digests.atom").read_bytes())
    assert papers.entries and all("arxiv.org/abs/" in entry.content[0].value for entry in papers.entries[:5])
    assert papers.feed.language == ("zh-Hans" if language == "zh_CN" else "en")


@pytest.mark.slow  # builds the archive, read in Chromium
@pytest.mark.parametrize("path", sorted(PAGES))
def test_axe_finds_no_violation_on_a_page_with_feeds(
    sized: Page, site: tuple[str, Path, str], path: str
) -> None:
    sized.goto(f"{site[2]}/{path}")
    sized.add_script_tag(path=AXE)
    violations = sized.evaluate(
        """async () => (await axe.run()).violations
            .filter(v => v.impact === "serious" || v.impact === "critical")
            .map(v => [v.id, v.impact, v.nodes.map(n => n.target.join(" "))])"""
    )
    assert violations == []


@pytest.mark.slow  # the built archive
def test_without_an_address_no_page_shows_a_subscribe_link(built_archive: Path) -> None:
    html = built_archive / "_build/html"
    assert not (html / "feeds").exists()
    for path in PAGES:
        assert "digest-subscribe" not in (html / path).read_text(encoding="utf-8")
