r"""How ``digest lint`` prints its findings: one emitter per output format, in one registry.

``text`` is the flake8/ruff convention (``path:line:col: CODE message``) that
editors and CI problem matchers read; ``json`` is for tools; ``github`` emits
workflow commands that GitHub Actions shows as annotations on the diff.
``sarif`` is for GitHub code scanning, ``junit`` for CI test reports and
``gitlab`` for GitLab's Code Quality widget, shaped as ``ruff check
--output-format`` writes them (but SARIF's paths are relative to the
project, as code scanning wants, where ruff's are absolute).

Every string of a finding may come from a digest, or from the name of a
file a stranger committed: each format escapes it for what reads it. Text
shows each character a terminal would act on (an escape sequence that
erases a line, moves the cursor or sets the window's title; a C1 control;
an override of the text's direction) as ``\xNN`` or ``\uNNNN``
(:func:`printable`); ``github``'s workflow commands do the same before
their own escaping; the JSON formats write those characters as ``\u``
escapes, so that the data stays exact and no byte of it acts; and the XML
of ``junit`` is built with ElementTree, which escapes markup, after the
characters XML 1.0 cannot hold at all are replaced.
"""

from __future__ import annotations

import hashlib
import json
import os
import posixpath
import re
import xml.etree.ElementTree as ET
from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Protocol
from urllib.parse import quote

from .. import __version__
from ..text.characters import ACTS_IN_TERMINAL, ACTS_RAW_IN_JSON, xml_text
from .config import project_path
from .registry import REGISTRY, Diagnostic, Severity


class Emitter(Protocol):
    def __call__(self, diagnostics: Sequence[Diagnostic], root: str = ".") -> str:
        """The findings written out; ``root`` is the project's folder, which paths are made relative to."""
        ...


#: Each output format's emitter, by the name ``--format`` takes.
FORMATS: dict[str, Emitter] = {}


def output_format(name: str) -> Callable[[Emitter], Emitter]:
    """Register an emitter as the output format ``name``."""

    def register(emitter: Emitter) -> Emitter:
        FORMATS[name] = emitter
        return emitter

    return register


def printable(text: str) -> str:
    r"""``text`` with each character a terminal would act on written as ``\xNN`` or ``\uNNNN``."""
    return ACTS_IN_TERMINAL.sub(_escaped, text)


