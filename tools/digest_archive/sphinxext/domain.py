"""The ``digest`` Sphinx domain: papers, authors, affiliations and categories.

Modelled on Sphinx's own domains. Digest pages declare their papers with the
``digest:paper`` directive (:mod:`.papers.cards`), and the listing pages their
authors, affiliations and categories with ``digest:names``
(:mod:`.names.listings`): each module adds its directives to the domain in its own
``setup``, and the domain imports none of them. The domain keeps both by
docname, so ``clear_doc`` and ``merge_domaindata`` let parallel and
incremental builds re-read only the pages that changed. A category is
declared by its page; an author or an affiliation by the papers that name
it, and its page is its own, which the builder writes at an address that
never changes (:attr:`DigestDomain.name_stems`, :mod:`.names.pages`).

Roles: ``{digest:paper}`` (by key or exact title), ``{digest:author}``,
``{digest:affiliation}``, ``{digest:category}``, with the short aliases
``{paper}``, ``{author}``, ``{affiliation}``, ``{category}``. The objects go
into ``objects.inv``, so other projects can cite archive papers through
intersphinx, all but those whose line of it would not read back as written
(:mod:`.inventory`): that format escapes nothing, and a name from a digest
could otherwise define other objects there. Their pages still list them,
and the roles still find them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Set
from functools import cached_property
from typing import Any, ClassVar, NamedTuple, cast

from docutils import nodes
from docutils.nodes import Element
from sphinx.addnodes import pending_xref
from sphinx.application import Sphinx
from sphinx.builders import Builder
from sphinx.domains import Domain, ObjType
from sphinx.environment import BuildEnvironment
from sphinx.roles import XRefRole
from sphinx.util import logging
from sphinx.util.nodes import make_refnode
from sphinx.util.typing import RoleFunction

from ..render.contract import DOMAIN
from ..render.names import KINDS, anchor, assign_stems, own_page, permalink_stem
from ..render.profiles import NAMED, names_of
from .inventory import reads_back

logger = logging.getLogger(__name__)


def setup(app: Sphinx) -> None:
    app.add_domain(DigestDomain)
    for name in ("paper", "author", "affiliation", "category"):
        app.add_role(name, DigestXRefRole(warn_dangling=True))


class Paper(NamedTuple):
    """What the domain remembers of a paper: plain values, cheap to pickle."""

    key: str
    title: str
    date: dt.date
    docname: str
    authors: tuple[str, ...]
    affiliations: tuple[str, ...]
    category: str
    #: Whether the digest marks it as especially worth reading (★).
    highlighted: bool = False
    #: Its Chinese title, as the digest gives it; empty without one.
    title_zh: str = ""
    #: Its one-line summary (``一句话总结``) on one line; empty without one.
    summary: str = ""
    #: The arXiv id of its first arXiv link (``2210.06441``); empty without one.
    arxiv: str = ""
    #: The paper across digests (:func:`~digest_archive.text.identity.identity`); empty without one.
    identity: str = ""


def digest_domain(env: BuildEnvironment) -> DigestDomain:
    """The environment's ``digest`` domain, as its own type."""
    return cast(DigestDomain, env.domains[DOMAIN])


class DigestXRefRole(XRefRole):
    """An XRefRole that belongs to the ``digest`` domain even under a short alias."""

    def run(self) -> tuple[list[nodes.Node], list[nodes.system_message]]:
        if ":" not in self.name:
            self.name = f"digest:{self.name}"
        return super().run()


