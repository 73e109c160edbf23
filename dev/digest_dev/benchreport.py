"""Show a ``make bench`` report: its summary table and one SVG plot per figure.

:mod:`digest_dev.bench` measures and judges; this module only presents
what it measured. The report's top-level figures are of the first size, its
``large`` dict (absent after ``--large 0``) of the second, and ``bars`` the
verdicts, each named as in the ``bars`` mapping passed in (name to operator
and value).
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

Bars = Mapping[str, tuple[str, float]]

#: The plots: file name, title, y-axis label, the figures drawn (label, key),
#: and the bars whose value is absolute, drawn as a line when the run judged them.
PLOTS: tuple[tuple[str, str, str, tuple[tuple[str, str], ...], tuple[str, ...]], ...] = (
    (
        "full-build",
        "Full build",
        "seconds",
        (("the archive", "full_build_s"), ("bare Sphinx + MyST", "bare_sphinx_build_s")),
        (),
    ),
    ("one-more-digest", "One more digest", "seconds", (("incremental build", "incremental_build_s"),), ()),
    (
        "pages-written",
        "Pages one more digest writes",
        "pages",
        (
            ("written", "incremental_docs_written"),
            ("written with the same bytes", "incremental_unchanged_rewrites"),
        ),
        ("incremental_unchanged_rewrites", "large_incremental_unchanged_rewrites"),
    ),
    ("peak-rss", "Peak RSS of the full build", "MB", (("peak RSS", "peak_rss_mb"),), ("large_peak_rss_mb",)),
    (
        "search-bytes",
        "Bytes one search downloads",
        "bytes",
        (("largest over the queries", "search_bytes_per_query"),),
        ("search_bytes_per_query",),
    ),
    (
        "largest-html",
        "Largest HTML page",
        "bytes",
        (("largest page", "largest_html_bytes"),),
        ("largest_html_bytes", "large_largest_html_bytes"),
    ),
)


def _sizes(report: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    """The figures of each measured size, smallest first."""
    return [report, report["large"]] if report.get("large") else [report]


def plot(report: Mapping[str, Any], bars: Bars, folder: Path) -> list[Path]:
    """Write :data:`PLOTS` as SVG files in ``folder``, each figure against the archive's size."""
    import matplotlib

    matplotlib.use("Agg")  # no display: never a GUI backend
    from matplotlib.figure import Figure

    folder.mkdir(parents=True, exist_ok=True)
    sizes = _sizes(report)
    digests = [size["digests"] for size in sizes]
    written = []
    # Text stays text (searchable, testable); a fixed salt and no date keep the files reproducible.
    with matplotlib.rc_context({"svg.fonttype": "none", "svg.hashsalt": "digest-archive"}):
        for name, title, unit, series, absolute in PLOTS:
            figure = Figure(figsize=(6, 4))
            axes = figure.add_subplot()
            for label, key in series:
                values = [size[key] for size in sizes]
                axes.plot(digests, values, marker="o", label=label)
                for x, y in zip(digests, values, strict=True):
                    axes.annotate(f"{y:,}", (x, y), textcoords="offset points", xytext=(4, 4), fontsize=8)
            for value in sorted({bars[bar][1] for bar in absolute if bar in report["bars"]}):
                judged = [bar for bar in absolute if bar in report["bars"] and bars[bar][1] == value]
                operator = bars[judged[0]][0]
                axes.axhline(value, color="red", linestyle="--", label=f"bar {operator} {value:,}")
            axes.set_title(title)
            axes.set_xlabel("digests")
            axes.set_ylabel(unit)
            axes.set_xticks(digests, [f"{count:,}" for count in digests])
            axes.set_ylim(bottom=0)
            axes.margins(x=0.15)
            axes.legend(fontsize=8)
            path = folder / f"{name}.svg"
            figure.savefig(path, format="svg", metadata={"Date": None})
            written.append(path)
    return written


