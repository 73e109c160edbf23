"""The Sphinx extension that turns ``raw/`` into the archive.

Add ``"digest_archive.sphinxext"`` to ``extensions``. Before Sphinx reads any
source, the raw digests are parsed and converted into MyST pages below
``source/<digest_pages_dir>``; only pages whose text changed are rewritten,
so an incremental build re-reads just those. Lint errors in a raw digest are
reported as build warnings at the raw file's line, so ``-W`` fails the build
on a broken digest.

Generated pages are data: besides the converter's escaping, the extension
turns off docutils' ``raw`` directive and file insertion (``include``,
``literalinclude``, ``raw :file:``) for the whole build, as "Deploying
Docutils Securely" advises for untrusted input.
"""

from __future__ import annotations

import atexit
import gc
import os
import posixpath
import re
import weakref
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import sphinx_copybutton
from docutils import nodes
from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.util import logging
from sphinx.util.display import status_iterator
from sphinx.util.docutils import SphinxDirective

from . import __version__
from .archive.convert import convert
from .archive.files import scan
from .domain import (
    DigestDomain,
    DigestXRefRole,
    card_nodes,
    cite_block,
    paper_card,
    skip_node,
    visit_cite_block_html,
    visit_paper_card_html,
)
from .lint import REGISTRY, Rule, Severity, lint_path, select_rules
from .lint.formats import format_text
from .search import EXAMPLE_CLASS

logger = logging.getLogger(__name__)

_INLINE_LITERAL = re.compile(r"``(.+?)``")


TEMPLATES = Path(__file__).parent / "templates"
STATIC = Path(__file__).parent / "static"
COPYBUTTON_STATIC = Path(sphinx_copybutton.__file__).parent / "_static"


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_config_value("digest_raw_dir", "raw", "env", types=frozenset({str}))
    app.add_config_value("digest_pages_dir", "digests", "env", types=frozenset({str}))
    # Code blocks (BibTeX above all) get copy buttons from sphinx-copybutton;
    # {arxiv} comes from sphinx.ext.extlinks.
    app.setup_extension("sphinx.ext.extlinks")
    app.setup_extension("sphinx_copybutton")
    app.setup_extension("digest_archive.search")
    app.setup_extension("digest_archive.latex")
    app.add_domain(DigestDomain)
    app.add_node(paper_card, html=(visit_paper_card_html, None))
    app.add_node(cite_block, html=(visit_cite_block_html, None), latex=(skip_node, None))
    for name in ("paper", "author", "affiliation", "category"):
        app.add_role(name, DigestXRefRole(warn_dangling=True))
    app.connect("config-inited", _configure)
    # Before the environment is unpickled, which comes next.
    app.connect("config-inited", _collect_less_often, priority=900)
    # Before the raw digests are parsed, the first heavy allocation.
    app.connect("builder-inited", _freeze_heap, priority=100)
    app.connect("builder-inited", _dedupe_static_path, priority=900)
    app.connect("builder-inited", _secure_docutils)
    app.connect("builder-inited", _convert_raw)
    app.connect("doctree-resolved", _expand_paper_cards)
    app.connect("env-before-read-docs", _read_few_serially)
    app.connect("env-updated", _restore_parallel)
    app.connect("env-updated", _freeze_heap)
    app.connect("build-finished", _restore_collection, priority=900)
    # Before the theme's own handler, which builds its sidebar from "toctree".
    app.connect("html-page-context", _share_navigation, priority=100)
    app.add_directive("digest-lint-rules", LintRulesDirective)
    return {
        "version": __version__,
        "env_version": 7,
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }


def _configure(app: Sphinx, config: Config) -> None:
    config.templates_path = [*config.templates_path, str(TEMPLATES)]
    config.extlinks = {"arxiv": ("https://arxiv.org/abs/%s", "arXiv:%s"), **config.extlinks}
    # sphinx-copybutton appends its static folder at builder-inited, after
    # Sphinx compared this configuration with the pickled one; left alone,
    # every incremental build would see a "changed" html_static_path and
    # rewrite every page. Adding it now (and de-duplicating after it ran)
    # keeps the two equal.
    config.html_static_path = [*config.html_static_path, str(STATIC), str(COPYBUTTON_STATIC)]


def _dedupe_static_path(app: Sphinx) -> None:
    app.config.html_static_path = list(dict.fromkeys(app.config.html_static_path))


