"""The raw digests, converted into MyST pages before Sphinx reads any source.

Before Sphinx reads any source, the raw folder is checked (only
``YYYY/YYYY-MM-DD.txt`` files of a day a digest can have belong there;
anything else stops the build before a digest is read), the new and changed
digests are parsed and linted, and a digest with a lint error stops the
build before any page is written, with the same lines ``digest lint`` gives:
what lint refuses costs the build what linting it costs, and never reaches
a page. The rules are those ``digest lint`` runs in the project's folder:
``[tool.digest.lint]`` in its ``pyproject.toml`` chooses them for both. The
digests are then converted into MyST pages below
``source/<digest_pages_dir>``, rewriting only pages whose text changed. The statistics' drawings the
conversion asks for are made in another process while Sphinx reads
(:func:`~..tuning.in_background`), and waited for when the statistics page
wants them (the ``digest-drawings-wanted`` event) or the build ends. The
conversion's outcome is then handed to the modules that need what it knows
of every digest (the feeds) by the ``digest-converted`` event.

Each digest page links its raw file (``{digest:raw}``); the HTML builders
publish the raw files at the end of the build, as the layout has them, in
``raw/`` of the site (:data:`PUBLISHED`), copying only new and changed ones.

Generated pages are data: besides the converter's escaping, docutils'
``raw`` directive and file insertion (``include``, ``literalinclude``,
``raw :file:``) are off for the whole build, as "Deploying Docutils
Securely" advises for untrusted input.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.errors import ConfigError as SphinxConfigError
from sphinx.util import logging
from sphinx.util.display import status_iterator
from sphinx.util.docutils import SphinxRole
from sphinx.util.osutil import relative_uri

from ...archive.convert import remember, survey_all, write_pages
from ...archive.figures import Drawing, make_drawings
from ...archive.files import UsageError, publish_days, read_names, scan
from ...lint import REGISTRY, Severity, lint_path
from ...lint.config import ConfigError, LintConfig, Selection, config_for, kept
from ...lint.formats import format_text
from ...text.dates import date_from_path
from ...text.layout import day_parts, place
from ...text.variants import NAMES_FILE
from ..tuning import in_background
from .credit import curation

logger = logging.getLogger(__name__)


def setup(app: Sphinx) -> None:
    app.add_config_value("digest_raw_dir", "raw", "env", types=frozenset({str}))
    app.add_config_value("digest_pages_dir", "digests", "env", types=frozenset({str}))
    # Emitted with the Conversion once raw/ is converted, before Sphinx reads a page.
    app.add_event("digest-converted")
    # Emitted before the statistics' drawings are read: they are made by then.
    app.add_event("digest-drawings-wanted")
    drawings = _Drawings()
    app.connect("builder-inited", _secure_docutils)
    app.connect("builder-inited", functools.partial(_convert_raw, drawings=drawings))
    app.connect("digest-drawings-wanted", drawings.wait)
    # First, so that every drawing is made before anything else ends the build.
    app.connect("build-finished", drawings.wait, priority=0)
    app.add_role_to_domain("digest", "raw", RawRole())
    app.connect("doctree-resolved", _link_raw_files)
    app.connect("build-finished", _publish_raw)


def _secure_docutils(app: Sphinx) -> None:
    app.env.settings["raw_enabled"] = False
    app.env.settings["file_insertion_enabled"] = False


class RawFolderRefused(SystemExit):
    """The raw folder holds what the build refuses: the build stops before it is converted.

    Something other than day files (stopped before any digest is read), or
    a digest with a lint error (stopped before any page is written). A
    ``SystemExit``, as from ``sys.exit``: what is wrong is the input, and it
    is said in one line per finding, without Sphinx's crash report.
    """


class _Drawings:
    """The statistics' drawings an application's build makes in the background, until waited for."""

    def __init__(self) -> None:
        self.pending: Callable[[], None] | None = None

    def make(self, app: Sphinx, drawings: Sequence[Drawing]) -> None:
        self.wait(app)
        self.pending = in_background(app, make_drawings, drawings)

    def wait(self, app: Sphinx, *_: Any) -> None:
        pending, self.pending = self.pending, None
        if pending is not None:
            pending()


def _convert_raw(app: Sphinx, drawings: _Drawings) -> None:
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
    config = _lint_config(confdir)
    chosen = set(config.chosen(Selection()))

    def progress(names: list[str]) -> Iterable[str]:
        return status_iterator(names, "reading raw digests... ", "darkgreen", len(names), app.verbosity)

    found = survey_all(raw, out_dir, progress)
    errors = [
        problem
        for source in found.sources
        for problem in source.problems
        if problem.severity is Severity.ERROR
        and kept(problem, chosen, config.ignored_in(str(confdir / source.name)))
    ]
    if errors:
        remember(found, out_dir)
        names = sorted({problem.path for problem in errors})
        raise RawFolderRefused(
            f"{format_text(errors)}digest: the build stopped before writing any page: "
            f"{len(names)} digest{'s' if len(names) != 1 else ''} with lint errors "
            f"(run 'digest lint {' '.join(names)}')"
        )
    try:
        names = read_names((confdir / raw_dir).parent / NAMES_FILE)
    except UsageError as error:
        raise RawFolderRefused(f"digest: the build stopped before writing any page: {error}") from None
    result = write_pages(
        found, raw, out_dir, functools.partial(drawings.make, app), names, curation=curation(app)
    )
    logger.info(
        "digest: %d raw digests, %d read again; %d pages written, %d unchanged, %d removed; "
        "%d statistics files written",
        len(result.sources),
        len(result.surveyed),
        len(result.written),
        result.unchanged,
        len(result.removed),
        len(result.drawn),
    )
    app.emit("digest-converted", result)


def _lint_config(confdir: Path) -> LintConfig:
    """``[tool.digest.lint]`` as ``digest lint`` finds it from the project's folder, or the default."""
    try:
        return config_for(confdir)
    except ConfigError as error:
        # As 'digest lint' would refuse it: the same file must not mean two things.
        raise SphinxConfigError(str(error)) from error


