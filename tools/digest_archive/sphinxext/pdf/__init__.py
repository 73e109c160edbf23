"""The PDF: a volume a year, every character printed, every name indexed, no line too long."""

from __future__ import annotations

from sphinx.application import Sphinx

from . import latex, pdftext, volumes


def setup(app: Sphinx) -> None:
    # volumes before pdftext, whose LaTeX writer extends volumes'.
    for module in (latex, volumes, pdftext):
        module.setup(app)
