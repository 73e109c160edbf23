"""Generated digests: realistic enough to benchmark with, and reproducible."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass

import pytest

from digest_archive.lint import REGISTRY, Severity, lint_digest
from digest_archive.model import SUMMARY_LABELS, Section
from digest_archive.synth import LABELLED_FROM, Template, synthesize
from digest_archive.text.identity import identity
from digest_archive.text.parse import parse_digest
from support.commands import run_digest
from support.seeds import SEED_ENTRIES, parse_seed, read_seed

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


def test_every_generated_paper_is_a_paper_of_its_own(templates, generated):
    """No two generated entries are one paper (text.identity): unless numbered apart, digests generated
    one at a time would list the same papers again."""
    papers = [identity(entry) for date, text in generated for entry in _parse(date, text).entries]
    assert len(set(papers)) == len(papers)

    def one_more(first_paper: int) -> set[str]:
        ((day, text),) = synthesize(templates, 1, seed=8, start=START, first_paper=first_paper)
        return {identity(entry) for entry in _parse(day, text).entries}

    # Generated alone for a month the archive has, its papers are the archive's first ones again.
    assert one_more(0) & set(papers)
    assert one_more(50_000) and not one_more(50_000) & set(papers)


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


def test_featured_entries_from_2023_on_are_labelled(generated):
    labels = []
    for date, text in generated:
        for entry in _parse(date, text).entries:
            if entry.section is Section.MORE:
                assert entry.summary_parts == []
                continue
            assert entry.title_zh and entry.summary_parts
            assert entry.summary_zh is not None and entry.summary_zh.startswith(SUMMARY_LABELS)
            parts = [part.label for part in entry.summary_parts]
            assert parts == sorted(parts, key=SUMMARY_LABELS.index)
            labels += parts
            if "要点" in parts:
                assert len(entry.summary_parts[0].points) >= 2
    # Over 60 digests, every label is written, and now and then one is left out.
    assert set(labels) == set(SUMMARY_LABELS)
    assert len(set(Counter(labels).values())) > 1


def test_digests_before_2023_keep_the_older_layouts(templates):
    start = LABELLED_FROM - dt.timedelta(days=5)
    for date, text in synthesize(templates, 10, seed=7, start=start):
        digest = _parse(date, text)
        labelled = [entry for entry in digest.entries if entry.summary_parts]
        assert bool(labelled) is (date >= LABELLED_FROM)
        if date < LABELLED_FROM:
            featured = digest.section(Section.FEATURED)
            assert featured and all(entry.title_zh is None for entry in featured)


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
    # Long-tailed even in 60 digests: most people are in one, yet scores of
    # them recur, someone in several digests, and an institution in a sixth.
    assert sum(1 for count in authors.values() if count == 1) > len(authors) / 2
    assert sum(1 for count in authors.values() if count >= 2) >= 50
    assert authors.most_common(1)[0][1] >= 3
    assert affiliations.most_common(1)[0][1] >= 8


# --- the shape of authorship, on a few hundred digests ------------------------------------
#
# Real authorship (and the Pitman–Yor process synth draws it from): most names
# appear once, distinct names keep coming as the archive grows, a few names are
# prolific without dominating, and institutions recur far more than people.


@dataclass(frozen=True)
class Tally:
    papers: int
    authors: Counter[str]  # papers per author
    affiliations: Counter[str]  # papers per affiliation


def _tally(templates: list[Template], count: int) -> Tally:
    authors: Counter[str] = Counter()
    affiliations: Counter[str] = Counter()
    papers = 0
    for date, text in synthesize(templates, count, seed=1, start=START):
        for entry in _parse(date, text).entries:
            papers += 1
            authors.update(set(entry.authors))
            affiliations.update(set(entry.affiliations))
    return Tally(papers, authors, affiliations)


def _once(counts: Counter[str]) -> float:
    return sum(1 for count in counts.values() if count == 1) / len(counts)


@pytest.fixture(scope="module")
def tallies(templates) -> dict[int, Tally]:
    return {count: _tally(templates, count) for count in (100, 300)}


def test_most_authors_appear_once(tallies):
    assert _once(tallies[300].authors) > 0.6


def test_distinct_authors_grow_with_the_archive(tallies):
    small, large = tallies[100], tallies[300]
    # Three times the digests, over twice the names (not a pool running dry),
    # and more names than papers: most of each paper's authors are new.
    assert len(large.authors) > 2.2 * len(small.authors)
    assert len(large.authors) > 2 * large.papers


def test_a_few_authors_are_prolific_without_dominating(tallies):
    tally = tallies[300]
    top = tally.authors.most_common(1)[0][1]
    assert top >= 8
    assert top <= tally.papers / 50
    assert sum(1 for count in tally.authors.values() if count >= 5) >= 10


def test_affiliations_recur_far_more_than_authors(tallies):
    small, large = tallies[100], tallies[300]
    authors_mean = large.authors.total() / len(large.authors)
    affiliations_mean = large.affiliations.total() / len(large.affiliations)
    assert affiliations_mean > 2 * authors_mean
    assert large.affiliations.most_common(1)[0][1] > 3 * large.authors.most_common(1)[0][1]
    assert _once(large.affiliations) < _once(large.authors)
    # ... and are long-tailed too: new institutions keep coming, many once.
    assert len(large.affiliations) > 1.5 * len(small.affiliations)
    assert _once(large.affiliations) > 0.4


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
    assert files == ["2015/2015-01-01.txt", "2015/2015-01-02.txt", "2015/2015-01-03.txt"]
    status, _, _ = run_digest(capsys, "lint", str(tmp_path))
    assert status == 0


@pytest.mark.parametrize(
    ("start", "count"),
    [("9999-12-01", "3"), ("2026-11-01", "4000"), ("0001-01-01", "3"), ("2015-01-01", "999999999")],
)
def test_the_command_writes_no_digest_the_build_would_refuse_for_its_date(
    capsys, tmp_path, in_repo_root, start, count
):
    status, _, err = run_digest(capsys, "synth", "--digests", count, "--start", start, str(tmp_path))
    assert status == 2
    assert "a digest is dated from 2009-08-14 to tomorrow" in err
    assert not list(tmp_path.iterdir())


def test_the_command_refuses_a_count_below_one(capsys, tmp_path, in_repo_root):
    status, _, err = run_digest(capsys, "synth", "--digests", "0", str(tmp_path))
    assert status == 2
    assert "--digests must be at least 1" in err


def test_the_command_outside_the_archive_says_where_the_templates_are(capsys, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    status, _, err = run_digest(capsys, "synth", "--digests", "1", str(tmp_path / "out"))
    assert status == 2
    assert "no such file or directory: raw" in err
    assert "--templates PATH" in err
