"""Work handed to another process (``tuning.in_background``): done, or its failure said, once waited for."""

from __future__ import annotations

import os
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from sphinx.errors import ExtensionError

from digest_archive.sphinxext.tuning import in_background


def _app(tuning: bool) -> Any:
    return SimpleNamespace(config=SimpleNamespace(digest_build_tuning=tuning))


def _write_pid(path: Path) -> None:
    path.write_text(str(os.getpid()), encoding="utf-8")


def _fail(path: Path) -> None:
    raise ValueError(f"no drawing for {path.name}")


def test_work_in_the_background_is_done_once_waited_for(tmp_path: Path) -> None:
    done = tmp_path / "done"
    wait = in_background(_app(True), _write_pid, done)
    wait()
    # Done, and in another process than the build's.
    assert done.read_text(encoding="utf-8") != str(os.getpid())


def test_a_failure_in_the_background_is_raised_with_its_traceback(tmp_path: Path) -> None:
    wait = in_background(_app(True), _fail, tmp_path / "plot.svg")
    with pytest.raises(ExtensionError, match=r"_fail failed in the background") as raised:
        wait()
    assert "ValueError: no drawing for plot.svg" in str(raised.value)


def test_without_tuning_the_work_is_done_at_once_in_the_build_s_process(tmp_path: Path) -> None:
    done = tmp_path / "done"
    wait = in_background(_app(False), _write_pid, done)
    assert done.read_text(encoding="utf-8") == str(os.getpid())
    wait()
    with pytest.raises(ValueError, match=r"no drawing for plot\.svg"):
        in_background(_app(False), _fail, tmp_path / "plot.svg")
