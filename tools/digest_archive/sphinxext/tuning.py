"""Build tuning: Python's garbage collector, and Sphinx's parallel reading, during a build.

The one module that changes process-wide state, and only when the
configuration value ``digest_build_tuning`` is true (the default; what each
part saves is measured in ``source/performance.md``). All of it is given
back as it was when the build finishes, so a process that builds more than
once (tests, a live-reload server) runs as before between builds.
"""

from __future__ import annotations

import atexit
import gc
import weakref
from typing import Any

from sphinx.application import Sphinx
from sphinx.config import Config


def setup(app: Sphinx) -> None:
    app.add_config_value("digest_build_tuning", True, "", types=frozenset({bool}))
    # Before the environment is unpickled, which comes next.
    app.connect("config-inited", _tune, priority=900)


def _tune(app: Sphinx, config: Config) -> None:
    if not config.digest_build_tuning:
        return
    _collect_less_often(app)
    # Before the raw digests are parsed, the first heavy allocation.
    app.connect("builder-inited", _freeze_heap, priority=100)
    app.connect("env-before-read-docs", _read_few_serially)
    app.connect("env-updated", _restore_parallel)
    app.connect("env-updated", _freeze_heap)
    app.connect("build-finished", _restore_collection, priority=900)


#: Read this many changed documents or fewer in Sphinx's own process. One
#: more digest changes some fifty (its page, its neighbour's, the indices, the
#: pages of its names); at 4,000 digests, workers sending the environment
#: back cost 30 % of that build, more than reading the pages themselves.
SERIAL_READ_MAX = 100
_PARALLEL: weakref.WeakKeyDictionary[Sphinx, int] = weakref.WeakKeyDictionary()


def _read_few_serially(app: Sphinx, env: Any, docnames: list[str]) -> None:
    """Read a handful of changed pages in Sphinx's own process.

    Sphinx 9 reads in worker processes whatever the number of pages, and
    each worker sends the whole environment back, which costs far more than
    reading the few pages a new digest changes, and grows with the archive.
    Sphinx before 8 read five pages or fewer serially; this does so for up
    to :data:`SERIAL_READ_MAX`, for the reading only (:func:`_restore_parallel`).
    """
    if app.parallel > 1 and len(docnames) <= SERIAL_READ_MAX:
        _PARALLEL[app] = app.parallel
        app.parallel = 1


def _restore_parallel(app: Sphinx, env: Any) -> None:
    if app in _PARALLEL:
        app.parallel = _PARALLEL.pop(app)


#: Allocations between two collections of the youngest generation during a
#: build; Python's default, 700, is made for programs of smaller heaps.
YOUNG_COLLECTION_THRESHOLD = 20_000
_THRESHOLDS: weakref.WeakKeyDictionary[Sphinx, tuple[int, int, int]] = weakref.WeakKeyDictionary()


def _collect_less_often(app: Sphinx) -> None:
    """Let the garbage collector run less often while Sphinx unpickles and parses.

    Unpickling the environment (loading it, and in a parallel read once for
    each worker's batch) allocates hundreds of thousands of nodes, and at
    Python's default threshold each few hundred of them start a collection.
    Young garbage (a page's doctree once it is written) is still collected,
    in fewer, larger passes.
    """
    _THRESHOLDS[app] = gc.get_threshold()
    gc.set_threshold(YOUNG_COLLECTION_THRESHOLD, *_THRESHOLDS[app][1:])


def _freeze_heap(app: Sphinx, *_: Any) -> None:
    """Keep what lives until the build ends out of the garbage collector's passes.

    Python's full collections scan every object alive, the environment
    loaded from its pickle (and, once the sources are read, the one they
    filled in) included. Frozen objects are skipped (``gc.freeze``);
    objects made later are collected as before. Frozen cyclic garbage waits
    for :func:`_restore_collection`, so nothing leaks past the build.
    """
    gc.freeze()


def _restore_collection(app: Sphinx, exception: BaseException | None) -> None:
    """Hand the heap back to the collector as it was, and freeze it again at exit.

    At interpreter exit the collector's last full passes would scan the
    whole heap once more, to free memory the system takes back anyway.
    """
    gc.unfreeze()
    if app in _THRESHOLDS:
        gc.set_threshold(*_THRESHOLDS.pop(app))
    atexit.unregister(gc.freeze)  # one registration, however many builds ran
    atexit.register(gc.freeze)
