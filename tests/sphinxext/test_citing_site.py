"""The built archive's offers to reference managers: COinS on the cards, .bib and .ris files to download."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import parse_qs

import pytest
import rispy
from bs4 import BeautifulSoup
from pybtex.database import parse_string

from digest_archive.archive.files import load_all
from digest_archive.render.cite import citation_keys, entry_year
from digest_archive.text import urls
from support.builds import sphinx_build
from support.seeds import SEED_ENTRIES

HTML = Path("_build/html")


def _soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def _linked(page: Path, suffix: str) -> Path:
    """The one file of ``suffix`` the page links (at its top and bottom), as the browser would resolve it."""
    (linked,) = {
        (page.parent / a["href"]).resolve()
        for a in _soup(page).select("a.digest-download")
        if a["href"].endswith(suffix)
    }
    return linked


@pytest.mark.slow  # the built archive
@pytest.mark.parametrize("date", SEED_ENTRIES)
def test_every_card_s_coins_is_its_paper(built_archive: Path, date: str) -> None:
    (loaded,) = load_all([str(built_archive / "raw" / date[:4] / f"{date}.txt")])
    assert loaded.digest is not None
    page = _soup(built_archive / HTML / "digests" / date[:4] / f"{date}.html")
    spans = page.select("span.Z3988")
    assert len(spans) == SEED_ENTRIES[date]
    for span, entry in zip(spans, loaded.digest.entries, strict=True):
        fields = parse_qs(span["title"], strict_parsing=True)
        assert fields["rft.atitle"] == [entry.title]
        assert fields["rft.au"] == entry.authors
        arxiv = next(filter(None, map(urls.arxiv_id, entry.links)), None)
        if arxiv is None:
            assert fields["rft.date"] == [str(entry_year(loaded.digest, entry))]
            assert not any(value.startswith("info:arxiv/") for value in fields["rft_id"])
        else:
            assert fields["rft.date"] == [f"{arxiv.year}-{arxiv.month:02d}"]
            assert fields["rft_id"] == [f"info:arxiv/{arxiv.id}", f"https://arxiv.org/abs/{arxiv.id}"]


@pytest.mark.slow  # the built archive
@pytest.mark.parametrize("date", SEED_ENTRIES)
def test_a_digest_page_offers_its_papers_as_bib_and_ris(built_archive: Path, date: str) -> None:
    page = built_archive / HTML / "digests" / date[:4] / f"{date}.html"
    ris_file, bib_file = _linked(page, ".ris"), _linked(page, ".bib")
    assert ris_file == (built_archive / HTML / "digests" / date[:4] / f"{date}.ris").resolve()
    records = rispy.loads(ris_file.read_text(encoding="utf-8"))
    assert len(records) == SEED_ENTRIES[date]
    bib = parse_string(bib_file.read_text(encoding="utf-8"), "bibtex")
    # The keys the whole archive gives them, as on the page's cards.
    keys = [card["id"] for card in _soup(page).select("div.digest-paper")]
    assert list(bib.entries) == keys == [record["id"] for record in records]


@pytest.mark.slow  # the built archive
def test_the_citing_page_offers_the_whole_archive(built_archive: Path) -> None:
    page = built_archive / HTML / "citing.html"
    ris_file, bib_file = _linked(page, ".ris"), _linked(page, ".bib")
    assert ris_file == (built_archive / HTML / "digests" / "archive.ris").resolve()
    records = rispy.loads(ris_file.read_text(encoding="utf-8"))
    bib = parse_string(bib_file.read_text(encoding="utf-8"), "bibtex")
    loaded = load_all([str(path) for path in sorted((built_archive / "raw").rglob("*.txt"))])
    keys = list(citation_keys([one.digest for one in loaded if one.digest is not None]).values())
    assert len(keys) == 45
    assert [record["id"] for record in records] == list(bib.entries) == keys


@pytest.mark.slow  # the built archive
def test_a_rebuild_with_nothing_changed_leaves_the_files_alone(built_archive: Path) -> None:
    files = [
        path
        for folder in (built_archive / "source" / "digests", built_archive / HTML / "digests")
        for suffix in (".bib", ".ris")
        for path in folder.rglob(f"*{suffix}")
    ]
    assert len(files) == 2 * 2 * (len(SEED_ENTRIES) + 1)
    before = {path: path.stat().st_mtime_ns for path in files}
    result = sphinx_build(built_archive)
    assert result.returncode == 0, result.stderr
    assert {path: path.stat().st_mtime_ns for path in files} == before