#: Where the HTML builders publish the raw files, below the output folder.
PUBLISHED = "raw"


class RawRole(SphinxRole):
    """``{digest:raw}`PATH```: a raw digest's file (``raw/2020/2020-12-16.txt``), linked to its copy.

    Only a day's file of the layout, below the raw folder, is linked; any
    other path is shown as it is. The link is made relative to each page as
    it is written (:func:`_link_raw_files`).
    """

    def run(self) -> tuple[list[nodes.Node], list[nodes.system_message]]:
        shown = nodes.literal(self.text, self.text)
        parts, date = place(self.text, self.config.digest_raw_dir), date_from_path(self.text)
        if date is None or parts != day_parts(date):
            return [shown], []
        link = nodes.reference("", "", shown, internal=False, classes=["digest-raw"])
        link["digest_raw"] = "/".join(parts)
        return [link], []


def _link_raw_files(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    for link in list(doctree.findall(nodes.reference)):
        if "digest_raw" not in link:
            continue
        if app.builder.format == "html":
            page = app.builder.get_target_uri(docname)
            link["refuri"] = relative_uri(page, f"{PUBLISHED}/{link['digest_raw']}")
        else:  # the PDF has no copy to link to
            link.replace_self(link.children)


def _publish_raw(app: Sphinx, exception: Exception | None) -> None:
    """Copy the raw files the build converted into the site, as the pages link them."""
    if exception is not None or app.builder.format != "html":
        return
    confdir, raw_dir = Path(app.confdir), app.config.digest_raw_dir
    if not os.path.lexists(confdir / raw_dir):
        return
    # Checked again as before converting: only day files, never a link, are copied.
    found = [
        path for path in scan([raw_dir], raw_dir, base=confdir) if not lint_path(REGISTRY.values(), path)
    ]
    raw = {path.name: confdir / path.name for path in found}
    copied = publish_days(raw, raw_dir, Path(app.outdir) / PUBLISHED)
    logger.info("digest: %d raw digests published in %s/", len(copied), PUBLISHED)
