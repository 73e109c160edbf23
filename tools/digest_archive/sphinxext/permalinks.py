"""Permanent addresses of authors and affiliations: a small page per name that forwards to its listing.

A name's listing page changes as the archive grows (a page that fills up is
split, :func:`~digest_archive.render.names.pages_of`), so a link to it would
go stale in every digest page not written again, and writing them all again
would make one more digest cost hundreds of pages. Paper cards link each
name's permanent address instead,
``<pages>/<authors|affiliations>/names/<stem>.html``
(:func:`~digest_archive.render.names.permalink_stem`): a page of a few
hundred bytes that forwards the reader to the name on its listing page, with
an instant ``meta refresh`` (W3C technique H76) and a link. When a name
moves, its forwarding page alone is written again. These pages are written
by the HTML builder at the end of the build, only when their target
changed; what was written is kept in the doctrees folder.
"""

from __future__ import annotations

import json
import posixpath
from pathlib import Path
from typing import TYPE_CHECKING, cast

from sphinx.application import Sphinx
from sphinx.builders import Builder
from sphinx.builders.html import StandaloneHTMLBuilder
from sphinx.util import logging

from ..render.names import KINDS, anchor, permalink_stem
from .writer import escape

if TYPE_CHECKING:
    from .domain import DigestDomain

logger = logging.getLogger(__name__)

#: The kinds of names with permanent pages; a category's own page never moves.
FORWARDED = ("author", "affiliation")
#: What was written, in the doctrees folder:
#: ``{"version": VERSION, "names": {kind: {name: docname of its page}}}``.
MANIFEST = "digest-permalinks.json"
#: Bump with any change to what a forwarding page holds for the same name and
#: page: the pages written by another version are all written again.
#: ``tests/test_cache_versions.py`` fails when it changes and this does not.
VERSION = 1
#: The forwarding pages' folder below each kind's.
FOLDER = "names"


def setup(app: Sphinx) -> None:
    app.connect("build-finished", _write_forwarding_pages)


def permalink(pages_dir: str, kind: str, name: str) -> str:
    """The docname-like path of ``name``'s permanent page (``digests/authors/names/ganguli_s-…``)."""
    return f"{pages_dir}/{KINDS[kind]}/{FOLDER}/{permalink_stem(kind, name)}"


def forwarding_page(name: str, target: str) -> str:
    """The page at a name's permanent address: it forwards to ``target`` (a relative URL)."""
    # Every text and attribute of this hand-written HTML through the one helper.
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{escape(name)}</title>\n"
        f'<meta http-equiv="refresh" content="0; url={escape(target)}">\n'
        f'<link rel="canonical" href="{escape(target)}">\n'
        '<meta name="robots" content="noindex">\n'
        f'</head>\n<body>\n<p><a href="{escape(target)}">{escape(name)}</a></p>\n</body>\n</html>\n'
    )


def _write_forwarding_pages(app: Sphinx, exception: Exception | None) -> None:
    builder = app.builder
    if exception is not None or not isinstance(builder, StandaloneHTMLBuilder):
        return
    pages_dir = app.config.digest_pages_dir
    domain = cast("DigestDomain", app.env.domains["digest"])
    # What was written: each kind's names with the page they forward to.
    manifest = Path(app.doctreedir) / MANIFEST
    try:
        kept = json.loads(manifest.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        kept = {}
    written: dict[str, dict[str, str]] = (
        kept.get("names", {}) if isinstance(kept, dict) and kept.get("version") == VERSION else {}
    )
    outdir = Path(builder.outdir)
    now = {kind: domain.names[kind] for kind in FORWARDED}
    changed = gone = 0
    for kind, names in now.items():
        before = written.get(kind, {}) if (outdir / pages_dir / KINDS[kind] / FOLDER).is_dir() else {}
        for name, page in names.items():
            if before.get(name) != page:
                path = outdir / _file(builder, permalink(pages_dir, kind, name))
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_text(forwarding_page(name, _target(builder, pages_dir, kind, name, page)), "utf-8")
                changed += 1
        for name in before.keys() - names.keys():
            (outdir / _file(builder, permalink(pages_dir, kind, name))).unlink(missing_ok=True)
            gone += 1
    if changed or gone:
        manifest.write_text(json.dumps({"version": VERSION, "names": now}), encoding="utf-8")
    logger.info("digest: %d forwarding pages of names written, %d removed", changed, gone)


def _file(builder: Builder, path: str) -> str:
    return builder.get_target_uri(path)


def _target(builder: Builder, pages_dir: str, kind: str, name: str, page: str) -> str:
    here = posixpath.dirname(_file(builder, permalink(pages_dir, kind, name)))
    return f"{posixpath.relpath(builder.get_target_uri(page), here)}#{anchor(kind, name)}"
