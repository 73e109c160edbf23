"""Following the archive: the Atom feeds, as they are written from the digests' listings.

The feeds are read with feedparser, as a feed reader would. What the build
publishes with them (sitemap.xml, robots.txt, Open Graph tags) is in
``tests/sphinxext/test_publishing.py``.
"""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ElementTree

import feedparser

from digest_archive.archive.sources import Source, from_json, to_json
from digest_archive.render.feeds import FEED_LIMIT, Day, Site, category_feeds, site_feed
from digest_archive.render.listings import SUMMARY_LIMIT, Listed, listed
from support.labelled import LABELLED_PARTS, labelled_digest

BASE = "https://example.org/archive/"


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
