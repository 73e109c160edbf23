"""The ``digest`` Sphinx domain: papers, authors, affiliations and categories.

Modelled on Sphinx's own domains. Digest pages declare their papers with the
``digest:paper`` directive; the domain keeps them keyed by citation key and
by docname, so ``clear_doc`` and ``merge_domaindata`` let parallel and
incremental builds re-read only the pages that changed. Authors, affiliations
and categories are not declared anywhere: they are derived from the papers,
as written, and live as anchors on the domain's index pages (``digest-authors``
and so on), which Sphinx regenerates on every build from the domain's data.
A new digest therefore re-reads its own page and touches no author page.

Roles: ``{digest:paper}`` (by key or exact title), ``{digest:author}``,
``{digest:affiliation}``, ``{digest:category}``, with the short aliases
``{paper}``, ``{author}``, ``{affiliation}``, ``{category}``. All objects go
into ``objects.inv``, so other projects can cite archive papers through
intersphinx.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Set
from functools import cached_property
from typing import Any, ClassVar, NamedTuple, cast

from docutils import nodes
from docutils.nodes import Element
from docutils.parsers.rst import Directive
from pydantic import ValidationError
from sphinx import addnodes
from sphinx.addnodes import pending_xref
from sphinx.builders import Builder
from sphinx.domains import Domain, Index, IndexEntry, ObjType
from sphinx.environment import BuildEnvironment
from sphinx.roles import XRefRole
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective
from sphinx.util.nodes import make_refnode
from sphinx.util.typing import RoleFunction
from sphinx.writers.html5 import HTML5Translator

from .model import Entry
from .text.categories import CATEGORY_NAMES, full_codes

logger = logging.getLogger(__name__)

#: The pages Sphinx generates for the domain's indices (``{domain}-{index}``).
AUTHORS_PAGE = "digest-authors"
AFFILIATIONS_PAGE = "digest-affiliations"
CATEGORIES_PAGE = "digest-categories"
CHRONOLOGY_PAGE = "digest-chronology"


class Paper(NamedTuple):
    """What the domain remembers of a paper: plain values, cheap to pickle."""

    key: str
    title: str
    date: str
    docname: str
    authors: tuple[str, ...]
    affiliations: tuple[str, ...]
    category: str


def anchor(kind: str, name: str) -> str:
    """The anchor of an author/affiliation/category on its index page: ``author-S_Ganguli``.

    One name, one anchor, for good: letters and digits (``Bulò``, ``清华``),
    dots and hyphens are kept, a space becomes ``_`` and any other character
    ``~``, its code point in hex and ``~`` (``Xi~2019~an``), so names that
    differ in any character (``A B`` and ``A_B``) have different anchors.
    Names are compared as the parser writes them, with single spaces. An
    anchor holds nothing that an ``id``, a URL fragment or an attribute
    would have to escape, whatever the name holds.
    """
    body = "".join(
        char if char.isalnum() or char in ".-" else "_" if char == " " else f"~{ord(char):x}~"
        for char in " ".join(name.split())
    )
    return f"{kind}-{body}"


def _sort_key(name: str) -> tuple[str, str]:
    """Authors sort by surname (the last word), then by the whole name."""
    return (name.split()[-1].casefold() if name.split() else "", name.casefold())


def _initial(text: str) -> str:
    first = text[:1].upper()
    return first if first.isalpha() else "#"


def index_name(name: str) -> str:
    """An author as a printed index lists them: ``S Ganguli`` → ``Ganguli, S``."""
    # ";" would split the index entry into levels.
    words = name.replace(";", ",").split()
    if len(words) < 2:
        return " ".join(words)
    return f"{words[-1]}, {' '.join(words[:-1])}"


class paper_card(nodes.Element):  # docutils names node classes in lower case
    """A paper's card: category, authors, affiliations, citation key and BibTeX.

    One node whose attributes hold the values, in the doctree that Sphinx
    transforms, pickles and keeps: the ~35 ordinary nodes it stands for are
    made only when a page is written (:func:`card_nodes`), the same for
    every builder, and Sphinx's own writers turn them into HTML or LaTeX.

    Attributes: ``ids`` (the citation key), ``title``, ``category``,
    ``category_note`` (the text after it), ``authors``, ``authors_tail``,
    ``affiliations``, ``affiliations_tail`` and ``bibtex``.
    """


class cite_block(nodes.General, nodes.Element):  # docutils names node classes in lower case
    """A paper's BibTeX: a collapsed block in HTML, left out of the PDF.

    It holds the text only. The HTML is Sphinx's highlighted-block markup,
    so sphinx-copybutton gives it a button, without running Pygments' BibTeX
    lexer on every card (:func:`visit_cite_block_html`).
    """


def skip_node(translator: nodes.NodeVisitor, node: nodes.Node) -> None:
    raise nodes.SkipNode


def visit_cite_block_html(translator: HTML5Translator, node: cite_block) -> None:
    translator.body.append(_bibtex_html(translator, node.astext()))
    raise nodes.SkipNode


def _bibtex_html(translator: HTML5Translator, bibtex: str) -> str:
    # Fixed markup around text that goes through the writer's own escaping.
    return (
        '<details class="digest-cite">\n<summary>Cite (BibTeX)</summary>\n'
        '<div class="highlight-bibtex notranslate"><div class="highlight">'
        f"<pre>{translator.encode(bibtex)}</pre></div>\n</div>\n</details>\n"
    )


#: The index page of each kind of name a card links to.
LISTING_PAGES = {"author": AUTHORS_PAGE, "affiliation": AFFILIATIONS_PAGE, "category": CATEGORIES_PAGE}

#: Where a name links to, given its kind and the name; None where names are plain text.
NameLinks = Callable[[str, str], str] | None


def card_nodes(node: paper_card, links: NameLinks) -> list[nodes.Node]:
    """The card as ordinary nodes, for any builder to write.

    With ``links`` (HTML), each name is a reference to its entry on its
    index page; the writer escapes every attribute. Without (the PDF, whose
    index pages do not exist), names are plain text and the paper gets
    general-index entries instead (its back-matter index) and a target, so
    references to it get page numbers.
    """
    key = node["ids"][0]
    card = nodes.container(ids=[key], classes=node["classes"])
    category = nodes.paragraph("", "Category: ")
    if node["category"]:
        category += _names("category", [node["category"]], "", links)
    else:
        category += nodes.Text("(none)")
    category += nodes.Text(node["category_note"])
    card += category
    if node["authors"]:
        card += nodes.paragraph(
            "",
            "Authors: ",
            *_names("author", node["authors"], ", ", links),
            nodes.Text(node["authors_tail"]),
        )
    if node["affiliations"] or node["affiliations_tail"]:
        card += nodes.paragraph(
            "",
            "Affiliations: ",
            *_names("affiliation", node["affiliations"], " & ", links),
            nodes.Text(node["affiliations_tail"]),
        )
    card += nodes.paragraph("", "Cite as ", nodes.literal(key, key))
    out: list[nodes.Node] = [card]
    if links is None:
        # The target as docutils leaves one that precedes its element: LaTeX
        # labels it, so references to the paper get page numbers.
        out[:0] = [_index_entries(node), nodes.target("", "", refid=key)]
    if node["bibtex"]:
        out.append(cite_block("", nodes.Text(node["bibtex"])))
    return out


def visit_paper_card_html(translator: HTML5Translator, node: paper_card) -> None:
    """Write the card as Sphinx's HTML writer writes :func:`card_nodes` with links, in one go.

    Making and visiting those ~35 nodes for every card took a sixth of a
    full build, so the HTML is written here, by hand, the same markup
    (``tests/test_hostile.py`` compares the two). Every value in it is the
    digest's, so it is escaped with the writer's own helpers, as the writer
    would: every attribute and URL through ``attval``, all text through
    ``encode``. No lookup is needed for the links: the indices list every
    name of every paper, so the anchor exists.
    """
    builder = translator.builder
    here = builder.current_docname
    pages = {kind: builder.get_relative_uri(here, page) for kind, page in LISTING_PAGES.items()}
    encode, attval = translator.encode, translator.attval

    def links(kind: str, names: Iterable[str], separator: str) -> str:
        return separator.join(
            f'<a class="reference internal" href="{attval(f"{pages[kind]}#{anchor(kind, name)}")}"'
            f' title="{attval(name)}"><span class="xref digest digest-{kind}">{encode(name)}</span></a>'
            for name in names
        )

    body = [translator.starttag(node, "div", CLASS="docutils container")]
    category = links("category", [node["category"]], "") if node["category"] else "(none)"
    body.append(f"<p>Category: {category}{encode(node['category_note'])}</p>\n")
    if node["authors"]:
        authors = links("author", node["authors"], ", ")
        body.append(f"<p>Authors: {authors}{encode(node['authors_tail'])}</p>\n")
    if node["affiliations"] or node["affiliations_tail"]:
        affiliations = links("affiliation", node["affiliations"], " &amp; ")
        body.append(f"<p>Affiliations: {affiliations}{encode(node['affiliations_tail'])}</p>\n")
    key = encode(node["ids"][0])
    code = f'<code class="docutils literal notranslate"><span class="pre">{key}</span></code>'
    body.append(f"<p>Cite as {code}</p>\n</div>\n")
    if node["bibtex"]:
        body.append(_bibtex_html(translator, node["bibtex"]))
    translator.body.append("".join(body))
    raise nodes.SkipNode


def _names(kind: str, names: Iterable[str], separator: str, links: NameLinks) -> list[nodes.Node]:
    out: list[nodes.Node] = []
    for name in names:
        if out:
            out.append(nodes.Text(separator))
        shown = nodes.inline(name, name, classes=["xref", "digest", f"digest-{kind}"])
        if links is None:
            out.append(shown)
        else:
            out.append(nodes.reference("", "", shown, refuri=links(kind, name), internal=True, reftitle=name))
    return out


def _index_entries(node: paper_card) -> addnodes.index:
    """General-index entries for the paper's authors and affiliations (the PDF's index)."""
    heads = [index_name(author) for author in node["authors"] if author.strip()]
    heads += [f"{affiliation} (affiliation)" for affiliation in node["affiliations"] if affiliation.strip()]
    key, title = node["ids"][0], node["title"]
    return addnodes.index(entries=[("single", f"{head}; {title}", key, "", None) for head in heads])


class PaperDirective(SphinxDirective):
    """``{digest:paper} KEY`` with the entry's fields as JSON in its body.

    The converter writes these; the body is data (JSON), never markup: every
    value becomes a node attribute, and the writers encode it. The directive
    registers the paper under KEY (also its anchor) and returns its
    :class:`paper_card`, in which the category, authors and affiliations link
    to the domain's index pages and the BibTeX (``"bibtex"`` in the body) is a
    collapsed block with a copy button.
    """

    required_arguments = 1
    has_content = True

    def run(self) -> list[nodes.Node]:
        key = self.arguments[0]
        try:
            body = json.loads("\n".join(self.content))
            entry = Entry.model_validate(body["entry"])
            category_name = str(body.get("category_name") or "")
            bibtex = str(body.get("bibtex") or "")
        except (ValueError, KeyError, TypeError, ValidationError) as error:
            raise self.error(f"digest:paper {key}: the body is not the converter's JSON ({error})") from None
        domain = cast(DigestDomain, self.env.domains["digest"])
        date = self.env.docname.rsplit("/", 1)[-1]
        domain.note_paper(
            Paper(
                key=key,
                title=entry.title,
                date=date,
                docname=self.env.docname,
                authors=tuple(entry.authors),
                affiliations=tuple(entry.affiliations),
                category=entry.category,
            ),
            location=self.get_location(),
        )
        card = paper_card(
            ids=[key],
            classes=["digest-paper"],
            title=" ".join(entry.title.split()) or key,
            category=entry.category,
            category_note=self._category_note(entry, category_name),
            authors=list(entry.authors),
            authors_tail="..." if entry.authors_truncated else "",
            affiliations=list(entry.affiliations),
            affiliations_tail=f" ({entry.year})" if entry.year else "",
            bibtex=bibtex,
        )
        self.state.document.note_explicit_target(card)
        return [card]

    @staticmethod
    def _category_note(entry: Entry, legend_name: str) -> str:
        """What follows the category: its name in the digest's legend and on arXiv."""
        note = f" - {legend_name}" if legend_name else ""
        codes = full_codes(entry.category)
        if codes and CATEGORY_NAMES[codes[0]] != codes[0]:
            note += f" ({codes[0]}, {CATEGORY_NAMES[codes[0]]})"
        if entry.highlighted:
            note += " · ★ highlighted"
        return note


