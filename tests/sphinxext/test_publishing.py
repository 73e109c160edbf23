"""What the build publishes besides pages: Atom feeds, sitemap.xml, robots.txt, Open Graph tags, downloads.

The feeds are read with feedparser, as a feed reader would; the built pages
with BeautifulSoup. Everything that needs an absolute address is built with
``-D html_baseurl``; the archive built without it (a fresh clone's
``make html``) publishes none of them and still builds with ``-W``.
"""

from __future__ import annotations

import gzip
import json
import multiprocessing
import shutil
import xml.etree.ElementTree as ElementTree
from pathlib import Path

import feedparser
import pytest
from bs4 import BeautifulSoup

from digest_archive.render.credit import TERMS
from digest_archive.render.feeds import FEED_LIMIT
from digest_archive.sphinxext.publishing.downloads import publish_downloads
from support.builds import copy_project, sphinx_build, sphinx_page
from support.seeds import SEED_ENTRIES

BASE = "https://example.org/archive/"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


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
    # A paper an item, each linking its entry: the newest digest's first.
    assert [entry.link for entry in feed.entries] == [
        f"{_page_url(date)}#digest-{date}-{number}"
        for date in sorted(SEED_ENTRIES)[::-1]
        for number in range(1, SEED_ENTRIES[date] + 1)
    ]
    html = BeautifulSoup((published / "_build/html/index.html").read_text(encoding="utf-8"), "html.parser")
    link = html.find("link", rel="alternate", type="application/atom+xml")
    assert link is not None and link["href"] == f"{BASE}feeds/digests.atom"


@pytest.mark.slow
def test_every_feed_credits_the_curator_and_says_under_what_terms(published: Path) -> None:
    """Issue 39: Atom's rights, and each item's author and source, in every feed."""
    feeds = sorted((published / "_build/html/feeds").rglob("*.atom"))
    assert any("author" in path.parts for path in feeds) and any("category" in path.parts for path in feeds)
    for path in feeds:
        feed = feedparser.parse(path.read_bytes())
        assert feed.bozo == 0, (path, feed.bozo_exception)
        assert "爱可可-爱生活" in feed.feed.rights and f"{BASE}about.html#about-credit" in feed.feed.rights
        for entry in feed.entries:
            assert entry.author_detail == {"name": "爱可可-爱生活", "href": "https://weibo.com/1402400261"}
            assert entry.source.title == "爱可可-爱生活的微博"
            assert entry.source.links[0].href == "https://weibo.com/1402400261"


@pytest.mark.slow
def test_the_published_data_credit_the_curator_and_link_the_terms(published: Path) -> None:
    """Issue 39: each day's data and each year's lines carry the digest's credit and the terms' address."""
    html = published / "_build/html"
    (digest,) = json.loads((html / "digests/2020/2020-12-16.json").read_text(encoding="utf-8"))
    assert digest["credit"] == {
        "curator": "爱可可-爱生活",
        "curator_url": "https://weibo.com/1402400261",
        "source": "https://weibo.com/1402400261/JyFsjATR5",
        "license": TERMS,
        "terms_url": f"{BASE}about.html#about-credit",
    }
    lines = gzip.decompress((html / "digests/2022/2022.jsonl.gz").read_bytes()).decode("utf-8")
    assert [json.loads(line)["credit"]["terms_url"] for line in lines.splitlines()] == [
        f"{BASE}about.html#about-credit"
    ]


def test_each_page_credits_the_post_its_day_s_data_names(published: Path) -> None:
    """One rule for the post a digest was first published in: the page's credit, its JSON-LD, its data."""
    html = published / "_build/html"
    days = sorted(html.glob("digests/20*/20*-*-*.json"))
    assert len(days) == len(SEED_ENTRIES)
    posts = {}
    for data in days:
        (digest,) = json.loads(data.read_text(encoding="utf-8"))
        page = BeautifulSoup(data.with_suffix(".html").read_text(encoding="utf-8"), "html.parser")
        record = json.loads(page.select_one('script[type="application/ld+json"]').get_text())
        links = [a["href"] for a in page.select("p.digest-credit a")]
        posts[data.stem] = digest["credit"]["source"]
        assert record.get("isBasedOn") == digest["credit"]["source"], data.stem
        assert links[1:] == ([digest["credit"]["source"]] if digest["credit"]["source"] else [])
    # Four of the seeds link their Weibo post; 2022-10-15's entries link none.
    assert [day for day, post in posts.items() if post is None] == ["2022-10-15"]


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
def test_each_author_and_affiliation_has_a_feed_linked_from_their_own_page(published: Path) -> None:
    html = published / "_build/html"
    for kind, folder in (("author", "authors"), ("affiliation", "affiliations")):
        pages = sorted((html / f"digests/{folder}/names").glob("*.html"))
        feeds = sorted((html / f"feeds/{kind}").glob("*.atom"))
        assert [path.stem for path in feeds] == [path.stem for path in pages]
        for page_path, feed_path in zip(pages, feeds, strict=True):
            feed = feedparser.parse(feed_path.read_bytes())
            assert feed.bozo == 0, feed.bozo_exception
            page = BeautifulSoup(page_path.read_text(encoding="utf-8"), "html.parser")
            name = page.select_one("article h1").get_text()
            assert name in feed.feed.title
            # Its papers, newest first, each reaching its entry.
            assert len(feed.entries) == len(page.select(".digest-name-papers li"))
            for entry in feed.entries:
                target, anchor = entry.link.removeprefix(BASE).split("#")
                assert BeautifulSoup((html / target).read_text(encoding="utf-8"), "html.parser").find(
                    id=anchor
                )
            url = f"{BASE}feeds/{kind}/{feed_path.name}"
            assert url in [link["href"] for link in page.find_all("link", rel="alternate")]
            assert page.select_one('.digest-subscribe a[type="application/atom+xml"]')["href"].endswith(
                f"feeds/{kind}/{feed_path.name}"
            )


