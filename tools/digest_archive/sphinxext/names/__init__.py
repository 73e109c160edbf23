"""Pages of names: the listings of authors, affiliations and categories, and their permanent addresses."""

from __future__ import annotations

from sphinx.application import Sphinx

from . import listings, permalinks


def setup(app: Sphinx) -> None:
    for module in (listings, permalinks):
        module.setup(app)
