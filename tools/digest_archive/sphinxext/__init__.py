"""The Sphinx extension that turns ``raw/`` into the archive.

Add ``"digest_archive.sphinxext"`` to ``extensions``. Its :func:`setup`
composes each module's own: :mod:`.raw` converts the raw digests before
Sphinx reads, and :mod:`.downloads` offers their papers as files;
:mod:`.domain`, :mod:`.cards`, :mod:`.listings` and :mod:`.permalinks`
make papers, authors, affiliations and categories citable;
:mod:`.chinese` marks headings in Chinese as Chinese; :mod:`.statistics`
shows the archive's plots; :mod:`.rules` writes the lint rule reference;
:mod:`.search` indexes the HTML; :mod:`.feeds` writes the Atom feeds and
:mod:`.sharing` the sitemap, robots.txt and link previews (with
``html_baseurl``); :mod:`.navigation` and :mod:`.tuning` keep large
archives fast; :mod:`.volumes` makes the PDF a volume a year,
:mod:`.latex` keeps it whole and :mod:`.pdftext` prints every character
of it visibly and indexes every name whole; and :mod:`.assets` adds the
templates and static files.
"""

from __future__ import annotations

from typing import Any

from sphinx.application import Sphinx

from .. import __version__
from . import (
    assets,
    cards,
    chinese,
    describe,
    domain,
    downloads,
    feeds,
    latex,
    listings,
    navigation,
    pdftext,
    permalinks,
    raw,
    rules,
    search,
    sharing,
    statistics,
    summary,
    tuning,
    volumes,
    writer,
)

#: Bumped when what the environment keeps of a page changes (the paper card's
#: attributes, the domain's data), so that every page is read again.
#: ``tests/test_cache_versions.py`` fails when it changes and this does not.
ENV_VERSION = 13


def setup(app: Sphinx) -> dict[str, Any]:
    modules = (
        assets,
        # The domain first: raw adds a role to it.
        domain,
        raw,
        downloads,
        listings,
        statistics,
        permalinks,
        cards,
        summary,
        chinese,
        rules,
        search,
        navigation,
        describe,
        # After raw, whose event feeds connects to.
        feeds,
        sharing,
        tuning,
        latex,
        volumes,
        # After volumes, whose LaTeX writer its own extends.
        pdftext,
        writer,
    )
    for module in modules:
        module.setup(app)
    return {
        "version": __version__,
        "env_version": ENV_VERSION,
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }
