"""An entry's labelled Chinese summary: the ``{digest:summary}`` directive and the definition list it makes.

From 2023 on, a digest's summary is written in labelled parts (``要点``,
``动机``, ``方法``, ``优势``, ``一句话总结``; :class:`~digest_archive.model.SummaryPart`).
The converter writes them as JSON in the directive's body
(:func:`~digest_archive.render.digest._summary`); the directive makes them
ordinary docutils nodes, a definition list (a label, then its text or its
points as a bulleted list) after the paragraphs of the summary's lead,
which Sphinx's HTML and LaTeX writers write natively (``<p>``, ``<dl>``,
``description``) and escape as any other text.
"""

from __future__ import annotations

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective

from ...model import ONE_LINE_LABEL
from ...render.contract import CHINESE_CLASS, DOMAIN, ONE_LINE_CLASS, SUMMARY_CLASS, Directive, Summary, read


def setup(app: Sphinx) -> None:
    app.add_directive_to_domain(DOMAIN, Directive.SUMMARY, SummaryDirective)


class SummaryDirective(SphinxDirective):
    """``{digest:summary}`` with its :class:`~digest_archive.render.contract.Summary` as its body.

    The body is data, never markup: every paragraph of the lead, label,
    text and point becomes a text node, on one line as the rest of the
    page's text. The lead's paragraphs, then the list, are in a container
    marked as Chinese, as the page's other Chinese blocks.
    """

    has_content = True

    def run(self) -> list[nodes.Node]:
        try:
            summary = read(Summary, self.content)
        except ValueError as error:
            raise self.error(f"digest:summary: {error}") from None
        parts, lead = summary.parts, summary.lead
        paragraphs = [nodes.paragraph(text, text) for text in map(_line, lead)]
        listing = nodes.definition_list()
        for part in parts:
            label = _line(part.label)
            item = nodes.definition_list_item(classes=[ONE_LINE_CLASS] if label == ONE_LINE_LABEL else [])
            item += nodes.term(label, label)
            definition = nodes.definition()
            text = _line(part.text)
            if text:
                definition += nodes.paragraph(text, text)
            if part.points:
                points = nodes.bullet_list(bullet="-")
                for point in map(_line, part.points):
                    points += nodes.list_item("", nodes.paragraph(point, point))
                definition += points
            item += definition
            listing += item
        # The class as the container directive gives it to the page's other Chinese blocks.
        chinese = directives.class_option(CHINESE_CLASS)
        return [nodes.container("", *paragraphs, listing, classes=[*chinese, SUMMARY_CLASS])]


def _line(text: str) -> str:
    """``text`` on one line, as the converter writes every other text of the page."""
    return " ".join(text.split())