def _against_rows(report: Mapping[str, Any], verdict: Any) -> list[list[str]]:
    """One more digest built by the earlier commit of ``--against``, its tries beside this one's."""
    against = report["details"].get("against")
    if against is None:
        return []
    large = report["details"].get("large", {})
    ratios = report["details"]["ratios"]

    def tries(details: Mapping[str, Any]) -> str:
        return ", ".join(f"{t['seconds']} s ({t['written']})" for t in details["incremental_tries"])

    def cell(details: Mapping[str, Any], ratio: str) -> str:
        return f"{details['incremental_build_s']} s, {ratios[ratio]:.2f} x" if ratio in ratios else ""

    return [
        [
            f"  vs {against['commit']}",
            cell(against, "incremental_vs_against"),
            cell(large.get("against", {}), "large_incremental_vs_against") if "against" in large else "",
            "",
            verdict("incremental_vs_against", "large_incremental_vs_against"),
        ],
        ["  tries here (pages)", tries(report["details"]), tries(large) if large else "", "", ""],
        [
            f"  tries {against['commit']} (pages)",
            tries(against),
            tries(large["against"]) if "against" in large else "",
            "",
            "",
        ],
    ]


def _full_build_rows(report: Mapping[str, Any], verdict: Any) -> list[list[str]]:
    """Every full build of each kind, the median phases, and the parts bare Sphinx has no counterpart for."""
    details, large = report["details"], report["details"].get("large", {})
    ratios = details["ratios"]

    def runs(size: Mapping[str, Any], kind: str) -> str:
        return ", ".join(f"{run['s']:.1f}" for run in size.get(kind, ()))

    def phases(size: Mapping[str, Any]) -> str:
        return ", ".join(
            f"{name} {seconds:.1f}" for name, seconds in size.get("full_build_phases", {}).items()
        )

    def without(size: Mapping[str, Any], ratio: str) -> str:
        if ratio not in ratios or "full_build_but_parts_s" not in size:
            return ""
        return f"{size['full_build_but_parts_s']} s, {ratios[ratio]:.2f} x bare"

    rows = [
        ["  each full build (s)", runs(details, "full_builds"), runs(large, "full_builds"), "", ""],
        ["  each bare build (s)", runs(details, "bare_builds"), runs(large, "bare_builds"), "", ""],
        ["  phases (median s)", phases(details), phases(large), "", ""],
        [
            "  but the parts below",
            without(details, "full_build_but_parts_vs_bare"),
            without(large, "large_full_build_but_parts_vs_bare"),
            "",
            verdict("full_build_but_parts_vs_bare", "full_build_vs_bare_large_vs_small"),
        ],
    ]
    for name, part in details.get("parts", {}).items():
        other = large.get("parts", {}).get(name)

        def shown(part: Mapping[str, Any]) -> str:
            return f"{part['s']} s, {part['files']:,} files, floor {part['write_floor_s']} s"

        rows.append([f"  {name.replace('_', ' ')}", shown(part), shown(other) if other else "", "", ""])
    return rows


def _wait_rows(report: Mapping[str, Any], verdict: Any) -> list[list[str]]:
    """The maintainer's wait for one more digest, each command's seconds."""
    waits = [
        report["details"].get("maintainers_wait"),
        report["details"].get("large", {}).get("maintainers_wait"),
    ]
    if waits[0] is None:
        return []

    def shown(wait: Mapping[str, Any] | None) -> str:
        if wait is None:
            return ""
        steps = " + ".join(
            f"{step} {wait[f'{step}_s']}" for step in ("html", "latexpdf", "site") if f"{step}_s" in wait
        )
        typeset = f" (typeset {', '.join(map(str, wait['typeset']))})" if "typeset" in wait else ""
        return f"{wait['s']} s: {steps}{typeset}"

    growth = report.get("growth", {}).get("maintainers_wait_s")
    return [
        [
            "maintainer's wait",
            shown(waits[0]),
            shown(waits[1]),
            f"{growth:.2f} x" if growth else "",
            verdict("maintainers_wait_large_vs_small"),
        ]
    ]


