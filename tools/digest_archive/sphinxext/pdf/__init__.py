"""The PDF: a volume a year, typeset again only when its year changed, every character printed and indexed."""

from __future__ import annotations

from sphinx.application import Sphinx

from . import latex, pdftext, reuse, volumes


def setup(app: Sphinx) -> None:
    # volumes before pdftext, whose LaTeX writer extends volumes'.
    for module in (latex, volumes, reuse, pdftext):
        module.setup(app)
