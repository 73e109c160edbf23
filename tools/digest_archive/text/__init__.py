"""Raw digests as text: where a file may live, what its lines are, and the parser.

The first step of the flow: :mod:`.layout` checks a path, :mod:`.parse`
reads the text into the :mod:`~digest_archive.model` line by line, handing
each to :mod:`.entries` or :mod:`.digestlines` and noting what fits nowhere
(:mod:`.notes`), with the help of :mod:`.shapes` (what a line looks like),
:mod:`.labelled` (the layout from 2023 on), :mod:`.markup` (text that looks
like markup), :mod:`.urls`, :mod:`.dates` and :mod:`.categories`.
:mod:`.identity` says which entries, of any digests, are one paper.
"""
