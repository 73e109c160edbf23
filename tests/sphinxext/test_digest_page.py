"""A digest page as a reader sees it in Chromium, on a phone and on a desktop: each entry a compact card.

Its title at most 1.3 times the text, one line of what the paper is, the
summary (its labels bold), the English abstract folded but found by
find-in-page, a row of actions (arXiv once, PDF, copy BibTeX, RIS), the
neighbours and the day's files at both ends, and the page a third of the
height it had.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import pytest
from bs4 import BeautifulSoup
from docutils import nodes
from playwright.sync_api import Browser, BrowserContext, Page

from digest_archive.model import Digest, Entry, Section
from digest_archive.render.digest import render_digest
from digest_dev.browser import served
from digest_dev.screenshots import SIZES
from support.builds import copy_project, sphinx_build, sphinx_page
from support.paths import REPO_ROOT
from support.seeds import page_of

DIGEST = "digests/2022/2022-10-15.html"
#: The seeds' digest before it, and the files of its papers and of its data.
PREVIOUS = "../2021/2021-07-19.html"
FILES = ("2022-10-15.bib", "2022-10-15.ris", "2022-10-15.json")
#: Its height on a phone before the cards (16,222 px in English), a third of it.
MOST_PHONE_HEIGHT = 5_407
AXE = REPO_ROOT / "node_modules/axe-core/axe.min.js"

#: A made-up digest of 2023 in the labelled layout (``要点:`` and labelled parts), as written.
LABELLED_DAY = "2023-10-05"
LABELLED_RAW = """\
CL - 计算与语言 LG - 机器学习 (*表示值得重点关注)

1、[CL] Example Models Learn to Plan with Trees
A Author, B Author, C Author…
[Example University & Example Lab]
用树搜索学习规划的示例模型
要点:
提出一种示例框架，把规划和推理结合起来。
在三个基准上的实验展示了它的通用性。
动机：现有方法的行为过于简单，难以部署。
方法：在候选步骤上做树搜索，并用外部反馈打分。
优势：在多个领域上都优于基线。

一句话总结：一个用树搜索结合规划与推理的示例框架。

Large language models have shown remarkable skill at planning with trees of thought.
https://arxiv.org/abs/2310.00001
"""


@pytest.fixture(scope="module", params=["zh", "en"])
def site(request: pytest.FixtureRequest) -> Iterator[tuple[str, str]]:
    """The seed archive built in each language of the interface, served: (language, base URL)."""
    built = request.getfixturevalue("built_archive" if request.param == "zh" else "built_archive_en")
    with served(built / "_build/html") as url:
        yield request.param, url


@pytest.fixture(scope="module")
def labelled_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The archive with a digest of 2023 in the labelled layout added, built in Chinese and served."""
    project = copy_project(tmp_path_factory.mktemp("labelled"))
    (project / "raw/2023").mkdir()
    (project / f"raw/2023/{LABELLED_DAY}.txt").write_text(LABELLED_RAW, encoding="utf-8")
    result = sphinx_build(project, "-j", "2")
    assert result.returncode == 0, result.stderr
    with served(project / "_build/html") as url:
        yield url


@pytest.fixture(params=list(SIZES))
def context(request: pytest.FixtureRequest, browser: Browser) -> Iterator[BrowserContext]:
    """A browser at a phone's size, then at a desktop's, that lets the page use the clipboard."""
    context = browser.new_context(**SIZES[request.param], permissions=["clipboard-read", "clipboard-write"])
    yield context
    context.close()


@pytest.fixture
def card_page(context: BrowserContext) -> Iterator[Page]:
    page = context.new_page()
    yield page
    page.close()


def _entries(page: Page) -> list[str]:
    return page.eval_on_selector_all("section.digest-entry", "sections => sections.map(s => s.id)")


@pytest.mark.slow  # the built archive, read in Chromium
def test_an_entry_s_title_is_at_most_1_3_times_the_text(card_page: Page, site: tuple[str, str]) -> None:
    card_page.goto(f"{site[1]}/{DIGEST}")
    sizes = card_page.eval_on_selector_all(
        "section.digest-entry > :is(h2, h3)",
        """titles => titles.map(title => [
            parseFloat(getComputedStyle(title).fontSize),
            parseFloat(getComputedStyle(document.querySelector("article")).fontSize),
        ])""",
    )
    assert len(sizes) == len(_entries(card_page)) > 5
    assert all(title <= 1.3 * text for title, text in sizes), sizes


