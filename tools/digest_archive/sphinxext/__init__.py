"""The Sphinx extension that turns ``raw/`` into the archive.

Add ``"digest_archive.sphinxext"`` to ``extensions``. Its :func:`setup`
composes each part's own, grouped by what it makes: :mod:`.domain` makes
papers, authors, affiliations and categories citable (and :mod:`.inventory`
keeps its ``objects.inv`` honest); :mod:`.publishing` converts the raw
digests before Sphinx reads and publishes downloads, feeds, sitemap and link
previews; :mod:`.papers` writes a paper's card and summary; :mod:`.names`
the pages of names and their permanent addresses; :mod:`.pages` the pages
around them (assets, plots, the rule reference, navigation); :mod:`.search`
the search page and its index of the HTML; :mod:`.pdf` makes the PDF a volume a year; :mod:`.writer`
is the HTML writer (the one escaping helper is :mod:`..render.escaping`); and :mod:`.tuning`, the one
module of the extension that changes process-wide state (the garbage
collector through :mod:`..collection`), keeps large archives fast.
"""

from __future__ import annotations

from typing import Any

from sphinx.application import Sphinx

from .. import __version__
from . import domain, names, pages, papers, pdf, publishing, search, tuning, writer

#: Bumped when what the environment keeps of a page changes (the paper card's
#: attributes, the domain's data), so that every page is read again; and when
#: every page's HTML changes (the sidebar, the save buttons), so that every page is written again.
#: ``tests/sphinxext/test_cache_versions.py`` fails when it changes and this does not.
ENV_VERSION = 23


def setup(app: Sphinx) -> dict[str, Any]:
    # The domain first: publishing adds roles to it.
    modules = (domain, publishing, names, papers, pages, search, tuning, pdf, writer)
    for module in modules:
        module.setup(app)
    return {
        "version": __version__,
        "env_version": ENV_VERSION,
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }
