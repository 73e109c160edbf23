"""The archive's full-text search index: its words and tables, and its files.

:mod:`.terms` splits text into the index's terms, :mod:`.weights` weighs
them on a page, and :mod:`.index` is what the index holds and how one more
page updates it (all three pure); :mod:`.store` keeps it in ``_search/``
next to the HTML, page by page, in the files of :mod:`.files`.
``static/digest-search/`` is the browser's half, and
:mod:`digest_archive.sphinxext.search` feeds it the pages Sphinx writes.
"""
