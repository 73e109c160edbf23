"""Full-text search of the HTML archive: its search page, and the pages Sphinx writes fed to the index.

Sphinx's own search loads one ``searchindex.js`` for the whole site, which
grows with every digest, so the archive writes its own index
(:mod:`digest_archive.search`) and search page (``search.html?q=TERM``,
``static/digest-search/``), and Sphinx's is switched off.

What is indexed: every document without ``nosearch`` in its metadata
(Sphinx's own convention for keeping a page out of search). The digests'
pages are searched by default, the project's own pages (home, statistics,
documentation) only when the reader asks for them. The archive's
listing pages carry it, so a query lands on the digest itself. A digest's
entries are its records (:func:`.records.paper_records`), each paper's parts apart
(title, Chinese summary, abstract, authors, category and affiliations,
links), so that a result shows them apart and ``author:`` asks for an
author; the digest's own header, legend and closing words are no
paper's and are left out. Each section of a project's page is a record
(:func:`.records.page_records`). The BibTeX of the cards, the links between
digests, the text of each entry's links and the lint rules' quoted
examples are left out. The records are taken from each resolved doctree as Sphinx
writes it, and the index is brought up to date at the end of the build,
its work per page and per file spread over Sphinx's worker processes when
it builds in parallel (``-j``).

:mod:`.page` makes the search page; :mod:`.indexing` takes each page's
records (:mod:`.records`) as Sphinx writes it and brings the index up to date.
"""

from __future__ import annotations

from sphinx.application import Sphinx

from . import indexing, page


def setup(app: Sphinx) -> None:
    for module in (indexing, page):
        module.setup(app)