@pytest.mark.slow  # the built archive, read in Chromium
def test_what_a_paper_is_is_one_line_of_chip_authors_and_affiliations(
    card_page: Page, site: tuple[str, str]
) -> None:
    card_page.goto(f"{site[1]}/{DIGEST}")
    first = card_page.locator("#digest-2022-10-15-1")
    lines = first.locator(".digest-paper > p")
    assert lines.count() == 1
    chip = lines.locator("a.digest-chip")
    assert chip.inner_text() == "LG 机器学习"
    assert chip.get_attribute("href") == "../categories/LG.html#category-LG"
    text = lines.inner_text()
    assert text.startswith("LG 机器学习 · J Geiping, M Goldblum")
    assert text.endswith("University of Maryland & New York University")
    assert not re.search("Category|Authors|Affiliations|Cite as", text)
    authors = lines.locator("a[href*='/authors/names/']").all_inner_texts()
    assert authors == ["J Geiping", "M Goldblum", "G Somepalli", "R Shwartz-Ziv"]
    # Nothing before the summary but the title, the line and its invisible COinS.
    before = first.evaluate(
        """section => [...section.children]
            .slice(0, [...section.children].findIndex(child => child.matches(".digest-summary")))
            .map(child => child.tagName)"""
    )
    assert before == ["SPAN", "H2", "DIV"]


@pytest.mark.slow  # an archive with a labelled digest built, read in Chromium
def test_a_labelled_summary_s_labels_are_bold_and_the_chinese_title_is_under_the_title(
    card_page: Page, labelled_site: str
) -> None:
    card_page.goto(f"{labelled_site}/digests/2023/{LABELLED_DAY}.html")
    entry = card_page.locator(f"#digest-{LABELLED_DAY}-1")
    labels = entry.locator(".digest-summary dt")
    assert labels.all_inner_texts() == ["要点", "动机", "方法", "优势", "一句话总结"]
    weights = labels.evaluate_all("labels => labels.map(label => getComputedStyle(label).fontWeight)")
    assert all(int(weight) >= 600 for weight in weights), weights
    under_title = entry.locator("h2 + div")
    assert under_title.inner_text() == "用树搜索学习规划的示例模型"
    assert under_title.get_attribute("lang") == "zh-hans"


@pytest.mark.slow  # the built archive, read in Chromium
def test_the_abstract_is_folded_and_find_in_page_opens_it(card_page: Page, site: tuple[str, str]) -> None:
    language, url = site
    card_page.goto(f"{url}/{DIGEST}")
    abstract = card_page.locator("#digest-2022-10-15-1 details.digest-abstract")
    assert abstract.evaluate("details => details.open") is False
    assert abstract.locator("summary").inner_text() == ("摘要 (English)" if language == "zh" else "Abstract")
    assert not abstract.get_by_text("disentangle several key mechanisms").is_visible()
    # A text fragment finds text as find-in-page does, and Chromium opens a closed
    # <details> for either (its "auto-expand"): the words are found and shown.
    card_page.goto("about:blank")
    card_page.goto(f"{url}/{DIGEST}#:~:text={quote('disentangle several key mechanisms')}")
    card_page.wait_for_function(
        "() => document.querySelector('#digest-2022-10-15-1 details.digest-abstract').open"
    )
    assert abstract.get_by_text("disentangle several key mechanisms").is_visible()


@pytest.mark.slow  # the built archive, read in Chromium
def test_a_long_summary_is_folded_until_asked_or_found(card_page: Page, site: tuple[str, str]) -> None:
    url = site[1]
    card_page.goto(f"{url}/{DIGEST}")
    # The longest summary of the day: longer than six lines at either size.
    longest = card_page.locator("#digest-2022-10-15-3")
    summary, unfold = longest.locator("div.digest-summary"), longest.locator("button.digest-unfold")
    assert summary.evaluate("block => block.scrollHeight > block.clientHeight + 20")
    assert not longest.get_by_text("神秘面纱方面取得了进展", exact=False).evaluate(
        "p => { const box = p.getBoundingClientRect(), shown = p.parentElement.getBoundingClientRect();"
        " return box.bottom <= shown.bottom; }"
    )
    unfold.click()
    assert summary.evaluate("block => block.scrollHeight <= block.clientHeight")
    assert unfold.count() == 0
    # Its last words, found in the page, unfold it too.
    card_page.goto("about:blank")
    card_page.goto(f"{url}/{DIGEST}#:~:text={quote('在揭开中奖彩票的神秘面纱方面取得了进展')}")
    card_page.wait_for_function(
        "() => !document.querySelector('#digest-2022-10-15-3 div.digest-summary.digest-folded')"
    )


