"""The ``digest`` Sphinx domain: papers, authors, affiliations and categories.

Modelled on Sphinx's own domains. Digest pages declare their papers with the
``digest:paper`` directive (and show labelled summaries with ``digest:summary``,
:mod:`.summary`), and the listing pages their authors,
affiliations and categories with ``digest:names``; the domain keeps both by
docname, so ``clear_doc`` and ``merge_domaindata`` let parallel and
incremental builds re-read only the pages that changed. A name lives on the
bounded page of names around it (:mod:`digest_archive.render.names`), which
changes as the archive grows; paper cards link its permanent page instead
(:mod:`.permalinks`).

Roles: ``{digest:paper}`` (by key or exact title), ``{digest:author}``,
``{digest:affiliation}``, ``{digest:category}``, with the short aliases
``{paper}``, ``{author}``, ``{affiliation}``, ``{category}``. All objects go
into ``objects.inv``, so other projects can cite archive papers through
intersphinx.
"""

from __future__ import annotations

from collections.abc import Iterator, Set
from functools import cached_property
from typing import Any, ClassVar

from docutils import nodes
from docutils.nodes import Element
from docutils.parsers.rst import Directive
from sphinx.addnodes import pending_xref
from sphinx.application import Sphinx
from sphinx.builders import Builder
from sphinx.domains import Domain, ObjType
from sphinx.environment import BuildEnvironment
from sphinx.roles import XRefRole
from sphinx.util import logging
from sphinx.util.nodes import make_refnode
from sphinx.util.typing import RoleFunction

from ..render.names import KINDS, anchor
from .cards import PaperDirective
from .names import Paper
from .summary import SummaryDirective

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
    directives: ClassVar[dict[str, type[Directive]]] = {"paper": PaperDirective, "summary": SummaryDirective}
    roles: ClassVar[dict[str, RoleFunction | XRefRole]] = {
        "paper": DigestXRefRole(warn_dangling=True),
        "author": DigestXRefRole(warn_dangling=True),
        "affiliation": DigestXRefRole(warn_dangling=True),
        "category": DigestXRefRole(warn_dangling=True),
    }
    # papers: key -> Paper; names: kind -> name -> the docname of its page.
    initial_data: ClassVar[dict[str, Any]] = {"papers": {}, "names": {kind: {} for kind in KINDS}}
    data_version = 3
    dangling_warnings: ClassVar[dict[str, str]] = {
        "paper": "no archived paper has the key or title %(target)r",
        "author": "no archived paper is by an author written %(target)r",
        "affiliation": "no archived paper is from an affiliation written %(target)r",
        "category": "no archived paper is in category %(target)r",
    }

    @property
    def papers(self) -> dict[str, Paper]:
        return self.data["papers"]

    @property
    def names(self) -> dict[str, dict[str, str]]:
        """Each kind's names, with the docname of the page that lists them."""
        return self.data["names"]

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
        self.__dict__.pop("by_title", None)

    def note_name(self, kind: str, name: str, docname: str) -> None:
        self.names[kind][name] = docname

    def clear_doc(self, docname: str) -> None:
        for key in [key for key, paper in self.papers.items() if paper.docname == docname]:
            del self.papers[key]
        for names in self.names.values():
            for name in [name for name, page in names.items() if page == docname]:
                del names[name]
        self.__dict__.pop("by_title", None)

    def merge_domaindata(self, docnames: Set[str], otherdata: dict[str, Any]) -> None:
        for paper in otherdata["papers"].values():
            if paper.docname in docnames:
                # A worker of a parallel read knows only its own pages, so
                # a key declared twice is found here.
                self.note_paper(paper, location=paper.docname)
        for kind, names in otherdata["names"].items():
            self.names[kind].update((name, page) for name, page in names.items() if page in docnames)
        self.__dict__.pop("by_title", None)

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
        docname = self.names.get(typ, {}).get(target)
        if docname is None:
            return None
        return docname, anchor(typ, target), target

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
        for typ, names in self.names.items():
            for name, docname in names.items():
                yield name, name, typ, docname, anchor(typ, name), -1
