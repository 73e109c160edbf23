"""The statistics page's plots: what they count and how they are drawn."""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET

import pytest

from digest_archive.render.listings import Listed, listed
from digest_archive.render.statistics import CATEGORIES, TOP, Plot, draw, plots
from support.seeds import SEED_ENTRIES, parse_seed

SVG = "{http://www.w3.org/2000/svg}"


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
    assert sum(sum(values) for _, values in categories.series) == sum(SEED_ENTRIES.values())
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


def test_an_empty_archive_has_no_plots() -> None:
    assert plots([]) == []


#: Names a digest could give, each once a way to break a plot or its SVG.
HOSTILE_NAMES = [
    r"$\undefinedcommand{x}$ Lab",  # mathtext: an error, or TeX-like markup, for a plain name
    "</text><script>alert(1)</script>",
    "Ctrl\x01\x02\x1b[31m Institute",  # control characters are not allowed in XML
    "A" * 400,
]


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_a_hostile_name_is_drawn_as_plain_text(scheme: str) -> None:
    entries = [Listed("t", "LG", (name,), (name,), False) for name in HOSTILE_NAMES]
    for plot in plots([(dt.date(2024, 5, 1), entries)]):
        svg = draw(plot, scheme)  # type: ignore[arg-type]
        root = ET.fromstring(svg)  # well-formed XML
        assert not list(root.iter(f"{SVG}script"))
        if plot.name in ("authors", "affiliations"):
            shown = {"".join(text.itertext()) for text in root.iter(f"{SVG}text")}
            assert r"$\undefinedcommand{x}$ Lab" in shown
            assert "</text><script>alert(1)</script>" in shown
            assert "Ctrl[31m Institute" in shown
            assert "A" * 47 + "…" in shown
