"""Pages of names: every page bounded, a name's page stable, any name a safe file name."""

from __future__ import annotations

import datetime as dt
import random
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from digest_archive.render import names as names_module
from digest_archive.render.categories import category_stem, render_category_page
from digest_archive.render.contract import Initials, Kind, Named, Names, read
from digest_archive.render.names import (
    HEAVY,
    LIMIT,
    MAX_STEM,
    RESERVED,
    NamePage,
    Row,
    assign_stems,
    filing_key,
    pages_of,
    permalink_stem,
    render_heavy_page,
    render_heavy_year,
    render_name_directory,
    render_name_page,
)
from support.collisions import COLLIDING, cases, colliding

SAFE_STEM = re.compile(r"[a-z0-9_~]+(-[0-9]+)?")


def _rows(page: NamePage, papers: dict[str, int]) -> int:
    return sum(1 + papers[name] for name in page.names)


def _where(pages: list[NamePage]) -> dict[str, str]:
    return {name: page.stem for page in pages for name in page.names}


def _authors(count: int, seed: int = 1) -> dict[str, int]:
    rng = random.Random(seed)
    surnames = ["Wang", "Wanner", "Li", "Lin", "Zhang", "Kunin", "Ganguli", "Müller", "Bulò"]
    return {
        f"{rng.choice('ABCDEFGH')} {rng.choice(surnames)}{rng.randint(0, 9999)}": rng.choice(
            (1, 1, 1, 2, 3, 12)
        )
        for _ in range(count)
    }


def test_a_small_archive_has_one_page() -> None:
    (page,) = pages_of("author", {"S Ganguli": 4, "D Kunin": 1})
    assert page == NamePage("_all", ("S Ganguli", "D Kunin"))


def test_no_page_holds_more_than_the_limit_and_most_are_well_filled() -> None:
    papers = _authors(20_000)
    pages = pages_of("author", papers)
    assert [name for page in pages for name in page.names] == sorted(
        papers, key=lambda name: (filing_key("author", name), name)
    )
    rows = [_rows(page, papers) for page in pages]
    assert max(rows) <= LIMIT
    # Pages hold a few hundred rows, not a few dozen: an archive of them is not mostly frames.
    assert sum(rows) / len(rows) > LIMIT / 3


def test_names_are_filed_by_surname_without_accents() -> None:
    assert filing_key("author", "S Ganguli") == "ganguli s"
    assert filing_key("author", "S R Bulò") == "bulo s r"
    assert filing_key("affiliation", "Xi’an Jiaotong University") == "xian jiaotong university"


