"""MyST rendering: deterministic, literal (raw text is data) and complete.

Pages are checked the way the archive's build reads them: parsed by Sphinx
with MyST and the archive's extension (raw and file insertion disabled), then
inspected as the resolved doctree a builder writes.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from pathlib import Path
from urllib.parse import parse_qs, quote_plus, urlsplit

import pytest
from bs4 import BeautifulSoup
from docutils import nodes
from docutils.core import publish_doctree
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from myst_parser.parsers.docutils_ import Parser

from digest_archive.lint import REGISTRY, lint_digest
from digest_archive.model import Digest, Entry, LegendItem, Section, SummaryPart, UnparsedLine
from digest_archive.render.arxiv import arxiv_id, code_url
from digest_archive.render.credit import first_post
from digest_archive.render.digest import CHINESE_CLASS, POST_KEY, Neighbours, render_digest
from digest_archive.render.listings import (
    LATEST,
    Listing,
    listing,
    render_archive_index,
    render_year_index,
)
from digest_archive.render.myst import escape, link
from digest_archive.text.parse import parse_digest
from support.builds import sphinx_doctree, sphinx_page
from support.labelled import LABELLED_PARTS, LEAD, labelled_digest
from support.myst import CONFIGS, EXTENDED, PROJECT
from support.seeds import (
    SEED_ENTRIES,
    accounted_lines,
    content_lines,
    page_of,
    parse_seed,
    parse_snippet,
    read_seed,
)


def doctree(page: str, extensions: frozenset[str] = PROJECT) -> nodes.document:
    """Read a whole page as the archive's build does, as untrusted input."""
    return sphinx_doctree(page, extensions)[0]


def myst_doctree(text: str, extensions: frozenset[str] = PROJECT) -> nodes.document:
    """Parse a MyST fragment with MyST's own docutils parser: fast, for escaping properties."""
    return publish_doctree(
        text,
        parser=Parser(),
        settings_overrides={
            "raw_enabled": False,
            "file_insertion_enabled": False,
            "myst_enable_extensions": set(extensions),
            "warning_stream": io.StringIO(),
            "report_level": 5,
            "halt_level": 5,
        },
    )


def visible_text(page: str) -> str:
    return doctree(page).astext()


def node_kinds(document: nodes.document) -> set[str]:
    return {type(node).__name__ for node in document.findall()}


# --- determinism -----------------------------------------------------------------------


@pytest.mark.parametrize("date", SEED_ENTRIES)
def test_rendering_is_deterministic(date):
    neighbours = Neighbours(previous=dt.date(2020, 1, 1), next=dt.date(2030, 1, 1))
    first = render_digest(page_of(parse_seed(date), neighbours))
    second = render_digest(page_of(parse_seed(date), neighbours))
    assert first.encode() == second.encode()


@pytest.mark.parametrize("date", SEED_ENTRIES)
def test_seed_page_parses_cleanly(date, seeds):
    """A seed's page builds without a warning: every entry a section, every link kept."""
    document, warnings = sphinx_doctree(render_digest(page_of(seeds[date])))
    assert warnings == ""
    titles = [section[0].astext() for section in document.findall(nodes.section)]
    for entry in seeds[date].entries:
        assert any(title.endswith(entry.title) for title in titles), entry.title
    refs = [ref["refuri"] for ref in document.findall(nodes.reference) if "://" in ref.get("refuri", "")]
    assert refs == [url for entry in seeds[date].entries for url in _actions(entry)]


def _actions(entry: Entry) -> list[str]:
    """An entry's links as its row of actions gives them: on arXiv, its PDF, its code, its other links."""
    found = arxiv_id(entry)
    code = [url] if (url := code_url(entry)) is not None else []
    if found is None:
        search = f"https://arxiv.org/search/?query={quote_plus(entry.title)}&searchtype=title"
        return [search, *code, *(url for url in entry.links if url not in code)]
    others = [url for url in entry.links if found not in url or urlsplit(url).query or urlsplit(url).fragment]
    return [
        f"https://arxiv.org/abs/{found}",
        f"https://arxiv.org/pdf/{found}",
        *code,
        *(url for url in others if url not in code),
    ]


