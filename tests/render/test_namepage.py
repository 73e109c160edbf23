"""An author's or an affiliation's own page: what it shows, every text of the digest's as text."""

from __future__ import annotations

import datetime as dt

from bs4 import BeautifulSoup

from digest_archive.render.namepage import render_name_page, render_year_page
from digest_archive.render.profiles import HEAVY, profile
from support.names import HOSTILE, LINKS, hostile_page, paper

D1, D2 = dt.date(2021, 4, 26), dt.date(2022, 10, 15)


def test_a_page_shows_every_hostile_text_as_text() -> None:
    page = BeautifulSoup(hostile_page(), "html.parser")
    assert page.select("script, meta") == []
    assert page.select_one("h1").get_text() == "A B"
    texts = [link.get_text() for link in page.select("a")]
    assert HOSTILE in texts  # the co-author, the affiliation and the paper's title, as text
    assert page.select_one("a[title]")["title"] == HOSTILE


def test_a_page_says_who_how_many_when_and_links_papers_companions_and_its_feed() -> None:
    papers = [paper(1, D1, ("S Ganguli", "D Kunin"), ("Stanford",)), paper(2, D2, ("S Ganguli",))]
    page = BeautifulSoup(render_name_page(profile("author", "S Ganguli", papers), LINKS), "html.parser")
    assert page.select_one(".digest-name-summary").get_text() == "Author · 2 papers, 2021–2022"
    assert page.select_one(".digest-name-summary a")["href"] == LINKS.index
    listed = [link["href"] for link in page.select(".digest-name-papers a")]
    assert listed == ["../../2022/2022-10-15.html#k2", "../../2021/2021-04-26.html#k1"]
    facts = {
        dt_.get_text(): dd.get_text() for dt_, dd in zip(page.select("dt"), page.select("dd"), strict=True)
    }
    assert facts == {
        "Years": "2022 (1) · 2021 (1)",
        "Categories": "LG (2)",
        "Co-authors": "D Kunin (1)",
        "Affiliations": "Stanford (1)",
    }
    assert page.select_one('a[href="../../author/D Kunin.html"]') is not None
    assert page.select_one('a[type="application/atom+xml"]')["href"] == LINKS.feed


def test_a_name_with_hundreds_of_papers_links_a_page_a_year() -> None:
    papers = [paper(n, dt.date(2020 + n % 3, 1, 1 + n % 28), ("A",), ("Big",)) for n in range(HEAVY + 1)]
    shown = profile("affiliation", "Big", papers)
    page = BeautifulSoup(render_name_page(shown, LINKS), "html.parser")
    assert page.select(".digest-name-papers") == []
    assert [link["href"] for link in page.select("dd a[href^='x/']")] == [
        "x/2022.html",
        "x/2021.html",
        "x/2020.html",
    ]
    year = BeautifulSoup(render_year_page(shown, 2021, LINKS), "html.parser")
    dates = [
        item.select_one("small").get_text().split(" · ")[0][-4:]
        for item in year.select(".digest-name-papers li")
    ]
    assert dates == ["2021"] * sum(1 for p in papers if p.date.year == 2021)
    assert year.select_one("h1").get_text() == "Big: 2021"
