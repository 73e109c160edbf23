"""Pages of names: every page bounded, a name's page stable, any name a safe file name."""

from __future__ import annotations

import random
import re
from collections import Counter

from hypothesis import given
from hypothesis import strategies as st

from digest_archive.render.names import (
    MAX_STEM,
    Row,
    category_stem,
    page_stem,
    pages_of,
    render_category_page,
    render_name_directory,
    render_name_page,
    trie_key,
)

SAFE_STEM = re.compile(r"[a-z0-9_~]+")


def _weights(pages: dict[str, str], papers: dict[str, int]) -> Counter[str]:
    rows: Counter[str] = Counter()
    for name, stem in pages.items():
        rows[stem] += 1 + papers[name]
    return rows


def _authors(count: int, seed: int = 1) -> dict[str, int]:
    rng = random.Random(seed)
    surnames = ["Wang", "Wanner", "Li", "Lin", "Zhang", "Kunin", "Ganguli", "Müller", "Bulò"]
    return {
        f"{rng.choice('ABCDEFGH')} {rng.choice(surnames)}{rng.randint(0, 999)}": rng.randint(1, 20)
        for _ in range(count)
    }


def test_a_small_archive_has_one_page() -> None:
    assert set(pages_of("author", {"S Ganguli": 4, "D Kunin": 1}).values()) == {"_all"}


def test_no_page_holds_more_than_the_limit() -> None:
    papers = _authors(5000)
    pages = pages_of("author", papers, limit=300)
    assert len(set(pages.values())) > 20
    assert max(_weights(pages, papers).values()) <= 300


def test_one_name_with_more_papers_than_the_limit_gets_a_page_of_its_own() -> None:
    papers = {"A Prolific": 900, "B Prolific": 1, "C Other": 5}
    pages = pages_of("author", papers, limit=100)
    assert [name for name in papers if pages[name] == pages["A Prolific"]] == ["A Prolific"]


def test_names_are_filed_by_surname_without_accents() -> None:
    assert trie_key("author", "S Ganguli") == "ganguli s"
    assert trie_key("author", "S R Bulò") == "bulo s r"
    assert trie_key("affiliation", "Xi’an Jiaotong University") == "xian jiaotong university"
    papers = {f"{initial} Wang": 10 for initial in "ABCDEFGHIJ"} | {f"{i} Li": 10 for i in "ABCDEFGHIJ"}
    pages = pages_of("author", papers, limit=120)
    assert {pages[name] for name in papers if name.endswith("Wang")} == {"w"}
    assert {pages[name] for name in papers if name.endswith("Li")} == {"l"}


def test_more_papers_split_a_page_and_leave_the_others_where_they_were() -> None:
    papers = _authors(3000)
    before = pages_of("author", papers, limit=300)
    grown = dict(papers)
    crowded = Counter(before.values()).most_common(1)[0][0]
    for name in [name for name, stem in before.items() if stem == crowded]:
        grown[name] += 30
    after = pages_of("author", grown, limit=300)
    moved = {name for name in papers if before[name] != after[name]}
    assert moved and {before[name] for name in moved} == {crowded}
    assert max(_weights(after, grown).values()) <= 300


def test_a_chain_of_alike_names_neither_overflows_the_stack_nor_the_file_name() -> None:
    # Each name the one before and one more letter: a trie as deep as the names are long.
    papers = {f"A {'x' * length}": 1 for length in range(1, 3000)}
    pages = pages_of("author", papers, limit=10)
    assert max(len(stem) for stem in pages.values()) <= MAX_STEM + 10


@given(st.dictionaries(st.text(min_size=1, max_size=60), st.integers(1, 50), max_size=60), st.integers(5, 80))
def test_every_name_gets_a_safe_page_name(papers: dict[str, int], limit: int) -> None:
    pages = pages_of("author", papers, limit)
    assert set(pages) == set(papers)
    for stem in pages.values():
        assert stem == "_all" or (SAFE_STEM.fullmatch(stem) and not stem.startswith("_"))
        assert len(stem) <= MAX_STEM + 10


@given(st.from_regex(r"[A-Za-z][A-Za-z0-9.\-]{0,39}", fullmatch=True) | st.text(min_size=1, max_size=40))
def test_a_category_is_never_a_parent_folder_or_a_hidden_file(category: str) -> None:
    stem = category_stem(category)
    assert stem[:1].isalnum() or stem.startswith("~")
    assert "/" not in stem and "\\" not in stem


def test_a_page_lists_names_in_order_with_papers_newest_first() -> None:
    older, newer = (
        Row("2020-12-16", "kunin2020neural", "Neural Mechanics"),
        Row("2022-10-15", "p", "Unmasking"),
    )
    text = render_name_page("author", "g", {"S Ganguli": [older, newer], "D Kunin": [older]})
    assert "# Authors\\: S Ganguli – D Kunin" in text
    body = text.split("```{digest:names} author\n")[1].split("\n```")[0]
    assert body.startswith('[["S Ganguli",[["2022-10-15","p","Unmasking"],["2020-12-16"')
    assert body.isascii()


def test_hostile_names_stay_data() -> None:
    name = "```{raw} html\n<script>alert(1)</script>\u2028```"
    text = render_name_page("author", "_all", {name: [Row("2023-03-01", "k", "T")]})
    fence_lines = [line for line in text.split("\n") if line.startswith("```")]
    assert fence_lines == ["```{digest:names} author", "```"]


def test_the_directory_links_each_page_by_letter() -> None:
    text = render_name_directory("author", ["wan", "wang", "li", "~4e2d~"])
    assert "- **W** [Wan…](wan.md) · [Wang…](wang.md)" in text
    assert "[中…](~4e2d~.md)" in text


def test_a_category_page_links_its_months_newest_first() -> None:
    text = render_category_page("LG", {"2020-12": 3, "2021-04": 9, "2021-07": 1})
    assert "- **2021** [Jul](LG/2021-07.md) (1) · [Apr](LG/2021-04.md) (9)" in text
    assert "- **2020** [Dec](LG/2020-12.md) (3)" in text
    assert page_stem("") == "_all"
