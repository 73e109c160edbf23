"""Following the archive: the Atom feeds, as they are written from the digests' papers and listings.

The feeds are read with feedparser, as a feed reader would. What the build
publishes with them (sitemap.xml, robots.txt, Open Graph tags) is in
``tests/sphinxext/test_publishing.py``.
"""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ElementTree

import feedparser
from bs4 import BeautifulSoup

from digest_archive import i18n
from digest_archive.archive.sources import Source, from_json, to_json
from digest_archive.model import Entry, Section
from digest_archive.render.feeds import (
    FEED_LIMIT,
    Day,
    Paper,
    Site,
    category_feeds,
    days_to_read,
    highlighted_feed,
    papers,
    site_feed,
)
from digest_archive.render.listings import SUMMARY_LIMIT, Listed, listed
from support.labelled import LABELLED_PARTS, OLDER_SUMMARY, labelled_digest

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


def _entry(index: int, title: str, highlighted: bool = False) -> Entry:
    return Entry(
        section=Section.FEATURED,
        category="LG",
        title=title,
        highlighted=highlighted,
        authors=["S Ganguli"],
        links=[f"https://arxiv.org/pdf/2101.{index:05d}v2.pdf"],
        line=1,
    )


def _papers(days: int, per_day: int = 10) -> list[Paper]:
    first = dt.date(2021, 1, 1)
    found = []
    # Out of order on purpose: the feed sorts them.
    for offset in reversed(range(days)):
        date = first + dt.timedelta(days=offset)
        entries = [_entry(index, f"Paper {index} of {date}", index % 4 == 0) for index in range(per_day)]
        found += papers(date, entries)
    return found


def test_the_site_feed_lists_the_newest_papers_newest_first_each_at_its_anchor() -> None:
    found = _papers(8)
    feed = feedparser.parse(site_feed(found, _site(), f"{BASE}feeds/digests.atom"))
    assert feed.bozo == 0, feed.bozo_exception
    assert len(feed.entries) == FEED_LIMIT
    newest = dt.date(2021, 1, 8)
    assert [entry.title for entry in feed.entries[:2]] == [f"Paper 0 of {newest}", f"Paper 1 of {newest}"]
    assert feed.entries[0].link == f"{BASE}d/{newest}.html#digest-{newest}-1"
    assert feed.entries[0].id == feed.entries[0].link
    # The 50 newest of 80: five whole days, the oldest three left out.
    assert feed.entries[-1].title == f"Paper 9 of {newest - dt.timedelta(days=4)}"
    assert feed.entries[0].updated_parsed[:3] == newest.timetuple()[:3]
    # The feed's time is its newest digest's, not the build's.
    assert feed.feed.updated_parsed[:3] == newest.timetuple()[:3]


def test_a_paper_s_item_carries_its_chinese_title_summary_abstract_and_arxiv_link() -> None:
    digest = labelled_digest()
    labelled, older = digest.entries
    arxiv = "https://arxiv.org/abs/2303.01234"
    labelled = labelled.model_copy(update={"links": ["https://arxiv.org/pdf/2303.01234v1"]})
    older = older.model_copy(update={"abstract_en": "First paragraph.\n\nSecond paragraph."})
    found = papers(digest.date, [labelled, older])
    data = site_feed(found, _site(), f"{BASE}feeds/digests.atom")
    feed = feedparser.parse(data)
    assert feed.bozo == 0, feed.bozo_exception
    first, second = feed.entries
    # The Chinese title where the digest has one; its one-line summary where it has one.
    assert first.title == "一个示例框架"
    assert first.summary == LABELLED_PARTS[-1].text
    assert first.link == f"{BASE}d/2023-03-01.html#digest-2023-03-01-1"
    assert [link.href for link in first.links if link.rel == "related"] == [arxiv]
    content = BeautifulSoup(first.content[0].value, "html.parser")
    assert content.find("p", lang="en").get_text() == "An Example Framework for Planning"
    assert "We propose an example framework." in content.get_text()
    hrefs = [link["href"] for link in content.find_all("a")]
    assert hrefs == [arxiv, first.link]
    assert content.find_all("a")[1].get_text() == "Read it in the digest of 1 March 2023"
    # Without a Chinese title, its title; without a one-line summary, the whole summary on one line.
    assert second.title == "An Older Layout"
    assert second.summary == " ".join(OLDER_SUMMARY.split())
    assert not [link for link in second.links if link.rel == "related"]
    paragraphs = [p.get_text() for p in BeautifulSoup(second.content[0].value, "html.parser").find_all("p")]
    assert paragraphs[-3:-1] == ["First paragraph.", "Second paragraph."]


def test_the_highlighted_feed_holds_only_the_papers_marked_with_a_star() -> None:
    found = _papers(30)
    feed = feedparser.parse(highlighted_feed(found, _site(), f"{BASE}feeds/highlighted.atom"))
    assert feed.bozo == 0, feed.bozo_exception
    starred = [paper for paper in found if paper.highlighted]
    assert len(starred) > FEED_LIMIT
    assert len(feed.entries) == FEED_LIMIT
    assert {entry.title.split(" of ")[0] for entry in feed.entries} == {"Paper 0", "Paper 4", "Paper 8"}
    assert feed.entries[0].title == "Paper 0 of 2021-01-30"
    assert feed.feed.title == "Digest archive: ★ papers"
    # None marked: an empty feed, still valid, for a reader to subscribe to.
    empty = feedparser.parse(highlighted_feed(papers(dt.date(2021, 1, 1), [_entry(0, "x")]), _site(), BASE))
    assert empty.bozo == 0 and empty.entries == []


