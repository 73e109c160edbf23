"""Rules that need the rest of the archive (DA209): what no digest alone can tell.

An archive rule checks a digest against the archive's other digests, an
:class:`~.archived.Archive`. ``digest lint`` gives it one when it lints the raw folder
itself (every digest against the others) or is told where the archive is
(``--archive raw``); otherwise the archive is empty and the rules find
nothing.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..model import Digest
from ..text.identity import identity
from .archived import Archive
from .entries import label
from .registry import Finding, Severity, archive_rule


@archive_rule("DA209", "repeated-paper", Severity.WARNING)
def repeated_paper(digest: Digest, archive: Archive) -> Iterator[Finding]:
    """A paper that an earlier digest of the archive lists already.

    The same arXiv id (any version, the abstract page or the PDF), or without
    an arXiv link the same words of the title, is one paper. Listing it
    again is allowed: the archive shows it as one paper, each of its cards
    linking the other days. Check that it is meant, and not a copy of the
    wrong day. Reported when ``digest lint`` is given the raw folder or
    ``--archive raw``.

    Archive (``raw/2022/2022-10-15.txt``)::

        1、[LG] Lottery Tickets in Linear Models
        S Ganguli
        [Stanford University]
        线性模型中的彩票。
        We look for lottery tickets in linear models.
        https://arxiv.org/abs/2210.06441

    Bad (``raw/2022/2022-10-20.txt``)::

        1、[LG] Lottery Tickets in Linear Models (revised)
        S Ganguli
        [Stanford University]
        线性模型中的彩票，修订版。
        The revised version.
        https://arxiv.org/abs/2210.06441v2

    Good (``raw/2022/2022-10-20.txt``)::

        1、[LG] Deep Learning on a Budget
        S Ganguli
        [Stanford University]
        预算内的深度学习。
        We study deep learning on a budget.
        https://arxiv.org/abs/2210.09999
    """
    if digest.date is None:
        return
    for entry in digest.entries:
        earlier = [found for found in archive.listings(identity(entry)) if found.date < digest.date]
        if earlier:
            first = earlier[0]
            yield Finding.at(
                entry.span("title"),
                f"entry {label(entry)} is a paper the digest of {first.date} lists already "
                f"({first.path}:{first.line})",
            )
