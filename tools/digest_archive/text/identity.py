"""A paper's identity across digests: its arXiv id, else its title, as any digest writes them.

A paper listed again (revised, cross-listed, or recommended a second time)
is the same paper: two entries are one paper when their first arXiv links
name one id, whatever the version, the ``abs`` or ``pdf`` page or the case
of an old-style id; without an arXiv link, when their titles are the same
words, whatever their case, width, accents or punctuation. An entry with
neither is no paper that another can be.
"""

from __future__ import annotations

import unicodedata

from ..model import Entry
from .urls import arxiv_id


def identity(entry: Entry) -> str:
    """``arxiv:2210.06441``, else ``title:deep learning for …``; empty when the entry has neither."""
    # The first arXiv link, as the citations take it (render.arxiv).
    found = next((paper for link in entry.links if (paper := arxiv_id(link)) is not None), None)
    if found is not None:
        return f"arxiv:{found.id.lower()}"
    words = title_words(entry.title)
    return f"title:{words}" if words else ""


def title_words(title: str) -> str:
    """A title's words, folded (width, case, accents); anything but a letter or a digit parts them."""
    folded = unicodedata.normalize("NFKD", unicodedata.normalize("NFKC", title).casefold())
    kept = "".join(char if char.isalnum() else " " for char in folded if not unicodedata.combining(char))
    return " ".join(kept.split())
