"""The addresses a name's page links (papers, names, categories, index, years, feed), relative to it."""

from __future__ import annotations

import functools
import posixpath
from collections.abc import Callable

from sphinx.builders.html import StandaloneHTMLBuilder

from ...render.categories import category_stem
from ...render.namepage import Links
from ...render.names import KINDS, own_page
from ...render.profiles import Listed
from ..domain import digest_domain


def name_links(
    builder: StandaloneHTMLBuilder, pagename: str, kind: str, stem: str, feed: str | None
) -> Links:
    """The links of page ``pagename`` of the name of ``kind`` whose page is ``stem``.

    ``feed`` is the name's feed below the output folder, None when it has none.
    """
    pages_dir = builder.config.digest_pages_dir
    to = _relative_to(posixpath.dirname(builder.get_target_uri(pagename)))
    stems = digest_domain(builder.env).name_stems

    def paper(listed: Listed) -> str:
        return f"{to(builder.get_target_uri(listed.docname))}#{listed.key}"

    def name(other_kind: str, other: str) -> str:
        return to(builder.get_target_uri(own_page(pages_dir, other_kind, stems[other_kind][other])))

    def category(code: str) -> str:
        return to(builder.get_target_uri(f"{pages_dir}/categories/{category_stem(code)}"))

    def year(number: int) -> str:
        return to(builder.get_target_uri(f"{own_page(pages_dir, kind, stem)}/{number}"))

    return Links(
        paper=paper,
        name=name,
        category=category,
        index=to(builder.get_target_uri(f"{pages_dir}/{KINDS[kind]}/index")),
        year=year,
        feed=to(feed) if feed is not None else "",
    )


@functools.cache
def _relative_to(here: str) -> Callable[[str], str]:
    """Paths below the output folder as seen from its folder ``here``, each target's folder once."""

    @functools.cache
    def folder(target: str) -> str:
        if not here:
            return f"{target}/" if target else ""
        relative = posixpath.relpath(target or ".", here)
        return "" if relative == "." else f"{relative}/"

    def to(target: str) -> str:
        parent, _slash, base = target.rpartition("/")
        return f"{folder(parent)}{base}"

    return to
