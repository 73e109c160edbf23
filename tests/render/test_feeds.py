"""Following the archive: Atom feeds, sitemap.xml, robots.txt and Open Graph tags.

The feeds are read with feedparser, as a feed reader would; the built pages
with BeautifulSoup. Everything that needs an absolute address is built with
``-D html_baseurl``; the archive built without it (a fresh clone's
``make html``) publishes none of them and still builds with ``-W``.
"""

from __future__ import annotations

import datetime as dt
import multiprocessing
import xml.etree.ElementTree as ElementTree
from pathlib import Path

import feedparser
import pytest
from bs4 import BeautifulSoup

from digest_archive.archive.sources import Source, from_json, to_json
from digest_archive.render.feeds import FEED_LIMIT, Day, Site, category_feeds, site_feed
from digest_archive.render.listings import SUMMARY_LIMIT, Listed, listed
from support.builds import copy_project, sphinx_build, sphinx_page
from support.labelled import LABELLED_PARTS, labelled_digest
from support.seeds import SEED_ENTRIES

BASE = "https://example.org/archive/"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def _site() -> Site:
    return Site("Digest archive", "contributors", BASE, lambda date: f"{BASE}d/{date.isoformat()}.html")


def _paper(title: str, category: str = "LG") -> Listed:
    return Listed(title, category, ("S Ganguli", "Y Bengio"), (), False)


def _days(count: int) -> list[Day]:
    first = dt.date(2021, 1, 1)
    # Out of order on purpose: the feed sorts them.
    dates = [first + dt.timedelta(days=index) for index in range(count)][::-1]
    return [Day(date, (_paper(f"Paper of {date}"), _paper(f"Other of {date}", "CV"))) for date in dates]


def test_the_site_feed_lists_the_newest_digests_newest_first() -> None:
    days = _days(FEED_LIMIT + 10)
    feed = feedparser.parse(site_feed(days, _site(), f"{BASE}feeds/digests.atom"))
    assert feed.bozo == 0, feed.bozo_exception
    newest = sorted((day.date for day in days), reverse=True)[:FEED_LIMIT]
    assert [entry.link for entry in feed.entries] == [f"{BASE}d/{date}.html" for date in newest]
    assert feed.entries[0].id == f"{BASE}d/{newest[0]}.html"
    assert feed.entries[0].summary == f"Paper of {newest[0]}; Other of {newest[0]}"
    assert feed.entries[0].updated_parsed[:3] == newest[0].timetuple()[:3]
    # The feed's time is its newest digest's, not the build's.
    assert feed.feed.updated_parsed[:3] == newest[0].timetuple()[:3]


def test_a_category_feed_lists_its_newest_papers_at_their_anchors() -> None:
    days = _days(FEED_LIMIT + 10)
    feeds = category_feeds(days, _site(), lambda category: f"{BASE}feeds/category/{category}.atom")
    assert sorted(feeds) == ["CV", "LG"]
    feed = feedparser.parse(feeds["LG"])
    assert feed.bozo == 0, feed.bozo_exception
    newest = max(day.date for day in days)
    assert len(feed.entries) == FEED_LIMIT
    assert feed.entries[0].title == f"Paper of {newest}"
    assert feed.entries[0].link == f"{BASE}d/{newest}.html#digest-{newest}-1"
    assert feedparser.parse(feeds["CV"]).entries[0].link.endswith(f"#digest-{newest}-2")
    assert "S Ganguli, Y Bengio" in feed.entries[0].summary


def test_hostile_titles_come_out_as_text_in_valid_xml() -> None:
    hostile = 'A <script>alert("x")</script> & B\x01\x0bC\ud800'
    days = [Day(dt.date(2021, 5, 1), (_paper(hostile, "<b>&"),))]
    data = site_feed(days, _site(), f"{BASE}feeds/digests.atom")
    feeds = category_feeds(days, _site(), lambda category: f"{BASE}feeds/category/x.atom")
    for raw in [data, *feeds.values()]:
        ElementTree.fromstring(raw)  # well-formed XML, or this raises
        assert b"<script" not in raw
        assert b"\x01" not in raw
    feed = feedparser.parse(data)
    assert feed.bozo == 0, feed.bozo_exception
    expected = 'A <script>alert("x")</script> & B\ufffd C\ufffd'  # \x0b is a space
    assert feed.entries[0].summary == expected
    category = feedparser.parse(feeds["<b>&"])
    assert category.bozo == 0
    assert category.entries[0].title == expected
    assert category.feed.title == "Digest archive: <b>&"


