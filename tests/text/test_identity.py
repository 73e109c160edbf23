"""A paper is one across digests: the same arXiv id, whatever the link; else the same title's words."""

from __future__ import annotations

import pytest

from digest_archive.model import Entry, Section
from digest_archive.text.identity import identity, title_words


def _entry(title: str = "", *links: str) -> Entry:
    return Entry(section=Section.FEATURED, title=title, links=list(links), line=1)


@pytest.mark.parametrize(
    "link",
    [
        "https://arxiv.org/abs/2210.06441",
        "https://arxiv.org/abs/2210.06441v3",
        "http://www.arxiv.org/pdf/2210.06441v1.pdf",
        "https://export.arxiv.org/abs/2210.06441#related",
    ],
)
def test_every_link_to_one_arxiv_paper_is_that_paper(link: str) -> None:
    # A revised version, its PDF, another mirror: one paper, whatever its title says.
    assert identity(_entry("A Title", link)) == identity(
        _entry("Its Revised Title", "https://arxiv.org/abs/2210.06441")
    )
    assert identity(_entry("A Title", link)) == "arxiv:2210.06441"


def test_an_old_style_id_is_one_paper_in_any_case() -> None:
    assert identity(_entry("", "https://arxiv.org/abs/HEP-TH/9901001v2")) == "arxiv:hep-th/9901001"
    assert identity(_entry("", "https://arxiv.org/abs/hep-th/9901001")) == "arxiv:hep-th/9901001"


def test_the_first_arxiv_link_names_the_paper_not_the_others() -> None:
    entry = _entry("T", "https://weibo.com/1402400261/KcDupzlPf", "https://arxiv.org/abs/2104.06159")
    assert identity(entry) == "arxiv:2104.06159"
    assert identity(_entry("T", "https://arxiv.org/abs/2104.06159", "https://arxiv.org/abs/2210.06441")) == (
        "arxiv:2104.06159"
    )


@pytest.mark.parametrize(
    "written",
    [
        "Muesli: Combining Improvements in Policy Optimization",
        "MUESLI — combining improvements in policy optimization.",
        "Ｍｕｅｓｌｉ：Combining  Improvements in\nPolicy Optimization",
    ],
)
def test_without_arxiv_the_same_words_of_a_title_are_one_paper(written: str) -> None:
    assert identity(_entry(written)) == "title:muesli combining improvements in policy optimization"


def test_different_titles_are_different_papers_and_accents_do_not_count() -> None:
    assert identity(_entry("Metadata Normalization")) != identity(_entry("Metadata Normalisation"))
    assert title_words("Bulò's Théorème") == "bulo s theoreme"
    # Chinese is kept, as letters.
    assert title_words("元数据规范化 (Metadata)") == "元数据规范化 metadata"


def test_an_entry_with_neither_title_nor_arxiv_link_is_no_paper_another_can_be() -> None:
    assert identity(_entry("")) == ""
    assert identity(_entry(" — ", "https://weibo.com/1402400261/KcDupzlPf")) == ""
