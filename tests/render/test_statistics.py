"""The statistics page's plots: what they count, how they are drawn, and when they are drawn again."""

from __future__ import annotations

import datetime as dt
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from digest_archive.archive import figures
from digest_archive.archive.convert import convert
from digest_archive.archive.figures import FOLDER, INDEX
from digest_archive.render.listings import Listed, listed
from digest_archive.render.statistics import CATEGORIES, TOP, Plot, draw, plots
from support.seeds import SEED_ENTRIES, parse_seed, raw_path, relative_source

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


def _seed_copies(tmp_path: Path) -> dict[str, Path]:
    """The seeds copied below ``tmp_path``, by the names the converter reports (``raw/…``)."""
    raw = {}
    for date in SEED_ENTRIES:
        target = tmp_path / relative_source(date)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(raw_path(date), target)
        raw[relative_source(date)] = target
    return raw


def _convert(raw: dict[str, Path], out: Path) -> set[str]:
    return {path.relative_to(out / FOLDER).as_posix() for path in convert(raw, out).drawn}


def test_a_plot_is_drawn_again_only_when_its_data_changed(tmp_path: Path) -> None:
    raw = _seed_copies(tmp_path)
    out = tmp_path / "pages"
    plotted = {
        f"{name}-{scheme}.svg"
        for name in ("categories", "highlighted", "authors", "affiliations")
        for scheme in ("light", "dark")
    }
    assert _convert(raw, out) == {*plotted, INDEX}
    assert _convert(raw, out) == set()

    # A title is not plotted.
    changed = raw[relative_source("2021-04-26")]
    changed.write_text(changed.read_text(encoding="utf-8").replace("Metadata Normalization", "Meta Norm"))
    assert _convert(raw, out) == set()

    # A new month with one paper, of LG, by a new author: the months' plots and
    # their words change; the most frequent names do not.
    day = tmp_path / "raw/2022/2022-11-02.txt"
    day.write_text(
        "1、[LG] A New Paper\nZ Newcomer\n[Nowhere University]\n一篇新论文。\nA new abstract.\n"
        "https://arxiv.org/abs/2211.00001\n",
        encoding="utf-8",
    )
    raw["raw/2022/2022-11-02.txt"] = day
    assert _convert(raw, out) == {
        "categories-light.svg",
        "categories-dark.svg",
        "highlighted-light.svg",
        "highlighted-dark.svg",
        INDEX,
    }

    # A removed plot's files go with it: an archive without digests has none.
    assert _convert({}, out) == {INDEX}
    assert sorted(path.name for path in (out / FOLDER).iterdir()) == [INDEX]


def test_unchanged_raw_files_sum_no_plot_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    raw = _seed_copies(tmp_path)
    out = tmp_path / "pages"
    _convert(raw, out)
    summed = []
    monkeypatch.setattr(figures, "plots", lambda days: summed.append(days) or plots(days))
    assert _convert(raw, out) == set()
    assert summed == []

    # A drawing gone is drawn again, from its data.
    (out / FOLDER / "authors-dark.svg").unlink()
    assert _convert(raw, out) == {"authors-dark.svg"}
    assert len(summed) == 1

    # So is a plot whose raw files changed.
    changed = raw[relative_source("2021-04-26")]
    changed.write_text(changed.read_text(encoding="utf-8").replace("[LG]", "[CV]", 1), encoding="utf-8")
    assert "categories-light.svg" in _convert(raw, out)
    assert len(summed) == 2
