"""The raw digests, converted into MyST pages before Sphinx reads any source.

Before Sphinx reads any source, the raw folder is checked (only
``YYYY/YYYY-MM-DD.txt`` files belong there; anything else stops the build
before a digest is read), the digests are converted into MyST pages below
``source/<digest_pages_dir>``, rewriting only pages whose text changed, and
their lint errors are reported as build warnings at the raw file's line, so
``-W`` fails the build on a broken digest.

Generated pages are data: besides the converter's escaping, docutils'
``raw`` directive and file insertion (``include``, ``literalinclude``,
``raw :file:``) are off for the whole build, as "Deploying Docutils
Securely" advises for untrusted input.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.util import logging
from sphinx.util.display import status_iterator

from ..archive.convert import convert
from ..archive.files import scan
from ..lint import REGISTRY, Severity, lint_path
from ..lint.formats import format_text
from ..render.names import LIMIT

logger = logging.getLogger(__name__)


def setup(app: Sphinx) -> None:
    app.add_config_value("digest_raw_dir", "raw", "env", types=frozenset({str}))
    app.add_config_value("digest_pages_dir", "digests", "env", types=frozenset({str}))
    # Rows (names and papers) on one page of authors or affiliations.
    app.add_config_value("digest_listing_limit", LIMIT, "env", types=frozenset({int}))
    app.connect("builder-inited", _secure_docutils)
    app.connect("builder-inited", _convert_raw)


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

    result = convert(raw, out_dir, progress, app.config.digest_listing_limit)
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
        "digest: %d raw digests, %d read again; %d pages written, %d unchanged, %d removed; "
        "%d statistics files written",
        len(result.sources),
        len(result.surveyed),
        len(result.written),
        result.unchanged,
        len(result.removed),
        len(result.drawn),
    )
