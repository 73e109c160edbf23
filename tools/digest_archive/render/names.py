"""The pages that list each author's, affiliation's and category's papers, bounded in size.

A reader who follows an author's name gets a page with that author's papers,
not an index of everyone. Authors and affiliations are listed on the page
of a prefix of their sort key (``authors/wan`` for every ``… Wang`` and
``… Wanner``). The prefixes are the leaves of a trie over every key in
which a leaf holds at most :data:`LIMIT` rows (a name, or one of its
papers): a prefix whose names outgrow it is split by the next character.
A page therefore stays bounded however large the archive grows, and a new
digest changes only the pages of its own names (and, rarely, splits one).
Only a single name with more than :data:`LIMIT` papers gets a larger page;
real authorship tops out at a few hundred papers a person.

Categories hold too many papers for one page each: a category's page lists
its months, and each month has a page of its papers.

Everything here is a pure function of the names and their papers; the
converter (:mod:`digest_archive.archive`) decides which pages to write.
"""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from itertools import accumulate, groupby

from ..text.categories import CATEGORY_NAMES, full_codes
from .myst import MONTHS, count, escape

#: Rows (names plus papers) a page of authors or affiliations holds at most:
#: about 150 KB of HTML with the theme's frame, half the benchmark's bar.
LIMIT = 500

#: How long a page's name may grow before its prefix is split no further:
#: names this alike are not real, and a file name has a limit.
MAX_STEM = 64

#: Each kind of name, the folder of its pages below the pages folder, and its heading.
KINDS = {"author": "authors", "affiliation": "affiliations", "category": "categories"}
HEADINGS = {"author": "Authors", "affiliation": "Affiliations", "category": "Categories"}

# Listings repeat what the digest pages say: kept out of search, and out of
# any toctree (linked from the sidebar's index list and the directories).
_FRONT_MATTER = ["---", "orphan: true", "nosearch: true", "---", ""]


@dataclass(frozen=True, order=True)
class Row:
    """One paper as a listing shows it: ``date`` (ISO), citation ``key``, ``title``."""

    date: str
    key: str
    title: str


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


def sort_key(name: str) -> tuple[str, str]:
    """Authors sort by surname (the last word), then by the whole name."""
    return (name.split()[-1].casefold() if name.split() else "", name.casefold())


def trie_key(kind: str, name: str) -> str:
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


def page_stem(prefix: str) -> str:
    """A prefix's page name: ``wan``; a space is ``_``, anything but ``a-z0-9`` ``~hex~``.

    The whole archive's names, while they fit on one page, are on ``_all``
    (a key never starts with a space, so no prefix is written ``_…``).
    """
    if not prefix:
        return "_all"
    return "".join(
        char if char in "abcdefghijklmnopqrstuvwxyz0123456789" else "_" if char == " " else f"~{ord(char):x}~"
        for char in prefix
    )


def pages_of(kind: str, papers: Mapping[str, int], limit: int = LIMIT) -> dict[str, str]:
    """The page stem of each name in ``papers`` (name → its number of papers).

    The leaves of a trie over :func:`trie_key`: a prefix with at most
    ``limit`` rows is a page; a larger one is split by the next character,
    and the names whose key is the prefix itself keep its page. A page name
    stops growing at :data:`MAX_STEM` characters, whatever the names share.
    """
    keyed = sorted((trie_key(kind, name), name) for name in papers)
    # Rows before each position: a range's weight in one subtraction.
    before = [0, *accumulate(1 + papers[name] for _, name in keyed)]
    pages: dict[str, str] = {}
    # Iterative, so that a crafted chain of names cannot run out of stack.
    pending = [("", 0, len(keyed))] if keyed else []
    while pending:
        prefix, start, stop = pending.pop()
        first, last = keyed[start][0], keyed[stop - 1][0]
        if before[stop] - before[start] <= limit or first == last or len(page_stem(prefix)) >= MAX_STEM:
            for _, name in keyed[start:stop]:
                pages[name] = page_stem(prefix)
            continue
        index = start
        while len(keyed[index][0]) == len(prefix):  # the prefix itself
            pages[keyed[index][1]] = page_stem(prefix)
            index += 1
        # Sorted keys: what the first and the last share, all between share.
        depth = _shared(keyed[index][0], last)
        while len(page_stem(last[:depth])) > MAX_STEM:
            depth -= 1
        if depth > len(prefix):
            pending.append((last[:depth], index, stop))
            continue
        while index < stop:
            char = keyed[index][0][depth]
            end = index
            while end < stop and keyed[end][0][depth] == char:
                end += 1
            pending.append((prefix + char, index, end))
            index = end
    return pages


def _title_of(kind: str, stem: str, names: Sequence[str]) -> str:
    heading = HEADINGS[kind]
    if stem == "_all":
        return heading
    first, last = names[0], names[-1]
    return f"{heading}: {first}" if first == last else f"{heading}: {first} – {last}"


