"""Names of authors, affiliations and categories: their anchors, their pages' names, each kind's index.

An author or an affiliation has a page of its own, at an address that
never changes (:func:`permalink_stem`, :func:`assign_stems`), written by
the Sphinx builder from the papers that name it
(:mod:`digest_archive.render.namepage`). Each kind's index lists its most
frequent names first, with their papers' count, and a box that filters
them as one types (:func:`render_name_directory`): at most
:data:`DIRECTORY_LIMIT` names, so that no page grows with the archive.

Categories hold too many papers for one page each: a category's page lists
its months, and each month has a page of its papers (:mod:`.categories`).

Everything here is a pure function of the names and their papers; the
converter (:mod:`digest_archive.archive`) decides which pages to write.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from ..i18n import N_, _, count
from .contract import Counted, Directory, Kind, ListedPaper, fenced
from .myst import escape

#: Names a kind's index lists at most, the most frequent: with the theme's
#: frame, a page well under the benchmark's bar on an HTML page's size
#: (``source/performance.md``). The others are found by search.
DIRECTORY_LIMIT = 500

#: How long a page's name may grow: a file name has a limit.
MAX_STEM = 48
#: Hex digits of the hash in a name's permanent page's name (:func:`permalink_stem`):
#: 48 bits, which tell names apart at a glance but not for certain, so
#: :func:`assign_stems` gives names whose hashes collide pages of their own.
HASH_DIGITS = 12
#: Each kind of name, the folder of its pages below the pages folder, and its heading.
KINDS = {"author": "authors", "affiliation": "affiliations", "category": "categories"}
#: The folder of authors' and affiliations' own pages below their kind's folder.
OWN_PAGES = "names"
#: Translated when a page is made (:func:`heading`).
HEADINGS = {"author": N_("Authors"), "affiliation": N_("Affiliations"), "category": N_("Categories")}


def heading(kind: str) -> str:
    """The heading of ``kind``'s pages in the interface's language: ``Authors``, ``作者``."""
    return _(HEADINGS[kind])


def all_of_kind(kind: str) -> str:
    """The link text back to ``kind``'s index: ``All authors``, ``全部作者``."""
    match kind:
        case "author":
            return _("All authors")
        case "affiliation":
            return _("All affiliations")
    return _("All categories")


# Listings repeat what the digest pages say: kept out of search, and out of
# any toctree (linked from the sidebar's index list and the directories).
FRONT_MATTER = ["---", "orphan: true", "nosearch: true", "---", ""]


@dataclass(frozen=True, order=True)
class Row:
    """One paper as a listing shows it: its digest's ``date``, citation ``key``, ``title``."""

    date: dt.date
    key: str
    title: str

    def paper(self) -> ListedPaper:
        return ListedPaper(date=self.date, key=self.key, title=self.title)


def month(date: dt.date) -> str:
    """The month of ``date`` as a category's pages of months are named: ``2021-04``."""
    return f"{date:%Y-%m}"


def anchor(kind: str, name: str) -> str:
    """The anchor of an author/affiliation/category on its page: ``author-S_Ganguli``.

    One name, one anchor, for good: letters and digits (``Bulò``, ``清华``),
    dots and hyphens are kept, a space becomes ``_`` and any other character
    ``~``, its code point in hex and ``~`` (``Xi~2019~an``), so names that
    differ in any character (``A B`` and ``A_B``) have different anchors.
    Names are compared as the parser writes them, with single spaces. An
    anchor holds nothing that an ``id``, a URL fragment or an attribute
    would have to escape, whatever the name holds.
    """
    body = "".join(
        char if char.isalnum() or char in ".-" else "_" if char == " " else f"~{ord(char):x}~"
        for char in " ".join(name.split())
    )
    return f"{kind}-{body}"


def filing_key(kind: str, name: str) -> str:
    """The key a name is filed under: folded to lower-case letters, digits and single spaces.

    Authors by surname first (``S Ganguli`` → ``ganguli s``), the rest as
    written. Accents are dropped (``Bulò`` → ``bulo``) so that a prefix
    gathers what a reader would look for together; any other character
    than a letter, a digit or a space is left out.
    """
    words = name.split()
    if kind == "author" and len(words) > 1:
        words = [words[-1], *words[:-1]]
    decomposed = unicodedata.normalize("NFKD", " ".join(words).casefold())
    kept = "".join(char for char in decomposed if char.isalnum() or char == " ")
    return " ".join(kept.split())