def test_a_paper_s_code_is_an_action_of_its_own_from_its_links_or_its_text() -> None:
    digest = parse_digest(
        "1、[LG] Coded Paper\nA Author\n[MIT]\n摘要。\n"
        "Our code is at https://github.com/owner/coded.\nhttps://arxiv.org/abs/2101.00001\n\n"
        "2、[CV] Linked Paper\nB Author\n[MIT]\n摘要。\nAbstract.\nhttps://arxiv.org/abs/2101.00002\n"
        "https://huggingface.co/owner/model\n\n"
        "3、[CV] Plain Paper\nC Author\n[MIT]\n摘要。\n"
        "See https://github.com/features/copilot.\nhttps://arxiv.org/abs/2101.00003\n"
        "https://github.com/owner/coded。\n\n",
        source="raw/2021/2021-04-26.txt",
        date=dt.date(2021, 4, 26),
    )
    document, _ = sphinx_doctree(render_digest(page_of(digest)))
    code = {ref["refuri"] for ref in document.findall(nodes.reference) if ref.astext() == "Code"}
    # Without the sentence's full stop, ASCII or full-width; a host's own page is no repository.
    assert code == {"https://github.com/owner/coded", "https://huggingface.co/owner/model"}
    assert sum(ref.astext() == "Code" for ref in document.findall(nodes.reference)) == 3
    refs = [ref["refuri"] for ref in document.findall(nodes.reference)]
    assert refs.count("https://huggingface.co/owner/model") == 1


def test_every_entry_links_to_arxiv_and_leaves_its_figures_to_the_export():
    digest = parse_digest(
        "1、[LG] Known Paper\nA Author\n[MIT]\n摘要。\nAbstract.\nhttps://arxiv.org/abs/2101.00001v2\n"
        "f01.png.jpg\n\n"
        "2、[CV] Unknown & Paper\nB Author\n[MIT]\n摘要。\nAbstract.\nhttps://weibo.com/1402400261/JrPmobMeQ\n"
        "f02.png.jpg\n\n",
        source="raw/2021/2021-04-26.txt",
        date=dt.date(2021, 4, 26),
    )
    assert [entry.figures for entry in digest.entries] == [["f01.png.jpg"], ["f02.png.jpg"]]
    document, warnings = sphinx_doctree(render_digest(page_of(digest)))
    assert warnings == ""
    links = {ref.astext(): ref["refuri"] for ref in document.findall(nodes.reference)}
    assert links["arXiv:2101.00001"] == "https://arxiv.org/abs/2101.00001"
    assert links["PDF"] == "https://arxiv.org/pdf/2101.00001"
    # The entry's own link to the abstract page (of version 2) is the same page: given once.
    assert list(links.values()).count("https://arxiv.org/abs/2101.00001") == 1
    assert not any("2101.00001v2" in uri for uri in links.values())
    assert links["search arXiv for the title"] == (
        "https://arxiv.org/search/?query=Unknown+%26+Paper&searchtype=title"
    )
    assert "f01.png" not in document.astext()


def test_page_labels_every_entry(seeds):
    page = render_digest(page_of(seeds["2020-12-16"]))
    labels = re.findall(r"^\((digest-[\w-]+)\)=$", page, re.M)
    assert labels == ["digest-2020-12-16"] + [f"digest-2020-12-16-{n}" for n in range(1, 11)]


def test_navigation_links_neighbours(seeds):
    page = render_digest(
        page_of(seeds["2021-04-26"], Neighbours(dt.date(2020, 12, 16), dt.date(2021, 7, 19)))
    )
    # At the top and at the bottom of the page, each day by its date as a reader writes it.
    assert page.count("← previous: [16 December 2020](../2020/2020-12-16.md)") == 2
    assert page.count("next: [19 July 2021](../2021/2021-07-19.md) →") == 2


