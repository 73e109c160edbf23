"""Reading the archive in Chromium, as a reader does: Chinese marked and set as Chinese,
neighbours, descriptions, the home page, accessibility, the statistics and the screenshots.

Debian's Chromium, never a downloaded one; ``make test`` installs it.
"""

from __future__ import annotations

import struct
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
from playwright.sync_api import Page

from digest_dev import screenshots
from digest_dev.browser import served
from support.paths import REPO_ROOT
from support.seeds import SEED_ENTRIES

DIGEST = "digests/2021/2021-04-26.html"
#: The page's own language, then the Chinese faces the archive's style names.
CHINESE_FACES = ('"PingFang SC"', '"Noto Sans CJK SC"', '"Source Han Sans SC"')

#: The language in force where the first element holding ``text`` is, and its font stack.
LANGUAGE_AT = """text => {
  const walker = document.createTreeWalker(document.querySelector("article"), NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    if (walker.currentNode.textContent.includes(text)) {
      const element = walker.currentNode.parentElement;
      // docutils lower-cases class names, so pages say "zh-hans": language
      // tags are compared without regard to case (BCP 47).
      return [element.closest("[lang]").lang.toLowerCase(), getComputedStyle(element).fontFamily];
    }
  }
  return null;
}"""


@pytest.fixture(scope="module")
def site(built_archive: Path) -> Iterator[str]:
    with served(built_archive / "_build/html") as url:
        yield url


@pytest.mark.slow  # the built archive, read in Chromium
@pytest.mark.parametrize(
    "text",
    [
        "神经切线核",  # an entry's Chinese title
        "彩票",  # a summary
        "计算机视觉",  # the legend's name of CV
    ],
)
def test_chinese_is_marked_as_chinese_and_set_in_chinese_faces(page: Page, site: str, text: str) -> None:
    page.goto(f"{site}/{DIGEST if text != '彩票' else 'digests/2021/2021-07-19.html'}")
    language, fonts = page.evaluate(LANGUAGE_AT, text)
    assert language == "zh-hans"
    assert all(face in fonts for face in CHINESE_FACES)
    # Latin faces first, for the Latin letters in Chinese text; the generic family last.
    assert fonts.index("Arial") < fonts.index('"PingFang SC"') < fonts.index("sans-serif")


@pytest.fixture(scope="module")
def site_en(built_archive_en: Path) -> Iterator[str]:
    with served(built_archive_en / "_build/html") as url:
        yield url


@pytest.mark.slow  # the built archive, read in Chromium
@pytest.mark.parametrize(("language", "lang"), [("zh", "zh-Hans"), ("en", "en")])
def test_a_page_speaks_the_interface_s_language_and_its_english_stays_english(
    page: Page, site: str, site_en: str, language: str, lang: str
) -> None:
    page.goto(f"{site if language == 'zh' else site_en}/{DIGEST}")
    assert page.evaluate("document.documentElement.lang") == lang
    # A paper's title and abstract are English whatever the interface: said so, in Latin faces.
    for text in ("Neural Tangent Kernel", "stochastic gradient descent"):
        language_at, fonts = page.evaluate(LANGUAGE_AT, text)
        assert language_at == "en"
        assert "Noto Sans CJK SC" not in fonts


#: The text of each piece of a page's article and contents ("On this page") with
#: Chinese in it and not marked as Chinese.
UNMARKED_HAN = """() => {
  const found = [];
  for (const root of document.querySelectorAll("article, .toc-tree")) {
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    while (walker.nextNode()) {
      const node = walker.currentNode;
      if (/\\p{Script=Han}/u.test(node.textContent)
          && node.parentElement.closest("[lang]").lang.toLowerCase() !== "zh-hans") {
        found.push(node.textContent.trim().slice(0, 40));
      }
    }
  }
  return found;
}"""


@pytest.mark.slow  # the built archive, read in Chromium
@pytest.mark.parametrize("date", SEED_ENTRIES)
def test_all_chinese_of_a_digest_is_marked(page: Page, site: str, date: str) -> None:
    # Unmarked, the source line (转自…) and a card's category name were set in
    # the theme's faces, a calligraphic Kaiti on many systems.
    page.goto(f"{site}/digests/{date[:4]}/{date}.html")
    assert page.evaluate(UNMARKED_HAN) == []


@pytest.mark.slow  # the built archive, read in Chromium
def test_chinese_search_results_are_marked(page: Page, site: str) -> None:
    page.goto(f"{site}/search.html?q={quote('彩票')}")
    page.wait_for_selector("#digest-search[data-state=done]", timeout=15_000)
    excerpts = page.eval_on_selector_all(
        ".digest-search-excerpt", "ps => ps.map(p => [p.lang, /\\p{Script=Han}/u.test(p.textContent)])"
    )
    assert ["zh-Hans", True] in excerpts
    # English excerpts are in the page's language.
    assert all(language == "" for language, han in excerpts if not han)