class DigestXRefRole(XRefRole):
    """An XRefRole that belongs to the ``digest`` domain even under a short alias."""

    def run(self) -> tuple[list[nodes.Node], list[nodes.system_message]]:
        if ":" not in self.name:
            self.name = f"digest:{self.name}"
        return super().run()


class _ListingIndex(Index):
    """An index of names (authors, affiliations, categories) with their papers."""

    kind: str

    def names(self) -> dict[str, list[Paper]]:
        return cast(DigestDomain, self.domain).names_of(self.kind)

    def letter(self, name: str) -> str:
        return _initial(name)

    def generate(
        self, docnames: Iterable[str] | None = None
    ) -> tuple[list[tuple[str, list[IndexEntry]]], bool]:
        wanted = set(docnames) if docnames is not None else None
        groups: dict[str, list[IndexEntry]] = defaultdict(list)
        for name, papers in sorted(self.names().items(), key=lambda item: _sort_key(item[0])):
            shown = [paper for paper in papers if wanted is None or paper.docname in wanted]
            if not shown:
                continue
            entries = groups[self.letter(name)]
            count = f"{len(shown)} paper{'s' if len(shown) != 1 else ''}"
            entries.append(IndexEntry(name, 1, "", anchor(self.kind, name), count, "", ""))
            for paper in shown:
                entries.append(IndexEntry(paper.title, 2, paper.docname, paper.key, paper.date, "", ""))
        return sorted(groups.items()), False


