"""A reader's list in Chromium: papers saved on two days, listed after a reload, exported, carried."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
import rispy
from playwright.sync_api import Browser, Page, expect
from pybtex.database import parse_string

from digest_archive.archive.files import load_all
from digest_archive.render.reference import csl_json
from digest_dev.browser import served
from support.paths import REPO_ROOT

HTML = Path("_build/html")
LIST = "reading-list.html"
#: Two days, and the card saved on each.
SAVED = (("digests/2021/2021-04-26.html", 0), ("digests/2022/2022-10-15.html", 2))
AXE = REPO_ROOT / "node_modules/axe-core/axe.min.js"


@pytest.fixture(scope="module")
def site(built_archive: Path) -> Iterator[str]:
    with served(built_archive / HTML) as url:
        yield url


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    """A page of a browser of its own: an empty reading list."""
    context = browser.new_context(accept_downloads=True)
    yield context.new_page()
    context.close()


def _save(page: Page, url: str, index: int) -> str:
    """Save the card ``index`` of the page at ``url``: its key."""
    page.goto(url)
    button = page.locator("button.digest-save").nth(index)
    assert button.get_attribute("aria-pressed") == "false"
    button.click()
    assert button.get_attribute("aria-pressed") == "true"
    return button.get_attribute("data-key") or ""


def _save_two(page: Page, site: str) -> list[str]:
    return [_save(page, f"{site}/{path}", index) for path, index in SAVED]


def _download(page: Page, button: str) -> str:
    with page.expect_download() as download:
        page.click(button)
    return Path(download.value.path()).read_text(encoding="utf-8")


def _listed(page: Page) -> list[str]:
    return page.eval_on_selector_all(
        "ol.digest-reading-list-papers > li > a", "links => links.map(a => a.href)"
    )


@pytest.mark.slow  # the built archive, in Chromium
def test_two_papers_from_two_days_are_listed_after_a_reload(page: Page, site: str) -> None:
    keys = _save_two(page, site)
    page.goto(f"{site}/{LIST}")
    page.reload()
    assert _listed(page) == [f"{site}/{path}#{key}" for (path, _), key in zip(SAVED, keys, strict=True)]
    assert "2" in page.inner_text(".digest-reading-list-status")
    # Each leads to its card.
    page.click("ol.digest-reading-list-papers > li:nth-child(2) > a")
    assert page.locator(f"[id='{keys[1]}']").is_visible()


@pytest.mark.slow  # the built archive, in Chromium
def test_the_exports_are_the_archive_s_own_records(page: Page, site: str, built_archive: Path) -> None:
    keys = _save_two(page, site)
    page.goto(f"{site}/{LIST}")
    days = [built_archive / HTML / path for path, _ in SAVED]

    bibtex = parse_string(_download(page, "button.digest-export-bibtex"), "bibtex")
    assert list(bibtex.entries) == keys
    for key, day in zip(keys, days, strict=True):
        published = parse_string(day.with_suffix(".bib").read_text(encoding="utf-8"), "bibtex")
        assert bibtex.entries[key].fields == published.entries[key].fields
        assert bibtex.entries[key].persons == published.entries[key].persons

    ris = rispy.loads(_download(page, "button.digest-export-ris"))
    assert [record["id"] for record in ris] == keys
    for record, day in zip(ris, days, strict=True):
        published = rispy.loads(day.with_suffix(".ris").read_text(encoding="utf-8"))
        assert record == next(other for other in published if other["id"] == record["id"])

    items = json.loads(_download(page, "button.digest-export-csl"))
    assert [item["id"] for item in items] == keys
    raw = [
        str(built_archive / "raw" / Path(path).parent.name / f"{Path(path).stem}.txt") for path, _ in SAVED
    ]
    exported = json.loads(csl_json([one.digest for one in load_all(raw) if one.digest is not None]))
    assert items == [next(item for item in exported if item["id"] == key) for key in keys]


@pytest.mark.slow  # the built archive, in Chromium
def test_a_paper_saved_from_the_home_page_is_its_digest_s_with_its_bibtex(
    page: Page, site: str, built_archive: Path
) -> None:
    key = _save(page, f"{site}/index.html", 1)
    newest = "digests/2022/2022-10-15.html"
    page.goto(f"{site}/{LIST}")
    # Listed as saved from its own page: leading to its card there, not to the home page.
    assert _listed(page) == [f"{site}/{newest}#{key}"]
    bibtex = parse_string(_download(page, "button.digest-export-bibtex"), "bibtex")
    published = parse_string(
        (built_archive / HTML / newest).with_suffix(".bib").read_text(encoding="utf-8"), "bibtex"
    )
    assert list(bibtex.entries) == [key]
    assert bibtex.entries[key].fields == published.entries[key].fields
    # Saved on the home page, it is saved on its card too.
    page.goto(f"{site}/{newest}")
    assert page.locator(f"button.digest-save[data-key='{key}']").get_attribute("aria-pressed") == "true"


@pytest.mark.slow  # the built archive, in Chromium
def test_a_paper_taken_off_the_list_is_no_longer_saved_on_its_card(page: Page, site: str) -> None:
    keys = _save_two(page, site)
    page.goto(f"{site}/{LIST}")
    page.click("ol.digest-reading-list-papers > li:first-child > button")
    assert len(_listed(page)) == 1
    page.goto(f"{site}/{SAVED[0][0]}")
    assert page.get_attribute(f"button.digest-save[data-key='{keys[0]}']", "aria-pressed") == "false"
    # And the card's button takes it off too.
    page.goto(f"{site}/{SAVED[1][0]}")
    page.click(f"button.digest-save[data-key='{keys[1]}']")
    page.goto(f"{site}/{LIST}")
    assert _listed(page) == []
    assert page.locator("button.digest-export-bibtex").is_disabled()


@pytest.mark.slow  # the built archive, in Chromium
def test_the_list_as_a_file_carries_it_to_another_browser(
    page: Page, browser: Browser, site: str, tmp_path: Path
) -> None:
    keys = _save_two(page, site)
    page.goto(f"{site}/{LIST}")
    carried = tmp_path / "reading-list.json"
    carried.write_text(_download(page, "button.digest-export-list"), encoding="utf-8")

    other = browser.new_context().new_page()
    other.goto(f"{site}/{LIST}")
    assert _listed(other) == []
    other.set_input_files("input.digest-import", str(carried))
    # The file is read after the input changes: wait for the list.
    expect(other.locator("ol.digest-reading-list-papers > li")).to_have_count(2)
    assert [link.rsplit("#", 1)[1] for link in _listed(other)] == keys
    assert "2" in other.inner_text(".digest-reading-list-status")
    # Read again, nothing is added twice.
    other.set_input_files("input.digest-import", str(carried))
    expect(other.locator(".digest-reading-list-status")).to_contain_text("0")
    assert len(_listed(other)) == 2
    other.context.close()


@pytest.mark.slow  # the built archive, in Chromium
def test_a_file_that_is_not_a_list_adds_nothing_and_a_hostile_paper_is_refused(
    page: Page, site: str, tmp_path: Path
) -> None:
    page.goto(f"{site}/{LIST}")
    other = tmp_path / "other.json"
    other.write_text('{"papers": []}', encoding="utf-8")
    page.set_input_files("input.digest-import", str(other))
    refused = page.get_attribute(".digest-reading-list", "data-unreadable") or ""
    expect(page.locator(".digest-reading-list-status")).to_have_text(refused)

    fields = {"title": "t", "date": "2021-04-26", "bibtex": "", "ris": "", "csl": "{}"}
    hostile = [
        {**fields, "key": "a", "page": "javascript:alert(1)"},
        {**fields, "key": "b", "page": "../../../etc/passwd.html"},
        {**fields, "key": "b2", "page": "//evil.example/digests/2021/2021-04-26.html"},
        {**fields, "key": "b3", "page": "/digests/2021/2021-04-26.html"},
        {**fields, "key": 'c" onmouseover="alert(1)', "page": "digests/2021/2021-04-26.html"},
        {**fields, "key": "d", "page": "digests/2021/2021-04-26.html", "csl": "not json"},
        {**fields, "key": "fine", "page": "digests/2021/2021-04-26.html", "title": "<img src=x onerror=f()>"},
    ]
    listed = tmp_path / "hostile.json"
    listed.write_text(
        json.dumps({"format": "digest-archive reading list", "version": 1, "papers": hostile}),
        encoding="utf-8",
    )
    page.set_input_files("input.digest-import", str(listed))
    assert _listed(page) == [f"{site}/digests/2021/2021-04-26.html#fine"]
    # The title is text, not markup.
    assert page.inner_text("ol.digest-reading-list-papers > li > a") == "<img src=x onerror=f()>"
    assert page.locator("ol.digest-reading-list-papers img").count() == 0


@pytest.mark.slow  # the built archive, in Chromium
def test_axe_finds_nothing_serious_on_the_list(page: Page, site: str) -> None:
    _save_two(page, site)
    for url in (f"{site}/{LIST}", f"{site}/{SAVED[0][0]}"):
        page.goto(url)
        page.add_script_tag(path=AXE)
        violations = page.evaluate(
            """async () => (await axe.run()).violations
                .filter(v => v.impact === "serious" || v.impact === "critical")
                .map(v => [v.id, v.impact, v.nodes.map(n => n.target.join(" "))])"""
        )
        assert violations == [], url
