"""What a digest says of its papers: the card, the labelled summary, corrections, and a reader's list."""

from __future__ import annotations

from sphinx.application import Sphinx

from . import cards, corrections, readinglist, summary


def setup(app: Sphinx) -> None:
    for module in (cards, summary, corrections, readinglist):
        module.setup(app)
