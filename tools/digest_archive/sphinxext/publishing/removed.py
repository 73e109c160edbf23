"""Pages of removed documents: a digest removed or renamed takes its page out of the HTML output too.

Sphinx forgets a removed document but leaves the page it wrote, so the
output (and the main workflow's cache of it, and so the site) would keep
serving a renamed digest's old address. The builder's pages are listed in
the doctrees folder after each build (:data:`MANIFEST`); a page listed
there whose document is gone is removed from the output. The list, not
Sphinx's own count of removed documents, because a build with a fresh
environment (a configuration change) sees none removed.
"""

from __future__ import annotations

import json
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.builders.html import StandaloneHTMLBuilder
from sphinx.util import logging

logger = logging.getLogger(__name__)

#: The list of the documents whose pages the last build's output holds, in the doctrees folder.
MANIFEST = "digest-pages.json"
#: The list's format: a list of another version is not trusted, and nothing is removed by it.
VERSION = 1


def setup(app: Sphinx) -> None:
    # Late: after every handler that writes into the output.
    app.connect("build-finished", _remove_pages_of_removed_documents, priority=900)


def _remove_pages_of_removed_documents(app: Sphinx, exception: Exception | None) -> None:
    builder = app.builder
    if exception is not None or not isinstance(builder, StandaloneHTMLBuilder):
        return
    manifest = Path(app.doctreedir) / f"{builder.name}-{MANIFEST}"
    try:
        kept = json.loads(manifest.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        kept = {}
    trusted = isinstance(kept, dict) and kept.get("version") == VERSION and isinstance(kept.get("docs"), list)
    listed = [docname for docname in kept["docs"] if isinstance(docname, str)] if trusted else []
    present = sorted(app.env.all_docs)
    outdir = Path(builder.outdir).resolve()
    removed = 0
    for docname in sorted(set(listed) - set(present)):
        page = Path(builder.get_outfilename(docname)).resolve()
        # A name read back from the doctrees folder: nothing outside the output is touched.
        if page.is_relative_to(outdir) and page.is_file():
            page.unlink()
            removed += 1
    if removed:
        logger.info("digest: the pages of %d removed documents removed from the output", removed)
    if listed != present:
        manifest.write_text(json.dumps({"version": VERSION, "docs": present}), encoding="utf-8")
