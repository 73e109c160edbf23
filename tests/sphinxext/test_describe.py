"""A page's description: one line, cut to its length (the meta description, Open Graph's and the feeds')."""

from __future__ import annotations

import pytest

from digest_archive.sphinxext.pages.describe import LENGTH, shorten


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Short enough.", "Short enough."),
        ("word " * 60, ("word " * 40).strip() + "…"),
        ("a" * 500, "a" * 199 + "…"),
        ("Title; " + "x" * 400, "Title…"),
    ],
)
def test_a_description_is_one_line_of_at_most_its_length(text: str, expected: str) -> None:
    assert shorten(text) == expected
    assert len(shorten(text)) <= LENGTH