def _secure_docutils(app: Sphinx) -> None:
    app.env.settings["raw_enabled"] = False
    app.env.settings["file_insertion_enabled"] = False


class RawFolderRefused(SystemExit):
    """The raw folder holds something other than day files: the build stops before reading it.

    A ``SystemExit``, as from ``sys.exit``: what is wrong is the input, and
    it is said in one line per path, without Sphinx's crash report.
    """


def _convert_raw(app: Sphinx) -> None:
    confdir = Path(app.confdir)
    raw_dir = app.config.digest_raw_dir
    out_dir = Path(app.srcdir) / app.config.digest_pages_dir
    if not os.path.lexists(confdir / raw_dir):
        logger.warning("digest: raw folder %s not found", confdir / raw_dir, type="digest", subtype="raw")
        return
    found = scan([raw_dir], raw_dir, base=confdir)
    # Checked before any digest is read: a link or a second file for a day
    # must not reach a page, even one that a failing build still writes.
    refused = [problem for path in found for problem in lint_path(REGISTRY.values(), path)]
    if refused:
        raise RawFolderRefused(
            f"{format_text(refused)}digest: only {raw_dir}/YYYY/YYYY-MM-DD.txt files belong in "
            f"{raw_dir}/; the build stopped before reading any digest (see 'digest rules "
            f"{' '.join(sorted({problem.code for problem in refused}))}')"
        )
    raw = {path.name: confdir / path.name for path in found}

    def progress(names: list[str]) -> Iterable[str]:
        return status_iterator(names, "reading raw digests... ", "darkgreen", len(names), app.verbosity)

    result = convert(raw, out_dir, progress)
    for source in result.sources:
        for problem in source.problems:
            if problem.severity is Severity.ERROR:
                logger.warning(
                    "%s %s (run 'digest lint %s')",
                    problem.code,
                    problem.message,
                    source.name,
                    location=f"{confdir / source.name}:{problem.line}",
                    type="digest",
                    subtype=problem.code,
                )
    logger.info(
        "digest: %d raw digests, %d read again; %d pages written, %d unchanged, %d removed",
        len(result.sources),
        len(result.surveyed),
        len(result.written),
        result.unchanged,
        len(result.removed),
    )


