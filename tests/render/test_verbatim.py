"""MyST's inline syntax in a digest's fields, and a labelled summary's lead, in every output.

A digest written with a footnote reference ``[^1]``, a role, math, an
autolink, strike-through, a substitution and a target in its title, an
affiliation, its summary (its lead, a point and the one-line summary) and its
abstract: each field is read whole, and shown as written on the page (as
HTML, under the project's MyST configuration and with every extension), in
the search records and results, in the feeds and in the PDF.
"""

from __future__ import annotations

import datetime as dt
import html
from pathlib import Path

import feedparser
import pytest
from bs4 import BeautifulSoup
from playwright.sync_api import Page

from digest_archive.lint import REGISTRY, Severity, lint_digest
from digest_archive.model import Digest, Entry
from digest_archive.render.digest import render_digest
from digest_archive.render.feeds import Day, Site, category_feeds, papers, site_feed
from digest_archive.render.listings import listed
from digest_archive.search.store import PAPERS
from digest_archive.search.store import Page as IndexPage
from digest_archive.sphinxext.search.records import paper_records
from support.builds import sphinx_page
from support.myst import CONFIGS
from support.pdf import body_text, index_of, latexpdf, project_with, text_of
from support.searching import search_for, served_with
from support.seeds import page_of, parse_snippet

DATE = "2023-10-05"
PATH = f"raw/2023/{DATE}.txt"
#: MyST's inline syntax: a footnote reference, a role, math, an autolink,
#: strike-through, a substitution and a target.
FAMILY = ["[^1]", "{sub}`x`", "$x^2$", "<https://example.org/a>", "~~strike~~", "{{ sub }}", "(target)="]
#: An affiliation holds no bracket: the family but the footnote reference.
IN_AFFILIATION = [syntax for syntax in FAMILY if "[" not in syntax]

TITLE = f"Planning with Trees {' '.join(FAMILY)}"
AFFILIATION = f"Example University {' '.join(IN_AFFILIATION)}"
TITLE_ZH = "用树搜索学习规划的示例模型"
LEAD = f"引言 {' 和 '.join(FAMILY)} 结束。"
POINT = f"要点 {' 和 '.join(FAMILY)} 结束。"
ONE_LINE = f"总结 {' 和 '.join(FAMILY)} 结束。"
ABSTRACT = f"We study {' and '.join(FAMILY)} today."

DIGEST = f"""CL - 计算与语言 (*表示值得重点关注)

1、[CL] {TITLE}
A Author, B Author
[{AFFILIATION} & Example Lab]
{TITLE_ZH}
{LEAD}
要点:
{POINT}
一句话总结：{ONE_LINE}
{ABSTRACT}
https://arxiv.org/abs/2310.00001
"""

#: Each field's text, as every output must show it.
SHOWN = {
    "title": TITLE,
    "affiliation": AFFILIATION,
    "lead": LEAD,
    "point": POINT,
    "one-line summary": ONE_LINE,
    "abstract": ABSTRACT,
}


def _digest() -> Digest:
    return parse_snippet(DIGEST, PATH)


def _entry() -> Entry:
    (entry,) = _digest().entries
    return entry


def _squeezed(text: str) -> str:
    """``text`` without blanks: pages, feeds and PDFs break lines where they like."""
    return "".join(text.split())


def _missing(output: str) -> list[str]:
    """The fields ``output`` does not show as written."""
    squeezed = _squeezed(output)
    return [field for field, text in SHOWN.items() if _squeezed(text) not in squeezed]


def test_each_field_is_read_whole() -> None:
    digest = _digest()
    (entry,) = digest.entries
    assert (entry.title, entry.title_zh, entry.summary_lead) == (TITLE, TITLE_ZH, [LEAD])
    assert (entry.authors, entry.affiliations) == (["A Author", "B Author"], [AFFILIATION, "Example Lab"])
    assert [(part.label, part.points, part.text) for part in entry.summary_parts] == [
        ("要点", [POINT], ""),
        ("一句话总结", [], ONE_LINE),
    ]
    assert entry.abstract_en == ABSTRACT
    assert digest.unparsed == []
    # Lint errs on none of it: it warns of the lead, and of the text that looks like markup.
    diagnostics = lint_digest(REGISTRY.values(), digest)
    assert {d.code for d in diagnostics} == {"DA206", "DA208"}
    assert {d.severity for d in diagnostics} == {Severity.WARNING}


