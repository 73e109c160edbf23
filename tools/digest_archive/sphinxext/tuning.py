"""Build tuning: the garbage collector, what Sphinx's reading workers send back, and what it keeps.

The one module that changes what Sphinx's processes do beyond building
pages, and only when the configuration value ``digest_build_tuning`` is
true (the default; what it saves is measured in ``source/performance.md``):

- the garbage collector runs less often and skips the long-lived heap
  (through :mod:`..collection`, the one module that changes it); it is
  given back as it was when the build finishes, so a process that builds
  more than once (tests, a live-reload server) runs as before between builds;
- a worker of a parallel read sends back only its own pages
  (:func:`_travel_light`; a worker exits with its batch);
- an HTML build drops Sphinx's copy of each page's pickled doctree once the
  page is resolved (:func:`_forget_pickled_doctree`), and written pages are
  collected every few dozen (:func:`_collect_written_pages`);
- a worker the search index forks to read and weigh pages, or to write its
  files, runs without the collector (:func:`worker_collection`);
- work that nothing reads until later in the build (the statistics'
  drawings) runs in a forked process meanwhile (:func:`in_background`).

No other module keeps state beyond the application it is set up in: what
they keep for a build (the shared sidebars, the pages the search indexes)
lives in an object their ``setup`` makes for that application, and what
they change (Sphinx's own search switched off in the HTML builder,
sphinx-sitemap's queue made the process's own) is that application's.
"""

from __future__ import annotations

import copy
import multiprocessing
import os
import traceback
import weakref
from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from multiprocessing.connection import Connection
from typing import Any, TypeVar

from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.errors import ExtensionError

from .. import collection

_Argument = TypeVar("_Argument")


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
    app.connect("env-before-read-docs", _note_main_process)
    app.connect("source-read", _travel_light, priority=0)
    app.connect("doctree-resolved", _forget_pickled_doctree)
    app.connect("doctree-resolved", _collect_written_pages)
    app.connect("env-updated", _freeze_heap)
    app.connect("build-finished", _restore_collection, priority=900)


#: What reading a page leaves in the environment, besides the domains': the
#: environment's attributes that hold something for each page read.
PAGE_RECORDS = ("tocs", "toc_num_entries", "toctree_includes", "titles", "longtitles", "metadata")
#: The domains whose data is only what their pages declared, so that what
#: ``initial_data`` holds is all a worker needs before it reads.
PAGE_DOMAINS = ("std", "index", "digest")
_MAIN: weakref.WeakKeyDictionary[Sphinx, int] = weakref.WeakKeyDictionary()
#: What a worker (by its process id) set aside, alive until it exits: freeing
#: it would write to every page of memory the worker shares with Sphinx's.
_SET_ASIDE: dict[int, list[object]] = {}


def _note_main_process(app: Sphinx, env: Any, docnames: list[str]) -> None:
    _MAIN[app] = os.getpid()


def _travel_light(app: Sphinx, docname: str, source: list[str]) -> None:
    """In a worker of a parallel read, before its first page, set aside what other pages left.

    Sphinx forks a worker for each batch of pages, reads the batch, and sends
    the worker's whole environment back, pickled, for the main process to
    take the batch's pages from (``merge_info_from``). Forked late in a full
    build, a worker holds nearly all the archive read so far, so the batches
    cost the square of the archive, and the main process's memory doubles
    while it unpickles. The batch's own pages were cleared before the fork,
    so whatever the environment holds when the worker reads its first page
    belongs to pages the main process already has: the worker sets it aside
    and sends back only its batch.
    """
    worker = os.getpid()
    if _MAIN.get(app, worker) == worker or worker in _SET_ASIDE:
        return
    env = app.env
    kept = _SET_ASIDE[worker] = []
    for name in PAGE_RECORDS:
        records = getattr(env, name)
        kept.append(records)
        fresh = _emptied(records)
        if docname in records:  # Sphinx starts a page's metadata before this event
            fresh[docname] = records[docname]
        setattr(env, name, fresh)
    for name in PAGE_DOMAINS:
        data = env.domains[name].data
        kept.append(dict(data))
        # A domain may add a key after its initial data (the standard
        # domain's glossary terms), and expects it in what it merges.
        fresh = {key: _emptied(value) for key, value in data.items() if key != "version"}
        fresh.update(copy.deepcopy(env.domains[name].initial_data))
        data.clear()
        data.update(fresh, version=env.domains[name].data_version)


def _emptied(records: Any) -> Any:
    """An empty container of the same kind as ``records``."""
    if isinstance(records, defaultdict):
        return defaultdict(records.default_factory)
    return type(records)()


