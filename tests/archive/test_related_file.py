"""The related papers' file: one more digest, ranked from it, answers as ranking the archive at once."""

from __future__ import annotations

import datetime as dt
import json
import random
from pathlib import Path

import pytest

from digest_archive.archive.convert import convert
from digest_archive.archive.related import RELATED_FILE
from digest_archive.search.related import FEW_PAPERS

#: Few words, so that many are on more papers than a query asks for (search.related.MAX_SHARE).
WORDS = [
    "lottery",
    "ticket",
    "prune",
    "sparse",
    "depth",
    "camera",
    "dialogue",
    "graph",
    "kernel",
    "tangent",
    "quokka",
]


def _digest(rng: random.Random, day: int) -> str:
    entries = []
    for number in range(1, 4):
        title = " ".join(rng.choices(WORDS, k=3)).title()
        abstract = " ".join(rng.choices(WORDS, k=rng.randint(5, 30)))
        entries.append(
            f"{number}、[LG] {title}\nA Writer\n[A Lab]\n模型{rng.choice('甲乙丙丁')}。\n{abstract}.\n"
            f"https://arxiv.org/abs/2101.{day:03d}{number:02d}\n"
        )
    return "\n".join(entries)


def _write(folder: Path, days: range, seed: int = 7) -> dict[str, Path]:
    rng = random.Random(seed)
    raw = {}
    texts = [_digest(rng, day) for day in range(max(days) + 1)]
    for day in days:
        date = dt.date(2021, 1, 1) + dt.timedelta(days=day)
        name = f"raw/{date.year}/{date.isoformat()}.txt"
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(texts[day], encoding="utf-8")
        raw[name] = path
    return raw


def _answers(out: Path) -> dict[str, str]:
    return json.loads((out / RELATED_FILE).read_text(encoding="utf-8"))["answers"]


@pytest.mark.slow  # converts some 30 digests five times: some 10 s
def test_digests_added_one_by_one_are_related_as_all_at_once(tmp_path: Path) -> None:
    count = FEW_PAPERS // 3 + 12
    at_once = tmp_path / "at-once"
    convert(_write(at_once, range(count)), at_once / "pages")
    one_by_one = tmp_path / "one-by-one"
    convert(_write(one_by_one, range(count - 3)), one_by_one / "pages")
    for last in range(count - 2, count + 1):
        convert(_write(one_by_one, range(last)), one_by_one / "pages")
    assert _answers(one_by_one / "pages") == _answers(at_once / "pages")
    # And so are the pages, which name them.
    pages = sorted((at_once / "pages").rglob("2021-*.md"))
    assert pages
    for page in pages:
        other = one_by_one / "pages" / page.relative_to(at_once / "pages")
        assert other.read_text(encoding="utf-8") == page.read_text(encoding="utf-8")
    # An earlier day changed and one gone: the days after ranked again, still as at once.
    changed = _write(one_by_one, range(count))
    changed["raw/2021/2021-01-03.txt"].write_text(_digest(random.Random(1), 2), encoding="utf-8")
    del changed["raw/2021/2021-01-05.txt"]
    convert(changed, one_by_one / "pages")
    fresh = tmp_path / "fresh"
    again = _write(fresh, range(count))
    again["raw/2021/2021-01-03.txt"].write_text(_digest(random.Random(1), 2), encoding="utf-8")
    del again["raw/2021/2021-01-05.txt"]
    convert(again, fresh / "pages")
    assert _answers(one_by_one / "pages") == _answers(fresh / "pages")
