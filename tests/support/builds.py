"""Sphinx builds: a MyST page read in-process, and the project copied and built as ``make`` builds it."""

from __future__ import annotations

import io
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util.docutils import docutils_namespace

from digest_archive.text.variants import NAMES_FILE
from support.paths import RAW_DIR, REPO_ROOT


@contextmanager
def sphinx_page(
    page: str, myst_extensions: Iterable[str] = (), builder: str = "dummy"
) -> Iterator[tuple[Sphinx, nodes.document, io.StringIO]]:
    """Read a MyST ``page`` as the archive's build does: its app, resolved doctree and warnings.

    A throw-away Sphinx project with the archive's extension loaded (so the
    ``digest`` domain, raw/file insertion switched off), MyST with
    ``myst_extensions``, built with ``builder``; the doctree is the resolved
    one that builder writes.
    """
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp, "src")
        (src / "raw").mkdir(parents=True)
        (src / "conf.py").write_text(
            "extensions = ['myst_parser', 'digest_archive.sphinxext']\n"
            "smartquotes = False\n"
            f"myst_enable_extensions = {sorted(myst_extensions)!r}\n",
            encoding="utf-8",
        )
        (src / "index.md").write_text(
            "# Test\n\n```{toctree}\n:hidden:\n\ndigests/index\n```\n", encoding="utf-8"
        )
        (src / "page.md").write_text(page, encoding="utf-8")
        warnings = io.StringIO()
        # A fresh docutils registry per app, as sphinx.testing does.
        with docutils_namespace():
            app = Sphinx(
                str(src),
                str(src),
                str(Path(tmp, "out")),
                str(Path(tmp, "doctrees")),
                builder,
                status=None,
                warning=warnings,
                freshenv=True,
            )
            app.build()
            yield app, app.env.get_and_resolve_doctree("page", app.builder, tags=app.tags), warnings


def sphinx_doctree(page: str, myst_extensions: Iterable[str] = ()) -> tuple[nodes.document, str]:
    """The resolved doctree of a MyST ``page`` and the warnings (see :func:`sphinx_page`)."""
    with sphinx_page(page, myst_extensions) as (_, document, warnings):
        return document, warnings.getvalue()


def copy_project(tmp: Path) -> Path:
    """A copy of the Sphinx project (conf.py, names.toml, hand-written pages, raw/) in ``tmp``."""
    project = tmp / "project"
    project.mkdir()
    shutil.copy(REPO_ROOT / "conf.py", project / "conf.py")
    shutil.copy(REPO_ROOT / NAMES_FILE, project / NAMES_FILE)
    shutil.copytree(REPO_ROOT / "source", project / "source", ignore=shutil.ignore_patterns("digests"))
    shutil.copytree(RAW_DIR, project / "raw")
    return project


def sphinx_build(project: Path, *extra: str, builder: str = "html") -> subprocess.CompletedProcess[str]:
    """``sphinx-build`` of ``project`` as ``make`` runs it (``-n -W``) into ``_build/BUILDER``."""
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "sphinx",
            "-b",
            builder,
            "-c",
            ".",
            "-n",
            "-W",
            "--keep-going",
            "--no-color",  # CI=true makes Sphinx colour its output
            *extra,
            "source",
            f"_build/{builder}",
        ],
        cwd=project,
        capture_output=True,
        text=True,
        check=False,
    )
