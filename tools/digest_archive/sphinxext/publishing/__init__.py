"""From raw digests to a published site: conversion, downloads, Atom feeds, sitemap and link previews."""

from __future__ import annotations

from sphinx.application import Sphinx

from . import downloads, feeds, raw, sharing


def setup(app: Sphinx) -> None:
    # raw first: feeds connects to the event it adds.
    for module in (raw, downloads, feeds, sharing):
        module.setup(app)