def test_a_year_page_lists_its_digests_for_readers_and_is_the_root_of_its_pdf(seeds):
    page = render_year_index(2021, [listing(digest) for digest in seeds.values()])
    html = page[page.index("````{only} html") : page.index("````{only} latex")]
    assert re.findall(r"^- \[(\d{4}-\d\d-\d\d)\]", html, re.M) == ["2021-07-19", "2021-04-26"]
    latex = page[page.index("````{only} latex") :]
    # The volume's chapters, oldest first; no other year's.
    assert re.findall(r"^(\d{4}-\d\d-\d\d)$", latex, re.M) == ["2021-04-26", "2021-07-19"]
    assert page.startswith("---\nnosearch: true\n---\n")


def test_the_archive_index_does_not_grow_with_the_digests():
    days = [dt.date(2020, 1, 1) + dt.timedelta(days=3 * n) for n in range(400)]
    page = render_archive_index([Listing(day, 5, f"Paper {day}") for day in days])
    latest = re.findall(r"^- \[(\d{4}-\d\d-\d\d)\]", page, re.M)
    assert latest == [day.isoformat() for day in reversed(days[-LATEST:])]
    assert re.findall(r"^- \[(\d{4})\]\((\d{4})/index.md\): (.*)$", page, re.M) == [
        ("2023", "2023", "34 digests, 170 papers"),
        ("2022", "2022", "122 digests, 610 papers"),
        ("2021", "2021", "122 digests, 610 papers"),
        ("2020", "2020", "122 digests, 610 papers"),
    ]


def test_listings_are_kept_out_of_search(seeds):
    listings = [listing(digest) for digest in seeds.values()]
    for page in (render_archive_index(listings), render_year_index(2021, listings)):
        assert page.startswith("---\nnosearch: true\n---\n")
    assert "nosearch" not in render_digest(page_of(seeds["2021-04-26"]))


def test_undated_digest_is_not_rendered():
    with pytest.raises(ValueError, match="needs a date"):
        render_digest(page_of(Digest(source="notes.txt")))


# --- escaping -------------------------------------------------------------------------------

HOSTILE = [
    "{eval-rst}",
    "```",
    ":::",
    "<script>alert(1)</script>",
    "[x](javascript:alert(1))",
    "$$x$$",
    "(label)=",
    "# heading",
    "% comment",
    "{{ sub }}",
    "|a|b|",
    "```{eval-rst}",
    ":::{raw} html",
    "{raw}`<b>x</b>`",
    "<!-- c -->",
    "[^1]",
    "![img](https://example.org/x.png)",
    "$x$",
    "---",
    "* item",
    "1. item",
    "> quote",
    "&lt;b&gt;",
    "\\*not emphasis\\*",
    "| --- |",
    "{#anchor}",
    "https://example.org/auto",
    "<https://example.org/auto>",
]


def hostile_digest(text_for) -> Digest:
    """A digest with ``text_for(i)`` in every field that comes from the raw file."""
    entries = []
    for index in range(len(HOSTILE)):
        text = text_for(index)
        entries.append(
            Entry(
                number=index + 1,
                section=Section.FEATURED if index % 2 == 0 else Section.MORE,
                category=text if index % 3 == 0 else "LG",
                highlighted=index % 2 == 0,
                title=text,
                title_zh=f"标题 {text}",
                authors=[text, "D Kunin"],
                authors_truncated=index % 2 == 1,
                affiliations=[text, "MIT"],
                year=2020,
                summary_zh=f"摘要 {text}\n\n第二段 {text}",
                abstract_en=f"Abstract {text} end.",
                links=["https://weibo.com/1402400261/JyFsjATR5"],
                figures=[f"{text}.png"],
                line=index + 1,
            )
        )
    return Digest(
        date=dt.date(2020, 12, 16),
        source=f"raw/{text_for(0)}.txt",
        legend=[LegendItem(code="LG", name=text_for(1))],
        highlight_note=f"(*{text_for(2)})",
        via=f"转自{text_for(3)}",
        overview_zh=text_for(4),
        more_heading=text_for(5),
        entries=entries,
        footer=text_for(6),
        unparsed=[
            UnparsedLine(text=text_for(i), line=100 + i, column=1, reason="test") for i in range(len(HOSTILE))
        ],
    )


