"""The package's shape: the data flows one way, one job per module, none too long.

raw text → ``text`` (parse) → ``model`` → ``lint`` / ``render`` → ``search``
→ ``archive`` → ``sphinxext`` → HTML / PDF, with the commands (``cli``, a
module a command, and ``synth``, with ``synthnames``, which only it uses) at
the edge. A module may use its own step and the steps before it, never one
after: the parser knows nothing of lint, lint nothing of pages, pages
nothing of Sphinx. The development tools (the benchmark, screenshots, git
times) are not in the package: the wheel holds what a user runs.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import digest_archive

PACKAGE = Path(digest_archive.__file__).parent
#: Each step of the flow, in order; the model, the schema every step reads, comes first,
#: then the interface's words, which the steps from rendering on say, and the garbage
#: collector's settings, which the long runs (a build, ``digest lint``) change.
STEPS = ["model", "i18n", "collection", "text", "lint", "render", "search", "archive", "sphinxext", "edge"]
#: The modules at the edge: the commands, and what only they use.
EDGE = {"cli", "__main__", "synth", "synthnames"}
#: A module longer than this does more than one job.
MAX_LINES = 400

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


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Each strongly connected group of more than one module (Tarjan), sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    groups: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for target in sorted(graph.get(node, ())):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            group = []
            while (member := stack.pop()) != node:
                group.append(member)
            group.append(node)
            if len(group) > 1:
                groups.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return sorted(groups)


def test_no_two_modules_import_each_other() -> None:
    """No import cycle, inside a step or across: each module can be read before those that use it."""
    known = {_name(path) for path in MODULES}
    graph = {_name(path): {module for module in _imports(path) if module in known} for path in MODULES}
    assert _cycles(graph) == []


def test_the_cycle_check_finds_a_cycle() -> None:
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert _cycles(graph) == [["a", "b", "c"]]


@pytest.mark.parametrize("path", MODULES, ids=_name)
def test_each_module_opens_with_one_line_on_its_job(path: Path) -> None:
    docstring = ast.get_docstring(ast.parse(path.read_text(encoding="utf-8")))
    assert docstring, f"{_name(path) or 'digest_archive'} has no docstring"
    first = docstring.split("\n", 1)[0]
    assert first.endswith("."), first


@pytest.mark.parametrize("path", MODULES, ids=_name)
def test_no_module_is_too_long(path: Path) -> None:
    assert len(path.read_text(encoding="utf-8").splitlines()) <= MAX_LINES


#: The package's scripts (the search page's modules) are held to the same rule.
SCRIPTS = sorted(PACKAGE.rglob("*.js"))
MAX_SCRIPT_LINES = 400


@pytest.mark.parametrize("path", SCRIPTS, ids=lambda path: path.relative_to(PACKAGE).as_posix())
def test_no_script_is_too_long(path: Path) -> None:
    assert len(path.read_text(encoding="utf-8").splitlines()) <= MAX_SCRIPT_LINES


def test_the_flow_test_sees_the_imports() -> None:
    """The checks above run on something: the converter does import earlier steps."""
    imported = _imports(PACKAGE / "archive" / "convert.py")
    assert {_step(module) for module in imported} >= {STEPS.index("render"), STEPS.index("archive")}


@pytest.mark.slow  # builds a wheel
def test_the_wheel_holds_the_package_and_no_development_tool(tmp_path: Path) -> None:
    import shutil
    import subprocess
    import sys
    import zipfile

    # Built from a copy: setuptools writes its build folders next to the sources.
    root, source = PACKAGE.parent.parent, tmp_path / "source"
    shutil.copytree(
        root / "tools", source / "tools", ignore=shutil.ignore_patterns("__pycache__", "*.egg-info")
    )
    shutil.copytree(root / "dev", source / "dev", ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("pyproject.toml", "README.md", "LICENSE"):
        shutil.copy(root / name, source / name)
    command = [
        sys.executable,
        "-m",
        "pip",
        "wheel",
        "--no-deps",
        "--no-build-isolation",
        "-q",
        "-w",
        "wheel",
        ".",
    ]
    built = subprocess.run(command, cwd=source, capture_output=True, text=True, check=False)
    assert built.returncode == 0, built.stderr
    (wheel,) = (source / "wheel").glob("digest_archive-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    modules = {name for name in names if name.endswith(".py")}
    assert {name.split("/")[0] for name in modules} == {"digest_archive"}
    # The code's licence, declared and carried (PEP 639).
    (metadata,) = [name for name in names if name.endswith(".dist-info/METADATA")]
    declared = zipfile.ZipFile(wheel).read(metadata).decode("utf-8").splitlines()
    assert "License-Expression: MIT" in declared and "License-File: LICENSE" in declared
    carried = metadata.replace("METADATA", "licenses/LICENSE")
    assert zipfile.ZipFile(wheel).read(carried) == (root / "LICENSE").read_bytes()
    assert "digest_archive/sphinxext/__init__.py" in modules
    # Every file the extension serves or renders from, and every schema the site publishes.
    package = PACKAGE.parent
    served = {
        path.relative_to(package).as_posix()
        for folder in ("static", "templates", "schemas")
        for path in (PACKAGE / folder).rglob("*")
        if path.is_file() and "__pycache__" not in path.parts
    }
    assert served <= set(names)
    assert not [name for name in modules if "bench" in name or "screenshot" in name or "gittimes" in name]
