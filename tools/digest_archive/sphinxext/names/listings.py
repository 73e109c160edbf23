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

from collections.abc import Callable

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.builders import Builder
from sphinx.util.docutils import SphinxDirective
from sphinx.writers.html5 import HTML5Translator

from ...render.contract import DOMAIN, Directive, Initials, ListedPaper, Named, Names, Papers, Read, read
from ...render.escaping import escape
from ...render.myst import page_path
from ...render.names import anchor
from ..domain import digest_domain


def setup(app: Sphinx) -> None:
    app.add_node(paper_list, html=(visit_paper_list_html, None))
    app.connect("doctree-resolved", _expand_paper_lists)
    app.add_directive_to_domain(DOMAIN, Directive.NAMES, NamesDirective)
    app.add_directive_to_domain(DOMAIN, Directive.PAPERS, PapersDirective)
    app.add_directive_to_domain(DOMAIN, Directive.INITIALS, InitialsDirective)


class paper_list(nodes.General, nodes.Element):  # docutils names node classes in lower case
    """Papers listed by name (``kind`` set) or on their own, with their data as attributes.

    ``kind`` (``author``, ``affiliation``, ``category``, or empty for one
    unnamed list), ``names`` (each a :class:`~digest_archive.render.contract.Named`,
    its papers newest first; one without a name for an unnamed list) and
    ``pages`` (the pages folder, where each paper's digest page is).
    A page of names holds hundreds of them: like the paper cards, the
    list is one node in the doctree, written by :func:`visit_paper_list_html`
    in one go and expanded into ordinary nodes (:func:`list_nodes`) for
    every other builder.
    """


#: Where a paper's entry is, from the page being written: ``(docname, key)`` to a URI.
PaperLink = Callable[[str, str], str]


def list_nodes(node: paper_list, link: PaperLink) -> list[nodes.Node]:
    """The list as ordinary nodes: a definition list of names, or a bullet list of papers."""
    kind, pages = node["kind"], node["pages"]

    def papers(rows: list[ListedPaper]) -> nodes.bullet_list:
        listed = nodes.bullet_list(classes=["digest-papers"])
        for row in rows:
            title, date = row.title, row.date.isoformat()
            shown = nodes.inline(title, title, classes=["xref", "digest", "digest-paper"])
            uri = link(f"{pages}/{page_path(row.date)}", row.key)
            ref = nodes.reference("", "", shown, refuri=uri, internal=True, reftitle=title)
            listed += nodes.list_item("", nodes.paragraph("", "", ref, nodes.Text(f" ({date})")))
        return listed

    if not kind:
        return [papers(node["names"][0].papers)]
    listed = nodes.definition_list(classes=["digest-names"])
    for named in node["names"]:
        term = nodes.term(named.name, named.name, ids=[anchor(kind, named.name)])
        listed += nodes.definition_list_item("", term, nodes.definition("", papers(named.papers)))
    return [listed]


def visit_paper_list_html(translator: HTML5Translator, node: paper_list) -> None:
    """Write the list as Sphinx's HTML writer writes :func:`list_nodes`, in one go.

    Every value is the digest's, so every attribute, URL and text goes
    through :func:`~digest_archive.render.escaping.escape`, which escapes as the writer does
    (``tests/test_hostile.py`` compares the two writings).
    """
    link = paper_links(translator.builder, translator.builder.current_docname)
    pages = node["pages"]

    def item(row: ListedPaper) -> str:
        uri = link(f"{pages}/{page_path(row.date)}", row.key)
        return (
            f'<li><p><a class="reference internal" href="{escape(uri)}" title="{escape(row.title)}">'
            f'<span class="xref digest digest-paper">{escape(row.title, attribute=False)}</span></a>'
            f" ({row.date.isoformat()})</p></li>\n"
        )

    def papers(rows: list[ListedPaper]) -> str:
        items = "".join(item(row) for row in rows)
        return f'<ul class="digest-papers simple">\n{items}</ul>\n'

    if not node["kind"]:
        translator.body.append(papers(node["names"][0].papers))
        raise nodes.SkipNode
    kind = node["kind"]
    body = ['<dl class="simple digest-names">\n']
    for named in node["names"]:
        term = f'<dt id="{escape(anchor(kind, named.name))}">{escape(named.name, attribute=False)}</dt>'
        body.append(f"{term}<dd>{papers(named.papers)}</dd>\n")
    body.append("</dl>\n")
    translator.body.append("".join(body))
    raise nodes.SkipNode


def paper_links(builder: Builder, here: str) -> PaperLink:
    """Each paper's entry as a URI relative to ``here``, the page being written."""
    uris: dict[str, str] = {}

    def link(docname: str, key: str) -> str:
        if docname not in uris:
            uris[docname] = builder.get_relative_uri(here, docname)
        return f"{uris[docname]}#{key}"

    return link


def _expand_paper_lists(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    # The HTML writer writes each list as it goes; every other builder gets the nodes.
    if app.builder.format != "html":
        link = paper_links(app.builder, docname)
        for node in list(doctree.findall(paper_list)):
            node.replace_self(list_nodes(node, link))


class _ListingDirective(SphinxDirective):
    has_content = True

    def body(self, model: type[Read]) -> Read:
        try:
            return read(model, self.content)
        except ValueError as error:
            raise self.error(f"{self.name}: {error}") from None

    def paper_list(self, kind: str, names: list[Named]) -> paper_list:
        return paper_list(kind=kind, names=names, pages=self.config.digest_pages_dir)


class NamesDirective(_ListingDirective):
    """``{digest:names}`` with its :class:`~digest_archive.render.contract.Names` as its body.

    Each name is declared with its permanent page's stem (:mod:`.permalinks`).
    """

    def run(self) -> list[nodes.Node]:
        body = self.body(Names)
        kind = str(body.kind)
        domain = digest_domain(self.env)
        listed, out = [], []
        for named in body.names:
            domain.note_name(kind, named.name, self.env.docname, named.stem)
            if named.papers:
                listed.append(named)
            else:  # a category's page: its months follow, as links
                out.append(nodes.container(ids=[anchor(kind, named.name)], classes=["digest-name"]))
        return [*out, self.paper_list(kind, listed)] if listed else out


class PapersDirective(_ListingDirective):
    """``{digest:papers}`` with its :class:`~digest_archive.render.contract.Papers` as its body."""

    def run(self) -> list[nodes.Node]:
        return [self.paper_list("", [Named(name="", papers=self.body(Papers).papers)])]


class InitialsDirective(_ListingDirective):
    """``{digest:initials}`` with its :class:`~digest_archive.render.contract.Initials`: links to names."""

    def run(self) -> list[nodes.Node]:
        body = self.body(Initials)
        kind = str(body.kind)
        line = nodes.paragraph(classes=["digest-initials"])
        for initial in body.initials:
            if line.children:
                line += nodes.Text(" · ")
            ref = addnodes.pending_xref(
                "", refdomain="digest", reftype=kind, reftarget=initial.name, refexplicit=True
            )
            ref += nodes.inline(initial.letter, initial.letter, classes=["xref", "digest", f"digest-{kind}"])
            line += ref
        return [line]


#: The class of the home page's latest digests (:mod:`..pages.home`), which search leaves out.
LATEST_CLASS = "digest-latest"