class DigestDomain(Domain):
    """Papers of the archive and the people, places and subjects behind them."""

    name = DOMAIN
    label = "Digest archive"
    object_types: ClassVar[dict[str, ObjType]] = {
        "paper": ObjType("paper", "paper"),
        "author": ObjType("author", "author"),
        "affiliation": ObjType("affiliation", "affiliation"),
        "category": ObjType("category", "category"),
    }
    roles: ClassVar[dict[str, RoleFunction | XRefRole]] = {
        "paper": DigestXRefRole(warn_dangling=True),
        "author": DigestXRefRole(warn_dangling=True),
        "affiliation": DigestXRefRole(warn_dangling=True),
        "category": DigestXRefRole(warn_dangling=True),
    }
    # papers: key -> Paper; names: category -> the docname of its page;
    # left_out: type -> key or category -> docname, the objects objects.inv
    # cannot hold, judged once when a page declares them (get_objects runs
    # over every object at every build, the reading only over the pages that
    # changed); verdicts: author or affiliation -> whether objects.inv can
    # hold it, judged when a paper first names it, kept across builds (judged
    # in get_objects, after Sphinx pickles the environment, they were lost
    # and all judged again at every build: half a second at 1,000 digests);
    # permalinks: author or affiliation -> the stem its page would have but
    # for a collision (permalink_stem), made once too, for name_stems.
    initial_data: ClassVar[dict[str, Any]] = {
        "papers": {},
        "names": {"category": {}},
        "stems": {"category": {}},
        "left_out": {"paper": {}, "category": {}},
        "verdicts": {kind: {} for kind in NAMED},
        "permalinks": {kind: {} for kind in NAMED},
    }
    data_version = 12
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
        """The categories, with the docname of the page that declares them."""
        return self.data["names"]

    @property
    def stems(self) -> dict[str, dict[str, str]]:
        """The categories, with their page's name."""
        return self.data["stems"]

    @cached_property
    def name_stems(self) -> dict[str, dict[str, str]]:
        """Each author and affiliation, with the name of their own page (:func:`.own_page`).

        Made from the papers, by the day each name first appears
        (:func:`~digest_archive.render.names.assign_stems`), so a name keeps
        its page as the archive grows; made once a build, when first asked.
        """
        first: dict[str, dict[str, dt.date]] = {kind: {} for kind in NAMED}
        for paper in self.papers.values():
            for kind in NAMED:
                seen = first[kind]
                for name in names_of(kind, paper):
                    if name not in seen or paper.date < seen[name]:
                        seen[name] = paper.date
        return {kind: assign_stems(kind, first[kind], self.data["permalinks"][kind]) for kind in NAMED}

    @property
    def left_out(self) -> dict[str, dict[str, str]]:
        """Each type's objects that ``objects.inv`` leaves out, with the docname that declared them."""
        return self.data["left_out"]

    def note_paper(self, paper: Paper, location: Any = None) -> None:
        self._add_paper(paper, location, in_inventory=self._in_inventory(_paper_object(paper)))

    def _add_paper(self, paper: Paper, location: Any, *, in_inventory: bool) -> None:
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
        for kind in NAMED:
            verdicts, permalinks = self.data["verdicts"][kind], self.data["permalinks"][kind]
            for name in names_of(kind, paper):
                if name not in verdicts:
                    verdicts[name] = self._in_inventory(_name_object(kind, name, _ANY_PAGE, ""))
                if name not in permalinks:
                    permalinks[name] = permalink_stem(kind, name)
        # The paper declared last is the one written: its verdict replaces any other's.
        if in_inventory:
            self.left_out["paper"].pop(paper.key, None)
        else:
            self.left_out["paper"][paper.key] = paper.docname
        self._forget()

    def _forget(self) -> None:
        """Drop what is made from the papers: they changed."""
        self.__dict__.pop("by_title", None)
        self.__dict__.pop("name_stems", None)

    def note_name(self, kind: str, name: str, docname: str, stem: str) -> None:
        """Declare a category on its page ``docname``, whose name is ``stem``."""
        self.names[kind][name] = docname
        self.stems[kind][name] = stem
        # A name's verdict depends on nothing but its kind and itself.
        if not self._in_inventory(_name_object(kind, name, docname, anchor(kind, name))):
            self.left_out[kind][name] = docname

    def _in_inventory(self, obj: tuple[str, str, str, str, str, int]) -> bool:
        """Whether ``objects.inv`` can hold ``obj``, an object as :meth:`get_objects` yields it."""
        # Its docname stands for its page's URI, which is the docname with the
        # builder's suffix: no blank, so the same verdict.
        return reads_back(self.name, *obj)

    def clear_doc(self, docname: str) -> None:
        for key in [key for key, paper in self.papers.items() if paper.docname == docname]:
            del self.papers[key]
        for kind, names in self.names.items():
            for name in [name for name, page in names.items() if page == docname]:
                del names[name], self.stems[kind][name]
        for objects in self.left_out.values():
            for name in [name for name, page in objects.items() if page == docname]:
                del objects[name]
        self._forget()

    def merge_domaindata(self, docnames: Set[str], otherdata: dict[str, Any]) -> None:
        left_out = otherdata["left_out"]
        # The worker judged its papers' names: not judged again as they are added.
        for kind in NAMED:
            self.data["verdicts"][kind].update(otherdata["verdicts"][kind])
            self.data["permalinks"][kind].update(otherdata["permalinks"][kind])
        for paper in otherdata["papers"].values():
            if paper.docname in docnames:
                # A worker of a parallel read knows only its own pages, so
                # a key declared twice is found here; the worker judged it.
                self._add_paper(paper, paper.docname, in_inventory=paper.key not in left_out["paper"])
        for kind, names in otherdata["names"].items():
            self.names[kind].update((name, page) for name, page in names.items() if page in docnames)
            self.stems[kind].update(
                (name, otherdata["stems"][kind][name]) for name, page in names.items() if page in docnames
            )
            self.left_out[kind].update(
                (name, page) for name, page in left_out[kind].items() if page in docnames
            )
        self._forget()

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
        if typ in NAMED:
            stem = self.name_stems[typ].get(target)
            if stem is None:
                return None
            return own_page(self.env.config.digest_pages_dir, typ, stem), "", target
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
    ) -> Element | None:
        found = self._find(typ, target)
        if found is None:
            return None
        docname, anchor_id, title = found
        if typ in NAMED and builder.format != "html":
            # A name's own page is the HTML builder's; a PDF has no page to link.
            return contnode
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
    ) -> list[tuple[str, Element]]:
        results = []
        for typ in self.object_types:
            ref = self.resolve_xref(env, fromdocname, builder, typ, target, node, contnode)
            if ref is not None:
                results.append((f"digest:{typ}", ref))
        return results

    def get_objects(self) -> Iterator[tuple[str, str, str, str, str, int]]:
        # Sphinx asks once a build, when it writes objects.inv: the HTML
        # builders' search index, the other asker, is switched off (.search).
        pages_dir = self.env.config.digest_pages_dir
        verdicts = self.data["verdicts"]
        # A name's verdict was judged when a paper first named it (_add_paper);
        # the verdicts of names no paper has any longer are not counted.
        held = {
            typ: [(name, stem) for name, stem in stems.items() if verdicts[typ][name]]
            for typ, stems in self.name_stems.items()
        }
        left = [_count(len(self.left_out[typ]), typ) for typ in self.left_out if self.left_out[typ]]
        left += [
            _count(number, typ)
            for typ, stems in self.name_stems.items()
            if (number := len(stems) - len(held[typ]))
        ]
        if left:
            logger.info(
                "digest: %s left out of objects.inv: their names would not read back from its lines "
                "as written (their pages still list them)",
                ", ".join(left),
            )
        refused = self.left_out["paper"]
        for paper in self.papers.values():
            if paper.key not in refused:
                yield _paper_object(paper)
        for typ, names in self.names.items():
            refused = self.left_out[typ]
            for name, docname in names.items():
                if name not in refused:
                    yield _name_object(typ, name, docname, anchor(typ, name))
        for typ, names in held.items():
            yield from (_name_object(typ, name, own_page(pages_dir, typ, stem), "") for name, stem in names)


