"""The conversion's plan, worked out without the disk: which pages to render, from what."""

from __future__ import annotations

import datetime as dt

from digest_archive.archive.plan import plan
from digest_archive.archive.sources import Source
from digest_archive.render.digest import Neighbours
from digest_archive.render.listings import Listing


def _source(date: str, keys: tuple[str, ...] = ("kunin2020neural",), checksum: str = "") -> Source:
    day = dt.date.fromisoformat(date)
    return Source(
        f"raw/{day.year}/{date}.txt", checksum or date, True, (), Listing(day, len(keys), "T"), keys
    )


DAYS = [_source("2020-12-16"), _source("2020-12-17"), _source("2020-12-18")]


def test_a_first_plan_renders_every_page_with_its_neighbours() -> None:
    first = plan(DAYS, {}, set())
    assert [job.page for job in first.digests] == [
        "2020/2020-12-16.md",
        "2020/2020-12-17.md",
        "2020/2020-12-18.md",
    ]
    assert all(job.render for job in first.digests)
    middle = first.digests[1]
    assert middle.neighbours == Neighbours(dt.date(2020, 12, 16), dt.date(2020, 12, 18))
    assert [listing.date.day for listing in first.listings] == [16, 17, 18]


def test_nothing_changed_renders_nothing() -> None:
    first = plan(DAYS, {}, set())
    again = plan(DAYS, first.fingerprints, set(first.fingerprints))
    assert not any(job.render for job in again.digests)


def test_a_missing_page_is_rendered_again() -> None:
    first = plan(DAYS, {}, set())
    again = plan(DAYS, first.fingerprints, set(first.fingerprints) - {"2020/2020-12-17.md"})
    assert [job.page for job in again.digests if job.render] == ["2020/2020-12-17.md"]


def test_a_new_digest_renders_itself_and_its_predecessor() -> None:
    first = plan(DAYS, {}, set())
    later = [*DAYS, _source("2020-12-19")]
    again = plan(later, first.fingerprints, set(first.fingerprints))
    assert [job.page for job in again.digests if job.render] == ["2020/2020-12-18.md", "2020/2020-12-19.md"]


def test_keys_are_told_apart_across_the_archive_and_stay_put() -> None:
    first = plan(DAYS, {}, set())
    assert [job.keys for job in first.digests] == [
        ("kunin2020neural",),
        ("kunin2020neuralb",),
        ("kunin2020neuralc",),
    ]
    # A changed file changes its own page only.
    changed = [DAYS[0], _source("2020-12-17", checksum="edited"), DAYS[2]]
    again = plan(changed, first.fingerprints, set(first.fingerprints))
    assert [job.page for job in again.digests if job.render] == ["2020/2020-12-17.md"]


def test_a_source_without_a_listing_has_no_page() -> None:
    unreadable = Source("raw/2020/2020-12-20.txt", "x", False, (), None, ())
    assert len(plan([*DAYS, unreadable], {}, set()).digests) == 3
