"""The statistics page read in Chromium, in Chinese and in English, on a phone and on a desktop.

Its plots are inline SVG: what a reader sees is measured on the page, as
drawn, at each size of :data:`digest_dev.screenshots.SIZES`. A drawing made
inline from hostile names is checked without a browser.
"""

from __future__ import annotations

import datetime as dt
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page

from digest_archive.render.drawings import draw
from digest_archive.render.listings import Listed
from digest_archive.render.statistics import plots
from digest_archive.sphinxext.pages.statistics import inline
from digest_dev.browser import served
from digest_dev.screenshots import SIZES
from support.builds import REPO_ROOT

SVG = "{http://www.w3.org/2000/svg}"
XLINK = "{http://www.w3.org/1999/xlink}"

AXE = REPO_ROOT / "node_modules/axe-core/axe.min.js"
PLOTS = ["categories", "highlighted", "authors", "affiliations"]


@pytest.fixture(scope="module")
def sites(built_archive: Path, built_archive_en: Path) -> Iterator[dict[str, str]]:
    with (
        served(built_archive / "_build/html") as chinese,
        served(built_archive_en / "_build/html") as english,
    ):
        yield {"zh": chinese, "en": english}


@pytest.fixture(params=["zh", "en"])
def language(request: pytest.FixtureRequest) -> str:
    return request.param


@pytest.fixture(params=list(SIZES))
def size(request: pytest.FixtureRequest) -> str:
    return request.param


@pytest.fixture
def statistics(browser: Browser, sites: dict[str, str], language: str, size: str) -> Iterator[Page]:
    """The statistics page, in each language, at each size."""
    page = browser.new_page(**SIZES[size])
    page.goto(f"{sites[language]}/statistics.html")
    yield page
    page.close()


#: Each figure's drawings that show: the figure's id, each drawing's classes and width on screen.
SHOWN = """() => [...document.querySelectorAll("figure.digest-statistics")].map(figure => [
  figure.id,
  [...figure.querySelectorAll("svg")].filter(svg => svg.getBoundingClientRect().width > 0)
    .map(svg => [svg.parentElement.className, svg.getBoundingClientRect().width]),
])"""

#: Each text of each drawing shown: its words, its size on screen in CSS pixels, and its box.
TEXTS = """() => [...document.querySelectorAll("figure.digest-statistics svg")]
  .filter(svg => svg.getBoundingClientRect().width > 0)
  .map(svg => [...svg.querySelectorAll("text")].filter(text => text.textContent.trim()).map(text => {
    const matrix = text.getScreenCTM();
    const scale = Math.hypot(matrix.a, matrix.b);
    const box = text.getBoundingClientRect();
    return [text.textContent, parseFloat(getComputedStyle(text).fontSize) * scale,
            [box.left, box.top, box.right, box.bottom]];
  }))"""


@pytest.mark.slow  # the built archives, read in Chromium
def test_each_plot_shows_one_drawing_as_wide_as_the_page_allows(statistics: Page, size: str) -> None:
    shown = statistics.evaluate(SHOWN)
    assert [figure_id for figure_id, _ in shown] == [f"statistics-{name}" for name in PLOTS]
    width = statistics.viewport_size["width"]  # type: ignore[index]
    for _, drawings in shown:
        ((classes, drawn),) = drawings
        # The narrow drawing on a phone, the wide one on a desktop.
        assert ("digest-statistics-narrow" in classes) == (size == "phone")
        assert drawn <= width


@pytest.mark.slow  # the built archives, read in Chromium
def test_every_text_of_a_plot_is_at_least_10_px_high(statistics: Page) -> None:
    drawings = statistics.evaluate(TEXTS)
    assert len(drawings) == len(PLOTS)
    small = [(words, round(size, 1)) for texts in drawings for words, size, _ in texts if size < 10]
    assert not small
    assert all(texts for texts in drawings)


def _overlap(one: list[float], other: list[float]) -> bool:
    # Half a pixel of antialiasing either way is not an overlap.
    return (
        min(one[2], other[2]) - max(one[0], other[0]) > 0.5
        and min(one[3], other[3]) - max(one[1], other[1]) > 0.5
    )


@pytest.mark.slow  # the built archives, read in Chromium
def test_no_two_texts_of_a_plot_overlap(statistics: Page) -> None:
    """Axis labels above all ("Nov 2020" over "2021" was the bug), and every other text of a plot."""
    for texts in statistics.evaluate(TEXTS):
        clashes = [
            (words, other_words)
            for index, (words, _, box) in enumerate(texts)
            for other_words, _, other in texts[index + 1 :]
            if _overlap(box, other)
        ]
        assert not clashes


@pytest.mark.slow  # the built archives, read in Chromium
def test_the_plots_are_in_the_interface_s_language(statistics: Page, language: str) -> None:
    words = {words for texts in statistics.evaluate(TEXTS) for words, _, _ in texts}
    captions = statistics.locator("figure.digest-statistics figcaption").all_inner_texts()
    heading = statistics.locator("h1").inner_text()
    if language == "zh":
        assert heading.startswith("统计")
        assert captions[0] == "每月论文数（按 arXiv 分类）"
        assert "论文数" in words
        assert "papers" not in words
    else:
        assert heading.startswith("Statistics")
        assert captions[0] == "Papers a month, by arXiv category"
        assert "papers" in words
        assert not any("论文" in text for text in [*words, *captions])


