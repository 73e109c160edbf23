"""The statistics page's plots, as the conversion draws them: again only when their data changed."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from digest_archive.archive import figures
from digest_archive.archive.convert import convert
from digest_archive.archive.figures import FOLDER, INDEX
from digest_archive.render.statistics import plots
from support.seeds import SEED_ENTRIES, raw_path, relative_source


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


@pytest.mark.slow  # converts the seeds three to five times: 1-2 s
def test_a_plot_is_drawn_again_only_when_its_data_changed(tmp_path: Path) -> None:
    raw = _seed_copies(tmp_path)
    out = tmp_path / "pages"
    plotted = {
        f"{name}-{width}.svg"
        for name in ("categories", "highlighted", "authors", "affiliations")
        for width in ("wide", "narrow")
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
        f"{name}-{width}.svg" for name in ("categories", "highlighted") for width in ("wide", "narrow")
    } | {INDEX}

    # A removed plot's files go with it: an archive without digests has none.
    assert _convert({}, out) == {INDEX}
    assert sorted(path.name for path in (out / FOLDER).iterdir()) == [INDEX]


@pytest.mark.slow  # converts the seeds three to five times: 1-2 s
def test_unchanged_raw_files_sum_no_plot_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    raw = _seed_copies(tmp_path)
    out = tmp_path / "pages"
    _convert(raw, out)
    summed = []
    monkeypatch.setattr(figures, "plots", lambda days: summed.append(days) or plots(days))
    assert _convert(raw, out) == set()
    assert summed == []

    # A drawing gone is drawn again, from its data.
    (out / FOLDER / "authors-narrow.svg").unlink()
    assert _convert(raw, out) == {"authors-narrow.svg"}
    assert len(summed) == 1

    # So is a plot whose raw files changed.
    changed = raw[relative_source("2021-04-26")]
    changed.write_text(changed.read_text(encoding="utf-8").replace("[LG]", "[CV]", 1), encoding="utf-8")
    assert "categories-wide.svg" in _convert(raw, out)
    assert len(summed) == 2