@pytest.mark.slow  # 50 pagings of 20,000 names: some 3 s
def test_a_new_name_moves_few_others() -> None:
    papers = _authors(20_000)
    before = _where(pages_of("author", papers))
    moved = []
    for newcomer in list(_authors(60, seed=2))[:50]:
        after = _where(pages_of("author", {**papers, newcomer: 1}))
        moved.append(sum(before[name] != after[name] for name in papers))
    # Mostly none; when the newcomer starts a page, the names after it on its old one.
    assert sorted(moved)[len(moved) // 2] == 0
    assert max(moved) < LIMIT


def test_more_papers_for_a_name_move_only_names_around_it() -> None:
    papers = _authors(20_000)
    before = _where(pages_of("author", papers))
    name = sorted(papers)[5000]
    after = _where(pages_of("author", {**papers, name: papers[name] + 40}))
    moved = {other for other in papers if before[other] != after[other]}
    assert len(moved) < 2 * LIMIT
    assert {before[other] for other in moved} <= {before[name], *_next_stems(before, before[name])}


def _next_stems(where: dict[str, str], stem: str) -> set[str]:
    ordered = list(
        dict.fromkeys(where[name] for name in sorted(where, key=lambda n: filing_key("author", n)))
    )
    index = ordered.index(stem)
    return set(ordered[index + 1 : index + 3])


@given(
    st.dictionaries(st.text(min_size=1, max_size=120), st.integers(1, 50), max_size=80), st.integers(5, 80)
)
def test_every_name_gets_a_safe_page_name_of_its_own(papers: dict[str, int], limit: int) -> None:
    pages = pages_of("author", papers, limit)
    assert sorted(_where(pages)) == sorted(papers)
    stems = [page.stem for page in pages]
    assert len(set(stems)) == len(stems)
    for stem in stems:
        assert stem in {"_all", "_start"} or (SAFE_STEM.fullmatch(stem) and not stem.startswith("_"))
        assert len(stem) <= MAX_STEM + 4


@given(st.from_regex(r"[A-Za-z][A-Za-z0-9.\-]{0,39}", fullmatch=True) | st.text(min_size=1, max_size=40))
def test_a_category_is_never_a_parent_folder_or_a_hidden_file(category: str) -> None:
    stem = category_stem(category)
    assert stem[:1].isalnum() or stem.startswith("~")
    assert "/" not in stem and "\\" not in stem


def test_a_page_lists_names_in_order_with_papers_newest_first_and_links_its_neighbours() -> None:
    older = Row(dt.date(2020, 12, 16), "kunin2020neural", "Neural Mechanics")
    newer = Row(dt.date(2022, 10, 15), "p", "Unmasking")
    page = NamePage("ganguli_s", ("S Ganguli", "D Kunin"))
    listed = {"S Ganguli": [older, newer], "D Kunin": [older]}
    stems = {"S Ganguli": "ganguli_s-1", "D Kunin": "kunin_d-2"}
    text = render_name_page("author", page, listed, stems, ("f", "l"))
    assert "# Authors\\: S Ganguli – D Kunin" in text
    assert "[← previous page](f.md) · [All authors](index.md) · [next page →](l.md)" in text
    line = text.split("```{digest:names}\n")[1].split("\n```")[0]
    assert line.isascii()
    body = read(Names, [line])
    assert body.kind == "author"
    assert [(named.name, named.stem) for named in body.names] == [
        ("S Ganguli", "ganguli_s-1"),
        ("D Kunin", "kunin_d-2"),
    ]
    assert [paper.date for paper in body.names[0].papers] == [newer.date, older.date]


def test_hostile_names_stay_data() -> None:
    name = "```{raw} html\n<script>alert(1)</script>\u2028```"
    text = render_name_page(
        "author", NamePage("_all", (name,)), {name: [Row(dt.date(2023, 3, 1), "k", "T")]}, {name: "x"}
    )
    fence_lines = [line for line in text.split("\n") if line.startswith("```")]
    assert fence_lines == ["```{digest:names}", "```"]


def test_the_index_links_the_first_name_of_each_initial() -> None:
    pages = [
        NamePage("_start", ("A Bo", "C Bu")),
        NamePage("chen_x", ("X Chen", "Y Dai")),
        NamePage("~4e2d~", ("中",)),
    ]
    text = render_name_directory("author", pages)
    body = read(Initials, [text.split("```{digest:initials}\n")[1].split("\n```")[0]])
    assert [(initial.letter, initial.name) for initial in body.initials] == [
        ("B", "A Bo"),
        ("C", "X Chen"),
        ("D", "Y Dai"),
        ("中", "中"),
    ]


def test_a_category_page_links_its_months_newest_first() -> None:
    text = render_category_page("LG", {"2020-12": 3, "2021-04": 9, "2021-07": 1})
    assert "- **2021** [Jul](LG/2021-07.md) (1) · [Apr](LG/2021-04.md) (9)" in text
    assert "- **2020** [Dec](LG/2020-12.md) (3)" in text


def test_a_name_with_hundreds_of_papers_has_pages_of_its_own_by_year() -> None:
    rows = [Row(dt.date(2020 + n % 3, 1, 1 + n % 28), f"k{n}", f"Paper {n}") for n in range(HEAVY + 1)]
    listed = {"Stanford University": rows, "Small Lab": rows[:2]}
    # One row on its page of names, whatever its papers: the page stays small.
    (page,) = pages_of("affiliation", {name: len(papers) for name, papers in listed.items()})
    stem = permalink_stem("affiliation", "Stanford University")
    stems = {"Stanford University": stem, "Small Lab": permalink_stem("affiliation", "Small Lab")}
    text = render_name_page("affiliation", page, listed, stems)
    body = read(Names, [text.split("```{digest:names}\n")[1].split("\n```")[0]])
    assert [named.name for named in body.names] == ["Small Lab"]
    assert f"- [Stanford University]({stem}.md) ({HEAVY + 1} papers)" in text
    own = render_heavy_page("affiliation", "Stanford University", stem, {"2020": 84, "2022": 83, "2021": 84})
    assert f"[2022]({stem}/2022.md) (83) · [2021]({stem}/2021.md) (84) · [2020]({stem}/2020.md) (84)" in own
    own_body = read(Names, [own.split("```{digest:names}\n")[1].split("\n```")[0]])
    assert own_body == Names(kind=Kind.AFFILIATION, names=[Named(name="Stanford University", stem=stem)])
    year = render_heavy_year("affiliation", "Stanford University", stem, "2021", rows[1::3])
    assert f"[All of Stanford University](../{stem}.md)" in year


# --- one name, one page: reserved names and hashes that collide -------------------------------


def test_a_name_never_takes_the_folder_s_index_page() -> None:
    # "Index" fills a page of its own (limit 6): the directory is index.md.
    pages = pages_of("affiliation", {"Aalto University": 5, "Index": 5}, limit=6)
    assert [page.stem for page in pages] == ["_start", "index-2"]
    for reserved in RESERVED:
        pages = pages_of("affiliation", {"Aalto University": 5, reserved.title(): 5}, limit=6)
        assert pages[1].stem not in RESERVED


def test_names_whose_hashes_collide_get_pages_of_their_own(monkeypatch) -> None:
    # Two digits of hash: names that differ in case collide among a few dozen,
    # as two did in a 33 s search of twelve digits.
    monkeypatch.setattr(names_module, "HASH_DIGITS", 2)
    first, second = colliding("author", cases("Kai Zhang"))
    assert first.casefold() == second.casefold()
    assert permalink_stem("author", first) == permalink_stem("author", second)
    stems = assign_stems("author", {first: "2021-04-26", second: "2022-10-15", "S Ganguli": "2020-12-16"})
    # The name that came first keeps its hash's page; the later one takes the next free one.
    assert stems[first] == permalink_stem("author", first)
    assert stems[second] == f"{permalink_stem('author', first)}-2"
    assert len({stem.casefold() for stem in stems.values()}) == 3


def test_names_found_to_collide_in_twelve_digits_get_pages_of_their_own() -> None:
    first, second = COLLIDING
    assert permalink_stem("author", first) == permalink_stem("author", second)
    stems = assign_stems("author", {second: "2022-10-15", first: "2021-04-26"})
    assert stems == {first: permalink_stem("author", first), second: f"{permalink_stem('author', first)}-2"}


def test_a_name_keeps_its_page_when_a_later_name_collides_with_it(monkeypatch) -> None:
    monkeypatch.setattr(names_module, "HASH_DIGITS", 2)
    first, second = colliding("author", cases("Kai Zhang"))
    before = assign_stems("author", {first: "2021-04-26"})
    after = assign_stems("author", {first: "2021-04-26", second: "2022-10-15"})
    assert after[first] == before[first]
    assert after[second] != after[first]
