"""``[tool.digest.lint]`` in pyproject.toml, the command line over it, and ``digest lint``'s options."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path

import pytest

from digest_archive.lint.config import (
    ConfigError,
    LintConfig,
    Selection,
    find_pyproject,
    parse_config,
    read_config,
    resolve,
)
from support.commands import run_digest as run
from support.seeds import read_seed

CODES = ["DA101", "DA103", "DA110", "DA201", "DA202", "DA203", "DA210"]
SOURCE = Path("/project/pyproject.toml")


# --- choosing rules (pure) -----------------------------------------------------------


@pytest.mark.parametrize(
    ("layers", "chosen"),
    [
        pytest.param([], CODES, id="everything-by-default"),
        pytest.param(
            [Selection(select=("DA2",))], ["DA201", "DA202", "DA203", "DA210"], id="a-prefix-selects-a-group"
        ),
        pytest.param([Selection(ignore=("DA1",))], ["DA201", "DA202", "DA203", "DA210"], id="ignore-a-group"),
        pytest.param(
            [Selection(select=("DA2",), ignore=("DA20",))],
            ["DA210"],
            id="the-longer-ignore-wins-over-a-select",
        ),
        pytest.param(
            [Selection(select=("DA201",), ignore=("DA2",))],
            ["DA201"],
            id="the-longer-select-wins-over-an-ignore",
        ),
        pytest.param([Selection(select=("DA2",), ignore=("DA2",))], [], id="ignore-wins-at-the-same-length"),
        pytest.param(
            [Selection(select=("DA2",), ignore=("DA203",)), Selection(select=("DA1",))],
            ["DA101", "DA103", "DA110"],
            id="a-later-select-replaces",
        ),
        pytest.param(
            [Selection(select=("DA2",), ignore=("DA203",)), Selection(select=("DA203",))],
            ["DA203"],
            id="a-later-select-undoes-an-earlier-ignore",
        ),
        pytest.param(
            [Selection(select=("DA2",)), Selection(ignore=("DA20",))], ["DA210"], id="a-later-ignore-extends"
        ),
        pytest.param(
            [Selection(select=("DA2",), ignore=("DA20",)), Selection(extend_select=("DA201", "DA1"))],
            ["DA101", "DA103", "DA110", "DA201", "DA210"],
            id="extend-select-adds",
        ),
    ],
)
def test_rules_are_chosen_as_ruff_chooses(layers, chosen):
    assert sorted(resolve(layers, CODES)) == chosen


def test_a_table_is_read():
    document = {
        "tool": {
            "digest": {
                "lint": {
                    "select": ["DA1", "da2"],
                    "ignore": ["DA203"],
                    "per-file-ignores": {"./raw/2020/*.txt": ["DA201"], "2021-04-26.txt": ["DA2"]},
                }
            }
        }
    }
    config = parse_config(document, SOURCE)
    assert config.root == Path("/project")
    assert config.selection == Selection(select=("DA1", "DA2"), ignore=("DA203",))
    assert config.per_file_ignores == (("raw/2020/*.txt", ("DA201",)), ("2021-04-26.txt", ("DA2",)))


def test_no_table_chooses_everything():
    config = parse_config({"project": {"name": "x"}}, SOURCE)
    assert config.selection == Selection()
    assert config.per_file_ignores == ()


@pytest.mark.parametrize(
    ("table", "message"),
    [
        pytest.param(
            {"selct": ["DA1"]}, "unknown key selct (known: ignore, per-file-ignores, select)", id="key"
        ),
        pytest.param({"select": ["DA9"]}, "select: unknown rule code DA9 (see 'digest rules')", id="code"),
        pytest.param({"ignore": ["E501"]}, "ignore: unknown rule code E501", id="foreign-code"),
        pytest.param({"ignore": [""]}, "ignore: unknown rule code ", id="empty-code"),
        pytest.param({"select": "DA1"}, "select must be a list of rule codes", id="not-a-list"),
        pytest.param(
            {"per-file-ignores": {"raw/*": ["DA299"]}},
            "per-file-ignores 'raw/*': unknown rule code DA299",
            id="pfi",
        ),
        pytest.param(
            {"per-file-ignores": ["raw/*"]}, "per-file-ignores must be a table", id="pfi-not-a-table"
        ),
    ],
)
def test_a_wrong_table_is_an_error_that_says_what_is_wrong(table, message):
    with pytest.raises(ConfigError) as error:
        parse_config({"tool": {"digest": {"lint": table}}}, SOURCE)
    assert str(error.value).startswith("/project/pyproject.toml: [tool.digest.lint]")
    assert message in str(error.value)


def test_per_file_ignores_match_below_the_root_or_by_file_name(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    config = LintConfig(
        tmp_path / "project",
        per_file_ignores=(
            ("raw/2020/*.txt", ("DA201",)),
            ("2021-04-26.txt", ("DA2",)),
            ("raw/**/x.txt", ("DA1",)),
        ),
    )
    assert config.ignored_in("project/raw/2020/2020-12-16.txt") == ("DA201",)
    assert config.ignored_in("project/raw/2021/2021-04-26.txt") == ("DA2",)
    assert config.ignored_in("project/raw/2021/2021-07-19.txt") == ()
    # The glob is the project's, not the working folder's.
    assert config.ignored_in("raw/2020/2020-12-16.txt") == ()
    assert config.ignored_in("project/raw/a/b/x.txt") == ("DA1",)


def test_the_pyproject_is_found_upwards(tmp_path):
    (tmp_path / "pyproject.toml").write_text("[tool.digest.lint]\nselect = ['DA1']\n", encoding="utf-8")
    # One without [tool.digest] on the way is passed over, as ruff passes over one without [tool.ruff].
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "pyproject.toml").write_text("[project]\nname = 'other'\n", encoding="utf-8")
    deep = tmp_path / "sub" / "raw" / "2020"
    deep.mkdir(parents=True)
    assert find_pyproject(deep) == tmp_path / "pyproject.toml"
    (tmp_path / "sub" / "pyproject.toml").write_text("[tool.digest]\n", encoding="utf-8")
    assert find_pyproject(deep) == tmp_path / "sub" / "pyproject.toml"


def test_invalid_toml_is_an_error(tmp_path):
    path = tmp_path / "pyproject.toml"
    path.write_text("[tool.digest.lint\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="is not valid TOML"):
        read_config(path)


# --- digest lint with a configuration ------------------------------------------------------


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A repository with the seed 2020-12-16 (warnings DA201 ×3, DA203) and a copy missing an author line.

    The copy, a day early, has two errors: DA103 (no authors) and DA111 (its links are of the 16th);
    linted as the raw folder, each is the other's digest filed under another day (DA211).
    """
    folder = tmp_path / "raw" / "2020"
    folder.mkdir(parents=True)
    (folder / "2020-12-16.txt").write_text(read_seed("2020-12-16"), encoding="utf-8")
    lines = read_seed("2020-12-16").split("\n")
    del lines[9]
    (folder / "2020-12-15.txt").write_text("\n".join(lines), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def configure(project: Path, table: str) -> None:
    (project / "pyproject.toml").write_text(f"[tool.digest.lint]\n{table}\n", encoding="utf-8")


def lint_codes(capsys, *argv: str) -> tuple[int, list[tuple[str, str]]]:
    """Exit status, and (file name, code) of each finding."""
    status, out, _ = run(capsys, "lint", *argv)
    return status, [(line.split(":")[0].rsplit("/", 1)[-1], line.split()[1]) for line in out.splitlines()]


def test_without_configuration_every_rule_runs(capsys, project):
    status, found = lint_codes(capsys, "raw")
    assert status == 1
    assert {code for _, code in found} == {"DA103", "DA111", "DA201", "DA203", "DA211"}


def test_the_configuration_chooses_the_rules(capsys, project):
    configure(project, 'select = ["DA2"]\nignore = ["DA203"]')
    status, found = lint_codes(capsys, "raw")
    assert status == 0  # the errors are not selected
    assert {code for _, code in found} == {"DA201", "DA211"}


def test_it_is_found_from_a_subfolder(capsys, project, monkeypatch):
    configure(project, 'ignore = ["DA2", "DA111"]')
    monkeypatch.chdir(project / "raw" / "2020")
    _, found = lint_codes(capsys, ".")
    assert found == [("2020-12-15.txt", "DA103")]


def test_per_file_ignores_are_relative_to_the_pyproject(capsys, project, monkeypatch):
    configure(
        project,
        'per-file-ignores = { "raw/2020/2020-12-16.txt" = ["DA2"], "2020-12-15.txt" = ["DA201", "DA111"] }',
    )
    monkeypatch.chdir(project / "raw")
    _, found = lint_codes(capsys, "2020")
    assert found == [("2020-12-15.txt", "DA103"), ("2020-12-15.txt", "DA203")]


def test_select_on_the_command_line_replaces_the_configuration(capsys, project):
    configure(project, 'select = ["DA2"]\nignore = ["DA201"]')
    status, found = lint_codes(capsys, "raw", "--select", "DA1,DA201")
    assert status == 1
    assert {code for _, code in found} == {"DA103", "DA111", "DA201"}


def test_ignore_and_extend_select_on_the_command_line_build_on_it(capsys, project):
    configure(project, 'select = ["DA1"]')
    _, found = lint_codes(capsys, "raw", "--extend-select", "DA203")
    assert {code for _, code in found} == {"DA103", "DA111", "DA203"}
    _, found = lint_codes(capsys, "raw", "--ignore", "DA1", "--extend-select", "DA2")
    assert {code for _, code in found} == {"DA201", "DA203", "DA211"}


def test_config_names_the_file(capsys, project, tmp_path_factory):
    configure(project, 'select = ["DA1"]')
    other = tmp_path_factory.mktemp("other") / "pyproject.toml"
    other.write_text('[tool.digest.lint]\nselect = ["DA203"]\n', encoding="utf-8")
    _, found = lint_codes(capsys, "raw", "--config", str(other))
    assert {code for _, code in found} == {"DA203"}


def test_isolated_reads_no_configuration(capsys, project):
    configure(project, 'select = ["DA1"]')
    _, found = lint_codes(capsys, "raw", "--isolated")
    assert {code for _, code in found} == {"DA103", "DA111", "DA201", "DA203", "DA211"}


def test_what_stops_a_file_is_reported_whatever_the_configuration(capsys, project):
    (project / "raw/2020/2020-12-14.txt").write_bytes(b"")
    configure(project, 'select = ["DA2"]\nper-file-ignores = { "*.txt" = ["DA0"] }')
    status, found = lint_codes(capsys, "raw/2020/2020-12-14.txt")
    assert (status, found) == (1, [("2020-12-14.txt", "DA003")])


@pytest.mark.parametrize(
    ("table", "argv", "message"),
    [
        pytest.param('select = ["DA1"]\nfoo = 1', [], "unknown key foo", id="unknown-key"),
        pytest.param('ignore = ["XX1"]', [], "unknown rule code XX1", id="unknown-code"),
        pytest.param("select = [", [], "is not valid TOML", id="bad-toml"),
        pytest.param("", ["--extend-select", "DA9"], "unknown rule code: DA9", id="unknown-cli-code"),
        pytest.param(
            "", ["--config", "nowhere/pyproject.toml"], "cannot read nowhere/pyproject.toml", id="no-file"
        ),
        pytest.param(
            "", ["--config", "pyproject.toml", "--isolated"], "not allowed with", id="config-and-isolated"
        ),
    ],
)
def test_configuration_errors_exit_2_with_a_clear_message(capsys, project, table, argv, message):
    configure(project, table)
    status, out, err = run(capsys, "lint", "raw", *argv)
    assert (status, out) == (2, "")
    assert message in err


# --- --exit-zero and --output-file ---------------------------------------------------------


def test_exit_zero_passes_despite_errors(capsys, project):
    status, found = lint_codes(capsys, "raw", "--exit-zero")
    assert status == 0
    assert ("2020-12-15.txt", "DA103") in found


def test_output_file_gets_what_standard_output_would(capsys, project):
    _, expected, _ = run(capsys, "lint", "raw", "--format", "json")
    target = project / "reports" / "lint.json"
    status, out, err = run(capsys, "lint", "raw", "--format", "json", "--output-file", str(target))
    assert (status, out, err) == (1, "", "")
    assert target.read_text(encoding="utf-8") == expected
    assert json.loads(expected)


def test_output_file_with_text_keeps_the_summary_on_stderr(capsys, project):
    target = project / "lint.txt"
    status, out, err = run(capsys, "lint", "raw/2020/2020-12-16.txt", "--output-file", str(target))
    assert (status, out) == (0, "")
    assert err.strip() == "Found 0 errors and 4 warnings in 1 file."
    assert target.read_text(encoding="utf-8").count(": DA201 ") == 3


def test_the_documented_example_is_a_valid_configuration(repo_root, in_repo_root):
    page = (repo_root / "source/lint-rules.md").read_text(encoding="utf-8")
    example = page.split("```toml\n", 1)[1].split("```", 1)[0]
    config = parse_config(tomllib.loads(example), repo_root / "pyproject.toml")
    assert config.selection == Selection(select=("DA1", "DA2"), ignore=("DA203",))
    assert config.ignored_in("raw/2020/2020-12-16.txt") == ("DA201",)


def test_help_names_every_format_and_option(capsys):
    status, out, _ = run(capsys, "lint", "--help")
    assert status == 0
    assert "{text,json,github,sarif,junit,gitlab}" in out
    options = ("--extend-select", "--config", "--isolated", "--statistics", "--exit-zero", "--output-file")
    assert all(option in out for option in options)
    assert "[tool.digest.lint]" in out
