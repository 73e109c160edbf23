"""A name's page's facts: its papers newest first, years, categories, companions, and when it changes."""

from __future__ import annotations

import datetime as dt

from digest_archive.render.profiles import COMPANIONS, HEAVY, file_by_name, fingerprint, profile, signature
from support.names import Paper, paper

D1, D2, D3 = dt.date(2021, 4, 26), dt.date(2022, 10, 15), dt.date(2023, 3, 9)


def test_a_profile_lists_papers_newest_first_with_its_years_and_categories() -> None:
    papers = [
        paper(1, D1, ("S Ganguli", "D Kunin")),
        paper(2, D3, ("S Ganguli",))._replace(category="CV"),
        paper(3, D2, ("S Ganguli", "D Kunin")),
    ]
    shown = profile("author", "S Ganguli", papers)
    assert [p.key for p in shown.papers] == ["k2", "k3", "k1"]
    assert shown.years == ((2023, 1), (2022, 1), (2021, 1))
    assert shown.categories == (("LG", 2), ("CV", 1))
    # A name is not its own co-author.
    assert shown.authors == (("D Kunin", 2),)
    assert not shown.heavy


def test_companions_are_the_most_frequent_ties_by_name() -> None:
    coauthors = [f"A N{number:02}" for number in range(COMPANIONS + 5)]
    papers = [paper(n, D1, ("Me", name)) for n, name in enumerate(coauthors)]
    papers.append(paper(99, D2, ("Me", "Z Often"), ("Lab",)))
    papers.append(paper(98, D2, ("Me", "Z Often"), ("Lab", "Lab")))
    shown = profile("author", "Me", papers)
    assert shown.authors[0] == ("Z Often", 2)
    assert [name for name, _ in shown.authors[1:]] == coauthors[: COMPANIONS - 1]
    # An affiliation written twice on one paper counts once.
    assert shown.affiliations == (("Lab", 2),)


def test_an_affiliation_lists_its_authors_and_the_affiliations_it_shares_papers_with() -> None:
    papers = [paper(1, D1, ("A", "B"), ("Lab", "Other")), paper(2, D2, ("A",), ("Lab",))]
    shown = profile("affiliation", "Lab", papers)
    assert shown.authors == (("A", 2), ("B", 1))
    assert shown.affiliations == (("Other", 1),)


def test_a_name_with_hundreds_of_papers_is_listed_a_year_a_page() -> None:
    papers = [paper(n, dt.date(2020 + n % 3, 1, 1 + n % 28), ("A",), ("Big",)) for n in range(HEAVY + 1)]
    assert profile("affiliation", "Big", papers).heavy
    assert not profile("affiliation", "Big", papers[:HEAVY]).heavy


def test_papers_are_filed_under_each_of_their_names_once() -> None:
    papers = [paper(1, D1, ("A", "B", "A"), ("Lab",)), paper(2, D2, ("B",))]
    filed = file_by_name(papers)
    assert {name: [p.key for p in listed] for name, listed in filed["author"].items()} == {
        "A": ["k1"],
        "B": ["k1", "k2"],
    }
    assert list(filed["affiliation"]) == ["Lab"]


def test_a_page_changes_when_a_paper_or_a_linked_name_s_page_does_and_only_then() -> None:
    stems = {"author": {"A": "a-1", "B": "b-1", "C": "c-1"}, "affiliation": {}}
    first: Paper = paper(1, D1, ("A", "B"))
    signed = signature(first, stems)
    assert signature(first, stems) == signed
    assert signature(first._replace(title="Another"), stems) != signed
    # B's page moved: every page that links B is written again; C's did not matter.
    assert signature(first, {**stems, "author": {**stems["author"], "B": "b-2"}}) != signed
    assert signature(first, {**stems, "author": {**stems["author"], "C": "c-2"}}) == signed
    second = signature(paper(2, D2, ("A",)), stems)
    assert fingerprint("author", "A", [signed, second], "f") == fingerprint(
        "author", "A", [second, signed], "f"
    )
    assert fingerprint("author", "A", [signed, second], "f") != fingerprint(
        "author", "A", [signed, second], "g"
    )
    assert fingerprint("author", "A", [signed], "f") != fingerprint("author", "a", [signed], "f")


def test_a_paper_several_days_list_is_filed_once_at_its_first_day() -> None:
    first = paper(1, D2, ("A", "B"))._replace(identity="arxiv:2104.06159")
    again = paper(2, D3, ("A", "C"))._replace(identity="arxiv:2104.06159")
    # Without an identity (neither arXiv id nor title), papers are never taken for one.
    unknown = [paper(n, D1, ("A",)) for n in (3, 4)]
    filed = file_by_name([again, *unknown, first])["author"]
    assert [p.key for p in filed["A"]] == ["k3", "k4", "k1"]
    assert [p.key for p in filed["B"]] == ["k1"]
    # A name only the later day gives keeps it.
    assert [p.key for p in filed["C"]] == ["k2"]
    assert profile("author", "A", filed["A"]).years == ((2022, 1), (2021, 2))
