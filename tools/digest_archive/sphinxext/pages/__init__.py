"""The pages around the papers: language, assets, plots, rules, headings, navigation, descriptions."""

from __future__ import annotations

from sphinx.application import Sphinx

from . import assets, chinese, describe, language, navigation, rules, statistics


def setup(app: Sphinx) -> None:
    for module in (language, assets, statistics, chinese, rules, navigation, describe):
        module.setup(app)
