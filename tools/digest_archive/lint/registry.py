"""The lint registry: rules, their findings and diagnostics, and how rules run.

A rule is one small function registered with :func:`rule` (checks on the
parsed :class:`~digest_archive.model.Digest`), :func:`file_rule` (checks on
the file's bytes, run before parsing: columns exact to the character, which
the parsed fields no longer are), :func:`path_rule` (checks on where
the file is and what it is, run before it is opened) or
:func:`archive_rule` (checks on the digest against the archive's other
digests, when ``digest lint`` is given them). Its code, name and
severity are given at registration; its docstring holds a one-line summary,
an explanation and ``Bad::``/``Good::`` examples (and, for an archive
rule, the ``Archive::`` files they are checked against). The rule reference in the
docs is generated from this registry, and the test-suite runs every
example, so the reference cannot drift from the code.

Codes: ``DA0xx`` files that are not read any further, ``DA1xx`` errors,
``DA2xx`` warnings.
"""

from __future__ import annotations

import inspect
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from enum import StrEnum
from typing import NamedTuple

from pydantic import BaseModel, ConfigDict

from ..model import Digest, Span
from ..text.layout import RawPath
from .archived import Archive
from .fixes import Fix


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


class Stage(StrEnum):
    """What a rule looks at, in the order the loader gets to it."""

    PATH = "path"
    BYTES = "bytes"
    DIGEST = "digest"
    ARCHIVE = "archive"


class Finding(NamedTuple):
    """What a rule reports: where, and what is wrong there."""

    line: int
    column: int
    message: str

    @classmethod
    def at(cls, span: Span, message: str) -> Finding:
        return cls(span.line, span.column, message)


class Diagnostic(BaseModel):
    """A finding with its rule and file: one line of ``digest lint`` output."""

    model_config = ConfigDict(frozen=True)

    path: str
    line: int
    column: int
    code: str
    name: str
    severity: Severity
    message: str
    #: What ``digest lint --fix`` would change (:mod:`.fixes`), for a finding that has a fix.
    fix: Fix | None = None


DigestCheck = Callable[[Digest], Iterable[Finding]]
FileCheck = Callable[[bytes], Iterable[Finding]]
PathCheck = Callable[[RawPath], Iterable[Finding]]
ArchiveCheck = Callable[[Digest, Archive], Iterable[Finding]]


@dataclass(frozen=True)
class Example:
    kind: str  # "Bad" or "Good"; "Archive" for a file an archive rule's examples are checked against
    path: str
    #: As the docstring writes it, and as the rule reference and ``digest rules`` show it:
    #: a character no page could show, a control character, is written ``\xNN``.
    shown: str

    @property
    def text(self) -> str:
        r"""The raw text the example stands for, linted as a file: each ``\xNN`` is its character."""
        return _ESCAPED.sub(lambda found: chr(int(found.group(1), 16)), self.shown)


@dataclass(frozen=True)
class Rule:
    code: str
    name: str
    severity: Severity
    check: DigestCheck | FileCheck | PathCheck | ArchiveCheck
    stage: Stage

    @property
    def stops(self) -> bool:
        """A finding of this rule means the file is read no further (``DA0xx``)."""
        return self.code.startswith("DA0")

    @property
    def summary(self) -> str:
        return _docstring(self.check).split("\n", 1)[0]

    @property
    def explanation(self) -> str:
        """The docstring between the summary and the examples."""
        body = _docstring(self.check).partition("\n")[2]
        return _EXAMPLE_HEAD.split(body, maxsplit=1)[0].strip()

    @property
    def examples(self) -> list[Example]:
        parts = _EXAMPLE_HEAD.split(_docstring(self.check))
        examples = []
        for kind, path, block in zip(parts[1::3], parts[2::3], parts[3::3], strict=True):
            examples.append(Example(kind, path or EXAMPLE_PATH, shown=inspect.cleandoc(block) + "\n"))
        return examples


#: The file name examples are linted under, unless they name another.
EXAMPLE_PATH = "raw/2020/2020-12-16.txt"
_EXAMPLE_HEAD = re.compile(r"^(Bad|Good|Archive)(?: \(``(.+?)``\))?::$", re.M)
_ESCAPED = re.compile(r"\\x([0-9a-fA-F]{2})")

