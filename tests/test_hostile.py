"""Bad and hostile input: clear errors, nothing lost, nothing injected.

``tests/corpus/<case>/`` holds one raw digest each, with the diagnostics
``digest lint`` must give (``expected.diagnostics``, ``file:line:col: CODE``)
and, for digests that build, the text its page must show (``page.text``).
"""

from __future__ import annotations

import datetime as dt
import html
import json
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import feedparser
import pytest
from bs4 import BeautifulSoup
from docutils import nodes
from playwright.sync_api import Browser
from sphinx.application import Sphinx
from sphinx.writers.html5 import HTML5Translator

from digest_archive.render.contract import Kind, ListedPaper, Named, Names, Papers, fenced
from digest_archive.sphinxext.names.listings import list_nodes, paper_links, paper_list, visit_paper_list_html
from digest_dev import bench
from digest_dev.browser import served
from support.builds import copy_project, sphinx_build, sphinx_doctree, sphinx_page
from support.commands import run_digest
from support.paths import CORPUS_DIR

CORPUS = CORPUS_DIR
CASES = sorted(path.parent for path in CORPUS.rglob("expected.diagnostics"))


def _raw(case: Path) -> Path:
    (raw,) = case.glob("20*.txt")
    return raw


def _case_id(case: Path) -> str:
    return case.relative_to(CORPUS).as_posix()


@pytest.mark.parametrize("case", CASES, ids=_case_id)
def test_lint_gives_the_expected_diagnostics(capsys, case: Path) -> None:
    status, out, _ = run_digest(capsys, "lint", "--format", "json", str(_raw(case)))
    found = [f"{Path(d['path']).name}:{d['line']}:{d['column']}: {d['code']}" for d in json.loads(out)]
    expected = (case / "expected.diagnostics").read_text(encoding="utf-8").splitlines()
    assert found == expected
    assert status == (1 if any(line.split()[-1] < "DA2" for line in expected) else 0)


@pytest.mark.parametrize("case", ["binary", "empty", "not-utf-8", "truncated"])
def test_an_unreadable_file_gets_one_line_naming_it(capsys, case: str) -> None:
    raw = _raw(CORPUS / case)
    status, out, _ = run_digest(capsys, "lint", str(raw))
    assert status == 1
    (line,) = out.splitlines()
    assert line.startswith(f"{raw}:")


COMMANDS = [
    ["lint"],
    ["export", "--format", "json"],
    ["export", "--format", "bibtex"],
    ["export", "--format", "csv"],
    ["convert", "--out", "{out}"],
]


@pytest.mark.parametrize("command", COMMANDS, ids=lambda command: " ".join(command[:3]))
@pytest.mark.parametrize("case", CASES, ids=_case_id)
def test_no_command_fails_with_a_traceback(capsys, tmp_path: Path, case: Path, command: list[str]) -> None:
    raw = _raw(case)
    argv = [part.replace("{out}", str(tmp_path / "pages")) for part in command]
    # An exception would escape run_digest and fail the test with its traceback.
    status, out, err = run_digest(capsys, *argv, str(raw))
    unreadable = case.name in {"binary", "empty", "not-utf-8", "truncated"}
    assert status in (0, 1)
    if unreadable:
        assert status == 1
        assert str(raw) in out + err


def _export(capsys, case: str) -> list[dict]:
    _, out, _ = run_digest(capsys, "export", "--format", "json", str(_raw(CORPUS / "whitespace" / case)))
    digests = json.loads(out)
    for digest in digests:
        digest.pop("source")
    return digests


def test_bom_and_crlf_read_exactly_like_plain_lf(capsys) -> None:
    assert _export(capsys, "bom-crlf") == _export(capsys, "lf")


def test_tabs_nbsp_and_full_width_spaces_are_tolerated(capsys) -> None:
    (plain,), (odd,) = _export(capsys, "lf"), _export(capsys, "odd-spaces")
    plain_entry, odd_entry = plain["entries"][0], odd["entries"][0]
    # Names and titles are identities: the same author, whatever space they were written with.
    for field in ("title", "authors", "affiliations", "category", "links"):
        assert odd_entry[field] == plain_entry[field], field
    assert odd_entry["summary_zh"].strip() == plain_entry["summary_zh"]
    assert plain_entry["authors"] == ["D Kunin", "S Ganguli"]


# --- a hostile digest, built -------------------------------------------------------------------

#: The hostile digests that build (markup-like text is a warning): each case's date and entries.
BUILT = {"hostile-markup": ("2023-03-01", 3), "hostile-attributes": ("2023-03-09", 2)}