ARXIV_SEARCH = "https://arxiv.org/search/?"


@pytest.mark.parametrize("extensions", CONFIGS)
def test_hostile_text_stays_text(extensions):
    hostile = doctree(render_digest(page_of(hostile_digest(lambda i: HOSTILE[i]))), extensions)
    benign = doctree(render_digest(page_of(hostile_digest(lambda i: f"plain{i}"))), extensions)

    # Nothing in the content created a node the plain page does not have.
    assert node_kinds(hostile) == node_kinds(benign)
    # The page's own BibTeX blocks are its only literal blocks.
    assert len(list(hostile.findall(nodes.literal_block))) == len(list(benign.findall(nodes.literal_block)))
    for kind in (
        nodes.raw,
        nodes.pending,
        nodes.comment,
        nodes.image,
        nodes.substitution_reference,
        nodes.footnote_reference,
        nodes.math,
        nodes.math_block,
        nodes.bullet_list,
        nodes.enumerated_list,
        nodes.block_quote,
        nodes.table,
    ):
        assert not list(hostile.findall(kind)), kind.__name__
    assert len(list(hostile.findall(nodes.section))) == len(list(benign.findall(nodes.section)))
    assert len(list(hostile.findall(nodes.paragraph))) == len(list(benign.findall(nodes.paragraph)))
    assert {tuple(t.get("ids", [])) + tuple(t.get("names", [])) for t in hostile.findall(nodes.target)} == {
        tuple(t.get("ids", [])) + tuple(t.get("names", [])) for t in benign.findall(nodes.target)
    }
    assert [m.astext() for m in hostile.findall(nodes.system_message)] == [
        m.astext() for m in benign.findall(nodes.system_message)
    ]

    # Links out are the entries' links and arXiv's, whose title searches hold
    # each title %-encoded; links within the archive (to the author,
    # affiliation and category indices) are as many as on the plain page.
    def links_out(document: nodes.document) -> list[str]:
        return [ref.get("refuri", "") for ref in document.findall(nodes.reference) if not ref.get("internal")]

    def without_titles(links: list[str]) -> list[str]:
        return [link.split("?", 1)[0] if link.startswith(ARXIV_SEARCH) else link for link in links]

    assert without_titles(links_out(hostile)) == without_titles(links_out(benign))
    searched = [
        parse_qs(urlsplit(link).query)["query"]
        for link in links_out(hostile)
        if link.startswith(ARXIV_SEARCH)
    ]
    assert searched == [[HOSTILE[i]] for i in range(len(searched))]
    assert len(list(hostile.findall(nodes.reference))) == len(list(benign.findall(nodes.reference)))
    assert not [uri for uri in links_out(hostile) if uri.lower().startswith("javascript:")]

    text = hostile.astext()
    for string in HOSTILE:
        assert string in text, string


def test_only_http_links_become_links():
    assert link("javascript:alert(1)") == r"javascript\:alert\(1\)"
    document = myst_doctree(link("javascript:alert(1)") + " " + link("https://example.org/a>b)c<d e"))
    assert list(document.findall(nodes.reference)) == []
    (reference,) = myst_doctree(link("https://example.org/a>b)c<d")).findall(nodes.reference)
    assert reference["refuri"] == "https://example.org/a%3Eb)c%3Cd"
    assert reference.astext() == "https://example.org/a>b)c<d"


def test_a_hostile_link_from_a_digest_is_not_followed():
    digest = hostile_digest(lambda i: f"plain{i}")
    digest.entries[0].links = ["javascript:alert(1)", "https://example.org/x)y"]
    document = doctree(render_digest(page_of(digest)))
    refuris = [ref["refuri"] for ref in document.findall(nodes.reference)]
    assert "javascript:alert(1)" not in refuris
    assert "https://example.org/x)y" in refuris
    assert "javascript:alert(1)" in document.astext()


# --- nothing is lost: every word of the raw file is on the page ----------------------------------

