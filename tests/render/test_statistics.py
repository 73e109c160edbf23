"""The statistics page's plots: what they count and how they are drawn."""

from __future__ import annotations

import datetime as dt
import math
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator

import pytest

from digest_archive import i18n
from digest_archive.render.drawings import SIZES, draw
from digest_archive.render.listings import Listed, listed
from digest_archive.render.statistics import CATEGORIES, MONTHS, TOP, Plot, placeholder, plots
from support.seeds import SEED_ENTRIES, parse_seed

SVG = "{http://www.w3.org/2000/svg}"
XLINK = "{http://www.w3.org/1999/xlink}"


@pytest.fixture(scope="module")
def seed_plots() -> dict[str, Plot]:
    days = [
        (dt.date.fromisoformat(date), [listed(e) for e in parse_seed(date).entries]) for date in SEED_ENTRIES
    ]
    return {plot.name: plot for plot in plots(days)}


def test_the_seeds_add_up(seed_plots: dict[str, Plot]) -> None:
    categories = seed_plots["categories"]
    # Every month from the first digest's to the last's, those without digests too.
    assert categories.axis[0] == "2020-11"
    assert categories.axis[-1] == "2022-10"
    assert len(categories.axis) == 24
    drawn = [value for _, values in categories.series for value in values if not math.isnan(value)]
    assert sum(drawn) == sum(SEED_ENTRIES.values())
    assert dict(categories.series)["Machine Learning (LG)"][categories.axis.index("2020-12")] == 4
    assert "45 papers in all" in categories.alt
    assert "Machine Learning (LG) 24" in categories.alt

    shares, papers = (values for _, values in seed_plots["highlighted"].series)
    # November 2020: 3 of its 8 papers are marked with a *.
    assert shares[0] == pytest.approx(37.5)
    assert papers[0] == 8
    assert "4 of 45 papers marked" in seed_plots["highlighted"].alt

    authors = seed_plots["authors"]
    assert authors.axis == ("2020", "2021", "2022")
    assert authors.series[0] == ("S Ganguli", (2.0, 1.0, 1.0))
    assert len(authors.series) == TOP
    assert "S Ganguli 4 (2020: 2, 2021: 1, 2022: 1)" in authors.alt
    assert seed_plots["affiliations"].series[0][0] == "Stanford University"


def test_categories_beyond_the_most_frequent_are_summed_as_other() -> None:
    codes = ["LG", "CV", "CL", "RO", "AI", "ME", "AS", "SD", "IR"]
    entries = [Listed("t", code, (), (), False) for index, code in enumerate(codes) for _ in range(9 - index)]
    (categories, *_) = plots([(dt.date(2024, 5, 1), entries)])
    labels = [label for label, _ in categories.series]
    assert len(labels) == CATEGORIES + 1
    assert labels[-1] == "Other categories"
    # SD and IR: 2 papers and 1.
    assert categories.series[-1][1] == (3.0,)
    assert "and 3 in other categories" in categories.alt


def test_the_plots_of_months_show_the_last_months_and_the_names_every_year() -> None:
    # Eleven years of a digest a month: a page of every month grew with the archive.
    days = [
        (dt.date(year, month, 1), [Listed("t", "LG", ("A B",), ("Lab",), month == 1)])
        for year in range(2015, 2026)
        for month in range(1, 13)
    ]
    drawn = {plot.name: plot for plot in plots(days)}
    for name in ("categories", "highlighted"):
        assert len(drawn[name].axis) == MONTHS
        assert drawn[name].axis[0] == "2021-01" and drawn[name].axis[-1] == "2025-12"
    # The words say what is drawn: the months shown, and their papers.
    assert "from January 2021 to December 2025: 60 papers in all" in drawn["categories"].alt
    assert "5 of 60 papers marked" in drawn["highlighted"].alt
    for name in ("authors", "affiliations"):
        assert drawn[name].axis == tuple(str(year) for year in range(2015, 2026))
        assert drawn[name].series[0][1] == (12.0,) * 11


def test_an_empty_archive_has_no_plots() -> None:
    assert plots([]) == []


#: Names a digest could give, each once a way to break a plot or its SVG.
HOSTILE_NAMES = [
    r"$\undefinedcommand{x}$ Lab",  # mathtext: an error, or TeX-like markup, for a plain name
    "</text><script>alert(1)</script>",
    "Ctrl\x01\x02\x1b[31m Institute",  # control characters are not allowed in XML
    "A" * 400,
]


@pytest.mark.parametrize("size", SIZES)
def test_a_hostile_name_is_drawn_as_plain_text(size: str) -> None:
    entries = [Listed("t", "LG", (name,), (name,), False) for name in HOSTILE_NAMES]
    for plot in plots([(dt.date(2024, 5, 1), entries)]):
        svg = draw(plot, size)  # type: ignore[arg-type]
        root = ET.fromstring(svg)  # well-formed XML
        assert not list(root.iter(f"{SVG}script"))
        if plot.name in ("authors", "affiliations"):
            shown = {"".join(text.itertext()) for text in root.iter(f"{SVG}text")}
            assert r"$\undefinedcommand{x}$ Lab" in shown
            assert "</text><script>alert(1)</script>" in shown
            assert "Ctrl[31m Institute" in shown
            assert "A" * (47 if size == "wide" else 35) + "…" in shown


# --- a gap in time, links, the interface's language ------------------------------------


def _entries(count: int, category: str = "LG", highlighted: bool = False) -> list[Listed]:
    return [Listed("t", category, ("S Ganguli",), ("Stanford University",), highlighted)] * count


