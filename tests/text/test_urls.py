"""What the archive reads from URLs: a paper's code, and the URLs a sentence holds."""

from __future__ import annotations

import pytest

from digest_archive.text.urls import is_code_repository, urls_in


@pytest.mark.parametrize(
    ("url", "code"),
    [
        ("https://github.com/owner/name", True),
        ("https://www.github.com/owner/name/tree/main/src?x=1#readme", True),
        ("http://GitLab.com/group/project", True),
        ("https://huggingface.co/owner/model", True),
        ("https://huggingface.co/datasets/owner/set", True),
        ("https://codeberg.org/owner/name", True),
        # An owner alone, the host's own pages, another host: no repository.
        ("https://github.com/owner", False),
        ("https://github.com/features/copilot", False),
        ("https://example.com/owner/name", False),
        ("https://github.com.evil.example/owner/name", False),
        ("javascript://github.com/owner/name", False),
    ],
)
def test_a_repository_of_code_is_an_owner_s_on_a_host_of_code(url: str, code: bool) -> None:
    assert is_code_repository(url) is code


def test_a_url_in_a_sentence_ends_before_its_punctuation_and_the_chinese_after_it() -> None:
    text = "代码见https://github.com/owner/name。Also (https://gitlab.com/a/b), and https://x.org/y?z=1."
    assert urls_in(text) == ["https://github.com/owner/name", "https://gitlab.com/a/b", "https://x.org/y?z=1"]