def summary(report: Mapping[str, Any], bars: Bars) -> str:
    """Both sizes side by side, the growth between them, and each bar's verdict."""
    large, growth, ratios = report.get("large") or {}, report.get("growth", {}), report["details"]["ratios"]

    def verdict(*names: str) -> str:
        return "; ".join(
            f"{name} {bars[name][0]} {bars[name][1]:,}: {'ok' if report['bars'][name] else 'MISSED'}"
            for name in names
            if name in report["bars"]
        )

    def row(name: str, key: str, unit: str, *judged: str, first: str = "", second: str = "") -> list[str]:
        cells = [f"{report[key]:,}{unit}{first}", f"{large[key]:,}{unit}{second}" if key in large else ""]
        return [name, *cells, f"{growth[key]:.2f} x" if key in growth else "", verdict(*judged)]

    rows = [
        ["", "first size", "large size", "growth", "bars"],
        row("digests", "digests", ""),
        row("entries", "entries", ""),
        row("lint", "lint_digests_per_s", " digests/s", "lint_digests_per_s"),
        row("hostile 500 KB lint", "hostile_lint_s", " s, slowest shape", "hostile_lint_s"),
        row(
            "full build",
            "full_build_s",
            " s",
            "full_build_vs_bare",
            "large_full_build_vs_bare",
            first=f", {ratios['full_build_vs_bare']:.2f} x bare",
            second=f", {ratios['large_full_build_vs_bare']:.2f} x bare" if large else "",
        ),
        row("bare Sphinx + MyST", "bare_sphinx_build_s", " s"),
        *_full_build_rows(report, verdict),
        row(
            "one more digest",
            "incremental_build_s",
            " s",
            "incremental_vs_full",
            "incremental_large_vs_small",
            first=f", {ratios['incremental_vs_full']:.1%} of full",
        ),
        row("  pages written", "incremental_docs_written", ""),
        *_against_rows(report, verdict),
        row(
            "  same bytes",
            "incremental_unchanged_rewrites",
            "",
            "incremental_unchanged_rewrites",
            "large_incremental_unchanged_rewrites",
        ),
        row("largest page", "largest_html_bytes", " B", "largest_html_bytes", "large_largest_html_bytes"),
        ["", report["largest_html_page"], large["largest_html_page"] if large else "", "", ""],
        row("one search", "search_bytes_per_query", " B", "search_bytes_per_query", "search_large_vs_small"),
        row("peak RSS", "peak_rss_mb", " MB", "large_peak_rss_mb"),
        row("published site", "site_bytes", " B", "large_site_bytes"),
        row("  files", "site_files", ""),
        *_wait_rows(report, verdict),
    ]
    pagefind = report["details"].get("pagefind")
    if pagefind:
        ours, theirs = pagefind["ours"], pagefind["pagefind"]
        hits = f"{ours['first_page_hits']} vs {theirs['first_page_hits']} of {pagefind['queries']}"
        rows += [
            [
                "search vs Pagefind",
                f"{ours['bytes_per_query']:,} B vs {theirs['bytes_per_query']:,} B a query",
                "",
                "",
                verdict("search_bytes_vs_pagefind"),
            ],
            [
                "",
                f"indexing {ours['index_s']} s vs {theirs['index_s']} s",
                "",
                "",
                verdict("index_s_vs_pagefind"),
            ],
            ["", f"right page first {hits}", "", "", verdict("relevance_vs_pagefind")],
        ]
    related = report["details"].get("related")
    if related:
        rows.append(
            [
                "related papers",
                f"{related['on_topic']} of {related['related']} on topic, "
                f"by chance {related['on_topic_by_chance']}",
                "",
                "",
                verdict("related_on_topic_vs_chance"),
            ]
        )
    for year, volume in (report.get("pdf") or {}).get("volumes", {}).items():
        shown = (
            f"{volume['s']} s, {volume['pages']:,} pages, {volume['peak_rss_mb']} MB"
            if volume["ok"]
            else "FAILED"
        )
        rows.append([f"PDF {year.removeprefix('digest-archive-')}", shown, "", "", ""])
    if "pdf" in report:
        rows[-1][4] = verdict("pdf_volumes_failed")
    if not large:
        rows = [[name, first, judged] for name, first, _, _, judged in rows]
    title = f"digest-archive benchmark: {report['digests']} digests"
    title += f" and {large['digests']} digests" if large else ""
    widths = [max(len(cells[i]) for cells in rows) + 2 for i in range(len(rows[0]))]
    lines = ["  " + "".join(cell.ljust(w) for cell, w in zip(cells, widths, strict=True)) for cells in rows]
    return "\n".join([title, *(line.rstrip() for line in lines)]) + "\n"
