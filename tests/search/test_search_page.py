"""The search page as a reader meets it, on a phone and on a desktop, in both interface languages:
the filters before and after a query, author: and cat:, the parts of a result, the faces
Chinese is drawn in, and the example queries before a query.

The seed archive holds 45 entries: 18 of 2020, 18 of 2021 and 9 of 2022; 24 of cs.LG, 9 of
cs.CV (2 of them in 2022), 7 of cs.CL, 3 of cs.RO, 1 of eess.AS and 1 of stat.ME.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import Browser, Page

from digest_archive.search.store import PAPERS
from digest_archive.search.store import Page as IndexPage
from digest_archive.search.weights import Record
from digest_dev.browser import served
from support.searching import DONE, RESULT_LINK, rendered_faces, results_of, search_for, served_with_pages

SIZES = {"phone": {"width": 390, "height": 844}, "desktop": {"width": 1280, "height": 900}}

#: What each interface says, by language.
SAYS: dict[str, dict[str, Any]] = {
    "zh": {
        "archive": "本站共收录 45 篇论文。",
        "filtered": "所选年份和分类中有 {count} 篇论文。",
        "one": "“{query}”的结果：1 条。",
        "many": "“{query}”的结果：{count} 条。",
        "none": "在论文中没有找到“{query}”。",
        "value": "{value}（{count}）",
        "any": ("全部年份", "全部分类"),
        "cv": "cs.CV 计算机视觉",
        "lg": "cs.LG 机器学习",
        "authors": "作者：",
        "arxiv": "在 arXiv 上搜索标题",
        "examples": ["彩票假说", "author:Zhang", "cat:cs.CV", '"neural tangent kernel"'],
        "notes": ["标题或摘要中的词", "某位作者的论文", "某个分类的论文", "加引号，搜索整个短语"],
    },
    "en": {
        "archive": "45 papers in the archive.",
        "filtered": "{count} papers in the year and category chosen.",
        "one": "1 result for “{query}”.",
        "many": "{count} results for “{query}”.",
        "none": "No results for “{query}” in the papers.",
        "value": "{value} ({count})",
        "any": ("any year", "any category"),
        "cv": "cs.CV Computer Vision and Pattern Recognition",
        "lg": "cs.LG Machine Learning",
        "authors": "Authors: ",
        "arxiv": "search arXiv for the title",
        "examples": ["lottery ticket", "author:Zhang", "cat:cs.CV", '"neural tangent kernel"'],
        "notes": [
            "words of a title or a summary",
            "papers by an author",
            "papers of a category",
            "a phrase, in quotes",
        ],
    },
}

DIGEST_2020 = "/digests/2020/2020-12-16.html"
DIGEST_2021 = "/digests/2021/2021-04-26.html"
#: An entry's anchor: digest-YYYY-MM-DD-N; a digest's own header is digest-YYYY-MM-DD.
ENTRY = re.compile(r"#digest-\d{4}-\d{2}-\d{2}-\d+")


@pytest.fixture(scope="module")
def sites(built_archive: Path, built_archive_en: Path) -> Iterator[dict[str, str]]:
    """The archive built in each interface language, served."""
    with served(built_archive / "_build/html") as zh, served(built_archive_en / "_build/html") as en:
        yield {"zh": zh, "en": en}


@pytest.fixture(params=[(language, size) for language in SAYS for size in SIZES], ids="-".join)
def reader(request: pytest.FixtureRequest, browser: Browser, sites: dict[str, str]) -> Iterator[Any]:
    """A page of the size, the site in the language, and what it says."""
    language, size = request.param
    page = browser.new_page(viewport=SIZES[size])
    try:
        yield page, sites[language], SAYS[language]
    finally:
        page.close()


def _facet(page: Page, name: str) -> list[str]:
    """The values of a facet ("year", "category") as shown, the first its "any"."""
    return page.locator(f".digest-search-facet-{name} .digest-search-filter").all_inner_texts()


def _current(page: Page) -> list[str]:
    return page.locator(".digest-search-filter[aria-current=true]").all_inner_texts()


def _shown(page: Page, selector: str) -> None:
    """The element is on screen, within the page's width (a phone's too)."""
    box = page.locator(selector).first
    assert box.is_visible()
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def _query(page: Page) -> dict[str, list[str]]:
    return parse_qs(urlsplit(page.url).query)


@pytest.mark.slow
def test_the_filters_are_there_before_a_query_counted_and_marked(reader: Any) -> None:
    page, site, says = reader
    page.goto(f"{site}/search.html")
    page.wait_for_selector(DONE, timeout=15_000)
    _shown(page, ".digest-search-facet-year")
    _shown(page, ".digest-search-facet-category")
    assert page.inner_text(".digest-search-status") == says["archive"]
    any_year, any_category = says["any"]
    assert _facet(page, "year") == [
        any_year,
        *(says["value"].format(value=year, count=n) for year, n in [("2022", 9), ("2021", 18), ("2020", 18)]),
    ]
    assert says["value"].format(value=says["lg"], count=24) in _facet(page, "category")
    assert _current(page) == [any_year, any_category]
    # A year: the categories are counted in it, the total is its, the year is marked.
    page.click(f".digest-search-facet-year a:text-is('{says['value'].format(value='2022', count=9)}')")
    page.wait_for_selector(DONE)
    assert _query(page) == {"year": ["2022"]}
    assert page.inner_text(".digest-search-status") == says["filtered"].format(count=9)
    categories = _facet(page, "category")
    assert says["value"].format(value=says["lg"], count=5) in categories
    assert says["value"].format(value=says["cv"], count=2) in categories
    assert _current(page) == [says["value"].format(value="2022", count=9), any_category]
    # Marked to the eye too, not only to a screen reader.
    chosen, other = (
        page.locator(f".digest-search-facet-year .digest-search-filter >> nth={n}").evaluate(
            "a => [getComputedStyle(a).backgroundColor, getComputedStyle(a).fontWeight]"
        )
        for n in (1, 0)
    )
    assert chosen != other
    # A category too: its papers of the year, and the years counted in it; kept on reload.
    vision = says["value"].format(value=says["cv"], count=2)
    page.click(f".digest-search-facet-category a:text-is('{vision}')")
    page.wait_for_selector(DONE)
    assert _query(page) == {"year": ["2022"], "cat": ["cs.CV"]}
    for _ in range(2):
        assert page.inner_text(".digest-search-status") == says["filtered"].format(count=2)
        assert _facet(page, "year")[1:] == [
            says["value"].format(value=year, count=n) for year, n in [("2022", 2), ("2021", 3), ("2020", 4)]
        ]
        found = results_of(page)
        assert len(found) == 2
        assert all(link.startswith("/digests/2022/") for link in found)
        page.reload()
        page.wait_for_selector(DONE, timeout=15_000)


@pytest.mark.slow
def test_a_query_s_counts_follow_the_other_filter_and_its_total_is_said(reader: Any) -> None:
    page, site, says = reader
    everything = search_for(page, site, "network")
    assert page.inner_text(".digest-search-status") == says["many"].format(count=11, query="network")
    assert len(everything) == 11
    assert _facet(page, "year")[1:] == [
        says["value"].format(value=year, count=n) for year, n in [("2022", 4), ("2021", 2), ("2020", 5)]
    ]
    assert _facet(page, "category")[1] == says["value"].format(value=says["lg"], count=9)
    page.click(f".digest-search-facet-year a:text-is('{says['value'].format(value='2021', count=2)}')")
    page.wait_for_selector(DONE)
    assert _query(page) == {"q": ["network"], "year": ["2021"]}
    # The categories counted in 2021 alone; every result shown, none promised that is not.
    assert _facet(page, "category")[1:] == [says["value"].format(value=says["lg"], count=2)]
    assert page.inner_text(".digest-search-status") == says["many"].format(count=2, query="network")
    in_2021 = results_of(page)
    assert len(in_2021) == 2 and set(in_2021) < set(everything)
    assert page.locator(".digest-search-more").is_hidden()
    # A category chosen: the years are counted in it.
    page.goto(f"{site}/search.html?q=network&cat=cs.CV")
    page.wait_for_selector(DONE, timeout=15_000)
    assert _facet(page, "year")[1:] == [says["value"].format(value="2020", count=1)]
    assert page.inner_text(".digest-search-status") == says["one"].format(query="network")


@pytest.mark.slow
def test_author_finds_an_author_s_papers_and_cat_a_category_s(reader: Any) -> None:
    page, site, says = reader
    assert search_for(page, site, "author:Sagastuy-Brena") == [f"{DIGEST_2020}#digest-2020-12-16-1"]
    # Every Zhang of the seeds, B Zhang's paper on translation among them, the name marked.
    zhang = search_for(page, site, "author:Zhang")
    assert f"{DIGEST_2021}#digest-2021-04-26-3" in zhang
    authors = page.locator(".digest-search-authors").all()
    assert len(authors) == len(zhang)
    assert all(part.locator("mark").all_inner_texts() == ["Zhang"] for part in authors)
    # With a word, the papers by the author that hold it.
    assert search_for(page, site, "author:Zhang noise") == [f"{DIGEST_2021}#digest-2021-04-26-4"]
    # An affiliation is no author: found as a word, not by author:.
    assert f"{DIGEST_2021}#digest-2021-04-26-1" in search_for(page, site, "Tokyo")
    assert search_for(page, site, "author:Tokyo") == []
    assert page.inner_text(".digest-search-status") == says["none"].format(query="author:Tokyo")
    # cat: keeps a category's papers, by arXiv's code or the digest's.
    vision = search_for(page, site, "cat:cs.CV")
    assert len(vision) == 9
    assert page.locator(".digest-search-result-category").all_inner_texts() == [says["cv"]] * 9
    search_for(page, site, "learning")
    learning = page.inner_text(".digest-search-status")
    narrowed = search_for(page, site, "cat:CV learning")
    assert narrowed and set(narrowed) <= set(vision)
    assert learning != says["many"].format(count=len(narrowed), query="learning")
    assert search_for(page, site, "cat:cs.XX learning") == []


@pytest.mark.slow
def test_a_result_shows_its_parts_apart_and_a_digest_s_header_is_no_result(reader: Any) -> None:
    page, site, says = reader
    found = search_for(page, site, "LG")
    # The 24 entries of cs.LG, never a digest's legend ("LG - 机器学习 CV - 计算机视觉 …"):
    # 20 at first, and the rest when asked for.
    assert page.inner_text(".digest-search-status") == says["many"].format(count=24, query="LG")
    assert len(found) == 20
    page.click(".digest-search-more")
    page.wait_for_selector(DONE)
    found = results_of(page)
    assert len(found) == len(set(found)) == 24
    assert page.locator(".digest-search-more").is_hidden()
    assert all(ENTRY.search(link) for link in found)
    assert "表示值得重点关注" not in page.inner_text(".digest-search-results")
    assert " - 计算机视觉" not in page.inner_text(".digest-search-results")
    # Title, Chinese summary, authors and links: each its own part, one under the other.
    assert search_for(page, site, "Kunin") == [f"{DIGEST_2020}#digest-2020-12-16-1"]
    item = page.locator(".digest-search-result").first
    title = item.locator(RESULT_LINK).inner_text()
    assert title == "1. Neural Mechanics: Symmetry and Broken Conservation Laws in Deep Learning Dynamics"
    summary = item.locator(".digest-search-excerpt")
    assert summary.get_attribute("lang") == "zh-Hans"
    assert summary.inner_text().startswith("神经力学:深度学习动力学对称性和守恒律的打破。")
    assert title not in summary.inner_text()
    authors = item.locator(".digest-search-authors")
    names = "D Kunin, J Sagastuy-Brena, S Ganguli, D L.K. Yamins, H Tanaka"
    assert authors.inner_text() == f"{says['authors']}{names}"
    links = item.locator(".digest-search-links a")
    weibo = "https://weibo.com/1402400261/JyFsjATR5"
    assert links.all_inner_texts() == [says["arxiv"], weibo]
    arxiv, source = links.evaluate_all("links => links.map(a => a.href)")
    assert arxiv.startswith("https://arxiv.org/search/?query=Neural+Mechanics")
    assert source == weibo
    boxes = [part.bounding_box() for part in (item.locator(RESULT_LINK), summary, authors, links.first)]
    assert all(above["y"] + above["height"] <= below["y"] for above, below in itertools.pairwise(boxes))


@pytest.mark.slow
def test_chinese_typed_is_drawn_in_a_chinese_sans_face_not_a_kaiti(reader: Any) -> None:
    page, site, _ = reader
    page.goto(f"{site}/search.html")
    page.wait_for_selector(DONE, timeout=15_000)
    box = "#digest-search input[name=q]"
    page.fill(box, "彩票假说")
    page.press(box, "Enter")
    page.wait_for_selector(DONE)
    assert "彩票假说" in page.inner_text(".digest-search-status")
    for where in (box, ".digest-search-status"):
        stack = page.eval_on_selector(where, "e => getComputedStyle(e).fontFamily")
        assert stack.index("Arial") < stack.index('"Noto Sans CJK SC"') < stack.index("sans-serif")
        faces = rendered_faces(page, where)
        assert "Noto Sans CJK SC" in faces
        assert not [face for face in faces if "kai" in face.lower()]


@pytest.mark.slow
def test_before_a_query_example_queries_in_the_interface_s_language_each_find_papers(reader: Any) -> None:
    page, site, says = reader
    page.goto(f"{site}/search.html")
    page.wait_for_selector(DONE, timeout=15_000)
    _shown(page, ".digest-search-examples")
    examples = page.locator(".digest-search-examples a")
    assert examples.all_inner_texts() == says["examples"]
    assert page.locator(".digest-search-examples li span").all_inner_texts() == says["notes"]
    for number, query in enumerate(says["examples"]):
        page.goto(f"{site}/search.html")
        page.wait_for_selector(DONE, timeout=15_000)
        page.locator(".digest-search-examples a").nth(number).click()
        assert results_of(page), query
        assert _query(page) == {"q": [query]}
        assert page.input_value("#digest-search input[name=q]") == query
        assert page.locator(".digest-search-examples").is_hidden()


#: Digests of 2023 added to the seeds' index, each of one entry with a word no seed has: more
#: pages than a query reads at once.
MANY = 40


@pytest.fixture(scope="module")
def many_site(built_archive: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    added = {}
    for day in range(1, MANY + 1):
        docname = f"digests/2023/2023-01-{day:02}"
        anchor = f"digest-2023-01-{day:02}-1"
        entry = Record(anchor, f"1. Zyzzyva {day}", "摘要。", "LG 机器学习", "", ("A Author",), "On zyzzyva.")
        added[docname] = IndexPage(f"{docname}.html", docname, [entry], PAPERS, "2023", ((anchor, "cs.LG"),))
    with served_with_pages(built_archive, tmp_path_factory.mktemp("many") / "html", added) as url:
        yield url


@pytest.mark.slow
def test_a_query_on_many_pages_says_at_least_and_more_results_adds_what_it_promised(
    page: Page, many_site: str
) -> None:
    # Read ten pages at a time, until more entries are found than are shown.
    assert len(search_for(page, many_site, "zyzzyva")) == 20
    assert page.inner_text(".digest-search-status") == "“zyzzyva”的结果：至少 30 条，下面还有更多。"
    assert page.locator(".digest-search-facet-year a").all_inner_texts() == ["全部年份", "2023（30）"]
    page.click(".digest-search-more")
    page.wait_for_selector(DONE)
    found = results_of(page)
    assert len(set(found)) == MANY
    assert page.inner_text(".digest-search-status") == f"“zyzzyva”的结果：{MANY} 条。"
    assert page.locator(".digest-search-more").is_hidden()
    assert page.locator(".digest-search-facet-year a").all_inner_texts() == ["全部年份", f"2023（{MANY}）"]