@pytest.mark.slow
def test_the_sitemap_lists_every_page_and_robots_txt_names_it(published: Path) -> None:
    html = published / "_build/html"
    sitemap = ElementTree.parse(html / "sitemap.xml").getroot()
    listed = {loc.text for loc in sitemap.iter(f"{SITEMAP}loc")}
    assert {_page_url(date) for date in SEED_ENTRIES} <= listed
    assert f"{BASE}index.html" in listed
    # Names' own pages are left out: at 4,000 digests, past the 50,000 a sitemap may hold.
    assert not [link for link in listed if "/names/" in link]
    robots = (html / "robots.txt").read_text(encoding="utf-8")
    assert f"Sitemap: {BASE}sitemap.xml" in robots.splitlines()


@pytest.mark.slow
def test_a_digest_page_has_open_graph_tags_with_its_titles(published: Path, seeds: dict) -> None:
    date = "2021-04-26"
    page = BeautifulSoup(
        (published / f"_build/html/digests/2021/{date}.html").read_text(encoding="utf-8"), "html.parser"
    )
    tags = {meta.get("property") or meta.get("name"): meta.get("content") for meta in page.find_all("meta")}
    assert tags["og:title"] == "2021年4月26日"
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
    assert "0 of 8 Atom feeds written" in result.stdout
    # sphinx-sitemap alone would list only the pages this build wrote.
    listed = {loc.text for loc in ElementTree.parse(html / "sitemap.xml").getroot().iter(f"{SITEMAP}loc")}
    assert {_page_url(date) for date in SEED_ENTRIES} <= listed


@pytest.mark.slow
def test_a_build_without_an_address_removes_what_one_with_it_published(
    published: Path, tmp_path: Path
) -> None:
    """A preview built from main's output must not ship main's feeds, sitemap and robots.txt (issue 38)."""
    project = tmp_path / "project"
    shutil.copytree(published, project, symlinks=True)
    html = project / "_build/html"
    assert (html / "feeds/digests.atom").is_file() and (html / "sitemap.xml").is_file()
    result = sphinx_build(project)
    assert result.returncode == 0, result.stderr
    assert not (html / "feeds").exists()
    assert not (html / "sitemap.xml").exists()
    assert not (html / "robots.txt").exists()
    assert (html / "digests/2021/2021-04-26.html").is_file()


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


def test_downloads_are_published_where_the_converter_writes_them(tmp_path: Path) -> None:
    source, site = tmp_path / "source", tmp_path / "site"
    files = {"2021/2021.bib": "@misc{a}", "2021/2021-04-26.ris": "TY  - GEN", "2021/2021-04-26.md": "# page"}
    for name, text in files.items():
        (source / name).parent.mkdir(parents=True, exist_ok=True)
        (source / name).write_text(text, encoding="utf-8")
    # A download elsewhere is none of the converter's, and a link is never followed.
    (source / "authors").mkdir()
    (source / "authors/x.bib").write_text("@misc{x}", encoding="utf-8")
    (source / "2021/2021-07-19.bib").symlink_to(tmp_path / "secret.bib")
    (tmp_path / "secret.bib").write_text("secret", encoding="utf-8")

    copied = publish_downloads(source, site)
    copies = sorted(path.relative_to(site).as_posix() for path in copied)
    assert copies == ["2021/2021-04-26.ris", "2021/2021.bib"]
    assert (site / "2021/2021.bib").read_text(encoding="utf-8") == "@misc{a}"
    assert publish_downloads(source, site) == []
    # A download gone from the converter's folder is gone from the site; a page of names stays.
    (site / "authors").mkdir()
    (site / "authors/kept.html").write_text("<p>", encoding="utf-8")
    (source / "2021/2021-04-26.ris").unlink()
    assert publish_downloads(source, site) == []
    assert sorted(path.relative_to(site).as_posix() for path in site.rglob("*.*")) == [
        "2021/2021.bib",
        "authors/kept.html",
    ]
