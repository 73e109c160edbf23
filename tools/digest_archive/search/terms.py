"""The index terms of a text: its words by their English stems, its CJK runs as pairs of characters.

Text is NFKC-normalised and lower-cased; a word is a run of letters and
digits. Chinese, Japanese and Korean have no spaces, so their runs are
indexed as overlapping pairs of characters (the CJK bigrams of Lucene's
``CJKAnalyzer``): a query of any length finds the pages that hold all of its
pairs, and the browser then keeps the entries that hold the query itself.
The browser splits a query with the same rules (``terms`` in
``static/digest-search/text.js``; ``tests/search/test_search.py`` runs both on the same strings).
"""

from __future__ import annotations

import functools
import re
import unicodedata

import snowballstemmer

#: Longer words are not indexed (Lucene's analyzers drop them too, at 255):
#: no reader searches for them, and hundreds of long words beginning alike
#: would split a group once for every character they share.
MAX_WORD = 64

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

_ENGLISH = snowballstemmer.stemmer("english")


@functools.lru_cache(maxsize=1 << 17)
def term_of(word: str) -> str | None:
    """The index term of a lower-case ``word``: its Snowball English stem (``kernels``: ``kernel``).

    None for a stop word or a word longer than :data:`MAX_WORD`. The browser stems a query
    with the same algorithm, Sphinx's ``english-stemmer.js`` (``tests/search/test_search.py``
    compares the two). A vocabulary is small beside its text: each term is found once.
    """
    return None if word in STOP_WORDS or len(word) > MAX_WORD else _ENGLISH.stemWord(word)


def terms(text: str) -> list[str]:
    """The index terms of ``text``, in order, repeated as often as they occur.

    A word is taken by its English stem, so ``networks`` finds ``network``;
    stop words and words longer than :data:`MAX_WORD` are left out; a run of
    Chinese, Japanese or Korean is taken as its overlapping pairs of characters.
    """
    found: list[str] = []
    add, extend = found.append, found.extend
    for chars, word in _TOKEN.findall(unicodedata.normalize("NFKC", text).lower()):
        if word:
            term = term_of(word)
            if term is not None:
                add(term)
        elif len(chars) == 1:
            add(chars)
        else:
            extend(map(str.__add__, chars, chars[1:]))
    return found


def is_cjk(term: str) -> bool:
    return _CJK.match(term) is not None
