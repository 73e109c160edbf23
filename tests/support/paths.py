"""Where the repository and the tests' own data are."""

from __future__ import annotations

from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
RAW_DIR = REPO_ROOT / "raw"
TESTS_DIR = REPO_ROOT / "tests"
#: Raw digests written to break things, with what each must give (``tests/corpus/<case>/``).
CORPUS_DIR = TESTS_DIR / "corpus"
#: The JSON schemas exports and reports are checked against.
SCHEMAS_DIR = TESTS_DIR / "schemas"
