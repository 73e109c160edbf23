"""From raw digests to a published site: conversion, downloads, feeds, sitemap, link previews, removals."""

from __future__ import annotations

from sphinx.application import Sphinx

from . import credit, downloads, feeds, raw, removed, sharing


def setup(app: Sphinx) -> None:
    # raw first: feeds connects to the event it adds.
    for module in (raw, credit, downloads, feeds, sharing, removed):
        module.setup(app)
