"""Names' pages and indices: a name's page stable and its own, any name a safe file name, indices bounded."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from digest_archive.render import names as names_module
from digest_archive.render.categories import category_stem, render_category_page
from digest_archive.render.contract import Directory, read
from digest_archive.render.names import (
    DIRECTORY_LIMIT,
    MAX_STEM,
    assign_stems,
    filing_key,
    own_page,
    permalink_stem,
    render_name_directory,
)
from support.collisions import COLLIDING, cases, colliding

#: A name's page's name: its key's start, and twelve hex digits of hash (``-2`` and up after a collision).
SAFE_STEM = re.compile(r"[a-z0-9_~]*-[0-9a-f]{12}(-[0-9]+)?")


def _directory(text: str) -> Directory:
    return read(Directory, [text.split("```{digest:directory}\n")[1].split("\n```")[0]])


def test_names_are_filed_by_surname_without_accents() -> None:
    assert filing_key("author", "S Bulò") == "bulo s"
    assert filing_key("author", "B W. Larsen") == "larsen b w"
    assert filing_key("affiliation", "Stanford University") == "stanford university"


@given(st.text(min_size=1, max_size=200))
def test_every_name_gets_a_safe_page_name(name: str) -> None:
    stem = permalink_stem("author", name)
    assert SAFE_STEM.fullmatch(stem), stem
    assert len(stem) <= MAX_STEM + 13
    assert own_page("digests", "author", stem) == f"digests/authors/names/{stem}"


def test_names_that_differ_only_in_case_get_pages_of_their_own() -> None:
    stems = assign_stems(
        "author", {"K Zhang": "2021-04-26", "k zhang": "2021-04-26", "K ZHANG": "2022-01-01"}
    )
    # Distinct even on a file system that folds case (macOS, Windows).
    assert len({stem.casefold() for stem in stems.values()}) == 3
    assert all(stem.startswith("zhang_k-") for stem in stems.values())


def test_the_index_lists_the_most_frequent_names_first_with_their_counts() -> None:
    text = render_name_directory("author", {"A Bo": 1, "C Bu": 5, "X Chen": 5, "Y Dai": 2})
    body = _directory(text)
    assert [(named.name, named.papers) for named in body.names] == [
        ("C Bu", 5),
        ("X Chen", 5),
        ("Y Dai", 2),
        ("A Bo", 1),
    ]
    assert body.total == 4
    assert r"4 authors\, most papers first\:" in text


def test_the_index_stays_bounded_however_many_names() -> None:
    papers = {f"A Name{number}": 1 + number % 7 for number in range(DIRECTORY_LIMIT * 3)}
    text = render_name_directory("affiliation", papers)
    body = _directory(text)
    assert len(body.names) == DIRECTORY_LIMIT
    assert min(named.papers for named in body.names) >= max(
        papers[name] for name in papers if name not in {named.name for named in body.names}
    )
    assert (
        rf"{DIRECTORY_LIMIT * 3} affiliations in all\; the {DIRECTORY_LIMIT} with most papers first\:" in text
    )


def test_hostile_names_stay_data_in_the_index() -> None:
    name = "```{raw} html\n<script>alert(1)</script>\u2028```"
    text = render_name_directory("author", {name: 3})
    fence_lines = [line for line in text.split("\n") if line.startswith("```")]
    assert fence_lines == ["```{digest:directory}", "```"]
    assert _directory(text).names[0].name == name


@given(st.from_regex(r"[A-Za-z][A-Za-z0-9.\-]{0,39}", fullmatch=True) | st.text(min_size=1, max_size=40))
def test_a_category_is_never_a_parent_folder_or_a_hidden_file(category: str) -> None:
    stem = category_stem(category)
    assert stem[:1].isalnum() or stem.startswith("~")
    assert "/" not in stem and "\\" not in stem


def test_a_category_page_links_its_months_newest_first() -> None:
    text = render_category_page("LG", {"2020-12": 3, "2021-04": 9, "2021-07": 1})
    assert "- **2021** [Jul](LG/2021-07.md) (1) · [Apr](LG/2021-04.md) (9)" in text
    assert "- **2020** [Dec](LG/2020-12.md) (3)" in text


# --- one name, one page: hashes that collide ------------------------------------------------


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
