"""Lint rules: every documented example, the file rules, the seeds and broken digests."""

from __future__ import annotations

from collections import Counter

import pytest

from digest_archive.archive.files import load, scan
from digest_archive.lint import (
    NO_ARCHIVE,
    REGISTRY,
    Archive,
    Rule,
    Severity,
    Stage,
    lint_archive,
    lint_bytes,
    lint_digest,
    lint_path,
    select_rules,
)
from digest_archive.text.dates import arxiv_month, date_from_path, weibo_date, weibo_mid
from digest_archive.text.layout import RawPath, place
from digest_archive.text.parse import parse_digest
from support.seeds import SEED_ENTRIES, parse_seed, parse_snippet, read_seed, relative_source

ALL_RULES = list(REGISTRY.values())
DIGEST_RULES = [rule for rule in ALL_RULES if rule.stage is Stage.DIGEST]
FILE_RULES = [rule for rule in ALL_RULES if rule.stage is Stage.BYTES]
PATH_RULES = [rule for rule in ALL_RULES if rule.stage is Stage.PATH]
ARCHIVE_RULES = [rule for rule in ALL_RULES if rule.stage is Stage.ARCHIVE]
#: The rules documented with examples: all but those that stop a file before it is read.
EXAMPLE_RULES = [rule for rule in ALL_RULES if not rule.stops]


def lint_text(text: str, path: str, archive: Archive = NO_ARCHIVE) -> list:
    """Lint ``text`` as the raw file ``path`` (a file below ``raw/``), with every rule, in ``archive``."""
    where = RawPath(path, size=len(text.encode()), below_raw=place(path))
    digest = parse_digest(text, source=path, date=date_from_path(path))
    return (
        lint_path(ALL_RULES, where)
        + lint_bytes(ALL_RULES, path, text.encode())
        + lint_digest(ALL_RULES, digest)
        + lint_archive(ALL_RULES, digest, archive)
    )


def archive_of(rule: Rule) -> Archive:
    """The archive a rule's examples are checked in: its ``Archive::`` files (none for most rules)."""
    return Archive(
        parse_digest(example.text, source=example.path, date=date_from_path(example.path))
        for example in rule.examples
        if example.kind == "Archive"
    )


def codes(diagnostics) -> set[str]:
    return {d.code for d in diagnostics}


# --- the registry and its documentation ---------------------------------------------


def test_registry_has_the_path_file_and_digest_rules():
    assert [rule.code for rule in FILE_RULES] == ["DA001", "DA002", "DA003", "DA114"]
    assert [rule.code for rule in PATH_RULES] == ["DA004", "DA005", "DA110", "DA115"]
    assert [rule.code for rule in ARCHIVE_RULES] == ["DA209", "DA210", "DA211"]
    assert DIGEST_RULES
    for rule in ALL_RULES:
        family = rule.code[:3]
        assert family in ("DA0", "DA1", "DA2")
        # DA0xx: what stops a file before it is parsed, seen in its path or bytes.
        assert rule.stops is (family == "DA0")
        if rule.stops:
            assert rule.stage is not Stage.DIGEST
        expected = Severity.WARNING if family == "DA2" else Severity.ERROR
        assert rule.severity is expected, rule.code


@pytest.mark.parametrize("rule", ALL_RULES, ids=lambda rule: rule.code)
def test_rule_has_a_one_line_summary(rule):
    summary = rule.summary
    assert summary.strip() == summary
    assert summary and "\n" not in summary
    assert summary.endswith(".")
    assert rule.name and rule.name == rule.name.lower() and " " not in rule.name


def test_rule_names_are_unique():
    assert len({rule.name for rule in ALL_RULES}) == len(ALL_RULES)


@pytest.mark.parametrize("rule", EXAMPLE_RULES, ids=lambda rule: rule.code)
def test_rule_documents_a_bad_and_a_good_example(rule):
    kinds = Counter(example.kind for example in rule.examples)
    assert kinds["Bad"] >= 1
    assert kinds["Good"] >= 1
    for example in rule.examples:
        assert example.text.strip()
        assert example.path.startswith("raw/")


