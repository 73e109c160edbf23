"""``make bench`` on two small archives: every figure is measured and reported.

The figures themselves (and their bars) are for ``make bench`` at 1,000 and
4,000 digests; here the point is that the tool measures what it says, at
both sizes, and judges, summarises and plots what it measured.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import statistics
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from digest_archive.text.layout import day_parts
from digest_dev import bench, benchbuild, benchreport, benchrun
from digest_dev.relevance import RELEVANCE
from support.paths import REPO_ROOT

# A generated archive at each size, built twice and searched in Chromium.
slow = pytest.mark.slow

SMALL, LARGE = 12, 24  # generated digests; the five seeds come on top
# The maintainer's wait's digest: the day after each size's last generated one (from 2015-01-01).
SMALL_WAIT_DAY, LARGE_WAIT_DAY = "2015-01-13", "2015-01-25"
KEYS = {
    "digests",
    "entries",
    "lint_digests_per_s",
    "full_build_s",
    "bare_sphinx_build_s",
    "incremental_build_s",
    "incremental_docs_written",
    "incremental_unchanged_rewrites",
    "search_bytes_per_query",
    "hostile_lint_s",
    "peak_rss_mb",
    "largest_html_bytes",
    "largest_html_page",
    "site_bytes",
    "site_files",
    "maintainers_wait_s",
}
LARGE_KEYS = {
    "digests",
    "entries",
    "full_build_s",
    "bare_sphinx_build_s",
    "incremental_build_s",
    "incremental_docs_written",
    "incremental_unchanged_rewrites",
    "search_bytes_per_query",
    "peak_rss_mb",
    "largest_html_bytes",
    "largest_html_page",
    "site_bytes",
    "site_files",
    "maintainers_wait_s",
}
#: Every bar a run with the large size, the PDF volumes and ``--against`` judges.
EVERY_BAR = {
    **bench.BARS,
    **bench.PDF_BARS,
    **bench.LARGE_BARS,
    **bench.WAIT_BARS,
    **bench.AGAINST_BARS,
    **bench.LARGE_AGAINST_BARS,
}
#: The figures that count something, which can be zero.
COUNTS = {"incremental_docs_written", "incremental_unchanged_rewrites"}


@pytest.fixture(scope="module")
def out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("bench") / "bench"
    argv = ["--digests", str(SMALL), "--large", str(LARGE), "--out", str(out), "--project", str(REPO_ROOT)]
    # Against the commit checked out: the same code, so the same pages written.
    bench.main([*argv, "--against", "HEAD"])
    return out


@pytest.fixture(scope="module")
def report(out: Path) -> dict:
    return json.loads((out / "report.json").read_text(encoding="utf-8"))


@slow
def test_the_report_has_every_figure_at_both_sizes(report: dict) -> None:
    assert set(report) >= KEYS | {"large", "growth", "bars", "details"}
    assert report["digests"] == 5 + SMALL
    assert (5 + SMALL) * 5 <= report["entries"] <= 5 * 8 + SMALL * 10
    for key in KEYS - {"digests", "entries", "largest_html_page"} - COUNTS:
        assert report[key] > 0, key
    large = report["large"]
    assert set(large) == LARGE_KEYS == set(bench.SIZE_FIGURES)
    assert large["digests"] == 5 + LARGE
    assert report["entries"] < large["entries"] <= 5 * 8 + LARGE * 10
    for key in LARGE_KEYS - {"digests", "entries", "largest_html_page"} - COUNTS:
        assert large[key] > 0, key
    details = {
        "full_builds",
        "bare_builds",
        "full_build_phases",
        "bare_build_phases",
        "parts",
        "full_build_but_parts_s",
        "maintainers_wait",
        "incremental_tries",
        "incremental_written",
        "incremental_unchanged_rewrites",
        "searches",
        "html_bytes",
        "against",
    }
    assert set(report["details"]["large"]) == details <= set(report["details"])


@slow
def test_the_large_archive_starts_with_the_small_ones_digests(out: Path) -> None:
    small_raw = out / "archive/raw"
    large_raw = out / "large/archive/raw"
    small = {path.relative_to(small_raw): path.read_bytes() for path in small_raw.rglob("*.txt")}
    large = {path.relative_to(large_raw): path.read_bytes() for path in large_raw.rglob("*.txt")}
    # Both have had a digest more a day added by then, after each one's newest,
    # and the maintainer's wait's, after each one's last generated digest.
    waits = {Path(*day_parts(dt.date.fromisoformat(day))) for day in (SMALL_WAIT_DAY, LARGE_WAIT_DAY)}
    added = {*sorted(small)[-bench.INCREMENTAL_TRIES :], *waits}
    assert {path: small[path] for path in small if path not in added} == {
        path: large[path] for path in small if path not in added
    }
    assert len(small) == 5 + SMALL + bench.INCREMENTAL_TRIES + 1
    assert len(large) == 5 + LARGE + bench.INCREMENTAL_TRIES + 1


@slow
def test_growth_is_the_ratio_of_the_figures(report: dict) -> None:
    growth = report["growth"]
    assert set(growth) == set(bench.GROWTH)
    for key, ratio in growth.items():
        assert ratio == round(report["large"][key] / report[key], 3), key
    assert growth["digests"] == round((5 + LARGE) / (5 + SMALL), 3)


@slow
def test_one_more_digest_rewrites_only_its_neighbourhood(report: dict) -> None:
    written = report["details"]["incremental_written"]
    assert len(written) == report["incremental_docs_written"]
    # The new page, the day after the newest (a seed's: the generated digests
    # are older), and its neighbour, the listings it is in, the index pages.
    assert "digests/2022/2022-10-16.html" in written
    assert "digests/2022/2022-10-15.html" in written
    assert not [page for page in written if page.startswith(("digests/2015/", "digests/2020/"))]
    large_written = report["details"]["large"]["incremental_written"]
    assert len(large_written) == report["large"]["incremental_docs_written"]
    assert "digests/2022/2022-10-16.html" in large_written


@slow
def test_one_more_digest_is_the_median_of_its_tries_and_the_site_is_counted(out: Path, report: dict) -> None:
    for figures, details in ((report, report["details"]), (report["large"], report["details"]["large"])):
        tries = details["incremental_tries"]
        assert len(tries) == bench.INCREMENTAL_TRIES
        assert figures["incremental_build_s"] == round(statistics.median(t["seconds"] for t in tries), 1)
        assert tries[0]["written"] == figures["incremental_docs_written"]
    # The large size's site as it was measured, before the maintainer's wait
    # added a digest: its page, its data, its raw file, the lists it is in.
    site = out / "large/archive/_build/html"
    published = [p for p in site.rglob("*") if p.is_file() and ".doctrees" not in p.parts]
    assert 0 < len(published) - report["large"]["site_files"] <= 20
    assert report["large"]["site_bytes"] < sum(p.stat().st_size for p in published)
    assert 0 < report["site_bytes"] < report["large"]["site_bytes"]


@slow
def test_unchanged_rewrites_are_counted_among_the_pages_written(report: dict) -> None:
    for figures, details in ((report, report["details"]), (report["large"], report["details"]["large"])):
        unchanged = details["incremental_unchanged_rewrites"]
        assert len(unchanged) == figures["incremental_unchanged_rewrites"]
        assert set(unchanged) <= set(details["incremental_written"])
        assert "search.html" not in unchanged
        # The new digest's page is new, its predecessor's has a new "next" link.
        assert not {"digests/2022/2022-10-15.html", "digests/2022/2022-10-16.html"} & set(unchanged)


@slow
def test_the_largest_page_is_a_real_page_of_that_size(out: Path, report: dict) -> None:
    for folder, figures in ((out / "archive", report), (out / "large/archive", report["large"])):
        site = folder / "_build/html"
        page = site / figures["largest_html_page"]
        assert page.suffix == ".html"
        # Measured before the maintainer's wait added a digest, which the page counts since.
        assert abs(page.stat().st_size - figures["largest_html_bytes"]) < 1_000
        assert all(path.stat().st_size <= page.stat().st_size for path in site.rglob("*.html"))


@slow
def test_searches_find_results_within_a_megabyte(report: dict) -> None:
    for searches in (report["details"]["searches"], report["details"]["large"]["searches"]):
        assert set(searches) == set(bench.QUERIES)
        assert any(search["results"] for search in searches.values())
        for search in searches.values():
            assert 0 < search["index"] < search["total"]
    assert max(s["total"] for s in report["details"]["searches"].values()) == report["search_bytes_per_query"]


@slow
def test_the_search_is_compared_with_pagefind_on_the_relevance_set(report: dict) -> None:
    compared = report["details"]["pagefind"]
    assert compared["queries"] == len(RELEVANCE)
    ours, theirs = compared["ours"], compared["pagefind"]
    # The seeds are in every generated archive: each query finds its entry.
    assert ours["entry_in_top_3"] == len(RELEVANCE)
    assert 0 < theirs["first_page_hits"] <= len(RELEVANCE)
    assert ours["bytes_per_query"] > 0 and theirs["bytes_per_query"] > 0
    ratios, bars = report["details"]["ratios"], report["bars"]
    assert ratios["relevance_vs_pagefind"] == ours["first_page_hits"] - theirs["first_page_hits"]
    assert bars["search_bytes_vs_pagefind"] == (ratios["search_bytes_vs_pagefind"] <= 1.0)
    assert "search vs Pagefind" in benchreport.summary(report, EVERY_BAR)


@slow
def test_the_related_papers_are_checked_against_chance(report: dict) -> None:
    related = report["details"]["related"]
    # Every seed entry of the relevance set, each with the related papers its card lists.
    assert related["seeds"] == len({anchor for _, anchor in RELEVANCE})
    assert related["related"] == sum(len(seed["related"]) for seed in related["by_seed"].values())
    assert related["on_topic"] == sum(
        p["on_topic"] for seed in related["by_seed"].values() for p in seed["related"]
    )
    ratio = report["details"]["ratios"]["related_on_topic_vs_chance"]
    assert ratio == related["on_topic_vs_chance"]
    assert report["bars"]["related_on_topic_vs_chance"] == (ratio >= 2.0)
    assert "related papers" in benchreport.summary(report, EVERY_BAR)


@slow
def test_every_hostile_shape_is_linted(report: dict) -> None:
    assert set(report["details"]["hostile_lint_s"]) == set(bench.HOSTILE_SHAPES)
    assert report["hostile_lint_s"] == max(report["details"]["hostile_lint_s"].values())


@slow
def test_bars_are_judged_from_the_figures(report: dict) -> None:
    bars, large, growth = report["bars"], report["large"], report["growth"]
    assert set(bars) == set(EVERY_BAR)
    assert bars["pdf_volumes_failed"] == (report["pdf_volumes_failed"] == 0)
    assert "incremental_docs_written" not in bars  # a figure, no longer a bar
    assert bars["search_bytes_per_query"] == (report["search_bytes_per_query"] <= 1_000_000)
    assert bars["largest_html_bytes"] == (report["largest_html_bytes"] <= 300_000)
    assert bars["large_largest_html_bytes"] == (large["largest_html_bytes"] <= 300_000)
    assert bars["incremental_unchanged_rewrites"] == (report["incremental_unchanged_rewrites"] == 0)
    assert bars["large_incremental_unchanged_rewrites"] == (large["incremental_unchanged_rewrites"] == 0)
    assert bars["incremental_large_vs_small"] == (growth["incremental_build_s"] <= 1.2)
    assert bars["search_large_vs_small"] == (growth["search_bytes_per_query"] <= 1.1)
    assert bars["large_peak_rss_mb"] == (large["peak_rss_mb"] <= 1024)
    # Ratios are of the unrounded seconds and the figures are rounded to 0.1 s, so the
    # figures bound the ratio; at the tests' small sizes a bare build of 0.4 s moves it by 12 %.
    ratios = report["details"]["ratios"]
    full, bare = large["full_build_s"], large["bare_sphinx_build_s"]
    lowest = (full - 0.05) / (bare + 0.05)
    highest = (full + 0.05) / (bare - 0.05) if bare > 0.05 else float("inf")
    assert lowest - 0.001 <= ratios["large_full_build_vs_bare"] <= highest + 0.001
    assert bars["full_build_vs_bare"] == (ratios["full_build_vs_bare"] <= 2.0)
    assert bars["full_build_but_parts_vs_bare"] == (ratios["full_build_but_parts_vs_bare"] <= 2.0)
    # No worse at the large size than at the first.
    no_worse = ratios["large_full_build_vs_bare"] / ratios["full_build_vs_bare"]
    assert ratios["full_build_vs_bare_large_vs_small"] == pytest.approx(no_worse, abs=0.002)
    assert bars["full_build_vs_bare_large_vs_small"] == (ratios["full_build_vs_bare_large_vs_small"] <= 1.0)
    assert bars["maintainers_wait_large_vs_small"] == (growth["maintainers_wait_s"] <= 2.0)


@slow
def test_the_summary_shows_both_sizes_and_every_verdict(out: Path, report: dict) -> None:
    summary = (out / "summary.txt").read_text(encoding="utf-8")
    assert summary.startswith(f"digest-archive benchmark: {5 + SMALL} digests and {5 + LARGE} digests")
    assert summary == benchreport.summary(report, EVERY_BAR)


@slow
def test_one_more_digest_is_measured_against_an_earlier_commit_in_turn(out: Path, report: dict) -> None:
    ratios = report["details"]["ratios"]
    for figures, details, ratio in (
        (report, report["details"], "incremental_vs_against"),
        (report["large"], report["details"]["large"], "large_incremental_vs_against"),
    ):
        against = details["against"]
        assert against["full_build_s"] > 0
        assert len(against["incremental_tries"]) == bench.INCREMENTAL_TRIES
        # The same code and the same digests: the same pages written, try by try.
        assert [t["written"] for t in against["incremental_tries"]] == [
            t["written"] for t in details["incremental_tries"]
        ]
        assert ratios[ratio] > 0
        assert report["bars"][ratio] == (ratios[ratio] <= 1.0)
        # The bars' seconds are the medians of the tries.
        median = statistics.median(t["seconds"] for t in against["incremental_tries"])
        assert against["incremental_build_s"] == round(median, 1)
        assert figures["incremental_build_s"] / against["incremental_build_s"] == pytest.approx(
            ratios[ratio], abs=0.1 / against["incremental_build_s"] + 0.01
        )
    assert report["details"]["against"]["commit"] == "HEAD"
    # Built from the commit's own tree, with the archive's digests.
    assert (out / "bare-against/raw").is_dir() and (out / "against/tools/digest_archive").is_dir()
    summary = (out / "summary.txt").read_text(encoding="utf-8")
    assert "  vs HEAD" in summary and "incremental_vs_against <= 1.0" in summary


@slow
def test_the_plots_are_svg_of_both_sizes(out: Path) -> None:
    plots = sorted((out / "plots").glob("*.svg"))
    assert {path.stem for path in plots} == {name for name, *_ in benchreport.PLOTS}
    for path in plots:
        text = _svg_text(path)
        assert str(5 + SMALL) in text and str(5 + LARGE) in text, path.name


@slow
def test_full_builds_take_turns_with_bare_ones_and_each_is_reported(out: Path, report: dict) -> None:
    for figures, details, logs in (
        (report, report["details"], out / "logs"),
        (report["large"], report["details"]["large"], out / "large/logs"),
    ):
        full, bare = details["full_builds"], details["bare_builds"]
        assert len(full) == len(bare) == benchbuild.ROUNDS == 3
        assert figures["full_build_s"] == round(statistics.median(run["s"] for run in full), 1)
        assert figures["bare_sphinx_build_s"] == round(statistics.median(run["s"] for run in bare), 1)
        assert figures["peak_rss_mb"] == max(run["peak_rss_mb"] for run in full)
        # In turn: each bare build started after the full build of its round ended, and before the next.
        starts = [
            (logs / f"{kind}-build-{round_}.log").stat().st_mtime
            for round_ in range(1, 4)
            for kind in ("full", "bare")
        ]
        assert starts == sorted(starts)
        for run in full:
            # Each full build from nothing: it converted every digest again, read and wrote pages.
            assert set(run["phases"]) == {name for name, _ in benchrun.PHASES} | {"rest"}
            assert sum(run["phases"].values()) == pytest.approx(run["s"], abs=0.05)
            assert min(run["phases"].values()) >= 0
        for run in bare:
            # Sphinx's own phases; no conversion, no search index of the archive's.
            assert {"reading", "writing", "rest"} <= set(run["phases"])
            assert not {"conversion", "search index"} & set(run["phases"])
        # The parts bare Sphinx has no counterpart for: their seconds, files and floors.
        site = out / ("archive" if figures is report else "large/archive") / "_build/html"
        parts = details["parts"]
        assert set(parts) == {"name_pages", "search_index"}
        # Counted before the maintainer's wait added a digest, and its index files.
        searched = sum(1 for p in (site / "_search").rglob("*") if p.is_file())
        assert 0 < parts["search_index"]["files"] <= searched
        names = list((site / "digests/authors/names").glob("*.html"))
        assert names and parts["name_pages"]["files"] > len(names)
        for part in parts.values():
            assert part["s"] > 0 and part["bytes"] > 0 and part["write_floor_s"] >= 0
        but = figures["full_build_s"] - parts["name_pages"]["s"] - parts["search_index"]["s"]
        assert details["full_build_but_parts_s"] == pytest.approx(but, abs=0.15)
    summary = (out / "summary.txt").read_text(encoding="utf-8")
    assert "each full build (s)" in summary and "each bare build (s)" in summary
    assert "name pages" in summary and "floor" in summary


@slow
def test_the_maintainers_wait_publishes_one_more_digest_with_one_volume_typeset(
    out: Path, report: dict
) -> None:
    for figures, details, folder, day in (
        (report, report["details"], out / "archive", SMALL_WAIT_DAY),
        (report["large"], report["details"]["large"], out / "large/archive", LARGE_WAIT_DAY),
    ):
        wait = details["maintainers_wait"]
        assert wait["with_pdf"] and wait["day"] == day
        assert wait["cache_latexpdf_s"] > 0
        # One more digest in 2015: its volume typeset again, the seeds' three reused as they were.
        assert wait["typeset"] == [2015] and wait["reused"] == 3
        assert figures["maintainers_wait_s"] == pytest.approx(
            wait["html_s"] + wait["latexpdf_s"] + wait["site_s"], abs=0.15
        )
        # make site published the day's page and every volume.
        site = folder / "_build/site"
        assert (site / "digests/2015" / f"{day}.html").is_file()
        assert sorted(p.name for p in (site / "pdf").glob("*.pdf")) == [
            f"digest-archive-{year}.pdf" for year in (2015, 2020, 2021, 2022)
        ]
    assert "maintainer's wait" in (out / "summary.txt").read_text(encoding="utf-8")


# --- without a run of the benchmark ------------------------------------------------------


def _svg_text(path: Path) -> str:
    """The text of an SVG file, which must parse as SVG."""
    root = ET.parse(path).getroot()
    assert root.tag == "{http://www.w3.org/2000/svg}svg", path.name
    return " ".join(root.itertext())


def _write(path: Path, text: str, mtime_ns: int) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    os.utime(path, ns=(mtime_ns, mtime_ns))


def test_a_page_rewritten_with_the_same_bytes_is_an_unchanged_rewrite(tmp_path: Path) -> None:
    for page in ("same.html", "new-bytes.html", "untouched.html", "search.html", "sub/same.html"):
        _write(tmp_path / page, f"<p>{page}</p>", 1_000_000_000)
    before = bench.snapshot(tmp_path)
    assert set(before) == {"same.html", "new-bytes.html", "untouched.html", "search.html", "sub/same.html"}
    _write(tmp_path / "same.html", "<p>same.html</p>", 2_000_000_000)
    _write(tmp_path / "sub/same.html", "<p>sub/same.html</p>", 2_000_000_000)
    _write(tmp_path / "new-bytes.html", "<p>new bytes</p>", 2_000_000_000)
    _write(tmp_path / "search.html", "<p>search.html</p>", 2_000_000_000)  # Sphinx writes it every build
    _write(tmp_path / "added.html", "<p>added</p>", 2_000_000_000)
    after = bench.snapshot(tmp_path)
    assert bench.unchanged_rewrites(before, after) == ["same.html", "sub/same.html"]
    assert bench.unchanged_rewrites(before, before) == []


def test_sphinx_own_pages_are_left_out_and_the_archives_are_not() -> None:
    page = {"x": (1, "h")}
    rewritten = {"x": (2, "h")}
    for name in ("search.html", "genindex.html", "genindex-A.html", "py-modindex.html"):
        assert bench.unchanged_rewrites({name: page["x"]}, {name: rewritten["x"]}) == [], name
    for name in ("index.html", "digest-authors.html", "digests/authors/a.html"):
        assert bench.unchanged_rewrites({name: page["x"]}, {name: rewritten["x"]}) == [name], name


def _figures(digests: int, scale: float) -> dict:
    return {
        "digests": digests,
        "entries": digests * 8,
        "full_build_s": 50.0 * scale,
        "bare_sphinx_build_s": 55.0 * scale,
        "incremental_build_s": 5.0,
        "incremental_docs_written": 11,
        "incremental_unchanged_rewrites": 0,
        "search_bytes_per_query": 320_000,
        "peak_rss_mb": round(500 * scale),
        "largest_html_bytes": round(200_000 * scale),
        "largest_html_page": "digest-authors.html",
        "site_bytes": round(150_000_000 * scale),
        "site_files": round(30_000 * scale),
        "maintainers_wait_s": 100.0 * scale,
    }


def _fake_report(large: bool) -> dict:
    report = {**_figures(1005, 1), "lint_digests_per_s": 600.0, "hostile_lint_s": 0.5}
    report["details"] = {
        "ratios": {
            "full_build_vs_bare": 0.909,
            "full_build_but_parts_vs_bare": 0.8,
            "incremental_vs_full": 0.1,
            "search_bytes_vs_pagefind": 0.8,
            "index_s_vs_pagefind": 0.9,
            "relevance_vs_pagefind": 0,
            "related_on_topic_vs_chance": 2.5,
        }
    }
    if large:
        report["large"] = _figures(4005, 4)
        report["growth"] = {key: round(report["large"][key] / report[key], 3) for key in bench.GROWTH}
        report["details"]["ratios"] |= {
            "large_full_build_vs_bare": 0.909,
            "large_full_build_but_parts_vs_bare": 0.8,
            "full_build_vs_bare_large_vs_small": 1.0,
            "maintainers_wait_large_vs_small": report["growth"]["maintainers_wait_s"],
        }
    report["bars"] = bench.judge(report)
    return report


def test_without_the_large_size_its_bars_are_absent_not_failed(tmp_path: Path) -> None:
    report = _fake_report(large=False)
    assert set(report["bars"]) == set(bench.BARS)
    assert all(report["bars"].values())
    summary = benchreport.summary(report, EVERY_BAR)
    assert summary.startswith("digest-archive benchmark: 1005 digests\n")
    assert "large size" not in summary and "large_" not in summary and "MISSED" not in summary
    for path in benchreport.plot(report, {**bench.BARS, **bench.LARGE_BARS}, tmp_path):
        assert "1,005" in _svg_text(path)


def test_a_missed_bar_is_shown_as_missed(tmp_path: Path) -> None:
    report = _fake_report(large=True)
    # 4 x the peak and the largest page: 2,000 MB and 800 KB miss their bars.
    assert not report["bars"]["large_peak_rss_mb"] and not report["bars"]["large_largest_html_bytes"]
    assert report["bars"]["largest_html_bytes"] and report["bars"]["incremental_large_vs_small"]
    summary = benchreport.summary(report, {**bench.BARS, **bench.LARGE_BARS})
    assert "large_peak_rss_mb <= 1,024: MISSED" in summary
    assert "large_largest_html_bytes <= 300,000: MISSED" in summary
    assert "largest_html_bytes <= 300,000: ok" in summary
    assert "4.00 x" in summary  # the growth of the full build
    benchreport.plot(report, {**bench.BARS, **bench.LARGE_BARS}, tmp_path)
    text = _svg_text(tmp_path / "peak-rss.svg")
    assert "1,005" in text and "4,005" in text and "bar <= 1,024" in text


@slow
def test_each_year_of_the_first_size_is_built_as_a_pdf_volume(out: Path, report: dict) -> None:
    # The generated digests' year (2015) and the seeds'.
    volumes = report["pdf"]["volumes"]
    assert list(volumes) == [f"digest-archive-{year}" for year in (2015, 2020, 2021, 2022)]
    assert report["pdf_volumes_failed"] == 0 and report["bars"]["pdf_volumes_failed"]
    typeset_since = report["details"]["maintainers_wait"]["typeset"]
    for name, volume in volumes.items():
        pdf = out / "archive/_build/latex" / f"{name}.pdf"
        assert volume["ok"] and pdf.is_file()
        if int(name.removeprefix("digest-archive-")) not in typeset_since:
            assert volume["bytes"] == pdf.stat().st_size
        assert volume["pages"] > 5 and volume["s"] > 0 and volume["peak_rss_mb"] > 0
    assert "PDF 2015" in (out / "summary.txt").read_text(encoding="utf-8")


def test_a_builds_phases_add_up_to_it_and_a_missing_one_goes_to_the_next(tmp_path: Path) -> None:
    log = tmp_path / "build.log"
    lines = [
        (0.2, "Running Sphinx v9.0.4"),
        (1.5, "reading sources... [ 50%] a .. b"),
        (8.0, "looking for now-outdated files... none found"),
        (9.0, "writing output... [ 50%] a .. b"),
        (15.5, "generating indices... genindex done"),
        (16.0, "build succeeded."),
    ]
    log.write_text("".join(f"{t:{benchrun.STAMP_WIDTH}.2f}  {text}\n" for t, text in lines), encoding="utf-8")
    # No conversion, no name pages: a bare build's reading starts with Sphinx itself.
    assert benchrun.phases(log, 16.5) == {"reading": 8.0, "writing": 7.5, "rest": 1.0}


def test_a_timed_commands_lines_carry_their_seconds(tmp_path: Path) -> None:
    script = "import time; print('first'); time.sleep(0.3); print('digest: 3 raw digests, 0 read again')"
    seconds, _ = benchrun.timed([sys.executable, "-c", script], tmp_path, tmp_path / "run.log")
    stamped = (tmp_path / "run.log").read_text(encoding="utf-8").splitlines()
    assert [line[benchrun.STAMP_WIDTH + 2 :] for line in stamped] == [
        "first",
        "digest: 3 raw digests, 0 read again",
    ]
    first, second = (float(line[: benchrun.STAMP_WIDTH]) for line in stamped)
    # Unbuffered: the second line came after the pause, not with the first.
    # A stamp is rounded to hundredths: the total, rounded alike, is no less.
    assert first < second <= round(seconds, 2)
    assert benchrun.phases(tmp_path / "run.log", seconds) == {
        "conversion": second,
        "rest": round(seconds - second, 2),
    }
