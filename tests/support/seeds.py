"""The repository's raw digests (the seeds), and digests parsed as the archive parses them."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from digest_archive.model import Digest
from digest_archive.render.bibtex import citations
from digest_archive.render.digest import DigestPage, Neighbours
from digest_archive.text.dates import date_from_path
from digest_archive.text.parse import parse_digest
from support.paths import RAW_DIR

#: The raw digests in the repository, by date, with their entry counts.
SEED_ENTRIES = {
    "2020-11-01": 8,
    "2020-12-16": 10,
    "2021-04-26": 9,
    "2021-07-19": 9,
    "2022-10-15": 9,
}

#: The path examples and snippets are parsed under, as lint's examples are.
SNIPPET_PATH = "raw/2020/2020-12-16.txt"


def raw_path(date: str) -> Path:
    """The raw file of the digest of ``date`` (``YYYY-MM-DD``)."""
    return RAW_DIR / date[:4] / f"{date}.txt"


def relative_source(date: str) -> str:
    """A seed's path as a user in the repository root would type it."""
    return f"raw/{date[:4]}/{date}.txt"


def parse_snippet(text: str, path: str = SNIPPET_PATH) -> Digest:
    """Parse ``text`` as if it were the raw file at ``path`` (by default 2020-12-16's)."""
    return parse_digest(text, source=path, date=date_from_path(path))


def page_of(digest: Digest, neighbours: Neighbours | None = None) -> DigestPage:
    """``digest``'s page input, with the citation keys it would have on its own."""
    return DigestPage(digest, neighbours or Neighbours(), citations(digest))


def read_seed(date: str) -> str:
    return raw_path(date).read_text(encoding="utf-8")


def parse_seed(date: str) -> Digest:
    return parse_digest(read_seed(date), source=relative_source(date), date=dt.date.fromisoformat(date))


def seed_files(folder: Path) -> dict[str, Path]:
    """The seeds copied to ``folder/raw``, by the names diagnostics give them."""
    files = {}
    for date in SEED_ENTRIES:
        path = folder / "raw" / date[:4] / f"{date}.txt"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(read_seed(date), encoding="utf-8")
        files[relative_source(date)] = path
    return files


def accounted_lines(digest: Digest) -> set[int]:
    """Every raw line the model says it read something from.

    Lines of digest-level fields and of entry fields (spans), lines holding
    markup artifacts, lines the parser reported as unparsed, and the line each
    entry starts on (a bare ``6、`` starts an entry with no field to span; lint
    reports it there as DA102).
    """
    lines = {span.line for spans in digest.spans.values() for span in spans}
    lines |= {artifact.line for artifact in digest.artifacts}
    lines |= {line.line for line in digest.unparsed}
    for entry in digest.entries:
        lines.add(entry.line)
        lines |= {span.line for spans in entry.spans.values() for span in spans}
        lines |= {artifact.line for artifact in entry.artifacts}
    return lines


def content_lines(text: str) -> set[int]:
    """Line numbers (1-based, LF-separated) of the lines that hold more than whitespace."""
    return {number for number, line in enumerate(text.split("\n"), start=1) if line.strip()}


#: A digest of one paper, by a seed's author and a new one, for a day after the seeds (2022-10-20).
NEW_DIGEST = """\
1、[LG] Deep Learning on a Budget
S Ganguli, A Newcomer
[Stanford University]
预算内的深度学习。
We study deep learning on a budget.
https://arxiv.org/abs/2210.09999
"""