def _examples(kind: str):
    return [
        pytest.param(rule, example, id=f"{rule.code}-{kind}-{index}")
        for rule in EXAMPLE_RULES
        for index, example in enumerate(rule.examples)
        if example.kind == kind
    ]


@pytest.mark.parametrize(("rule", "example"), _examples("Bad"))
def test_bad_example_is_reported(rule, example):
    diagnostics = lint_text(example.text, example.path, archive_of(rule))
    assert rule.code in codes(diagnostics)


@pytest.mark.parametrize(("rule", "example"), _examples("Good"))
def test_good_example_is_clean(rule, example):
    diagnostics = lint_text(example.text, example.path, archive_of(rule))
    assert rule.code not in codes(diagnostics)
    assert [d for d in diagnostics if d.severity is Severity.ERROR] == []


def test_example_positions_of_some_rules():
    """Examples pin the reported position, not just the code."""
    found = {}
    for rule in EXAMPLE_RULES:
        bad = next(example for example in rule.examples if example.kind == "Bad")
        linted = lint_text(bad.text, bad.path, archive_of(rule))
        found[rule.code] = [(d.line, d.column) for d in linted if d.code == rule.code]
    assert found["DA101"] == [(7, 1)]  # "see the paper for details"
    assert found["DA105"] == [(6, 1)]  # the second "1、"
    assert found["DA106"] == [(6, 1)]  # "3、" after "1、"
    assert found["DA107"] == [(1, 4)]  # the "ML4" inside the brackets
    assert found["DA113"] == [(1, 25)]  # "D Kunin", where the author list starts
    assert found["DA114"] == [(1, 14)]  # the U+0001 after "Neural"
    assert found["DA201"] == [(1, 3)]  # the "** **" after "1、"
    assert found["DA204"] == [(3, 1)]
    assert found["DA207"] == [(6, 1)]  # "动机" after "方法"
    assert found["DA208"] == [(5, 1)]  # the line between "神经力学" and "要点:"
    assert found["DA209"] == [(1, 8)]  # the title of the paper listed again
    assert found["DA210"] == [(2, 1), (3, 1)]  # "K. Zhang", "[Stanford University.]"


# --- file rules ----------------------------------------------------------------------


def _load(tmp_path, data: bytes, name: str = "2020-12-16.txt"):
    path = tmp_path / "raw" / "2020" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    (found,) = scan([str(path)])
    return load(found)


def test_binary_file_is_reported_not_parsed(tmp_path):
    loaded = _load(tmp_path, b"LG - x\nab\x00cd\n")
    assert loaded.digest is None
    assert [(d.code, d.line, d.column, d.severity) for d in loaded.problems] == [
        ("DA001", 2, 3, Severity.ERROR),
    ]
    assert loaded.problems[0].path == loaded.path


def test_utf16_file_is_reported_as_binary(tmp_path):
    loaded = _load(tmp_path, "1、[LG] 神经力学\n".encode("utf-16"))
    assert loaded.digest is None
    assert [d.code for d in loaded.problems] == ["DA001"]


def test_invalid_utf8_is_reported_with_its_position(tmp_path):
    loaded = _load(tmp_path, b"LG - x\n\nabc\xffdef\n")
    assert loaded.digest is None
    (problem,) = loaded.problems
    assert (problem.code, problem.line, problem.column) == ("DA002", 3, 4)
    assert "0xff" in problem.message
    assert "GB18030" not in problem.message


def test_gb18030_file_is_recognised(tmp_path):
    text = "LG - 机器学习\n\n1、[LG] Neural Mechanics\nD Kunin\n神经力学。\n"
    loaded = _load(tmp_path, text.encode("gb18030"))
    assert loaded.digest is None
    (problem,) = loaded.problems
    assert (problem.code, problem.line, problem.column) == ("DA002", 1, 6)
    assert "GB18030" in problem.message
    assert "iconv" in problem.message


