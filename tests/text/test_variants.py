"""Names written two ways: which may be one (their keys), and names.toml, which says which are."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from digest_archive.model import Digest, Entry, Section
from digest_archive.text.variants import NamesFile, affiliation_key, author_key


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("K Zhang", "K. Zhang"),
        ("K Zhang", "Kai Zhang"),
        ("KY Zhang", "K Y. Zhang"),
        ("B W. Larsen", "B W Larsen"),
    ],
)
def test_one_surname_and_initials_are_one_key(first: str, second: str) -> None:
    assert author_key(first) == author_key(second) != ""


@pytest.mark.parametrize(
    ("first", "second"), [("K Zhang", "K Y. Zhang"), ("K Zhang", "K Zhao"), ("Kunin", "D Kunin")]
)
def test_other_initials_or_surnames_are_other_keys(first: str, second: str) -> None:
    assert author_key(first) != author_key(second)


def test_an_affiliation_s_key_is_its_words() -> None:
    assert affiliation_key("Google Research,") == affiliation_key("google  research") == "google research"
    assert affiliation_key("ＭＩＴ") == affiliation_key("MIT")
    assert affiliation_key("Stanford") != affiliation_key("Stanford University")


NAMES = NamesFile.model_validate(
    {
        "author": [{"name": "K Zhang", "also": ["K. Zhang"], "distinct": ["K Y. Zhang"]}, {"name": "K Zhao"}],
        "affiliation": [{"name": "Google Research", "also": ["Google Research,"]}],
    }
)


def test_a_group_s_names_are_one_and_its_distinct_names_are_not() -> None:
    assert NAMES.same("author", "K. Zhang", "K Zhang") is True
    assert NAMES.same("author", "K Y. Zhang", "K. Zhang") is False
    # Names of two groups are two; names nothing says of, not said.
    assert NAMES.same("author", "K Zhao", "K Zhang") is False
    assert NAMES.same("author", "A B", "A. B") is None
    assert NAMES.shown("author", "K. Zhang") == "K Zhang"
    assert NAMES.shown("author", "K Y. Zhang") == "K Y. Zhang"


def test_a_name_in_two_groups_is_refused() -> None:
    with pytest.raises(ValidationError, match="'B' is in two groups"):
        NamesFile.model_validate({"author": [{"name": "A", "also": ["B"]}, {"name": "B"}]})


def test_applied_a_digest_shows_each_name_once_as_its_group_says() -> None:
    entry = Entry(
        section=Section.FEATURED,
        title="T",
        authors=["K. Zhang", "K Zhang", "A Writer"],
        affiliations=["Google Research,", "MIT"],
        line=1,
    )
    digest = Digest(source="raw/2021/2021-07-19.txt", entries=[entry])
    (shown,) = NAMES.applied(digest).entries
    assert shown.authors == ["K Zhang", "A Writer"]
    assert shown.affiliations == ["Google Research", "MIT"]
    # The digest itself is as written.
    assert digest.entries[0].authors == ["K. Zhang", "K Zhang", "A Writer"]
    assert NamesFile().applied(digest) is digest


TWO_PEOPLE = NamesFile.model_validate(
    {
        "author": [
            {"name": "Y Wang (Tsinghua)", "also": ["Y Wang"], "at": ["Tsinghua University"]},
            {"name": "Y Wang (MIT)", "also": ["Y Wang"], "at": ["MIT"]},
        ],
        "affiliation": [{"name": "Tsinghua University", "also": ["Tsinghua"]}],
    }
)


def test_one_written_name_is_two_people_told_apart_by_affiliation() -> None:
    assert TWO_PEOPLE.shown("author", "Y Wang", ["MIT"]) == "Y Wang (MIT)"
    # As written or as shown: "Tsinghua" is Tsinghua University.
    assert TWO_PEOPLE.shown("author", "Y Wang", ["Tsinghua"]) == "Y Wang (Tsinghua)"
    # Elsewhere, neither: as written.
    assert TWO_PEOPLE.shown("author", "Y Wang", ["Stanford"]) == "Y Wang"
    entry = Entry(section=Section.FEATURED, title="T", authors=["Y Wang"], affiliations=["MIT"], line=1)
    (shown,) = TWO_PEOPLE.applied(Digest(source="raw/2021/2021-07-19.txt", entries=[entry])).entries
    assert shown.authors == ["Y Wang (MIT)"]


@pytest.mark.parametrize(
    "groups",
    [
        # Two groups of one written name, neither saying where: which is it?
        [{"name": "Y Wang (A)", "also": ["Y Wang"]}, {"name": "Y Wang (B)", "also": ["Y Wang"]}],
        # Both where the other is.
        [
            {"name": "A", "also": ["Y Wang"], "at": ["MIT"]},
            {"name": "B", "also": ["Y Wang"], "at": ["MIT", "CMU"]},
        ],
    ],
)
def test_a_written_name_in_two_groups_must_say_where_each_is(groups: list[dict]) -> None:
    with pytest.raises(ValidationError, match="'Y Wang' is in two groups"):
        NamesFile.model_validate({"author": groups})


def test_an_affiliation_is_never_told_apart_by_affiliation() -> None:
    with pytest.raises(ValidationError, match="affiliation groups have no 'at'"):
        NamesFile.model_validate({"affiliation": [{"name": "MIT", "at": ["MIT"]}]})
