"""Which pages of names a conversion writes again, and their text: the indices of names, categories' pages.

An author's or an affiliation's own page is not the converter's: the
Sphinx builder writes it from the papers that name it
(:mod:`digest_archive.sphinxext.names.pages`). The converter writes each
kind's index (its most frequent names, a page bounded however large the
archive grows) and every category's pages. A category's page of a month
is rendered again only when the run touched that month
(:func:`~digest_archive.archive.plan.touched`) or when it is missing;
every other page is kept as it is, so one more digest writes the pages of
its own category's month.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from ..render.categories import (
    category_stem,
    render_category_directory,
    render_category_month,
    render_category_page,
)
from ..render.names import KINDS, render_name_directory
from .plan import Names, Touched


def name_pages(names: Names, hit: Touched, known: Callable[[str], bool]) -> Iterator[tuple[str, str | None]]:
    """The pages of names, each with its text, or None where it is kept as it is, one at a time.

    ``known`` says whether a page was written with a fingerprint and is
    still there. Every page of a name is given, so a page the archive no
    longer has is deleted.
    """
    for kind, rows in names.rows.items():
        yield (
            f"{KINDS[kind]}/index.md",
            render_name_directory(kind, {name: len(row) for name, row in rows.items()}),
        )
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
