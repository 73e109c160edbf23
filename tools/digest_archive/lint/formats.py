"""How ``digest lint`` prints its findings: one emitter per output format, in one registry.

``text`` is the flake8/ruff convention (``path:line:col: CODE message``) that
editors and CI problem matchers read; ``json`` is for tools; ``github`` emits
workflow commands that GitHub Actions shows as annotations on the diff.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence

from .registry import Diagnostic, Severity

Emitter = Callable[[Sequence[Diagnostic]], str]
#: Each output format's emitter, by the name ``--format`` takes.
FORMATS: dict[str, Emitter] = {}


def output_format(name: str) -> Callable[[Emitter], Emitter]:
    """Register an emitter as the output format ``name``."""

    def register(emitter: Emitter) -> Emitter:
        FORMATS[name] = emitter
        return emitter

    return register


@output_format("text")
def format_text(diagnostics: Sequence[Diagnostic]) -> str:
    return "".join(f"{d.path}:{d.line}:{d.column}: {d.code} {d.message}\n" for d in diagnostics)


@output_format("json")
def format_json(diagnostics: Sequence[Diagnostic]) -> str:
    payload = [d.model_dump(mode="json") for d in diagnostics]
    return json.dumps(payload, ensure_ascii=False, indent=2) + "\n"


def _escape_data(value: str) -> str:
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(value: str) -> str:
    return _escape_data(value).replace(":", "%3A").replace(",", "%2C")


@output_format("github")
def format_github(diagnostics: Sequence[Diagnostic]) -> str:
    """GitHub Actions workflow commands (``::error file=…,line=…::message``)."""
    lines = []
    for d in diagnostics:
        command = "error" if d.severity is Severity.ERROR else "warning"
        properties = ",".join(
            f"{key}={_escape_property(str(value))}"
            for key, value in (
                ("file", d.path),
                ("line", d.line),
                ("col", d.column),
                ("title", f"{d.code} {d.name}"),
            )
        )
        lines.append(f"::{command} {properties}::{_escape_data(d.message)}\n")
    return "".join(lines)


def summary(diagnostics: Sequence[Diagnostic], files: int) -> str:
    errors = sum(d.severity is Severity.ERROR for d in diagnostics)
    warnings = len(diagnostics) - errors
    checked = f"{files} file{'s' if files != 1 else ''}"
    if not diagnostics:
        return f"All checks passed ({checked})."
    return (
        f"Found {errors} error{'s' if errors != 1 else ''} and "
        f"{warnings} warning{'s' if warnings != 1 else ''} in {checked}."
    )