BASE_URL = "https://example.org/archive/"


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = copy_project(tmp_path_factory.mktemp("hostile"))
    for case, (date, _) in BUILT.items():
        target = project / "raw" / date[:4] / f"{date}.txt"
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(_raw(CORPUS / case), target)
    # As published, with an address: the feeds and Open Graph tags are built too.
    result = sphinx_build(project, "-D", f"html_baseurl={BASE_URL}")
    # Markup-looking text is a lint warning, not an error: the build succeeds.
    assert result.returncode == 0, result.stderr
    return project / "_build/html"


def _page(site: Path, date: str) -> BeautifulSoup:
    path = site / "digests" / date[:4] / f"{date}.html"
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


@pytest.mark.slow
@pytest.mark.parametrize("case", BUILT)
def test_every_hostile_line_is_shown_as_text(hostile_site: Path, case: str) -> None:
    text = " ".join(_page(hostile_site, BUILT[case][0]).get_text().split())
    for line in (CORPUS / case / "page.text").read_text(encoding="utf-8").splitlines():
        assert " ".join(line.split()) in text


SCRIPT_URLS = ("javascript:", "vbscript:")


def _acting_attributes(soup: BeautifulSoup) -> list[tuple[str, str]]:
    """Attributes that run script: event handlers, script URLs, focus grabbed on load."""
    found = []
    for tag in soup.find_all(True):
        for name, value in tag.attrs.items():
            values = value if isinstance(value, list) else [value]
            script_url = any(str(item).strip().lower().startswith(SCRIPT_URLS) for item in values)
            if name.lower().startswith("on") or name.lower() == "autofocus" or script_url:
                found.append((tag.name, name))
    return found


@pytest.mark.slow
def test_no_built_page_has_an_attribute_that_acts(hostile_site: Path) -> None:
    pages = sorted(hostile_site.rglob("*.html"))
    assert len(pages) > 10
    for path in pages:
        soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        assert _acting_attributes(soup) == [], path.relative_to(hostile_site)


@pytest.mark.slow
def test_hostile_titles_are_text_in_the_feeds_and_the_link_previews(hostile_site: Path) -> None:
    title = "Quotes \" onmouseover=\"alert(1)\" x=\" and ' onfocus='alert(2)' autofocus=' in a title"
    feeds = sorted((hostile_site / "feeds").rglob("*.atom"))
    assert feeds
    for path in feeds:
        assert feedparser.parse(path.read_bytes()).bozo == 0, path
    site = feedparser.parse((hostile_site / "feeds/digests.atom").read_bytes())
    (item,) = [entry for entry in site.entries if entry.link.endswith("/2023-03-09.html#digest-2023-03-09-1")]
    # Its title, or its Chinese title and the title in its content, as text.
    assert item.title == title or title in html.unescape(item.content[0].value)
    (paper,) = [
        entry
        for entry in feedparser.parse((hostile_site / "feeds/category/LG.atom").read_bytes()).entries
        if entry.link.endswith("/2023-03-09.html#digest-2023-03-09-1")
    ]
    assert paper.title == title
    tags = {
        meta.get("property") or meta.get("name"): meta.get("content")
        for meta in _page(hostile_site, "2023-03-09").find_all("meta")
    }
    assert tags["og:description"] == tags["description"]
    assert 'onmouseover="alert(1)"' in tags["og:description"]
    # A title's markup is escaped in the tags' HTML as everywhere else: "<" never opens a tag there.
    markup = (hostile_site / "digests/2023/2023-03-01.html").read_text(encoding="utf-8")
    escaped = "2023年3月1日。3 篇论文：1. Attention &lt;script&gt;"
    assert f'<meta property="og:description" content="{escaped}' in markup
    assert "<script>alert" not in markup


@pytest.mark.slow
@pytest.mark.parametrize("case", BUILT)
def test_nothing_in_a_hostile_digest_acts(hostile_site: Path, case: str) -> None:
    date, entries = BUILT[case]
    page = _page(hostile_site, date)
    plain = _page(hostile_site, "2022-10-15")

    def scripts(soup: BeautifulSoup) -> list[tuple[str, object]]:
        found: list[tuple[str, object]] = []
        for tag in soup.find_all("script"):
            if tag.get("type") == "application/ld+json":
                # Data, not code (issue 39's credit): one JSON record, its fields a plain page's.
                found.append(("ld+json", sorted(json.loads(tag.get_text()))))
            else:
                found.append((tag.get("src", ""), tag.get_text()))
        return found

    # The page runs exactly the scripts a plain digest page runs.
    assert scripts(page) == scripts(plain)
    for name in ("iframe", "object", "embed", "img", "frame", "base", "form", "meta[http-equiv]"):
        assert page.select(name) == plain.select(name), name
    # Headings and sections are the page's own, not the text's: the page's and one per entry.
    assert len(page.select("section")) == 1 + entries
    assert [h.get_text() for h in page.select("h1")] == [f"2023年3月{int(date[-2:])}日¶"]


