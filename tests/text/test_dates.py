"""Dates are facts with a range: from the day Weibo opened to tomorrow in Beijing time.

A digest dated 9999-12-31 crashed the build, one whose Weibo link decoded to
9999-06-15 was filed by ``digest add`` and made the next build draw 95,748
months, and one dated 0001-01-01 cost every build five minutes. The file
name, the links, ``digest add --date`` and lint hold every date to one range.
"""

from __future__ import annotations

import datetime as dt

import pytest

from digest_archive.lint import REGISTRY, lint_digest
from digest_archive.render.listings import Listed
from digest_archive.render.statistics import plots
from digest_archive.text.dates import (
    BEIJING,
    FIRST_DAY,
    date_range,
    in_range,
    last_day,
    posted_on,
    weibo_date,
    weibo_mid,
)
from support.commands import run_digest as run
from support.seeds import parse_snippet, read_seed

_BASE62 = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
_WEIBO_EPOCH = 515483463


def weibo_code(day: dt.date) -> str:
    """A Weibo post code that decodes to noon of ``day``, Beijing time (:func:`weibo_mid` reversed)."""
    noon = dt.datetime.combine(day, dt.time(12), BEIJING)
    mid = str((int(noon.timestamp()) - _WEIBO_EPOCH) << 22)
    groups = []
    while mid:
        mid, group = mid[:-7], mid[-7:]
        value, chars = int(group), ""
        for _ in range(4):
            value, digit = divmod(value, 62)
            chars = _BASE62[digit] + chars
        groups.append(chars.lstrip("0") if not mid else chars)
    code = "".join(reversed(groups))
    assert weibo_mid(code) == int(str((int(noon.timestamp()) - _WEIBO_EPOCH) << 22))
    return code


def test_the_range_runs_from_the_day_weibo_opened_to_tomorrow_in_beijing() -> None:
    # 23:30 UTC on 1 March is 07:30 on 2 March in Beijing: tomorrow there is 3 March.
    now = dt.datetime(2024, 3, 1, 23, 30, tzinfo=dt.UTC)
    assert last_day(now) == dt.date(2024, 3, 3)
    assert in_range(FIRST_DAY, now) and in_range(dt.date(2024, 3, 3), now)
    assert not in_range(FIRST_DAY - dt.timedelta(days=1), now)
    assert not in_range(dt.date(2024, 3, 4), now)
    assert not in_range(dt.date(9999, 12, 31)) and not in_range(dt.date(1, 1, 1))
    assert date_range(now) == "from 2009-08-14 to tomorrow, 2024-03-03 (Beijing time)"


def test_a_weibo_link_out_of_range_dates_nothing() -> None:
    link = f"https://weibo.com/1402400261/{weibo_code(dt.date(9999, 6, 15))}"
    assert posted_on(link) == dt.date(9999, 6, 15)
    assert weibo_date(link) is None
    real = "https://weibo.com/1402400261/JyFsjATR5"
    assert posted_on(real) == weibo_date(real) == dt.date(2020, 12, 16)


def _with_link(text: str, link: str) -> str:
    return text.replace("https://weibo.com/1402400261/JyFsjATR5", link, 1)


def test_lint_reports_a_weibo_link_that_decodes_out_of_range_at_its_column() -> None:
    link = f"https://weibo.com/1402400261/{weibo_code(dt.date(9999, 6, 15))}"
    text = _with_link(read_seed("2020-12-16"), link)
    found = [d for d in lint_digest(REGISTRY.values(), parse_snippet(text)) if d.code == "DA111"]
    (mangled,) = [d for d in found if "9999-06-15" in d.message]
    lines = text.split("\n")
    assert lines[mangled.line - 1].index(link) + 1 == mangled.column
    assert mangled.message.startswith(
        "Weibo post code decodes to 9999-06-15, outside the dates a digest can have"
    )


@pytest.fixture
def archive(tmp_path, monkeypatch):
    (tmp_path / "raw").mkdir()
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.mark.parametrize("day", ["9999-12-31", "0001-01-01", "2009-08-13"])
def test_add_refuses_a_date_out_of_range_even_when_forced(capsys, archive, day: str) -> None:
    (archive / "digest.txt").write_text(read_seed("2022-10-15"), encoding="utf-8")
    for force in ([], ["--force"]):
        status, _, err = run(capsys, "add", "--date", day, *force, "digest.txt")
        assert status == 2
        assert f"--date {day}: a digest is dated from 2009-08-14 to tomorrow" in err
    assert not list((archive / "raw").iterdir())


def test_add_files_no_digest_under_the_day_a_mangled_link_decodes_to(capsys, archive) -> None:
    text = read_seed("2020-12-16")
    codes = {raw.rsplit("/", 1)[-1] for raw in text.split() if raw.startswith("https://weibo.com/")}
    for code in codes:
        text = text.replace(code, weibo_code(dt.date(9999, 6, 15)))
    (archive / "digest.txt").write_text(text, encoding="utf-8")
    status, _, err = run(capsys, "add", "digest.txt")
    assert status == 2
    assert "its Weibo links decode to 9999-06-15: a digest is dated from 2009-08-14" in err
    assert "--date YYYY-MM-DD; nothing written" in err
    assert not list((archive / "raw").iterdir())


def test_the_plots_walk_months_as_numbers_up_to_the_last_possible_one() -> None:
    paper = Listed("T", "LG", ("A B",), ("U",), False, "")
    days = [(dt.date(9999, 11, 30), [paper]), (dt.date(9999, 12, 31), [paper])]
    for plot in plots(days):
        if plot.name in ("categories", "highlighted"):
            assert plot.axis == ("9999-11", "9999-12")
    across = plots([(dt.date(2020, 11, 1), [paper]), (dt.date(2021, 2, 1), [paper])])
    assert across[0].axis == ("2020-11", "2020-12", "2021-01", "2021-02")
