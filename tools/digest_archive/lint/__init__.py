"""Lint: the rules a raw digest must pass, in one registry, and how findings are printed.

:mod:`.registry` defines rules and runs them (an archive rule against an
:mod:`.archived` archive); :mod:`.files`,
:mod:`.entries`, :mod:`.lengths`, :mod:`.warnings` and :mod:`.archive`
register them (their codes in that order); :mod:`.formats` prints what
they find.
"""

from . import archive, entries, files, lengths, warnings
from .archived import NO_ARCHIVE, Archive
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
    lint_archive,
    lint_bytes,
    lint_digest,
    lint_path,
    stops,
)

__all__ = [
    "MAX_FILE_BYTES",
    "NO_ARCHIVE",
    "REGISTRY",
    "Archive",
    "Diagnostic",
    "Finding",
    "Rule",
    "Severity",
    "Stage",
    "all_rules",
    "archive",
    "by_position",
    "entries",
    "files",
    "lengths",
    "lint_archive",
    "lint_bytes",
    "lint_digest",
    "lint_path",
    "select_rules",
    "stops",
    "warnings",
]
