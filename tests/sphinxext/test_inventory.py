"""``objects.inv`` holds what the archive defines, whatever its names say.

Sphinx writes each object as one line, ``name domain:type priority uri
dispname``, with no escaping; its reader cuts the file into lines with
``str.splitlines()`` and each line with a lazy regular expression. A name
from a digest that reads as a line of its own would define, for every
project that links here through intersphinx, what the archive never did.
"""

from __future__ import annotations

import datetime as dt
import pickle
import shutil
import subprocess
import zlib
from functools import cache, partial
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from sphinx.util.inventory import InventoryFile

from digest_archive.model import Digest
from digest_archive.render.names import KINDS, anchor, assign_stems, own_page
from digest_archive.render.profiles import NAMED, names_of
from digest_archive.sphinxext.inventory import reads_back
from support.builds import copy_project, sphinx_build
from support.paths import CORPUS_DIR
from support.timing import LONG, MAX_GROWTH, SHORT, time_growth

CASE = CORPUS_DIR / "hostile-inventory"
DATE = "2023-03-15"
#: The names of CASE that no line of objects.inv can hold as written, and
#: what Sphinx's reader would read each as.
UNWRITABLE = {
    # kunin2020neural's entry, sent to another host.
    ("affiliation", "kunin2020neural digest:paper 1 //evil.example/x -"),
    # A std:label, which a downstream project's {ref}`intro` would follow to another host.
    ("affiliation", "intro std:label -1 //evil.example/intro Introduction"),
    # An object "Building" of type "A", a line the reader drops: an honest name, lost.
    ("affiliation", "Building A 2 West Campus"),
}
#: What the build says of them, once.
REPORT = "digest: 3 affiliations left out of objects.inv"
#: The labels Sphinx itself defines for indices, whose pages the archive does not write.
INDICES = {
    ("std:label", "genindex"): "genindex.html",
    ("std:label", "modindex"): "py-modindex.html",
    ("std:label", "py-modindex"): "py-modindex.html",
}

Entries = dict[str, dict[str, tuple[str, str]]]


def _add_case(project: Path) -> Path:
    target = project / "raw" / DATE[:4] / f"{DATE}.txt"
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy(CASE / f"{DATE}.txt", target)
    return target


@pytest.fixture(scope="module")
def hostile_build(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, subprocess.CompletedProcess[str]]:
    """The seed archive and CASE's digest, built to HTML (read in parallel): the project and the output."""
    project = copy_project(tmp_path_factory.mktemp("inventory"))
    _add_case(project)
    result = sphinx_build(project, "-j", "2")
    assert result.returncode == 0, result.stderr
    return project, result


def _inventory(site: Path) -> tuple[Entries, int]:
    """objects.inv read back by Sphinx's reader, {type: {name: (uri, dispname)}}, and its number of lines."""
    content = (site / "objects.inv").read_bytes()
    inventory = InventoryFile.loads(content, uri="")
    lines = zlib.decompress(content.split(b"\n", 4)[4]).decode().splitlines()
    read = {
        typ: {name: (item.uri, item.display_name) for name, item in items.items()}
        for typ, items in inventory.data.items()
    }
    return read, len(lines)


def _defined(project: Path) -> tuple[Entries, dict[str, dict[str, str]]]:
    """What the digest domain defines, as objects.inv would hold it, and its names by kind.

    Read from the environment the build pickled: each paper under its key
    with its title, each category on its page, each author and affiliation
    on their own page (named by the day each first appears).
    """
    with (project / "_build/html/.doctrees/environment.pickle").open("rb") as stream:
        data = pickle.load(stream).domaindata["digest"]
    defined = {
        "digest:paper": {
            key: (f"{paper.docname}.html#{key}", paper.title) for key, paper in data["papers"].items()
        }
    }
    names = {kind: dict(listed) for kind, listed in data["names"].items()}
    for kind, listed in names.items():
        defined[f"digest:{kind}"] = {
            name: (f"{docname}.html#{anchor(kind, name)}", "-") for name, docname in listed.items()
        }
    for kind in NAMED:
        first: dict[str, dt.date] = {}
        for paper in data["papers"].values():
            for name in names_of(kind, paper):
                first[name] = min(first.get(name, paper.date), paper.date)
        stems = assign_stems(kind, first)
        names[kind] = {name: own_page("digests", kind, stem) for name, stem in stems.items()}
        defined[f"digest:{kind}"] = {name: (f"{page}.html", "-") for name, page in names[kind].items()}
    return defined, names


