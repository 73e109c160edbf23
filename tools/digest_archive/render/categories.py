"""The pages of categories: each category's page of months, each month's papers, and their index.

Pure functions of the counts and rows the converter gathers, as the
pages of authors and affiliations are (:mod:`.names`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from itertools import groupby

from ..i18n import _, count, month_of_year, short_month
from ..text.categories import CATEGORY_NAMES, full_codes
from .contract import Kind, Named, Names, Papers, fenced
from .myst import escape
from .names import FRONT_MATTER, Row, all_of_kind, anchor, heading, listed_papers


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
    by_month = _("{papers}, by month.").format(papers=count(total, "paper"))
    out = [*FRONT_MATTER, f"# {escape(title)}", "", escape(by_month), ""]
    out += fenced(Names(kind=Kind.CATEGORY, names=[Named(name=category, stem=stem)]))
    for year, items in groupby(sorted(months, reverse=True), key=lambda month: month[:4]):
        links = " · ".join(
            f"[{short_month(int(month[5:7]))}]({stem}/{month}.md) ({months[month]})" for month in items
        )
        out.append(f"- **{year}** {links}")
    out += ["", f"[{escape(all_of_kind('category'))}](index.md)", ""]
    return "\n".join(out)


def render_category_month(category: str, month: str, rows: Sequence[Row]) -> str:
    """The papers of ``category`` in ``month`` (``YYYY-MM``), newest first."""
    title = _("{name}: {month}").format(name=category, month=month_of_year(int(month[:4]), int(month[5:7])))
    back = _("All of {name}").format(name=category)
    return "\n".join(
        [
            *FRONT_MATTER,
            f"# {escape(title)}",
            "",
            escape(_("{papers}, newest first.").format(papers=count(len(rows), "paper"))),
            f"[{escape(back)}](../{category_stem(category)}.md)",
            "",
            *fenced(Papers(papers=listed_papers(rows))),
        ]
    )


def render_category_directory(counts: Mapping[str, int]) -> str:
    """Every category with its number of papers."""
    out = [*FRONT_MATTER, f"# {escape(heading('category'))}", ""]
    for category in sorted(counts, key=str.casefold):
        papers = count(counts[category], "paper")
        out.append(f"- [{escape(category)}]({category_stem(category)}.md) ({papers})")
    out.append("")
    return "\n".join(out)
