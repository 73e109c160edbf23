"""Search, the way a reader uses it: the built archive served on 127.0.0.1,
``search.html?q=…`` opened in headless Chromium (Debian's, never a
downloaded one; ``make test`` installs it)."""

from __future__ import annotations

import datetime as dt
import gzip
import json
import random
import shutil
import zlib
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote, urlsplit

import pytest
from playwright.sync_api import Browser, Page

from digest_archive.model import Digest
from digest_archive.render.bibtex import citations
from digest_archive.render.contract import Mention
from digest_archive.render.digest import DigestPage, Neighbours, render_digest
from digest_archive.search import index as textindex
from digest_archive.search.files import COMPRESSED
from digest_archive.search.store import INDEX_DIR, PAPERS, update_index
from digest_archive.search.store import Page as IndexPage
from digest_archive.search.terms import term_of, terms
from digest_archive.search.weights import Record, weights
from digest_archive.sphinxext.search.indexing import STEMMER
from digest_archive.sphinxext.search.records import category_code, paper_records
from digest_dev.browser import served
from support.builds import sphinx_page
from support.labelled import LABELLED_PARTS, LEAD, OLDER_SUMMARY, labelled_digest
from support.searching import DONE, EXCERPTS, RESULT_LINK, results_of, search_for, served_with
from support.seeds import page_of, parse_seed, parse_snippet

# A test of the built archive or of Chromium is slow; one of the records a page gives is not.


@pytest.fixture(scope="module")
def site(built_archive: Path) -> Iterator[str]:
    """The built HTML archive, served over HTTP (the search page fetches its index)."""
    with served(built_archive / "_build/html") as url:
        yield url


@pytest.mark.slow
@pytest.mark.parametrize(
    ("query", "entry"),
    [
        # In a summary; Chinese has no spaces.
        ("彩票", "digests/2021/2021-07-19.html#digest-2021-07-19-1"),
        # In a title and an abstract.
        ("lottery", "digests/2022/2022-10-15.html#digest-2022-10-15-3"),
        # A Chinese title, longer than any one word of it.
        ("神经切线核", "digests/2021/2021-04-26.html#digest-2021-04-26-1"),
        ("元数据规范化", "digests/2021/2021-04-26.html#digest-2021-04-26-5"),
        # A name that occurs once in the archive.
        ("Muesli", "digests/2021/2021-04-26.html#digest-2021-04-26-8"),
        # An author's surname.
        ("Sagastuy-Brena", "digests/2020/2020-12-16.html#digest-2020-12-16-1"),
    ],
)
def test_a_query_finds_the_entry_that_contains_it(page: Page, site: str, query: str, entry: str) -> None:
    assert f"/{entry}" in search_for(page, site, query)


@pytest.mark.slow
def test_a_query_finds_every_digest_with_the_word(page: Page, site: str) -> None:
    results = search_for(page, site, "lottery")
    # The docs pages use the word as an example too.
    pages = {link.split("#")[0] for link in results if "/digests/" in link}
    assert pages == {"/digests/2022/2022-10-15.html", "/digests/2021/2021-07-19.html"}


@pytest.mark.slow
def test_listings_and_rule_examples_are_not_results(page: Page, site: str) -> None:
    # "Ganguli" is in the year listings' titles and in the lint examples too;
    # a reader wants the digests.
    results = search_for(page, site, "Ganguli")
    assert not [link for link in results if link.endswith("index.html") or "lint-rules" in link]
    assert "/digests/2020/2020-12-16.html#digest-2020-12-16-1" in results


@pytest.mark.slow
def test_a_result_opens_the_entry(page: Page, site: str) -> None:
    page.goto(f"{site}/search.html?q=Muesli")
    page.wait_for_selector(DONE, timeout=15_000)
    first = page.locator(RESULT_LINK).first
    # Where it leads, asserted before the click, so a wrong first result says
    # which it is instead of timing out on a navigation that never matches.
    href = first.evaluate("link => link.href.slice(link.origin.length)")
    assert href.endswith("/2021-04-26.html?highlight=muesli#digest-2021-04-26-8")
    first.click()
    # The entry is there once the page is parsed; "load" would wait for every
    # stylesheet and font too, which on a busy machine can take its time.
    # Matched without the query: Sphinx's highlighter takes ?highlight= off the
    # address once it has marked the words, and a match on the whole address
    # raced it (it timed out whenever the script ran first).
    target = urlsplit(href)
    page.wait_for_url(
        lambda url: (urlsplit(url).path, urlsplit(url).fragment) == (target.path, target.fragment),
        wait_until="domcontentloaded",
    )
    heading = page.locator("#digest-2021-04-26-8 h2, #digest-2021-04-26-8 h3").first
    assert "Muesli" in heading.inner_text()
    # Sphinx's own highlighter marks the words on the page the result opened.
    page.wait_for_selector("#digest-2021-04-26-8 .highlighted")
    marked = page.eval_on_selector_all(".highlighted", "marks => marks.map(m => m.textContent.toLowerCase())")
    assert set(marked) == {"muesli"}


@pytest.mark.slow
def test_title_words_are_marked_in_a_result(page: Page, site: str) -> None:
    search_for(page, site, "lottery")
    titles = page.eval_on_selector_all(
        f"{RESULT_LINK} mark", "marks => marks.map(m => m.textContent.toLowerCase())"
    )
    assert "lottery" in titles


