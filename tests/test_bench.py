"""``make bench`` on a small archive: every figure is measured and reported.

The figures themselves (and their bars) are for ``make bench`` at 1,000
digests; here the point is that the tool measures what it says.
"""

from __future__ import annotations

import json

import pytest

from conftest import REPO_ROOT
from digest_archive import bench

# A generated archive, built twice and searched in Chromium.
pytestmark = pytest.mark.slow

KEYS = {
    "digests",
    "entries",
    "lint_digests_per_s",
    "full_build_s",
    "bare_sphinx_build_s",
    "incremental_build_s",
    "incremental_docs_written",
    "search_bytes_per_query",
    "hostile_lint_s",
    "peak_rss_mb",
}


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> dict:
    out = tmp_path_factory.mktemp("bench") / "bench"
    bench.main(["--digests", "12", "--out", str(out), "--project", str(REPO_ROOT)])
    summary = (out / "summary.txt").read_text(encoding="utf-8")
    assert summary.startswith("digest-archive benchmark: 17 digests")
    return json.loads((out / "report.json").read_text(encoding="utf-8"))


def test_the_report_has_every_figure(report: dict) -> None:
    assert set(report) >= KEYS
    assert report["digests"] == 17  # the five seeds and twelve generated
    assert 17 * 5 <= report["entries"] <= 5 * 8 + 12 * 10
    for key in KEYS - {"digests", "entries", "incremental_docs_written"}:
        assert report[key] > 0, key


def test_one_more_digest_rewrites_only_its_neighbourhood(report: dict) -> None:
    written = report["details"]["incremental_written"]
    assert len(written) == report["incremental_docs_written"]
    # The new page and its neighbour, the listings it is in, the index pages.
    assert "digests/2023/2023-01-13.html" in written
    assert "digests/2023/2023-01-12.html" in written
    assert not [page for page in written if page.startswith("digests/2020/")]


def test_searches_find_results_within_a_megabyte(report: dict) -> None:
    searches = report["details"]["searches"]
    assert set(searches) == set(bench.QUERIES)
    assert any(search["results"] for search in searches.values())
    for search in searches.values():
        assert 0 < search["index"] < search["total"] <= report["search_bytes_per_query"]


def test_every_hostile_shape_is_linted(report: dict) -> None:
    assert set(report["details"]["hostile_lint_s"]) == set(bench.HOSTILE_SHAPES)
    assert report["hostile_lint_s"] == max(report["details"]["hostile_lint_s"].values())


def test_bars_are_judged_from_the_figures(report: dict) -> None:
    assert set(report["bars"]) == set(bench.BARS)
    assert report["bars"]["search_bytes_per_query"] == (report["search_bytes_per_query"] <= 1_000_000)
