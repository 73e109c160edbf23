"""The RIS and CSL-JSON exports (``digest export --format ris|csl-json``) and the cards' COinS."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from urllib.parse import parse_qs

import jsonschema
import pytest
import rispy
from bs4 import BeautifulSoup
from hypothesis import given, settings
from hypothesis import strategies as st

from digest_archive.model import Digest, Entry, Section
from digest_archive.render.cite import citation_keys, entry_year, keyed
from digest_archive.render.digest import render_digest
from digest_archive.render.reference import coins, csl_json, ris
from digest_archive.text import urls
from support.builds import sphinx_page
from support.commands import run_digest as run
from support.paths import SCHEMAS_DIR
from support.seeds import page_of, parse_seed

CSL_SCHEMA = json.loads((SCHEMAS_DIR / "csl-data.json").read_text(encoding="utf-8"))


@pytest.fixture(autouse=True)
def _from_repo_root(in_repo_root):
    """Run every command from the repository root, as the docs tell users to."""


@pytest.fixture(scope="module")
def seed_list(seeds) -> list[Digest]:
    return list(seeds.values())


def one_paper(title: str, authors: list[str], links: list[str] | None = None) -> Digest:
    entry = Entry(section=Section.FEATURED, title=title, authors=authors, links=links or [], line=1)
    return Digest(date=dt.date(2020, 12, 16), source="raw/2020/2020-12-16.txt", entries=[entry])


# --- RIS -----------------------------------------------------------------------------------


def test_ris_export_reads_back_as_the_papers(capsys, seed_list):
    status, out, err = run(capsys, "export", "--format", "ris", "raw")
    assert (status, err) == (0, "")
    records = rispy.loads(out)
    papers = list(keyed(seed_list))
    assert len(records) == len(papers) == 45
    for record, (digest, entry, key) in zip(records, papers, strict=True):
        assert record["id"] == key
        assert record["title"] == entry.title
        assert record["authors"] == entry.authors
        assert record["year"] == str(entry_year(digest, entry))
    assert [record["id"] for record in records] == list(citation_keys(seed_list).values())


def test_an_arxiv_paper_in_ris(capsys):
    _, out, _ = run(capsys, "export", "--format", "ris", "raw/2022/2022-10-15.txt")
    geiping = next(record for record in rispy.loads(out) if record["id"] == "geiping2022much")
    assert geiping["type_of_reference"] == "GEN"
    assert geiping["accession_number"] == "arXiv:2210.06441"
    assert geiping["doi"] == "10.48550/arXiv.2210.06441"
    assert geiping["urls"] == ["https://arxiv.org/abs/2210.06441"]
    assert geiping["date"] == "2022/10//"
    assert geiping["publisher"] == "arXiv"
    assert out.startswith("TY  - GEN\n")


def test_a_paper_without_arxiv_has_no_doi(capsys):
    _, out, _ = run(capsys, "export", "--format", "ris", "raw/2020/2020-12-16.txt")
    kunin = next(record for record in rispy.loads(out) if record["id"] == "kunin2020neural")
    assert "doi" not in kunin and "accession_number" not in kunin
    assert kunin["urls"] == ["https://weibo.com/1402400261/JyFsjATR5"]


@pytest.mark.parametrize("brk", ["\n", "\r\n", "\r", "\u2028", "\x85", "\x0b"])
def test_a_line_break_in_a_value_starts_no_tag(brk):
    title = f"Neural{brk}ER  - {brk}TY  - JOUR{brk}TI  - Injected"
    text = ris([one_paper(title, [f"D{brk}AU  - Mallory"])])
    (record,) = rispy.loads(text)
    assert record["title"] == "Neural ER - TY - JOUR TI - Injected"
    assert record["authors"] == ["D AU - Mallory"]
    assert record["type_of_reference"] == "GEN"
    assert sum(line.startswith("TY  - ") for line in text.splitlines()) == 1


@settings(max_examples=200, deadline=None)
@given(
    st.text(min_size=1).filter(lambda text: text.strip()),
    st.text(min_size=1).filter(lambda text: text.strip()),
)
def test_any_title_and_author_read_back_on_one_line(title, author):
    text = ris([one_paper(title, [author])])
    (record,) = rispy.loads(text)
    assert record["title"] == " ".join(title.split())
    assert record["authors"] == [" ".join(author.split())]
    assert len(text.splitlines()) == len(text.split("\n")) - 1


# --- CSL-JSON ------------------------------------------------------------------------------


def test_csl_json_export_is_valid_and_has_every_paper(capsys, seed_list):
    status, out, err = run(capsys, "export", "--format", "csl-json", "raw")
    assert (status, err) == (0, "")
    items = json.loads(out)
    jsonschema.validate(items, CSL_SCHEMA)
    papers = list(keyed(seed_list))
    assert len(items) == len(papers) == 45
    for item, (_, entry, key) in zip(items, papers, strict=True):
        assert item["id"] == key
        assert item["type"] == "article"
        assert item["title"] == entry.title
        assert [_written(name) for name in item["author"]] == entry.authors


def _written(name: dict[str, str]) -> str:
    """A CSL name as the digest wrote it: given names, then the family name."""
    return name.get("literal") or f"{name['given']} {name['family']}"


def test_an_arxiv_paper_in_csl_json(capsys):
    _, out, _ = run(capsys, "export", "--format", "csl-json", "raw/2022/2022-10-15.txt")
    geiping = next(item for item in json.loads(out) if item["id"] == "geiping2022much")
    assert geiping["number"] == "arXiv:2210.06441"
    assert geiping["DOI"] == "10.48550/arXiv.2210.06441"
    assert geiping["URL"] == "https://arxiv.org/abs/2210.06441"
    assert geiping["publisher"] == "arXiv"
    assert geiping["issued"] == {"date-parts": [[2022, 10]]}


def test_a_hostile_paper_is_valid_csl_json():
    hostile = '"}, {"id": "x", "type": "book"}\n<script>&'
    (item,) = json.loads(csl_json([one_paper(hostile, ["A Author"])]))
    jsonschema.validate([item], CSL_SCHEMA)
    assert item["title"] == " ".join(hostile.split())


# --- COinS ---------------------------------------------------------------------------------


def test_coins_reads_back_as_the_paper(seeds):
    digest = seeds["2022-10-15"]
    entry = digest.entries[0]
    fields = parse_qs(coins(digest, entry), strict_parsing=True)
    assert fields["ctx_ver"] == ["Z39.88-2004"]
    assert fields["rft_val_fmt"] == ["info:ofi/fmt:kev:mtx:journal"]
    assert fields["rft.genre"] == ["preprint"]
    assert fields["rft.atitle"] == [entry.title]
    assert fields["rft.au"] == entry.authors
    assert fields["rft.date"] == ["2022-10"]
    assert fields["rft_id"] == ["info:arxiv/2210.06441", "https://arxiv.org/abs/2210.06441"]


@settings(max_examples=200, deadline=None)
@given(st.text(min_size=1).filter(lambda text: text.strip()))
def test_any_title_round_trips_through_coins(title):
    fields = parse_qs(coins(*_only(one_paper(title, [title]))), strict_parsing=True)
    assert fields["rft.atitle"] == [" ".join(title.split())]
    assert fields["rft.au"] == [" ".join(title.split())]


def test_coins_values_hold_no_separator():
    text = coins(*_only(one_paper('a&rft.au=Mallory "<b>" + x=y', ["B&C"])))
    assert text.count("&") == 5  # six pairs: ctx_ver, fmt, genre, atitle, au, date
    assert "+" not in text and "<" not in text and '"' not in text


def _only(digest: Digest) -> tuple[Digest, Entry]:
    return digest, digest.entries[0]


def test_each_card_of_a_page_carries_its_paper_s_coins():
    """Zotero reads the page's spans: one per paper, each decoding to that paper, a hostile title too."""
    hostile = 'A "quoted" <b>title</b> & more + 100% = sure'
    digest = one_paper(hostile, ['O"Brien <x>', "B & C"], ["https://arxiv.org/abs/2012.04728v2"])
    digest = digest.model_copy(update={"entries": [*digest.entries, *parse_seed("2020-12-16").entries]})
    with sphinx_page(render_digest(page_of(digest)), builder="html") as (app, _, _):
        html = (Path(app.outdir) / "page.html").read_text(encoding="utf-8")
    spans = BeautifulSoup(html, "html.parser").select("span.Z3988")
    assert len(spans) == len(digest.entries)
    for span, entry in zip(spans, digest.entries, strict=True):
        fields = parse_qs(span["title"], strict_parsing=True)
        assert fields["rft.atitle"] == [entry.title]
        assert fields["rft.au"] == entry.authors
        arxiv = next(filter(None, map(urls.arxiv_id, entry.links)), None)
        date = str(entry_year(digest, entry)) if arxiv is None else f"{arxiv.year}-{arxiv.month:02d}"
        assert fields["rft.date"] == [date]
    first = parse_qs(spans[0]["title"])
    assert first["rft.date"] == ["2020-12"]
    assert first["rft_id"] == ["info:arxiv/2012.04728", "https://arxiv.org/abs/2012.04728"]
    assert 'title="ctx_ver=Z39.88-2004&amp;rft_val_fmt=info%3Aofi%2Ffmt%3Akev%3Amtx%3Ajournal&amp;' in html