def test_only_the_newest_digests_are_read_for_the_paper_feeds() -> None:
    def day(offset: int, count: int, starred: int) -> Day:
        entries = tuple(Listed(f"p{index}", "LG", (), (), index < starred, "") for index in range(count))
        return Day(dt.date(2021, 1, 1) + dt.timedelta(days=offset), entries)

    # 60 days of 10 papers, a paper marked ★ only every tenth day.
    days = [day(offset, 10, 10 if offset % 10 == 0 else 0) for offset in range(60)]
    chosen = days_to_read(days)
    # The five newest days give 50 papers; the ★ ones, 10 a day, go back five of their days.
    newest = [dt.date(2021, 1, 1) + dt.timedelta(days=offset) for offset in (59, 58, 57, 56, 55)]
    starred = [dt.date(2021, 1, 1) + dt.timedelta(days=offset) for offset in (50, 40, 30, 20, 10)]
    assert chosen == newest + starred
    assert days_to_read([]) == []


def test_a_feed_speaks_the_interface_s_language() -> None:
    found = papers(dt.date(2023, 3, 9), [_entry(1, "A paper", True)])
    i18n.activate("zh_CN")
    try:
        data = site_feed(found, _site(), f"{BASE}feeds/digests.atom")
        starred = highlighted_feed(found, _site(), f"{BASE}feeds/highlighted.atom")
    finally:
        i18n.activate("en")
    root = ElementTree.fromstring(data)
    assert root.get("{http://www.w3.org/XML/1998/namespace}lang") == "zh-Hans"
    feed = feedparser.parse(data)
    assert feed.feed.title == "Digest archive：论文"
    assert "中文总结" in feed.feed.subtitle
    assert "在2023年3月9日的推荐中查看" in feed.entries[0].content[0].value
    assert feedparser.parse(starred).feed.title == "Digest archive：★ 论文"
    english = ElementTree.fromstring(site_feed(found, _site(), f"{BASE}feeds/digests.atom"))
    assert english.get("{http://www.w3.org/XML/1998/namespace}lang") == "en"


def test_hostile_text_of_a_paper_is_escaped_in_its_item() -> None:
    hostile = 'A <script>alert("x")</script> & "B\x01'
    entry = Entry(
        section=Section.FEATURED,
        category="LG",
        highlighted=True,
        title=hostile,
        title_zh=f"中文 {hostile}",
        authors=[hostile],
        summary_zh=hostile,
        abstract_en=f"{hostile}\n\n<img src=x onerror=alert(1)>",
        links=[
            'https://arxiv.org/abs/2101.00001"><script>alert(1)</script>',
            "https://arxiv.org/abs/2101.00002",
        ],
        line=1,
    )
    found = papers(dt.date(2021, 5, 1), [entry])
    for data in (
        site_feed(found, _site(), f"{BASE}feeds/digests.atom"),
        highlighted_feed(found, _site(), f"{BASE}feeds/highlighted.atom"),
    ):
        root = ElementTree.fromstring(data)  # well-formed XML, or this raises
        assert b"<script" not in data and b"<img" not in data and b"\x01" not in data
        (content,) = root.iter("{http://www.w3.org/2005/Atom}content")
        # The content is HTML a reader shows: the digest's text in it is text, never a tag or attribute.
        shown = BeautifulSoup(content.text, "html.parser")
        assert shown.find("script") is None and shown.find("img") is None
        assert shown.find("a").attrs == {"href": "https://arxiv.org/abs/2101.00002"}
        assert 'A <script>alert("x")</script> & "B\ufffd' in shown.get_text()
        feed = feedparser.parse(data)
        assert feed.bozo == 0, feed.bozo_exception
        assert feed.entries[0].title == '中文 A <script>alert("x")</script> & "B\ufffd'


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
    feeds = category_feeds(days, _site(), lambda category: f"{BASE}feeds/category/x.atom")
    for raw in feeds.values():
        ElementTree.fromstring(raw)  # well-formed XML, or this raises
        assert b"<script" not in raw
        assert b"\x01" not in raw
    expected = 'A <script>alert("x")</script> & B\ufffd C\ufffd'  # \x0b is a space
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
        'B <script>alert("x")</script> &\ufffd In the digest of 1 March 2023.',
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
    found = _papers(3)
    url = f"{BASE}feeds/digests.atom"
    assert site_feed(found, _site(), url) == site_feed(list(reversed(found)), _site(), url)
    days = _days(3)
    category = category_feeds(days, _site(), lambda category: f"{BASE}{category}.atom")
    assert category == category_feeds(
        list(reversed(days)), _site(), lambda category: f"{BASE}{category}.atom"
    )


def test_a_paper_s_code_is_a_related_link_of_its_item_and_a_link_in_it() -> None:
    digest = labelled_digest()
    _, older = digest.entries
    code = "https://github.com/owner/planner"
    older = older.model_copy(update={"abstract_en": f"Our code: {code}."})
    (found,) = papers(digest.date, [older])
    feed = feedparser.parse(site_feed([found], _site(), f"{BASE}feeds/digests.atom"))
    assert feed.bozo == 0, feed.bozo_exception
    (item,) = feed.entries
    assert code in [link.href for link in item.links if link.rel == "related"]
    content = BeautifulSoup(item.content[0].value, "html.parser")
    assert [a["href"] for a in content.find_all("a") if a.get_text() == "Code"] == [code]
