"""The pages around the papers: language, assets, plots, rules, headings, navigation, descriptions, home."""

from __future__ import annotations

from sphinx.application import Sphinx

from . import assets, chinese, describe, home, language, navigation, rules, statistics


def setup(app: Sphinx) -> None:
    for module in (language, assets, statistics, chinese, rules, navigation, describe, home):
        module.setup(app)
