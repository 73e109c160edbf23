"""What each term of a page weighs: BM25F over the page's records, and which records hold it.

A page is searched as its *records*, an entry or a section each. A posting
says what its term weighs on the page, as much as in its best record, and
in which records it is, so that the browser can rank the pages and skip
those whose entries hold a query's words only between them.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from typing import Any, NamedTuple

from .terms import terms

#: A word in an entry's title counts this many times, one in its names
#: (category, affiliations, authors) this many: a reader who types a word of
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
    """One searchable part of a page: an entry, or a section of a docs page.

    A result shows an entry's parts apart: its title, its Chinese summary
    (``lead``, else ``text``), its English ``abstract`` where the words were
    found only there, its ``authors`` and its ``links``.
    """

    anchor: str
    title: str
    text: str
    #: A paper's category and affiliations; empty for other records.
    names: str = ""
    #: An entry's one-line summary, which a result shows first; weighed as its
    #: text, and not repeated in it. Empty for other records.
    lead: str = ""
    #: A paper's authors, each as its card names them (``B Zhang``): weighed as
    #: names, and what a query's ``author:`` asks for.
    authors: tuple[str, ...] = ()
    #: A paper's English abstract: weighed as its text, and not repeated in it.
    abstract: str = ""
    #: A paper's links (its arXiv page, its PDF, its others), as (label, URL):
    #: shown with the result, never searched.
    links: tuple[tuple[str, str], ...] = ()
    #: The other days that list the paper, as (the day as the interface writes it, the
    #: URL of its card there, relative to the site's root): shown with the result.
    days: tuple[tuple[str, str], ...] = ()

    def as_json(self) -> list[Any]:
        """The record as its page's file holds it: a list, without the empty fields at its end."""
        fields: list[Any] = [
            *self[:5],
            list(self.authors),
            self.abstract,
            [list(link) for link in self.links],
            [list(day) for day in self.days],
        ]
        while len(fields) > 3 and not fields[-1]:
            fields.pop()
        return fields

    @classmethod
    def from_json(cls, data: Sequence[Any]) -> Record:
        fields = list(data)
        if len(fields) > 5:
            fields[5] = tuple(fields[5])
        for links in range(7, len(fields)):
            fields[links] = tuple((label, url) for label, url in fields[links])
        return cls(*fields)


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
        text = terms(f"{record.lead} {record.text} {record.abstract}")
        title, names = terms(record.title), terms(" ".join([record.names, *record.authors]))
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
