"""The pages that list each author's, affiliation's and category's papers, bounded in size.

A reader who follows an author's name gets a page with that author's papers,
not an index of everyone. Authors (by surname) and affiliations are filed
in order and cut into pages of at most :data:`LIMIT` rows (a name, or one
of its papers) by content-defined chunking (:func:`pages_of`): where a page
starts depends on the name that starts it, so a new digest changes only the
pages of its own names and, now and then, splits one. A page therefore
stays bounded however large the archive grows; only a single name with
more than :data:`LIMIT` papers gets a larger page, and real authorship tops
out at a few hundred papers a person. Each kind's index links the first
page of each initial, and each page its neighbours.

Categories hold too many papers for one page each: a category's page lists
its months, and each month has a page of its papers (:mod:`.categories`).

Everything here is a pure function of the names and their papers; the
converter (:mod:`digest_archive.archive`) decides which pages to write.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import unicodedata
import zlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from ..i18n import N_, _, count
from .contract import Initial, Initials, Kind, ListedPaper, Named, Names, Papers, fenced
from .myst import escape

#: Rows (names plus papers) a page of authors or affiliations holds at most:
#: with the theme's frame, a page well under the benchmark's bar on an
#: HTML page's size (``source/performance.md``).
LIMIT = 500

#: Papers above which a name has pages of its own, by year, and a line on its page of names:
#: a university's papers outgrow any page.
HEAVY = LIMIT // 2

#: How long a page's name may grow: a file name has a limit.
MAX_STEM = 48
#: Hex digits of the hash in a name's permanent page's name (:func:`permalink_stem`):
#: 48 bits, which tell names apart at a glance but not for certain, so
#: :func:`assign_stems` gives names whose hashes collide pages of their own.
HASH_DIGITS = 12
#: Names no page of names may take in its folder: the folder's own index,
#: Sphinx's pages and the forwarding pages' folder. (The first page of a
#: kind is ``_all`` or ``_start``, which no name's page can be: no key
#: starts with a blank.)
RESERVED = frozenset({"index", "genindex", "search", "names"})

#: Each kind of name, the folder of its pages below the pages folder, and its heading.
KINDS = {"author": "authors", "affiliation": "affiliations", "category": "categories"}
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
    """A page's name from the key of its first name: ``wang_x``.

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
    Lower case only, so that no two differ only in case. The name the page
    gets is :func:`assign_stems`'s, which tells apart the rare names whose
    hashes collide. None equals a page of names' (:func:`page_stem` has no
    ``-`` but before a page's number, never of :data:`HASH_DIGITS` digits)
    or a reserved name.
    """
    digest = hashlib.sha256(" ".join(name.split()).encode("utf-8")).hexdigest()[:HASH_DIGITS]
    return f"{page_stem(filing_key(kind, name))[:40].rstrip('~')}-{digest}"


def assign_stems(kind: str, first_seen: Mapping[str, str]) -> dict[str, str]:
    """The name of each name's permanent page, one name a page: ``first_seen`` maps a name to its first day.

    A name has its :func:`permalink_stem` unless a name that came into the
    archive before it (by the day of its first paper, then as written) has
    it: then the next of ``-2``, ``-3``… that no name has. So a name keeps
    its page as the archive grows, in every build, and a name made to
    collide with another's hash takes a page of its own, never another's.
    """
    stems: dict[str, str] = {}
    taken: set[str] = set()
    for name in sorted(first_seen, key=lambda name: (first_seen[name], name)):
        stem = preferred = permalink_stem(kind, name)
        number = 1
        while stem.casefold() in taken:
            number += 1
            stem = f"{preferred}-{number}"
        taken.add(stem.casefold())
        stems[name] = stem
    return stems


@dataclass(frozen=True)
class NamePage:
    """One page of names: its file's stem, and its names in order."""

    stem: str
    names: tuple[str, ...]


