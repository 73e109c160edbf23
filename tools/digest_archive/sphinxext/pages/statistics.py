"""``{digest:statistics}``: the statistics page's plots, as the converter drew them.

The converter draws each plot twice, for furo's light and dark schemes
(:mod:`digest_archive.archive.figures`), and lists them in
``<pages>/statistics/figures.json``. The directive makes a figure of each,
its two images shown by furo's ``only-light`` and ``only-dark`` classes,
with what the plot shows in words as their ``alt`` text. The page is read
again when that list changes, and the drawings are copied when they do.
"""

from __future__ import annotations

import json
from pathlib import Path

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective

from ...archive.figures import FOLDER, INDEX

#: The class of each figure, which the stylesheet sizes to the page.
FIGURE_CLASS = "digest-statistics"


def setup(app: Sphinx) -> None:
    app.add_directive_to_domain("digest", "statistics", StatisticsDirective)


class StatisticsDirective(SphinxDirective):
    """``{digest:statistics}``: a figure for each plot of the archive."""

    def run(self) -> list[nodes.Node]:
        pages = self.config.digest_pages_dir
        index = Path(self.env.srcdir) / pages / FOLDER / INDEX
        self.env.note_dependency(str(index))
        try:
            figures = json.loads(index.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return [nodes.paragraph("", "No digest has been converted yet, so there is nothing to plot.")]
        except ValueError as error:
            raise self.error(f"digest:statistics: {index} is not the converter's JSON ({error})") from None
        out: list[nodes.Node] = []
        for figure in figures:
            shown = nodes.figure(ids=[f"statistics-{figure['name']}"], classes=[FIGURE_CLASS])
            for scheme in ("light", "dark"):
                uri = f"/{pages}/{FOLDER}/{figure[scheme]}"
                shown += nodes.image(uri=uri, alt=figure["alt"], classes=[f"only-{scheme}"])
            shown += nodes.caption(figure["title"], figure["title"])
            out.append(shown)
        return out
