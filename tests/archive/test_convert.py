"""Converting raw digests to pages: the same tree however it is reached, and no more work than needed."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from digest_archive.archive.convert import convert
from digest_archive.archive.related import RELATED_FILE
from support.seeds import SEED_ENTRIES, read_seed, seed_files


@pytest.mark.slow  # converts the seeds twice: some 1.5 s
def test_converting_twice_gives_identical_trees(tmp_path):
    files = seed_files(tmp_path)
    convert(files, tmp_path / "a")
    convert(dict(reversed(files.items())), tmp_path / "b")

    def tree(root):
        return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}

    assert tree(tmp_path / "a") == tree(tmp_path / "b")
    pages = tree(tmp_path / "a")
    assert {".digest-pages.json", "index.md", "authors/index.md", "categories/LG.md"} < set(pages)


def test_a_conversion_is_shown_by_its_counts(tmp_path):
    # Sphinx logs every event's arguments with repr(): the build's log line
    # for digest-converted must not hold every digest's source.
    result = convert(seed_files(tmp_path), tmp_path / "out")
    assert repr(result) == (
        f"Conversion({len(SEED_ENTRIES)} sources, {len(SEED_ENTRIES)} surveyed, "
        f"{len(result.written)} written, 0 unchanged, 0 removed, {len(result.drawn)} drawn)"
    )


def test_converting_again_reads_and_renders_only_a_changed_digest(tmp_path, monkeypatch):
    from digest_archive.archive import convert as converter
    from digest_archive.archive import files as reader

    raw = seed_files(tmp_path)
    first = convert(raw, tmp_path / "pages")
    assert first.surveyed == list(raw)
    parsed, rendered = [], []
    parse = reader.parse_digest

    def spy(text, *, source, date):
        parsed.append(source)
        return parse(text, source=source, date=date)

    monkeypatch.setattr(reader, "parse_digest", spy)
    monkeypatch.setattr(converter, "render_digest", lambda page: rendered.append(page.digest.date) or "")
    changed = raw["raw/2021/2021-04-26.txt"]
    changed.write_text(changed.read_text(encoding="utf-8").replace("Metadata Normalization", "Meta Norm"))
    result = convert(raw, tmp_path / "pages")
    # Only the changed digest is read again: its neighbours' links and keys did not change.
    assert result.surveyed == ["raw/2021/2021-04-26.txt"]
    # And the later digest whose card names the paper among its related
    # earlier papers, by its (changed) title: read to be rendered again.
    assert parsed == ["raw/2021/2021-04-26.txt", "raw/2022/2022-10-15.txt"]
    assert rendered == [dt.date(2021, 4, 26), dt.date(2022, 10, 15)]
    # And the category's month that lists the paper by its title; the
    # indices of names, whose counts did not change, are as they were.
    written = [path.relative_to(tmp_path / "pages").as_posix() for path in result.written]
    assert written == ["2021/2021-04-26.md", "2022/2022-10-15.md", "categories/LG/2021-04.md"]
    assert result.sources == [*first.sources[:2], result.sources[2], *first.sources[3:]]


@pytest.mark.slow  # converts the seeds twice: some 1.5 s
def test_a_new_digest_renders_its_neighbour_without_reading_it_again(tmp_path, monkeypatch):
    from digest_archive.archive import convert as converter

    raw = seed_files(tmp_path)
    convert(raw, tmp_path / "pages")
    last = tmp_path / "pages" / "2022" / "2022-10-15.md"
    related_before = re.findall(r'"related":\[[^]]*\]', last.read_text(encoding="utf-8"))
    rendered = []
    render = converter.render_digest

    def spy(page):
        rendered.append(page.digest.date)
        return render(page)

    monkeypatch.setattr(converter, "render_digest", spy)
    later = tmp_path / "raw" / "2022" / "2022-10-16.txt"
    later.write_text(read_seed("2022-10-15"), encoding="utf-8")
    result = convert({**raw, "raw/2022/2022-10-16.txt": later}, tmp_path / "pages")
    assert result.surveyed == ["raw/2022/2022-10-16.txt"]
    # The last digest gets a "next" link, from its raw bytes kept in the manifest's stead.
    assert rendered == [dt.date(2022, 10, 15), dt.date(2022, 10, 16)]
    page = last.read_text(encoding="utf-8")
    assert "2022-10-16" in page
    # A newer paper changes no earlier paper's related papers.
    assert re.findall(r'"related":\[[^]]*\]', page) == related_before
    assert related_before and all(len(found) > len('"related":[]') for found in related_before)


# --- converting run by run ---------------------------------------------------------------------

#: Few names, so that digests share them and their pages; surnames spread over the alphabet.
AUTHORS = [
    f"{initial} {surname}"
    for initial in "AB"
    for surname in ("Abe", "Kim", "Lee", "Ng", "Ruiz", "Zhu", "Ólafsson")
]
AFFILIATIONS = ["MIT", "Stanford University", "Tsinghua University", "DeepMind"]
#: Shared title words make shared citation keys, told apart by suffixes that shift.
TITLES = ["Neural Mechanics", "Neural Tangents", "Sparse Models", "Deep Sets", "Lottery Tickets"]

entry_specs = st.tuples(
    st.sampled_from(["LG", "CV", "CL"]),
    st.sampled_from(TITLES),
    st.lists(st.sampled_from(AUTHORS), min_size=1, max_size=3, unique=True),
    st.sampled_from(AFFILIATIONS),
)
#: ("put", day, entries) writes the raw file of that day; ("drop", day, _) deletes it.
runs = st.lists(
    st.tuples(
        st.sampled_from(["put", "put", "drop"]),
        st.integers(0, 40),
        st.lists(entry_specs, min_size=1, max_size=3),
    ),
    min_size=2,
    max_size=8,
)


def _raw_text(entries: list[tuple[str, str, list[str], str]]) -> str:
    return "".join(
        f"{number}、[{category}] {title}\n{', '.join(authors)}\n[{affiliation}]\n中文摘要。\n"
        f"An abstract.\nhttps://arxiv.org/abs/2101.{number:05d}\n\n"
        for number, (category, title, authors, affiliation) in enumerate(entries, 1)
    )


@pytest.mark.slow  # 25 runs of conversions: some 45 s
@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(steps=runs)
def test_converting_run_by_run_gives_the_pages_of_converting_at_once(steps, tmp_path_factory, monkeypatch):
    """Each run renders only the pages it touches, and its tree is a fresh conversion's.

    A short index of names (three), so that names enter and leave it as
    digests come and go.
    """
    from digest_archive.render import names

    monkeypatch.setattr(names, "DIRECTORY_LIMIT", 3)
    folder = tmp_path_factory.mktemp("runs")
    raw: dict[str, Path] = {}

    def tree(root: Path) -> dict[str, bytes]:
        return _as_converted(
            {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}
        )

    for index, (action, day, entries) in enumerate(steps):
        date = dt.date(2021, 1, 1) + dt.timedelta(days=day)
        name = f"raw/{date.year}/{date.isoformat()}.txt"
        if action == "put":
            path = folder / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(_raw_text(entries), encoding="utf-8")
            raw[name] = path
        elif name in raw:
            raw.pop(name).unlink()
        convert(dict(sorted(raw.items())), folder / "pages")
        convert(dict(sorted(raw.items())), folder / f"fresh-{index}")
        assert tree(folder / "pages") == tree(folder / f"fresh-{index}"), steps[: index + 1]


def test_dropping_the_last_digest_leaves_what_converting_no_digests_leaves(tmp_path: Path) -> None:
    raw = tmp_path / "raw/2021/2021-01-01.txt"
    raw.parent.mkdir(parents=True)
    raw.write_text(_raw_text([("LG", "Neural Mechanics", ["A Abe"], "MIT")]), encoding="utf-8")
    convert({"raw/2021/2021-01-01.txt": raw}, tmp_path / "pages")
    convert({}, tmp_path / "pages")
    convert({}, tmp_path / "fresh")

    def tree(root: Path) -> dict[str, bytes]:
        return _as_converted(
            {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}
        )

    assert tree(tmp_path / "pages") == tree(tmp_path / "fresh")


def _as_converted(files: dict[str, bytes]) -> dict[str, bytes]:
    """A conversion's files, the related papers' cache by its answers only.

    Its postings are filed by numbers given to files as they came, so they
    differ run by run; what it answers does not.
    """
    if RELATED_FILE in files:
        files[RELATED_FILE] = json.dumps(json.loads(files[RELATED_FILE])["answers"], sort_keys=True).encode()
    return files
