"""Give a fresh checkout's files their last commit's time, so a restored build cache stays incremental.

Sphinx reads a page again when its file is newer than the build that last
read it, and a checkout makes every file new: with the build cache of an
earlier run restored (``_build/html``, its environment and doctrees), it
would still read every page. ``python -m digest_dev.gittimes`` (``make
gittimes``) sets each tracked file's time to the time of the last commit of
the first-parent history that changed it, from one ``git log`` pass.

The pages converted from ``raw/`` need none of this: the converter decides
by content (checksums in its manifest) and leaves an unchanged page's file,
and its time, alone. Only the tracked sources are judged by time.

A commit's time may be earlier than the cached build (a pull request's test
merge, a merge pushed while the last build ran), so the files that differ
from the commit the cache was built from keep the time the checkout gave
them and are read again. That commit is recorded in ``--record`` at each
run, saved with the cache, and compared at the next; without a record the
files that differ from ``HEAD`` (edits not committed) are left alone.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
from collections.abc import Iterable, Sequence
from pathlib import Path

#: A commit's full name, as ``git rev-parse`` gives it (SHA-1 or SHA-256).
COMMIT = re.compile(r"[0-9a-f]{40}|[0-9a-f]{64}")


def last_changed(log: bytes, tracked: Iterable[str]) -> dict[str, int]:
    """The time of the newest commit in ``log`` that changed each of ``tracked``.

    ``log`` is ``git log -z --name-only --format=%x00%ct``, newest first: a
    commit is an empty field, its time, then the names it changed (the first
    one after a line break). A file that no commit names is left out.
    """
    wanted = set(tracked)
    times: dict[str, int] = {}
    fields = log.split(b"\0")
    time: int | None = None
    index = 0
    while index < len(fields) and len(times) < len(wanted):
        field = fields[index]
        if not field and index + 1 < len(fields):
            time = int(fields[index + 1])
            index += 2
            # The names follow the header's line break.
            if index < len(fields) and fields[index].startswith(b"\n"):
                fields[index] = fields[index][1:]
            continue
        name = os.fsdecode(field)
        if time is not None and name in wanted and name not in times:
            times[name] = time
        index += 1
    return times


def _git(root: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(["git", *args], cwd=root, capture_output=True, check=check)


def _names(output: bytes) -> list[str]:
    return [os.fsdecode(name) for name in output.split(b"\0") if name]


def read_record(path: Path) -> str | None:
    """The commit written in ``path``, or None when there is none or it is not a commit's name."""
    try:
        text = path.read_text(encoding="ascii").strip()
    except (OSError, UnicodeDecodeError):
        return None
    return text if COMMIT.fullmatch(text) else None


def restore(root: Path, base: str | None) -> tuple[dict[str, int], list[str]]:
    """Set the time of each file tracked in the work tree ``root`` to its last commit's.

    Files that differ from commit ``base`` (by default ``HEAD``), in later
    commits or in the work tree, keep their time. When ``base`` is not in
    the history every file does: there is nothing to compare with. Returns
    the times set and the files left alone.
    """
    tracked = _names(_git(root, "ls-files", "-z").stdout)
    changed = _git(root, "diff", "--name-only", "-z", "--no-renames", base or "HEAD", "--", check=False)
    if changed.returncode != 0:
        return {}, tracked
    kept = set(_names(changed.stdout))
    log = _git(
        root,
        "log",
        "--first-parent",
        "--diff-merges=first-parent",
        "--no-renames",
        "-z",
        "--name-only",
        "--format=%x00%ct",
    ).stdout
    times = last_changed(log, (name for name in tracked if name not in kept))
    for name, time in times.items():
        # A tracked link gets the time itself; what it points to is not ours to touch.
        os.utime(root / name, ns=(time * 10**9, time * 10**9), follow_symlinks=False)
    return times, sorted(kept)


def record(root: Path, path: Path) -> None:
    """Write ``HEAD`` to ``path`` for the next run, or remove it when the work tree has edits.

    The record says which commit the build that follows is made from:
    with edits not committed, no commit is.
    """
    dirty = _git(root, "status", "--porcelain", "--untracked-files=no").stdout
    if dirty:
        path.unlink(missing_ok=True)
        return
    head = _git(root, "rev-parse", "HEAD").stdout.decode("ascii").strip()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(head + "\n", encoding="ascii")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m digest_dev.gittimes",
        description="Set each tracked file's time to its last commit's (first-parent history), "
        "so that Sphinx, with the build cache of an earlier run, reads again only what changed. "
        "Files that differ from the commit in --record keep their time.",
    )
    parser.add_argument(
        "--record",
        type=Path,
        help="file naming the commit the cached build was made from; read, then written with HEAD "
        "(removed when the work tree has edits)",
    )
    parser.add_argument("--root", type=Path, default=Path(), help="the work tree (default: here)")
    args = parser.parse_args(argv)
    base = read_record(args.record) if args.record else None
    times, kept = restore(args.root, base)
    print(
        f"gittimes: {len(times)} files given their last commit's time; {len(kept)} changed since "
        f"{base[:12] if base else 'HEAD'} keep theirs"
    )
    if args.record:
        record(args.root, args.record)
    return 0


if __name__ == "__main__":
    sys.exit(main())