@pytest.mark.parametrize("extensions", CONFIGS)
def test_the_html_page_and_its_search_records_show_each_field_as_written(extensions: frozenset[str]) -> None:
    page = render_digest(page_of(_digest()))
    with sphinx_page(page, extensions, builder="html") as (app, _, warnings):
        assert warnings.getvalue() == ""
        html = BeautifulSoup((Path(app.outdir) / "page.html").read_text(encoding="utf-8"), "html.parser")
        records = paper_records(app.env.get_doctree("page"))
    assert _missing(html.find(id="digest-2023-10-05-1").get_text()) == []
    (record,) = [record for record in records if record.anchor == "digest-2023-10-05-1"]
    assert record.title == f"1. {TITLE}"
    assert AFFILIATION in record.names
    assert record.lead == ONE_LINE
    assert record.abstract == ABSTRACT
    searched = [record.title, record.text, record.names, record.lead, *record.authors, record.abstract]
    assert _missing(" ".join(searched)) == []


@pytest.mark.slow  # a built archive, searched in Chromium
def test_a_search_result_shows_the_title_summary_and_lead_as_written(
    page: Page, built_archive: Path, tmp_path: Path
) -> None:
    """The result's link, one-line summary and authors, as digest-search/search.js writes them."""
    with sphinx_page(render_digest(page_of(_digest())), builder="html") as (app, _, _warnings):
        records = paper_records(app.env.get_doctree("page"))
    docname = f"digests/2023/{DATE}"
    added = IndexPage(f"{docname}.html", "5 October 2023", records, PAPERS, "2023")
    with served_with(built_archive, tmp_path / "html", docname, added) as url:
        assert f"/{docname}.html#digest-2023-10-05-1" in search_for(page, url, "Planning strike")
    item = page.locator(".digest-search-result", has=page.locator(f"a[href*='{docname}']"))
    assert item.locator(".digest-search-result-link").inner_text() == f"1. {TITLE}"
    assert item.locator(".digest-search-summary").inner_text() == ONE_LINE
    assert item.locator(".digest-search-authors").inner_text().endswith("A Author, B Author")
    # The one-line summary holds the words: the rest of the summary is not repeated around them.
    assert item.locator(".digest-search-excerpt").count() == 0


def _site() -> Site:
    base = "https://example.org/archive/"
    return Site("Digest archive", "contributors", base, lambda date: f"{base}d/{date.isoformat()}.html")


def test_the_feeds_show_the_title_and_the_one_line_summary_as_written() -> None:
    """A feed carries a paper's titles, authors and one-line summary: each as written."""
    days = [Day(dt.date.fromisoformat(DATE), (listed(_entry()),))]
    day = papers(dt.date.fromisoformat(DATE), [_entry()])
    site = feedparser.parse(site_feed(day, _site(), "https://example.org/archive/feeds/digests.atom"))
    assert site.bozo == 0, site.bozo_exception
    (paper,) = site.entries
    assert (paper.title, paper.summary) == (TITLE_ZH, ONE_LINE)
    assert html.escape(TITLE, quote=False) in paper.content[0].value
    (category,) = category_feeds(days, _site(), lambda code: f"https://example.org/{code}.atom").values()
    feed = feedparser.parse(category)
    assert feed.bozo == 0, feed.bozo_exception
    (item,) = feed.entries
    assert item.title == TITLE
    assert item.summary == f"{ONE_LINE} A Author, B Author. In the digest of 5 October 2023."


@pytest.mark.slow  # builds a PDF with XeLaTeX
def test_the_pdf_shows_each_field_as_written(tmp_path: Path) -> None:
    project = project_with(tmp_path, DATE, DIGEST)
    result = latexpdf(project)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    pdf = project / "_build/latex/digest-archive-2023.pdf"
    assert _missing(body_text(pdf)) == []
    # The index names the paper under each author and affiliation, as written.
    index = _squeezed(index_of(text_of(pdf)))
    assert _squeezed(f"{AFFILIATION} (affiliation)") in index
    assert _squeezed(TITLE) in index