_HEADER = re.compile(r"(?:\d{1,4}\s*[、.．]\s*)?[*\s]*\[[A-Za-z][A-Za-z0-9.\-]*\][*\s]*(?=\S)")
_AFFILIATION = re.compile(r"\[([^\[\]]*)\](.*)")


def raw_words(line: str) -> list[str]:
    """A raw line's words, without the markup the page shows differently.

    That is the entry number (``1、``), the category bracket (``[LG]``), the
    ``*``/``**`` markers and the brackets of an affiliation line.
    """
    text = line.strip()
    if header := _HEADER.match(text):
        text = text[header.end() :]
    elif affiliation := _AFFILIATION.fullmatch(text):
        text = f"{affiliation.group(1)} {affiliation.group(2)}"
    return text.replace("**", " ").split()


@pytest.mark.parametrize("date", SEED_ENTRIES)
def test_every_raw_word_is_on_the_page(seeds, date):
    """Every word of the raw digest is on its page, but for figure names, left to the export."""
    page = "".join(visible_text(render_digest(page_of(seeds[date]))).split())
    figures = _FigureWords(seeds[date])
    missing = [
        (number, word)
        for number, line in enumerate(read_seed(date).split("\n"), start=1)
        for word in raw_words(line)
        if word not in page and word not in figures
    ]
    assert missing == []


class _FigureWords:
    """Raw words made of figure names only (``f01.png.jpgf02.png.jpg``): left to the export."""

    def __init__(self, digest: Digest) -> None:
        names = sorted(
            {figure for entry in digest.entries for figure in entry.figures}, key=len, reverse=True
        )
        self.names = re.compile("|".join(map(re.escape, names))) if names else None

    def __contains__(self, word: str) -> bool:
        return self.names is not None and self.names.sub("", word) == ""


# --- property tests ---------------------------------------------------------------------------------

PROPERTIES = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)

#: Pieces of digest syntax, so random input also reaches the parser's deeper states.
FRAGMENTS = [
    "1、",
    "12、",
    "3. ",
    "[LG] ",
    "[cs.LG]",
    "[XX]",
    "*",
    "** **",
    "**",
    "[Stanford University & MIT]",
    "(2022)",
    "D Kunin, S Ganguli",
    "F D l Torre...",
    "神经力学。",
    "要点:",
    "动机：",
    "一句话总结：",
    "Predicting the dynamics.",
    "https://weibo.com/1402400261/JyFsjATR5",
    "https://arxiv.org/abs/2210.06441",
    "f01.png.jpg",
    "image.png",
    "另外几篇值得关注的论文:",
    "版权所有",
    "摘要:",
    "转自爱可可",
    "LG - 机器学习",
    "(*表示值得重点关注)",
    "\xa0",
    "\t",
    "    ",
    "\ufeff",
    "\r",
]
CJK = st.characters(min_codepoint=0x3000, max_codepoint=0x9FFF)
ANY_CHAR = st.characters(exclude_categories=("Cs",))
TEXT = st.text(st.one_of(ANY_CHAR, CJK), max_size=40)
LINE = st.lists(st.one_of(st.sampled_from(FRAGMENTS), TEXT), max_size=4).map("".join)
DOCUMENT = st.one_of(
    st.text(st.one_of(ANY_CHAR, CJK, st.sampled_from("\n\r、[]*")), max_size=300),
    st.lists(LINE, max_size=25).map("\n".join),
)


@PROPERTIES
@given(DOCUMENT)
def test_random_text_never_crashes_the_parser(text):
    digest = parse_digest(text, source="raw/2020/2020-12-16.txt", date=dt.date(2020, 12, 16))
    lint_digest(REGISTRY.values(), digest)
    render_digest(page_of(digest))
    assert content_lines(_normalized(text)) <= accounted_lines(digest)


def _normalized(text: str) -> str:
    """Line numbering as the parser does it: without a BOM; LF, CRLF and CR all end a line."""
    return text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")


