"""The garbage collector in a run over the whole archive: the one module that changes it.

Python's collector is made for small heaps: it looks for cycles every 700
new objects, and each full pass scans every object alive. A run over the
archive holds hundreds of thousands of objects until it ends (Sphinx's
environment in a build, every parsed digest in ``digest lint``), and those
passes scan them again and again for garbage they do not hold: a fifth of
an incremental build, and nearly a third of ``digest lint`` over 1,005
digests (``source/performance.md``).

The callers say when, this module how. A build tunes the collector only
while ``digest_build_tuning`` is true (:mod:`.sphinxext.tuning`); ``digest
lint`` pauses it while it reads and checks (:mod:`.cli.lint`), since what
it throws away holds no cycles and its peak stays the same. Whatever is
changed is given back as it was: a process that runs more than once (the
tests, a live-reload server) runs as before between runs.
"""

from __future__ import annotations

import atexit
import gc
from collections.abc import Iterator
from contextlib import contextmanager

#: Allocations between two collections of the youngest generation during a
#: run; Python's default, 700, is made for programs of smaller heaps.
YOUNG_COLLECTION_THRESHOLD = 20_000

Thresholds = tuple[int, int, int]


def collect_less_often() -> Thresholds:
    """Look for young garbage every :data:`YOUNG_COLLECTION_THRESHOLD` allocations; the thresholds before.

    Young garbage is still collected, in fewer, larger passes.
    """
    before = gc.get_threshold()
    gc.set_threshold(YOUNG_COLLECTION_THRESHOLD, *before[1:])
    return before


def keep_out_of_passes() -> None:
    """Keep every object alive now out of the collector's passes until :func:`give_back` (``gc.freeze``).

    For what lives until the run ends. Objects made later are collected as
    before; frozen cyclic garbage waits for :func:`give_back`.
    """
    gc.freeze()


def collect_now() -> None:
    """A full collection, of what is not kept out of the passes."""
    gc.collect()


def give_back(thresholds: Thresholds | None) -> None:
    """Hand the heap back to the collector, with ``thresholds`` if given, and freeze it again at exit.

    At interpreter exit the collector's last full passes would scan the
    whole heap once more, to free memory the system takes back anyway.
    """
    gc.unfreeze()
    if thresholds is not None:
        gc.set_threshold(*thresholds)
    atexit.unregister(gc.freeze)  # one registration, however many runs
    atexit.register(gc.freeze)


@contextmanager
def paused(pause: bool = True) -> Iterator[None]:
    """In the block, the collector off (with ``pause``), then as it was.

    For work whose garbage holds no cycles, or that exits soon after (a
    forked worker), where the collector's passes would find nothing to free.
    """
    enabled = gc.isenabled()
    if pause:
        gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