def pages_of(kind: str, papers: Mapping[str, int], limit: int = LIMIT) -> list[NamePage]:
    """The pages of the names in ``papers`` (name → its number of papers), in order.

    Names are sorted by :func:`filing_key` and cut into runs by the names
    themselves, as content-defined chunking cuts a file (rsync, LBFS): a
    name starts a page when a hash of its key falls under its share of
    rows (its papers and itself) over a third of ``limit``, once the page
    holds a tenth of ``limit``; and a page is cut wherever it would outgrow
    ``limit``. So where a name starts a page depends on that name alone: a
    new name joins the page around it, and splits it only if it starts a
    page itself; a name only ever becomes a page start as its papers grow.
    Names with the same key stay together. A name with more than
    :data:`HEAVY` papers counts one row: its papers are on pages of its own
    (:func:`render_heavy_page`).

    The first page is ``_all`` while it is the only one and ``_start``
    after; every other page is named after its first name's key.
    """
    keyed = sorted((filing_key(kind, name), name) for name in papers)
    runs: list[list[str]] = []
    rows = 0
    previous = None
    for key, name in keyed:
        weight = 1 + (papers[name] if papers[name] <= HEAVY else 0)
        if (
            runs
            and key != previous
            and ((rows >= limit // 10 and _starts_page(key, weight, limit)) or rows + weight > limit)
        ):
            runs.append([])
            rows = 0
        if not runs:
            runs.append([])
        runs[-1].append(name)
        rows += weight
        previous = key
    pages: list[NamePage] = []
    # An affiliation "Index" must not take the folder's index page.
    used: set[str] = set(RESERVED)
    for index, names in enumerate(runs):
        stem = (
            ("_all" if len(runs) == 1 else "_start") if index == 0 else page_stem(filing_key(kind, names[0]))
        )
        unique, count = stem, 1
        while unique in used:  # names alike beyond MAX_STEM characters, or a reserved name
            count += 1
            unique = f"{stem}-{count}"
        used.add(unique)
        pages.append(NamePage(unique, tuple(names)))
    return pages


def _starts_page(key: str, weight: int, limit: int) -> bool:
    """Whether the name of ``key`` with ``weight`` rows may start a page: a hash under its share."""
    # CRC-32, not hash(): the same on every run and machine.
    return zlib.crc32(key.encode("utf-8")) < (1 << 32) * weight * 3 // limit


def _title_of(kind: str, stem: str, names: Sequence[str]) -> str:
    title = heading(kind)
    if stem == "_all":
        return title
    first, last = names[0], names[-1]
    if first == last:
        return _("{heading}: {name}").format(heading=title, name=first)
    return _("{heading}: {first} – {last}").format(heading=title, first=first, last=last)


def render_name_page(
    kind: str,
    page: NamePage,
    listed: Mapping[str, Sequence[Row]],
    stems: Mapping[str, str],
    neighbours: tuple[str | None, str | None] = (None, None),
) -> str:
    """``page`` of ``kind``: each name, in order, with its papers from ``listed`` newest first.

    ``stems`` names each name's permanent page (:func:`assign_stems`);
    ``neighbours`` are the stems of the pages before and after it.
    """
    light = [name for name in page.names if len(listed[name]) <= HEAVY]
    heavy = [name for name in page.names if len(listed[name]) > HEAVY]
    body = Names(
        kind=Kind(kind),
        names=[Named(name=name, stem=stems[name], papers=listed_papers(listed[name])) for name in light],
    )
    papers = sum(len(listed[name]) for name in page.names)
    previous, following = neighbours
    links = [f"[{escape(all_of_kind(kind))}](index.md)"]
    if previous:
        back = _("← previous page")
        links.insert(0, f"[{escape(back)}]({previous}.md)")
    if following:
        onward = _("next page →")
        links.append(f"[{escape(onward)}]({following}.md)")
    return "\n".join(
        [
            *FRONT_MATTER,
            f"# {escape(_title_of(kind, page.stem, page.names))}",
            "",
            escape(
                _("{names}, {papers}, each newest first.").format(
                    names=count(len(page.names), kind), papers=count(papers, "paper")
                )
            ),
            "",
            " · ".join(links),
            "",
            *(fenced(body) if body.names else []),
            *_heavy_lines(kind, heavy, listed, stems),
            " · ".join(links),
            "",
        ]
    )


def _heavy_lines(
    kind: str, heavy: Sequence[str], listed: Mapping[str, Sequence[Row]], stems: Mapping[str, str]
) -> list[str]:
    if not heavy:
        return []
    out = [escape(_("On pages of their own, by year ({names}):").format(names=count(len(heavy), kind))), ""]
    for name in heavy:
        out.append(f"- [{escape(name)}]({stems[name]}.md) ({count(len(listed[name]), 'paper')})")
    return [*out, ""]


def render_heavy_page(kind: str, name: str, stem: str, years: Mapping[str, int]) -> str:
    """The page ``stem`` of a name with more than :data:`HEAVY` papers: it registers it, links each year."""
    total = sum(years.values())
    by_year = _("{papers}, by year.").format(papers=count(total, "paper"))
    out = [*FRONT_MATTER, f"# {escape(name)}", "", escape(by_year), ""]
    out += fenced(Names(kind=Kind(kind), names=[Named(name=name, stem=stem)]))
    out.append(
        " · ".join(f"[{year}]({stem}/{year}.md) ({years[year]})" for year in sorted(years, reverse=True))
    )
    out += ["", f"[{escape(all_of_kind(kind))}](index.md)", ""]
    return "\n".join(out)


def render_heavy_year(kind: str, name: str, stem: str, year: str, rows: Sequence[Row]) -> str:
    """The papers of a name with pages of its own (``stem``), in ``year``, newest first."""
    title = _("{name}: {year}").format(name=name, year=year)
    back = _("All of {name}").format(name=name)
    return "\n".join(
        [
            *FRONT_MATTER,
            f"# {escape(title)}",
            "",
            escape(_("{papers}, newest first.").format(papers=count(len(rows), "paper"))),
            f"[{escape(back)}](../{stem}.md)",
            "",
            *fenced(Papers(papers=listed_papers(rows))),
        ]
    )


def render_name_directory(kind: str, pages: Sequence[NamePage]) -> str:
    """The index of ``kind``: for each initial, a link to its first name.

    Its length grows with the initials, not the names; it links names, not
    pages (``{digest:initials}``), so it changes only when a name becomes
    the first of its initial.
    """
    out = [*FRONT_MATTER, f"# {escape(heading(kind))}", ""]
    if not pages:
        return "\n".join([*out, escape(_("None yet.")), ""])
    firsts: dict[str, str] = {}
    for page in pages:
        for name in page.names:
            firsts.setdefault(filing_key(kind, name)[:1].upper() or "#", name)
    if kind == "author":
        every = _("Every author, with their papers, by the first letter of their surname:")
    else:
        every = _("Every affiliation, with its papers, by the first letter of its name:")
    out += [escape(every), ""]
    initials = [Initial(letter=letter, name=name) for letter, name in firsts.items()]
    out += fenced(Initials(kind=Kind(kind), initials=initials))
    return "\n".join(out)


def listed_papers(rows: Sequence[Row]) -> list[ListedPaper]:
    """``rows`` for a directive's body, newest first."""
    return [row.paper() for row in sorted(rows, reverse=True)]