def page_stem(key: str) -> str:
    """The readable start of a name's page's name, from its :func:`filing_key`: ``wang_x``.

    A space is ``_`` and anything but ``a-z0-9`` ``~hex~``, cut at
    :data:`MAX_STEM` characters (a key never starts with a space, so no
    such name starts with ``_``).
    """
    stem = "".join(
        char if char in "abcdefghijklmnopqrstuvwxyz0123456789" else "_" if char == " " else f"~{ord(char):x}~"
        for char in key
    )
    return stem[:MAX_STEM].rstrip("~") or "~"


def permalink_stem(kind: str, name: str) -> str:
    """The name a name's permanent page would have: its key's start and a hash of the name as written.

    ``ganguli_s-3f0c…``: readable, and the same for a name in every build;
    the hash tells apart names that fold alike (``K Zhang``, ``k zhang``).
    Lower case only, so that no two differ only in case, on a file system
    that folds case too. The name the page gets is :func:`assign_stems`'s,
    which tells apart the rare names whose hashes collide.
    """
    digest = hashlib.sha256(" ".join(name.split()).encode("utf-8")).hexdigest()[:HASH_DIGITS]
    return f"{page_stem(filing_key(kind, name))[:40].rstrip('~')}-{digest}"


def own_page(pages_dir: str, kind: str, stem: str) -> str:
    """The path, as a docname, of an author's or affiliation's own page (``digests/authors/names/wang_x-…``).

    The builder writes it (it is no document); its year pages, for a name
    with many papers, are in the folder of the same name.
    """
    return f"{pages_dir}/{KINDS[kind]}/{OWN_PAGES}/{stem}"


def assign_stems(
    kind: str,
    first_seen: Mapping[str, dt.date] | Mapping[str, str],
    permalinks: Mapping[str, str] | None = None,
) -> dict[str, str]:
    """The name of each name's permanent page, one name a page: ``first_seen`` maps a name to its first day.

    A name has its :func:`permalink_stem` unless a name that came into the
    archive before it (by the day of its first paper, then as written) has
    it: then the next of ``-2``, ``-3``… that no name has. So a name keeps
    its page as the archive grows, in every build, and a name made to
    collide with another's hash takes a page of its own, never another's.
    ``permalinks`` may hold names' :func:`permalink_stem`, made before.
    """
    known = permalinks or {}
    stems: dict[str, str] = {}
    taken: set[str] = set()
    for name in sorted(first_seen, key=lambda name: (first_seen[name], name)):
        stem = preferred = known.get(name) or permalink_stem(kind, name)
        number = 1
        while stem.casefold() in taken:
            number += 1
            stem = f"{preferred}-{number}"
        taken.add(stem.casefold())
        stems[name] = stem
    return stems


def render_name_directory(kind: str, papers: Mapping[str, int]) -> str:
    """The index of ``kind``: its :data:`DIRECTORY_LIMIT` names with most papers first, and a filter box.

    ``papers`` gives each name of the kind its number of papers. Ties go by
    the filing order (:func:`filing_key`), so the page is the same in every
    build, and it changes only when a count on it does.
    """
    out = [*FRONT_MATTER, f"# {escape(heading(kind))}", ""]
    if not papers:
        return "\n".join([*out, escape(_("None yet.")), ""])
    # Only names with at least the count of the last one shown can be shown:
    # they alone are given a filing key (tens of thousands of names, some 500 shown).
    counts = sorted(papers.values(), reverse=True)
    least = counts[min(DIRECTORY_LIMIT, len(counts)) - 1]
    candidates = [name for name, number in papers.items() if number >= least]
    ranked = sorted(candidates, key=lambda name: (-papers[name], filing_key(kind, name), name))
    shown = ranked[:DIRECTORY_LIMIT]
    if len(shown) == len(papers):
        every = _("{names}, most papers first:")
    else:
        every = _("{names} in all; the {shown} with most papers first:")
    out += [escape(every.format(names=count(len(papers), kind), shown=len(shown))), ""]
    listed = [Counted(name=name, papers=papers[name]) for name in shown]
    out += fenced(Directory(kind=Kind(kind), names=listed, total=len(papers)))
    return "\n".join(out)


def listed_papers(rows: Sequence[Row]) -> list[ListedPaper]:
    """``rows`` for a directive's body, newest first."""
    return [row.paper() for row in sorted(rows, reverse=True)]
