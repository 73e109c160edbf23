"""The garbage collector in a run over the archive (``digest_archive.collection``): given back as it was."""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest

from digest_archive import collection
from support.commands import run_digest


@pytest.fixture
def collector() -> Iterator[None]:
    """The collector as the test found it, whatever the test did to it."""
    enabled, thresholds = gc.isenabled(), gc.get_threshold()
    yield
    gc.unfreeze()
    gc.set_threshold(*thresholds)
    if enabled:
        gc.enable()


@pytest.mark.usefixtures("in_repo_root", "collector")
def test_digest_lint_in_process_leaves_the_collector_as_it_was(capsys: pytest.CaptureFixture[str]) -> None:
    # The tests and pre-commit's hooks run the command in a process that goes on.
    before = gc.get_threshold()
    status, out, _ = run_digest(capsys, "lint", "--format", "json", "raw")
    assert status == 0 and out.startswith("[")
    assert gc.isenabled()
    assert gc.get_threshold() == before
    assert gc.get_freeze_count() == 0


@pytest.mark.usefixtures("collector")
def test_a_paused_collector_runs_again_after_an_error() -> None:
    with pytest.raises(RuntimeError), collection.paused():
        assert not gc.isenabled()
        raise RuntimeError
    assert gc.isenabled()


@pytest.mark.usefixtures("collector")
def test_a_collector_that_was_off_stays_off_and_one_not_paused_stays_on() -> None:
    gc.disable()
    with collection.paused():
        pass
    assert not gc.isenabled()
    gc.enable()
    with collection.paused(pause=False):
        assert gc.isenabled()
    assert gc.isenabled()


@pytest.mark.usefixtures("collector")
def test_what_a_long_run_changes_is_given_back() -> None:
    before = gc.get_threshold()
    thresholds = collection.collect_less_often()
    assert thresholds == before
    assert gc.get_threshold()[0] == collection.YOUNG_COLLECTION_THRESHOLD
    collection.keep_out_of_passes()
    assert gc.get_freeze_count() > 0
    collection.give_back(thresholds)
    assert gc.get_threshold() == before
    assert gc.get_freeze_count() == 0