@pytest.mark.slow
@pytest.mark.parametrize(
    ("start", "box"),
    [
        # The theme's sidebar box, on any page, submits to search.html?q=…
        ("digests/2020/2020-11-01.html", "input.sidebar-search"),
        # The search page's own box searches in place and keeps the query in the URL.
        ("search.html", "#digest-search input[name=q]"),
    ],
)
def test_a_search_box_searches(page: Page, site: str, start: str, box: str) -> None:
    page.goto(f"{site}/{start}")
    page.fill(box, "Muesli")
    page.press(box, "Enter")
    page.wait_for_url("**/search.html?q=Muesli*")
    assert "/digests/2021/2021-04-26.html#digest-2021-04-26-8" in results_of(page)


@pytest.mark.slow
def test_results_are_announced_and_reached_by_keyboard_alone(page: Page, site: str) -> None:
    page.goto(f"{site}/search.html")
    box = "#digest-search input[name=q]"
    page.focus(box)
    page.keyboard.type("Muesli")
    page.keyboard.press("Enter")
    page.wait_for_selector(DONE, timeout=15_000)
    # A screen reader hears the count as soon as it is written.
    status = page.locator(".digest-search-status")
    assert status.get_attribute("aria-live") == "polite"
    assert status.inner_text() == "“Muesli”的结果：1 条。"
    # Past the box, the scope and the filters.
    for _ in range(80):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.matches('.digest-search-result-link')"):
            break
    else:
        pytest.fail("no result link takes the focus by Tab")
    page.keyboard.press("Enter")
    page.wait_for_url("**/digests/2021/2021-04-26.html?*#digest-2021-04-26-8")


@pytest.mark.slow
def test_a_search_served_below_the_domain_root_links_below_it(
    browser: Browser, built_archive: Path, tmp_path: Path
) -> None:
    # Archives are often published at https://host/project/; result links
    # must keep the prefix.
    (tmp_path / "archive").symlink_to(built_archive / "_build/html")
    page = browser.new_page()
    try:
        with served(tmp_path) as url:
            page.goto(f"{url}/archive/search.html?q=Muesli")
            assert "/archive/digests/2021/2021-04-26.html#digest-2021-04-26-8" in results_of(page)
    finally:
        page.close()


@pytest.mark.slow
def test_sphinx_one_file_index_is_not_shipped(built_archive: Path) -> None:
    html = built_archive / "_build/html"
    assert not (html / "searchindex.js").exists()
    assert (html / "_search/meta.json").is_file()


@pytest.mark.slow
def test_the_search_page_loads_no_code_styles_or_copy_buttons(built_archive: Path) -> None:
    html = built_archive / "_build/html"
    digest = (html / "digests/2021/2021-04-26.html").read_text(encoding="utf-8")
    search = (html / "search.html").read_text(encoding="utf-8")
    for asset in ("pygments.css", "copybutton.js", "clipboard.min.js", "sphinx_highlight.js"):
        assert asset in digest
        assert asset not in search
    assert "furo.css" in search


#: The labelled entry's one-line summary, and where its page would be.
ONE_LINE = LABELLED_PARTS[-1].text
LABELLED_PAGE = "digests/2023/2023-03-01"


def _records(digest: Digest) -> list[Record]:
    """The records search takes from a digest's page, as the HTML builder writes it."""
    with sphinx_page(render_digest(page_of(digest)), builder="html") as (app, _, warnings):
        assert warnings.getvalue() == ""
        # As the index takes them: before the cards are made ordinary nodes for the writer.
        return paper_records(app.env.get_doctree("page"))


def _labelled_records() -> list[Record]:
    return _records(labelled_digest(lead=LEAD))


def test_an_entry_s_one_line_summary_is_its_record_s_lead() -> None:
    records = {record.anchor: record for record in _labelled_records()}
    labelled, older = records["digest-2023-03-01-1"], records["digest-2023-03-01-2"]
    assert labelled.lead == ONE_LINE
    # Said once, and every part's text is searched; the label alone would find every such entry.
    assert ONE_LINE not in labelled.text
    assert "一句话总结" not in labelled.text
    # The Chinese title, then the lead: the record's text, not its lead, which is the one-line summary's.
    assert labelled.text.startswith(f"一个示例框架 {LEAD[0]} {LEAD[1]} 要点 ")
    for part in LABELLED_PARTS[:-1]:
        for text in [part.text, *part.points]:
            assert text in labelled.text
    # The record's lead weighs as the text: its words find the entry. So do the words of the
    # summary's lead paragraphs, which are in the text.
    assert weights([labelled]).keys() >= set(terms(ONE_LINE))
    assert weights([labelled]).keys() >= set(terms(" ".join(LEAD)))
    # An entry without parts has no one-line summary to lead with; its text starts with its summary.
    assert older.lead == ""
    assert older.text.startswith(" ".join(OLDER_SUMMARY.split()))


