"""Generated digests: realistic enough to benchmark with, and reproducible."""

from __future__ import annotations

import datetime as dt
from collections import Counter

import pytest

from conftest import SEED_ENTRIES, parse_seed, read_seed, run_digest
from digest_archive.lint import REGISTRY, Severity, lint_digest
from digest_archive.synth import Template, synthesize
from digest_archive.text.parse import parse_digest

START = dt.date(2023, 1, 1)


@pytest.fixture(scope="module")
def templates() -> list[Template]:
    return [Template(read_seed(date), parse_seed(date)) for date in SEED_ENTRIES]


@pytest.fixture(scope="module")
def generated(templates) -> list[tuple[dt.date, str]]:
    return list(synthesize(templates, 60, seed=7, start=START))


def _parse(date: dt.date, text: str):
    return parse_digest(text, source=f"raw/{date.year}/{date.isoformat()}.txt", date=date)


def test_the_same_seed_gives_the_same_digests(templates, generated):
    assert list(synthesize(templates, 60, seed=7, start=START)) == generated
    assert list(synthesize(templates, 60, seed=8, start=START)) != generated


def test_digests_are_dated_consecutively(generated):
    assert [date for date, _ in generated] == [START + dt.timedelta(days=n) for n in range(60)]


def test_every_generated_digest_lints_without_errors(generated):
    rules = list(REGISTRY.values())
    for date, text in generated:
        digest = _parse(date, text)
        errors = [d for d in lint_digest(rules, digest) if d.severity is Severity.ERROR]
        assert errors == [], (date, errors)
        assert 5 <= len(digest.entries) <= 10
        assert [entry.number for entry in digest.entries if entry.number is not None] == list(
            range(1, len([e for e in digest.entries if e.number is not None]) + 1)
        )


def test_every_template_layout_is_used(templates, generated):
    # Each generated digest keeps its template's legend and first-entry line
    # shape (indentation, blank lines): all five layouts appear.
    def shape(text: str) -> tuple[str, ...]:
        lines = text.split("\n")
        first = next(i for i, line in enumerate(lines) if line.lstrip().startswith("1、"))
        return tuple(
            line[: len(line) - len(line.lstrip())] + ("x" if line.strip() else "")
            for line in lines[: first + 3]
        )

    assert {shape(text) for _, text in generated} == {shape(template.text) for template in templates}


def test_authors_and_affiliations_recur_across_digests(generated):
    authors: Counter[str] = Counter()
    affiliations: Counter[str] = Counter()
    for date, text in generated:
        digest = _parse(date, text)
        authors.update({name for entry in digest.entries for name in entry.authors})
        affiliations.update({name for entry in digest.entries for name in entry.affiliations})
    # Long-tailed: someone is in a fifth of the digests, most people in one.
    assert authors.most_common(1)[0][1] >= 12
    assert affiliations.most_common(1)[0][1] >= 12
    assert sum(1 for count in authors.values() if count == 1) > len(authors) / 2


def test_generated_text_is_new(templates, generated):
    seed_titles = {entry.title for template in templates for entry in template.digest.entries}
    titles = [entry.title for date, text in generated for entry in _parse(date, text).entries]
    assert not seed_titles & set(titles)
    assert len(set(titles)) == len(titles)


def test_the_command_writes_files_that_lint_clean(capsys, tmp_path, in_repo_root):
    status, out, _ = run_digest(capsys, "synth", "--digests", "3", "--seed", "2", str(tmp_path))
    assert status == 0
    assert out.strip() == f"3 digests written in {tmp_path}"
    files = sorted(path.relative_to(tmp_path).as_posix() for path in tmp_path.rglob("*.txt"))
    assert files == ["2023/2023-01-01.txt", "2023/2023-01-02.txt", "2023/2023-01-03.txt"]
    status, _, _ = run_digest(capsys, "lint", str(tmp_path))
    assert status == 0


def test_the_command_refuses_a_count_below_one(capsys, tmp_path, in_repo_root):
    status, _, err = run_digest(capsys, "synth", "--digests", "0", str(tmp_path))
    assert status == 2
    assert "--digests must be at least 1" in err
