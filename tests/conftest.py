"""Shared fixtures: the repository, its raw digests and their parsed models."""

from __future__ import annotations

import datetime as dt
import io
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from docutils import nodes
from hypothesis import is_hypothesis_test, settings
from playwright.sync_api import Browser, Page, sync_playwright
from sphinx.application import Sphinx
from sphinx.util.docutils import docutils_namespace

from digest_archive.model import Digest
from digest_archive.render.bibtex import citations
from digest_archive.render.digest import DigestPage, Neighbours
from digest_archive.text.dates import date_from_path
from digest_archive.text.parse import parse_digest
from digest_dev import browser as chromium

REPO_ROOT = Path(__file__).resolve().parent.parent
RAW_DIR = REPO_ROOT / "raw"

# `make test` draws the same examples at every run of a commit (derandomized,
# no example database carried between runs), so CI's verdict is the commit's;
# `make fuzz` (`--hypothesis-profile=fuzz`) draws fresh ones.
settings.register_profile("deterministic", derandomize=True, database=None, print_blob=True)
settings.register_profile("fuzz", derandomize=False, print_blob=True)
settings.load_profile("deterministic")

#: The raw digests in the repository, by date, with their entry counts.
SEED_ENTRIES = {
    "2020-11-01": 8,
    "2020-12-16": 10,
    "2021-04-26": 9,
    "2021-07-19": 9,
    "2022-10-15": 9,
}

#: The path examples and snippets are parsed under, as lint's examples are.
SNIPPET_PATH = "raw/2020/2020-12-16.txt"


def raw_path(date: str) -> Path:
    """The raw file of the digest of ``date`` (``YYYY-MM-DD``)."""
    return RAW_DIR / date[:4] / f"{date}.txt"


def relative_source(date: str) -> str:
    """A seed's path as a user in the repository root would type it."""
    return f"raw/{date[:4]}/{date}.txt"


def parse_snippet(text: str, path: str = SNIPPET_PATH) -> Digest:
    """Parse ``text`` as if it were the raw file at ``path`` (by default 2020-12-16's)."""
    return parse_digest(text, source=path, date=date_from_path(path))


def page_of(digest: Digest, neighbours: Neighbours | None = None) -> DigestPage:
    """``digest``'s page input, with the citation keys it would have on its own."""
    return DigestPage(digest, neighbours or Neighbours(), citations(digest))


def read_seed(date: str) -> str:
    return raw_path(date).read_text(encoding="utf-8")


def parse_seed(date: str) -> Digest:
    return parse_digest(read_seed(date), source=relative_source(date), date=dt.date.fromisoformat(date))


def accounted_lines(digest: Digest) -> set[int]:
    """Every raw line the model says it read something from.

    Lines of digest-level fields and of entry fields (spans), lines holding
    markup artifacts, lines the parser reported as unparsed, and the line each
    entry starts on (a bare ``6、`` starts an entry with no field to span; lint
    reports it there as DA102).
    """
    lines = {span.line for spans in digest.spans.values() for span in spans}
    lines |= {artifact.line for artifact in digest.artifacts}
    lines |= {line.line for line in digest.unparsed}
    for entry in digest.entries:
        lines.add(entry.line)
        lines |= {span.line for spans in entry.spans.values() for span in spans}
        lines |= {artifact.line for artifact in entry.artifacts}
    return lines


def content_lines(text: str) -> set[int]:
    """Line numbers (1-based, LF-separated) of the lines that hold more than whitespace."""
    return {number for number, line in enumerate(text.split("\n"), start=1) if line.strip()}


def pytest_configure(config: pytest.Config) -> None:
    # myst-parser still calls APIs that docutils and Sphinx 9 deprecated; not ours to fix.
    config.addinivalue_line("filterwarnings", "ignore:nodes.Node.traverse:DeprecationWarning")
    config.addinivalue_line("filterwarnings", "ignore:'myst_parser.sphinx_ext")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    # `make fuzz` selects the Hypothesis properties by this marker.
    for item in items:
        if isinstance(item, pytest.Function) and is_hypothesis_test(item.obj):
            item.add_marker(pytest.mark.property)


@pytest.fixture(scope="session")
def repo_root() -> Path:
    return REPO_ROOT


@pytest.fixture(scope="session")
def raw_files() -> list[Path]:
    """The raw digests, sorted by path (which is by date)."""
    return sorted(RAW_DIR.rglob("*.txt"))


@pytest.fixture(scope="session")
def seeds() -> dict[str, Digest]:
    """Every raw digest, parsed, keyed by its date (``YYYY-MM-DD``)."""
    return {date: parse_seed(date) for date in SEED_ENTRIES}


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


def seed_files(folder: Path) -> dict[str, Path]:
    """The seeds copied to ``folder/raw``, by the names diagnostics give them."""
    files = {}
    for date in SEED_ENTRIES:
        path = folder / "raw" / date[:4] / f"{date}.txt"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(read_seed(date), encoding="utf-8")
        files[relative_source(date)] = path
    return files


def copy_project(tmp: Path) -> Path:
    """A copy of the Sphinx project (conf.py, hand-written pages, raw/) in ``tmp``."""
    project = tmp / "project"
    project.mkdir()
    shutil.copy(REPO_ROOT / "conf.py", project / "conf.py")
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


@pytest.fixture(scope="session")
def built_archive(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the project with its HTML archive built (``_build/html``)."""
    project = copy_project(tmp_path_factory.mktemp("archive"))
    result = sphinx_build(project, "-j", "2")
    assert result.returncode == 0, result.stderr
    return project


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """Debian's Chromium (never a downloaded one), launched as the benchmark launches it."""
    missing = f"{chromium.CHROMIUM} is missing; `make system-deps` installs it"
    assert Path(chromium.CHROMIUM).is_file(), missing
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium.CHROMIUM, args=chromium.CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    page = browser.new_page()
    yield page
    page.close()


@pytest.fixture
def in_repo_root(monkeypatch: pytest.MonkeyPatch) -> None:
    """Run from the repository root, as the docs tell users to."""
    monkeypatch.chdir(REPO_ROOT)


def run_digest(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    """``digest ARGV`` in-process: exit status, standard output, standard error."""
    from digest_archive.cli import main

    try:
        status = main(list(argv))
    except SystemExit as exit_:
        status = exit_.code
    out, err = capsys.readouterr()
    return status, out, err
