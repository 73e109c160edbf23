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

import html
import json
import posixpath
from pathlib import Path
from typing import TYPE_CHECKING, cast

from sphinx.application import Sphinx
from sphinx.builders import Builder
from sphinx.builders.html import StandaloneHTMLBuilder
from sphinx.util import logging

from ..render.names import KINDS, anchor, permalink_stem

if TYPE_CHECKING:
    from .domain import DigestDomain

logger = logging.getLogger(__name__)

#: The kinds of names with permanent pages; a category's own page never moves.
FORWARDED = ("author", "affiliation")
#: What was written, in the doctrees folder: ``{path below the HTML folder: target}``.
MANIFEST = "digest-permalinks.json"
#: The forwarding pages' folder below each kind's.
FOLDER = "names"


def setup(app: Sphinx) -> None:
    app.connect("build-finished", _write_forwarding_pages)


def permalink(pages_dir: str, kind: str, name: str) -> str:
    """The docname-like path of ``name``'s permanent page (``digests/authors/names/ganguli_s-…``)."""
    return f"{pages_dir}/{KINDS[kind]}/{FOLDER}/{permalink_stem(kind, name)}"


def forwarding_page(name: str, target: str) -> str:
    """The page at a name's permanent address: it forwards to ``target`` (a relative URL)."""
    # The one escaping helper of this hand-written HTML: every text and attribute.
    esc = html.escape
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{esc(name)}</title>\n"
        f'<meta http-equiv="refresh" content="0; url={esc(target)}">\n'
        f'<link rel="canonical" href="{esc(target)}">\n'
        '<meta name="robots" content="noindex">\n'
        f'</head>\n<body>\n<p><a href="{esc(target)}">{esc(name)}</a></p>\n</body>\n</html>\n'
    )


def _write_forwarding_pages(app: Sphinx, exception: Exception | None) -> None:
    builder = app.builder
    if exception is not None or not isinstance(builder, StandaloneHTMLBuilder):
        return
    pages_dir = app.config.digest_pages_dir
    domain = cast("DigestDomain", app.env.domains["digest"])
    wanted = {
        _file(builder, permalink(pages_dir, kind, name)): (
            name,
            _target(builder, pages_dir, kind, name, page),
        )
        for kind in FORWARDED
        for name, page in domain.names[kind].items()
    }
    manifest = Path(app.doctreedir) / MANIFEST
    outdir = Path(builder.outdir)
    try:
        written: dict[str, str] = json.loads(manifest.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        written = {}
    if not all(
        (outdir / pages_dir / KINDS[kind] / FOLDER).is_dir() for kind in FORWARDED if domain.names[kind]
    ):
        written = {}  # the HTML folder was cleaned without the doctrees
    changed = [path for path, (_, target) in wanted.items() if written.get(path) != target]
    for path in changed:
        name, target = wanted[path]
        (outdir / path).parent.mkdir(parents=True, exist_ok=True)
        (outdir / path).write_text(forwarding_page(name, target), encoding="utf-8")
    gone = [path for path in written if path not in wanted]
    for path in gone:
        (outdir / path).unlink(missing_ok=True)
    if changed or gone:
        manifest.write_text(
            json.dumps({path: target for path, (_, target) in wanted.items()}), encoding="utf-8"
        )
    logger.info("digest: %d forwarding pages of names written, %d removed", len(changed), len(gone))


def _file(builder: Builder, path: str) -> str:
    return builder.get_target_uri(path)


def _target(builder: Builder, pages_dir: str, kind: str, name: str, page: str) -> str:
    here = posixpath.dirname(_file(builder, permalink(pages_dir, kind, name)))
    return f"{posixpath.relpath(builder.get_target_uri(page), here)}#{anchor(kind, name)}"
