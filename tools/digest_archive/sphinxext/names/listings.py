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

from collections.abc import Callable
from typing import Any, ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.builders import Builder
from sphinx.util.docutils import SphinxDirective
from sphinx.util.nodes import make_refnode
from sphinx.writers.html5 import HTML5Translator

from ...i18n import count
from ...render.contract import DOMAIN, Directive, Initials, ListedPaper, Named, Names, Papers, Read, read
from ...render.myst import page_path
from ...render.names import anchor
from ..domain import Paper, digest_domain
from ..writer import escape


def setup(app: Sphinx) -> None:
    app.add_node(paper_list, html=(visit_paper_list_html, None))
    app.connect("doctree-resolved", _expand_paper_lists)
    app.add_directive_to_domain(DOMAIN, Directive.NAMES, NamesDirective)
    app.add_directive_to_domain(DOMAIN, Directive.PAPERS, PapersDirective)
    app.add_directive_to_domain(DOMAIN, Directive.INITIALS, InitialsDirective)
    app.add_directive_to_domain(DOMAIN, "latest", LatestDirective)
    app.add_node(latest_digests)
    app.connect("doctree-resolved", _list_latest_digests)


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
    through :func:`~..writer.escape`, which escapes as the writer does
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


#: The class of the latest digests' list, which search leaves out.
LATEST_CLASS = "digest-latest"


class latest_digests(nodes.General, nodes.Element):  # docutils names node classes in lower case
    """Where ``{digest:latest}`` lists the newest digests, filled in as the page is written."""


class LatestDirective(SphinxDirective):
    """``{digest:latest}``: the newest digest's papers, the digests before it, and the years.

    The newest digest's papers are listed each with its category, title and
    first author, linked to its entry; the digests before it each with its
    papers' count and first title. The list is made from the domain's papers
    as the page is written, not as it is read: a page that holds it must be
    written whenever a digest is added. The root page is (it is the parent
    of the archive's index in the toctree, and Sphinx writes a parent with
    its changed children).
    """

    option_spec: ClassVar[dict[str, Callable[[str], Any]]] = {"count": directives.positive_int}

    def run(self) -> list[nodes.Node]:
        return [latest_digests(count=self.options.get("count", 7))]


def _list_latest_digests(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    found = list(doctree.findall(latest_digests))
    if not found:
        return
    domain = digest_domain(app.env)
    # Papers are noted in the order of their page, so a page's first is its first entry.
    digests: dict[str, list[Paper]] = {}
    for paper in domain.papers.values():
        digests.setdefault(paper.docname, []).append(paper)
    newest_first = sorted(digests, key=lambda page: digests[page][0].date, reverse=True)
    for node in found:
        if not newest_first:
            node.replace_self(nodes.paragraph("", "No digest yet."))
            continue
        latest, *earlier = newest_first[: node["count"]]
        listed = nodes.container(classes=[LATEST_CLASS])
        listed += _latest_papers(app.builder, docname, latest, digests[latest])
        if earlier:
            listed += nodes.rubric("", "The days before")
            before = nodes.bullet_list()
            for page in earlier:
                date = digests[page][0].date.isoformat()
                link = make_refnode(app.builder, docname, page, "", nodes.inline(date, date), date)
                item = nodes.paragraph("", "", link)
                item += nodes.Text(f" ({count(len(digests[page]), 'paper')}): {digests[page][0].title}, …")
                before += nodes.list_item("", item)
            listed += before
        years = sorted({str(paper[0].date.year) for paper in digests.values()}, reverse=True)
        by_year = nodes.paragraph("", "By year: ")
        for index, year in enumerate(years):
            target = f"{app.config.digest_pages_dir}/{year}/index"
            by_year += make_refnode(app.builder, docname, target, "", nodes.inline(year, year), year)
            if index < len(years) - 1:
                by_year += nodes.Text(" · ")
        listed += by_year
        node.replace_self(listed)


def _latest_papers(builder: Builder, docname: str, page: str, papers: list[Paper]) -> list[nodes.Node]:
    """The newest digest's heading, linked to its page, and its papers, each linked to its entry."""
    date = papers[0].date.isoformat()
    heading = nodes.paragraph(
        "", "", nodes.strong("", "", make_refnode(builder, docname, page, "", nodes.inline(date, date), date))
    )
    heading += nodes.Text(f": {count(len(papers), 'paper')}")
    listed = nodes.bullet_list()
    for paper in papers:
        item = nodes.paragraph()
        if paper.category:
            item += nodes.Text(f"[{paper.category}] ")
        title = nodes.inline(paper.title, paper.title, classes=["xref", "digest", "digest-paper"])
        item += make_refnode(builder, docname, paper.docname, paper.key, title, paper.title)
        if paper.authors:
            others = " et al." if len(paper.authors) > 1 else ""
            item += nodes.Text(f" — {paper.authors[0]}{others}")
        listed += nodes.list_item("", item)
    return [heading, listed]
