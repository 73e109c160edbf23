"""Moving through the archive: a digest's previous and next, and the sidebar's reader and project parts.

Digest pages are orphans, outside any toctree, so Sphinx knows no previous
or next page for them: the theme's links to them (``<link rel="prev">``,
furo's footer) come from the neighbours the converter names in each page's
metadata. A theme's sidebar is the whole toctree, resolved for each page;
the digests of a year share one. It lists the years, and the months of one
of them, not their days, so it stays a link a year; the project's pages are apart.
"""

from __future__ import annotations

import datetime as dt
import posixpath
import re
from typing import Any

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.environment.adapters.toctree import global_toctree_for_doc

from ...i18n import N_, _, long_date, month_name
from ...render.digest import NEXT_KEY, PREVIOUS_KEY
from ...render.escaping import escape
from ...render.listings import month_anchor


def setup(app: Sphinx) -> None:
    shared = _SharedNavigation()
    app.connect("builder-inited", shared.start)
    # Before the theme's own handler, which builds its sidebar from "toctree".
    app.connect("html-page-context", shared.share, priority=100)
    app.connect("html-page-context", _link_neighbours)


def _link_neighbours(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    """Point the theme's previous and next links at the digests before and after this one."""
    metadata = app.env.metadata.get(pagename, {})
    if PREVIOUS_KEY not in metadata and NEXT_KEY not in metadata:
        return
    for name, key in (("prev", PREVIOUS_KEY), ("next", NEXT_KEY)):
        path = metadata.get(key)
        # Titles are HTML to the theme; a date's is plain ASCII, escaped all the same.
        context[name] = path and {
            "link": app.builder.get_relative_uri(pagename, f"{app.config.digest_pages_dir}/{path}"),
            "title": escape(long_date(dt.date.fromisoformat(posixpath.basename(path)))),
        }


class _SharedNavigation:
    """The site navigations resolved in one application's build, kept for the pages that share them."""

    def __init__(self) -> None:
        #: (folder or page, its parents, toctree options) -> the reader's part and the project's, as HTML.
        self.trees: dict[tuple[Any, ...], tuple[str, str]] = {}

    def start(self, app: Sphinx) -> None:
        self.trees = {}

    def share(
        self, app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
    ) -> None:
        _share_navigation(app, pagename, context, self.trees)


#: The caption of the project's part of the navigation (``source/index.md``'s second toctree).
PROJECT_CAPTION = N_("About the project")
#: The navigation's captions as ``source/index.md`` writes them, shown in the interface's language.
CAPTIONS = (N_("Browse"), PROJECT_CAPTION)
#: The options Furo resolves its sidebar with; the project's part is taken from that tree.
_FURO_OPTIONS = {"collapse": False, "titles_only": True, "maxdepth": -1, "includehidden": True}


def _share_navigation(
    app: Sphinx, pagename: str, context: dict[str, Any], cache: dict[tuple[Any, ...], tuple[str, str]]
) -> None:
    """The site navigation in two parts: the reader's (``toctree``), and the project's pages.

    The theme's sidebar shows the first (``toctree``), the archive's indices
    after it (``digest-indices.html``), and the project's pages last
    (``digest-project.html``, from ``digest_project_navigation``). The
    page's own year (or the newest) lists its months, linked to its page's
    calendars; no year lists its days.

    Digest pages are orphans: the tree marks none of its entries as theirs,
    so all the digests of a year (one folder, so the same relative links)
    get the same tree, resolved once per folder instead of once per page
    (``source/performance.md`` says what that saves). So do the pages the
    builder writes that are no documents (authors' own pages), whose tree
    marks nothing at all.
    """
    if context.get("toctree") is None:
        return
    root = pagename
    parents: tuple[str, ...] = ()
    # Whose tree the page shares: its own, unless another page's links are its.
    owner = pagename
    if pagename not in app.env.all_docs:
        # A page the builder writes that is no document (an author's own page):
        # no entry of the tree is its, so the pages of a folder share one tree.
        owner = f"{posixpath.dirname(pagename)}/"
    elif "orphan" in app.env.metadata.get(pagename, {}):
        # A toctree naming the page (the PDF's contents page) could mark entries
        # as its ancestors; pages with other parents do not share a tree.
        parents = tuple(sorted(app.env.files_to_rebuild.get(pagename, ())))
        # The tree as the folder's index page has it (a year's, for its digests):
        # the same links from the same folder, with the year and its parents
        # marked current, so the theme opens the sidebar on them.
        index = f"{posixpath.dirname(pagename)}/index"
        if index in app.env.all_docs:
            root = owner = index
    shared = root != pagename

    def parts(collapse: bool = True, **options: Any) -> tuple[str, str]:
        key = (owner, parents, collapse, tuple(sorted(options.items())))
        if key not in cache:
            options.setdefault("includehidden", False)
            if options.get("maxdepth") == "":
                del options["maxdepth"]
            builder = app.builder
            tree = global_toctree_for_doc(app.env, root, builder, tags=app.tags, collapse=collapse, **options)
            if tree is None:
                cache[key] = ("", "")
            else:
                # The index page's link to itself is empty; from the other pages
                # of its folder, it is a page away.
                for reference in tree.findall(nodes.reference) if shared else ():
                    if reference.get("refuri") == "":
                        reference["refuri"] = app.builder.get_relative_uri(pagename, root)
                _months_not_days(app, pagename, tree)
                project = _project_part(tree)
                cache[key] = (_render(app, tree), _render(app, project) if project is not None else "")
        return cache[key]

    def shared_toctree(collapse: bool = True, **options: Any) -> str:
        return parts(collapse, **options)[0]

    context["toctree"] = shared_toctree
    context["digest_project_navigation"] = lambda: parts(**_FURO_OPTIONS)[1]


def _render(app: Sphinx, tree: nodes.Element) -> str:
    return str(app.builder.render_partial(tree)["fragment"])


def _project_part(tree: nodes.Element) -> nodes.Element | None:
    """Take the project's caption and list out of ``tree``; every caption in the interface's language."""
    project = None
    for index, child in enumerate(list(tree.children)):
        if not isinstance(child, nodes.title):
            continue
        caption = child.astext()
        if caption in CAPTIONS:
            child.children = [nodes.Text(_(caption))]
        if caption == PROJECT_CAPTION:
            project = tree.deepcopy()
            project.children = []
            moved = tree.children[index:]
            del tree.children[index:]
            project.extend(moved)
    return project


def _months_not_days(app: Sphinx, pagename: str, tree: nodes.Element) -> None:
    """List no year's days; give one year its months, linked to its page's calendars.

    The year with months is the page's own (a digest's, or the year's page),
    or the newest on any other page. Every year's months on every page made
    the sidebar 13 links longer a year: 68 MB of the site at 4,000 digests.
    """
    pages = app.config.digest_pages_dir
    includes = app.env.toctree_includes
    years = [doc for doc in includes.get(f"{pages}/index", []) if _YEAR_INDEX.fullmatch(doc[len(pages) :])]
    own = f"{posixpath.dirname(pagename)}/index"
    shown = own if own in years else max(years, default=None)
    for year_doc in years:
        days = [day for day in includes.get(year_doc, []) if _DAY.fullmatch(posixpath.basename(day))]
        if not days:
            continue
        year_uri = "" if year_doc == pagename else app.builder.get_relative_uri(pagename, year_doc)
        links = [ref for ref in tree.findall(nodes.reference) if ref.get("refuri") == year_uri]
        for item in [link.parent.parent for link in links]:
            if not isinstance(item, nodes.list_item):
                continue
            for nested in [child for child in item.children if isinstance(child, nodes.bullet_list)]:
                item.remove(nested)
            if year_doc != shown:
                continue
            level = next((int(c[9:]) for c in item["classes"] if c.startswith("toctree-l")), 1) + 1
            item += _months(year_uri, days, level)


_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
_YEAR_INDEX = re.compile(r"/\d{4}/index")


def _months(year_uri: str, days: list[str], level: int) -> nodes.bullet_list:
    """A year's months with digests, newest first, each linked to its calendar on the year's page.

    None is marked current: the digests of a folder share one tree.
    """
    listed = nodes.bullet_list()
    for month in sorted({posixpath.basename(day)[:7] for day in days}, reverse=True):
        name = month_name(int(month[5:]))
        reference = nodes.reference("", name, refuri=f"{year_uri}#{month_anchor(month)}", internal=True)
        paragraph = addnodes.compact_paragraph("", "", reference)
        listed += nodes.list_item("", paragraph, classes=[f"toctree-l{level}"])
    return listed