def test_a_paper_s_item_shows_its_one_line_summary_first() -> None:
    summary = "一个用树搜索结合规划与推理的示例框架。"
    hostile = 'B <script>alert("x")</script> &\x01'
    papers = (
        Listed("With a summary", "LG", ("A Author",), (), False, summary),
        Listed("Without", "LG", ("B Author",), (), False),
        Listed("Hostile", "LG", (), (), False, hostile),
    )
    feeds = category_feeds([Day(dt.date(2023, 3, 1), papers)], _site(), lambda c: f"{BASE}feeds/{c}.atom")
    ElementTree.fromstring(feeds["LG"])
    assert b"<script" not in feeds["LG"]
    feed = feedparser.parse(feeds["LG"])
    assert feed.bozo == 0, feed.bozo_exception
    assert [entry.summary for entry in feed.entries] == [
        f"{summary} A Author. In the digest of 1 March 2023.",
        "B Author. In the digest of 1 March 2023.",
        'B <script>alert("x")</script> &\ufffd 1 March 2023',
    ]


def test_the_one_line_summary_is_kept_for_the_feeds_cut_to_its_limit() -> None:
    labelled, older = labelled_digest().entries
    assert listed(labelled).summary == LABELLED_PARTS[-1].text
    assert listed(older).summary == ""
    long = labelled.model_copy(
        update={"summary_parts": [LABELLED_PARTS[-1].model_copy(update={"text": "长" * 5000})]}
    )
    assert listed(long).summary == "长" * (SUMMARY_LIMIT - 1) + "…"
    # Through the converter's manifest, which the feeds are made from.
    entries = (listed(labelled), listed(older))
    source = Source("raw/2023/2023-03-01.txt", "0" * 64, True, (), None, (), entries)
    assert from_json(source.name, to_json(source)) == source


def test_the_same_archive_gives_the_same_feed() -> None:
    days = _days(3)
    url = f"{BASE}feeds/digests.atom"
    assert site_feed(days, _site(), url) == site_feed(list(reversed(days)), _site(), url)


