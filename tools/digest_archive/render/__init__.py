"""Rendering: from finished models to text.

:mod:`.cite` gives each entry its citation key and BibTeX (and the archive
its BibTeX and CSV exports); :mod:`.digest` writes a digest's MyST page,
:mod:`.listings` the pages that list digests, both with :mod:`.myst`'s
escaping.
"""
