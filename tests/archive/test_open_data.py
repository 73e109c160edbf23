"""The open data: a day's digest as JSON beside its page, a year's as JSON Lines, their versioned schema."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import jsonschema
import pytest

from digest_archive.model import SCHEMA_VERSION, json_schema
from digest_archive.render.credit import TERMS
from support.commands import run_digest as run
from support.paths import REPO_ROOT
from support.seeds import SEED_ENTRIES, read_seed

SCHEMAS = REPO_ROOT / "tools" / "digest_archive" / "schemas"
YEARS = sorted({date[:4] for date in SEED_ENTRIES})


@pytest.fixture
def converted(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> tuple[Path, Path]:
    """The seeds as a raw folder of their own, and the folder ``digest convert`` wrote from it."""
    raw, pages = tmp_path / "raw", tmp_path / "pages"
    for date in SEED_ENTRIES:
        _write_raw(raw, date, read_seed(date))
    _convert(capsys, raw, pages)
    return raw, pages


def _write_raw(raw: Path, date: str, text: str) -> Path:
    path = raw / date[:4] / f"{date}.txt"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def _convert(capsys: pytest.CaptureFixture[str], raw: Path, pages: Path) -> None:
    status, _, err = run(capsys, "convert", str(raw), "--out", str(pages))
    assert status == 0, err


def _lines(pages: Path, year: str) -> str:
    """A year's file, unpacked."""
    return gzip.decompress((pages / year / f"{year}.jsonl.gz").read_bytes()).decode("utf-8")


