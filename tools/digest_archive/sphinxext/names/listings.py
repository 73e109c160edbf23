"""The listing pages' directives: a category, a month's papers, and the index of a kind of names.

The converter writes these pages (:mod:`digest_archive.render.names`,
:mod:`digest_archive.render.categories`); ``{digest:names} category``
declares the category of its JSON body to the domain, on that page under
its anchor, so that roles, cards and ``objects.inv`` point at it;
``{digest:papers}`` lists papers only, and ``{digest:directory} KIND``
lists a kind's most frequent names with their papers' count, each linked
to its own page, under a box that filters them as one types. Every paper
and name is a reference, resolved as the roles' are; the body is data,
never markup.
"""

from __future__ import annotations

from collections.abc import Callable

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.builders import Builder
from sphinx.util.docutils import SphinxDirective
from sphinx.writers.html5 import HTML5Translator

from ...i18n import _
from ...render.contract import DOMAIN, Directive, Directory, ListedPaper, Names, Papers, Read, read
from ...render.escaping import escape
from ...render.myst import page_path
from ...render.names import anchor
from ..domain import digest_domain


def setup(app: Sphinx) -> None:
    app.add_node(paper_list, html=(visit_paper_list_html, None))
    app.connect("doctree-resolved", _expand_paper_lists)
    app.add_directive_to_domain(DOMAIN, Directive.NAMES, NamesDirective)
    app.add_directive_to_domain(DOMAIN, Directive.PAPERS, PapersDirective)
    app.add_directive_to_domain(DOMAIN, Directive.DIRECTORY, DirectoryDirective)
    app.add_node(name_filter, html=(visit_name_filter_html, None), latex=(_skip, None), text=(_skip, None))
    app.connect("html-page-context", _filter_script)


class paper_list(nodes.General, nodes.Element):  # docutils names node classes in lower case
    """Papers listed on their own, with their data as attributes.

    ``papers`` (each a :class:`~digest_archive.render.contract.ListedPaper`,
    newest first) and ``pages`` (the pages folder, where each paper's
    digest page is). A category's month holds hundreds of them: like the
    paper cards, the list is one node in the doctree, written by
    :func:`visit_paper_list_html` in one go and expanded into ordinary
    nodes (:func:`list_nodes`) for every other builder.
    """


#: Where a paper's entry is, from the page being written: ``(docname, key)`` to a URI.
PaperLink = Callable[[str, str], str]


def list_nodes(node: paper_list, link: PaperLink) -> list[nodes.Node]:
    """The list as ordinary nodes: a bullet list of papers."""
    pages = node["pages"]
    listed = nodes.bullet_list(classes=["digest-papers"])
    for row in node["papers"]:
        title, date = row.title, row.date.isoformat()
        shown = nodes.inline(title, title, classes=["xref", "digest", "digest-paper"])
        uri = link(f"{pages}/{page_path(row.date)}", row.key)
        ref = nodes.reference("", "", shown, refuri=uri, internal=True, reftitle=title)
        listed += nodes.list_item("", nodes.paragraph("", "", ref, nodes.Text(f" ({date})")))
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

    items = "".join(item(row) for row in node["papers"])
    translator.body.append(f'<ul class="digest-papers simple">\n{items}</ul>\n')
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


class NamesDirective(_ListingDirective):
    """``{digest:names} category`` with its :class:`~digest_archive.render.contract.Names` as its body.

    A category is declared with its page's stem, at its anchor.
    """

    def run(self) -> list[nodes.Node]:
        body = self.body(Names)
        kind = str(body.kind)
        if kind != "category":
            raise self.error(f"{self.name}: only categories are declared by a page; authors by their papers")
        domain = digest_domain(self.env)
        out = []
        for named in body.names:
            domain.note_name(kind, named.name, self.env.docname, named.stem)
            out.append(nodes.container(ids=[anchor(kind, named.name)], classes=["digest-name"]))
        return out


class PapersDirective(_ListingDirective):
    """``{digest:papers}`` with its :class:`~digest_archive.render.contract.Papers` as its body."""

    def run(self) -> list[nodes.Node]:
        return [paper_list(papers=self.body(Papers).papers, pages=self.config.digest_pages_dir)]


class name_filter(nodes.General, nodes.Element):  # docutils names node classes in lower case
    """The box above an index of names that filters them as one types (``digest-names.js``).

    ``kind``: the kind of names. A name the index does not list is looked
    for on the search page.
    """


#: The class of an index of names' list, which ``digest-names.js`` filters.
DIRECTORY_CLASS = "digest-directory"
#: The script that filters an index of names, added to those pages alone.
FILTER_SCRIPT = "digest-names.js"


def visit_name_filter_html(translator: HTML5Translator, node: name_filter) -> None:
    """A labelled search box, and a line that says how many names match; no markup of the digest's."""
    kind = node["kind"]
    search = translator.builder.get_relative_uri(translator.builder.current_docname, "search")
    label = _("Filter authors") if kind == "author" else _("Filter affiliations")
    words = {
        "matches": _("{shown} of {total} listed names match."),
        "search-text": _("Search all papers for “{query}”"),
    }
    attributes = " ".join(f'data-{key}="{escape(value)}"' for key, value in words.items())
    prefix = "author:" if kind == "author" else ""
    translator.body.append(
        f'<div class="digest-name-filter" data-search="{escape(search)}" '
        f'data-prefix="{escape(prefix)}" {attributes}>'
        f'<label for="digest-name-filter">{escape(label, attribute=False)}</label> '
        f'<input id="digest-name-filter" type="search" autocomplete="off" spellcheck="false">'
        f'<p class="digest-name-filter-status" role="status" aria-live="polite"></p></div>\n'
    )
    raise nodes.SkipNode


def _skip(translator: object, node: nodes.Node) -> None:
    raise nodes.SkipNode


def _filter_script(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, object], doctree: nodes.document | None
) -> None:
    # On the pages with a box alone: a script on every page costs every reader.
    if doctree is not None and any(doctree.findall(name_filter)):
        app.add_js_file(FILTER_SCRIPT, defer="defer")


class DirectoryDirective(_ListingDirective):
    """``{digest:directory}`` with its :class:`~digest_archive.render.contract.Directory`: names and counts.

    Each name is a reference to its own page, resolved by the domain.
    """

    def run(self) -> list[nodes.Node]:
        body = self.body(Directory)
        kind = str(body.kind)
        listed = nodes.enumerated_list(classes=[DIRECTORY_CLASS])
        for counted in body.names:
            ref = addnodes.pending_xref(
                "", refdomain="digest", reftype=kind, reftarget=counted.name, refexplicit=True
            )
            ref += nodes.inline(counted.name, counted.name, classes=["xref", "digest", f"digest-{kind}"])
            papers = nodes.Text(f" ({counted.papers})")
            listed += nodes.list_item("", nodes.paragraph("", "", ref, papers))
        return [name_filter(kind=kind), listed]


#: The class of the home page's latest digests (:mod:`..pages.home`), which search leaves out.
LATEST_CLASS = "digest-latest"
