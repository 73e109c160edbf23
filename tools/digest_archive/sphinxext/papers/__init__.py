"""What a digest says of its papers: the paper card, the labelled summary, and how to correct an entry."""

from __future__ import annotations

from sphinx.application import Sphinx

from . import cards, corrections, summary


def setup(app: Sphinx) -> None:
    for module in (cards, summary, corrections):
        module.setup(app)