def _focus_link(page: Page, name: str) -> dict[str, Any]:
    """Tab through the page until the link read as ``name`` has the focus: what it is, and where it leads."""
    for _ in range(300):
        page.keyboard.press("Tab")
        focused = page.evaluate(
            """() => { const a = document.activeElement;
              const shown = [...a.querySelectorAll("text")].map(text => text.textContent).join("");
              return {label: a.getAttribute("aria-label") || shown, href: a.getAttribute("href"),
                      shown: a.getBoundingClientRect().width > 0}; }"""
        )
        if focused["label"] == name:
            return focused
    raise AssertionError(f"no link to {name!r} takes the keyboard's focus")


@pytest.mark.slow  # the built archives, read in Chromium
def test_a_top_name_s_bar_leads_to_its_page_by_finger_mouse_or_keyboard(statistics: Page) -> None:
    here = statistics.url
    figure = statistics.locator("#statistics-authors")
    links = figure.locator('svg a[href*="/authors/names/ganguli_s-"]')
    shown = [link for link in links.all() if link.is_visible()]
    # The name and each of its 3 years' bars; only the name is read and takes the focus.
    assert len(shown) == 4
    read = [link for link in shown if link.get_attribute("tabindex") is None]
    assert [(link.text_content() or "").strip() for link in read] == ["S Ganguli"]
    focused = _focus_link(statistics, "S Ganguli")
    assert focused["shown"]
    assert focused["href"].startswith("digests/authors/names/ganguli_s-")
    # A bar, not the name: it leads to the name's own page too.
    bar = next(link for link in shown if link.get_attribute("aria-hidden") == "true")
    bar.locator("path").first.click()
    statistics.wait_for_url("**/digests/authors/names/ganguli_s-*.html")
    assert statistics.locator("article h1").inner_text() == "S Ganguli"
    statistics.goto(here)
    _focus_link(statistics, "Stanford University")
    statistics.keyboard.press("Enter")
    statistics.wait_for_url("**/digests/affiliations/names/stanford_university-*.html")
    assert statistics.locator("article h1").inner_text() == "Stanford University"


@pytest.mark.slow  # the built archives, read in Chromium
def test_a_category_of_the_legend_leads_to_its_page(statistics: Page) -> None:
    legend = statistics.locator("#statistics-categories svg a").filter(has_text="Machine Learning (LG)")
    visible = [link for link in legend.all() if link.is_visible()]
    assert len(visible) == 1
    visible[0].locator("text").click()
    statistics.wait_for_url("**/digests/categories/LG.html#category-LG")


@pytest.mark.slow  # the built archives, read in Chromium
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_a_plot_s_text_is_in_the_scheme_s_text_colour(statistics: Page, scheme: str) -> None:
    """One drawing serves both schemes: its words and axes take the page's text colour."""
    statistics.emulate_media(color_scheme=scheme)  # type: ignore[arg-type]
    colours = statistics.evaluate(
        """() => [...document.querySelectorAll("figure.digest-statistics svg")]
          .filter(svg => svg.getBoundingClientRect().width > 0)
          .map(svg => [getComputedStyle(svg).color,
                       [...svg.querySelectorAll("text")].filter(text => !text.closest("a"))
                         .map(text => getComputedStyle(text).fill)])"""
    )
    assert len(colours) == len(PLOTS)
    for page_colour, fills in colours:
        assert fills
        assert set(fills) == {page_colour}
        red, green, blue = (int(float(part)) for part in re.findall(r"[\d.]+", page_colour)[:3])
        # Dark text on the light scheme's white, light text on the dark scheme's black.
        assert (red + green + blue > 3 * 128) == (scheme == "dark")


@pytest.mark.slow  # the built archives, read in Chromium
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_no_serious_violation(statistics: Page, scheme: str) -> None:
    statistics.emulate_media(color_scheme=scheme)  # type: ignore[arg-type]
    statistics.add_script_tag(path=AXE)
    violations = statistics.evaluate(
        """async () => (await axe.run()).violations
            .map(v => [v.id, v.impact, v.nodes.map(n => n.target.join(" "))])"""
    )
    assert [violation for violation in violations if violation[1] in ("serious", "critical")] == []


# --- the drawing inline, without a browser ----------------------------------------------

#: Names a digest could give, each once a way to break out of a drawing shown inline.
HOSTILE = ["</text><script>alert(1)</script>", '" onmouseover="alert(1)', "<style>*{display:none}</style>"]


def test_a_drawing_inline_holds_hostile_names_as_text_and_its_links_only_as_resolved() -> None:
    entries = [
        Listed("t", "LG", (name,), (), False) for name in HOSTILE for _ in range(HOSTILE.index(name) + 1)
    ]
    authors = plots([(dt.date(2024, 5, 1), entries)])[2]
    targets = ["../a.html", None, "../c.html"]
    node = {"title": "<b>title</b>", "description": "</desc><script>alert(2)</script>"}
    html = inline(draw(authors, "narrow"), targets, [name for _, name in authors.links], node)
    # Well-formed, and nothing but matplotlib's shapes and texts: no script, no stylesheet.
    root = ET.fromstring(html)
    tags = {element.tag.removeprefix(SVG) for element in root.iter()}
    assert not tags & {"script", "style", "foreignObject", "metadata"}
    assert {"".join(text.itertext()) for text in root.iter(f"{SVG}text")} >= set(HOSTILE)
    assert root.findtext(f"{SVG}desc") == node["description"]
    assert all(not key.startswith("on") for element in root.iter() for key in element.attrib)
    # The most frequent name first: its links go where the page said, the one without a page goes nowhere.
    hrefs = [a.get("href") for a in root.iter(f"{SVG}a")]
    assert set(hrefs) == {"../a.html", "../c.html"}
    assert not any(a.get(f"{XLINK}href") or a.get("target") for a in root.iter(f"{SVG}a"))