class AuthorIndex(_ListingIndex):
    name = "authors"
    localname = "Authors"
    shortname = "authors"
    kind = "author"

    def letter(self, name: str) -> str:
        return _initial(_sort_key(name)[0])


class AffiliationIndex(_ListingIndex):
    name = "affiliations"
    localname = "Affiliations"
    shortname = "affiliations"
    kind = "affiliation"


class CategoryIndex(_ListingIndex):
    name = "categories"
    localname = "Categories"
    shortname = "categories"
    kind = "category"

    def letter(self, name: str) -> str:
        codes = full_codes(name)
        return codes[0].split(".", 1)[0] if "." in (codes[0] if codes else "") else "other"


class ChronologyIndex(Index):
    """Every digest, newest first, by year, with its papers."""

    name = "chronology"
    localname = "Chronological list"
    shortname = "chronology"

    def generate(
        self, docnames: Iterable[str] | None = None
    ) -> tuple[list[tuple[str, list[IndexEntry]]], bool]:
        wanted = set(docnames) if docnames is not None else None
        domain = cast(DigestDomain, self.domain)
        by_digest: dict[tuple[str, str], list[Paper]] = defaultdict(list)
        for paper in domain.papers.values():
            if wanted is None or paper.docname in wanted:
                by_digest[paper.date, paper.docname].append(paper)
        groups: dict[str, list[IndexEntry]] = defaultdict(list)
        for (date, docname), papers in sorted(by_digest.items(), reverse=True):
            entries = groups[date[:4]]
            entries.append(IndexEntry(date, 1, docname, "", f"{len(papers)} papers", "", ""))
            entries.extend(IndexEntry(p.title, 2, p.docname, p.key, p.category, "", "") for p in papers)
        return sorted(groups.items(), reverse=True), True