#: January and March 2024 with digests, February without.
GAP = [(dt.date(2024, 1, 10), _entries(3, highlighted=True)), (dt.date(2024, 3, 5), _entries(2))]


def _fills(svg: str) -> tuple[tuple[float, float], list[list[float]]]:
    """The axes' left and right edges, and the x of each point of each filled shape, in drawing units."""
    root = ET.fromstring(svg)
    axes = root.find(f".//{SVG}g[@id='axes_1']")
    assert axes is not None
    frame = [float(x) for x in re.findall(r"[ML] ([\d.]+) ", axes.find(f"{SVG}g/{SVG}path").get("d"))]
    shapes = [
        [float(x) for x in re.findall(r"[ML] ([\d.]+) ", path.get("d"))]
        for group in axes.iter(f"{SVG}g")
        if group.get("id", "").startswith("FillBetween")
        for path in group.iter(f"{SVG}path")
    ]
    return (min(frame), max(frame)), shapes


@pytest.mark.parametrize("name", ["categories", "highlighted"])
def test_a_month_without_a_digest_is_a_gap_not_a_fall_to_nothing(name: str) -> None:
    plot = next(plot for plot in plots(GAP) if plot.name == name)
    assert plot.axis == ("2024-01", "2024-02", "2024-03")
    # Counted as nothing known, not as 0 papers.
    assert all(math.isnan(values[1]) and not math.isnan(values[0]) for _, values in plot.series)
    (left, right), shapes = _fills(draw(plot, "narrow"))
    month = (right - left) / 3
    # Each month with papers a shape of its own; none reaches into February's third of the axis.
    assert len(shapes) == 2
    for xs in shapes:
        assert max(xs) <= left + month + 0.01 or min(xs) >= right - month - 0.01


def test_a_month_without_a_digest_is_said_to_be_left_blank() -> None:
    categories = plots(GAP)[0]
    assert "Months without a digest (1) are left blank." in categories.alt
    assert "blank" not in plots(GAP[:1])[0].alt


def _links(svg: str) -> dict[str, set[str]]:
    """Each link of a drawing, with the texts it holds."""
    return {
        a.get(f"{XLINK}href"): {"".join(text.itertext()) for text in a.iter(f"{SVG}text")}
        for a in ET.fromstring(svg).iter(f"{SVG}a")
    }


@pytest.mark.parametrize("size", SIZES)
def test_the_top_names_bars_and_names_link_to_their_page(seed_plots: dict[str, Plot], size: str) -> None:
    authors = seed_plots["authors"]
    assert authors.links[0] == ("author", "S Ganguli")
    svg = draw(authors, size)  # type: ignore[arg-type]
    links = _links(svg)
    # Each name's label links to it, in order: the page resolves each placeholder to its page.
    assert links[placeholder(0)] == {"S Ganguli"}
    assert set(links) == {placeholder(index) for index in range(TOP)}
    # Its bars, a shape for each year with papers, link to it too: S Ganguli has papers in 3 years.
    bars = [a for a in ET.fromstring(svg).iter(f"{SVG}a") if a.get(f"{XLINK}href") == placeholder(0)]
    assert sum(1 for a in bars for _ in a.iter(f"{SVG}path")) == 3
    assert seed_plots["affiliations"].links[0] == ("affiliation", "Stanford University")


def test_a_category_of_the_legend_links_to_its_page_and_other_categories_to_none() -> None:
    codes = ["LG", "CV", "CL", "RO", "AI", "ME", "AS", "SD"]
    entries = [entry for index, code in enumerate(codes) for entry in _entries(9 - index, code)]
    (categories, *_) = plots([(dt.date(2024, 5, 1), entries)])
    assert categories.links == (*(("category", code) for code in codes[:CATEGORIES]), None)
    links = _links(draw(categories))
    assert links[placeholder(0)] == {"Machine Learning (LG)"}
    assert placeholder(CATEGORIES) not in links
    highlighted = plots([(dt.date(2024, 5, 1), entries)])[1]
    assert not _links(draw(highlighted))


@pytest.fixture
def chinese() -> Iterator[None]:
    i18n.activate("zh_CN")
    try:
        yield
    finally:
        i18n.activate("en")


@pytest.mark.usefixtures("chinese")
@pytest.mark.parametrize("size", SIZES)
def test_a_plot_s_words_are_in_the_interface_s_language(size: str) -> None:
    categories, highlighted, authors, _affiliations = plots(GAP)
    assert categories.title == "每月论文数（按 arXiv 分类）"
    assert "共 5 篇论文" in categories.alt
    assert "2024年1月" in highlighted.alt
    assert authors.alt.startswith("横向条形图")
    shown = {
        " ".join(text.itertext()).strip()
        for plot in (categories, highlighted)
        for text in ET.fromstring(draw(plot, size)).iter(f"{SVG}text")  # type: ignore[arg-type]
    }
    # The axis's months (three months: each named, its year under it), and the axes' titles.
    assert {"1月", "2月", "3月", "2024"} <= shown
    assert {"论文数", "占当月论文的比例（%）"} <= shown
    assert not {"papers", "Jan", "Other categories"} & shown


def test_a_drawing_is_as_wide_as_its_screen_s_and_its_text_12_units_high(seed_plots: dict[str, Plot]) -> None:
    for size, width in (("wide", "720"), ("narrow", "360")):
        for plot in seed_plots.values():
            root = ET.fromstring(draw(plot, size))  # type: ignore[arg-type]
            assert root.get("viewBox").split()[2] == width
            sizes = {
                re.search(r"font-size: ([\d.]+)px", text.get("style")).group(1)
                for text in root.iter(f"{SVG}text")
            }
            assert sizes == {"12"}
