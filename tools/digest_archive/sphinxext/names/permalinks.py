"""Permanent addresses of authors and affiliations: a small page per name that forwards to its listing.

A name's listing page changes as the archive grows (a page that fills up is
split, :func:`~digest_archive.render.names.pages_of`), so a link to it would
go stale in every digest page not written again, and writing them all again
would make one more digest cost hundreds of pages. Paper cards link each
name's permanent address instead,
``<pages>/<authors|affiliations>/names/<stem>.html``, the stem the
converter gave the name (:func:`~digest_archive.render.names.assign_stems`,
one name a page, whatever its hash) and its listing page declares: a page of a few
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

from sphinx.application import Sphinx
from sphinx.builders import Builder
from sphinx.builders.html import StandaloneHTMLBuilder
from sphinx.util import logging

from ...render.escaping import escape
from ...render.names import KINDS, anchor
from ..domain import digest_domain

logger = logging.getLogger(__name__)

#: The kinds of names with permanent pages; a category's own page never moves.
FORWARDED = ("author", "affiliation")
#: What was written, in the doctrees folder:
#: ``{"version": VERSION, "names": {kind: {name: [docname of its page, its stem]}}}``.
MANIFEST = "digest-permalinks.json"
#: Bump with any change to what a forwarding page holds for the same name and
#: page: the pages written by another version are all written again.
#: ``tests/sphinxext/test_cache_versions.py`` fails when it changes and this does not.
VERSION = 3
#: The forwarding pages' folder below each kind's.
FOLDER = "names"


def setup(app: Sphinx) -> None:
    app.connect("build-finished", _write_forwarding_pages)


def permalink(pages_dir: str, kind: str, stem: str) -> str:
    """The docname-like path of the permanent page named ``stem`` (``digests/authors/names/ganguli_s-…``)."""
    return f"{pages_dir}/{KINDS[kind]}/{FOLDER}/{stem}"


def forwarding_page(name: str, target: str) -> str:
    """The page at a name's permanent address: it forwards to ``target`` (a relative URL)."""
    # Every text and attribute of this hand-written HTML through the one helper.
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{escape(name, attribute=False)}</title>\n"
        f'<meta http-equiv="refresh" content="0; url={escape(target)}">\n'
        f'<link rel="canonical" href="{escape(target)}">\n'
        '<meta name="robots" content="noindex">\n'
        f'</head>\n<body>\n<p><a href="{escape(target)}">{escape(name, attribute=False)}</a></p>\n'
        "</body>\n</html>\n"
    )


def _write_forwarding_pages(app: Sphinx, exception: Exception | None) -> None:
    builder = app.builder
    if exception is not None or not isinstance(builder, StandaloneHTMLBuilder):
        return
    pages_dir = app.config.digest_pages_dir
    domain = digest_domain(app.env)
    # What was written: each kind's names with the page they forward to and their own page's stem.
    manifest = Path(app.doctreedir) / MANIFEST
    try:
        kept = json.loads(manifest.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        kept = {}
    written: dict[str, dict[str, list[str]]] = (
        kept.get("names", {}) if isinstance(kept, dict) and kept.get("version") == VERSION else {}
    )
    outdir = Path(builder.outdir)
    now = {
        kind: {name: [page, domain.stems[kind][name]] for name, page in domain.names[kind].items()}
        for kind in FORWARDED
    }
    before = {
        kind: written.get(kind, {}) if (outdir / pages_dir / KINDS[kind] / FOLDER).is_dir() else {}
        for kind in FORWARDED
    }
    # A stem another name left goes first: the name that takes it then writes its own page there.
    gone = [
        (kind, stem)
        for kind in FORWARDED
        for name, (_, stem) in before[kind].items()
        if now[kind].get(name, [None, None])[1] != stem
    ]
    changed = [
        (kind, name)
        for kind in FORWARDED
        for name, entry in now[kind].items()
        if before[kind].get(name) != entry
    ]
    if gone or changed:
        # Until every page is written, the manifest on disk vouches for no
        # page being changed: a name being written is kept with no target
        # (the next build writes its page again, or removes it), a name
        # going is kept as it was (the next build removes its page).
        intent = {kind: dict(before[kind]) for kind in FORWARDED}
        for kind, name in changed:
            intent[kind][name] = [None, now[kind][name][1]]
        manifest.write_text(json.dumps({"version": VERSION, "names": intent}), encoding="utf-8")
    for kind, stem in gone:
        (outdir / _file(builder, permalink(pages_dir, kind, stem))).unlink(missing_ok=True)
    for kind, name in changed:
        page, stem = now[kind][name]
        path = outdir / _file(builder, permalink(pages_dir, kind, stem))
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(forwarding_page(name, _target(builder, pages_dir, kind, name, stem, page)), "utf-8")
    if gone or changed:
        manifest.write_text(json.dumps({"version": VERSION, "names": now}), encoding="utf-8")
    logger.info("digest: %d forwarding pages of names written, %d removed", len(changed), len(gone))


def _file(builder: Builder, path: str) -> str:
    return builder.get_target_uri(path)


def _target(builder: Builder, pages_dir: str, kind: str, name: str, stem: str, page: str) -> str:
    here = posixpath.dirname(_file(builder, permalink(pages_dir, kind, stem)))
    return f"{posixpath.relpath(builder.get_target_uri(page), here)}#{anchor(kind, name)}"