def test_a_paper_an_earlier_day_lists_is_searched_there_once() -> None:
    digest = parse_seed("2022-10-15")
    earlier, later = (
        Mention(date=dt.date(2021, 4, 26), key="x2021"),
        Mention(date=dt.date(2023, 1, 2), key="y"),
    )
    also_in = [(), (earlier,), (later,), *([()] * (len(digest.entries) - 3))]
    page = DigestPage(digest, Neighbours(), citations(digest), also_in)
    with sphinx_page(render_digest(page), builder="html") as (app, _, warnings):
        assert warnings.getvalue() == ""
        records = paper_records(app.env.get_doctree("page"))
    anchors = [record.anchor for record in records]
    # The second entry's paper is found on 2021-04-26; the third is first listed here, and stays.
    assert "digest-2022-10-15-2" not in anchors
    assert anchors[:2] == ["digest-2022-10-15-1", "digest-2022-10-15-3"]
    assert len(anchors) == len(digest.entries) - 1


def test_a_digest_s_records_are_its_entries_each_paper_s_parts_apart() -> None:
    digest = parse_seed("2022-10-15")
    records = _records(digest)
    assert [record.anchor for record in records] == [f"digest-2022-10-15-{n}" for n in range(1, 10)]
    # The digest's legend, its source, its overview and its closing words are no paper's.
    for record in records:
        searched = " ".join([record.title, record.text, record.names, record.lead, record.abstract])
        for digest_s in ("LG - 机器学习", "转自爱可可爱生活", "摘要:", "版权"):
            assert digest_s not in searched
    last = records[-1]
    entry = digest.entries[-1]
    assert last.title == f"9. {entry.title}"
    assert last.authors == tuple(entry.authors)
    assert last.abstract == " ".join(entry.abstract_en.split())
    assert entry.abstract_en.split()[0] not in last.text
    assert last.text.startswith(entry.summary_zh[:20])
    assert last.names.startswith("LG 机器学习 cs.LG, Machine Learning ")
    # The row of actions: its links to the web, which are not searched.
    assert last.links == (
        ("arXiv:2210.07182", "https://arxiv.org/abs/2210.07182"),
        ("PDF", "https://arxiv.org/pdf/2210.07182"),
    )
    assert "2210" not in weights(records[-1:])


def test_an_entry_s_category_is_filtered_by_arxiv_s_code() -> None:
    assert [category_code(code) for code in ("LG", "cs.LG", "CV", "AS", "quant-ph", "XX")] == [
        "cs.LG",
        "cs.LG",
        "cs.CV",
        "eess.AS",
        "quant-ph",
        "XX",
    ]


