"""The full-text index a browser searches: the words of a page, and the shards they live in.

Pure functions of their input; :mod:`digest_archive.sphinxext.search` takes the records
from Sphinx's doctrees and reads and writes the files. The browser half is
``static/digest-search.js``, which splits a query with the same rules as
:func:`terms` (``tests/test_search.py`` runs both on the same strings).

The index is built for two costs that must not grow with the archive:

- **One query downloads a few small files.** A word's postings (the pages it
  is on, with a weight) are in one of :data:`POSTING_SHARDS` files chosen by
  a hash of the word; the words that start with the same two characters are
  listed, with their page counts, in one of :data:`TERM_SHARDS` files, so a
  query word can also match the words it begins (``network`` finds
  ``networks``). A page's text comes in its own file, for the results shown.
- **One more digest rewrites only the shards its words are in.** Postings
  are page numbers, stable from build to build, so :func:`update` applies the
  pages that changed to the shards they touch and leaves the rest alone.

Words: text is NFKC-normalised and lower-cased; a word is a run of letters
and digits. Chinese, Japanese and Korean have no spaces, so their runs are
indexed as overlapping pairs of characters (the CJK bigrams of Lucene's
``CJKAnalyzer``): a query of any length finds the pages that hold all of its
pairs, and the browser then keeps the entries that hold the query itself.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import NamedTuple

#: Bumped when the files' layout changes; the browser refuses other versions.
FORMAT = 1
POSTING_SHARDS = 1024
TERM_SHARDS = 256
#: A word in an entry's title counts this many times.
TITLE_WEIGHT = 5

# Han (with its extensions and compatibility block), kana and hangul.
_CJK_CHARS = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff\U00020000-\U0003134f"
_CJK = re.compile(f"[{_CJK_CHARS}]+")
# A run of letters and digits, split where it enters or leaves CJK, in one
# pass over the text rather than a second split of each run.
_TOKEN = re.compile(f"([{_CJK_CHARS}]+)|([^\\W_{_CJK_CHARS}]+)")
# Lucene's English stop words: on nearly every page, they would be the
# largest postings and select nothing.
STOP_WORDS = frozenset(
    {
        "a", "an", "and", "are", "as", "at", "be", "but", "by", "for", "if",
        "in", "into", "is", "it", "no", "not", "of", "on", "or", "such", "that",
        "the", "their", "then", "there", "these", "they", "this", "to", "was",
        "will", "with",
    }
)  # fmt: skip


class Record(NamedTuple):
    """One searchable part of a page: an entry, or a section of a docs page."""

    anchor: str
    title: str
    text: str


def terms(text: str) -> list[str]:
    """The index terms of ``text``, in order, repeated as often as they occur."""
    found: list[str] = []
    for chars, word in _TOKEN.findall(unicodedata.normalize("NFKC", text).lower()):
        if word:
            if word not in STOP_WORDS:
                found.append(word)
        elif len(chars) == 1:
            found.append(chars)
        else:
            found.extend(chars[i : i + 2] for i in range(len(chars) - 1))
    return found


def is_cjk(term: str) -> bool:
    return _CJK.match(term) is not None


def weights(records: Iterable[Record]) -> dict[str, int]:
    """A page's terms and their weights: occurrences, title words counted :data:`TITLE_WEIGHT` times."""
    counts: Counter[str] = Counter()
    for record in records:
        counts.update(terms(record.text))
        for term in terms(record.title):
            counts[term] += TITLE_WEIGHT
    return dict(counts)


# A page's words repeat across pages: hash each once per process.
@functools.lru_cache(maxsize=1 << 20)
def _fnv1a(key: str) -> int:
    # 32-bit FNV-1a over code points: a few lines in JavaScript too.
    value = 0x811C9DC5
    for char in key:
        value = ((value ^ ord(char)) * 0x01000193) & 0xFFFFFFFF
    return value


def posting_shard(term: str) -> int:
    return _fnv1a(term) % POSTING_SHARDS


def term_shard(term: str) -> int:
    """The shard listing the words that start like ``term``; CJK pairs are looked up whole."""
    return _fnv1a(term[:2]) % TERM_SHARDS


#: A shard's content: term -> its postings, ``[page, weight, page, weight, …]``.
Postings = dict[str, list[int]]
#: A term shard's content: term -> the number of pages it is on.
TermCounts = dict[str, int]


@dataclass(frozen=True)
class Change:
    """A page whose terms changed: its number, its weights before and after."""

    page: int
    old: Mapping[str, int]
    new: Mapping[str, int]


@dataclass
class Shards:
    """The shards a set of changes rewrites; an empty one is to be deleted."""

    postings: dict[int, Postings]
    terms: dict[int, TermCounts]


def update(
    changes: Sequence[Change],
    load_postings: Callable[[int], Postings],
    load_terms: Callable[[int], TermCounts],
) -> Shards:
    """Apply ``changes`` to the shards they touch, read through the two loaders.

    A change with an empty ``old`` adds a page, one with an empty ``new``
    removes it. Only the shards holding a term of a changed page are loaded
    and returned, so the cost follows the changes, not the archive.
    """
    removed: defaultdict[int, set[str]] = defaultdict(set)
    added: defaultdict[int, defaultdict[str, list[int]]] = defaultdict(lambda: defaultdict(list))
    for change in changes:
        for term in change.old:
            removed[posting_shard(term)].add(term)
        for term, weight in change.new.items():
            added[posting_shard(term)][term] += (change.page, weight)
    pages = {change.page for change in changes}
    postings: dict[int, Postings] = {}
    counts: dict[str, int] = {}
    for number in removed.keys() | added.keys():
        shard = load_postings(number)
        for term in removed.get(number, ()):
            kept = shard.pop(term, [])
            kept = [value for pair in _pairs(kept) if pair[0] not in pages for value in pair]
            if kept:
                shard[term] = kept
        for term, pairs in added.get(number, {}).items():
            shard.setdefault(term, []).extend(pairs)
        for term in removed.get(number, set()) | added.get(number, {}).keys():
            if not is_cjk(term):
                counts[term] = len(shard.get(term, ())) // 2
        postings[number] = shard
    terms_out: dict[int, TermCounts] = {}
    for term, count in counts.items():
        number = term_shard(term)
        if number not in terms_out:
            terms_out[number] = load_terms(number)
        if count:
            terms_out[number][term] = count
        else:
            terms_out[number].pop(term, None)
    return Shards(postings, terms_out)


def _pairs(flat: list[int]) -> Iterable[tuple[int, int]]:
    return zip(flat[::2], flat[1::2], strict=True)
