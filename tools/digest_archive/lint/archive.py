"""Rules that need the rest of the archive (DA209, DA210, DA211): what no digest alone can tell.

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
from ..text.variants import NAMES_FILE
from .archived import Archive, Listing
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
    if digest.date is None or _copies(digest, archive):
        return  # A whole digest filed again is one finding, DA211's.
    for entry in digest.entries:
        earlier = [found for found in archive.listings(identity(entry)) if found.date < digest.date]
        if earlier:
            first = earlier[0]
            yield Finding.at(
                entry.span("title"),
                f"entry {label(entry)} is a paper the digest of {first.date} lists already "
                f"({first.path}:{first.line})",
            )


@archive_rule("DA210", "name-variant", Severity.WARNING)
def name_variant(digest: Digest, archive: Archive) -> Iterator[Finding]:
    """An author or affiliation an earlier digest writes another way: the same surname and initials, or words.

    ``K Zhang``, ``K. Zhang`` and ``Kai Zhang`` may be one author, and
    ``Stanford University`` and ``Stanford University.`` one institution;
    the archive cannot tell, so it lists each as written, on pages of their
    own. Say which are one, and which are not, in ``names.toml`` beside
    ``raw/`` (its format is on the contributing page); once said, lint no
    longer asks. Reported when ``digest lint`` is given the raw folder or
    ``--archive raw``, against the earlier digests only.

    Archive (``raw/2022/2022-10-15.txt``)::

        1、[LG] Lottery Tickets in Linear Models
        K Zhang, S Ganguli
        [Stanford University]
        线性模型中的彩票。
        We look for lottery tickets in linear models.
        https://arxiv.org/abs/2210.06441

    Bad (``raw/2022/2022-10-20.txt``)::

        1、[CV] Sparse Kernels for Depth from One Camera
        K. Zhang
        [Stanford University.]
        单目深度估计的稀疏核。
        Sparse kernels estimate depth from a single camera.
        https://arxiv.org/abs/2210.08888

    Good (``raw/2022/2022-10-20.txt``)::

        1、[CV] Sparse Kernels for Depth from One Camera
        K Zhang
        [Stanford University]
        单目深度估计的稀疏核。
        Sparse kernels estimate depth from a single camera.
        https://arxiv.org/abs/2210.08888
    """
    if digest.date is None:
        return
    for entry in digest.entries:
        for kind, field, written in (
            ("author", "authors", entry.authors),
            ("affiliation", "affiliations", entry.affiliations),
        ):
            for name in dict.fromkeys(written):
                for other, found in archive.variants(kind, name).items():
                    if found.date < digest.date and archive.names.same(kind, name, other) is None:
                        yield Finding.at(
                            entry.span(field),
                            f"{kind} {name!r} of entry {label(entry)} may be the {kind} "
                            f"{other!r} ({found.path}:{found.line}): if they are one, or two, "
                            f"say so in {NAMES_FILE}",
                        )


@archive_rule("DA211", "repeated-digest", Severity.WARNING)
def repeated_digest(digest: Digest, archive: Archive) -> Iterator[Finding]:
    """A digest that the archive holds under another day too: the same papers, in the same order.

    One day's post filed twice, under two dates, gives two pages of the same
    papers and leaves the day it was really published without its digest
    or with another's. Keep it under the day its Weibo posts were made
    (``digest add`` finds it) and remove the other file. Reported on both
    files, in place of DA209's finding on each of their papers, when
    ``digest lint`` is given the raw folder or ``--archive raw``.

    Archive (``raw/2022/2022-10-15.txt``)::

        1、[LG] Lottery Tickets in Linear Models
        S Ganguli
        [Stanford University]
        线性模型中的彩票。
        We look for lottery tickets in linear models.
        https://arxiv.org/abs/2210.06441

        2、[CV] Sparse Kernels for Depth from One Camera
        K Zhang
        [Stanford University]
        单目深度估计的稀疏核。
        Sparse kernels estimate depth from a single camera.
        https://arxiv.org/abs/2210.08888

    Bad (``raw/2022/2022-10-20.txt``)::

        1、[LG] Lottery Tickets in Linear Models
        S Ganguli
        [Stanford University]
        线性模型中的彩票。
        We look for lottery tickets in linear models.
        https://arxiv.org/abs/2210.06441

        2、[CV] Sparse Kernels for Depth from One Camera
        K Zhang
        [Stanford University]
        单目深度估计的稀疏核。
        Sparse kernels estimate depth from a single camera.
        https://arxiv.org/abs/2210.08888

    Good (``raw/2022/2022-10-20.txt``)::

        1、[LG] Deep Learning on a Budget
        S Ganguli
        [Stanford University]
        预算内的深度学习。
        We study deep learning on a budget.
        https://arxiv.org/abs/2210.09999
    """
    others = _copies(digest, archive)
    if others:
        count = len(digest.entries)
        yield Finding(
            1,
            1,
            f"the digest of {others[0].date} ({others[0].path}) lists the same {count} "
            f"paper{'s' if count != 1 else ''} in the same order: is one day's digest filed under two days?",
        )


#: The fewest papers a digest filed twice is told by: one paper listed again is DA209's.
_FEWEST = 2


def _copies(digest: Digest, archive: Archive) -> list[Listing]:
    """The archive's digests of other days with ``digest``'s papers, all of them, in its order."""
    if digest.date is None or len(digest.entries) < _FEWEST:
        return []
    return [found for found in archive.copies(digest) if found.date != digest.date]
