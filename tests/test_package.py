"""The package's shape: the data flows one way, one job per module, none too long.

raw text → ``text`` (parse) → ``model`` → ``lint`` / ``render`` → ``archive``
→ ``search`` → ``sphinxext`` → HTML / PDF, with the commands (``cli``,
``addcommand``, ``synth``, ``bench``, ``screenshots``, ``gittimes``) and what only they use
(``benchreport``, ``browser``) at the edge. A
module may use its own step and the steps before it, never one after: the
parser knows nothing of lint, lint nothing of pages, pages nothing of Sphinx.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import digest_archive

PACKAGE = Path(digest_archive.__file__).parent
#: Each step of the flow, in order; the model, the schema every step reads, comes first.
STEPS = ["model", "text", "lint", "render", "archive", "search", "sphinxext", "edge"]
#: The modules at the edge: the commands, and what only they use.
EDGE = {
    "cli",
    "addcommand",
    "__main__",
    "synth",
    "bench",
    "benchpdf",
    "benchreport",
    "benchrun",
    "benchsearch",
    "browser",
    "gittimes",
    "relevance",
    "screenshots",
}
#: A module longer than this does more than one job.
MAX_LINES = 450

MODULES = sorted(PACKAGE.rglob("*.py"))


def _name(path: Path) -> str:
    parts = path.relative_to(PACKAGE).with_suffix("").parts
    return ".".join(part for part in parts if part != "__init__")


def _step(module: str) -> int:
    top = module.split(".")[0]
    if top in EDGE:
        return STEPS.index("edge")
    return STEPS.index(top) if top in STEPS else -1


def _imports(path: Path) -> list[str]:
    """The package's modules that ``path`` imports, by name below the package."""
    here = _name(path).split(".")
    package = here if path.name == "__init__.py" else here[:-1]
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.level:
            base = package[: len(package) - (node.level - 1)]
            target = [*base, *(node.module.split(".") if node.module else [])]
            names = [alias.name for alias in node.names]
            # "from . import a, b" imports modules; "from .x import y" names in x.
            found += [".".join([*target, name]) for name in names] if not node.module else [".".join(target)]
        elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith("digest_archive."):
            found.append(node.module.removeprefix("digest_archive."))
    return [module for module in found if module and module != "__version__"]


@pytest.mark.parametrize("path", MODULES, ids=_name)
def test_no_import_runs_back_up_the_flow(path: Path) -> None:
    if not _name(path):
        return  # the package's own __init__ imports nothing
    step = _step(_name(path))
    assert step >= 0, f"{_name(path)} is in no step of the flow"
    later = [module for module in _imports(path) if _step(module) > step]
    assert later == [], f"{_name(path)} ({STEPS[step]}) imports a later step"


@pytest.mark.parametrize("path", MODULES, ids=_name)
def test_each_module_opens_with_one_line_on_its_job(path: Path) -> None:
    docstring = ast.get_docstring(ast.parse(path.read_text(encoding="utf-8")))
    assert docstring, f"{_name(path) or 'digest_archive'} has no docstring"
    first = docstring.split("\n", 1)[0]
    assert first.endswith("."), first


@pytest.mark.parametrize("path", MODULES, ids=_name)
def test_no_module_is_too_long(path: Path) -> None:
    assert len(path.read_text(encoding="utf-8").splitlines()) <= MAX_LINES


def test_the_flow_test_sees_the_imports() -> None:
    """The checks above run on something: the converter does import earlier steps."""
    imported = _imports(PACKAGE / "archive" / "convert.py")
    assert {_step(module) for module in imported} >= {STEPS.index("render"), STEPS.index("archive")}
