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
from sphinx.builders import Builder
from sphinx.util.docutils import SphinxDirective
from sphinx.util.nodes import make_refnode
from sphinx.writers.html5 import HTML5Translator

from ..render.myst import count
from ..render.names import KINDS, anchor
from .names import Paper

if TYPE_CHECKING:
    from .domain import DigestDomain


def setup(app: Sphinx) -> None:
    app.add_node(paper_list, html=(visit_paper_list_html, None))
    app.connect("doctree-resolved", _expand_paper_lists)
    app.add_directive_to_domain("digest", "names", NamesDirective)
    app.add_directive_to_domain("digest", "papers", PapersDirective)
    app.add_directive_to_domain("digest", "initials", InitialsDirective)
    app.add_directive_to_domain("digest", "latest", LatestDirective)
    app.add_node(latest_digests)
    app.connect("doctree-resolved", _list_latest_digests)


class paper_list(nodes.General, nodes.Element):  # docutils names node classes in lower case
    """Papers listed by name (``kind`` set) or on their own, with their data as attributes.

    ``kind`` (``author``, ``affiliation``, ``category``, or empty for one
    unnamed list), ``names`` (``[[name, [[date, key, title], ...]], ...]``)
    and ``pages`` (the pages folder, where each paper's digest page is).
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

    def papers(rows: list[list[str]]) -> nodes.bullet_list:
        listed = nodes.bullet_list(classes=["digest-papers"])
        for date, key, title in rows:
            shown = nodes.inline(title, title, classes=["xref", "digest", "digest-paper"])
            uri = link(_digest_page(pages, date), key)
            ref = nodes.reference("", "", shown, refuri=uri, internal=True, reftitle=title)
            listed += nodes.list_item("", nodes.paragraph("", "", ref, nodes.Text(f" ({date})")))
        return listed

    if not kind:
        return [papers(node["names"][0][1])]
    listed = nodes.definition_list(classes=["digest-names"])
    for name, rows in node["names"]:
        term = nodes.term(name, name, ids=[anchor(kind, name)])
        listed += nodes.definition_list_item("", term, nodes.definition("", papers(rows)))
    return [listed]


def visit_paper_list_html(translator: HTML5Translator, node: paper_list) -> None:
    """Write the list as Sphinx's HTML writer writes :func:`list_nodes`, in one go.

    Every value is the digest's, so it goes through the writer's own
    helpers, as the writer would: every attribute and URL through
    ``attval``, all text through ``encode`` (``tests/test_hostile.py``
    compares the two writings).
    """
    encode, attval = translator.encode, translator.attval
    link = paper_links(translator.builder, translator.builder.current_docname)
    pages = node["pages"]

    def papers(rows: list[list[str]]) -> str:
        items = "".join(
            f'<li><p><a class="reference internal" href="{attval(link(_digest_page(pages, date), key))}"'
            f' title="{attval(title)}"><span class="xref digest digest-paper">{encode(title)}</span></a>'
            f" ({encode(date)})</p></li>\n"
            for date, key, title in rows
        )
        return f'<ul class="digest-papers simple">\n{items}</ul>\n'

    if not node["kind"]:
        translator.body.append(papers(node["names"][0][1]))
        raise nodes.SkipNode
    kind = node["kind"]
    body = ['<dl class="simple digest-names">\n']
    for name, rows in node["names"]:
        body.append(f'<dt id="{attval(anchor(kind, name))}">{encode(name)}</dt><dd>{papers(rows)}</dd>\n')
    body.append("</dl>\n")
    translator.body.append("".join(body))
    raise nodes.SkipNode


def _digest_page(pages: str, date: str) -> str:
    return f"{pages}/{date[:4]}/{date}"


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

    def body(self) -> Any:
        try:
            return json.loads("\n".join(self.content))
        except ValueError as error:
            raise self.error(f"{self.name}: the body is not the converter's JSON ({error})") from None

    def paper_list(self, kind: str, names: list[list[Any]]) -> paper_list:
        clean = [[str(name), [[str(v) for v in row[:3]] for row in rows]] for name, rows in names]
        return paper_list(kind=kind, names=clean, pages=self.config.digest_pages_dir)


class NamesDirective(_ListingDirective):
    """``{digest:names} KIND`` with ``[[name, stem, [[date, key, title], ...]], ...]`` as its body.

    ``stem`` names the name's permanent page (:mod:`.permalinks`).
    """

    required_arguments = 1

    def run(self) -> list[nodes.Node]:
        kind = self.arguments[0]
        if kind not in KINDS:
            raise self.error(f"digest:names: no kind of name {kind!r} (one of {', '.join(KINDS)})")
        domain = cast("DigestDomain", self.env.domains["digest"])
        listed, out = [], []
        for name, stem, rows in self.body():
            domain.note_name(kind, str(name), self.env.docname, str(stem))
            if rows:
                listed.append([name, rows])
            else:  # a category's page: its months follow, as links
                out.append(nodes.container(ids=[anchor(kind, str(name))], classes=["digest-name"]))
        return [*out, self.paper_list(kind, listed)] if listed else out


class PapersDirective(_ListingDirective):
    """``{digest:papers}`` with ``[[date, key, title], ...]`` as its body."""

    def run(self) -> list[nodes.Node]:
        return [self.paper_list("", [["", self.body()]])]


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
    domain = cast("DigestDomain", app.env.domains["digest"])
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
                date = digests[page][0].date
                link = make_refnode(app.builder, docname, page, "", nodes.inline(date, date), date)
                item = nodes.paragraph("", "", link)
                item += nodes.Text(f" ({count(len(digests[page]), 'paper')}): {digests[page][0].title}, …")
                before += nodes.list_item("", item)
            listed += before
        years = sorted({paper[0].date[:4] for paper in digests.values()}, reverse=True)
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
    date = papers[0].date
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
