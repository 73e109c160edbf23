"""A conversion or a build that stopped half-way is healed by the next one.

Found by an attack: a build that crashed while converting left pages that
the next builds trusted, by the fingerprints of the run before it. Once the
digest it was adding was removed, every later build failed on references
to it, and only ``make clean`` recovered. The converter now writes its
manifest without the pages' fingerprints before it changes the first file,
and the whole manifest only at the end.
"""

from __future__ import annotations

import filecmp
import os
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from digest_archive.archive.convert import MANIFEST, convert
from digest_archive.archive.related import RELATED_FILE
from support.builds import copy_project, sphinx_build
from support.seeds import seed_files

#: A digest written for these tests, the week after a seed, by some of that seed's authors.
ADDED = "raw/2021/2021-05-01.txt"
ADDED_TEXT = """\
LG - 机器学习 CV - 计算机视觉

1、[LG] Averaged Gradient Descent Revisited
A Nitanda, T Suzuki, Q Newcomer
[The University of Tokyo & Example Lab]
重新审视平均梯度下降。
We revisit averaged gradient descent in the kernel regime.
https://arxiv.org/abs/2104.01234

2、[CV] Seeing at Night
R Wang, Z Otherauthor
[UCLA]
夜间视觉。
We study images taken at night.
https://arxiv.org/abs/2104.04321
"""


class Stopped(BaseException):
    """What stops the run: a BaseException, as Ctrl-C's KeyboardInterrupt, past any ``except Exception``."""


@contextmanager
def stopping_at(write: int) -> Iterator[list[Path]]:
    """Stop the run at its ``write``-th file written, as text or bytes (counted from 1); yields the files
    written before."""
    real_text, real_bytes = Path.write_text, Path.write_bytes
    done: list[Path] = []

    def stop_or_count(path: Path) -> None:
        if len(done) + 1 == write:
            raise Stopped
        done.append(path)

    def write_text(self: Path, *args: object, **kwargs: object) -> int:
        stop_or_count(self)
        return real_text(self, *args, **kwargs)  # type: ignore[arg-type]

    def write_bytes(self: Path, data: bytes) -> int:
        stop_or_count(self)
        return real_bytes(self, data)

    Path.write_text = write_text  # type: ignore[method-assign]
    Path.write_bytes = write_bytes  # type: ignore[method-assign]
    try:
        yield done
    finally:
        Path.write_text, Path.write_bytes = real_text, real_bytes  # type: ignore[method-assign]


def _raw(folder: Path, *, added: bool) -> dict[str, Path]:
    files = seed_files(folder)
    if added:
        path = folder / ADDED
        path.write_text(ADDED_TEXT, encoding="utf-8")
        files[ADDED] = path
    return dict(sorted(files.items()))


def _differences(left: Path, right: Path) -> list[str]:
    """The files that differ, or are in one folder only, below ``left`` and ``right``; the caches aside.

    The caches are the converter's manifest and the related papers' file,
    whose postings are filed by numbers given to files as they came.
    """
    found = []
    comparison = filecmp.dircmp(left, right, ignore=[MANIFEST, RELATED_FILE])
    stack = [(comparison, "")]
    while stack:
        current, below = stack.pop()
        found += [f"{below}{name}" for name in current.left_only + current.right_only + current.diff_files]
        # dircmp compares by os.stat signature first: a shallow "same" is checked by content.
        found += [
            f"{below}{name}"
            for name in current.same_files
            if (Path(current.left) / name).read_bytes() != (Path(current.right) / name).read_bytes()
        ]
        stack += [(sub, f"{below}{name}/") for name, sub in current.subdirs.items()]
    return sorted(found)


def _writes_when_adding(tmp_path: Path) -> int:
    """How many files a conversion writes when it adds the test's digest to the seeds'."""
    folder = tmp_path / "count"
    convert(_raw(folder, added=False), folder / "pages")
    raw = _raw(folder, added=True)
    with stopping_at(0) as written:
        convert(raw, folder / "pages")
    return len(written)


