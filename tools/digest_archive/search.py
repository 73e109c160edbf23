"""Full-text search of the HTML archive with Pagefind.

Sphinx's own search loads one ``searchindex.js`` for the whole site, which
grows with every digest, and its Chinese support is broken in Sphinx 9.0
(sphinx-doc/sphinx#14229). Pagefind writes a chunked index, so one query
downloads only the chunks its words live in; it segments Chinese with jieba
when indexing and, from Pagefind 1.5, segments a Chinese query in the browser
with ``Intl.Segmenter``. ``source/performance.md`` has the measurements.

What is indexed: the article of every document without ``nosearch`` in its
metadata (Sphinx's own convention for keeping a page out of search). The
archive's listing pages carry it, so a query lands on the digest itself; the
section ids inside a digest become Pagefind's sub-results, so a hit links to
the entry's anchor.

The index is written to ``_pagefind/`` in the output folder after every HTML
build; ``search.html?q=TERM`` opens the results for ``TERM``.
"""

from __future__ import annotations

import asyncio
import json
from pathlib import Path
from typing import Any

from pagefind.index import IndexConfig, PagefindIndex
from sphinx.application import Sphinx
from sphinx.builders.html import StandaloneHTMLBuilder
from sphinx.util import logging
from sphinx.util.display import progress_message

logger = logging.getLogger(__name__)

BUNDLE_DIR = "_pagefind"
# The page text is bilingual; one Chinese index segments the Chinese and
# keeps English words whole, so every query goes to a single index.
LANGUAGE = "zh"
# Chrome around the text, the BibTeX blocks that repeat each entry, and the
# lint rules' examples, which quote digests.
EXCLUDED = [".headerlink", ".copybtn", "details.digest-cite", ".digest-lint-example"]


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("config-inited", _add_search_page)
    app.connect("builder-inited", _replace_sphinx_search)
    app.connect("html-page-context", _mark_searchable)
    app.connect("build-finished", _write_index)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}


def _is_html(app: Sphinx) -> bool:
    return isinstance(app.builder, StandaloneHTMLBuilder) and app.builder.name in {"html", "dirhtml"}


def _add_search_page(app: Sphinx, config: Any) -> None:
    config.html_additional_pages = {"search": "search.html", **config.html_additional_pages}


def _replace_sphinx_search(app: Sphinx) -> None:
    if _is_html(app):
        # Sphinx would still build (and ship) its own one-file index.
        app.builder.search = False


def _mark_searchable(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    metadata = app.env.metadata.get(pagename)
    context["digest_searchable"] = metadata is not None and "nosearch" not in metadata


def _write_index(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or not _is_html(app):
        return
    with progress_message("digest: writing the Pagefind search index"):
        pages = asyncio.run(build_index(Path(app.outdir)))
    logger.info("digest: %d pages in the search index", pages)


async def build_index(site: Path) -> int:
    """Index the built site in ``site``; return the number of pages indexed."""
    config = IndexConfig(
        force_language=LANGUAGE,
        exclude_selectors=EXCLUDED,
        output_path=str(site / BUNDLE_DIR),
    )
    async with PagefindIndex(config=config) as index:
        await index.add_directory(str(site))
    # add_directory counts every HTML file it read; the entry file counts the
    # pages that had a data-pagefind-body and were indexed.
    entry = json.loads((site / BUNDLE_DIR / "pagefind-entry.json").read_text(encoding="utf-8"))
    return sum(language["page_count"] for language in entry["languages"].values())
