"""Pages of names: authors' and affiliations' own pages, the indices of names, and categories' listings."""

from __future__ import annotations

from sphinx.application import Sphinx

from . import listings, pages


def setup(app: Sphinx) -> None:
    for module in (listings, pages):
        module.setup(app)