@pytest.fixture(scope="module")
def published(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The seed archive built as it is published, with its address: its HTML folder."""
    project = copy_project(tmp_path_factory.mktemp("published"))
    result = sphinx_build(project, "-D", f"html_baseurl={BASE}")
    assert result.returncode == 0, result.stderr
    return project


def _page_url(date: str) -> str:
    return f"{BASE}digests/{date[:4]}/{date}.html"


@pytest.mark.slow
def test_the_built_site_feed_lists_every_seed_newest_first(published: Path) -> None:
    feed = feedparser.parse((published / "_build/html/feeds/digests.atom").read_bytes())
    assert feed.bozo == 0, feed.bozo_exception
    assert [entry.link for entry in feed.entries] == [_page_url(date) for date in sorted(SEED_ENTRIES)[::-1]]
    html = BeautifulSoup((published / "_build/html/index.html").read_text(encoding="utf-8"), "html.parser")
    link = html.find("link", rel="alternate", type="application/atom+xml")
    assert link is not None and link["href"] == f"{BASE}feeds/digests.atom"


@pytest.mark.slow
def test_each_category_has_a_feed_linked_from_its_page_whose_items_reach_their_entries(
    published: Path,
) -> None:
    html = published / "_build/html"
    feeds = sorted(path.stem for path in (html / "feeds/category").glob("*.atom"))
    assert feeds == sorted(
        path.stem for path in (html / "digests/categories").glob("*.html") if path.stem != "index"
    )
    for category in feeds:
        feed = feedparser.parse((html / f"feeds/category/{category}.atom").read_bytes())
        assert feed.bozo == 0, feed.bozo_exception
        assert 0 < len(feed.entries) <= FEED_LIMIT
        for entry in feed.entries:
            page, anchor = entry.link.removeprefix(BASE).split("#")
            assert BeautifulSoup((html / page).read_text(encoding="utf-8"), "html.parser").find(id=anchor)
        page = BeautifulSoup(
            (html / f"digests/categories/{category}.html").read_text(encoding="utf-8"), "html.parser"
        )
        hrefs = [link["href"] for link in page.find_all("link", rel="alternate")]
        assert f"{BASE}feeds/category/{category}.atom" in hrefs


@pytest.mark.slow
def test_the_sitemap_lists_every_page_and_robots_txt_names_it(published: Path) -> None:
    html = published / "_build/html"
    sitemap = ElementTree.parse(html / "sitemap.xml").getroot()
    listed = {loc.text for loc in sitemap.iter(f"{SITEMAP}loc")}
    assert {_page_url(date) for date in SEED_ENTRIES} <= listed
    assert f"{BASE}index.html" in listed
    robots = (html / "robots.txt").read_text(encoding="utf-8")
    assert f"Sitemap: {BASE}sitemap.xml" in robots.splitlines()


@pytest.mark.slow
def test_a_digest_page_has_open_graph_tags_with_its_titles(published: Path, seeds: dict) -> None:
    date = "2021-04-26"
    page = BeautifulSoup(
        (published / f"_build/html/digests/2021/{date}.html").read_text(encoding="utf-8"), "html.parser"
    )
    tags = {meta.get("property") or meta.get("name"): meta.get("content") for meta in page.find_all("meta")}
    assert tags["og:title"] == "26 April 2021"
    assert tags["og:url"] == _page_url(date)
    assert tags["og:description"] == tags["description"]
    assert seeds[date].entries[0].title.split()[0] in tags["og:description"]
    assert tags["twitter:card"] == "summary"
    assert "og:image" not in tags
    assert not (published / "_build/html/_images/social_previews").exists()


@pytest.mark.slow
def test_a_build_with_nothing_changed_rewrites_no_feed_and_keeps_the_sitemap_whole(published: Path) -> None:
    html = published / "_build/html"
    files = [*(html / "feeds").rglob("*.atom"), html / "robots.txt"]
    before = {path: path.stat().st_mtime_ns for path in files}
    result = sphinx_build(published, "-D", f"html_baseurl={BASE}")
    assert result.returncode == 0, result.stderr
    assert {path: path.stat().st_mtime_ns for path in files} == before
    assert "0 of 7 Atom feeds written" in result.stdout
    # sphinx-sitemap alone would list only the pages this build wrote.
    listed = {loc.text for loc in ElementTree.parse(html / "sitemap.xml").getroot().iter(f"{SITEMAP}loc")}
    assert {_page_url(date) for date in SEED_ENTRIES} <= listed


@pytest.mark.slow
def test_without_an_address_nothing_that_needs_one_is_published(built_archive: Path) -> None:
    # built_archive is built with -W and no html_baseurl, as make html on a fresh clone.
    html = built_archive / "_build/html"
    assert not (html / "feeds").exists()
    assert not (html / "sitemap.xml").exists()
    assert not (html / "robots.txt").exists()
    page = (html / "digests/2021/2021-04-26.html").read_text(encoding="utf-8")
    assert 'property="og:' not in page
    assert "application/atom+xml" not in page


def test_a_build_in_this_process_starts_no_other_process() -> None:
    # sphinx-sitemap collects pages through a multiprocessing Manager, a
    # forked copy of the process that holds its open pipes: forked from a
    # test-suite that drives Chromium, it kept Playwright's driver from ever
    # seeing its pipe close, and the run hung at its end.
    with sphinx_page("# A page\n", builder="html"):
        assert multiprocessing.active_children() == []
