"""``digest lint --format sarif|junit|gitlab``: each checked against its schema or read by a real consumer."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import quote, unquote

import jsonschema
import pytest
from junitparser import Failure, JUnitXml

from digest_archive.lint import REGISTRY, Severity
from digest_archive.lint.formats import FORMATS, format_junit, format_statistics, statistics
from digest_archive.lint.registry import Diagnostic
from support.commands import run_digest as run
from support.paths import SCHEMAS_DIR
from support.seeds import read_seed

SCHEMAS = SCHEMAS_DIR
SEED = "raw/2020/2020-12-16.txt"


def schema(name: str) -> dict:
    return json.loads((SCHEMAS / name).read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def sarif_validator() -> jsonschema.Draft4Validator:
    sarif = schema("sarif-schema-2.1.0.json")
    jsonschema.Draft4Validator.check_schema(sarif)
    return jsonschema.Draft4Validator(sarif)


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A contributor's repository: a pyproject.toml, the seed 2020-12-16 and a broken copy of it."""
    (tmp_path / "pyproject.toml").write_text("[tool.digest.lint]\n", encoding="utf-8")
    folder = tmp_path / "raw" / "2020"
    folder.mkdir(parents=True)
    (folder / "2020-12-16.txt").write_text(read_seed("2020-12-16"), encoding="utf-8")
    lines = read_seed("2020-12-16").split("\n")
    del lines[9]  # entry 2's author line: DA103, an error
    (folder / "2020-12-15.txt").write_text("\n".join(lines), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def lint(capsys, *argv: str) -> tuple[int, str]:
    status, out, _ = run(capsys, "lint", *argv)
    return status, out


def text_findings(capsys, *argv: str) -> list[tuple[str, int, int, str]]:
    """(path, line, column, code) of each finding, from the text format."""
    _, out = lint(capsys, *argv)
    found = []
    for line in out.splitlines():
        path, row, column, rest = line.split(":", 3)
        found.append((path, int(row), int(column), rest.split()[0]))
    return found


def test_every_format_is_registered():
    assert set(FORMATS) == {"text", "json", "github", "sarif", "junit", "gitlab"}


# --- SARIF ---------------------------------------------------------------------------


def test_sarif_is_valid_sarif_2_1_0(capsys, project, sarif_validator):
    status, out = lint(capsys, "raw", "--format", "sarif")
    assert status == 1  # the broken copy has an error
    log = json.loads(out)
    sarif_validator.validate(log)
    assert log["version"] == "2.1.0"


def test_the_sarif_schema_rejects_what_github_would(sarif_validator, capsys, project):
    _, out = lint(capsys, "raw", "--format", "sarif")
    log = json.loads(out)
    log["runs"][0]["results"][0]["level"] = "fatal"
    del log["version"]
    assert len(list(sarif_validator.iter_errors(log))) == 2


def test_sarif_describes_every_rule(capsys, project):
    _, out = lint(capsys, "raw", "--format", "sarif")
    driver = json.loads(out)["runs"][0]["tool"]["driver"]
    assert driver["name"] == "digest"
    assert driver["version"]
    rules = {rule["id"]: rule for rule in driver["rules"]}
    assert set(rules) == set(REGISTRY)
    da103 = rules["DA103"]
    assert da103["shortDescription"]["text"] == REGISTRY["DA103"].summary
    assert da103["fullDescription"]["text"] and da103["help"]["text"]
    assert da103["defaultConfiguration"]["level"] == "error"
    assert rules["DA201"]["defaultConfiguration"]["level"] == "warning"


def test_sarif_results_point_at_the_findings(capsys, project):
    _, out = lint(capsys, "raw", "--format", "sarif")
    run_ = json.loads(out)["runs"][0]
    rules = run_["tool"]["driver"]["rules"]
    results = []
    for result in run_["results"]:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
        location = result["locations"][0]["physicalLocation"]
        artifact = location["artifactLocation"]
        assert artifact["uriBaseId"] == "%SRCROOT%"
        assert (project / unquote(artifact["uri"])).is_file()
        region = location["region"]
        results.append((artifact["uri"], region["startLine"], region["startColumn"], result["ruleId"]))
        expected = "error" if REGISTRY[result["ruleId"]].severity is Severity.ERROR else "warning"
        assert result["level"] == expected
    assert results == text_findings(capsys, "raw")
    assert ("raw/2020/2020-12-15.txt", 9, 1, "DA103") in results


def test_sarif_uris_are_relative_to_the_project_from_a_subfolder(capsys, project, monkeypatch):
    monkeypatch.chdir(project / "raw")
    _, out = lint(capsys, "2020/2020-12-16.txt", "--format", "sarif")
    uris = {
        result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
        for result in json.loads(out)["runs"][0]["results"]
    }
    assert uris == {"raw/2020/2020-12-16.txt"}


def test_sarif_names_a_file_outside_the_project_by_its_absolute_uri(capsys, project, tmp_path_factory):
    outside = tmp_path_factory.mktemp("elsewhere") / "2020-12-16 copy.txt"
    outside.write_text(read_seed("2020-12-16"), encoding="utf-8")
    _, out = lint(capsys, str(outside), "--format", "sarif")
    artifact = json.loads(out)["runs"][0]["results"][0]["locations"][0]["physicalLocation"][
        "artifactLocation"
    ]
    assert artifact == {"uri": outside.as_uri()}
    assert "%20" in artifact["uri"]


def test_sarif_of_a_clean_file_has_no_results(capsys, in_repo_root, sarif_validator):
    status, out = lint(capsys, "raw/2022/2022-10-15.txt", "--format", "sarif", "--isolated")
    assert status == 0
    log = json.loads(out)
    sarif_validator.validate(log)
    assert log["runs"][0]["results"] == []


# --- JUnit ---------------------------------------------------------------------------


def read_junit(xml: str) -> JUnitXml:
    return JUnitXml.fromstring(xml.encode())


def test_junit_is_read_by_junitparser(capsys, project):
    _, out = lint(capsys, "raw", "--format", "junit")
    report = read_junit(out)
    findings = text_findings(capsys, "raw")
    suites = list(report)
    assert [suite.name for suite in suites] == ["raw/2020/2020-12-15.txt", "raw/2020/2020-12-16.txt"]
    cases = [case for suite in suites for case in suite]
    assert len(cases) == len(findings) == report.tests == report.failures
    seen = []
    for case in cases:
        (failure,) = case.result
        assert isinstance(failure, Failure)
        element = case._elem
        seen.append(
            (element.get("file"), int(element.get("line")), int(element.get("column")), case.name[7:])
        )
        assert case.name.startswith("digest.")
        assert case.classname == element.get("file").removesuffix(".txt")
        assert failure.text == f"line {element.get('line')}, col {element.get('column')}, {failure.message}"
    assert seen == findings
    # The counts junitparser works out from the cases are those the report declares.
    for suite in suites:
        declared = (suite.tests, suite.failures)
        suite.update_statistics()
        assert (suite.tests, suite.failures) == declared


def test_junit_of_a_clean_file_is_one_passed_case(capsys, in_repo_root):
    _, out = lint(capsys, "raw/2022/2022-10-15.txt", "--format", "junit", "--isolated")
    report = read_junit(out)
    cases = [case for suite in report for case in suite]
    assert len(cases) == 1 and cases[0].is_passed
    assert (report.tests, report.failures) == (1, 0)


def test_junit_severity_is_the_failure_type(capsys, project):
    _, out = lint(capsys, "raw/2020/2020-12-15.txt", "--format", "junit")
    types = {case.name[7:]: case.result[0].type for suite in read_junit(out) for case in suite}
    assert types["DA103"] == "error"
    assert types["DA201"] == "warning"


HOSTILE = "\x01\x1b[31m\x0b\x0c\ufffe"


def test_junit_of_a_digest_named_with_control_characters_is_well_formed_xml(capsys, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    name = f"bad{HOSTILE}name.txt"
    (tmp_path / name).write_bytes(f"1、[LG] Title {HOSTILE}\nD Kunin\x02\n".encode())
    status, out = lint(capsys, name, "--format", "junit", "--isolated")
    assert status == 1
    report = read_junit(out)  # a parser refuses any of those characters in XML
    (suite,) = report
    assert suite.name == "bad\ufffd\ufffd[31m\ufffd\ufffd\ufffdname.txt"
    assert {case._elem.get("file") for case in suite} == {suite.name}


def test_junit_replaces_control_characters_in_messages():
    diagnostic = Diagnostic(
        path="raw/2020/2020-12-16.txt",
        line=3,
        column=5,
        code="DA101",
        name="unparsed-line",
        severity=Severity.ERROR,
        message=f"unparsed line: <b>&{HOSTILE}\t",
    )
    xml = format_junit([diagnostic])
    failure = ET.fromstring(xml).find("testsuite/testcase/failure")
    assert failure.get("message") == "unparsed line: <b>&\ufffd\ufffd[31m\ufffd\ufffd\ufffd\t"
    assert failure.text.endswith("<b>&\ufffd\ufffd[31m\ufffd\ufffd\ufffd\t")
    # Unreplaced, the same characters make the document unreadable.
    with pytest.raises(ET.ParseError):
        ET.fromstring(xml.replace("\ufffd", "\x01"))


# --- what reaches a terminal or a log ------------------------------------------------------

#: Erase the line, move the cursor up, set the window's title; a C1 CSI; a right-to-left override.
TERMINAL = "\x1b[2K\x1b[1A\x1b]0;owned\x07\x9b31m\u202e"


@pytest.fixture
def hostile_names(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A draft named with what acts in a terminal, which its text holds too (DA101 quotes it)."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / f"draft{TERMINAL}.txt").write_text(f"1、[LG] Title\nD Kunin\n神经。\n{TERMINAL}x\n", "utf-8")
    return tmp_path


def _acts(text: str) -> list[str]:
    return [char for char in text if char in "\x1b\x07\x9b\u202e"]


def test_text_output_shows_what_would_act_in_a_terminal_escaped(capsys, hostile_names):
    status, out, err = run(capsys, "lint", "--isolated", ".")
    assert status == 1
    assert _acts(out + err) == []
    assert "draft\\x1b[2K\\x1b[1A\\x1b]0;owned\\x07\\x9b31m\\u202e.txt:1:1: DA104 " in out


def test_github_annotations_show_what_would_act_in_a_log_escaped(capsys, hostile_names):
    status, out = lint(capsys, "--isolated", "--format", "github", ".")
    assert status == 1
    assert _acts(out) == []
    assert "draft\\x1b[2K\\x1b[1A" in out


@pytest.mark.parametrize("output", ["json", "sarif", "gitlab"])
def test_json_formats_keep_the_names_exact_and_write_nothing_that_acts(capsys, hostile_names, output):
    status, out = lint(capsys, "--isolated", "--format", output, ".")
    assert status == 1
    assert _acts(out) == []
    strings = _strings(json.loads(out))
    name = f"draft{TERMINAL}.txt"
    assert any(text.endswith((name, quote(name))) for text in strings)


def _strings(value: object) -> list[str]:
    """Every string in a JSON document, keys and values."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [*value, *(text for item in value.values() for text in _strings(item))]
    if isinstance(value, list):
        return [text for item in value for text in _strings(item)]
    return []


def test_a_usage_error_naming_a_path_shows_it_escaped(capsys, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    status, _, err = run(capsys, "lint", f"missing{TERMINAL}.txt")
    assert status == 2
    assert _acts(err) == []
    assert "missing\\x1b[2K" in err


# --- GitLab Code Quality ---------------------------------------------------------------


@pytest.fixture(scope="module")
def gitlab_validator() -> jsonschema.Draft202012Validator:
    gitlab = schema("gitlab-codequality.json")
    jsonschema.Draft202012Validator.check_schema(gitlab)
    return jsonschema.Draft202012Validator(gitlab)


def test_gitlab_report_has_the_fields_gitlab_requires(capsys, project, gitlab_validator):
    status, out = lint(capsys, "raw", "--format", "gitlab")
    assert status == 1
    issues = json.loads(out)
    gitlab_validator.validate(issues)
    findings = text_findings(capsys, "raw")
    assert [
        (issue["location"]["path"], issue["location"]["lines"]["begin"], issue["check_name"])
        for issue in issues
    ] == [(path, line, code) for path, line, _, code in findings]
    by_code = {issue["check_name"]: issue for issue in issues}
    assert by_code["DA103"]["severity"] == "major"
    assert by_code["DA201"]["severity"] == "minor"
    assert by_code["DA103"]["description"] == "DA103: entry 2 has no authors"


def test_the_gitlab_schema_rejects_a_report_without_a_line(gitlab_validator, capsys, project):
    _, out = lint(capsys, "raw", "--format", "gitlab")
    issues = json.loads(out)
    del issues[0]["location"]["lines"]
    issues[1]["severity"] = "warning"
    assert len(list(gitlab_validator.iter_errors(issues))) == 2


def fingerprints(capsys, *argv: str) -> dict[tuple[str, int], str]:
    _, out = lint(capsys, *argv, "--format", "gitlab")
    return {
        (issue["check_name"], issue["location"]["lines"]["begin"]): issue["fingerprint"]
        for issue in json.loads(out)
    }


def test_gitlab_fingerprints_are_unique_and_survive_moved_lines(capsys, project):
    before = fingerprints(capsys, "raw/2020/2020-12-16.txt")
    assert len(set(before.values())) == len(before)  # DA201 three times, same message: still unique
    assert fingerprints(capsys, "raw/2020/2020-12-16.txt") == before
    path = project / "raw/2020/2020-12-16.txt"
    path.write_text("\n\n" + path.read_text(encoding="utf-8"), encoding="utf-8")
    after = fingerprints(capsys, "raw/2020/2020-12-16.txt")
    assert {(code, line - 2): value for (code, line), value in after.items()} == before


def test_gitlab_fingerprints_differ_between_files(capsys, project):
    first = set(fingerprints(capsys, "raw/2020/2020-12-16.txt").values())
    second = set(fingerprints(capsys, "raw/2020/2020-12-15.txt").values())
    assert first and second and not first & second


# --- statistics ----------------------------------------------------------------------


def test_statistics_count_each_code_most_frequent_first(capsys, project):
    found = text_findings(capsys, "raw")
    status, out = lint(capsys, "raw", "--statistics")
    assert status == 1
    rows = [line.split("\t") for line in out.splitlines()]
    counts = {code: int(count) for count, code, _ in rows}
    assert counts == {code: sum(f[3] == code for f in found) for code in {f[3] for f in found}}
    assert [int(count) for count, _, _ in rows] == sorted(counts.values(), reverse=True)
    assert ["DA201", "markup-artifact"] in [row[1:] for row in rows]
    # The copy of the 16th filed as the 15th: one finding on each, none on each paper.
    assert ["2", "DA211", "repeated-digest"] in rows
    assert "DA209" not in counts


def test_statistics_as_json(capsys, project):
    _, out = lint(capsys, "raw", "--statistics", "--format", "json")
    payload = json.loads(out)
    assert {"code": "DA211", "name": "repeated-digest", "count": 2} in payload
    assert sum(row["count"] for row in payload) == len(text_findings(capsys, "raw"))


def test_statistics_of_nothing_is_empty():
    assert statistics([]) == []
    assert format_statistics([]) == ""
