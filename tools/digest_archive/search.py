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

The index is written to ``_pagefind/`` in the output folder at the end of an
HTML build whose searchable pages changed (``_pagefind/digest-pages.json``
keeps their fingerprint); ``search.html?q=TERM`` opens the results for
``TERM``. Pagefind has no incremental mode, and one index cannot be split by
year either: each part would answer a word it lacks with its longest prefix
(Pagefind/pagefind#780), so a merged search would list pages that only
share a first letter with the query.
"""

from __future__ import annotations

import asyncio
import hashlib
import shutil
from collections.abc import Mapping
from importlib.metadata import version
from pathlib import Path
from typing import Any

from pagefind.index import IndexConfig, PagefindIndex
from sphinx.application import Sphinx
from sphinx.builders.html import StandaloneHTMLBuilder
from sphinx.util import logging
from sphinx.util.display import progress_message

logger = logging.getLogger(__name__)

BUNDLE_DIR = "_pagefind"
#: In the bundle: what was indexed, to skip indexing the same pages again.
MANIFEST = "digest-pages.json"
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


def _searchable(app: Sphinx, docname: str) -> bool:
    metadata = app.env.metadata.get(docname)
    return metadata is not None and "nosearch" not in metadata


def _mark_searchable(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    context["digest_searchable"] = _searchable(app, pagename)


def _write_index(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or not _is_html(app):
        return
    pages = {
        app.builder.get_target_uri(docname): Path(app.builder.get_outfilename(docname))
        for docname in sorted(app.env.found_docs)
        if _searchable(app, docname)
    }
    with progress_message("digest: writing the Pagefind search index"):
        written = asyncio.run(build_index(Path(app.outdir), pages))
    if written:
        logger.info("digest: %d pages in the search index", len(pages))
    else:
        logger.info("digest: search index kept, its %d pages are unchanged", len(pages))


async def build_index(site: Path, pages: Mapping[str, Path]) -> bool:
    """Index the site's searchable ``pages`` (URL → HTML file) into ``site/_pagefind``.

    Returns False, and leaves the index as it is, when the pages and the
    indexer are those of the index already there.
    """
    bundle = site / BUNDLE_DIR
    fingerprint = _fingerprint(pages)
    try:
        if (bundle / MANIFEST).read_text(encoding="utf-8") == fingerprint:
            return False
    except OSError:
        pass
    shutil.rmtree(bundle, ignore_errors=True)
    config = IndexConfig(force_language=LANGUAGE, exclude_selectors=EXCLUDED, output_path=str(bundle))
    async with PagefindIndex(config=config) as index:
        # The whole folder, read by the indexer itself: sending it the pages
        # one by one is ten times slower. It indexes the pages with a
        # data-pagefind-body, which are ``pages``.
        await index.add_directory(str(site))
    (bundle / MANIFEST).write_text(fingerprint, encoding="utf-8")
    return True


def _fingerprint(pages: Mapping[str, Path]) -> str:
    digest = hashlib.sha256(_INDEXER.encode("utf-8"))
    for url, path in sorted(pages.items()):
        digest.update(b"\0" + url.encode("utf-8") + b"\0" + path.read_bytes())
    return digest.hexdigest()


# What makes an index differ besides its pages: the indexer and its settings.
_INDEXER = f"pagefind {version('pagefind')}; {LANGUAGE}; {' '.join(EXCLUDED)}"
