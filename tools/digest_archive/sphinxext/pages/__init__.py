"""The pages around the papers: assets, plots, the rule reference, headings, navigation, descriptions."""

from __future__ import annotations

from sphinx.application import Sphinx

from . import assets, chinese, describe, navigation, rules, statistics


def setup(app: Sphinx) -> None:
    for module in (assets, statistics, chinese, rules, navigation, describe):
        module.setup(app)
