"""The full-text index: how text is split, and that updating it page by page
gives the index a build from scratch would."""

from __future__ import annotations

import gc
import gzip
import json
import os
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from digest_archive.search import index as textindex
from digest_archive.search import store as search
from digest_archive.search.files import COMPRESSED
from digest_archive.search.index import Change
from digest_archive.search.store import Page, in_process, update_index
from digest_archive.search.terms import MAX_WORD, terms
from digest_archive.search.weights import K1, RECORD_BITS, SCALE, Record, weights
from digest_archive.sphinxext.search.indexing import _workers


def test_words_are_lower_cased_stemmed_and_stop_words_dropped() -> None:
    assert terms("The Lottery Ticket Hypothesis, of 2022") == ["lotteri", "ticket", "hypothesi", "2022"]


def test_a_word_and_its_inflections_are_one_term() -> None:
    # Snowball's English stemmer, as Sphinx's search stems.
    assert terms("kernel kernels") == ["kernel", "kernel"]
    assert terms("network networks networking") == ["network"] * 3
    assert terms("lottery lotteries") == ["lotteri"] * 2


def test_chinese_is_split_into_overlapping_pairs() -> None:
    assert terms("揭开彩票假说") == ["揭开", "开彩", "彩票", "票假", "假说"]
    # A lone character is kept as it is.
    assert terms("核 kernel") == ["核", "kernel"]


def test_mixed_runs_split_where_the_script_changes() -> None:
    assert terms("用Transformer进行实验") == ["用", "transform", "进行", "行实", "实验"]


def test_full_width_letters_are_those_of_ascii() -> None:
    # NFKC: what an IME types is what the page says.
    assert terms("ＮＴＫ　regime") == ["ntk", "regim"]


def test_hyphens_and_punctuation_separate_words() -> None:
    assert terms("Sagastuy-Brena: over-parameterized_nets") == [
        "sagastuy",
        "brena",
        "over",
        "parameter",
        "net",
    ]


def test_title_words_and_names_weigh_more_than_text() -> None:
    text = "kunin studies the lottery ticket"
    weighed = weights([Record("a", "Lottery", text, "Daniel Kunin, Stanford")])
    assert weighed["lotteri"][0] > weighed["kunin"][0] > weighed["ticket"][0]


def test_a_word_weighs_less_in_a_longer_record() -> None:
    # BM25's length normalisation: one mention in a short abstract says more
    # than one in a long one.
    short = weights([Record("a", "", "lottery ticket")])
    long = weights([Record("a", "", "lottery ticket " + "pruning sparse network " * 100)])
    assert short["lotteri"][0] > long["lotteri"][0] > 0


def test_a_word_saturates() -> None:
    once, often = (weights([Record("a", "", "ticket " * n)])["ticket"][0] for n in (1, 20))
    assert once < often < (K1 + 1) * SCALE


def test_a_page_weighs_what_its_best_entry_weighs() -> None:
    # A result is an entry: ten entries that mention a word once do not make
    # a page outweigh the page of the one paper about it.
    mentions = [Record(f"e{n}", f"Paper {n}", "a lottery among methods") for n in range(10)]
    about = [Record("e0", "Lottery tickets", "the lottery ticket hypothesis and lottery winners")]
    assert weights(about)["lotteri"][0] > weights(mentions)["lotteri"][0]


def test_a_posting_says_which_records_hold_the_term() -> None:
    # The browser skips a page whose entries hold a query's words only between them.
    records = [Record("e0", "Lottery tickets", ""), Record("e1", "Kernel regimes", "lottery")]
    found = weights(records)
    assert (found["lotteri"][1], found["ticket"][1], found["kernel"][1]) == (0b11, 0b01, 0b10)
    many = [Record(f"e{n}", "", "lottery" if n == RECORD_BITS else "") for n in range(40)]
    assert weights(many)["lotteri"][1] == 1


# --- updating the index ----------------------------------------------------------------------

WORDS = st.sampled_from(
    [
        "lottery",
        "ticket",
        "lotteries",
        "lot",
        "lotto",
        "彩票",
        "神经网络",
        "kernel",
        "核",
        "net",
        "network",
        "x",
    ]
)
PAGE = st.lists(WORDS, min_size=0, max_size=6).map(lambda words: [Record("s", "", " ".join(words))])
ARCHIVE = st.dictionaries(st.sampled_from([f"d{i}" for i in range(6)]), PAGE, max_size=6)

#: Limits small enough for a few pages to reach them: heads cut short,
#: groups split, tables cut into several files.
SMALL = {"HEAD": 2, "GROUP": 2, "POSTINGS_PER_FILE": 3, "WORDS_PER_FILE": 2, "TAIL_RANGE": 2}