#: Each Han character in the search page's results and filters, and whether an element marked as
#: Chinese holds it.
HAN_IN_RESULTS = """() => {
  const found = [];
  for (const part of document.querySelectorAll(".digest-search-results, .digest-search-facets")) {
    const walker = document.createTreeWalker(part, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const marked = node.parentElement.closest("[lang]").lang === "zh-Hans";
      for (const char of node.textContent.match(/\\p{Script=Han}/gu) || []) {
        found.push([char, marked]);
      }
    }
  }
  return found;
}"""


@pytest.mark.slow  # the built archive, read in Chromium
def test_chinese_in_english_search_results_is_marked_as_chinese(page: Page, site_en: str) -> None:
    # An English interface: a summary, a category's legend name ("eess.AS 音频与语音"), a Chinese
    # title in an excerpt of mostly Latin letters are drawn in Chinese faces, not the page's.
    found = []
    for query in ["lottery", "Kunin", "network", "Muesli", "transformer", "彩票", "cat:AS"]:
        page.goto(f"{site_en}/search.html?q={quote(query)}")
        page.wait_for_selector("#digest-search[data-state=done]", timeout=15_000)
        found += page.evaluate(HAN_IN_RESULTS)
    assert found
    assert all(marked for _, marked in found), sorted({char for char, marked in found if not marked})


@pytest.mark.slow  # the built archive, read in Chromium
@pytest.mark.parametrize(
    ("date", "previous", "following"),
    [
        ("2020-11-01", None, ("2020-12-16.html", "2020年12月16日")),
        ("2021-04-26", ("../2020/2020-12-16.html", "2020年12月16日"), ("2021-07-19.html", "2021年7月19日")),
        ("2022-10-15", ("../2021/2021-07-19.html", "2021年7月19日"), None),
    ],
)
def test_a_digest_leads_to_the_digests_before_and_after_it(
    page: Page, site: str, date: str, previous: tuple[str, str] | None, following: tuple[str, str] | None
) -> None:
    page.goto(f"{site}/digests/{date[:4]}/{date}.html")
    for rel, footer, expected in (("prev", ".prev-page", previous), ("next", ".next-page", following)):
        # For the browser, in the head; for the reader, at the foot of the page.
        head = page.evaluate(f"document.querySelector('link[rel={rel}]')?.getAttribute('href') ?? null")
        foot = page.evaluate(
            f"""(() => {{
              const link = document.querySelector("footer {footer}");
              return link && [link.getAttribute("href"), link.querySelector(".title").textContent.trim()];
            }})()"""
        )
        if expected is None:
            assert head is None
            assert foot is None
        else:
            assert head == expected[0]
            assert foot == list(expected)


@pytest.mark.slow  # the built archive, read in Chromium
@pytest.mark.parametrize(
    ("path", "begins"),
    [
        ("digests/2021/2021-04-26.html", "2021年4月26日。9 篇论文：1. Optimal Rates for Averaged Stochastic"),
        ("digests/index.html", "存档。5 期，45 篇论文。"),
        ("digests/2021/index.html", "2021。2 期，最新的在前。"),
        ("digests/authors/index.html", "作者。210 位作者，论文最多的在先："),
        # A page in English is described in English.
        ("about.html", "About the archive. Every morning a digest"),
    ],
)
def test_every_page_describes_itself_and_has_the_archive_s_icon(
    page: Page, site: str, path: str, begins: str
) -> None:
    page.goto(f"{site}/{path}")
    descriptions = page.eval_on_selector_all('meta[name="description"]', "metas => metas.map(m => m.content)")
    assert len(descriptions) == 1
    assert descriptions[0].startswith(begins)
    assert len(descriptions[0]) <= 201
    icon = page.evaluate("document.querySelector('link[rel~=icon]').href")
    assert icon.endswith("/_static/digest-favicon.svg")
    assert page.request.get(icon).ok


@pytest.mark.slow  # the built archive, read in Chromium
def test_the_home_page_shows_the_latest_digest_s_papers_the_days_before_and_the_years(
    page: Page, site: str, seeds: dict[str, Any]
) -> None:
    page.goto(f"{site}/index.html")
    latest = seeds["2022-10-15"]
    links = page.eval_on_selector_all(
        ".digest-home-card .digest-home-title a",
        "links => links.map(a => [a.getAttribute('href'), a.textContent])",
    )
    assert [title for _, title in links] == [entry.title for entry in latest.entries]
    assert all(href.startswith("digests/2022/2022-10-15.html#") for href, _ in links)
    # Each link lands on its paper.
    page.goto(f"{site}/{links[1][0]}")
    assert (
        page.evaluate(
            "document.querySelector(':target').closest('section').querySelector('h2, h3').textContent"
        )
        .strip("#¶ ")
        .endswith(latest.entries[1].title)
    )
    page.goto(f"{site}/index.html")
    before = page.eval_on_selector_all(".digest-home-before > li", "items => items.length")
    assert before == 4
    years = page.eval_on_selector_all(".digest-home-years a", "links => links.map(a => a.textContent)")
    assert years == ["2022", "2021", "2020"]


