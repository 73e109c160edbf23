"""The full-text index a browser searches: the tables of its terms, and how changed pages update them.

Pure functions of their input: a page's terms are split by :mod:`.terms`
and weighed by :mod:`.weights`, :mod:`digest_archive.search.store` keeps
the tables below in files, and :mod:`digest_archive.sphinxext.search` takes
the records from Sphinx's doctrees. The browser half is the modules in
``static/digest-search/``: ``index.js`` finds a key's file with the same
:func:`bucket` (``tests/search/test_search.py`` runs both on the same strings).

The index is built for two costs that must not grow with the archive:

- **One query downloads a few small files, at any size of the archive.**
  Three tables hold the index, each a mapping of keys to JSON values:

  - *postings*: a word's *head*, the :data:`HEAD` pages where it weighs
    most, with the number of pages it is on;
  - *tails*: the rest of a longer word's pages, cut by page number into
    files of :data:`TAIL_RANGE` pages each, read only when the heads hold
    too few pages with every word; a query of a rare and a common word then
    reads only the parts of the common word's tail where the rare word's
    pages are;
  - *words*: the words that begin alike, so a query word can also match
    the words it begins (``network`` finds ``networks``), in *groups*
    (below).

  The postings and words tables are cut into files by linear hashing
  (:func:`bucket`): the number of files follows the table's size (one per
  :data:`POSTINGS_PER_FILE` postings, or :data:`WORDS_PER_FILE` words), and
  a table that grows by one file splits one file in two. A query reads
  files of about the same size whatever the archive's size, and a head of
  at most :data:`HEAD` pages per word, however common the word.
- **One more digest rewrites only the files its words are in.** Postings
  are page numbers, stable from build to build, so :func:`update` applies
  the pages that changed to the words they hold and leaves the rest alone.

Groups: the words beginning with the same two characters (a word of one
character on its own) are a group, keyed by those characters. A group of
more than :data:`GROUP` words is split by the character that follows: its
key then holds a *marker*, ``[pages of the key itself as a word, words in
the group, the next characters]``, and each next character's group is keyed
by the longer prefix, split again if need be. Whether a group is split
depends only on the words it holds, so an index updated build by build is
the index built at once.
"""

from __future__ import annotations

import functools
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from operator import itemgetter
from typing import Any, Protocol

from .terms import is_cjk
from .weights import Weight

#: Bumped when the files' layout or their terms change; the browser refuses other versions.
FORMAT = 11
#: Pages of a word a query reads first: its heaviest, enough to settle the
#: first results of a query of common words (``source/performance.md``
#: says where it does not).
HEAD = 256
#: A postings file holds about this many pages of words, a words file this
#: many words: a few kilobytes each (``source/performance.md``).
POSTINGS_PER_FILE = 512
WORDS_PER_FILE = 256
#: Words a group holds before it is split by the next character.
GROUP = 256
#: Page numbers in one file of a word's tail: ``tails/HASH-0.json`` holds
#: its pages 0 to 511, ``tails/HASH-1.json`` 512 to 1023, and so on.
TAIL_RANGE = 512


# A page's words repeat across pages: hash each once per process.
@functools.lru_cache(maxsize=1 << 20)
def _fnv1a(key: str) -> int:
    # 32-bit FNV-1a over code points: a few lines in JavaScript too.
    value = 0x811C9DC5
    for char in key:
        value = ((value ^ ord(char)) * 0x01000193) & 0xFFFFFFFF
    return value


def bucket(key: str, files: int) -> int:
    """The file of ``files`` that holds ``key``: linear hashing (Litwin, 1980).

    With ``2**level <= files < 2**(level + 1)``, a key's file is its hash
    modulo ``2**level``, or modulo ``2**(level + 1)`` for the files already
    split in two. Going from ``files`` to ``files + 1`` moves keys out of
    one file only (:func:`split_file`).
    """
    value = _fnv1a(key)
    level = files.bit_length() - 1
    low = value % (1 << level)
    return low if low >= files - (1 << level) else value % (1 << (level + 1))


def split_file(files: int) -> int:
    """The file whose keys are shared with the new file ``files`` when there come to be ``files + 1``."""
    return files - (1 << (files.bit_length() - 1))


def tail_key(term: str, part: int) -> str:
    """The key of the part of ``term``'s tail with the pages from ``part * TAIL_RANGE``.

    A term is letters and digits, so the ``/`` cannot be part of it.
    """
    return f"{term}/{part}"


def tail_file(key: str) -> str:
    """The name of the file holding the part of a tail keyed ``key`` (:func:`tail_key`)."""
    term, part = key.rsplit("/", 1)
    return f"{_fnv1a(term):08x}-{part}"