def test_invalid_utf8_column_counts_characters(tmp_path):
    """Columns count characters, as everywhere else: the bad byte follows 4 ideographs."""
    loaded = _load(tmp_path, "1、[LG] Title\n神经力学".encode() + b"\xff\n")
    (problem,) = loaded.problems
    assert (problem.code, problem.line, problem.column) == ("DA002", 2, 5)


@pytest.mark.parametrize("data", [b"", b"\n", b"  \n\t\n", "\ufeff".encode(), "\ufeff\r\n \r\n".encode()])
def test_empty_file_is_reported(tmp_path, data):
    loaded = _load(tmp_path, data)
    assert loaded.digest is None
    assert [(d.code, d.line, d.column) for d in loaded.problems] == [("DA003", 1, 1)]


def test_readable_file_has_no_file_problems(tmp_path):
    loaded = _load(tmp_path, read_seed("2020-12-16").encode())
    assert loaded.problems == []
    assert loaded.digest is not None and len(loaded.digest.entries) == 10
    assert loaded.digest.source == loaded.path


def test_crlf_bom_file_loads_like_the_seed(tmp_path):
    data = ("\ufeff" + read_seed("2020-12-16").replace("\n", "\r\n")).encode()
    loaded = _load(tmp_path, data)
    assert loaded.problems == []
    seed = parse_seed("2020-12-16")
    assert loaded.digest.model_dump(exclude={"source"}) == seed.model_dump(exclude={"source"})


@pytest.mark.parametrize(
    ("char", "line", "column"),
    [("\x01", 4, 10), ("\x7f", 4, 10), ("\x1b", 4, 10), ("\x0c", 4, 10), ("\x85", 4, 10), ("\x9f", 4, 10)],
)
def test_a_control_character_is_an_error_at_its_column_and_the_file_is_still_read(
    tmp_path, char, line, column
):
    # CRLF line ends and a BOM: the columns and lines are the ones an editor shows.
    text = "\ufeff" + read_seed("2020-12-16").replace("D Kunin", f"D Kun{char}in", 1).replace("\n", "\r\n")
    loaded = _load(tmp_path, text.encode())
    controls = [d for d in loaded.problems if d.code == "DA114"]
    assert [(d.line, d.column) for d in controls] == [(line, column)]
    assert controls[0].message.startswith(f"control character U+{ord(char):04X}: no page, feed or PDF")
    # Read all the same, so that lint reports everything else at once.
    assert loaded.digest is not None and len(loaded.digest.entries) == 10


def test_tabs_and_line_ends_are_not_control_characters(tmp_path):
    text = read_seed("2020-12-16").replace("D Kunin", "D\tKunin", 1).replace("\n", "\r\n")
    assert not [d for d in _load(tmp_path, text.encode()).problems if d.code == "DA114"]


def test_a_flood_of_control_characters_is_counted_not_listed(tmp_path):
    text = read_seed("2020-12-16") + "\x01\x02\n" * 5_000
    found = [d for d in _load(tmp_path, text.encode()).problems if d.code == "DA114"]
    assert len(found) == 21
    assert "(and 1 more on the line)" in found[0].message
    assert found[-1].message == "4,980 more lines with control characters, from here"


# --- the seeds ---------------------------------------------------------------------------

SEED_WARNINGS = {
    ("raw/2020/2020-11-01.txt", 14, 177, "DA201"),
    ("raw/2020/2020-11-01.txt", 21, 175, "DA201"),
    ("raw/2020/2020-11-01.txt", 24, 12, "DA201"),
    ("raw/2020/2020-11-01.txt", 27, 186, "DA201"),
    ("raw/2020/2020-11-01.txt", 30, 12, "DA201"),
    ("raw/2020/2020-11-01.txt", 33, 142, "DA201"),
    ("raw/2020/2020-12-16.txt", 9, 7, "DA201"),
    ("raw/2020/2020-12-16.txt", 15, 7, "DA201"),
    ("raw/2020/2020-12-16.txt", 21, 7, "DA201"),
    ("raw/2020/2020-12-16.txt", 27, 1, "DA203"),
    ("raw/2021/2021-04-26.txt", 51, 1, "DA202"),
}


