"""Where the archive is published: its sitemap, robots.txt and link previews, from ``html_baseurl``.

sphinx-sitemap writes ``sitemap.xml`` and sphinxext-opengraph each page's
Open Graph tags; both need the site's absolute address, ``html_baseurl``.
Without it (a fresh clone's ``make html``, built with ``-W``) nothing that
would hold a wrong address is published: no sitemap, robots.txt, feeds
(:mod:`.feeds`) or Open Graph tags, and an info message says so instead of
a warning that would fail the build. Those an earlier build with an
address left in the output are removed.

sphinx-sitemap lists only the pages a build writes, so an incremental build
would publish a sitemap of its few changed pages: every document is added
to its list before it writes the file. Its list is then a plain queue, not
the queue of a multiprocessing ``Manager`` it starts for the pages that
parallel writers write: a Manager is a forked process, started in every
build, holding every file its parent had open (a test-suite's pipe to its
browser's driver, which then never closes). A page's ``og:description`` is its
meta description (:mod:`..pages.describe`; a digest's papers' titles), not the
first paragraph sphinxext-opengraph would pick.
"""

from __future__ import annotations

import queue
from fnmatch import fnmatch
from pathlib import Path
from typing import Any

import sphinx_sitemap
from docutils import nodes
from sphinx.application import Sphinx
from sphinx.builders.html import StandaloneHTMLBuilder
from sphinx.config import Config
from sphinx.util import logging

from ...render.escaping import escape

logger = logging.getLogger(__name__)

#: The builders whose pages are published (not the single page or e-book ones).
PUBLISHED_BUILDERS = frozenset({"html", "dirhtml"})


def setup(app: Sphinx) -> None:
    app.setup_extension("sphinx_sitemap")
    for listener in list(app.events.listeners["builder-inited"]):
        if listener.handler is sphinx_sitemap.record_builder_type:
            app.disconnect(listener.id)
    app.connect("builder-inited", _sitemap_list)
    app.setup_extension("sphinxext.opengraph")
    app.connect("config-inited", _configure)
    # Before sphinxext-opengraph's handler (500), which reads the page's metadata.
    app.connect("html-page-context", _preview, priority=400)
    # Before sphinx-sitemap's handler (500), which writes the sitemap.
    app.connect("build-finished", _complete_sitemap, priority=400)
    app.connect("build-finished", _write_robots)


def base_url(config: Config) -> str:
    """The site's root from ``html_baseurl``, ending in ``/``; empty when it is not set."""
    base = str(config.html_baseurl or "").strip()
    return base.rstrip("/") + "/" if base else ""


def published(app: Sphinx) -> bool:
    """Whether this build writes pages to publish at a known address."""
    return app.builder.name in PUBLISHED_BUILDERS and bool(base_url(app.config))


def write_if_changed(path: Path, data: bytes) -> bool:
    """Write ``data`` to ``path`` unless it holds them already (its time then stays): whether written."""
    if path.is_file() and path.read_bytes() == data:
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return True


def _configure(app: Sphinx, config: Config) -> None:
    # sphinx-sitemap's warning that html_baseurl is missing would fail a build
    # with -W; the message below says it instead. Suppressed with or without
    # the address: suppress_warnings is part of the environment, and changing
    # it would make Sphinx read every page again.
    config.suppress_warnings = list(dict.fromkeys([*config.suppress_warnings, "sitemap.configuration"]))
    base = base_url(config)
    if not base:
        logger.info(
            "digest: set html_baseurl (or -D html_baseurl=URL) to publish the Atom feeds, "
            "sitemap.xml, robots.txt and Open Graph tags; without it none is written"
        )
        return
    # sphinx-sitemap joins its site_url and a page's name as they are: with the slash.
    if not config.site_url:
        config.site_url = base
    if not config.ogp_site_url:
        config.ogp_site_url = base


def _sitemap_list(app: Sphinx) -> None:
    """What sphinx-sitemap's ``record_builder_type`` sets up, with a queue of this process."""
    app.builder.env.is_directory_builder = app.builder.name == "dirhtml"  # type: ignore[attr-defined]
    app.sitemap_links = queue.Queue()  # type: ignore[attr-defined]


def _preview(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any) -> None:
    """Turn the page's Open Graph tags off without an address, or give them its meta description."""
    if not published(app):
        context["meta"] = {**(context.get("meta") or {}), "ogp_disable": True}
        return
    if doctree is None:
        return
    described = next(
        (node["content"] for node in doctree.findall(nodes.meta) if node.get("name") == "description"), None
    )
    if described:
        # sphinxext-opengraph escapes only the quotes of what it writes into an
        # attribute, so the text goes to it escaped by the one helper (quotes
        # included: it then finds none). A copy: the page's metadata is the
        # environment's, kept between builds.
        context["meta"] = {**(context.get("meta") or {}), "og:description": escape(described)}


def _complete_sitemap(app: Sphinx, exception: Exception | None) -> None:
    """Give sphinx-sitemap every document, not only those this build wrote, in a stable order."""
    links = getattr(app, "sitemap_links", None)
    if exception is not None or links is None or not published(app):
        return
    found: dict[str, str | None] = {}
    while True:
        try:
            link, updated = links.get_nowait()
        except queue.Empty:
            break
        found[link] = updated
    excludes = app.config.sitemap_excludes
    for docname in app.env.found_docs:
        link = app.builder.get_target_uri(docname)
        if not any(fnmatch(link, pattern) for pattern in excludes):
            found.setdefault(link, None)
    for link in sorted(found):
        links.put((link, found[link]))


def _write_robots(app: Sphinx, exception: Exception | None) -> None:
    """``robots.txt``: every page may be crawled, and here is the sitemap; without an address, neither.

    A build without ``html_baseurl`` (a pull request's preview) removes
    the two files an earlier build with one left in its output.
    """
    if exception is not None:
        return
    if not published(app):
        if isinstance(app.builder, StandaloneHTMLBuilder):
            for name in ("robots.txt", app.config.sitemap_filename):
                path = Path(app.outdir) / name
                if path.is_file() and not path.is_symlink():
                    path.unlink()
        return
    sitemap = f"{base_url(app.config)}{app.config.sitemap_filename}"
    text = f"User-agent: *\nDisallow:\n\nSitemap: {sitemap}\n"
    write_if_changed(Path(app.outdir) / "robots.txt", text.encode("utf-8"))
