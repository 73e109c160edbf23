"""What each term of a page weighs: BM25F over the page's records, and which records hold it.

A page is searched as its *records*, an entry or a section each. A posting
says what its term weighs on the page, as much as in its best record, and
in which records it is, so that the browser can rank the pages and skip
those whose entries hold a query's words only between them.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from typing import NamedTuple

from .terms import terms

#: A word in an entry's title counts this many times, one in its names
#: (category, authors, affiliations) this many: a reader who types a word of
#: the title or a surname means that paper, not one that mentions it.
TITLE_WEIGHT = 5
NAME_WEIGHT = 3
#: BM25's parameters (Robertson and Zaragoza, "The Probabilistic Relevance
#: Framework: BM25 and Beyond", 2009): how fast a word's weight saturates,
#: and how much a long record's weight is discounted.
K1 = 1.2
B = 0.75
#: BM25 divides a record's length by the mean length; the index takes a
#: fixed mean instead of the archive's, which would change every posting
#: with each digest. About the mean of the seeds' entries (``source/performance.md``).
MEAN_LENGTH = 250
#: A posting's weight is its BM25 term weight times this, as an integer.
SCALE = 100
#: A posting's *records*: bit ``i % RECORD_BITS`` set for each record ``i``
#: of the page that holds the term. A query's words are on one entry of a
#: page only if their records share a bit, so the browser skips, without
#: downloading it, a page whose entries hold the words only between them.
#: Bits are shared by records far apart (a false match the browser finds
#: when it reads the page), never missing; 30 keeps JavaScript's bitwise
#: operators, which work on 32-bit signed integers, exact.
RECORD_BITS = 30


class Record(NamedTuple):
    """One searchable part of a page: an entry, or a section of a docs page."""

    anchor: str
    title: str
    text: str
    #: A paper's category, authors and affiliations; empty for other records.
    names: str = ""
    #: An entry's one-line summary, which a result shows first; weighed as its
    #: text, and not repeated in it. Empty for other records.
    lead: str = ""


#: What a posting says of a term on a page: how much it weighs there (its
#: BM25 weight times :data:`SCALE`), and in which records (:data:`RECORD_BITS`).
Weight = tuple[int, int]


def weights(records: Iterable[Record]) -> dict[str, Weight]:
    """A page's terms, each with its BM25 weight in its best record and the records holding it.

    A record's occurrences of a term are counted as BM25F counts fields
    (Robertson, Zaragoza and Taylor, 2004): a title word :data:`TITLE_WEIGHT`
    times, a name :data:`NAME_WEIGHT` times; the count then saturates and is
    discounted by the record's length against :data:`MEAN_LENGTH`. A result
    is an entry, so a page weighs what its best entry for the term weighs,
    not the sum of its entries: ten entries that mention a word once do not
    outweigh the one paper about it. The browser multiplies by the word's
    rarity (``digest-search/ranking.js``, ``Ranking``).
    """
    best: dict[str, Weight] = {}
    # Once for each word of the archive indexed anew: a record's few distinct counts are weighed
    # once, and only the terms an earlier record holds too are compared one by one.
    scale = SCALE * (K1 + 1)
    for number, record in enumerate(records):
        bit = 1 << (number % RECORD_BITS)
        text, title, names = terms(f"{record.lead} {record.text}"), terms(record.title), terms(record.names)
        counts = Counter(text)
        for term in title:
            counts[term] += TITLE_WEIGHT
        for term in names:
            counts[term] += NAME_WEIGHT
        norm = K1 * (1 - B + B * (len(text) + len(title) + len(names)) / MEAN_LENGTH)
        weighed = {count: (round(scale * count / (count + norm)) or 1, bit) for count in set(counts.values())}
        # New terms in the order of the text: the same page, the same files byte for byte.
        for term in counts.keys() & best.keys():
            weight, held = best[term]
            new = weighed[counts[term]][0]
            best[term] = (new if new > weight else weight, held | bit)
        fresh = [term for term in counts if term not in best] if best else counts
        best.update({term: weighed[counts[term]] for term in fresh})
    return best