AXE = REPO_ROOT / "node_modules/axe-core/axe.min.js"


@pytest.mark.slow  # the built archive, read in Chromium
@pytest.mark.parametrize(
    "path",
    [
        "index.html",
        "digests/2021/index.html",
        "digests/2021/2021-04-26.html",
        "digests/authors/index.html",
        # An author's own page, and an affiliation's: written by the builder, in a frame of their own.
        "digests/authors/names/ganguli_s-983fe1409a2c.html",
        "digests/affiliations/names/stanford_university-27faf32e46fa.html",
        "search.html?q=lottery",
        "statistics.html",
        # Code blocks wider than the page, which must take focus to scroll by keyboard.
        "lint-rules.html",
    ],
)
def test_axe_finds_no_violation(page: Page, site: str, path: str) -> None:
    """axe-core (npm, installed by ``make test``) in Chromium, on each kind of page: of any impact."""
    page.goto(f"{site}/{path}")
    if path.startswith("search"):
        page.wait_for_selector("#digest-search[data-state=done]", timeout=15_000)
    page.add_script_tag(path=AXE)
    violations = page.evaluate(
        """async () => (await axe.run()).violations
            .map(v => [v.id, v.impact, v.nodes.map(n => n.target.join(" "))])"""
    )
    assert violations == []


@pytest.mark.slow  # the built archive, read in Chromium
@pytest.mark.parametrize("archive", ["built_archive", "built_archive_en"])
def test_make_screenshots_shows_every_kind_of_page_at_both_sizes(
    archive: str, request: pytest.FixtureRequest, tmp_path: Path
) -> None:
    """``make screenshots``' command, on the seed archive in each language: no page wider than its screen."""
    command = [sys.executable, "-m", "digest_dev.screenshots", "--out", str(tmp_path)]
    # --html _build/html, the archive's in that language
    subprocess.run(command, cwd=request.getfixturevalue(archive), check=True, capture_output=True)
    for size, options in screenshots.SIZES.items():
        width, height = options["viewport"]["width"], options["viewport"]["height"]
        for kind in screenshots.PAGES:
            png = (tmp_path / f"{size}-{kind}.png").read_bytes()
            assert png.startswith(b"\x89PNG\r\n\x1a\n")
            shot_width, shot_height = struct.unpack(">II", png[16:24])  # the IHDR chunk
            # A full page: as wide as the screen (nothing scrolls sideways), at least as tall.
            assert (shot_width, kind) == (width, kind)
            assert shot_height >= height


@pytest.mark.slow  # the built archive, read in Chromium
def test_a_digest_links_its_raw_file_as_written(page: Page, site: str, built_archive: Path) -> None:
    page.goto(f"{site}/{DIGEST}")
    link = page.locator("a.digest-raw")
    assert link.inner_text() == "raw/2021/2021-04-26.txt"
    response = page.request.get(link.evaluate("a => a.href"))
    assert response.ok
    assert response.body() == (built_archive / "raw/2021/2021-04-26.txt").read_bytes()


@pytest.mark.slow  # the built archives
@pytest.mark.parametrize(
    ("english", "chinese"),
    [
        ("Skip to content", "跳到正文"),
        ("Back to top", "回到顶部"),
        ("Toggle site navigation sidebar", "打开或关闭站点导航栏"),
        ("Toggle Light / Dark / Auto color theme", "切换浅色 / 深色 / 自动配色"),
        ("Toggle navigation of 2022", "展开或收起“2022”"),
        ("<span>Previous</span>", "<span>上一页</span>"),
        ("Copyright &#169; 2020", "版权所有 &#169; 2020"),
    ],
)
def test_the_theme_s_own_words_are_in_the_interface_s_language(
    built_archive: Path, built_archive_en: Path, english: str, chinese: str
) -> None:
    """Furo's words that Sphinx's catalogue lacks: a screen reader says them in the page's language."""
    page = "_build/html/digests/2022/2022-10-15.html"
    in_chinese = (built_archive / page).read_text(encoding="utf-8")
    in_english = (built_archive_en / page).read_text(encoding="utf-8")
    assert english not in in_chinese
    assert chinese in in_chinese
    assert english in in_english