@pytest.mark.slow  # converts the seeds twice: some 1.5 s
def test_the_added_digest_changes_many_pages(tmp_path: Path) -> None:
    # The stops below fall in the digest pages, the downloads, the indices and the names.
    assert _writes_when_adding(tmp_path) >= 25


def _stopped_then_converted(tmp_path: Path, stop: int, *, added_after: bool) -> list[str]:
    """Stop a conversion adding the test's digest at its ``stop``-th file written (from the end if
    negative), convert again with the digest or without, and compare with a fresh conversion."""
    write = stop if stop > 0 else _writes_when_adding(tmp_path) + 1 + stop
    pages = tmp_path / "pages"
    convert(_raw(tmp_path, added=False), pages)
    raw = _raw(tmp_path, added=True)
    with pytest.raises(Stopped), stopping_at(write):
        convert(raw, pages)
    if not added_after:
        (tmp_path / ADDED).unlink()
    convert(_raw(tmp_path, added=added_after), pages)
    fresh = tmp_path / "fresh"
    convert(_raw(fresh, added=added_after), fresh / "pages")
    return _differences(pages, fresh / "pages")


@pytest.mark.slow  # three conversions of the seeds a stop: 2-5 s each
@pytest.mark.parametrize("stop", [1, 2, 5, 10, 15, 20, -3, -1])
def test_a_conversion_stopped_while_adding_a_digest_is_healed_once_it_is_removed(
    tmp_path: Path, stop: int
) -> None:
    assert _stopped_then_converted(tmp_path, stop, added_after=False) == []


@pytest.mark.slow
@pytest.mark.parametrize("stop", [3, 15, -2])
def test_a_conversion_stopped_while_adding_a_digest_is_finished_by_the_next(
    tmp_path: Path, stop: int
) -> None:
    assert _stopped_then_converted(tmp_path, stop, added_after=True) == []


def test_a_conversion_with_nothing_to_change_writes_nothing(tmp_path: Path) -> None:
    pages = tmp_path / "pages"
    raw = _raw(tmp_path, added=True)
    convert(raw, pages)
    manifest = (pages / MANIFEST).stat().st_mtime_ns
    with stopping_at(0) as written:
        result = convert(raw, pages)
    assert written == [] and result.written == [] and result.removed == []
    assert (pages / MANIFEST).stat().st_mtime_ns == manifest


# What the killed build runs: Sphinx in this process, killed by SIGKILL (no
# exception, no clean-up) when the converter writes its first category page,
# after the digest pages and the indices of authors and affiliations.
_KILLED_BUILD = """
import os, pathlib, signal, sys
from sphinx.cmd.build import main
real = pathlib.Path.write_text
def write_text(self, *args, **kwargs):
    if "/digests/categories/" in self.as_posix():
        os.kill(os.getpid(), signal.SIGKILL)
    return real(self, *args, **kwargs)
pathlib.Path.write_text = write_text
sys.exit(main(["-b", "html", "-c", ".", "-n", "-W", "-q", "source", "_build/html"]))
"""


@pytest.mark.slow
def test_a_build_killed_mid_conversion_is_healed_by_the_next(tmp_path: Path) -> None:
    project = copy_project(tmp_path)
    assert sphinx_build(project).returncode == 0
    (project / ADDED).write_text(ADDED_TEXT, encoding="utf-8")
    killed = subprocess.run(
        [sys.executable, "-c", _KILLED_BUILD], cwd=project, capture_output=True, text=True, check=False
    )
    assert killed.returncode == -9, killed.stderr
    # The killed build had written the new digest's page and counted its authors.
    assert (project / "source/digests/2021/2021-05-01.md").exists()
    (project / ADDED).unlink()
    result = sphinx_build(project)
    assert result.returncode == 0, result.stderr
    (tmp_path / "fresh").mkdir()
    fresh = copy_project(tmp_path / "fresh")
    assert sphinx_build(fresh).returncode == 0
    assert _differences(project / "source/digests", fresh / "source/digests") == []
    assert not os.path.exists(project / "source/digests/2021/2021-05-01.md")