def _index(folder: Path, archive: Mapping[str, list[Record]]) -> dict[str, object]:
    pages = {name: Page(f"{name}.html", name, records) for name, records in archive.items()}
    update_index(folder, set(pages), dict(pages), pages.__getitem__)
    return _contents(folder)


def _load(path: Path) -> Any:
    """A file of the index a browser reads, as JSON."""
    return json.loads(gzip.decompress(path.read_bytes()))


def _stem(path: Path) -> str:
    return path.name.removesuffix(COMPRESSED)


def _table(folder: Path, files: int) -> dict[str, object]:
    """A table's keys and values, each checked to be in the file a browser would read."""
    found: dict[str, object] = {}
    for path in folder.glob(f"*{COMPRESSED}"):
        for key, value in _load(path).items():
            assert int(_stem(path)) == textindex.bucket(key, files), key
            found[key] = value
    return found


def _groups(words: dict[str, object]) -> dict[str, int]:
    """Every word's number of pages, read through its group; each group's size checked."""
    counts: dict[str, int] = {}
    for key, group in words.items():
        if isinstance(group, dict):
            assert 0 < len(group) <= textindex.GROUP
            assert all(word.startswith(key) for word in group)
            counts.update(group)
        else:
            own, size, following = group
            under = [word for word in words if word.startswith(key) and word != key]
            assert {word[len(key)] for word in under} == set(following)
            assert size > textindex.GROUP
            if own:
                counts[key] = own
    return counts


def _heaviest_first(posting: tuple[int, int, int]) -> tuple[int, int]:
    return -posting[1], -posting[0]


def _triples(flat: list[int]) -> list[tuple[int, int, int]]:
    return list(zip(flat[::3], flat[1::3], flat[2::3], strict=True))


