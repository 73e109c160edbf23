"""The listing pages' directives: each name with its papers, and a month's papers.

The converter writes these pages (:mod:`digest_archive.render.names`);
``{digest:names} KIND`` declares the authors, affiliations or categories of
its JSON body to the domain, on that page under their anchors, so that
roles, cards and ``objects.inv`` point at them; ``{digest:papers}`` lists
papers only, ``{digest:initials} KIND`` links each initial to a name, and
``{digest:latest}`` lists the newest digests as the page is written.
Every paper and name is a reference, resolved as the roles' are; the body
is data, never markup.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, ClassVar, cast

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective
from sphinx.util.nodes import make_refnode

from ..render.myst import count
from ..render.names import KINDS, anchor

if TYPE_CHECKING:
    from .domain import DigestDomain


def setup(app: Sphinx) -> None:
    app.add_directive_to_domain("digest", "names", NamesDirective)
    app.add_directive_to_domain("digest", "papers", PapersDirective)
    app.add_directive_to_domain("digest", "initials", InitialsDirective)
    app.add_directive_to_domain("digest", "latest", LatestDirective)
    app.add_node(latest_digests)
    app.connect("doctree-resolved", _list_latest_digests)


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


#: The class of the latest digests' list, which search leaves out.
LATEST_CLASS = "digest-latest"


class latest_digests(nodes.General, nodes.Element):  # docutils names node classes in lower case
    """Where ``{digest:latest}`` lists the newest digests, filled in as the page is written."""


class LatestDirective(SphinxDirective):
    """``{digest:latest}``: the newest digests, each with its papers' count and first title.

    The list is made from the domain's papers as the page is written, not
    as it is read: a page that holds it must be written whenever a digest
    is added. The root page is (it is the parent of the archive's index in
    the toctree, and Sphinx writes a parent with its changed children).
    """

    option_spec: ClassVar[dict[str, Callable[[str], Any]]] = {"count": directives.positive_int}

    def run(self) -> list[nodes.Node]:
        return [latest_digests(count=self.options.get("count", 7))]


def _list_latest_digests(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    found = list(doctree.findall(latest_digests))
    if not found:
        return
    domain = cast("DigestDomain", app.env.domains["digest"])
    # Papers are noted in the order of their page, so a page's first is its first entry.
    digests: dict[str, list[str]] = {}
    dates: dict[str, str] = {}
    for paper in domain.papers.values():
        digests.setdefault(paper.docname, []).append(paper.title)
        dates[paper.docname] = paper.date
    for node in found:
        newest = sorted(digests, key=lambda page: dates[page], reverse=True)[: node["count"]]
        listed = nodes.bullet_list(classes=[LATEST_CLASS])
        for page in newest:
            link = nodes.inline(dates[page], dates[page])
            item = nodes.paragraph("", "", make_refnode(app.builder, docname, page, "", link, dates[page]))
            item += nodes.Text(f" ({count(len(digests[page]), 'paper')}): {digests[page][0]}, …")
            listed += nodes.list_item("", item)
        node.replace_self(listed if newest else nodes.paragraph("", "No digest yet."))