def _forget_pickled_doctree(app: Sphinx, doctree: Any, docname: str) -> None:
    """Let go of Sphinx's copy of a page's pickled doctree once the page is resolved for writing.

    Sphinx 9 keeps the bytes of every doctree it loads until the build ends
    (``BuildEnvironment._pickled_doctree_cache``), which the PDF's assembly
    loads again and again, but an HTML build resolves each page once. Those
    bytes grow with the archive into a large part of the main process's peak
    (``source/performance.md``, § Garbage collector and build tuning).
    """
    if app.builder.format == "html":
        getattr(app.env, "_pickled_doctree_cache", {}).pop(docname, None)


#: Pages resolved for writing between two full collections of the garbage.
COLLECT_EVERY_PAGES = 50
_RESOLVED: weakref.WeakKeyDictionary[Sphinx, int] = weakref.WeakKeyDictionary()


def _collect_written_pages(app: Sphinx, doctree: Any, docname: str) -> None:
    """Collect the garbage fully every :data:`COLLECT_EVERY_PAGES` pages resolved for writing.

    A doctree is a cycle (each node points at its parent), so a written
    page is freed only by a collection of the generation it has reached;
    pages that waited for a writing worker reach the oldest, which the
    collector seldom scans, and pile up into the full build's peak memory
    (``source/performance.md``). A full pass is quick, since the
    environment is frozen out of it.
    """
    _RESOLVED[app] = _RESOLVED.get(app, 0) + 1
    if _RESOLVED[app] % COLLECT_EVERY_PAGES == 0:
        collection.collect_now()


_THRESHOLDS: weakref.WeakKeyDictionary[Sphinx, collection.Thresholds] = weakref.WeakKeyDictionary()


def _collect_less_often(app: Sphinx) -> None:
    """Let the garbage collector run less often while Sphinx unpickles and parses.

    Unpickling the environment (loading it, and in a parallel read once for
    each worker's batch) allocates hundreds of thousands of nodes, and at
    Python's default threshold each few hundred of them start a collection.
    """
    _THRESHOLDS[app] = collection.collect_less_often()


def _freeze_heap(app: Sphinx, *_: Any) -> None:
    """Keep what lives until the build ends out of the garbage collector's passes.

    Python's full collections scan every object alive, the environment
    loaded from its pickle (and, once the sources are read, the one they
    filled in) included; frozen, they are skipped until
    :func:`_restore_collection`, so nothing leaks past the build.
    """
    collection.keep_out_of_passes()


def _restore_collection(app: Sphinx, exception: BaseException | None) -> None:
    """Hand the heap back to the collector as it was before the build."""
    collection.give_back(_THRESHOLDS.pop(app, None))


@contextmanager
def worker_collection(app: Sphinx) -> Iterator[None]:
    """In the block, a short-lived worker's task, the garbage collector off.

    A worker the search index forks reads its share of a batch of pages,
    thousands of nodes each, then exits. Its collections would scan the
    heap it shares with Sphinx's process for garbage the system takes back
    at its exit a moment later, a large share of its time
    (``source/performance.md``, § Search).
    """
    with collection.paused(app.config.digest_build_tuning):
        yield


def in_background(app: Sphinx, work: Callable[[_Argument], None], argument: _Argument) -> Callable[[], None]:
    """``work(argument)`` in a forked process while the build goes on: a function that waits for it.

    The wait raises :class:`~sphinx.errors.ExtensionError` with the work's
    traceback if it failed, or if its process died. With ``digest_build_tuning``
    off, or where a process cannot be forked, the work is done at once, and
    the wait has nothing to wait for. The process is a daemon, so it never
    outlives the build's process; it runs without the garbage collector, as
    the search index's workers (:func:`worker_collection`).
    """
    if not app.config.digest_build_tuning or "fork" not in multiprocessing.get_all_start_methods():
        work(argument)
        return _nothing
    context = multiprocessing.get_context("fork")
    receiving, sending = context.Pipe(duplex=False)
    process = context.Process(target=_work_apart, args=(app, work, argument, sending), daemon=True)
    process.start()
    sending.close()

    def wait() -> None:
        try:
            failure = receiving.recv()
        except EOFError:
            failure = "it ended without a word"
        finally:
            receiving.close()
            process.join()
        if failure or process.exitcode:
            raise ExtensionError(
                f"digest: {getattr(work, '__name__', work)} failed in the background: {failure}"
            )

    return wait


def _nothing() -> None:
    pass


def _work_apart(
    app: Sphinx, work: Callable[[_Argument], None], argument: _Argument, sending: Connection
) -> None:
    failure = ""
    try:
        with worker_collection(app):
            work(argument)
    except BaseException:  # said to the build, which raises it: the process only reports
        failure = traceback.format_exc()
    sending.send(failure)
    sending.close()