class DigestDomain(Domain):
    """Papers of the archive and the people, places and subjects behind them."""

    name = "digest"
    label = "Digest archive"
    object_types: ClassVar[dict[str, ObjType]] = {
        "paper": ObjType("paper", "paper"),
        "author": ObjType("author", "author"),
        "affiliation": ObjType("affiliation", "affiliation"),
        "category": ObjType("category", "category"),
    }
    directives: ClassVar[dict[str, type[Directive]]] = {"paper": PaperDirective}
    roles: ClassVar[dict[str, RoleFunction | XRefRole]] = {
        "paper": DigestXRefRole(warn_dangling=True),
        "author": DigestXRefRole(warn_dangling=True),
        "affiliation": DigestXRefRole(warn_dangling=True),
        "category": DigestXRefRole(warn_dangling=True),
    }
    indices: ClassVar[list[type[Index]]] = [AuthorIndex, AffiliationIndex, CategoryIndex, ChronologyIndex]
    initial_data: ClassVar[dict[str, Any]] = {"papers": {}}  # key -> Paper
    data_version = 1
    dangling_warnings: ClassVar[dict[str, str]] = {
        "paper": "no archived paper has the key or title %(target)r",
        "author": "no archived paper is by an author written %(target)r",
        "affiliation": "no archived paper is from an affiliation written %(target)r",
        "category": "no archived paper is in category %(target)r",
    }

    @property
    def papers(self) -> dict[str, Paper]:
        return self.data["papers"]

    def note_paper(self, paper: Paper, location: Any = None) -> None:
        other = self.papers.get(paper.key)
        if other is not None and other.docname != paper.docname:
            logger.warning(
                "digest: duplicate paper key %r, also in %s",
                paper.key,
                other.docname,
                location=location,
                type="digest",
                subtype="duplicate",
            )
        self.papers[paper.key] = paper
        self._forget()

    def clear_doc(self, docname: str) -> None:
        for key in [key for key, paper in self.papers.items() if paper.docname == docname]:
            del self.papers[key]
        self._forget()

    def merge_domaindata(self, docnames: Set[str], otherdata: dict[str, Any]) -> None:
        for key, paper in otherdata["papers"].items():
            if paper.docname in docnames:
                self.papers[key] = paper
        self._forget()

    # -- derived views, rebuilt after any change ----------------------------------

    def _forget(self) -> None:
        for name in ("by_author", "by_affiliation", "by_category", "by_title"):
            self.__dict__.pop(name, None)

    def _group(self, names_of: Any) -> dict[str, list[Paper]]:
        groups: dict[str, list[Paper]] = defaultdict(list)
        for paper in self._newest_first():
            for name in names_of(paper):
                groups[name].append(paper)
        return dict(groups)

    def _newest_first(self) -> list[Paper]:
        return sorted(self.papers.values(), key=lambda paper: (paper.date, paper.key), reverse=True)

    @cached_property
    def by_author(self) -> dict[str, list[Paper]]:
        return self._group(lambda paper: paper.authors)

    @cached_property
    def by_affiliation(self) -> dict[str, list[Paper]]:
        return self._group(lambda paper: paper.affiliations)

    @cached_property
    def by_category(self) -> dict[str, list[Paper]]:
        return self._group(lambda paper: (paper.category,) if paper.category else ())

    def names_of(self, kind: str) -> dict[str, list[Paper]]:
        """The papers of each author, affiliation or category (``kind``), newest first."""
        if kind == "author":
            return self.by_author
        if kind == "affiliation":
            return self.by_affiliation
        if kind == "category":
            return self.by_category
        raise KeyError(kind)

    @cached_property
    def by_title(self) -> dict[str, str]:
        titles: dict[str, str] = {}
        for paper in sorted(self.papers.values(), key=lambda paper: (paper.date, paper.key)):
            titles.setdefault(paper.title, paper.key)
        return titles

    # -- resolving ------------------------------------------------------------------

    def _find(self, typ: str, target: str) -> tuple[str, str, str] | None:
        """(docname, anchor, title) of ``target`` as an object of type ``typ``."""
        target = " ".join(target.split())
        if typ == "paper":
            key = target if target in self.papers else self.by_title.get(target)
            if key is None:
                return None
            paper = self.papers[key]
            return paper.docname, paper.key, paper.title
        if typ not in LISTING_PAGES or target not in self.names_of(typ):
            return None
        return LISTING_PAGES[typ], anchor(typ, target), target

    def resolve_xref(
        self,
        env: BuildEnvironment,
        fromdocname: str,
        builder: Builder,
        typ: str,
        target: str,
        node: pending_xref,
        contnode: Element,
    ) -> nodes.reference | None:
        found = self._find(typ, target)
        if found is None:
            return None
        docname, anchor_id, title = found
        if typ == "paper" and not node.get("refexplicit"):
            contnode = nodes.inline(title, title, classes=contnode.get("classes", []))
        return make_refnode(builder, fromdocname, docname, anchor_id, contnode, title)

    def resolve_any_xref(
        self,
        env: BuildEnvironment,
        fromdocname: str,
        builder: Builder,
        target: str,
        node: pending_xref,
        contnode: Element,
    ) -> list[tuple[str, nodes.reference]]:
        results = []
        for typ in self.object_types:
            ref = self.resolve_xref(env, fromdocname, builder, typ, target, node, contnode)
            if ref is not None:
                results.append((f"digest:{typ}", ref))
        return results

    def get_objects(self) -> Iterator[tuple[str, str, str, str, str, int]]:
        for paper in self.papers.values():
            yield paper.key, paper.title, "paper", paper.docname, paper.key, 1
        # Priority -1: in objects.inv for intersphinx, but not in the full-text
        # search results, which list the papers themselves.
        for typ, page in LISTING_PAGES.items():
            for name in self.names_of(typ):
                yield name, name, typ, page, anchor(typ, name), -1
