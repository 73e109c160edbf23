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
from collections.abc import Iterable, Iterator, Set
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

from .categories import CATEGORY_NAMES, full_codes
from .model import Entry

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
    """The anchor of an author/affiliation/category on its index page.

    The written form is kept (spaces become ``_``) so that names differing
    only in accents or dots stay distinct, as the archive treats them.
    """
    return f"{kind}-{'_'.join(name.split())}"


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


class cite_block(nodes.container):  # docutils names node classes in lower case
    """A paper's BibTeX, collapsed: ``<details>`` in HTML, left out of the PDF.

    Other builders find no visitor of their own and render it as the
    ``container`` it subclasses (Sphinx's translators look visitors up along
    the node's class hierarchy).
    """


def visit_cite_block_html(translator: HTML5Translator, node: cite_block) -> None:
    translator.body.append(translator.starttag(node, "details"))
    translator.body.append(f"<summary>{translator.encode(node['summary'])}</summary>\n")


def depart_cite_block_html(translator: HTML5Translator, node: cite_block) -> None:
    translator.body.append("</details>\n")


def skip_node(translator: nodes.NodeVisitor, node: nodes.Node) -> None:
    raise nodes.SkipNode


class PaperDirective(SphinxDirective):
    """``{digest:paper} KEY`` with the entry's fields as JSON in its body.

    The converter writes these; the body is data (JSON), never markup, and
    every value becomes a text node. The directive registers the paper under
    KEY (also its anchor), renders its category, authors and affiliations as
    links to the domain's index pages, and its BibTeX (``"bibtex"`` in the
    body) as a collapsed code block with a copy button.
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
        # A target, not an id on the card: LaTeX labels targets, so the
        # back-matter index and {paper} references get page numbers.
        target = nodes.target("", "", ids=[key])
        self.state.document.note_explicit_target(target)
        card = nodes.container(classes=["digest-paper"])
        card += self._category(entry, category_name)
        if entry.authors:
            card += self._list(
                "Authors: ", "author", entry.authors, ", ", "..." if entry.authors_truncated else ""
            )
        if entry.affiliations or entry.year:
            year = f" ({entry.year})" if entry.year else ""
            card += self._list("Affiliations: ", "affiliation", entry.affiliations, " & ", year)
        cite = nodes.paragraph("", "Cite as ")
        cite += nodes.literal(key, key)
        card += cite
        out: list[nodes.Node] = [self._index(key, entry), target, card]
        if bibtex:
            # A node built here, not a nested MyST dropdown and code fence: a
            # thousand-digest archive has thousands of these, and parsing them
            # as Markdown was a fifth of its build (source/performance.md).
            block = nodes.literal_block(bibtex, bibtex, language="bibtex")
            out.append(cite_block("", block, classes=["digest-cite"], summary="Cite (BibTeX)"))
        return out

    @staticmethod
    def _index(key: str, entry: Entry) -> addnodes.index:
        """General-index entries for the paper's authors and affiliations.

        They make the PDF's back-matter index (HTML readers have the domain's
        index pages, and the HTML build writes no general index).
        """
        heads = [index_name(author) for author in entry.authors if author.strip()]
        heads += [f"{affiliation} (affiliation)" for affiliation in entry.affiliations if affiliation.strip()]
        title = " ".join(entry.title.split()) or key
        return addnodes.index(entries=[("single", f"{head}; {title}", key, "", None) for head in heads])

    def _xref(self, reftype: str, target: str) -> pending_xref:
        # The classes go on the content, as XRefRole puts them: a builder with
        # no page to link to (LaTeX, for the HTML-only index pages) keeps it.
        content = nodes.inline(target, target, classes=["xref", "digest", f"digest-{reftype}"])
        return pending_xref(
            "",
            content,
            refdomain="digest",
            reftype=reftype,
            reftarget=target,
            refexplicit=False,
            refwarn=True,
            refdoc=self.env.docname,
        )

    def _list(
        self, label: str, reftype: str, names: Iterable[str], separator: str, tail: str
    ) -> nodes.paragraph:
        paragraph = nodes.paragraph("", label)
        for index, name in enumerate(names):
            if index:
                paragraph += nodes.Text(separator)
            paragraph += self._xref(reftype, name)
        if tail:
            paragraph += nodes.Text(tail)
        return paragraph

    def _category(self, entry: Entry, legend_name: str) -> nodes.paragraph:
        paragraph = nodes.paragraph("", "Category: ")
        if entry.category:
            paragraph += self._xref("category", entry.category)
        else:
            paragraph += nodes.Text("(none)")
        if legend_name:
            paragraph += nodes.Text(f" - {legend_name}")
        codes = full_codes(entry.category)
        if codes and CATEGORY_NAMES[codes[0]] != codes[0]:
            paragraph += nodes.Text(f" ({codes[0]}, {CATEGORY_NAMES[codes[0]]})")
        if entry.highlighted:
            paragraph += nodes.Text(" · ★ highlighted")
        return paragraph


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
        raise NotImplementedError

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

    def names(self) -> dict[str, list[Paper]]:
        return cast(DigestDomain, self.domain).by_author

    def letter(self, name: str) -> str:
        return _initial(_sort_key(name)[0])


class AffiliationIndex(_ListingIndex):
    name = "affiliations"
    localname = "Affiliations"
    shortname = "affiliations"
    kind = "affiliation"

    def names(self) -> dict[str, list[Paper]]:
        return cast(DigestDomain, self.domain).by_affiliation


class CategoryIndex(_ListingIndex):
    name = "categories"
    localname = "Categories"
    shortname = "categories"
    kind = "category"

    def names(self) -> dict[str, list[Paper]]:
        return cast(DigestDomain, self.domain).by_category

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
        pages = {
            "author": (AUTHORS_PAGE, self.by_author),
            "affiliation": (AFFILIATIONS_PAGE, self.by_affiliation),
            "category": (CATEGORIES_PAGE, self.by_category),
        }
        if typ not in pages:
            return None
        page, names = pages[typ]
        if target not in names:
            return None
        return page, anchor(typ, target), target

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
        listings = (
            ("author", AUTHORS_PAGE, self.by_author),
            ("affiliation", AFFILIATIONS_PAGE, self.by_affiliation),
            ("category", CATEGORIES_PAGE, self.by_category),
        )
        for typ, page, names in listings:
            for name in names:
                yield name, name, typ, page, anchor(typ, name), -1