@pytest.mark.slow  # the built archive, read in Chromium
def test_each_entry_has_a_row_of_actions_and_arxiv_once(card_page: Page, site: tuple[str, str]) -> None:
    language, url = site
    card_page.goto(f"{url}/{DIGEST}")
    for anchor in _entries(card_page):
        entry = card_page.locator(f"#{anchor}")
        hrefs = entry.locator("a").evaluate_all("links => links.map(link => link.href)")
        arxiv = [href for href in hrefs if href.startswith("https://arxiv.org/abs/")]
        assert len(arxiv) == 1, (anchor, hrefs)
        actions = entry.locator("div.digest-actions")
        paper = arxiv[0].removeprefix("https://arxiv.org/abs/")
        assert actions.locator(f"a[href='https://arxiv.org/abs/{paper}']").count() == 1
        assert actions.locator(f"a[href='https://arxiv.org/pdf/{paper}']").inner_text() == "PDF"
        assert actions.locator("a.digest-ris").get_attribute("href") == "2022-10-15.ris"
    copy = card_page.locator("#digest-2022-10-15-2 button.digest-copy-bibtex")
    assert copy.inner_text() == ("复制 BibTeX" if language == "zh" else "Copy BibTeX")
    copy.click()
    card_page.wait_for_function("() => navigator.clipboard.readText().then(text => text.length > 0)")
    copied = card_page.evaluate("navigator.clipboard.readText()")
    assert copied.startswith("@misc{andriushchenko2022sgd,")
    assert copied.rstrip().endswith("}")