def _expand_paper_cards(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    # The HTML writer expands each card as it writes it (its names link to
    # the index pages); every other builder (the PDF's LaTeX above all) gets
    # the same nodes, with plain names, in the doctree it writes.
    if app.builder.format != "html":
        for card in list(doctree.findall(paper_card)):
            card.replace_self(card_nodes(card, links=None))


#: Sphinx before 8 read this many documents or fewer in one process.
SERIAL_READ_MAX = 5
_PARALLEL: weakref.WeakKeyDictionary[Sphinx, int] = weakref.WeakKeyDictionary()


def _read_few_serially(app: Sphinx, env: Any, docnames: list[str]) -> None:
    """Read a handful of changed pages in Sphinx's own process.

    Sphinx 9 reads in worker processes whatever the number of pages, and
    each worker sends the whole environment back: a new digest (five pages)
    took 5 s to read at a thousand digests, instead of half a second. Sphinx
    before 8 read five pages or fewer serially; this restores that, for the
    reading only (:func:`_restore_parallel`).
    """
    if app.parallel > 1 and len(docnames) <= SERIAL_READ_MAX:
        _PARALLEL[app] = app.parallel
        app.parallel = 1


def _restore_parallel(app: Sphinx, env: Any) -> None:
    if app in _PARALLEL:
        app.parallel = _PARALLEL.pop(app)


#: Allocations between two collections of the youngest generation during a
#: build; Python's default, 700, is made for programs of smaller heaps.
YOUNG_COLLECTION_THRESHOLD = 20_000
_THRESHOLDS: weakref.WeakKeyDictionary[Sphinx, tuple[int, int, int]] = weakref.WeakKeyDictionary()


def _collect_less_often(app: Sphinx, config: Config) -> None:
    """Let the garbage collector run less often while Sphinx unpickles and parses.

    Unpickling the environment (loading it, and in a parallel read once for
    each worker's batch) allocates hundreds of thousands of nodes, and at
    Python's default threshold each few hundred of them started a
    collection: unpickling a thousand digests' environment took 0.67 s,
    and 0.20 s with this threshold. Young garbage (a page's doctree once it
    is written) is still collected, in fewer, larger passes.
    """
    _THRESHOLDS[app] = gc.get_threshold()
    gc.set_threshold(YOUNG_COLLECTION_THRESHOLD, *_THRESHOLDS[app][1:])


def _freeze_heap(app: Sphinx, *_: Any) -> None:
    """Keep what lives until the build ends out of the garbage collector's passes.

    Python's full collections scan every object alive: at a thousand
    digests, the environment loaded from its pickle (and, once the sources
    are read, the one they filled in) made a fifth of an incremental build's
    time. Frozen objects are skipped (``gc.freeze``); objects made later
    are collected as before. Frozen cyclic garbage waits for
    :func:`_restore_collection`, so nothing leaks past the build.
    """
    gc.freeze()


def _restore_collection(app: Sphinx, exception: BaseException | None) -> None:
    """Hand the heap back to the collector as it was, and freeze it again at exit.

    A process that builds more than once (tests, a live-reload server)
    collects normally between builds. At interpreter exit the collector's
    last full passes would scan the whole heap once more (1.4 s at a
    thousand digests) to free memory the system takes back anyway.
    """
    gc.unfreeze()
    if app in _THRESHOLDS:
        gc.set_threshold(*_THRESHOLDS.pop(app))
    atexit.unregister(gc.freeze)  # one registration, however many builds ran
    atexit.register(gc.freeze)


# Per builder: (folder, the page's parents, toctree options) -> the toctree's HTML.
_NAVIGATION: weakref.WeakKeyDictionary[Any, dict[tuple[Any, ...], str]] = weakref.WeakKeyDictionary()


def _share_navigation(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    """Let the orphan pages of a folder share one site navigation.

    A theme's sidebar is the whole toctree, resolved for each page. Digest
    pages are orphans: the tree marks none of its entries as theirs, so all
    the digests of a year (one folder, so the same relative links) get the
    same tree, and resolving it once per folder instead of once per page
    saved a tenth of a thousand-digest build's writing (``source/performance.md``).
    """
    toctree: Callable[..., str] | None = context.get("toctree")
    if toctree is None or "orphan" not in app.env.metadata.get(pagename, {}):
        return
    # A toctree naming the page (the PDF's contents page) could mark entries
    # as its ancestors; pages with other parents do not share a tree.
    parents = tuple(sorted(app.env.files_to_rebuild.get(pagename, ())))
    cache = _NAVIGATION.setdefault(app.builder, {})
    folder = posixpath.dirname(pagename)

    def shared_toctree(**options: Any) -> str:
        key = (folder, parents, tuple(sorted(options.items())))
        if key not in cache:
            cache[key] = toctree(**options)
        return cache[key]

    context["toctree"] = shared_toctree


class LintRulesDirective(SphinxDirective):
    """``{digest-lint-rules}``: the rule reference, generated from the registry.

    Each rule is a section with the anchor ``#da101`` and the label
    ``digest-lint-da101``.
    """

    has_content = False

    def run(self) -> list[nodes.Node]:
        return [self._rule_section(rule) for rule in select_rules()]

    def _rule_section(self, rule: Rule) -> nodes.section:
        # An explicit target: {ref}`digest-lint-da101` works from any page.
        label = f"digest-lint-{rule.code.lower()}"
        section = nodes.section(ids=[rule.code.lower()], names=[label])
        self.state.document.note_explicit_target(section)
        section += nodes.title("", f"{rule.code} {rule.name}")
        severity = "error: fails the check" if rule.severity is Severity.ERROR else "warning"
        section += nodes.paragraph(
            "", "", nodes.strong("", "", *_inline(rule.summary)), nodes.Text(f" ({severity})")
        )
        for paragraph in rule.explanation.split("\n\n"):
            if paragraph.strip():
                section += nodes.paragraph("", "", *_inline(" ".join(paragraph.split())))
        for example in rule.examples:
            section += nodes.paragraph(
                "", "", nodes.strong("", example.kind), nodes.Text(f" ({example.path}):")
            )
            block = nodes.literal_block(example.text, example.text, classes=[EXAMPLE_CLASS])
            block["language"] = "text"
            section += block
        return section


def _inline(text: str) -> list[nodes.Node]:
    """Plain text with ``literal`` spans; no other markup is interpreted."""
    parts = _INLINE_LITERAL.split(text)
    return [
        nodes.literal(part, part) if index % 2 else nodes.Text(part)
        for index, part in enumerate(parts)
        if part
    ]
