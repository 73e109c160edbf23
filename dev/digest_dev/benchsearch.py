"""What ``make bench`` measures of search: bytes per query, and the archive's index beside Pagefind's.

Each query is run in Debian's Chromium on a cold cache, and what it
downloads is counted. Pagefind (PyPI ``pagefind[extended]``, the static
search most sites would reach for) indexes the same digest pages; both
searches are then asked the relevance set (:mod:`digest_dev.relevance`),
and their index files, indexing times and answers are compared.
"""

from __future__ import annotations

import shutil
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit

from .benchrun import sphinx, timed
from .browser import CHROMIUM, CHROMIUM_ARGS, served
from .relevance import RELEVANCE, page_of

#: The digest pages, which Pagefind indexes as the archive's search does by default.
PAGEFIND_GLOB = "digests/[0-9][0-9][0-9][0-9]/[0-9]*.html"
PAGEFIND_DIR = "_pagefind"
#: A page with nothing on it, from which Pagefind's own API is called.
PROBE_PAGE = "_pagefind-probe.html"
#: Pagefind's API as a results page calls it: the query, then its first ten results.
PAGEFIND_SEARCH = """async (query) => {
  const pagefind = await import("/_pagefind/pagefind.js");
  const search = await pagefind.search(query);
  const pages = await Promise.all(search.results.slice(0, 10).map((result) => result.data()));
  return pages.map((page) => page.url);
}"""
#: The files of the archive's search: its index, its scripts and Sphinx's stemmer.
OURS = ("/_search/", "/_static/digest-search/", "/_static/digest-stemmer/")


def search_bytes(site: Path, queries: Sequence[str]) -> dict[str, dict[str, int]]:
    """Bytes Chromium downloads for ``search.html?q=QUERY``, each on a cold cache."""
    results: dict[str, dict[str, int]] = {}

    for query, sizes, page_count in _cold(site, queries, _search_page, ".digest-search-result"):
        results[query] = {
            "total": sum(size for _, size in sizes),
            "index": sum(size for u, size in sizes if "/_search/" in u and "/_search/pages/" not in u),
            "pages": sum(size for u, size in sizes if "/_search/pages/" in u),
            "results": page_count,
        }
    return results


def compare_with_pagefind(archive: Path, logs: Path) -> dict[str, Any]:
    """The archive's search and Pagefind's, on ``archive`` (built, with the seeds), side by side.

    For each: the bytes a query downloads from its own files (index, script,
    WebAssembly; the largest over the relevance set), the seconds to index the
    archive from scratch, and how many of the relevance set's queries find
    their digest page first (both) and their entry among the first three (the
    archive's; Pagefind answers with pages).
    """
    site = archive / "_build/html"
    shutil.rmtree(site / PAGEFIND_DIR, ignore_errors=True)
    command = [sys.executable, "-m", "pagefind", "--site", ".", "--output-subdir", PAGEFIND_DIR]
    pagefind_s, _ = timed([*command, "--glob", PAGEFIND_GLOB], site, logs / "pagefind.log")
    # The archive's index made again from every page: a build with nothing
    # else to do, less the same build with its index in place. The old index
    # is moved out of the way, and deleted only once timed: files written
    # just after thousands were deleted can be written many times slower
    # (ext4 mounted with ``discard`` discards the freed blocks first; see
    # performance.md), which Pagefind, writing into a new folder, does not pay.
    unchanged_s, _ = timed(sphinx("-n"), archive, logs / "unchanged-build.log")
    old_index = archive / "_build/old-search-index"
    shutil.rmtree(old_index, ignore_errors=True)
    (site / "_search").rename(old_index)
    reindex_s, _ = timed(sphinx("-n"), archive, logs / "reindex-build.log")
    shutil.rmtree(old_index)
    (site / PROBE_PAGE).write_text("<!DOCTYPE html><title>probe</title>\n", encoding="utf-8")
    queries = [query for query, _ in RELEVANCE]
    ours: dict[str, list[str]] = {}
    theirs: dict[str, list[str]] = {}

    def archive_search(page: Any, url: str, query: str) -> None:
        _search_page(page, url, query)
        ours[query] = page.eval_on_selector_all(
            ".digest-search-result-link",
            "links => links.map(l => new URL(l.href).pathname + new URL(l.href).hash)",
        )

    def pagefind(page: Any, url: str, query: str) -> None:
        page.goto(f"{url}/{PROBE_PAGE}")
        theirs[query] = page.evaluate(PAGEFIND_SEARCH, query)

    their_bytes = {
        query: sum(size for u, size in sizes if f"/{PAGEFIND_DIR}/" in u)
        for query, sizes, _ in _cold(site, queries, pagefind, "body")
    }
    our_bytes = {
        query: sum(size for u, size in sizes if any(part in u for part in OURS))
        for query, sizes, _ in _cold(site, queries, archive_search, "body")
    }

    def first_page(links: list[str], anchor: str) -> bool:
        return bool(links) and urlsplit(links[0]).path.endswith(page_of(anchor))

    return {
        "queries": len(RELEVANCE),
        "ours": {
            "bytes_per_query": max(our_bytes.values()),
            "index_s": round(max(reindex_s - unchanged_s, 0.0), 1),
            "first_page_hits": sum(first_page(ours[q], anchor) for q, anchor in RELEVANCE),
            "entry_in_top_3": sum(
                any(link.endswith(f"#{anchor}") for link in ours[q][:3]) for q, anchor in RELEVANCE
            ),
        },
        "pagefind": {
            "bytes_per_query": max(their_bytes.values()),
            "index_s": round(pagefind_s, 1),
            "first_page_hits": sum(first_page(theirs[q], anchor) for q, anchor in RELEVANCE),
        },
        "misses": {
            "ours": [q for q, anchor in RELEVANCE if not first_page(ours[q], anchor)],
            "pagefind": [q for q, anchor in RELEVANCE if not first_page(theirs[q], anchor)],
        },
    }


def _search_page(page: Any, url: str, query: str) -> None:
    page.goto(f"{url}/search.html?q={quote(query)}")
    page.wait_for_selector("#digest-search[data-state=done]", timeout=30_000)
    page.wait_for_load_state("networkidle")


def _cold(
    site: Path, queries: Sequence[str], search: Callable[[Any, str, str], None], counted: str
) -> list[tuple[str, list[tuple[str, int]], int]]:
    """Each query run by ``search`` in a fresh browser context: the bytes of each request, and a count."""
    from playwright.sync_api import sync_playwright

    runs = []
    with served(site) as url, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for query in queries:
            context = browser.new_context()
            page = context.new_page()
            sizes: list[tuple[str, int]] = []
            page.on(
                "requestfinished",
                lambda request, sizes=sizes: sizes.append((request.url, request.sizes()["responseBodySize"])),
            )
            search(page, url, query)
            runs.append((query, sizes, page.locator(counted).count()))
            context.close()
        browser.close()
    return runs
