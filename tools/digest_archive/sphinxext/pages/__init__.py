"""The pages around the papers: language, assets, plots, rules, headings, navigation, credit, home."""

from __future__ import annotations

from sphinx.application import Sphinx

from . import assets, chinese, credit, describe, home, language, navigation, rules, statistics


def setup(app: Sphinx) -> None:
    for module in (language, assets, statistics, chinese, rules, navigation, describe, credit, home):
        module.setup(app)
