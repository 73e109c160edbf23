"""``objects.inv`` holds what the archive defines, whatever its names say.

Sphinx writes each object as one line, ``name domain:type priority uri
dispname``, with no escaping; its reader cuts the file into lines with
``str.splitlines()`` and each line with a lazy regular expression. A name
from a digest that reads as a line of its own would define, for every
project that links here through intersphinx, what the archive never did.
"""

from __future__ import annotations

from functools import partial
from pathlib import Path

import pytest

from digest_archive.model import Digest
from digest_archive.render.names import KINDS, anchor
from digest_archive.sphinxext.inventory import reads_back
from test_linear_time import LONG, MAX_GROWTH, SHORT, _loops, _seconds

CASE = Path(__file__).parent / "corpus" / "hostile-inventory"
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


def test_a_name_of_blanks_is_refused_in_microseconds() -> None:
    name = SHAPES["blanks"](300)
    assert not _name_reads_back("affiliation", name)
    # Sphinx's own pattern takes near a millisecond on it (0.8 ms measured).
    assert _seconds(partial(_name_reads_back, "affiliation", name), 100) / 100 < 1e-4


@pytest.mark.slow
@pytest.mark.parametrize("shape", SHAPES)
def test_the_check_of_a_name_runs_in_linear_time(shape: str) -> None:
    short, long = SHAPES[shape](SHORT), SHAPES[shape](LONG)
    on_short = partial(_name_reads_back, "affiliation", short)
    loops = _loops(on_short)
    growth = _seconds(partial(_name_reads_back, "affiliation", long), loops) / _seconds(on_short, loops)
    assert growth < MAX_GROWTH, f"{growth:.0f} × as long on a name {LONG // SHORT} × as long"