@pytest.mark.slow  # the built archive, read in Chromium
def test_without_scripts_the_summary_is_whole_and_the_bibtex_is_folded(
    browser: Browser, site: tuple[str, str]
) -> None:
    context = browser.new_context(**SIZES["phone"], java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{site[1]}/{DIGEST}")
    first = page.locator("#digest-2022-10-15-1")
    assert not first.locator("button").first.is_visible()
    assert first.get_by_text("有效地平坦了损失景观", exact=False).is_visible()
    first.locator("details.digest-cite > summary").click()
    assert first.locator("details.digest-cite pre").inner_text().startswith("@misc{geiping2022much,")
    context.close()


@pytest.mark.slow  # the built archive, read in Chromium
def test_the_neighbours_and_the_day_s_files_are_at_the_top_and_the_bottom(
    card_page: Page, site: tuple[str, str]
) -> None:
    card_page.goto(f"{site[1]}/{DIGEST}")
    placed = card_page.evaluate(
        """() => {
            const entries = [...document.querySelectorAll("section.digest-entry")];
            const first = entries[0].getBoundingClientRect().top;
            // The page's end is in the last entry's section (MyST ends a section only at a
            // heading): the bottom is what follows its row of actions.
            const rows = [...document.querySelectorAll("div.digest-actions")];
            const last = rows[rows.length - 1].getBoundingClientRect().bottom;
            const where = element => {
                const box = element.getBoundingClientRect();
                return box.bottom <= first ? "top" : box.top >= last ? "bottom" : "among the entries";
            };
            return ["digest-neighbours", "digest-downloads"].map(kind =>
                [...document.querySelectorAll(`div.${kind}`)].map(block =>
                    [where(block), [...block.querySelectorAll("a")].map(a => a.getAttribute("href"))]));
        }"""
    )
    neighbours, downloads = placed
    assert neighbours == [["top", [PREVIOUS]], ["bottom", [PREVIOUS]]]
    assert downloads == [["top", list(FILES)], ["bottom", list(FILES)]]


def _json_ld(page: Page) -> dict:
    """The page's JSON-LD record, as a browser parses it."""
    return page.evaluate(
        """() => JSON.parse(document.querySelector('script[type="application/ld+json"]').textContent)"""
    )


@pytest.mark.slow  # the built archive, read in Chromium
def test_the_page_credits_its_curator_and_post_for_readers_and_machines(
    card_page: Page, site: tuple[str, str]
) -> None:
    """Issue 39: whose digest it is and where it was first published, shown and as JSON-LD."""
    card_page.goto(f"{site[1]}/digests/2021/2021-07-19.html")
    credit = card_page.locator("p.digest-credit")
    expect_text = {
        "zh": "整理：爱可可-爱生活；首发于微博",
        "en": "Curated by 爱可可-爱生活; first published on Weibo",
    }
    assert credit.is_visible() and credit.inner_text() == expect_text[site[0]]
    links = credit.locator("a").evaluate_all("links => links.map(a => a.href)")
    assert links[0] == "https://weibo.com/1402400261"
    assert re.fullmatch(r"https://weibo\.com/1402400261/\w+", links[1])
    assert card_page.get_attribute('meta[name="author"]', "content") == "爱可可-爱生活"
    record = _json_ld(card_page)
    assert record["@type"] == "CreativeWork" and record["datePublished"] == "2021-07-19"
    assert record["author"] == {
        "@type": "Person",
        "name": "爱可可-爱生活",
        "url": "https://weibo.com/1402400261",
    }
    assert record["isBasedOn"] == links[1]
    # The terms: the about page's section, which the browser finds.
    terms = card_page.evaluate("""(href) => new URL(href, document.baseURI).href""", record["license"])
    card_page.goto(terms)
    assert card_page.locator("#about-credit").is_visible()
    # A digest whose entries link no Weibo post (2022-10-15's): its curator, and no post.
    card_page.goto(f"{site[1]}/{DIGEST}")
    assert card_page.locator("p.digest-credit a").count() == 1
    record = _json_ld(card_page)
    assert "isBasedOn" not in record and record["datePublished"] == "2022-10-15"


@pytest.mark.slow  # the built archive, read in Chromium
def test_the_page_is_a_third_of_its_old_height_on_a_phone(browser: Browser, site: tuple[str, str]) -> None:
    context = browser.new_context(**SIZES["phone"])
    page = context.new_page()
    page.goto(f"{site[1]}/{DIGEST}")
    height = page.evaluate("document.documentElement.scrollHeight")
    context.close()
    assert height <= MOST_PHONE_HEIGHT


@pytest.mark.slow  # the built archives, read in Chromium
@pytest.mark.parametrize("opened", [False, True], ids=["closed", "opened"])
def test_axe_finds_nothing_serious_on_a_page_of_cards(
    card_page: Page, site: tuple[str, str], labelled_site: str, opened: bool
) -> None:
    for url in (f"{site[1]}/{DIGEST}", f"{labelled_site}/digests/2023/{LABELLED_DAY}.html"):
        card_page.goto(url)
        if opened:
            card_page.evaluate(
                """() => {
                    document.querySelectorAll("details").forEach(details => { details.open = true; });
                    document.querySelectorAll("button.digest-unfold").forEach(button => button.click());
                }"""
            )
        card_page.add_script_tag(path=AXE)
        violations = card_page.evaluate(
            """async () => (await axe.run()).violations
                .filter(v => v.impact === "serious" || v.impact === "critical")
                .map(v => [v.id, v.impact, v.nodes.map(n => n.target.join(" "))])"""
        )
        assert violations == [], url


# --- the card's HTML and LaTeX, from a page built in-process ---------------------------------------------


def _unknown_paper() -> Digest:
    """A digest whose entry has no arXiv link, only a link of its own."""
    entry = Entry(
        number=1,
        section=Section.FEATURED,
        category="CV",
        title="A Paper Not on arXiv",
        authors=["A Author"],
        summary_zh="摘要。",
        abstract_en="An abstract.",
        links=["https://weibo.com/1402400261/JrPmobMeQ"],
        line=2,
    )
    return Digest(date=dt.date(2022, 10, 15), source="raw/2022/2022-10-15.txt", entries=[entry])


def test_without_an_arxiv_id_the_row_searches_arxiv_and_offers_no_pdf() -> None:
    with sphinx_page(render_digest(page_of(_unknown_paper())), builder="html") as (app, _, warnings):
        assert warnings.getvalue() == ""
        html = BeautifulSoup((Path(app.outdir) / "page.html").read_text(encoding="utf-8"), "html.parser")
    actions = html.select_one("#digest-2022-10-15-1 div.digest-actions")
    links = {a.get_text(): a["href"] for a in actions.find_all("a")}
    assert links.pop("search arXiv for the title").startswith("https://arxiv.org/search/?query=A+Paper+Not")
    assert links.pop("https://weibo.com/1402400261/JrPmobMeQ") == "https://weibo.com/1402400261/JrPmobMeQ"
    assert set(links) == {"RIS"}
    # The copy button waits for the script; the BibTeX's block scrolls, so it takes the focus.
    assert actions.select_one("button.digest-copy-bibtex").has_attr("hidden")
    assert actions.select_one("details.digest-cite pre")["tabindex"] == "0"


def test_the_pdf_gets_the_card_as_text_without_folds_or_buttons() -> None:
    with sphinx_page(render_digest(page_of(_unknown_paper())), builder="latex") as (_, document, _warnings):
        # (The throw-away project names no LaTeX document: the doctree is the one LaTeX would write.)
        text = document.astext()
        kinds = {type(node).__name__ for node in document.findall(nodes.Element)}
    for shown in ("CV · A Author", "摘要。", "An abstract.", "search arXiv for the title"):
        assert shown in text
    # The folds and buttons are the web's; the BibTeX and COinS nodes are skipped by the LaTeX writer.
    assert not kinds & {"folded", "copy_button", "unfold_button"}
    assert "Copy BibTeX" not in text