@st.composite
def mutated_seed(draw, inserted: st.SearchStrategy[str] = LINE, steps: int = 4) -> tuple[str, str]:
    """A seed with a few lines deleted, duplicated or swapped, and ``inserted`` text
    added as new lines or at the end of existing ones."""
    date = draw(st.sampled_from(list(SEED_ENTRIES)))
    lines = read_seed(date).split("\n")
    for _ in range(draw(st.integers(1, steps))):
        operation = draw(st.sampled_from(["delete", "duplicate", "swap", "insert", "append"]))
        index = draw(st.integers(0, len(lines) - 1))
        if operation == "delete" and len(lines) > 1:
            del lines[index]
        elif operation == "duplicate":
            lines.insert(index, lines[index])
        elif operation == "swap":
            other = draw(st.integers(0, len(lines) - 1))
            lines[index], lines[other] = lines[other], lines[index]
        elif operation == "insert":
            lines.insert(index, draw(inserted))
        else:
            lines[index] = f"{lines[index]} {draw(inserted)}"
    return date, "\n".join(lines)


@PROPERTIES
@given(mutated_seed())
def test_mutated_seeds_never_crash_and_lose_no_line(mutation):
    date, text = mutation
    digest = parse_digest(text, source=f"raw/{date[:4]}/{date}.txt", date=dt.date.fromisoformat(date))
    lint_digest(REGISTRY.values(), digest)
    render_digest(page_of(digest))
    assert content_lines(_normalized(text)) <= accounted_lines(digest)


#: Any character but controls (NUL becomes U+FFFD in CommonMark; DA001 rejects it anyway).
PRINTABLE = st.characters(exclude_categories=("Cs", "Cc"))


@pytest.mark.parametrize("extensions", CONFIGS)
@PROPERTIES
@given(st.text(st.one_of(PRINTABLE, st.sampled_from(" \t\n\r\xa0\u3000\u2028"))))
def test_escaped_text_reads_back_verbatim(extensions, text):
    assert myst_doctree(escape(text), extensions).astext() == " ".join(text.split())


@pytest.mark.parametrize("text", [*HOSTILE, "", "  a \n\t b  ", "\\", "a\\", "\\\\`", "1)", "+", "=", "~~~"])
def test_escaped_examples_read_back_verbatim(text):
    assert escape(text).count("\n") == 0
    assert myst_doctree(escape(text), EXTENDED).astext() == " ".join(text.split())


def _words_not_on_the_page(date: str, text: str) -> list[str]:
    """The words of ``text``, the raw digest of ``date``, that its page does not show.

    Markup artifacts and figure names are not shown, by design.
    """
    digest = parse_digest(text, source=f"raw/{date[:4]}/{date}.txt", date=dt.date.fromisoformat(date))
    page = "".join(visible_text(render_digest(page_of(digest))).split())
    artifacts = {artifact.text for artifact in digest.artifacts}
    artifacts |= {artifact.text for entry in digest.entries for artifact in entry.artifacts}
    figures = _FigureWords(digest)
    return [
        word
        for line in _normalized(text).split("\n")
        for word in raw_words(line)
        if word not in page and word.strip("*") not in page and word not in artifacts and word not in figures
    ]


@pytest.mark.slow  # 60 mutated seeds, each page read by Sphinx: some 5 s
@PROPERTIES
@given(mutated_seed(st.one_of(st.sampled_from(HOSTILE), st.text(PRINTABLE, min_size=1, max_size=30)), 5))
def test_every_word_of_a_mutated_seed_is_on_its_page(mutation):
    date, text = mutation
    assert _words_not_on_the_page(date, text) == []


@pytest.mark.parametrize("bracket", ["[^1]", "[1]", "[2, 3]", "[^note] [3–5]"])
def test_a_title_ending_in_a_bracket_that_is_no_affiliation_keeps_it(bracket: str) -> None:
    """Hypothesis's finding: `` [^1]`` after a title was read as the entry's affiliations, and lost."""
    lines = read_seed("2020-12-16").split("\n")
    lines[2] += f" {bracket}"
    text = "\n".join(lines)
    (first, *_) = parse_snippet(text).entries
    seed = parse_seed("2020-12-16").entries[0]
    assert first.title == f"{seed.title} {bracket}"
    assert (first.authors, first.affiliations) == (seed.authors, seed.affiliations)
    assert _words_not_on_the_page("2020-12-16", text) == []


