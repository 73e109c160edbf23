"""Search as a reader uses it: the built archive served on 127.0.0.1, searched in Chromium."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import quote

from playwright.sync_api import Page

from digest_archive.search.store import INDEX_DIR, MANIFEST, update_index
from digest_archive.search.store import Page as IndexPage
from digest_dev.browser import served

RESULT_LINK = ".digest-search-result-link"
DONE = "#digest-search[data-state=done]"


def results_of(page: Page) -> list[str]:
    """Where each result leads: its page and entry (without the words it asks the page to mark)."""
    page.wait_for_selector(DONE, timeout=15_000)
    return page.eval_on_selector_all(
        RESULT_LINK, "links => links.map(link => new URL(link.href).pathname + new URL(link.href).hash)"
    )


def search_for(page: Page, site: str, query: str) -> list[str]:
    """Open ``search.html?q=query`` of ``site``: where its results lead."""
    page.goto(f"{site}/search.html?q={quote(query)}")
    return results_of(page)


@contextmanager
def served_with(built_archive: Path, html: Path, docname: str, added: IndexPage) -> Iterator[str]:
    """The built archive copied to ``html`` with the page ``added`` added to its index, served."""
    shutil.copytree(built_archive / "_build/html", html)
    folder = html / INDEX_DIR
    manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))

    def unwritten(indexed: str) -> IndexPage:
        raise AssertionError(f"{indexed} is indexed already")

    pages = {*manifest["pages"], docname}
    update_index(folder, pages, {docname: added}, unwritten, manifest["read"])
    with served(html) as url:
        yield url