def _escaped(found: re.Match[str]) -> str:
    code = ord(found.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def _json(payload: object) -> str:
    r"""``payload`` as JSON, with every character :func:`printable` escapes written as a ``\u`` escape.

    JSON escapes C0 itself, and may hold the others raw; escaped, the data
    is the same to any reader, and none of it acts in a terminal or a log.
    """
    text = json.dumps(payload, ensure_ascii=False, indent=2)
    # Outside its strings JSON holds none of these characters (its blanks are C0, which it escapes itself).
    return ACTS_RAW_IN_JSON.sub(lambda found: f"\\u{ord(found.group()):04x}", text) + "\n"


@output_format("text")
def format_text(diagnostics: Sequence[Diagnostic], root: str = ".") -> str:
    return "".join(
        f"{printable(d.path)}:{d.line}:{d.column}: {d.code} {printable(d.message)}\n" for d in diagnostics
    )


@output_format("json")
def format_json(diagnostics: Sequence[Diagnostic], root: str = ".") -> str:
    return _json([d.model_dump(mode="json", exclude_none=True) for d in diagnostics])


def _escape_data(value: str) -> str:
    # Percent-encoded as the runner decodes them, after every other character a log would act on is shown.
    return printable(value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A"))


def _escape_property(value: str) -> str:
    return _escape_data(value).replace(":", "%3A").replace(",", "%2C")


@output_format("github")
def format_github(diagnostics: Sequence[Diagnostic], root: str = ".") -> str:
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


#: The official schema's address, as its ``id`` gives it.
SARIF_SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
_SARIF_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning"}


@output_format("sarif")
def format_sarif(diagnostics: Sequence[Diagnostic], root: str = ".") -> str:
    """SARIF 2.1.0, as GitHub code scanning takes it: every rule described, paths below ``%SRCROOT%``."""
    rules = sorted(REGISTRY.values(), key=lambda rule: rule.code)
    index = {rule.code: number for number, rule in enumerate(rules)}
    driver = {
        "name": "digest",
        "version": __version__,
        "rules": [
            {
                "id": rule.code,
                "name": rule.name,
                "shortDescription": {"text": rule.summary},
                "fullDescription": {"text": rule.explanation or rule.summary},
                "help": {"text": rule.explanation or rule.summary},
                "defaultConfiguration": {"level": _SARIF_LEVEL[rule.severity]},
            }
            for rule in rules
        ],
    }
    results = [
        {
            "ruleId": d.code,
            "ruleIndex": index[d.code],
            "level": _SARIF_LEVEL[d.severity],
            "message": {"text": d.message},
            "locations": [
                {
                    "physicalLocation": {
                        "artifactLocation": _artifact_location(d.path, root),
                        "region": {"startLine": d.line, "startColumn": d.column},
                    }
                }
            ],
        }
        for d in diagnostics
    ]
    run = {
        "tool": {"driver": driver},
        # Columns count characters, not UTF-16 code units (SARIF's default).
        "columnKind": "unicodeCodePoints",
        "results": results,
    }
    log = {"$schema": SARIF_SCHEMA, "version": "2.1.0", "runs": [run]}
    return _json(log)


def _artifact_location(path: str, root: str) -> dict[str, str]:
    relative = project_path(path, root)
    if relative == ".." or relative.startswith("../"):
        # Outside the project no base can name it: an absolute file URI does.
        return {"uri": Path(os.path.abspath(path)).as_uri()}
    return {"uri": quote(relative, safe="/"), "uriBaseId": "%SRCROOT%"}


@output_format("junit")
def format_junit(diagnostics: Sequence[Diagnostic], root: str = ".") -> str:
    """JUnit XML as ruff writes it: a test suite per file, a failed test case per finding."""
    # A clean run is one passed case, so that a CI test report shows the check ran.
    cases = len(diagnostics) or 1
    report = ET.Element(
        "testsuites", name="digest", tests=str(cases), failures=str(len(diagnostics)), errors="0"
    )
    if not diagnostics:
        suite = _suite(report, "digest", tests=1, failures=0)
        ET.SubElement(suite, "testcase", name="No errors found", classname="digest")
    by_file: dict[str, list[Diagnostic]] = {}
    for d in diagnostics:
        by_file.setdefault(d.path, []).append(d)
    for path, found in by_file.items():
        suite = _suite(report, path, tests=len(found), failures=len(found))
        for d in found:
            case = ET.SubElement(
                suite,
                "testcase",
                name=f"digest.{d.code}",
                classname=xml_text(posixpath.splitext(Path(path).as_posix())[0]),
                file=xml_text(path),
                line=str(d.line),
                column=str(d.column),
            )
            failure = ET.SubElement(case, "failure", message=xml_text(d.message), type=d.severity.value)
            failure.text = xml_text(f"line {d.line}, col {d.column}, {d.message}")
    ET.indent(report, space="    ")
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(report, encoding="unicode") + "\n"


def _suite(report: ET.Element, name: str, tests: int, failures: int) -> ET.Element:
    return ET.SubElement(
        report,
        "testsuite",
        name=xml_text(name),
        tests=str(tests),
        disabled="0",
        errors="0",
        failures=str(failures),
        package="digest",
    )


_GITLAB_SEVERITY = {Severity.ERROR: "major", Severity.WARNING: "minor"}


@output_format("gitlab")
def format_gitlab(diagnostics: Sequence[Diagnostic], root: str = ".") -> str:
    """GitLab Code Quality: a JSON array of issues, each with a fingerprint that survives moved lines."""
    issues = []
    taken: set[str] = set()
    for d in diagnostics:
        path = project_path(d.path, root)
        fingerprint = _fingerprint("", path, d.code, d.message)
        # The same finding twice in a file (on other lines): chained, so each stays stable and unique.
        while fingerprint in taken:
            fingerprint = _fingerprint(fingerprint, path, d.code, d.message)
        taken.add(fingerprint)
        issues.append(
            {
                # GitLab's widget shows the description, not check_name: the code leads it (as ruff's does).
                "description": f"{d.code}: {d.message}",
                "check_name": d.code,
                "fingerprint": fingerprint,
                "severity": _GITLAB_SEVERITY[d.severity],
                "location": {"path": path, "lines": {"begin": d.line}},
            }
        )
    return _json(issues)


def _fingerprint(*parts: str) -> str:
    return hashlib.md5("\0".join(parts).encode(), usedforsecurity=False).hexdigest()


def statistics(diagnostics: Sequence[Diagnostic]) -> list[tuple[str, str, int]]:
    """Code, rule name and count of each code found, the most frequent first (as ``ruff --statistics``)."""
    counts = Counter(d.code for d in diagnostics)
    rows = [(code, REGISTRY[code].name, count) for code, count in counts.items()]
    return sorted(rows, key=lambda row: (-row[2], row[0]))


def format_statistics(diagnostics: Sequence[Diagnostic], as_json: bool = False) -> str:
    """The counts per code: a JSON array, or aligned ``count<TAB>code<TAB>name`` lines."""
    rows = statistics(diagnostics)
    if as_json:
        payload = [{"code": code, "name": name, "count": count} for code, name, count in rows]
        return json.dumps(payload, indent=2) + "\n"
    width = max((len(str(count)) for _, _, count in rows), default=0)
    return "".join(f"{count:>{width}}\t{code}\t{name}\n" for code, name, count in rows)


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
