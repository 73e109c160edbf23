"""The conversion's plan, worked out without the disk: which pages to render, from what."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from digest_archive.archive.plan import plan
from digest_archive.archive.sources import Source
from digest_archive.render.contract import Mention
from digest_archive.render.digest import Neighbours
from digest_archive.render.listings import Listed, Listing


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


def _papers(date: str, keys: tuple[str, ...], identities: tuple[str, ...]) -> Source:
    """A day's source whose entries have these citation keys and papers' identities."""
    day = dt.date.fromisoformat(date)
    return Source(
        f"raw/{day.year}/{date}.txt",
        date,
        True,
        (),
        Listing(day, len(keys), "T"),
        keys,
        identities=identities,
    )


def test_a_paper_listed_again_is_named_on_each_of_its_days_with_its_key_there() -> None:
    days = [
        _papers("2021-04-26", ("hessel2021muesli", "lin2021metadata"), ("title:muesli", "arxiv:2104.1")),
        _papers("2021-07-19", ("frankle2021lottery",), ("arxiv:2107.2",)),
        _papers("2022-10-15", ("hessel2021muesli", "other2022"), ("title:muesli", "")),
    ]
    first = plan(days, {}, set())
    # Keys are the archive's own: the second listing's is another.
    later_key = first.digests[2].keys[0]
    assert later_key != "hessel2021muesli"
    assert first.digests[0].also_in == ((Mention(date=dt.date(2022, 10, 15), key=later_key),), ())
    assert first.digests[1].also_in == ((),)
    # An entry with no identity (empty) is no other's paper.
    assert first.digests[2].also_in == ((Mention(date=dt.date(2021, 4, 26), key="hessel2021muesli"),), ())

    # One more digest that lists the paper again renders the pages that
    # list it, and leaves the others as they were.
    more = [*days, _papers("2022-10-20", ("muesli2022",), ("title:muesli",))]
    again = plan(more, first.fingerprints, set(first.fingerprints))
    # 2022-10-15 is the new page's neighbour too.
    assert {job.page for job in again.digests if job.render} == {
        "2021/2021-04-26.md",
        "2022/2022-10-15.md",
        "2022/2022-10-20.md",
    }
    assert [mention.date for mention in again.digests[0].also_in[0]] == [
        dt.date(2022, 10, 15),
        dt.date(2022, 10, 20),
    ]


def _entry(authors: tuple[str, ...], category: str = "LG") -> Listed:
    return Listed("T", category, authors, ("Lab", "Lab"), False)


def test_names_and_categories_count_a_paper_once() -> None:
    days = [
        replace(
            _papers("2021-04-26", ("a2021", "b2021"), ("title:a", "")),
            entries=(_entry(("L Liu", "L Liu")), _entry(("X",))),
        ),
        replace(_papers("2022-10-15", ("a2022",), ("title:a",)), entries=(_entry(("L Liu", "Y")),)),
    ]
    names = plan(days, {}, set()).names
    # Written twice on one paper, listed again on a later day: one paper, at its first day.
    assert [row.key for row in names.rows["author"]["L Liu"]] == ["a2021"]
    assert [row.key for row in names.rows["affiliation"]["Lab"]] == ["a2021", "b2021"]
    # A name only the later listing gives has it there.
    assert [row.key for row in names.rows["author"]["Y"]] == ["a2022"]
    assert {month: [row.key for row in rows] for month, rows in names.months["LG"].items()} == {
        "2021-04": ["a2021", "b2021"]
    }
