"""The full-text index: how text is split, and that updating it page by page
gives the index a build from scratch would."""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from digest_archive.search import index as textindex
from digest_archive.search import store as search
from digest_archive.search.index import Change, Record, terms
from digest_archive.search.store import Page, update_index


def test_words_are_lower_cased_and_stop_words_dropped() -> None:
    assert terms("The Lottery Ticket Hypothesis, of 2022") == ["lottery", "ticket", "hypothesis", "2022"]


def test_chinese_is_split_into_overlapping_pairs() -> None:
    assert terms("揭开彩票假说") == ["揭开", "开彩", "彩票", "票假", "假说"]
    # A lone character is kept as it is.
    assert terms("核 kernel") == ["核", "kernel"]


def test_mixed_runs_split_where_the_script_changes() -> None:
    assert terms("用Transformer进行实验") == ["用", "transformer", "进行", "行实", "实验"]


def test_full_width_letters_are_those_of_ascii() -> None:
    # NFKC: what an IME types is what the page says.
    assert terms("ＮＴＫ　regime") == ["ntk", "regime"]


def test_hyphens_and_punctuation_separate_words() -> None:
    assert terms("Sagastuy-Brena: over-parameterized_nets") == [
        "sagastuy",
        "brena",
        "over",
        "parameterized",
        "nets",
    ]


def test_title_words_weigh_more() -> None:
    weights = textindex.weights([Record("a", "Lottery", "the lottery ticket")])
    assert weights == {"lottery": 1 + textindex.TITLE_WEIGHT, "ticket": 1}


# --- updating the index ----------------------------------------------------------------------

WORDS = st.sampled_from(
    ["lottery", "ticket", "lotteries", "彩票", "神经网络", "kernel", "核", "net", "network"]
)
PAGE = st.lists(WORDS, min_size=0, max_size=6).map(lambda words: [Record("s", "", " ".join(words))])
ARCHIVE = st.dictionaries(st.sampled_from([f"d{i}" for i in range(6)]), PAGE, max_size=6)


def _index(folder: Path, archive: Mapping[str, list[Record]]) -> dict[str, object]:
    pages = {name: Page(f"{name}.html", name, records) for name, records in archive.items()}
    update_index(folder, set(pages), dict(pages), pages.__getitem__)
    return _contents(folder)


def _contents(folder: Path) -> dict[str, object]:
    """What a browser can read: every term's pages and counts, by page URL, not number."""
    urls = {
        int(path.stem): json.loads(path.read_text(encoding="utf-8"))["url"]
        for path in (folder / "pages").glob("*.json")
    }
    postings: dict[str, set[tuple[str, int]]] = {}
    for path in (folder / "postings").glob("*.json"):
        for term, flat in json.loads(path.read_text(encoding="utf-8")).items():
            assert int(path.stem) == textindex.posting_shard(term)
            pairs = zip(flat[::2], flat[1::2], strict=True)
            postings[term] = {(urls[page], weight) for page, weight in pairs}
    counts: dict[str, int] = {}
    for path in (folder / "terms").glob("*.json"):
        for term, count in json.loads(path.read_text(encoding="utf-8")).items():
            assert int(path.stem) == textindex.term_shard(term)
            counts[term] = count
    meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
    return {"postings": postings, "counts": counts, "pages": meta["pages"], "urls": sorted(urls.values())}


@settings(max_examples=60, deadline=None)
@given(before=ARCHIVE, after=ARCHIVE)
def test_an_updated_index_is_the_index_built_from_scratch(
    tmp_path_factory: pytest.TempPathFactory, before: dict[str, list[Record]], after: dict[str, list[Record]]
) -> None:
    updated = tmp_path_factory.mktemp("updated")
    _index(updated, before)
    assert _index(updated, after) == _index(tmp_path_factory.mktemp("fresh"), after)


def test_every_term_count_is_its_number_of_pages(tmp_path: Path) -> None:
    contents = _index(tmp_path, {"a": [Record("", "", "lottery ticket")], "b": [Record("", "", "lottery")]})
    assert contents["counts"] == {"lottery": 2, "ticket": 1}
    # Chinese pairs are looked up whole, never by what they start with.
    contents = _index(tmp_path, {"a": [Record("", "", "彩票")]})
    assert contents["counts"] == {}
    assert contents["postings"] == {"彩票": {("a.html", 1)}}


def test_an_unchanged_page_rewrites_nothing(tmp_path: Path) -> None:
    pages = {"a": Page("a.html", "A", [Record("", "", "lottery")])}
    update_index(tmp_path, {"a"}, dict(pages), pages.__getitem__)
    before = {path: path.stat().st_mtime_ns for path in tmp_path.rglob("*")}
    result = update_index(tmp_path, {"a"}, dict(pages), pages.__getitem__)
    assert result.changed == 0
    assert {path: path.stat().st_mtime_ns for path in tmp_path.rglob("*")} == before


def test_another_indexer_starts_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    pages = {"a": Page("a.html", "A", [Record("", "", "lottery")])}
    update_index(tmp_path, {"a"}, dict(pages), pages.__getitem__)
    monkeypatch.setattr(search, "INDEX_VERSION", search.INDEX_VERSION + 1)
    result = update_index(tmp_path, {"a"}, {}, pages.__getitem__)
    assert result.changed == 1


def test_change_of_one_page_touches_only_its_shards() -> None:
    loaded: list[int] = []

    def load(number: int) -> dict[str, list[int]]:
        loaded.append(number)
        return {}

    textindex.update([Change(0, {}, {"lottery": 1})], load, lambda number: {})
    assert loaded == [textindex.posting_shard("lottery")]


def test_the_written_pages_are_let_go_as_they_are_indexed(tmp_path: Path) -> None:
    written = {"a": Page("a.html", "A", [Record("", "", "lottery")]), "b": Page("b.html", "B", [])}
    update_index(tmp_path, {"a"}, written, written.__getitem__)
    assert written == {"b": Page("b.html", "B", [])}  # not searchable: not the index's


def test_pages_applied_a_few_at_a_time_make_the_index_of_all_at_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    texts = ["lottery ticket", "lottery 彩票", "neural network", "network kernels", "彩票 kernel", "net"]
    before = {f"d{i}": [Record("s", "", text)] for i, text in enumerate(texts)}
    after = {f"d{i}": [Record("s", "", text + " update")] for i, text in enumerate(texts) if i % 2}
    fresh = _index(tmp_path / "fresh", after)
    monkeypatch.setattr(search, "BATCH", 2)
    _index(tmp_path / "by-two", before)
    assert _index(tmp_path / "by-two", after) == fresh
