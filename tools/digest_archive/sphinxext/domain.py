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

from collections import defaultdict
from collections.abc import Iterator, Set
from functools import cached_property
from typing import Any, ClassVar

from docutils import nodes
from docutils.nodes import Element
from docutils.parsers.rst import Directive
from sphinx.addnodes import pending_xref
from sphinx.application import Sphinx
from sphinx.builders import Builder
from sphinx.domains import Domain, Index, ObjType
from sphinx.environment import BuildEnvironment
from sphinx.roles import XRefRole
from sphinx.util import logging
from sphinx.util.nodes import make_refnode
from sphinx.util.typing import RoleFunction

from .cards import PaperDirective
from .indices import AffiliationIndex, AuthorIndex, CategoryIndex, ChronologyIndex
from .names import LISTING_PAGES, Paper, anchor

logger = logging.getLogger(__name__)


def setup(app: Sphinx) -> None:
    app.add_domain(DigestDomain)
    for name in ("paper", "author", "affiliation", "category"):
        app.add_role(name, DigestXRefRole(warn_dangling=True))


class DigestXRefRole(XRefRole):
    """An XRefRole that belongs to the ``digest`` domain even under a short alias."""

    def run(self) -> tuple[list[nodes.Node], list[nodes.system_message]]:
        if ":" not in self.name:
            self.name = f"digest:{self.name}"
        return super().run()


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
