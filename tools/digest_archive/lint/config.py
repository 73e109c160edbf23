"""``digest lint``'s configuration: ``[tool.digest.lint]`` in pyproject.toml, under the command line.

The table takes ``select``, ``ignore`` (rule codes or prefixes, like
``DA1``) and ``per-file-ignores`` (a glob, relative to the pyproject's
folder, to the codes it ignores)::

    [tool.digest.lint]
    select = ["DA1", "DA2"]
    ignore = ["DA203"]
    per-file-ignores = { "raw/2020/*.txt" = ["DA201"] }

Rules are chosen as ruff chooses them. Each layer (the file, then the
command line) is applied in turn; within one, prefixes are applied from the
least specific (the shortest) to the most, an ignore after a select of the
same length, so ``select = ["DA2"]`` with ``ignore = ["DA20"]`` and
``--extend-select DA201`` keeps ``DA201`` and no other ``DA20x``. A layer
that selects replaces what the ones before chose; ``ignore`` and
``--extend-select`` change it.

The file is the first ``pyproject.toml`` with a ``[tool.digest]`` table in
the working folder or above it (as ruff looks for ``[tool.ruff]``), or the
one ``--config`` names. Reading it is the edge; the rest is pure.
"""

from __future__ import annotations

import fnmatch
import os
import posixpath
import tomllib
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .registry import REGISTRY, Diagnostic, Rule

PYPROJECT = "pyproject.toml"
#: The keys ``[tool.digest.lint]`` takes.
KEYS = ("ignore", "per-file-ignores", "select")


class ConfigError(ValueError):
    """The configuration or the codes given cannot be used (exit status 2)."""


@dataclass(frozen=True)
class Selection:
    """One layer of rule choices: the pyproject's, or the command line's."""

    #: None leaves the rules chosen before; a list replaces them.
    select: tuple[str, ...] | None = None
    extend_select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()


@dataclass(frozen=True)
class LintConfig:
    """What ``[tool.digest.lint]`` says, and the folder its globs are relative to."""

    #: The project's folder: the pyproject's, or the working folder without one.
    root: Path
    #: The pyproject read, if any.
    source: Path | None = None
    selection: Selection = Selection()
    #: Glob and the codes it ignores, in the file's order.
    per_file_ignores: tuple[tuple[str, tuple[str, ...]], ...] = ()

    def chosen(self, command_line: Selection) -> list[str]:
        """The codes that run: the file's choice, then the command line's over it."""
        return sorted(resolve([self.selection, command_line], REGISTRY))

    def ignored_in(self, path: str) -> tuple[str, ...]:
        """The codes and prefixes ``per-file-ignores`` ignores in ``path`` (as reported)."""
        relative = project_path(path, str(self.root))
        name = posixpath.basename(relative)
        return tuple(
            code
            for pattern, codes in self.per_file_ignores
            # A pattern matches the path below the root, or, as in ruff, the file's name alone.
            if fnmatch.fnmatchcase(relative, pattern) or fnmatch.fnmatchcase(name, pattern)
            for code in codes
        )


def project_path(path: str, root: str) -> str:
    """``path`` (relative to the working folder) relative to the project's folder ``root``, with ``/``."""
    return Path(os.path.relpath(os.path.abspath(path), os.path.abspath(root))).as_posix()


def resolve(layers: Sequence[Selection], codes: Iterable[str]) -> set[str]:
    """The codes of ``codes`` that ``layers`` leave chosen, all of them to begin with (ruff's way)."""
    known = sorted(codes)
    chosen = set(known)
    for layer in layers:
        selects = (*(layer.select or ()), *layer.extend_select)
        updates: dict[str, bool] = {}
        for length in sorted({len(prefix) for prefix in (*selects, *layer.ignore)}):
            for prefixes, on in ((selects, True), (layer.ignore, False)):
                for prefix in prefixes:
                    if len(prefix) == length:
                        updates.update((code, on) for code in known if code.startswith(prefix))
        if layer.select is not None:
            chosen = {code for code, on in updates.items() if on}
        else:
            chosen |= {code for code, on in updates.items() if on}
            chosen -= {code for code, on in updates.items() if not on}
    return chosen