def test_seeds_have_no_errors_and_exactly_the_known_warnings(seeds):
    diagnostics = [d for digest in seeds.values() for d in lint_digest(ALL_RULES, digest)]
    assert [d for d in diagnostics if d.severity is Severity.ERROR] == []
    assert {(d.path, d.line, d.column, d.code) for d in diagnostics} == SEED_WARNINGS
    assert len(diagnostics) == len(SEED_WARNINGS)


@pytest.mark.parametrize("date", SEED_ENTRIES)
def test_seed_files_pass_the_path_and_file_rules(raw_files, repo_root, date):
    path = next(path for path in raw_files if path.stem == date)
    (found,) = scan([str(path.relative_to(repo_root))], base=repo_root)
    assert load(found, repo_root).problems == []


def test_seed_artifact_warnings_name_the_markup(seeds):
    messages = {d.message for d in lint_digest(select_rules(["DA201"]), seeds["2020-12-16"])}
    assert messages == {"markup artifact '** **'"}


def test_diagnostics_are_sorted_by_position(seeds):
    for digest in seeds.values():
        diagnostics = lint_digest(ALL_RULES, digest)
        assert diagnostics == sorted(diagnostics, key=lambda d: (d.line, d.column, d.code))


def test_select_and_ignore_prefixes():
    assert [rule.code for rule in select_rules(["DA2"])] == sorted(
        code for code in REGISTRY if code.startswith("DA2")
    )
    assert "DA201" not in [rule.code for rule in select_rules(ignore=["DA201"])]
    assert [rule.code for rule in select_rules(["DA1"], ["DA10"])] == sorted(
        code for code in REGISTRY if code.startswith("DA11")
    )


# --- broken digests -----------------------------------------------------------------------------

SEED = "2020-12-16"
SEED_PATH = relative_source(SEED)


def _lint_lines(lines: list[str]) -> list[tuple[str, int, int]]:
    diagnostics = lint_text("\n".join(lines), SEED_PATH)
    return [(d.code, d.line, d.column) for d in diagnostics if d.severity is Severity.ERROR]


@pytest.fixture
def seed_lines() -> list[str]:
    return read_seed(SEED).split("\n")


def test_deleted_author_line(seed_lines):
    assert seed_lines[9].strip() == "T Yu, X Geng, C Finn, S Levine"
    seed_lines[9] = ""
    assert _lint_lines(seed_lines) == [("DA103", 9, 1)]


def test_duplicated_entry_number(seed_lines):
    seed_lines[14] = seed_lines[14].replace("3、", "2、")
    errors = _lint_lines(seed_lines)
    assert ("DA105", 15, 1) in errors
    assert {code for code, _, _ in errors} <= {"DA105", "DA106"}


def test_skipped_entry_number(seed_lines):
    seed_lines[14] = seed_lines[14].replace("3、", "7、")
    assert _lint_lines(seed_lines) == [("DA106", 15, 1), ("DA106", 21, 1)]


def test_unknown_category(seed_lines):
    seed_lines[20] = seed_lines[20].replace("[CL]", "[XX]")
    assert _lint_lines(seed_lines) == [("DA107", 21, 13)]
    diagnostics = lint_text("\n".join(seed_lines), SEED_PATH)
    assert "unknown arXiv category [XX]" in {d.message for d in diagnostics}


def test_bad_line_between_entries(seed_lines):
    seed_lines.insert(13, "    this line is in the wrong place")
    assert _lint_lines(seed_lines) == [("DA101", 14, 5)]


def test_stray_english_line_before_the_summary_is_reported_at_its_line(seed_lines):
    """Not mistaken for the abstract: the real summary (and its link) still count."""
    seed_lines.insert(11, "    see the paper for details")
    assert _lint_lines(seed_lines) == [("DA101", 12, 5)]


def test_bad_line_after_the_more_heading(seed_lines):
    seed_lines.insert(32, "see below")
    assert _lint_lines(seed_lines) == [("DA101", 33, 1)]


