"""Shared fixtures and the suite's hooks; the helpers test modules import are in ``support``."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import is_hypothesis_test, settings
from playwright.sync_api import Browser, Page, sync_playwright

from digest_archive import i18n
from digest_archive.model import Digest
from digest_dev import browser as chromium
from support.builds import copy_project, sphinx_build
from support.paths import RAW_DIR, REPO_ROOT
from support.seeds import SEED_ENTRIES, parse_seed

# `make test` draws the same examples at every run of a commit (derandomized,
# no example database carried between runs), so CI's verdict is the commit's;
# `make fuzz` (`--hypothesis-profile=fuzz`) draws fresh ones.
settings.register_profile("deterministic", derandomize=True, database=None, print_blob=True)
settings.register_profile("fuzz", derandomize=False, print_blob=True)
settings.load_profile("deterministic")


def pytest_configure(config: pytest.Config) -> None:
    # myst-parser still calls APIs that docutils and Sphinx 9 deprecated; not ours to fix.
    config.addinivalue_line("filterwarnings", "ignore:nodes.Node.traverse:DeprecationWarning")
    config.addinivalue_line("filterwarnings", "ignore:'myst_parser.sphinx_ext")


#: Fixtures that build the archive or start Chromium: seconds, so a test using one is marked slow.
SLOW_FIXTURES = frozenset({"built_archive", "built_archive_en", "browser"})


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    # `make fuzz` selects the Hypothesis properties by this marker.
    for item in items:
        if isinstance(item, pytest.Function) and is_hypothesis_test(item.obj):
            item.add_marker(pytest.mark.property)
    # `pytest -m "not slow"` is the quick loop: none of its tests may wait for a build or Chromium.
    unmarked = [
        item.nodeid
        for item in items
        if SLOW_FIXTURES & set(getattr(item, "fixturenames", ())) and item.get_closest_marker("slow") is None
    ]
    if unmarked:
        raise pytest.UsageError(
            f"{len(unmarked)} tests use {' or '.join(sorted(SLOW_FIXTURES))} but are not marked slow "
            f"(@pytest.mark.slow): {', '.join(unmarked[:5])}"
        )


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


@pytest.fixture(scope="session")
def built_archive(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the project with its HTML archive built (``_build/html``) in Chinese, as ``make html`` does.

    A test using it is slow; :func:`built_archive_en` is the same archive in English.
    """
    project = copy_project(tmp_path_factory.mktemp("archive"))
    result = sphinx_build(project, "-j", "2")
    assert result.returncode == 0, result.stderr
    return project


@pytest.fixture(scope="session")
def built_archive_en(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The same archive built with the interface in English (``-D language=en``): a test using it is slow."""
    project = copy_project(tmp_path_factory.mktemp("archive-en"))
    result = sphinx_build(project, "-j", "2", "-D", "language=en")
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


@pytest.fixture(autouse=True)
def _english_between_tests() -> Iterator[None]:
    """Each test starts with the interface's words in English, whatever an earlier test's build activated."""
    i18n.activate("en")
    yield


#: What tells a build where the archive's repository is (sphinxext.papers.corrections):
#: set on GitHub Actions and Read the Docs, never here.
REPOSITORY_VARIABLES = ("GITHUB_SERVER_URL", "GITHUB_REPOSITORY", "READTHEDOCS_GIT_CLONE_URL")


@pytest.fixture(autouse=True, scope="session")
def _no_repository_from_the_environment() -> Iterator[None]:
    """Every build of the suite, in process or not, without a repository but the one a test gives.

    On GitHub Actions a build would find the repository and write each
    entry's correction links; the suite's pages are the same on any machine.
    """
    saved = {name: os.environ.pop(name) for name in REPOSITORY_VARIABLES if name in os.environ}
    yield
    os.environ.update(saved)