def select_rules(select: Iterable[str] = (), ignore: Iterable[str] = ()) -> list[Rule]:
    """The rules ``select`` and ``ignore`` (codes or prefixes) leave, chosen as one layer; all by default."""
    layer = Selection(select=tuple(select) or None, ignore=tuple(ignore))
    return [REGISTRY[code] for code in sorted(resolve([layer], REGISTRY))]


def unknown_codes(prefixes: Iterable[str]) -> list[str]:
    """The codes or prefixes no rule has (an empty one among them: it would match every rule)."""
    return [prefix for prefix in prefixes if not prefix or not _matches(prefix)]


def _matches(prefix: str) -> bool:
    return any(code.startswith(prefix) for code in REGISTRY)


def kept(diagnostic: Diagnostic, chosen: Collection[str], ignored: Sequence[str]) -> bool:
    """Whether ``diagnostic`` is reported; what stops a file always is (nothing else could be)."""
    if REGISTRY[diagnostic.code].stops:
        return True
    return diagnostic.code in chosen and not diagnostic.code.startswith(tuple(ignored))


def find_pyproject(start: Path) -> Path | None:
    """The first pyproject.toml with a ``[tool.digest]`` table in ``start`` or a folder above it."""
    for folder in (start, *start.parents):
        candidate = folder / PYPROJECT
        if candidate.is_file():
            tool = _read_toml(candidate).get("tool")
            if isinstance(tool, dict) and "digest" in tool:
                return candidate
    return None


def config_for(folder: Path) -> LintConfig:
    """What ``digest lint`` reads in ``folder``: the first pyproject.toml found from it, or the default."""
    found = find_pyproject(folder)
    return read_config(found) if found else LintConfig(folder)


def read_config(path: Path) -> LintConfig:
    """The configuration in the pyproject.toml at ``path`` (none there is the default one)."""
    return parse_config(_read_toml(path), path.resolve())


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as file:
            return tomllib.load(file)
    except OSError as error:
        raise ConfigError(f"cannot read {path}: {error.strerror or error}") from error
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"{path} is not valid TOML: {error}") from error


def parse_config(document: Mapping[str, Any], source: Path) -> LintConfig:
    """The configuration in a parsed pyproject.toml ``document`` read from ``source`` (an absolute path)."""
    tool = document.get("tool", {})
    digest = tool.get("digest", {}) if isinstance(tool, dict) else {}
    table = digest.get("lint", {}) if isinstance(digest, dict) else None
    where = f"{source}: [tool.digest.lint]"
    if not isinstance(table, dict):
        raise ConfigError(f"{where} must be a table")
    unknown = sorted(set(table) - set(KEYS))
    if unknown:
        raise ConfigError(f"{where}: unknown key {', '.join(unknown)} (known: {', '.join(KEYS)})")
    select = _codes(table["select"], f"{where} select") if "select" in table else None
    ignore = _codes(table.get("ignore", []), f"{where} ignore")
    per_file = table.get("per-file-ignores", {})
    if not isinstance(per_file, dict):
        raise ConfigError(f"{where} per-file-ignores must be a table of globs to lists of codes")
    per_file_ignores = tuple(
        (posixpath.normpath(pattern), _codes(codes, f"{where} per-file-ignores {pattern!r}"))
        for pattern, codes in per_file.items()
    )
    return LintConfig(source.parent, source, Selection(select=select, ignore=ignore), per_file_ignores)


def _codes(value: object, where: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(code, str) for code in value):
        raise ConfigError(f'{where} must be a list of rule codes, like ["DA1", "DA201"]')
    codes = tuple(code.strip().upper() for code in value)
    unknown = unknown_codes(codes)
    if unknown:
        raise ConfigError(f"{where}: unknown rule code {', '.join(unknown)} (see 'digest rules')")
    return codes
