"""Search as a reader uses it: the built archive served on 127.0.0.1, searched in Chromium."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import quote

from playwright.sync_api import Page

from digest_archive.search.store import INDEX_DIR, MANIFEST, update_index
from digest_archive.search.store import Page as IndexPage
from digest_dev.browser import served

RESULT_LINK = ".digest-search-result-link"
#: A result's text around what was found: its Chinese summary's, or its English abstract's.
EXCERPTS = ":is(.digest-search-excerpt, .digest-search-abstract)"
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
    with served_with_pages(built_archive, html, {docname: added}) as url:
        yield url


@contextmanager
def served_with_pages(built_archive: Path, html: Path, added: dict[str, IndexPage]) -> Iterator[str]:
    """The built archive copied to ``html`` with the pages ``added`` (by docname) in its index, served."""
    shutil.copytree(built_archive / "_build/html", html)
    folder = html / INDEX_DIR
    manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))

    def unwritten(indexed: str) -> IndexPage:
        raise AssertionError(f"{indexed} is indexed already")

    pages = {*manifest["pages"], *added}
    update_index(folder, pages, dict(added), unwritten, manifest["read"])
    with served(html) as url:
        yield url


def _nodes(node: dict[str, Any]) -> Iterator[dict[str, Any]]:
    yield node
    for child in [*node.get("children", []), *node.get("shadowRoots", [])]:
        yield from _nodes(child)


def rendered_faces(page: Page, selector: str) -> set[str]:
    """The faces Chromium drew the text of ``selector``'s element in (an input's too, in its shadow tree).

    What a reader sees, not the CSS asked for: the generic family's fallback
    for Han is whatever face the system has (a Kaiti on many Linux systems).
    """
    cdp = page.context.new_cdp_session(page)
    try:
        cdp.send("DOM.enable")
        cdp.send("CSS.enable")
        root = cdp.send("DOM.getDocument", {"depth": -1, "pierce": True})["root"]
        found = cdp.send("DOM.querySelector", {"nodeId": root["nodeId"], "selector": selector})["nodeId"]
        tree = cdp.send("DOM.describeNode", {"nodeId": found, "depth": -1, "pierce": True})["node"]
        elements = [node["backendNodeId"] for node in _nodes(tree) if node.get("nodeType") == 1]
        ids = cdp.send("DOM.pushNodesByBackendIdsToFrontend", {"backendNodeIds": elements})["nodeIds"]
        return {
            font["familyName"]
            for node in ids
            for font in cdp.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]
        }
    finally:
        cdp.detach()
