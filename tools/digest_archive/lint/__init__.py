"""Lint: the rules a raw digest must pass, in one registry, and how findings are printed.

:mod:`.registry` defines rules and runs them; :mod:`.files`,
:mod:`.entries`, :mod:`.lengths` and :mod:`.warnings` register them (their
codes in that order); :mod:`.formats` prints what they find.
"""

from . import entries, files, lengths, warnings
from .config import select_rules
from .files import MAX_FILE_BYTES
from .registry import (
    REGISTRY,
    Diagnostic,
    Finding,
    Rule,
    Severity,
    Stage,
    all_rules,
    by_position,
    lint_bytes,
    lint_digest,
    lint_path,
    stops,
)

__all__ = [
    "MAX_FILE_BYTES",
    "REGISTRY",
    "Diagnostic",
    "Finding",
    "Rule",
    "Severity",
    "Stage",
    "all_rules",
    "by_position",
    "entries",
    "files",
    "lengths",
    "lint_bytes",
    "lint_digest",
    "lint_path",
    "select_rules",
    "stops",
    "warnings",
]