#: Pages that show hostile text: the digests, and the pages that list their names
#: (a pattern stands for every page it matches).
HOSTILE_PAGES = [
    *(f"digests/{date[:4]}/{date}.html" for date, _ in BUILT.values()),
    "digests/authors/index.html",
    "digests/affiliations/index.html",
    "digests/categories/index.html",
    "digests/categories/LG.html",
    "digests/categories/LG/2023-03.html",
    "search.html?q=onmouseover",
]

#: Records every way a payload could show it ran, before any script of the page does.
TRIPWIRE = """
window.__ran = [];
for (const name of ["alert", "confirm", "prompt", "print", "open"]) {
  window[name] = (...args) => { window.__ran.push([name, String(args[0])]); };
}
"""


@pytest.mark.slow
@pytest.mark.parametrize("path", HOSTILE_PAGES)
def test_no_script_of_a_hostile_digest_runs_in_chromium(
    browser: Browser, hostile_site: Path, path: str
) -> None:
    """Opening the page, tabbing through it and hovering what it shows runs nothing of the digest's."""
    paths = [
        found.relative_to(hostile_site).as_posix() for found in sorted(hostile_site.glob(path.split("?")[0]))
    ]
    assert paths, path
    for each in paths:
        _open_page_and_check(browser, hostile_site, each + ("?" + path.split("?")[1] if "?" in path else ""))


@pytest.mark.slow
def test_no_script_of_a_hostile_name_runs_in_chromium(browser: Browser, hostile_site: Path) -> None:
    """Each own page of the hostile digests' names, opened as the test above opens a page."""
    own = set()
    for date, _ in BUILT.values():
        page = _page(hostile_site, date)
        for link in page.select(
            ".digest-paper a:has(.digest-author), .digest-paper a:has(.digest-affiliation)"
        ):
            own.add((hostile_site / "digests" / date[:4] / link["href"]).resolve().relative_to(hostile_site))
    assert own
    for path in sorted(own):
        _open_page_and_check(browser, hostile_site, path.as_posix())


def _open_page_and_check(browser: Browser, hostile_site: Path, path: str) -> None:
    context = browser.new_context(viewport={"width": 1366, "height": 900})
    context.add_init_script(TRIPWIRE)
    page = context.new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    try:
        with served(hostile_site) as url:
            page.goto(f"{url}/{path}")
            page.wait_for_load_state("networkidle")
            for _ in range(60):
                page.keyboard.press("Tab")
            links = page.locator("article a, article dt, article span.xref")
            for index in range(min(links.count(), 80)):
                if links.nth(index).is_visible():
                    links.nth(index).hover()
            # Every element of the page gets the events a handler could wait for.
            page.evaluate(
                """() => { for (const element of document.querySelectorAll("body *")) {
                    for (const type of ["mouseover", "mouseenter", "focus", "focusin", "animationstart"]) {
                        element.dispatchEvent(new Event(type, {bubbles: true}));
                    }
                } }"""
            )
            ran = page.evaluate("window.__ran")
    finally:
        context.close()
    assert dialogs == [], path
    assert ran == [], path


@pytest.mark.slow
def test_names_that_differ_have_pages_of_their_own(hostile_site: Path) -> None:
    page = _page(hostile_site, "2023-03-09")
    links = {link.get_text(): link["href"] for link in page.select(".digest-paper a:has(.digest-author)")}
    assert links["A B"] != links["A_B"]
    for name in ("A B", "A_B"):
        own = BeautifulSoup(
            (hostile_site / "digests/2023" / links[name]).read_text(encoding="utf-8"), "html.parser"
        )
        assert own.select_one("article h1").get_text() == name


@pytest.mark.slow
def test_no_file_is_pulled_into_a_hostile_page(hostile_site: Path) -> None:
    html = (hostile_site / "digests/2023/2023-03-01.html").read_text(encoding="utf-8")
    assert "root:x:0:0" not in html
    # conf.py's text ({literalinclude} conf.py in a title) is not on the page.
    assert "digest_pages_dir" not in html
    assert "html_theme" not in html


# --- large and pathological input --------------------------------------------------------------