def _validator(pages: Path) -> jsonschema.protocols.Validator:
    """A validator of the schema the converter published beside the data, checked as a schema first."""
    schema = json.loads((pages / f"schema-{SCHEMA_VERSION}.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


def test_the_schema_of_this_version_is_kept() -> None:
    kept = SCHEMAS / f"{SCHEMA_VERSION}.json"
    written = json.dumps(json_schema(), ensure_ascii=False, indent=2) + "\n"
    assert kept.read_text(encoding="utf-8") == written, (
        f"The models' JSON Schema is no longer version {SCHEMA_VERSION}'s. Published data must stay "
        "checkable against the version it names: raise SCHEMA_VERSION in model.py and write the new "
        "version with `.venv/bin/digest schema > tools/digest_archive/schemas/N.json`."
    )
    # Every version from the first, none skipped, none ahead of the models.
    assert sorted(int(path.stem) for path in SCHEMAS.glob("*.json")) == list(range(1, SCHEMA_VERSION + 1))


def test_every_kept_schema_is_published(converted: tuple[Path, Path]) -> None:
    _, pages = converted
    for path in SCHEMAS.glob("*.json"):
        assert (pages / f"schema-{path.stem}.json").read_bytes() == path.read_bytes()


@pytest.mark.parametrize("date", SEED_ENTRIES)
def test_a_day_s_data_is_what_digest_export_writes(
    capsys: pytest.CaptureFixture[str], converted: tuple[Path, Path], date: str
) -> None:
    raw, pages = converted
    published = json.loads((pages / date[:4] / f"{date}.json").read_text(encoding="utf-8"))
    status, out, _ = run(capsys, "export", str(raw / date[:4] / f"{date}.txt"))
    assert status == 0
    assert published == json.loads(out)
    (digest,) = published
    assert digest["date"] == date
    assert len(digest["entries"]) == SEED_ENTRIES[date]
    _validator(pages).validate(published)


def test_each_digest_s_data_credits_its_curator_and_post(converted: tuple[Path, Path]) -> None:
    """Issue 39: whose digest it is, the post it was first published in, the terms it is kept under."""
    _, pages = converted
    credits = {
        date: json.loads((pages / date[:4] / f"{date}.json").read_text(encoding="utf-8"))[0]["credit"]
        for date in SEED_ENTRIES
    }
    assert credits["2020-12-16"] == {
        "curator": "爱可可-爱生活",
        "curator_url": "https://weibo.com/1402400261",
        "source": "https://weibo.com/1402400261/JyFsjATR5",
        "license": TERMS,
        # No site address given to 'digest convert': no page to point at.
        "terms_url": None,
    }
    # The 2022 digest links arXiv and no post of its own.
    assert credits["2022-10-15"]["source"] is None
    assert all(
        credit["source"] is None or credit["source"].startswith("https://weibo.com/")
        for credit in credits.values()
    )


def test_another_curator_rewrites_the_data_and_no_page(
    capsys: pytest.CaptureFixture[str], converted: tuple[Path, Path]
) -> None:
    raw, pages = converted
    before = {path: path.stat().st_mtime_ns for path in pages.rglob("*") if path.is_file()}
    status, out, err = run(
        capsys, "convert", str(raw), "--out", str(pages), "--curator", "Someone", "--curator-url", ""
    )
    assert status == 0, err
    changed = {
        path.relative_to(pages).as_posix()
        for path, time in before.items()
        if path.stat().st_mtime_ns != time and path.name != ".digest-pages.json"
    }
    assert changed == {
        *(f"{date[:4]}/{date}.json" for date in SEED_ENTRIES),
        *(f"{year}/{year}.jsonl.gz" for year in YEARS),
    }
    (digest,) = json.loads((pages / "2021/2021-04-26.json").read_text(encoding="utf-8"))
    assert (digest["credit"]["curator"], digest["credit"]["curator_url"]) == ("Someone", None)
    # No curator: no credit, in the data as on the pages.
    status, out, err = run(capsys, "export", "--curator", "", str(raw / "2021/2021-04-26.txt"))
    assert json.loads(out)[0]["credit"] is None
    _validator(pages).validate(json.loads(out))


@pytest.mark.parametrize("year", YEARS)
def test_a_year_s_lines_are_its_days_in_date_order(converted: tuple[Path, Path], year: str) -> None:
    _, pages = converted
    text = _lines(pages, year)
    assert text.endswith("\n")
    lines = [json.loads(line) for line in text.splitlines()]
    days = sorted(date for date in SEED_ENTRIES if date.startswith(year))
    assert [line["date"] for line in lines] == days
    for line, date in zip(lines, days, strict=True):
        (digest,) = json.loads((pages / year / f"{date}.json").read_text(encoding="utf-8"))
        assert line == digest
    # A line is one digest of the schema's array.
    _validator(pages).validate(lines)


def test_one_more_digest_rewrites_its_own_year_s_lines_and_no_other(
    capsys: pytest.CaptureFixture[str], converted: tuple[Path, Path]
) -> None:
    raw, pages = converted
    before = {year: (pages / year / f"{year}.jsonl.gz").stat().st_mtime_ns for year in YEARS}
    _write_raw(raw, "2021-08-02", read_seed("2021-07-19"))
    _convert(capsys, raw, pages)
    lines = _lines(pages, "2021").splitlines()
    assert [json.loads(line)["date"] for line in lines] == ["2021-04-26", "2021-07-19", "2021-08-02"]
    after = {year: (pages / year / f"{year}.jsonl.gz").stat().st_mtime_ns for year in YEARS}
    assert {year for year in YEARS if after[year] != before[year]} == {"2021"}
    # And a digest taken away takes its line with it.
    (raw / "2021" / "2021-08-02.txt").unlink()
    _convert(capsys, raw, pages)
    assert not (pages / "2021" / "2021-08-02.json").exists()
    assert len(_lines(pages, "2021").splitlines()) == 2


def test_a_digest_cannot_break_a_line_of_its_year(
    capsys: pytest.CaptureFixture[str], converted: tuple[Path, Path]
) -> None:
    # JSON lets U+2028, U+2029 and U+0085 stand unescaped in a string, but
    # str.splitlines() and other readers split a line at each: a digest with
    # them would be read as many records, or as broken ones.
    raw, pages = converted
    hostile = read_seed("2021-04-26").replace(" ", "\u2028", 200).replace("，", "\x85\u2029", 20)
    _write_raw(raw, "2021-04-26", hostile)
    _convert(capsys, raw, pages)
    text = _lines(pages, "2021")
    assert not {"\u2028", "\u2029", "\x85"} & set(text)
    lines = [json.loads(line) for line in text.splitlines()]
    assert [line["date"] for line in lines] == ["2021-04-26", "2021-07-19"]
    (digest,) = json.loads((pages / "2021" / "2021-04-26.json").read_text(encoding="utf-8"))
    assert lines[0] == digest