def test_a_paper_s_code_is_a_second_url_in_ris_and_in_the_csl_note(capsys):
    # The seed's abstract says where its code is.
    _, out, _ = run(capsys, "export", "--format", "ris", "raw/2021/2021-04-26.txt")
    coded = [record for record in rispy.loads(out) if len(record.get("urls", [])) > 1]
    assert [record["urls"][1] for record in coded] == ["https://github.com/googleinterns/cct-m4"]
    _, out, _ = run(capsys, "export", "--format", "csl-json", "raw/2021/2021-04-26.txt")
    (item,) = [item for item in json.loads(out) if item["id"] == coded[0]["id"]]
    assert item["note"] == "Code: https://github.com/googleinterns/cct-m4"


def test_ris_and_csl_name_the_digest_only_with_source(capsys):
    _, out, _ = run(capsys, "export", "--format", "ris", "raw/2021/2021-04-26.txt")
    own = rispy.loads(out)
    assert all("notes" not in record for record in own)
    _, out, _ = run(capsys, "export", "--format", "ris", "--with-source", "raw/2021/2021-04-26.txt")
    listed = rispy.loads(out)
    assert [record.pop("notes") for record in listed] == [
        ["Listed in the arXiv digest of 2021-04-26 by 爱可可-爱生活"]
    ] * len(own)
    assert listed == own
    _, out, _ = run(capsys, "export", "--format", "csl-json", "--with-source", "raw/2021/2021-04-26.txt")
    notes = [item["note"] for item in json.loads(out)]
    assert (
        "Listed in the arXiv digest of 2021-04-26 by 爱可可-爱生活. Code: https://github.com/googleinterns/cct-m4"
        in notes
    )
    assert set(notes) <= {
        "Listed in the arXiv digest of 2021-04-26 by 爱可可-爱生活",
        "Listed in the arXiv digest of 2021-04-26 by 爱可可-爱生活. Code: https://github.com/googleinterns/cct-m4",
    }
