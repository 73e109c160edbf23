"""The built archive's offers to reference managers and scripts: COinS, .bib and .ris files, the open data."""

from __future__ import annotations

import contextlib
import gzip
import io
import json
import re
import shutil
import subprocess
from pathlib import Path
from urllib.parse import parse_qs

import jsonschema
import pytest
import rispy
from bs4 import BeautifulSoup
from pybtex.database import parse_string

from digest_archive.archive.files import load_all
from digest_archive.model import SCHEMA_VERSION
from digest_archive.render.cite import citation_keys, entry_year
from digest_archive.text import urls
from digest_dev.browser import served
from support.builds import sphinx_build
from support.paths import REPO_ROOT
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
def test_each_year_s_page_offers_the_year_s_papers_and_together_they_are_the_archive(
    built_archive: Path,
) -> None:
    loaded = load_all([str(path) for path in sorted((built_archive / "raw").rglob("*.txt"))])
    keys = list(citation_keys([one.digest for one in loaded if one.digest is not None]).values())
    assert len(keys) == 45
    years = sorted({date[:4] for date in SEED_ENTRIES})
    found = []
    for year in years:
        page = built_archive / HTML / "digests" / year / "index.html"
        ris_file, bib_file = _linked(page, ".ris"), _linked(page, ".bib")
        assert ris_file == (built_archive / HTML / "digests" / year / f"{year}.ris").resolve()
        assert bib_file == (built_archive / HTML / "digests" / year / f"{year}.bib").resolve()
        records = rispy.loads(ris_file.read_text(encoding="utf-8"))
        bib = parse_string(bib_file.read_text(encoding="utf-8"), "bibtex")
        assert [record["id"] for record in records] == list(bib.entries)
        found += list(bib.entries)
    # The years' files, oldest first, are the whole archive's papers, in its order.
    assert found == keys
    # The citing page links one year's, and no file of the whole archive.
    citing = built_archive / HTML / "citing.html"
    assert _linked(citing, ".bib") == (built_archive / HTML / "digests/2022/2022.bib").resolve()
    assert not list((built_archive / HTML / "digests").glob("archive.*"))


@pytest.mark.slow  # the built archive
def test_a_rebuild_with_nothing_changed_leaves_the_files_alone(built_archive: Path) -> None:
    files = [
        path
        for folder in (built_archive / "source" / "digests", built_archive / HTML / "digests")
        for suffix in (".bib", ".ris")
        for path in folder.rglob(f"*{suffix}")
    ]
    # In the source and in the site, two of each digest and of each year.
    assert len(files) == 2 * 2 * (len(SEED_ENTRIES) + len({date[:4] for date in SEED_ENTRIES}))
    before = {path: path.stat().st_mtime_ns for path in files}
    result = sphinx_build(built_archive)
    assert result.returncode == 0, result.stderr
    assert {path: path.stat().st_mtime_ns for path in files} == before


def _site_schema(built_archive: Path) -> dict:
    return json.loads((built_archive / HTML / "digests" / f"schema-{SCHEMA_VERSION}.json").read_text("utf-8"))


@pytest.mark.slow  # the built archive
@pytest.mark.parametrize("date", SEED_ENTRIES)
def test_a_digest_page_offers_its_digest_as_data(built_archive: Path, date: str) -> None:
    page = built_archive / HTML / "digests" / date[:4] / f"{date}.html"
    data = _linked(page, ".json")
    assert data == (built_archive / HTML / "digests" / date[:4] / f"{date}.json").resolve()
    published = json.loads(data.read_text(encoding="utf-8"))
    jsonschema.validate(published, _site_schema(built_archive))
    (digest,) = published
    # The papers the page's cards cite, in their order.
    titles = [parse_qs(span["title"])["rft.atitle"][0] for span in _soup(page).select("span.Z3988")]
    assert (digest["date"], len(digest["entries"])) == (date, SEED_ENTRIES[date])
    assert [entry["title"] for entry in digest["entries"]] == titles


@pytest.mark.slow  # the built archive
@pytest.mark.parametrize("year", sorted({date[:4] for date in SEED_ENTRIES}))
def test_a_year_page_offers_its_digests_as_json_lines(built_archive: Path, year: str) -> None:
    lines = _linked(built_archive / HTML / "digests" / year / "index.html", ".jsonl.gz")
    assert lines == (built_archive / HTML / "digests" / year / f"{year}.jsonl.gz").resolve()
    digests = [json.loads(line) for line in gzip.decompress(lines.read_bytes()).decode("utf-8").splitlines()]
    assert [digest["date"] for digest in digests] == sorted(date for date in SEED_ENTRIES if date[:4] == year)
    jsonschema.validate(digests, _site_schema(built_archive))


@pytest.mark.slow  # the built archive
def test_the_citing_page_links_the_schema_and_the_inventory(built_archive: Path) -> None:
    page = built_archive / HTML / "citing.html"
    assert _linked(page, ".inv") == (built_archive / HTML / "objects.inv").resolve()
    schema = json.loads(_linked(page, f"schema-{SCHEMA_VERSION}.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    assert schema == _site_schema(built_archive)


# The citing page's examples name the archive's address as this; the tests serve the built archive there.
_EXAMPLE_SITE = "https://digests.example.org/"


def _examples(language: str) -> list[str]:
    """The code blocks in ``language`` of the citing page's "Open data" section, in order."""
    text = (REPO_ROOT / "source" / "citing.md").read_text(encoding="utf-8")
    section = text.split("\n## Open data\n", 1)[1].split("\n## ", 1)[0]
    return re.findall(rf"^```{language}\n(.*?)^```$", section, flags=re.MULTILINE | re.DOTALL)


def _papers_of(built_archive: Path, year: str) -> list[str]:
    loaded = load_all([str(path) for path in sorted((built_archive / "raw" / year).glob("*.txt"))])
    return [
        f"{one.digest.date} {entry.category} {entry.title}"
        for one in loaded
        if one.digest is not None
        for entry in one.digest.entries
    ]


@pytest.mark.slow  # the built archive
def test_the_citing_page_s_python_reads_and_checks_a_year(built_archive: Path) -> None:
    reading, checking = _examples("python")
    with served(built_archive / HTML) as url:
        printed = io.StringIO()
        namespace: dict = {}
        with contextlib.redirect_stdout(printed):
            # The page's own examples; the second raises if the data does not follow its schema.
            exec(reading.replace(_EXAMPLE_SITE, f"{url}/"), namespace)
            exec(checking, namespace)
    assert printed.getvalue().splitlines() == _papers_of(built_archive, "2021")


@pytest.mark.slow  # the built archive
def test_the_citing_page_s_javascript_reads_a_day(built_archive: Path, tmp_path: Path) -> None:
    node = shutil.which("node")
    assert node, "Node.js is missing; `make system-deps` installs it"
    (script,) = _examples("javascript")
    example = tmp_path / "example.mjs"
    with served(built_archive / HTML) as url:
        example.write_text(script.replace(_EXAMPLE_SITE, f"{url}/"), encoding="utf-8")
        result = subprocess.run([node, str(example)], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    (loaded,) = load_all([str(built_archive / "raw" / "2021" / "2021-04-26.txt")])
    assert loaded.digest is not None
    expected = [" ".join([e.category, e.title, *(e.links[:1] or [""])]) for e in loaded.digest.entries]
    assert result.stdout.splitlines() == expected