def _assert_holds_what_is_defined(project: Path, unwritable: set[tuple[str, str]]) -> None:
    """objects.inv holds every object the domain defines but ``unwritable``, as defined, and nothing else."""
    site = project / "_build/html"
    read, lines = _inventory(site)
    defined, _ = _defined(project)
    for typ, objects in defined.items():
        kind = typ.removeprefix("digest:")
        honest = {name: entry for name, entry in objects.items() if (kind, name) not in unwritable}
        assert read.get(typ, {}) == honest, typ
    assert {typ for typ in read if typ.startswith("digest:")} <= set(defined)
    # Every other entry is Sphinx's own, on a page of this site that has its anchor.
    for typ, objects in read.items():
        if not typ.startswith("digest:"):
            for name, (uri, _) in objects.items():
                assert INDICES.get((typ, name)) == uri or _is_on_the_site(site, uri), (typ, name, uri)
    # Each line is one entry: none was cut in two, none dropped, none replaced another.
    assert lines == sum(len(objects) for objects in read.values())


def _is_on_the_site(site: Path, uri: str) -> bool:
    page, _, fragment = uri.partition("#")
    path = site / page
    if "//" in uri or ":" in page or not path.is_file():
        return False
    return not fragment or fragment in _ids(path)


@cache
def _ids(path: Path) -> frozenset[str]:
    soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
    return frozenset(str(tag["id"]) for tag in soup.find_all(id=True))


@pytest.mark.slow
def test_the_inventory_holds_what_the_archive_defines_and_nothing_else(
    hostile_build: tuple[Path, subprocess.CompletedProcess[str]],
) -> None:
    project, _ = hostile_build
    _, names = _defined(project)
    # The hostile names are the archive's: its pages list them.
    for kind, name in UNWRITABLE:
        assert name in names[kind]
    # The parser reads a line or paragraph separator in a name as a space.
    assert {"Line Separator University", "Paragraph Separator Lab"} <= set(names["affiliation"])
    assert not any(len(f"a{name}b".splitlines()) > 1 for listed in names.values() for name in listed)
    read, _ = _inventory(project / "_build/html")
    assert read["digest:paper"]["kunin2020neural"] == (
        "digests/2020/2020-12-16.html#kunin2020neural",
        "Neural Mechanics: Symmetry and Broken Conservation Laws in Deep Learning Dynamics",
    )
    assert "intro" not in read["std:label"]
    _assert_holds_what_is_defined(project, UNWRITABLE)


@pytest.mark.slow
def test_the_build_says_once_what_the_inventory_leaves_out(
    hostile_build: tuple[Path, subprocess.CompletedProcess[str]],
) -> None:
    _, result = hostile_build
    # An info message: the build runs with -W, and a digest's names are no fault of the build.
    assert result.stdout.count("left out of objects.inv") == 1
    assert REPORT in result.stdout
    assert "objects.inv" not in result.stderr