def test_several_damages_are_all_reported(seed_lines):
    seed_lines[9] = ""  # entry 2 loses its authors
    seed_lines[20] = seed_lines[20].replace("[CL]", "[XX]")  # entry 4: unknown category
    seed_lines.insert(30, "    stray text")  # after entry 5's figures
    assert _lint_lines(seed_lines) == [("DA103", 9, 1), ("DA107", 21, 13), ("DA101", 31, 5)]


def test_misdated_file_name(seed_lines):
    diagnostics = lint_text("\n".join(seed_lines), "raw/2020/2020-12-15.txt")
    assert ("DA111", 6) in {(d.code, d.line) for d in diagnostics}


def test_file_in_the_wrong_year_folder(seed_lines):
    diagnostics = lint_text("\n".join(seed_lines), "raw/2021/2020-12-16.txt")
    assert [(d.code, d.line, d.column) for d in diagnostics if d.code == "DA110"] == [("DA110", 1, 1)]


def test_duplicate_link_is_reported_at_the_url(seed_lines):
    """Entry 2's summary line ends with entry 1's link: the warning points at that URL."""
    seed_lines[11] = seed_lines[11].replace("JyFxGnIcd", "JyFsjATR5")
    diagnostics = lint_text("\n".join(seed_lines), SEED_PATH)
    (duplicate,) = [d for d in diagnostics if d.code == "DA205"]
    assert duplicate.line == 12
    assert seed_lines[11][duplicate.column - 1 :] == "https://weibo.com/1402400261/JyFsjATR5"


def test_empty_digest_text_is_one_error():
    assert [(d.code, d.line) for d in lint_text("LG - 机器学习\n", SEED_PATH)] == [("DA109", 1)]


def test_lint_digest_path_override():
    digest = parse_snippet(
        "1、[LG] Title\nD Kunin\n[MIT]\n神经力学。 Abstract.\nhttps://weibo.com/1402400261/JyFsjATR5\n"
    )
    assert lint_digest(ALL_RULES, digest) == []
    elsewhere = lint_digest(ALL_RULES, parse_snippet("x"), path="elsewhere.txt")
    assert {d.path for d in elsewhere} == {"elsewhere.txt"}


# --- what the date checks rely on -----------------------------------------------------------


def test_weibo_codes_decode_to_their_post_date():
    assert weibo_mid("JyFsjATR5") == 4582625118794519
    assert weibo_date("https://weibo.com/1402400261/JyFsjATR5").isoformat() == "2020-12-16"
    assert weibo_date("https://weibo.com/1402400261/Kpp5Q9cOo").isoformat() == "2021-07-19"
    assert weibo_date("https://arxiv.org/abs/2210.06441") is None
    assert weibo_date("https://weibo.com/1402400261/zzzzzzzzzzzzzzzz") is None


def test_arxiv_ids_give_the_submission_month():
    assert arxiv_month("https://arxiv.org/abs/2210.06441") == (2022, 10)
    assert arxiv_month("https://arxiv.org/pdf/2204.02849v2") == (2022, 4)
    assert arxiv_month("https://arxiv.org/abs/2213.00001") is None
    assert arxiv_month("https://weibo.com/1402400261/JyFsjATR5") is None


@pytest.mark.parametrize(
    ("path", "date"),
    [
        ("raw/2021/2021-07-19.txt", "2021-07-19"),
        ("2021-07-19.txt", "2021-07-19"),
        ("raw/2021/2021-02-30.txt", None),
        ("raw/2021/notes.txt", None),
        ("raw/2021/2021-07-19-extra.txt", None),
    ],
)
def test_date_from_path(path, date):
    found = date_from_path(path)
    assert (found.isoformat() if found else None) == date


# --- fields far beyond any real digest's ------------------------------------------------------

FIELD_HEAD = "1、[LG] Neural Mechanics\nD Kunin, S Ganguli\n[Stanford University]\n"
FIELD_TAIL = "\nhttps://weibo.com/1402400261/JyFsjATR5\n"


