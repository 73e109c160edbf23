"""names.toml: what the pages show of each name, and a change rewrites only what it touches."""

from __future__ import annotations

from pathlib import Path

import pytest

from digest_archive.archive.convert import convert
from digest_archive.text.variants import NamesFile
from support.commands import run_digest as run
from support.seeds import seed_files

#: The seed of 2021-07-19 writes "Google Research," once; the others write "Google Research".
GOOGLE = NamesFile.model_validate(
    {"affiliation": [{"name": "Google Research", "also": ["Google Research,"]}]}
)


def _files(out: Path) -> dict[str, bytes]:
    return {path.relative_to(out).as_posix(): path.read_bytes() for path in out.rglob("*") if path.is_file()}


@pytest.mark.slow  # converts the seeds twice: some 3 s
def test_an_alias_rewrites_the_pages_of_its_names_and_no_other(tmp_path: Path) -> None:
    raw = seed_files(tmp_path)
    out = tmp_path / "pages"
    convert(raw, out)
    before = _files(out)
    assert any(b"Google Research," in text for name, text in before.items() if name.endswith(".md"))
    result = convert(raw, out, names=GOOGLE)
    after = _files(out)
    written = {path.relative_to(out).as_posix() for path in result.written}
    # The digest that writes the name the other way, and the index of affiliations, which
    # counted it apart; no other digest's page.
    assert "2021/2021-07-19.md" in written
    assert "affiliations/index.md" in written
    assert not {page for page in written if page.startswith(("2020/", "2022/", "2021/2021-04"))}
    # Nowhere shown the other way any more: pages, downloads, the day's data, the statistics.
    assert not [name for name, text in after.items() if b"Google Research," in text and name[0] != "."]
    # And as it was when the alias goes.
    convert(raw, out)
    assert {name: text for name, text in _files(out).items() if name[0] != "."} == {
        name: text for name, text in before.items() if name[0] != "."
    }


def test_convert_refuses_a_broken_names_toml(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    seed_files(tmp_path)
    (tmp_path / "names.toml").write_text("[[author]]\nname = 'A'\nalias = ['B']\n", encoding="utf-8")
    status, _, err = run(
        capsys,
        "convert",
        str(tmp_path / "raw"),
        "--raw-dir",
        str(tmp_path / "raw"),
        "--out",
        str(tmp_path / "out"),
    )
    assert status == 2
    assert "names.toml: author.0.alias: Extra inputs are not permitted" in err
    assert not (tmp_path / "out").exists()
