"""The listing pages' directives: each name with its papers, and a month's papers.

The converter writes these pages (:mod:`digest_archive.render.names`);
``{digest:names} KIND`` declares the authors, affiliations or categories of
its JSON body to the domain, on that page under their anchors, so that
roles, cards and ``objects.inv`` point at them; ``{digest:papers}`` lists
papers only, and ``{digest:initials} KIND`` links each initial to a name.
Every paper and name is a reference, resolved as the roles' are; the body
is data, never markup.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any, cast

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective

from ..render.names import KINDS, anchor

if TYPE_CHECKING:
    from .domain import DigestDomain


def setup(app: Sphinx) -> None:
    app.add_directive_to_domain("digest", "names", NamesDirective)
    app.add_directive_to_domain("digest", "papers", PapersDirective)
    app.add_directive_to_domain("digest", "initials", InitialsDirective)


class _ListingDirective(SphinxDirective):
    has_content = True

    def body(self) -> Any:
        try:
            return json.loads("\n".join(self.content))
        except ValueError as error:
            raise self.error(f"{self.name}: the body is not the converter's JSON ({error})") from None

    def papers(self, rows: Any) -> nodes.bullet_list:
        """A list of papers, each ``[date, key, title]``: the title links to the entry."""
        listed = nodes.bullet_list(classes=["digest-papers"])
        for date, key, title in rows:
            ref = addnodes.pending_xref(
                "", refdomain="digest", reftype="paper", reftarget=str(key), refexplicit=True
            )
            ref += nodes.inline(str(title), str(title), classes=["xref", "digest", "digest-paper"])
            listed += nodes.list_item("", nodes.paragraph("", "", ref, nodes.Text(f" ({date})")))
        return listed


class NamesDirective(_ListingDirective):
    """``{digest:names} KIND`` with ``[[name, [[date, key, title], ...]], ...]`` as its body."""

    required_arguments = 1

    def run(self) -> list[nodes.Node]:
        kind = self.arguments[0]
        if kind not in KINDS:
            raise self.error(f"digest:names: no kind of name {kind!r} (one of {', '.join(KINDS)})")
        domain = cast("DigestDomain", self.env.domains["digest"])
        listed = nodes.definition_list(classes=["digest-names"])
        out: list[nodes.Node] = []
        for name, rows in self.body():
            name = str(name)
            domain.note_name(kind, name, self.env.docname)
            if not rows:  # a category's page: its months follow, as links
                out.append(nodes.container(ids=[anchor(kind, name)], classes=["digest-name"]))
                continue
            term = nodes.term(name, name, ids=[anchor(kind, name)])
            listed += nodes.definition_list_item("", term, nodes.definition("", self.papers(rows)))
        return [*out, listed] if listed.children else out


class PapersDirective(_ListingDirective):
    """``{digest:papers}`` with ``[[date, key, title], ...]`` as its body."""

    def run(self) -> list[nodes.Node]:
        return [self.papers(self.body())]


class InitialsDirective(_ListingDirective):
    """``{digest:initials} KIND`` with ``[[initial, name], ...]``: each initial links to its name."""

    required_arguments = 1

    def run(self) -> list[nodes.Node]:
        kind = self.arguments[0]
        if kind not in KINDS:
            raise self.error(f"digest:initials: no kind of name {kind!r} (one of {', '.join(KINDS)})")
        line = nodes.paragraph(classes=["digest-initials"])
        for initial, name in self.body():
            if line.children:
                line += nodes.Text(" · ")
            ref = addnodes.pending_xref(
                "", refdomain="digest", reftype=kind, reftarget=str(name), refexplicit=True
            )
            ref += nodes.inline(str(initial), str(initial), classes=["xref", "digest", f"digest-{kind}"])
            line += ref
        return [line]