@pytest.fixture(scope="module")
def labelled_site(built_archive: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The built archive with a digest in the labelled layout added to its index, served."""
    added = IndexPage(f"{LABELLED_PAGE}.html", "1 March 2023", _labelled_records(), PAPERS, "2023")
    html = tmp_path_factory.mktemp("labelled") / "html"
    with served_with(built_archive, html, LABELLED_PAGE, added) as url:
        yield url


#: A result's parts after its title, each a paragraph of its own.
SUMMARY, EXCERPT, ABSTRACT, AUTHORS, LINKS = (
    f"digest-search-{part}" for part in ("summary", "excerpt", "abstract", "authors", "links")
)


@pytest.mark.slow
@pytest.mark.parametrize(
    ("query", "parts", "marked"),
    [
        # Words of its title: the one-line summary, the authors, the links.
        ("Planning", [SUMMARY, AUTHORS, LINKS], {}),
        # Words of its title and its abstract: the abstract too, around them, apart from the summary.
        ("Example Framework", [SUMMARY, ABSTRACT, AUTHORS, LINKS], {ABSTRACT: ["example", "framework"]}),
        # Words of the one-line summary itself are marked in it.
        ("树搜索", [SUMMARY, AUTHORS, LINKS], {SUMMARY: ["树搜索"]}),
        # An author's name, marked among the authors.
        ("author:Author", [SUMMARY, AUTHORS, LINKS], {AUTHORS: ["Author", "Author"]}),
    ],
)
def test_a_result_shows_an_entry_s_parts_apart_its_one_line_summary_first(
    page: Page, labelled_site: str, query: str, parts: list[str], marked: dict[str, list[str]]
) -> None:
    found = search_for(page, labelled_site, query)
    assert f"/{LABELLED_PAGE}.html#digest-2023-03-01-1" in found
    item = page.locator(".digest-search-result", has=page.locator(f"a[href*='{LABELLED_PAGE}']")).first
    assert item.locator(RESULT_LINK).inner_text() == "1. An Example Framework for Planning"
    shown = item.locator("p").all()
    assert [p.get_attribute("class") for p in shown] == parts
    assert shown[0].inner_text() == ONE_LINE
    assert shown[0].get_attribute("lang") == "zh-Hans"
    assert item.locator(f".{AUTHORS}").inner_text() == "作者：A Author, B Author"
    # The entry's link to arXiv, with its page's words (this page's made in English), which are not searched.
    (link,) = item.locator(f".{LINKS} a").all()
    assert link.get_attribute("href").startswith("https://arxiv.org/search/?")
    assert link.inner_text() == "search arXiv for the title"
    for part in parts[:-1]:
        marks = item.locator(f".{part} mark").all_inner_texts()
        assert [mark.lower() for mark in marks] == [mark.lower() for mark in marked.get(part, [])]


@pytest.mark.slow
def test_a_word_of_a_summary_s_lead_finds_its_entry(page: Page, labelled_site: str) -> None:
    assert search_for(page, labelled_site, "示例实验室") == [f"/{LABELLED_PAGE}.html#digest-2023-03-01-1"]
    excerpt = page.locator(".digest-search-excerpt").first
    assert excerpt.locator("mark").all_inner_texts() == ["示例实验室"]


REPEATED_PAGE = "digests/2023/2023-03-02"


@pytest.mark.slow
def test_a_paper_several_days_list_is_one_result_that_links_the_others(
    page: Page, built_archive: Path, tmp_path: Path
) -> None:
    # As paper_records gives it at its first day: the later days, each its card's address from the root.
    record = Record(
        "digest-2023-03-02-1",
        "1. Quokka Networks",
        "袋鼬网络。",
        days=(
            ("2023年3月9日", "digests/2023/2023-03-09.html#quokka2023"),
            ("2023年4月1日", "digests/2023/2023-04-01.html#quokka2023a"),
            # Not the site's: never a link.
            ("elsewhere", "https://example.org/x"),
            ("script", "javascript:alert(1)"),
        ),
    )
    added = IndexPage(f"{REPEATED_PAGE}.html", "2 March 2023", [record], PAPERS, "2023")
    with served_with(built_archive, tmp_path / "html", REPEATED_PAGE, added) as url:
        # Found once, at its first day.
        assert search_for(page, url, "quokka") == [f"/{REPEATED_PAGE}.html#digest-2023-03-02-1"]
        days = page.locator(".digest-search-days")
        assert days.inner_text() == "亦见于以下日期的摘要：2023年3月9日、2023年4月1日"
        links = days.locator("a").all()
        assert [link.get_attribute("href") for link in links] == [
            "/digests/2023/2023-03-09.html#quokka2023",
            "/digests/2023/2023-04-01.html#quokka2023a",
        ]


@pytest.mark.slow
def test_a_query_found_nowhere_says_so(page: Page, site: str) -> None:
    assert search_for(page, site, "zzyzx 彩票") == []
    assert page.inner_text(".digest-search-status") == "在论文中没有找到“zzyzx 彩票”。"


@pytest.mark.slow
def test_a_chinese_query_must_be_in_one_entry_as_written(page: Page, site: str) -> None:
    # 神经 and 网络 are both on many pages; 网络神经 (in that order) is on none.
    assert search_for(page, site, "神经网络")
    assert search_for(page, site, "网络神经") == []


@pytest.mark.slow
def test_a_word_finds_the_words_it_begins(page: Page, site: str) -> None:
    assert "/digests/2022/2022-10-15.html#digest-2022-10-15-3" in search_for(page, site, "lotter")


@pytest.mark.slow
def test_matches_are_marked_as_text(page: Page, site: str) -> None:
    search_for(page, site, "Muesli")
    marks = page.eval_on_selector_all(f"{EXCERPTS} mark", "marks => marks.map(m => m.textContent)")
    assert marks
    assert {mark.lower() for mark in marks} == {"muesli"}


@pytest.mark.slow
def test_papers_come_first_and_the_project_s_pages_only_when_asked_for(page: Page, site: str) -> None:
    # The citing page quotes D Kunin's paper three times; a reader searching his name wants the paper.
    assert search_for(page, site, "Kunin") == ["/digests/2020/2020-12-16.html#digest-2020-12-16-1"]
    assert search_for(page, site, "lint") == []
    assert page.inner_text(".digest-search-status") == "在论文中没有找到“lint”。"
    # The project's pages: chosen on the page, kept in the URL to be shared.
    page.check("input[name=scope][value=docs]")
    page.wait_for_url("**/search.html?q=lint&scope=docs")
    docs = results_of(page)
    assert docs
    assert not [link for link in docs if link.startswith("/digests/")]
    assert any(link.startswith("/lint-rules.html") for link in docs)
    page.goto(f"{site}/search.html?q=Kunin&scope=docs")
    pages = {link.split("#")[0] for link in results_of(page)}
    assert "/citing.html" in pages
    assert not [link for link in pages if link.startswith("/digests/")]


@pytest.mark.slow
def test_a_word_finds_its_other_forms(page: Page, site: str) -> None:
    # The seeds say "kernel" and "kernels", "network" and "networks": one stem each.
    assert search_for(page, site, "kernels") == search_for(page, site, "kernel")
    assert search_for(page, site, "networks") == search_for(page, site, "network")
    assert "/digests/2021/2021-04-26.html#digest-2021-04-26-1" in search_for(page, site, "kernels")
    # What a form found is marked whatever its ending.
    marks = page.eval_on_selector_all(f"{EXCERPTS} mark", "marks => marks.map(m => m.textContent)")
    assert {mark.lower() for mark in marks} <= {"kernel", "kernels"}
    assert marks


@pytest.mark.slow
def test_a_phrase_in_quotes_matches_its_words_adjacent_and_in_order(page: Page, site: str) -> None:
    entry = "/digests/2021/2021-04-26.html#digest-2021-04-26-1"
    # Both words are in the entry ("stochastic gradient descent", "neural tangent kernel"), far apart.
    assert entry in search_for(page, site, "gradient tangent")
    assert search_for(page, site, '"gradient tangent"') == []
    assert search_for(page, site, '"kernel tangent"') == []
    # Adjacent, in order, and in other forms ("tangent kernels" would do too).
    assert entry in search_for(page, site, "“tangent kernels”")
    marks = page.eval_on_selector_all(f"{EXCERPTS} mark", "marks => marks.map(m => m.textContent)")
    assert "tangent kernel" in {mark.lower() for mark in marks}


# --- marking what was found -------------------------------------------------------------------

#: Words in a row in the hostile entry: a phrase of as many, quoted, is what a shared link asks for.
REPEATED = 40
HOSTILE_PAGE = "digests/2023/2023-05-02"
#: An entry that repeats an inflected word: its abstract holds the phrase of REPEATED "runs"
#: (so the entry is a result), its title one fewer and then another word, where the phrase
#: fails at its last word. A pattern that tries "runs" and its stem "run" (then "s") at each
#: word tries 2**39 ways there before it fails.
HOSTILE_DIGEST = f"""LG - 机器学习 (*表示值得重点关注)

1、[LG] {"Runs " * (REPEATED - 1)}Walks
A Author
[Nowhere]
重复一个词的摘要。
{" ".join(["runs"] * REPEATED)}, then {"runs " * (REPEATED - 1)}walks.
https://arxiv.org/abs/2305.00001
"""


@pytest.fixture(scope="module")
def hostile_site(built_archive: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The built archive with the hostile digest added to its index, served."""
    records = _records(parse_snippet(HOSTILE_DIGEST, f"raw/2023/{HOSTILE_PAGE.rsplit('/', 1)[1]}.txt"))
    added = IndexPage(f"{HOSTILE_PAGE}.html", "2 May 2023", records, PAPERS, "2023")
    html = tmp_path_factory.mktemp("hostile") / "html"
    with served_with(built_archive, html, HOSTILE_PAGE, added) as url:
        yield url


@pytest.mark.slow
def test_a_long_phrase_of_an_inflected_word_is_marked_at_once(page: Page, hostile_site: str) -> None:
    phrase = " ".join(["runs"] * REPEATED)
    query = f'"{phrase}"'
    page.goto(f"{hostile_site}/search.html?q={quote(query)}")
    # A bound on a hang, not a benchmark: the search itself takes a few milliseconds.
    page.wait_for_selector(DONE, timeout=1_000)
    assert page.inner_text(".digest-search-status").endswith("的结果：1 条。")
    marks = "marks => marks.map(m => m.textContent)"
    assert page.eval_on_selector_all(f"{RESULT_LINK} mark", marks) == ["Runs"] * (REPEATED - 1)
    assert page.eval_on_selector_all(".digest-search-abstract mark", marks)[0] == phrase


@pytest.mark.slow
def test_a_query_is_read_no_further_than_256_characters(page: Page, hostile_site: str) -> None:
    # Checking a phrase against an entry costs its words times the entry's:
    # a link with thousands of words took seconds over a long entry.
    phrase = " ".join(["runs"] * 2_000)
    page.goto(f"{hostile_site}/search.html?q={quote(phrase)}")
    page.wait_for_selector(DONE, timeout=1_000)
    assert page.input_value("#digest-search input[name=q]") == phrase[:256]


ZH = '<span lang="zh-Hans">'
#: What a query marks in a text: the text as HTML, with each mark in brackets.
MARKED = [
    # A phrase whole, with what separates its words, before its words alone; a word where a
    # word starts (so in "kernelized", not in "rerun"), as typed or by its stem.
    (
        '"tangent kernel" running',
        "Neural tangent kernel; a kernel, kernelized; the tangent-kernel rerun runs and ran.",
        "Neural [tangent kernel]; a [kernel], [kernel]ized; the [tangent-kernel] rerun [run]s and ran.",
    ),
    # A phrase is where holds() finds it, by its words' stems ("studies" and "study" are
    # "studi"), and its last word is marked whole.
    ('"case studies"', "A case study; case studies.", "A [case study]; [case studies]."),
    # Chinese, Japanese and Korean anywhere in a run, marked as Chinese in a page's language;
    # a word starts where a run of Chinese ends, as the index splits them.
    ("核 NTK", "神经切线核(NTK)体制", f"{ZH}神经切线</span>[{ZH}核</span>]([NTK]){ZH}体制</span>"),
    ("transformer", "用Transformer进行", f"{ZH}用</span>[Transformer]{ZH}进行</span>"),
    # Text, never markup.
    ("kernel", "<b>kernel</b>", "&lt;b&gt;[kernel]&lt;/b&gt;"),
]


@pytest.mark.slow
@pytest.mark.parametrize(("query", "text", "marked"), MARKED)
def test_a_phrase_is_marked_whole_and_a_word_where_a_word_starts(
    page: Page, site: str, query: str, text: str, marked: str
) -> None:
    page.goto(f"{site}/search.html")
    html = page.evaluate(
        """async ([query, text]) => {
            const { appendMarked, highlighter } = await import("./_static/digest-search/highlight.js");
            const { phrases, requirements } = await import("./_static/digest-search/query.js");
            const shown = document.createElement("p");
            appendMarked(shown, text, highlighter(requirements(query), phrases(query)), true);
            return shown.innerHTML;
        }""",
        [query, text],
    )
    assert html.replace("<mark>", "[").replace("</mark>", "]") == marked


@pytest.mark.slow
def test_the_index_files_are_asked_for_with_the_build_that_wrote_them(
    page: Page, site: str, built_archive: Path
) -> None:
    """A file's URL changes with the index: a browser never combines cached files of two builds."""
    build = json.loads((built_archive / "_build/html/_search/meta.json").read_text(encoding="utf-8"))["build"]
    asked: list[str] = []
    page.on("request", lambda request: asked.append(request.url))
    search_for(page, site, "lottery 彩票")
    files = [urlsplit(url) for url in asked if "/_search/" in url]
    assert {url.path.rsplit("/", 1)[-1] for url in files if url.query == ""} == {"meta.json"}
    others = [url for url in files if not url.path.endswith("/meta.json")]
    assert {url.path.split("/_search/")[1].split("/")[0] for url in others} >= {"postings", "words", "pages"}
    assert {url.query for url in others} == {f"v={build}"}


@pytest.mark.slow
def test_the_search_modules_are_asked_for_with_their_checksums(
    page: Page, site: str, built_archive: Path
) -> None:
    """The imported modules too, each once: a browser never runs cached modules of two builds together."""
    modules = sorted((built_archive / "_build/html/_static/digest-search").glob("*.js"))
    asked: list[str] = []
    page.on("request", lambda request: asked.append(request.url))
    search_for(page, site, "lottery")
    files = [urlsplit(url) for url in asked if "/_static/digest-search/" in url]
    assert sorted(f"{url.path}?{url.query}" for url in files) == [
        f"/_static/digest-search/{module.name}?v={zlib.crc32(module.read_bytes()):08x}" for module in modules
    ]


@pytest.mark.slow
def test_the_index_is_read_whether_or_not_the_host_decompressed_its_files(
    page: Page, site: str, built_archive: Path, tmp_path: Path
) -> None:
    """Files are stored gzip-compressed; a host that sends them with
    Content-Encoding: gzip hands the page plain JSON, which must do as well."""
    found = search_for(page, site, "lottery 彩票")
    assert found
    html = tmp_path / "html"
    shutil.copytree(built_archive / "_build/html", html)
    compressed = list((html / INDEX_DIR).rglob(f"*{COMPRESSED}"))
    assert compressed
    for path in compressed:
        assert path.read_bytes()[:2] == b"\x1f\x8b"
        path.write_bytes(gzip.decompress(path.read_bytes()))
    with served(html) as decompressed:
        assert search_for(page, decompressed, "lottery 彩票") == found


@pytest.mark.slow
def test_an_address_of_an_earlier_build_still_narrows_the_results(page: Page, site: str) -> None:
    # It named the category as the digest codes it (?category=LG): now arXiv's code, ?cat=cs.LG.
    found = search_for(page, site, "network")
    page.goto(f"{site}/search.html?q=network&year=2020&category=LG")
    page.wait_for_url("**/search.html?q=network&year=2020&cat=cs.LG")
    narrowed = results_of(page)
    assert narrowed and set(narrowed) < set(found)
    assert all(link.startswith("/digests/2020/") for link in narrowed)
    page.click(".digest-search-facet-category a:text('全部分类')")
    page.wait_for_url("**/search.html?q=network&year=2020")


@pytest.mark.slow
def test_a_misspelt_query_is_offered_the_closest_words_of_the_archive(page: Page, site: str) -> None:
    assert search_for(page, site, "lotery") == []
    assert page.inner_text(".digest-search-suggestion") == "您是不是要找 lottery？"
    # Each word the index lacks is replaced, as the pages spell it.
    search_for(page, site, "neurl network")
    assert page.inner_text(".digest-search-suggestion") == "您是不是要找 neural network？"
    page.click(".digest-search-suggestion a")
    page.wait_for_url("**/search.html?q=neural+network")
    assert results_of(page)
    assert page.inner_text(".digest-search-suggestion") == ""
    # Nothing near: nothing offered.
    assert search_for(page, site, "zzyzx") == []
    assert page.inner_text(".digest-search-suggestion") == ""


@pytest.mark.slow
def test_one_result_is_said_so(page: Page, site: str) -> None:
    assert len(search_for(page, site, "Sagastuy-Brena")) == 1
    assert page.inner_text(".digest-search-status") == "“Sagastuy-Brena”的结果：1 条。"
    assert page.inner_text(".digest-search-facet-year") == "年份：\n全部年份\n2020（1）"


@pytest.fixture(scope="module")
def site_en(built_archive_en: Path) -> Iterator[str]:
    with served(built_archive_en / "_build/html") as url:
        yield url


@pytest.mark.slow
def test_the_search_page_speaks_english_when_the_interface_does(page: Page, site_en: str) -> None:
    assert len(search_for(page, site_en, "Sagastuy-Brena")) == 1
    assert page.inner_text(".digest-search-status") == "1 result for “Sagastuy-Brena”."
    assert page.locator(".digest-search-facet-year a").all_inner_texts() == ["any year", "2020 (1)"]
    assert search_for(page, site_en, "lotery") == []
    assert page.inner_text(".digest-search-suggestion") == "Did you mean lottery?"
    assert page.inner_text(".digest-search-status") == "No results for “lotery” in the papers."
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.inner_text("#digest-search button[type=submit]") == "Search"


#: Words whose stems are not the word, from the seeds' kinds of text.
STEMMED = [
    "networks", "kernels", "lotteries", "hypothesis", "studies", "learning", "generalization",
    "parameterized", "transformers", "running", "happily", "ideas", "optimization", "Ærø", "naïve",
    "über", "2020s", "agreed", "feed", "conditionally", "relational", "generously", "skies",
]  # fmt: skip


@pytest.mark.slow
def test_the_browser_stems_as_the_index_does(page: Page, site: str) -> None:
    """Sphinx's english-stemmer.js, which the search page loads, is the algorithm terms.term_of runs."""
    page.goto(f"{site}/search.html")
    words = [word.lower() for word in STEMMED]
    stems = page.evaluate(
        """async words => {
            const { stem } = await import("./_static/digest-search/text.js");
            return words.map(stem);
        }""",
        words,
    )
    assert stems == [term_of(word) for word in words]
    assert [term_of(word) for word in words] != words


TEXTS = [
    "The Lottery Ticket Hypothesis, of 2022",
    "揭开彩票假说的面纱：用Transformer进行实验",
    "ＮＴＫ　regime, 核 and 𠀋𠀌 (an astral pair)",
    "Sagastuy-Brena: over-parameterized_nets; Ærø café naïve",
    # As long as a word may be (in Gothic letters, two UTF-16 units each), and one letter longer.
    f"{'𐌰' * 64} {'b' * 65} ok",
]


@pytest.mark.slow
@pytest.mark.parametrize("text", TEXTS)
def test_the_browser_splits_text_as_the_index_does(page: Page, site: str, text: str) -> None:
    page.goto(f"{site}/search.html")
    split = page.evaluate('async text => (await import("./_static/digest-search/text.js")).terms(text)', text)
    assert split == terms(text)
    words = terms(text)
    files = [1, 2, 3, 5, 1024, 1500, 4095]
    found = page.evaluate(
        """async ([words, files]) => {
            const { bucket, tailFile } = await import("./_static/digest-search/index.js");
            return words.map(word => [tailFile(word, 3), ...files.map(n => bucket(word, n))]);
        }""",
        [words, files],
    )
    assert found == [
        [textindex.tail_file(textindex.tail_key(word, 3)), *(textindex.bucket(word, n) for n in files)]
        for word in words
    ]


# --- ranking from heads -----------------------------------------------------------------------

MODULES = Path(textindex.__file__).parents[1] / "static" / "digest-search"
SEEDS = 8
REPEATS = [0, 0, 0, 1, 1, 1, 1, 2, 2, 3, 5, 13, 40]
VOCABULARY = ["alpha", "alphabet", "alpine", "beta", "gamma", "lottery", "彩票", "网络"]


def _random_archive(seed: int) -> dict[str, IndexPage]:
    """Pages of a few words, each repeated at random, few of them often (as in text)."""
    chance = random.Random(seed)
    archive = {}
    for n in range(60):
        words = [word for word in VOCABULARY for _ in range(chance.choice(REPEATS))]
        # A rare word, on one page in twelve.
        words += ["omega"] * (chance.random() < 1 / 12)
        chance.shuffle(words)
        archive[f"d{n}"] = IndexPage(f"d{n}.html", f"D{n}", [Record("", "", " ".join(words))])
    return archive


@pytest.fixture(scope="module")
def rankings(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Each random archive indexed twice, with heads of six pages (tails cut every eight pages)
    and with whole postings, served."""
    root = tmp_path_factory.mktemp("rankings")
    # Sphinx's stemmer, which the search page's modules (imported by RANK) find loaded.
    for script in STEMMER:
        shutil.copy(script, root / script.name)
    shutil.copytree(MODULES, root / MODULES.name)
    tags = "".join(f'<script src="{script.name}"></script>' for script in STEMMER)
    (root / "index.html").write_text(f"<!DOCTYPE html>{tags}", encoding="utf-8")
    for seed in range(SEEDS):
        archive = _random_archive(seed)
        for head in (6, 10_000):
            with pytest.MonkeyPatch.context() as patch:
                patch.setattr(textindex, "HEAD", head)
                patch.setattr(textindex, "TAIL_RANGE", 8)
                update_index(root / f"{seed}-{head}", set(archive), dict(archive), archive.__getitem__)
    fixed = {"d0": IndexPage("d0.html", "D0", [Record("", "", "alpha " * 10)])}
    for n, repeated in enumerate([9, 1, 1, 1], start=1):
        fixed[f"d{n}"] = IndexPage(f"d{n}.html", f"D{n}", [Record("", "", "alpha " * repeated)])
    fixed["d5"] = IndexPage("d5.html", "D5", [Record("", "", "alpha alpha zeta")])
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(textindex, "HEAD", 2)
        patch.setattr(textindex, "TAIL_RANGE", 2)
        update_index(root / "fixed", set(fixed), dict(fixed), fixed.__getitem__)
    # Two common words whose heads (two pages each) share no page, over
    # twelve pages in six parts of tails.
    common = {}
    for n, (alpha, beta) in enumerate([(9, 1), (8, 1), (1, 9), (1, 8), *[(2, 2)] * 8]):
        common[f"d{n:02}"] = IndexPage(
            f"d{n}.html", f"D{n}", [Record("", "", "alpha " * alpha + "beta " * beta)]
        )
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(textindex, "HEAD", 2)
        patch.setattr(textindex, "TAIL_RANGE", 2)
        update_index(root / "common", set(common), dict(common), common.__getitem__)
    with served(root) as url:
        yield url


RANK = """async ([folder, query, count]) => {
  const { Index } = await import("./digest-search/index.js");
  const { terms } = await import("./digest-search/text.js");
  const index = new Index(new URL(`${folder}/`, location.href));
  const ranking = await index.rank([...new Set(terms(query))]);
  const top = await ranking.top(count);
  return [top.map(({page, score}) => [page, Math.round(score * 1e9)]), ranking.more, [...index.files.keys()]];
}"""


def _rank(page: Page, folder: str, query: str, count: int) -> tuple[list[list[int]], bool, bool]:
    """The first ``count`` pages and their scores, whether more may follow, and whether tails were read."""
    top, more, files = page.evaluate(RANK, [folder, query, count])
    return top, more, any(path.startswith("tails/") for path in files)


@pytest.mark.slow
@pytest.mark.parametrize("seed", range(SEEDS))
def test_a_word_ranks_by_its_head_as_by_all_its_pages(page: Page, rankings: str, seed: int) -> None:
    page.goto(f"{rankings}/index.html")
    for query in ["beta", "gamma", "lottery", "彩票"]:
        for count in (1, 3, 6):
            heads, more, read_tails = _rank(page, f"{seed}-6", query, count)
            assert heads == _rank(page, f"{seed}-10000", query, count)[0]
            assert more
            assert not read_tails


@pytest.mark.slow
@pytest.mark.parametrize("seed", range(SEEDS))
def test_the_heads_rank_pages_with_every_word_and_then_all_pages(
    page: Page, rankings: str, seed: int
) -> None:
    page.goto(f"{rankings}/index.html")
    for query in [
        "alpha",
        "alp",
        "alpha beta",
        "beta gamma lottery",
        "彩票网络",
        "lottery 网络",
        "omega alpha beta",
    ]:
        whole, _, _ = _rank(page, f"{seed}-10000", query, 1000)
        scores = dict(map(tuple, whole))
        for count in (1, 3, 10):
            heads, more, read_tails = _rank(page, f"{seed}-6", query, count)
            # A page with every word, scored on the weights of the heads, which
            # are all or part of its own.
            assert len(heads) == min(count, len(whole))
            assert all(page in scores and score <= scores[page] for page, score in heads)
            assert heads == sorted(heads, key=lambda found: (-found[1], -found[0]))
            if read_tails and not more:
                assert heads == whole[:count]
        # Asked for every page, the heads are not enough: the ranking is that of all pages.
        heads, more, read_tails = _rank(page, f"{seed}-6", query, 1000)
        assert heads == whole
        assert not more


@pytest.mark.slow
def test_the_heads_alone_give_the_first_results_when_they_can(page: Page, rankings: str) -> None:
    page.goto(f"{rankings}/index.html")
    top, more, read_tails = _rank(page, "fixed", "alpha", 2)
    assert [page for page, _ in top] == [0, 1]
    assert more
    assert not read_tails
    top, more, read_tails = _rank(page, "fixed", "alpha", 3)
    assert [page for page, _ in top] == [0, 1, 5]
    assert more
    assert read_tails
    top, more, read_tails = _rank(page, "fixed", "alpha", 10)
    assert [page for page, _ in top] == [0, 1, 5, 4, 3, 2]
    assert not more


@pytest.mark.slow
def test_a_rare_word_reads_only_the_parts_of_a_common_words_tail_with_its_pages(
    page: Page, rankings: str
) -> None:
    page.goto(f"{rankings}/index.html")
    top, more, files = page.evaluate(RANK, ["fixed", "zeta alpha", 10])
    assert [page for page, _ in top] == [5]
    assert not more
    # alpha's tail: pages 2 and 3 in part 1, 4 and 5 in part 2.
    assert [path for path in files if path.startswith("tails/")] == [
        f"tails/{textindex.tail_file(textindex.tail_key('alpha', 2))}.json.gz"
    ]


@pytest.mark.slow
def test_common_words_read_their_tails_a_few_parts_at_a_time(page: Page, rankings: str) -> None:
    page.goto(f"{rankings}/index.html")
    whole, more, files = page.evaluate(RANK, ["common", "alpha beta", 100])
    assert len(whole) == 12
    assert not more
    top, more, files = page.evaluate(RANK, ["common", "alpha beta", 1])
    # The heads share no page: the parts read first are those of the pages
    # in one head (0 and 1 in alpha's, 2 and 3 in beta's), not all six.
    assert sorted(path for path in files if path.startswith("tails/")) == sorted(
        f"tails/{textindex.tail_file(textindex.tail_key(word, part))}.json.gz"
        for word in ("alpha", "beta")
        for part in (0, 1)
    )
    # Ranked among the pages read as among all pages; the rest follow when asked for.
    assert top == [found for found in whole if found[0] < 4][:1]
    assert more
