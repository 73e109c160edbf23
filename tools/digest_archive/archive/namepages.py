"""Which pages of names a conversion writes again, and their text: authors', affiliations', categories'.

A page of names is rendered again only when it holds a name the run
touched (:func:`~digest_archive.archive.plan.touched`), when its place in
the layout moved (its names or its neighbours), when a name on it was
given another permanent page, or when it is missing; every other page is
kept as it is, so one more digest writes the pages of its own names.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import cast

from ..render.categories import (
    category_stem,
    render_category_directory,
    render_category_month,
    render_category_page,
)
from ..render.names import (
    HEAVY,
    KINDS,
    NamePage,
    Row,
    permalink_stem,
    render_heavy_page,
    render_heavy_year,
    render_name_directory,
    render_name_page,
)
from .plan import Names, Touched


@dataclass(frozen=True)
class NamePages:
    """The pages of names of a run, one at a time, and what the manifest keeps of them for the next."""

    #: Each page's path below the pages folder, and its text; None where it is kept as it is.
    pages: Iterator[tuple[str, str | None]]
    #: Each kind's pages as :func:`_signatures` gives them.
    layout: dict[str, list[Signature]]
    #: Each kind's names whose permanent page is not their hash's (:func:`_contested`).
    contested: dict[str, dict[str, str]]


def name_pages(
    names: Names,
    hit: Touched,
    layout_before: Mapping[str, list[Signature]],
    contested_before: Mapping[str, Mapping[str, str]],
    known: Callable[[str], bool],
) -> NamePages:
    """The pages of ``names``: those ``hit`` touches, or whose layout or names' pages moved, rendered.

    ``layout_before`` and ``contested_before`` are what the last run's
    manifest kept; ``known`` says whether a page was written with a
    fingerprint and is still there.
    """
    layout = {kind: _signatures(name_pages) for kind, name_pages in names.pages.items()}
    contested = {kind: _contested(kind, stems) for kind, stems in names.stems.items()}
    for kind, now in contested.items():
        # A name whose permanent page moved (a name of an earlier day took its
        # hash's page) is listed again, with its new page, on its listing pages.
        before = contested_before.get(kind, {})
        hit.names[kind].update(
            name for name in now.keys() | before.keys() if now.get(name) != before.get(name)
        )
    return NamePages(_name_pages(names, hit, layout_before, layout, known), layout, contested)


def _heavy_pages(kind: str, name: str, stem: str, rows: list[Row], render: bool) -> dict[str, str | None]:
    """The pages of a name with more than :data:`HEAVY` papers, its own (``stem``) and one a year.

    Unless ``render``, each is None: only their names are worked out.
    """
    folder = f"{KINDS[kind]}/{stem}"
    years: dict[str, list[Row]] = {}
    for row in rows:
        years.setdefault(str(row.date.year), []).append(row)
    if not render:
        return dict.fromkeys([f"{folder}.md", *(f"{folder}/{year}.md" for year in years)])
    pages: dict[str, str | None] = {
        f"{folder}.md": render_heavy_page(kind, name, stem, {year: len(rows) for year, rows in years.items()})
    }
    pages.update(
        {
            f"{folder}/{year}.md": render_heavy_year(kind, name, stem, year, rows)
            for year, rows in years.items()
        }
    )
    return pages


def _contested(kind: str, stems: Mapping[str, str]) -> dict[str, str]:
    """The names whose permanent page is not the one their hash gives: another name has that one."""
    return {name: stem for name, stem in stems.items() if stem != permalink_stem(kind, name)}


#: A page of names as the manifest's layout keeps it: the stems before it,
#: of it and after it, its first and last names, and how many names it has.
Signature = list[str | int | None]


def _signatures(pages: list[NamePage]) -> list[Signature]:
    stems = [None, *(page.stem for page in pages), None]
    return [
        [stems[index], page.stem, stems[index + 2], page.names[0], page.names[-1], len(page.names)]
        for index, page in enumerate(pages)
    ]


def _name_pages(
    names: Names,
    hit: Touched,
    before: Mapping[str, list[Signature]],
    layout: Mapping[str, list[Signature]],
    known: Callable[[str], bool],
) -> Iterator[tuple[str, str | None]]:
    """The pages of authors, affiliations and categories, with their directories, one at a time.

    A page is rendered when it holds a name ``hit`` names, when its
    signature in ``layout`` differs from the one in the last run's layout
    ``before`` (its names or its neighbours moved), or when it is not
    ``known`` (not written with a fingerprint and still there); otherwise
    its text is None, unchanged. Every page of a name is given, so a page
    the archive no longer has is deleted.
    """
    for kind, name_pages in names.pages.items():
        previous = {signature[1]: signature for signature in before.get(kind, [])}
        for page, signature in zip(name_pages, layout[kind], strict=True):
            path = f"{KINDS[kind]}/{page.stem}.md"
            render = previous.get(page.stem) != signature or not known(path)
            if render or not hit.names[kind].isdisjoint(page.names):
                neighbours = (cast("str | None", signature[0]), cast("str | None", signature[2]))
                yield path, render_name_page(kind, page, names.rows[kind], names.stems[kind], neighbours)
            else:
                yield path, None
        yield f"{KINDS[kind]}/index.md", render_name_directory(kind, name_pages)
        for name, rows in names.rows[kind].items():
            if len(rows) > HEAVY:
                stem = names.stems[kind][name]
                heavy = _heavy_pages(kind, name, stem, rows, render=False)
                render = name in hit.names[kind] or not all(known(path) for path in heavy)
                yield from (_heavy_pages(kind, name, stem, rows, render=True) if render else heavy).items()
    for category, months in names.months.items():
        stem = category_stem(category)
        changed = hit.months.get(category, set())
        path = f"categories/{stem}.md"
        counts = {month: len(rows) for month, rows in months.items()}
        yield path, render_category_page(category, counts) if changed or not known(path) else None
        for month, rows in months.items():
            path = f"categories/{stem}/{month}.md"
            render = month in changed or not known(path)
            yield path, render_category_month(category, month, rows) if render else None
    totals = {
        category: sum(len(rows) for rows in months.values()) for category, months in names.months.items()
    }
    yield "categories/index.md", render_category_directory(totals)