#: What a name's verdict is judged with for the address of its page, which
#: the name's stem gives only once all papers are read: any address without
#: a blank gives the same verdict (.inventory.reads_back).
_ANY_PAGE = "page"


def _count(number: int, typ: str) -> str:
    """``1 paper``, ``3 affiliations``: a number of objects of a type."""
    return f"{number} {typ if number == 1 else {'paper': 'papers', **KINDS}[typ]}"


def _paper_object(paper: Paper) -> tuple[str, str, str, str, str, int]:
    """A paper as ``get_objects`` yields it: under its key, shown by its title."""
    # The parser writes titles with single spaces; collapsed here all the same,
    # as Sphinx collapses the project's name in the inventory's header, so a
    # title never breaks a line. Kept, not dropped for "-": a downstream link
    # to a paper by its key then shows its title.
    return paper.key, " ".join(paper.title.split()) or paper.key, "paper", paper.docname, paper.key, 1


def _name_object(kind: str, name: str, docname: str, anchor_id: str) -> tuple[str, str, str, str, str, int]:
    """An author, affiliation or category as ``get_objects`` yields it, on its page at ``anchor_id``."""
    # Priority -1: in objects.inv for intersphinx, but not in the full-text
    # search results, which list the papers themselves.
    return name, name, kind, docname, anchor_id, -1