def files_for(size: int, per_file: int) -> int:
    """How many files a table of ``size`` postings or words is cut into."""
    return max(1, -(-size // per_file))


class Table(Protocol):
    """A mapping of keys to JSON values, kept somewhere; what :func:`update` reads and writes."""

    def get(self, key: str) -> Any: ...

    def put(self, key: str, value: Any) -> None: ...

    def drop(self, key: str) -> None: ...


#: A word's head in the postings table: ``[pages, page, weight, records, page, …]``,
#: the pages it is on, then its heaviest ones, heaviest first (:class:`Weight`).
Head = list[int]
#: A group of words beginning alike: ``{word: pages}``; or a split group's marker,
#: ``[pages of the prefix as a word, words in the group, next characters]``.
Group = dict[str, int] | list[Any]


@dataclass(frozen=True)
class Change:
    """A page whose terms changed: its number, its weights before and after."""

    page: int
    old: Mapping[str, Weight]
    new: Mapping[str, Weight]


@dataclass(frozen=True)
class Sizes:
    """What a set of changes adds to the size of each table (negative when it shrinks)."""

    postings: int
    words: int


def update(changes: Sequence[Change], postings: Table, tails: Table, words: Table, numbers: int) -> Sizes:
    """Apply ``changes`` to the words they hold, through the three tables.

    A change with an empty ``old`` adds a page, one with an empty ``new``
    removes it; ``numbers`` is one more than the highest page number in
    use, so that a tail's parts can be found. Only the keys of the words of
    a changed page are read and written, so the cost follows the changes,
    not the archive.
    """
    parts = range(-(-numbers // TAIL_RANGE))
    pages = {change.page for change in changes}
    touched: defaultdict[str, list[_Posting]] = defaultdict(list)
    for change in changes:
        for term in change.old:
            touched.setdefault(term, [])
        for term, (weight, held) in change.new.items():
            touched[term].append((change.page, weight, held))
    size_postings = size_words = 0
    for term, added in touched.items():
        head: Head | None = postings.get(term)
        kept: list[_Posting] = []
        was_tail: dict[int, list[int]] = {}
        if head is not None:
            kept = _postings(head[1:])
            if head[0] > len(kept):
                for part in parts:
                    found = tails.get(tail_key(term, part))
                    if found:
                        kept += _postings(found)
                        was_tail[part] = found
            kept = [posting for posting in kept if posting[0] not in pages]
            size_postings -= 1 + len(head) // 3
        kept += added
        # Heaviest first, then newest: the order the browser ranks in. (A
        # page is in a term's postings once, so no two keys are equal.)
        kept.sort(key=itemgetter(1, 0), reverse=True)
        if kept:
            postings.put(term, [len(kept), *_flat(kept[:HEAD])])
            size_postings += 1 + min(len(kept), HEAD)
        elif head is not None:
            postings.drop(term)
        tail: defaultdict[int, list[int]] = defaultdict(list)
        for posting in kept[HEAD:]:
            tail[posting[0] // TAIL_RANGE] += posting
        # A new page's posting goes to the last part, or to the head and
        # pushes another out: most parts stay as they were, and are not written.
        for part, flat in tail.items():
            if was_tail.get(part) != flat:
                tails.put(tail_key(term, part), flat)
        for part in was_tail.keys() - tail.keys():
            tails.drop(tail_key(term, part))
        if not is_cjk(term) and len(kept) != (head[0] if head else 0):
            size_words += set_pages(words, term, len(kept))
    return Sizes(size_postings, size_words)


# A posting as the tables hold it: page, weight, records.
_Posting = tuple[int, int, int]


def _postings(flat: Sequence[int]) -> list[_Posting]:
    return list(zip(flat[::3], flat[1::3], flat[2::3], strict=True))


def _flat(postings: Iterable[_Posting]) -> list[int]:
    return [value for posting in postings for value in posting]


# --- groups of words beginning alike ---------------------------------------------------------


def set_pages(words: Table, word: str, pages: int) -> int:
    """Record that ``word`` is on ``pages`` pages (0: on none), keeping every group within :data:`GROUP`.

    Returns the change in the number of words. Only the groups on the way
    to the word's are read, and those it splits or merges.
    """
    prefix = word[:2]
    path: list[tuple[str, list[Any]]] = []
    group = words.get(prefix)
    while isinstance(group, list) and len(word) > len(prefix):
        path.append((prefix, group))
        prefix = word[: len(prefix) + 1]
        group = words.get(prefix)
    if isinstance(group, list):
        # The word is the prefix of a split group: its pages are in the marker.
        was = group[0]
        group[0] = pages
        path.append((prefix, group))
        words.put(prefix, group)
    else:
        leaf: dict[str, int] = group or {}
        was = leaf.pop(word, 0)
        if pages:
            leaf[word] = pages
        if len(leaf) > GROUP:
            for key, value in _layout(prefix, leaf).items():
                words.put(key, value)
        elif leaf:
            words.put(prefix, leaf)
        elif group is not None:
            words.drop(prefix)
        if path and (group is None) != (not leaf):
            # A group came or went: its parent's list of next characters follows.
            parent = path[-1][1]
            following = set(parent[2]) ^ {prefix[-1]}
            parent[2] = "".join(sorted(following))
    delta = (pages > 0) - (was > 0)
    for key, marker in path:
        marker[1] += delta
        words.put(key, marker)
    # A split group that fell to GROUP words is one group again, and so is
    # every group under it: merge at the shortest such prefix.
    # A split group never falls below GROUP words in one change, so the
    # merged group is never empty.
    for key, marker in path:
        if marker[1] <= GROUP:
            words.put(key, _gather(words, key, marker))
            break
    return delta


def _layout(prefix: str, group: dict[str, int]) -> dict[str, Group]:
    """The groups of ``group``'s words under ``prefix``, split wherever they hold more than :data:`GROUP`."""
    if len(group) <= GROUP:
        return {prefix: group}
    following: defaultdict[str, dict[str, int]] = defaultdict(dict)
    for word, pages in group.items():
        if word != prefix:
            following[word[len(prefix)]][word] = pages
    laid: dict[str, Group] = {prefix: [group.get(prefix, 0), len(group), "".join(sorted(following))]}
    for char, grouped in following.items():
        laid.update(_layout(prefix + char, grouped))
    return laid


def _gather(words: Table, prefix: str, marker: list[Any]) -> dict[str, int]:
    """Every word under a split group's ``marker``, its groups dropped."""
    gathered = {prefix: marker[0]} if marker[0] else {}
    for char in marker[2]:
        key = prefix + char
        group = words.get(key)
        words.drop(key)
        if isinstance(group, list):
            gathered.update(_gather(words, key, group))
        elif group:
            gathered.update(group)
    return gathered