@pytest.mark.slow
def test_the_pages_still_show_the_names_the_inventory_leaves_out(
    hostile_build: tuple[Path, subprocess.CompletedProcess[str]],
) -> None:
    project, _ = hostile_build
    page = project / "_build/html/digests" / DATE[:4] / f"{DATE}.html"
    text = " ".join(BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser").get_text().split())
    for line in (CASE / "page.text").read_text(encoding="utf-8").splitlines():
        assert " ".join(line.split()) in text


@pytest.mark.slow
def test_an_incremental_build_keeps_the_verdicts_until_the_digest_goes(tmp_path: Path) -> None:
    project = copy_project(tmp_path)
    raw = _add_case(project)
    assert sphinx_build(project, "-j", "2").returncode == 0
    # Nothing read again: the verdicts come from the pickled environment.
    again = sphinx_build(project)
    assert again.returncode == 0, again.stderr
    assert "updating environment: 0 added, 0 changed, 0 removed" in again.stdout
    assert REPORT in again.stdout
    _assert_holds_what_is_defined(project, UNWRITABLE)

    raw.unlink()
    gone = sphinx_build(project)
    assert gone.returncode == 0, gone.stderr
    assert "left out of objects.inv" not in gone.stdout
    _, names = _defined(project)
    assert not any(name in names[kind] for kind, name in UNWRITABLE)
    _assert_holds_what_is_defined(project, set())


# --- the check of one line ---------------------------------------------------------------------


def _name_reads_back(kind: str, name: str) -> bool:
    """Whether objects.inv can hold ``name`` as the domain writes a name of ``kind``."""
    return reads_back("digest", name, name, kind, f"digests/{KINDS[kind]}/_all", anchor(kind, name), -1)


def _title_reads_back(title: str, key: str = "kunin2020neural") -> bool:
    """Whether objects.inv can hold a paper ``key`` shown as ``title``."""
    return reads_back("digest", key, title, "paper", "digests/2020/2020-12-16", key, 1)


@pytest.mark.parametrize(
    "name",
    [
        "S Ganguli",
        "D L.K. Yamins",
        "F D l Torre",
        "J Sagastuy-Brena",
        "S O'Brien",
        "A_B",
        "Xi’an Jiaotong University",
        "University of California, Los Angeles",
        "清华大学",
        "北京大学 人工智能研究院",
        "A 1",  # a number right after the first word reads back
        "x:y",
        "-",
    ],
)
def test_a_real_name_reads_back(name: str) -> None:
    assert _name_reads_back("author", name)
    assert _name_reads_back("affiliation", name)


def test_every_name_and_title_of_the_seeds_reads_back(seeds: dict[str, Digest]) -> None:
    entries = [entry for digest in seeds.values() for entry in digest.entries]
    for entry in entries:
        assert _title_reads_back(entry.title), entry.title
        assert all(_name_reads_back("author", name) for name in entry.authors), entry.authors
        assert all(_name_reads_back("affiliation", name) for name in entry.affiliations), entry.affiliations
        assert _name_reads_back("category", entry.category)


@pytest.mark.parametrize(
    "name",
    [
        *(name for _, name in sorted(UNWRITABLE)),
        "x std:doc 0 https://evil.example/ -",
        "A B -1 C",
        "A B ٢",  # Arabic-Indic two: a digit to the reader's \d
        "A B ２",
        # Each character str.splitlines() cuts a line at.
        *(
            f"S Ganguli{char}kunin2020neural digest:paper 1 //evil.example/x -"
            for char in "\n\r\v\f\x1c\x1d\x1e"
        ),
        *(f"S Ganguli{char}kunin2020neural digest:paper 1 //evil.example/x -" for char in "\x85\u2028\u2029"),
        "S  Ganguli",
        "S\tGanguli",
        " S Ganguli",
        "S Ganguli ",
        "",
        "S \ud800",  # a lone surrogate: UTF-8 cannot write it
    ],
)
def test_a_name_that_reads_as_something_else_is_refused(name: str) -> None:
    assert not _name_reads_back("affiliation", name)
    assert not _name_reads_back("author", name)


def test_a_title_reads_back_unless_it_would_break_its_line() -> None:
    assert _title_reads_back(
        "Neural Mechanics: Symmetry and Broken Conservation Laws in Deep Learning Dynamics"
    )
    assert _title_reads_back("神经力学: 2 1 -1 std:label //x")  # the last field holds the rest of the line
    assert _title_reads_back("-")
    assert not _title_reads_back("Neural Mechanics\u2028intro std:label -1 //evil.example/intro Introduction")
    assert not _title_reads_back("Neural Mechanics\x85x")
    assert not _title_reads_back(" Neural Mechanics")
    assert not _title_reads_back("")


#: Name shapes that cost Sphinx's reader most: a run of blanks (it backtracks
#: over it from every place in it), many words, numbers among them, one long word.
SHAPES = {
    "blanks": lambda n: "a" + " " * (n - 2) + "b",
    "words": lambda n: ("a " * n)[: n - 1] + "b",
    "numbers": lambda n: ("a 1 " * n)[: n - 1] + "b",
    "signed numbers": lambda n: ("-1 " * n)[: n - 1] + "b",
    "typed words": lambda n: ("a d:t 1 " * n)[: n - 1] + "b",
    "one word": lambda n: "a" * n,
    "line separators": lambda n: ("a\u2028" * n)[:n],
}


def test_a_name_of_blanks_is_refused_before_sphinxs_reader_sees_it(monkeypatch: pytest.MonkeyPatch) -> None:
    # Sphinx's own pattern backtracks over the run of blanks from every place in it.
    def read(*args: object, **kwargs: object) -> None:
        raise AssertionError("Sphinx's reader was given the name")

    monkeypatch.setattr(InventoryFile, "loads", read)
    assert not _name_reads_back("affiliation", SHAPES["blanks"](300))


@pytest.mark.slow
@pytest.mark.parametrize("shape", SHAPES)
def test_the_check_of_a_name_runs_in_linear_time(shape: str) -> None:
    short, long = SHAPES[shape](SHORT), SHAPES[shape](LONG)
    growth = time_growth(
        partial(_name_reads_back, "affiliation", long), partial(_name_reads_back, "affiliation", short)
    )
    assert growth < MAX_GROWTH, f"{growth:.0f} × as long on a name {LONG // SHORT} × as long"