def _run(code: str, *args: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    """``code`` in a fresh interpreter; ``timeout`` only guards against a hang."""
    return subprocess.run(
        [sys.executable, "-c", code, *args], capture_output=True, text=True, timeout=timeout, check=False
    )


#: ``digest lint ARGS`` in a fresh interpreter that prints its own peak memory (in KB) last:
#: VmHWM, which starts anew with the program, where ru_maxrss keeps the parent's from the fork.
LINT_MEASURED = (
    "import pathlib, re, sys\n"
    "from digest_archive.cli import main\n"
    "status = main(sys.argv[1:])\n"
    "status_file = pathlib.Path('/proc/self/status').read_text()\n"
    "print(re.search(r'VmHWM:\\s*(\\d+) kB', status_file)[1], file=sys.stderr)\n"
    "sys.exit(status)\n"
)


#: Files of ``n`` bytes or about, each shaped to cost the most of some part of the parser.
SHAPES = bench.HOSTILE_SHAPES


@pytest.mark.slow
@pytest.mark.parametrize("shape", SHAPES)
def test_any_half_megabyte_file_lints_in_bounded_memory(tmp_path: Path, shape: str) -> None:
    raw = tmp_path / "raw/2021/2021-04-26.txt"
    raw.parent.mkdir(parents=True)
    raw.write_text(SHAPES[shape](bench.HOSTILE_BYTES), encoding="utf-8")
    assert 400_000 < raw.stat().st_size < 1 << 20
    result = _run(LINT_MEASURED, "lint", str(raw))
    assert result.returncode in (0, 1), result.stderr
    assert "Traceback" not in result.stderr
    assert "in 1 file" in result.stderr
    # The whole run, interpreter and pydantic included.
    peak_mb = int(result.stderr.split()[-1]) / 1024
    assert peak_mb < 200, peak_mb


#: How many times longer parsing and linting a shape takes at full size than at a quarter.
GROWTH = """
import datetime, gc, sys, time
from digest_dev import bench
from digest_archive.lint import REGISTRY, lint_digest
from digest_archive.text.parse import parse_digest

# As timeit does: the collector's full passes scan the whole heap, so they
# cost more the larger the text, whatever the parser does (8.2 x for 4 x the
# links with it on, on a busy machine; 4.6 x with it off).
gc.disable()

def seconds(text):
    best = float("inf")
    for _ in range(3):
        start = time.perf_counter()
        digest = parse_digest(text, source="raw/2021/2021-04-26.txt", date=datetime.date(2021, 4, 26))
        lint_digest(REGISTRY.values(), digest)
        best = min(best, time.perf_counter() - start)
    return best

make = bench.HOSTILE_SHAPES[sys.argv[1]]
print(seconds(make(bench.HOSTILE_BYTES)) / seconds(make(bench.HOSTILE_BYTES // 4)))
"""


@pytest.mark.slow
@pytest.mark.parametrize("shape", SHAPES)
def test_lint_time_grows_linearly_with_the_file(shape: str) -> None:
    """Four times the text takes about four times as long, not sixteen.

    Timed in a fresh interpreter, as ``digest lint`` runs: in this one, the
    collector's passes over the test session's own heap would count too.
    """
    result = _run(GROWTH, shape, timeout=300)
    assert result.returncode == 0, result.stderr
    assert float(result.stdout) < 8


def test_a_file_too_large_to_be_a_digest_is_refused_unread(tmp_path: Path) -> None:
    raw = tmp_path / "raw/2021/2021-04-26.txt"
    raw.parent.mkdir(parents=True)
    raw.write_text(SHAPES["real entries"](8_000_000), encoding="utf-8")
    result = _run(LINT_MEASURED, "lint", str(raw))
    assert result.returncode == 1
    (line,) = result.stdout.splitlines()
    assert line.startswith(f"{raw}:1:1: DA005 ")
    assert "(not read)" in line
    assert int(result.stderr.split()[-1]) / 1024 < 100


PATHOLOGICAL = {
    "letters": "a" * 1_000_000,
    "chinese": "神经" * 500_000,
    "spaces": "a " * 500_000,
    "brackets": "[" * 1_000_000,
    "stars": "1、[LG] " + "*" * 1_000_000,
    "url": "https://" + "a" * 1_000_000,
    "tags": "<a " * 333_333,
    "authors": "A B, " * 200_000,
    "dots": "." * 1_000_000,
    "backslashes": "\\" * 1_000_000,
    # A legend's "(*…)" note searched over a line of openings.
    "notes": "(*" * 500_000,
    # Where a Chinese summary ends and its English abstract begins.
    "blanks after chinese": "中文。" + " " * 1_000_000 + "x",
    "stars after chinese": "中文。" + "*" * 1_000_000 + "x",
    # A legend of capitals with no "- name" after them.
    "capitals": "A" * 1_000_000,
    # A title's brackets, each tried as affiliations run on into it.
    "title brackets": "1、[LG] T " + "[a] " * 250_000,
    "footnotes": "1、[LG] T " + "[^1]" * 250_000 + " [MIT]",
}


@pytest.mark.slow
@pytest.mark.parametrize("name", PATHOLOGICAL)
def test_a_one_megabyte_line_does_not_hang(name: str) -> None:
    code = (
        "import sys, datetime\n"
        "from digest_archive.text.parse import parse_digest\n"
        "from digest_archive.lint import REGISTRY, lint_digest\n"
        "from digest_archive.render.bibtex import citations\n"
        "from digest_archive.render.digest import DigestPage, Neighbours, render_digest\n"
        "text = sys.stdin.read()\n"
        "digest = parse_digest(text, source='raw/2020/2020-12-16.txt', date=datetime.date(2020, 12, 16))\n"
        "lint_digest(REGISTRY.values(), digest)\n"
        "page = render_digest(DigestPage(digest, Neighbours(), citations(digest)))\n"
        "print(len(page))\n"
    )
    # Before the first entry (where the legend is read) and inside one.
    line = PATHOLOGICAL[name]
    text = f"{line}\n1、[LG] A title\nD Kunin\n{line}"
    result = subprocess.run(
        [sys.executable, "-c", code], input=text, capture_output=True, text=True, timeout=120, check=False
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert int(result.stdout) > 0


# --- defence in depth: the build itself refuses raw HTML and file insertion --------------------

SLIPPED_THROUGH = """\
# A page the converter did not escape

```{raw} html
<script>alert(1)</script>
```

```{include} /etc/passwd
```

```{literalinclude} /etc/passwd
```
"""


def test_the_build_refuses_raw_html_and_file_insertion_even_unescaped() -> None:
    document, warnings = sphinx_doctree(SLIPPED_THROUGH)
    assert not list(document.findall(nodes.raw))
    assert "root:x:0:0" not in document.astext()
    assert '"raw" directive disabled' in warnings
    assert 'Directive "include" disabled' in warnings
    assert "File insertion disabled" in warnings


# --- the list of papers' hand-written HTML is what Sphinx's writer would write ----------------


def _both_writings(
    app: Sphinx,
    document: nodes.document,
    node: nodes.Element,
    visit: Callable[[HTML5Translator, Any], None],
    expanded: list[nodes.Node],
) -> tuple[str, str]:
    """``node`` as its hand-written visitor writes it, and ``expanded`` as Sphinx's writer does."""
    by_hand = app.builder.create_translator(document, app.builder)
    with pytest.raises(nodes.SkipNode):
        visit(by_hand, node)
    by_sphinx = app.builder.create_translator(document, app.builder)
    for child in expanded:
        child.parent = node.parent
        child.walkabout(by_sphinx)
    return "".join(by_hand.body), "".join(by_sphinx.body)


def _listing_page() -> str:
    """A category's month as the converter writes it, with a name and titles that try to be markup."""
    rows = [
        ListedPaper(date=dt.date(2023, 3, 9), key='k"1', title='"><img src=x onerror=alert(1)> & <b>'),
        ListedPaper(date=dt.date(2023, 3, 1), key="plain2023", title="Neural Mechanics"),
    ]
    names = [Named(name='L"G <script>', stem="L~22~G")]
    listing = fenced(Names(kind=Kind.CATEGORY, names=names)) + fenced(Papers(papers=rows))
    return "\n".join(["---", "orphan: true", "---", "", "# A category's month", "", *listing])


def test_a_list_of_papers_html_is_the_html_writer_s_for_its_nodes() -> None:
    """Written by hand for speed, a list of papers is byte for byte what Sphinx writes for ``list_nodes``."""
    with sphinx_page(_listing_page(), builder="html") as (app, document, _):
        document.settings = app.builder.docsettings
        app.builder.current_docname = "page"
        lists = list(document.findall(paper_list))
        assert len(lists) == 1
        link = paper_links(app.builder, "page")
        for node in lists:
            by_hand, by_sphinx = _both_writings(
                app, document, node, visit_paper_list_html, list_nodes(node, link)
            )
            assert by_hand == by_sphinx
            assert "<img" not in by_hand and "<script>" not in by_hand
