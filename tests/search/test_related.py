"""Related earlier papers: a paper's topic finds the earlier papers on it, never a later one or itself."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from digest_archive.model import Entry, Section
from digest_archive.search.related import FEW_DAYS, RELATED, Earlier, Profile, profile, related


def _entry(title: str, abstract: str = "", summary: str = "") -> Entry:
    return Entry(section=Section.FEATURED, title=title, abstract_en=abstract, summary_zh=summary, line=1)


LOTTERY = _entry(
    "Pruning at initialization and the lottery ticket hypothesis",
    "Sparse subnetworks, winning tickets, found by iterative magnitude pruning train to full accuracy.",
    "彩票假设：剪枝得到的稀疏子网络。",
)
DEPTH = _entry(
    "Self-supervised monocular depth estimation at high resolution",
    "We estimate depth from a single camera with a self-supervised loss.",
    "单目深度估计。",
)
DIALOGUE = _entry(
    "Faithful knowledge-grounded dialogue",
    "Dialogue systems hallucinate; we control the response with grounding features.",
    "知识对话。",
)


def _day(*entries: Entry, names: tuple[str, ...] = ()) -> tuple[list[Profile], list[str]]:
    return [profile(entry) for entry in entries], list(names or (f"title:{entry.title}" for entry in entries))


def test_a_paper_finds_the_earlier_paper_on_its_topic_first() -> None:
    later = _entry(
        "Winning lottery tickets in transformers",
        "We find sparse winning tickets by magnitude pruning of transformers.",
        "在 Transformer 中寻找中奖彩票。",
    )
    days = [_day(DEPTH, DIALOGUE, LOTTERY), _day(later)]
    (answer,) = related(days, {1})[1]
    # Papers are numbered across the days: the lottery paper is the first day's third.
    assert answer[0] == 2


def test_only_earlier_days_are_candidates() -> None:
    # Two papers on one topic on one day do not name each other; the first day names nothing.
    days = [_day(LOTTERY, LOTTERY.model_copy(update={"title": "Lottery tickets again"}))]
    assert related(days, {0}) == {0: [[], []]}


def test_the_same_paper_listed_before_is_not_related_to_itself_and_is_named_once() -> None:
    lottery = _day(LOTTERY, names=("arxiv:2210.03044",))
    tickets = LOTTERY.model_copy(update={"title": "Winning tickets without pruning"})
    days = [
        lottery,
        _day(DEPTH),
        lottery,
        _day(LOTTERY, tickets, names=("arxiv:2210.03044", "arxiv:2301.00001")),
    ]
    (itself, other) = related(days, {3})[3]
    # Its own earlier listings are no related papers of it.
    assert 0 not in itself and 2 not in itself
    # Another paper on its topic names it once, by its first listing.
    assert other[0] == 0 and 2 not in other


def test_a_card_lists_at_most_three() -> None:
    days = [
        _day(*[LOTTERY.model_copy(update={"title": f"Lottery tickets {n}"}) for n in range(6)]),
        _day(LOTTERY),
    ]
    assert len(related(days, {1})[1][0]) == RELATED


def test_a_paper_with_no_word_in_common_has_no_related_paper() -> None:
    assert related([_day(DEPTH), _day(_entry("Ising", "Ising."))], {1}) == {1: [[]]}


def test_profiles_are_the_title_first_and_the_same_for_the_same_text() -> None:
    found = profile(LOTTERY)
    assert found == profile(LOTTERY.model_copy())
    # A title word counts as much as five words of the text, as in the search index.
    assert dict(found.terms)["ticket"] == 5 + 1
    # Kept as JSON, a profile is taken as it is.
    as_json = [found.length, [[term, count] for term, count in found.terms]]
    earlier = Earlier()
    earlier.add([Profile(*as_json)], ["x"])
    assert earlier.like(profile(LOTTERY)) == [0]


WORDS = ["lottery", "ticket", "depth", "camera", "dialogue", "prune", "sparse", "graph", "深度", "对话"]
papers = st.lists(st.sampled_from(WORDS), min_size=1, max_size=8).map(
    lambda words: _entry(" ".join(words[:3]), " ".join(words))
)
archives = st.lists(st.lists(papers, min_size=1, max_size=4), min_size=1, max_size=FEW_DAYS + 8)


@given(archives, st.data())
def test_ranking_some_days_answers_as_ranking_them_all(
    archive: list[list[Entry]], data: st.DataObject
) -> None:
    # One more digest indexes only its own papers' terms of the earlier ones: the same answers.
    days = [
        _day(*entries, names=tuple(f"p{d}-{n}" for n in range(len(entries))))
        for d, entries in enumerate(archive)
    ]
    every = related(days, set(range(len(days))))
    some = data.draw(st.sets(st.integers(0, len(days) - 1), max_size=FEW_DAYS))
    assert related(days, some) == {index: every[index] for index in some}