def _contents(folder: Path) -> dict[str, object]:
    """What a browser can read: every term's pages and counts, by page URL, not number."""
    urls = {int(_stem(path)): _load(path)["url"] for path in (folder / "pages").glob(f"*{COMPRESSED}")}
    meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
    tails: dict[str, list[int]] = {}
    for path in (folder / "tails").glob(f"*{COMPRESSED}"):
        for key, flat in _load(path).items():
            assert _stem(path) == textindex.tail_file(key)
            term, part = key.rsplit("/", 1)
            assert flat
            assert all(page // textindex.TAIL_RANGE == int(part) for page in flat[::3])
            tails[term] = tails.get(term, []) + flat
    postings: dict[str, list[tuple[str, int, int]]] = {}
    for term, head in _table(folder / "postings", meta["postings"]).items():
        assert isinstance(head, list)
        found = _triples(head[1:])
        assert len(found) == min(head[0], textindex.HEAD)
        # Heaviest first, then newest.
        assert found == sorted(found, key=_heaviest_first)
        if head[0] > textindex.HEAD:
            tail = _triples(tails.pop(term))
            assert max(map(_heaviest_first, found)) < min(map(_heaviest_first, tail))
            found += tail
        assert len(found) == head[0]
        postings[term] = sorted((urls[page], weight, records) for page, weight, records in found)
    assert not tails, "a tail without its head"
    words = _table(folder / "words", meta["words"])
    # Page numbers are the index's own: an updated index keeps its numbers.
    assert meta.pop("numbers") > max(urls, default=-1)
    # The build names the history of updates, not what the index holds.
    assert meta.pop("build") or not urls
    return {
        "postings": postings,
        "counts": _groups(words),
        "groups": words,
        "meta": meta,
        "urls": sorted(urls.values()),
    }


@pytest.mark.parametrize("limits", [{}, SMALL], ids=["limits", "small limits"])
@settings(max_examples=60, deadline=None)
@given(before=ARCHIVE, after=ARCHIVE)
def test_an_updated_index_is_the_index_built_from_scratch(
    tmp_path_factory: pytest.TempPathFactory,
    limits: dict[str, int],
    before: dict[str, list[Record]],
    after: dict[str, list[Record]],
) -> None:
    with pytest.MonkeyPatch.context() as patch:
        for name, value in limits.items():
            patch.setattr(textindex, name, value)
        updated = tmp_path_factory.mktemp("updated")
        _index(updated, before)
        assert _index(updated, after) == _index(tmp_path_factory.mktemp("fresh"), after)


def test_a_common_word_is_read_by_its_heaviest_pages_first(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(textindex, "HEAD", 2)
    archive = {f"d{n}": [Record("", "ticket " * n, "")] for n in range(1, 5)}
    _index(tmp_path, archive)
    meta = json.loads((tmp_path / "meta.json").read_text(encoding="utf-8"))
    head = _table(tmp_path / "postings", meta["postings"])["ticket"]
    numbers = {_load(path)["url"]: int(_stem(path)) for path in (tmp_path / "pages").glob(f"*{COMPRESSED}")}
    weight = {n: weights(archive[f"d{n}"])["ticket"][0] for n in (3, 4)}
    assert weight[4] > weight[3]
    assert head == [4, numbers["d4.html"], weight[4], 1, numbers["d3.html"], weight[3], 1]
    tails = [path.name for path in (tmp_path / "tails").iterdir()]
    assert tails == [f"{textindex.tail_file(textindex.tail_key('ticket', 0))}{COMPRESSED}"]


def test_the_files_of_a_table_follow_its_size(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(textindex, "POSTINGS_PER_FILE", 4)
    archive = {f"d{n}": [Record("", "", f"word{n} common")] for n in range(12)}
    contents = _index(tmp_path, archive)
    # 13 words, 24 postings: 37 entries, 4 to a file.
    assert contents["meta"]["postings"] == 10
    files = {int(_stem(path)) for path in (tmp_path / "postings").glob(f"*{COMPRESSED}")}
    assert max(files) < 10
    assert len(files) > 5
    contents = _index(tmp_path, dict(list(archive.items())[:2]))
    # 3 words, 4 postings: the files beyond the second are merged back.
    assert contents["meta"]["postings"] == 2
    assert {int(_stem(path)) for path in (tmp_path / "postings").glob(f"*{COMPRESSED}")} <= {0, 1}


def test_a_group_of_too_many_words_is_split_by_their_next_character(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(textindex, "GROUP", 3)
    archive = {"a": [Record("", "", "lot lotto lottman lottner loss")]}
    contents = _index(tmp_path, archive)
    assert contents["groups"] == {
        "lo": [0, 5, "st"],
        "los": {"loss": 1},
        "lot": [1, 4, "t"],
        "lott": {"lotto": 1, "lottman": 1, "lottner": 1},
    }
    archive = {"a": [Record("", "", "lot lotto lottman lottner")]}
    assert _index(tmp_path, archive)["groups"] == {
        "lo": [0, 4, "t"],
        "lot": [1, 4, "t"],
        "lott": {"lotto": 1, "lottman": 1, "lottner": 1},
    }
    archive = {"a": [Record("", "", "lot lottman loss")]}
    assert _index(tmp_path, archive)["groups"] == {"lo": {"lot": 1, "lottman": 1, "loss": 1}}


def test_every_term_count_is_its_number_of_pages(tmp_path: Path) -> None:
    contents = _index(tmp_path, {"a": [Record("", "", "ticket lotto")], "b": [Record("", "", "ticket")]})
    assert contents["counts"] == {"ticket": 2, "lotto": 1}
    # Chinese pairs are looked up whole, never by what they start with.
    contents = _index(tmp_path, {"a": [Record("", "", "彩票")]})
    assert contents["counts"] == {}
    assert list(contents["postings"]) == ["彩票"]
    assert [url for url, _, _ in contents["postings"]["彩票"]] == ["a.html"]


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


class _Recording(dict[str, object]):
    """A table in memory that records the keys read."""

    def __init__(self) -> None:
        super().__init__()
        self.read: list[str] = []

    def get(self, key: str, default: object = None) -> object:
        self.read.append(key)
        return super().get(key, default)

    def put(self, key: str, value: object) -> None:
        self[key] = value

    def drop(self, key: str) -> None:
        del self[key]


def test_change_of_one_page_reads_only_its_words() -> None:
    postings, tails, words = _Recording(), _Recording(), _Recording()
    new = {"lottery": (1, 1), "彩票": (1, 1)}
    textindex.update([Change(0, {}, new)], postings, tails, words, 1)
    assert postings.read == ["lottery", "彩票"]
    assert tails.read == []
    assert words.read == ["lo"]


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


def test_one_more_page_leaves_the_other_parts_of_a_tail_alone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(textindex, "HEAD", 1)
    monkeypatch.setattr(textindex, "TAIL_RANGE", 2)
    archive = {f"d{n}": [Record("", "", "ticket")] for n in range(6)}
    _index(tmp_path, archive)
    before = {path.name: path.stat().st_mtime_ns for path in (tmp_path / "tails").iterdir()}
    assert len(before) == 3
    archive["d6"] = [Record("", "", "ticket")]
    _index(tmp_path, archive)
    after = {path.name: path.stat().st_mtime_ns for path in (tmp_path / "tails").iterdir()}
    # The newest page heads the word; the page it displaces joins the part
    # of its own number, the only part written again.
    assert after.keys() == before.keys()
    moved = f"{textindex.tail_file(textindex.tail_key('ticket', 2))}{COMPRESSED}"
    assert {name for name in before if after[name] != before[name]} == {moved}


def test_words_beginning_alike_for_thousands_of_characters_split_no_group_deeper_than_a_word(
    tmp_path: Path,
) -> None:
    # A hostile page: each word splits the group once for every character it shares.
    shared = "x" * 5_000
    words = [f"{shared}{n:04d}" for n in range(textindex.GROUP + 50)]
    contents = _index(tmp_path, {"a": [Record("", "", " ".join([*words, "ticket"]))]})
    assert contents["counts"] == {"ticket": 1}
    assert max(map(len, contents["groups"])) <= MAX_WORD


def test_a_word_as_long_as_a_word_may_be_is_indexed() -> None:
    assert terms("a" * MAX_WORD) == ["a" * MAX_WORD]
    assert terms("a" * (MAX_WORD + 1)) == []


# --- crashes and caches -------------------------------------------------------------------------


def _pages(archive: Mapping[str, str]) -> dict[str, Page]:
    return {name: Page(f"{name}.html", name, [Record("", "", text)]) for name, text in archive.items()}


def test_an_update_stopped_half_way_is_started_over_by_the_next(tmp_path: Path) -> None:
    before = _pages({"a": "lottery ticket", "b": "neural network", "c": "kernel"})
    update_index(tmp_path, set(before), dict(before), before.__getitem__)
    after = _pages({"a": "lottery ticket", "b": "tangent kernel", "c": "neural kernel"})

    runs: list[object] = []

    def stopped(function: Callable[[Any], Any], items: Sequence[Any]) -> Callable[[], list[Any]]:
        # The build is stopped (Ctrl-C) as the tables' files are written, the pages' files written.
        if runs:
            raise KeyboardInterrupt
        runs.append(function)
        return in_process(function, items)

    with pytest.raises(KeyboardInterrupt):
        update_index(tmp_path, set(after), {"b": after["b"]}, after.__getitem__, {"b": 2, "c": 2}, stopped)
    # Half updated: the pages' files are the new ones, the tables' the old.
    texts = {_load(path)["url"]: _load(path)["records"][0][2] for path in (tmp_path / "pages").iterdir()}
    assert texts == {"a.html": "lottery ticket", "b.html": "tangent kernel", "c.html": "neural kernel"}
    assert (tmp_path / search.UPDATING).exists()
    update_index(tmp_path, set(after), {}, after.__getitem__, read={"b": 2, "c": 2})
    assert not (tmp_path / search.UPDATING).exists()
    assert _contents(tmp_path) == _index(tmp_path.parent / "fresh", {k: p.records for k, p in after.items()})


def test_a_page_read_again_but_never_indexed_is_indexed_by_the_next_build(tmp_path: Path) -> None:
    before = _pages({"a": "lottery", "b": "neural"})
    update_index(tmp_path, set(before), dict(before), before.__getitem__, read={"a": 1, "b": 1})
    # A build read "b" again and wrote it, and was stopped before indexing; the
    # next build writes nothing, but the time "b" was read says it changed.
    after = _pages({"a": "lottery", "b": "kernel"})
    asked: list[str] = []

    def unwritten(docname: str) -> Page:
        asked.append(docname)
        return after[docname]

    result = update_index(tmp_path, set(after), {}, unwritten, read={"a": 1, "b": 2})
    assert asked == ["b"]
    assert result.changed == 1
    assert _contents(tmp_path) == _index(tmp_path.parent / "fresh", {k: p.records for k, p in after.items()})
    # Nothing read again since: nothing asked for.
    asked.clear()
    update_index(tmp_path, set(after), {}, unwritten, read={"a": 1, "b": 2})
    assert asked == []


def test_the_build_named_in_the_files_urls_changes_with_their_content_only(tmp_path: Path) -> None:
    pages = _pages({"a": "lottery", "b": "neural"})

    def build() -> str:
        return json.loads((tmp_path / "meta.json").read_text(encoding="utf-8"))["build"]

    update_index(tmp_path, set(pages), dict(pages), pages.__getitem__)
    first = build()
    update_index(tmp_path, set(pages), dict(pages), pages.__getitem__)
    assert build() == first
    changed = _pages({"a": "lottery", "b": "kernel"})
    update_index(tmp_path, set(changed), {"b": changed["b"]}, changed.__getitem__)
    assert build() not in ("", first)
    # A page removed and another given its number: a new build too.
    update_index(tmp_path, {"a"}, {}, changed.__getitem__)
    removed = build()
    assert removed not in ("", first)
    renumbered = _pages({"a": "lottery", "c": "kernel"})
    update_index(tmp_path, {"a", "c"}, {"c": renumbered["c"]}, renumbered.__getitem__)
    assert build() != removed


# --- the work spread over a parallel build's workers ---------------------------------------------


def _parallel_build(tuning: bool) -> Any:
    """What the indexing's :func:`_workers` asks of a Sphinx built with ``-j 2``."""
    config = SimpleNamespace(digest_build_tuning=tuning)
    return SimpleNamespace(parallel=2, builder=SimpleNamespace(parallel_ok=True), config=config)


def test_a_parallel_build_s_workers_give_each_item_s_result_in_order() -> None:
    run = _workers(_parallel_build(tuning=True))
    assert run(str.upper, list("abcde"))() == list("ABCDE")
    processes = run(lambda _: os.getpid(), range(5))()
    assert len(set(processes)) == 2
    assert os.getpid() not in processes


def test_the_workers_collect_no_garbage_unless_the_build_is_untuned() -> None:
    assert _workers(_parallel_build(tuning=True))(lambda _: gc.isenabled(), range(2))() == [False, False]
    assert _workers(_parallel_build(tuning=False))(lambda _: gc.isenabled(), range(2))() == [True, True]
    assert gc.isenabled()


# --- a paper's parts, and the filters ---------------------------------------------------------

PAPER = Record(
    "digest-2021-04-26-3",
    "3. Share or Not?",
    "多语言翻译",
    "CL 计算与语言 cs.CL, Computation and Language University of Edinburgh",
    "",
    ("B Zhang", "A Bapna"),
    "Using a mix of shared parameters.",
    (("arXiv:2104.00001", "https://arxiv.org/abs/2104.00001"), ("PDF", "https://arxiv.org/pdf/2104.00001")),
)


def test_a_record_s_file_holds_its_parts_and_reads_back_as_it_was() -> None:
    stored = json.loads(json.dumps(PAPER.as_json()))
    assert stored[5] == ["B Zhang", "A Bapna"]
    assert Record.from_json(stored) == PAPER
    # A project's page's section: its empty parts are left out of its file.
    section = Record("usage", "Usage", "text")
    assert section.as_json() == ["usage", "Usage", "text"]
    assert Record.from_json(section.as_json()) == section


def test_an_author_weighs_as_a_name_an_abstract_as_text_and_links_not_at_all() -> None:
    found = weights([PAPER])
    alike = weights([Record("a", "", "Wang", "", "", ("Zhang",), "Chen")])
    assert alike["zhang"][0] > alike["wang"][0] == alike["chen"][0]
    assert {"zhang", "bapna", "share", "paramet", "edinburgh"} <= found.keys()
    assert not {"arxiv", "pdf", "2104", "http"} & found.keys()


def test_the_filters_count_the_entries_by_year_and_category(tmp_path: Path) -> None:
    def page(year: str, *categories: str) -> Page:
        anchors = [(f"e{n}", code) for n, code in enumerate(categories)]
        records = [Record(anchor, "", "lottery") for anchor, _ in anchors] + [Record("x", "", "lottery")]
        names = (("cs.LG", "机器学习"),)
        return Page(f"{year}.html", year, records, search.PAPERS, year, tuple(anchors), names)

    pages = {
        "a": page("2020", "cs.LG", "cs.LG", "cs.CV"),
        "b": page("2021", "cs.LG"),
        "docs": Page("docs.html", "Docs", [Record("", "", "lottery")], search.DOCS),
    }
    update_index(tmp_path, set(pages), dict(pages), pages.__getitem__)
    meta = json.loads((tmp_path / "meta.json").read_text(encoding="utf-8"))
    # An entry without a category counts as "" (in the total, under no category's filter).
    assert meta["facets"] == {"2020": {"": 1, "cs.CV": 1, "cs.LG": 2}, "2021": {"": 1, "cs.LG": 1}}
    assert meta["categories"] == {
        "cs.CV": ["", "Computer Vision and Pattern Recognition"],
        "cs.LG": ["机器学习", "Machine Learning"],
    }
    # A page not read again keeps its counts; a page gone takes its own.
    update_index(tmp_path, {"a", "docs"}, {}, pages.__getitem__)
    meta = json.loads((tmp_path / "meta.json").read_text(encoding="utf-8"))
    assert meta["facets"] == {"2020": {"": 1, "cs.CV": 1, "cs.LG": 2}}
    assert list(meta["categories"]) == ["cs.CV", "cs.LG"]