def test_a_heading_of_shorter_entries_with_none_after_it_is_kept() -> None:
    # Found by the mutation property test: entries swapped above the heading.
    text = "1、[LG] A Title\nA Author\n[Somewhere]\n摘要。\nAbstract.\n\n另外几篇值得关注的论文:\n"
    digest = parse_digest(text, source="raw/2021/2021-04-26.txt", date=dt.date(2021, 4, 26))
    assert digest.more_heading == "另外几篇值得关注的论文:"
    assert "另外几篇值得关注的论文" in visible_text(render_digest(page_of(digest)))


def test_the_raw_file_is_linked_when_its_name_is_a_plain_path(seeds):
    digest = seeds["2020-12-16"]
    assert "Raw digest: {digest:raw}`raw/2020/2020-12-16.txt`" in render_digest(page_of(digest))
    # A name that could end the role's backticks is only text, escaped.
    hostile = digest.model_copy(update={"source": "raw/2020/`}{raw}`<b>.txt"})
    text = render_digest(page_of(hostile))
    assert "{digest:raw}" not in text
    assert f"Raw digest: {escape('raw/2020/`}{raw}`<b>.txt')}" in text


# --- labelled summaries (the layout from 2023 on) ---------------------------------------------

#: The Chinese blocks' class, as docutils' container directive writes it.
CHINESE = nodes.make_id(CHINESE_CLASS)


def _entry_section(document: nodes.document, number: int) -> nodes.section:
    return next(s for s in document.findall(nodes.section) if f"digest-2023-03-01-{number}" in s["ids"])


def _summary_list(section: nodes.section) -> nodes.definition_list | None:
    return next(iter(section.findall(nodes.definition_list)), None)


def test_labelled_parts_are_a_chinese_definition_list_in_place_of_the_summary() -> None:
    page = render_digest(page_of(labelled_digest()))
    document = doctree(page)
    labelled, older = _entry_section(document, 1), _entry_section(document, 2)
    listing = _summary_list(labelled)
    assert listing is not None
    assert CHINESE in listing.parent["classes"]
    items = list(listing.findall(nodes.definition_list_item))
    assert [item[0].astext() for item in items] == ["要点", "动机", "方法", "优势", "一句话总结"]
    points = items[0][1][0]
    assert isinstance(points, nodes.bullet_list)
    assert [point.astext() for point in points] == LABELLED_PARTS[0].points
    assert [item[1].astext() for item in items[1:]] == [part.text for part in LABELLED_PARTS[1:]]
    # Shown once: the parts are the whole summary.
    assert document.astext().count("现有方法的行为过于简单") == 1
    assert "动机：" not in document.astext()
    # The older layout is paragraphs in a Chinese block, as before.
    assert _summary_list(older) is None
    chinese = [c for c in older.findall(nodes.container) if CHINESE in c["classes"]]
    assert [[p.astext() for p in c.findall(nodes.paragraph)] for c in chinese] == [
        ["旧版摘要的第一段。", "旧版摘要的第二段。"]
    ]


def test_a_lead_is_paragraphs_above_the_labelled_parts_in_their_chinese_block() -> None:
    document = doctree(render_digest(page_of(labelled_digest(lead=LEAD))))
    listing = _summary_list(_entry_section(document, 1))
    assert listing is not None
    block = listing.parent
    assert CHINESE in block["classes"]
    assert [type(child) for child in block.children] == [
        nodes.paragraph,
        nodes.paragraph,
        nodes.definition_list,
    ]
    assert [child.astext() for child in block.children[:2]] == LEAD
    # Shown once, as the parts are.
    assert document.astext().count(LEAD[0]) == 1