def render_name_page(kind: str, stem: str, listed: Mapping[str, Sequence[Row]]) -> str:
    """The page ``stem`` of ``kind``: each name of ``listed``, in order, with its papers newest first."""
    names = sorted(listed, key=sort_key if kind == "author" else str.casefold)
    body = [[name, [_row(row) for row in sorted(listed[name], reverse=True)]] for name in names]
    papers = sum(len(listed[name]) for name in names)
    return "\n".join(
        [
            *_FRONT_MATTER,
            f"# {escape(_title_of(kind, stem, names))}",
            "",
            f"{count(len(names), kind)}, {count(papers, 'paper')}, each newest first.",
            f"[All {HEADINGS[kind].lower()}](index.md)",
            "",
            f"```{{digest:names}} {kind}",
            _json(body),
            "```",
            "",
        ]
    )


def render_name_directory(kind: str, stems: Iterable[str]) -> str:
    """The index of ``kind``'s pages: a link to each, by first letter.

    It changes only when a page is added or split, not with every paper.
    """
    ordered = sorted(set(stems), key=_shown)
    out = [*_FRONT_MATTER, f"# {HEADINGS[kind]}", ""]
    if not ordered:
        return "\n".join([*out, f"No {kind} yet.", ""])
    if ordered == ["_all"]:
        return "\n".join([*out, f"[Every {kind}, with their papers](_all.md)", ""])
    out += [f"By the first letters of their {'surname' if kind == 'author' else 'name'}:", ""]
    for letter, stems_ in groupby(ordered, key=lambda stem: _shown(stem)[:1]):
        links = " · ".join(f"[{escape(_shown(stem))}…]({stem}.md)" for stem in stems_)
        out += [f"- **{escape(letter)}** {links}"]
    out.append("")
    return "\n".join(out)


def _shown(stem: str) -> str:
    """A page stem as a reader reads it: ``wan`` → ``Wan``, ``_all`` (names without letters) ``#``."""
    if stem == "_all":
        return "#"
    text, index = [], 0
    while index < len(stem):
        if stem[index] == "~":
            end = stem.index("~", index + 1)
            text.append(chr(int(stem[index + 1 : end], 16)))
            index = end + 1
        else:
            text.append(" " if stem[index] == "_" else stem[index])
            index += 1
    return "".join(text).capitalize()


def category_stem(category: str) -> str:
    """A category's folder and page name: its anchor's body (``LG``, ``cs.LG``).

    The parser takes a category only as a letter and up to 39 letters,
    digits, dots and hyphens; a leading dot is encoded all the same, so
    that no category can name a hidden file or a parent folder.
    """
    stem = anchor("category", category).removeprefix("category-")
    return stem if stem[:1].isalnum() else f"~{ord(stem[0]):x}~{stem[1:]}" if stem else "~"


def render_category_page(category: str, months: Mapping[str, int]) -> str:
    """A category's page: it registers the category, and links each month (``YYYY-MM``) with its papers."""
    stem = category_stem(category)
    codes = full_codes(category)
    name = CATEGORY_NAMES[codes[0]] if codes else ""
    title = f"{category}: {codes[0]}, {name}" if name and name != codes[0] else category
    total = sum(months.values())
    out = [*_FRONT_MATTER, f"# {escape(title)}", "", f"{count(total, 'paper')}, by month.", ""]
    out += ["```{digest:names} category", _json([[category, []]]), "```", ""]
    for year, items in groupby(sorted(months, reverse=True), key=lambda month: month[:4]):
        links = " · ".join(
            f"[{MONTHS[int(month[5:7]) - 1][:3]}]({stem}/{month}.md) ({months[month]})" for month in items
        )
        out.append(f"- **{year}** {links}")
    out += ["", "[All categories](index.md)", ""]
    return "\n".join(out)


def render_category_month(category: str, month: str, rows: Sequence[Row]) -> str:
    """The papers of ``category`` in ``month`` (``YYYY-MM``), newest first."""
    label = f"{MONTHS[int(month[5:7]) - 1]} {month[:4]}"
    body = [_row(row) for row in sorted(rows, reverse=True)]
    return "\n".join(
        [
            *_FRONT_MATTER,
            f"# {escape(category)}: {label}",
            "",
            f"{count(len(rows), 'paper')}, newest first.",
            f"[All of {escape(category)}](../{category_stem(category)}.md)",
            "",
            "```{digest:papers}",
            _json(body),
            "```",
            "",
        ]
    )


def render_category_directory(counts: Mapping[str, int]) -> str:
    """Every category with its number of papers."""
    out = [*_FRONT_MATTER, "# Categories", ""]
    for category in sorted(counts, key=str.casefold):
        papers = count(counts[category], "paper")
        out.append(f"- [{escape(category)}]({category_stem(category)}.md) ({papers})")
    out.append("")
    return "\n".join(out)


def _row(row: Row) -> list[str]:
    return [row.date, row.key, row.title]


def _shared(first: str, last: str) -> int:
    """How many leading characters ``first`` and ``last`` share."""
    for index, (a, b) in enumerate(zip(first, last, strict=False)):
        if a != b:
            return index
    return min(len(first), len(last))


def _json(value: object) -> str:
    # One line of ASCII (every other character escaped, U+2028 too), so no
    # line of a directive's body can close its fence.
    return json.dumps(value, separators=(",", ":"))
