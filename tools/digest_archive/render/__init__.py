"""Rendering: from finished models to text.

:mod:`.cite` gives each entry its citation key, :mod:`.bibtex` its BibTeX
(and the archive its BibTeX export) and :mod:`.reference` its RIS,
CSL-JSON and COinS, both from the arXiv id and URL :mod:`.arxiv` works
out (and, on request, the note on the digest :mod:`.credit` gives, with
each digest's credit); :mod:`.csvrows` writes the CSV export, :mod:`.digest` a
digest's MyST page, :mod:`.listings` the pages that list digests, both
with :mod:`.myst`'s escaping.
"""