def test_a_lead_on_the_html_page_is_marked_as_chinese() -> None:
    with sphinx_page(render_digest(page_of(labelled_digest(lead=LEAD))), builder="html") as (
        app,
        _,
        warnings,
    ):
        assert warnings.getvalue() == ""
        html = BeautifulSoup((Path(app.outdir) / "page.html").read_text(encoding="utf-8"), "html.parser")
    (block,) = html.find(id="digest-2023-03-01-1").select("div.digest-summary[lang=zh-hans]")
    assert [child.name for child in block.find_all(recursive=False)] == ["p", "p", "dl"]
    assert [p.get_text() for p in block.find_all("p", recursive=False)] == LEAD


def test_an_entry_without_parts_renders_as_its_summary_s_paragraphs() -> None:
    # The seeds' layouts have no parts: their pages are those of before the parts.
    digest = labelled_digest()
    older = digest.entries[1]
    alone = digest.model_copy(update={"entries": [older]})
    page = render_digest(page_of(alone))
    assert "{digest:summary}" not in page
    summary = "```{container} language-zh-Hans digest-summary\n旧版摘要的第一段。\n\n旧版摘要的第二段。\n```"
    assert summary in page


#: Labels and texts a contributor could write: markup of every kind, and what would end the list.
HOSTILE_PARTS = [
    *HOSTILE,
    "</dl><script>alert(1)</script>",
    "</dd></dt>",
    "`code` and ``more``",
    "{x} {digest:paper}`k`",
    ":::",
    "```\n{eval-rst}\n.. raw:: html\n\n   <b>x</b>\n```",
    "\\end{description}",
    "要点:\n动机：",
]


def _parts_of(text: str) -> list[SummaryPart]:
    return [
        SummaryPart(label=text, points=[text, f"点 {text}"], line=5),
        SummaryPart(label="动机", text=text, line=7),
        SummaryPart(label="一句话总结", text=f"总结 {text}", line=9),
    ]


@pytest.mark.parametrize("extensions", CONFIGS)
def test_hostile_labels_and_parts_stay_text(extensions):
    def page(text_for) -> nodes.document:
        entries = [
            labelled_digest(_parts_of(text_for(i)), [text_for(i)])
            .entries[0]
            .model_copy(update={"number": i + 1})
            for i in range(len(HOSTILE_PARTS))
        ]
        digest = labelled_digest().model_copy(update={"entries": entries})
        return doctree(render_digest(page_of(digest)), extensions)

    hostile, benign = page(lambda i: HOSTILE_PARTS[i]), page(lambda i: f"plain{i}")
    assert node_kinds(hostile) == node_kinds(benign)
    for kind in (nodes.bullet_list, nodes.paragraph, nodes.definition_list_item, nodes.reference):
        assert len(list(hostile.findall(kind))) == len(list(benign.findall(kind))), kind.__name__
    for kind in (nodes.raw, nodes.literal_block, nodes.system_message, nodes.math, nodes.comment):
        assert not list(hostile.findall(kind)), kind.__name__
    summaries = list(hostile.findall(nodes.definition_list))
    assert len(summaries) == len(HOSTILE_PARTS)
    for text, summary in zip(HOSTILE_PARTS, summaries, strict=True):
        shown = " ".join(text.split())
        assert summary.parent[0].astext() == shown  # the lead
        terms = [term.astext() for term in summary.findall(nodes.term)]
        assert terms == [shown, "动机", "一句话总结"]
        assert [item.astext() for item in summary.findall(nodes.list_item)] == [shown, f"点 {shown}"]
        assert [d.astext() for d in summary.findall(nodes.definition)][1:] == [shown, f"总结 {shown}"]


def test_a_digest_page_names_the_post_its_data_credits_in_its_metadata() -> None:
    digest = parse_seed("2020-12-16")
    front_matter = render_digest(page_of(digest)).split("---\n")[1]
    assert first_post(digest) == "https://weibo.com/1402400261/JyFsjATR5"
    assert f'{POST_KEY}: "{first_post(digest)}"' in front_matter.splitlines()
    # 2022-10-15's entries link no Weibo post: nothing is named.
    assert POST_KEY not in render_digest(page_of(parse_seed("2022-10-15")))