REGISTRY: dict[str, Rule] = {}


def _docstring(function: Callable[..., object]) -> str:
    return inspect.cleandoc(function.__doc__ or "")


def _register(code: str, name: str, severity: Severity, stage: Stage):
    def decorate(check):
        if code in REGISTRY:
            raise ValueError(f"lint code {code} registered twice")
        if not _docstring(check):
            raise ValueError(f"lint rule {code} needs a docstring")
        REGISTRY[code] = Rule(code, name, severity, check, stage)
        return check

    return decorate


def rule(code: str, name: str, severity: Severity) -> Callable[[DigestCheck], DigestCheck]:
    """Register a check on the parsed digest."""
    return _register(code, name, severity, Stage.DIGEST)


def file_rule(code: str, name: str) -> Callable[[FileCheck], FileCheck]:
    """Register a check on the raw bytes (an error); a ``DA0xx`` rule's finding stops the file's parsing."""
    return _register(code, name, Severity.ERROR, Stage.BYTES)


def path_rule(code: str, name: str) -> Callable[[PathCheck], PathCheck]:
    """Register a check on a path, before the file is opened (an error)."""
    return _register(code, name, Severity.ERROR, Stage.PATH)


def archive_rule(code: str, name: str, severity: Severity) -> Callable[[ArchiveCheck], ArchiveCheck]:
    """Register a check on the parsed digest and the archive's other digests."""
    return _register(code, name, severity, Stage.ARCHIVE)


def all_rules() -> list[Rule]:
    """Every rule, in the order of their codes."""
    return [REGISTRY[code] for code in sorted(REGISTRY)]


def lint_path(rules: Iterable[Rule], path: RawPath) -> list[Diagnostic]:
    """Run the path rules: what is wrong with where the file is, or what it is."""
    return [
        _diagnostic(rule, path.name, finding)
        for rule in rules
        if rule.stage is Stage.PATH
        for finding in rule.check(path)  # type: ignore[arg-type]
    ]


def lint_bytes(rules: Iterable[Rule], path: str, data: bytes) -> list[Diagnostic]:
    """Run the byte-level rules; the file is fit to parse unless one :func:`stops` it."""
    return [
        _diagnostic(rule, path, finding)
        for rule in rules
        if rule.stage is Stage.BYTES
        for finding in rule.check(data)  # type: ignore[arg-type]
    ]


def stops(diagnostics: Iterable[Diagnostic]) -> bool:
    """Whether any of ``diagnostics`` means the file is not read further (``DA0xx``)."""
    return any(REGISTRY[diagnostic.code].stops for diagnostic in diagnostics)


def lint_digest(rules: Iterable[Rule], digest: Digest, path: str | None = None) -> list[Diagnostic]:
    """Run the model-level rules over a parsed digest, sorted by position."""
    where = path if path is not None else digest.source
    diagnostics = [
        _diagnostic(rule, where, finding)
        for rule in rules
        if rule.stage is Stage.DIGEST
        for finding in rule.check(digest)  # type: ignore[arg-type]
    ]
    return by_position(diagnostics)


def lint_archive(
    rules: Iterable[Rule], digest: Digest, archive: Archive, path: str | None = None
) -> list[Diagnostic]:
    """Run the archive rules over a parsed digest and the ``archive`` it belongs to, sorted by position."""
    where = path if path is not None else digest.source
    diagnostics = [
        _diagnostic(rule, where, finding)
        for rule in rules
        if rule.stage is Stage.ARCHIVE
        for finding in rule.check(digest, archive)  # type: ignore[call-arg,arg-type]
    ]
    return by_position(diagnostics)


def by_position(diagnostics: Iterable[Diagnostic]) -> list[Diagnostic]:
    """``diagnostics`` in the order of the file: by line, column, then code."""
    return sorted(diagnostics, key=lambda d: (d.line, d.column, d.code))


def _diagnostic(rule: Rule, path: str, finding: Finding) -> Diagnostic:
    return Diagnostic(
        path=path,
        line=finding.line,
        column=finding.column,
        code=rule.code,
        name=rule.name,
        severity=rule.severity,
        message=finding.message,
    )
