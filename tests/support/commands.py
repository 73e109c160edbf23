"""The ``digest`` command, run in the test's own process."""

from __future__ import annotations

import pytest


def run_digest(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    """``digest ARGV`` in-process: exit status, standard output, standard error."""
    from digest_archive.cli import main

    try:
        status = main(list(argv))
    except SystemExit as exit_:
        status = exit_.code
    out, err = capsys.readouterr()
    return status, out, err
