"""What a digest says of its papers: the paper card and the labelled summary."""

from __future__ import annotations

from sphinx.application import Sphinx

from . import cards, summary


def setup(app: Sphinx) -> None:
    for module in (cards, summary):
        module.setup(app)