def _field_findings(text: str) -> list[tuple[int, int, str]]:
    return [(d.line, d.column, d.message) for d in lint_text(text, SEED_PATH) if d.code == "DA112"]


def test_field_limits_are_the_documented_ones():
    from digest_archive.lint import lengths as lint

    doc = REGISTRY["DA112"].explanation
    limits = [
        *lint.TEXT_LIMITS.values(),
        *lint.ITEM_LIMITS.values(),
        *lint.COUNT_LIMITS.values(),
        *lint.LINE_LIMITS.values(),
    ]
    for limit in [*limits, lint.LONGEST_WORD]:
        assert f"{limit:,}" in doc


LONG_FIELDS = {
    "title": (FIELD_HEAD.replace("Neural", "Neural " * 50) + "神经。", (1, 8), "title of 359 characters"),
    "word in a title": (FIELD_HEAD.replace("Neural", "N" * 20_000) + "神经。", (1, 8), "a word of 20,000"),
    "summary": (FIELD_HEAD + "神" * 20_000, (4, 1), "Chinese summary of 20,000 characters; at most 5,000"),
    "word in an abstract": (f"{FIELD_HEAD}神经。 A study of {'x' * 201} here.", (4, 16), "a word of 201"),
    "authors": (FIELD_HEAD.replace("D Kunin, S Ganguli", ", ".join(["A Name"] * 301)), (2, 1), "301 authors"),
    "affiliation": (FIELD_HEAD.replace("Stanford University", "S" * 301), (3, 1), "affiliation of 301"),
    # Half a megabyte of legend built as HTML and stopped the PDF ("Unable to read an entire line").
    "legend": (
        "LG - 机器学习 " * 200 + "\n\n" + FIELD_HEAD + "神经。",
        (1, 1),
        "legend line of 2,198 characters; at most 1,000",
    ),
    "legend's note": (
        "LG - 机器学习 (*" + "值得重点关注 " * 200 + ")\n\n" + FIELD_HEAD + "神经。",
        (1, 1),
        "legend's note on * of 1,403 characters; at most 1,000",
    ),
    "word in the legend": ("LG - " + "x" * 300 + "\n\n" + FIELD_HEAD + "神经。", (1, 6), "a word of 300"),
}


@pytest.mark.parametrize("case", LONG_FIELDS)
def test_a_field_far_beyond_any_real_one_is_an_error_at_its_line(case):
    text, (line, column), message = LONG_FIELDS[case]
    findings = _field_findings(text + FIELD_TAIL)
    assert any((found[:2], message in found[2]) == ((line, column), True) for found in findings), findings


def test_a_field_at_its_limit_is_fine():
    title = "Neural " + "a" * 200 + " " + "b" * (300 - 208)
    assert len(title) == 300
    text = FIELD_HEAD.replace("Neural Mechanics", title) + "神" * 5_000 + FIELD_TAIL
    assert _field_findings(text) == []


def test_an_abstract_before_its_summary_is_one_finding():
    # Before, DA101 said "English text before the summary" and DA202 "no English abstract".
    text = (
        "1、[LG] Neural Mechanics\n"
        "D Kunin, S Ganguli\n"
        "[Stanford University]\n"
        "Predicting the dynamics of neural network parameters.\n"
        "神经力学。\n"
        "https://weibo.com/1402400261/JyFsjATR5\n"
    )
    found = [(d.code, d.line, d.message) for d in lint_text(text, "raw/2020/2020-12-16.txt")]
    assert found == [
        (
            "DA101",
            4,
            "unparsed line: English text before the entry's Chinese summary: "
            "an abstract goes after the summary",
        )
    ]
    # Another entry's missing abstract is still told.
    second = (
        text
        + "2、[LG] Variable-Shot Adaptation\nT Yu\n[UC Berkeley]\n可变样本自适应。\nhttps://arxiv.org/abs/2012.07769\n"
    )
    assert ("DA202", 7) in [(d.code, d.line) for d in lint_text(second, "raw/2020/2020-12-16.txt")]
