"""Every command the contributing page shows is one the project has, and the short ones print what it shows.

A console block's ``$`` lines are the commands, the lines after each what
it prints. ``digest`` commands on files of the repository run as shown, in
a copy of its raw folder, and must print each line the page shows (the
page may show a part); ``digest add`` runs on the seed the page's example
files. Every ``digest`` command line parses with the tool's own parser,
every ``make`` target is the Makefile's, and every path is the project's.
"""

from __future__ import annotations

import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from digest_archive.cli import build_parser
from support.paths import REPO_ROOT
from support.seeds import read_seed

PAGE = REPO_ROOT / "source/contributing.md"
_BLOCK = re.compile(r"^( *)```console\n(.*?)^\1```$", re.S | re.M)
DIGEST = ".venv/bin/digest"
#: What else the page's commands run: tools of the machine, not the project's.
OTHER_TOOLS = {"git", "npm", "xclip", "make"}


def _shown() -> list[tuple[str, list[str]]]:
    """Each command of the page's console blocks, with the lines shown after it."""
    commands: list[tuple[str, list[str]]] = []
    for found in _BLOCK.finditer(PAGE.read_text(encoding="utf-8")):
        indent = len(found[1])
        for line in found[2].splitlines():
            line = line[indent:]
            if line.startswith("$ "):
                commands.append((line[2:].split("  #", 1)[0].strip(), []))
            elif line.strip() and commands:
                commands[-1][1].append(line)
    return commands


SHOWN = _shown()


def _programs(command: str) -> list[list[str]]:
    """The simple commands of a shell line (``a | b``, ``a && b``), split as the shell would."""
    return [shlex.split(part) for part in re.split(r"\s*(?:\|\||&&|\|)\s*", command) if part]


def test_the_page_shows_commands() -> None:
    assert len(SHOWN) >= 10
    assert any(command.startswith(f"{DIGEST} lint --fix") for command, _ in SHOWN)


@pytest.mark.parametrize("command", sorted({command for command, _ in SHOWN}))
def test_each_command_is_the_projects(command: str) -> None:
    for words in _programs(command):
        program = words[0]
        if program == DIGEST:
            # Parses with digest's own parser: a command, options and arguments it has.
            try:
                build_parser().parse_args(words[1:])
            except SystemExit as error:
                pytest.fail(f"{command}: digest refuses it ({error})")
        elif program.startswith(".venv/bin/"):
            assert program.removeprefix(".venv/bin/") in {"pre-commit", "python"}, command
            if "pytest" in words:
                assert all((REPO_ROOT / word).exists() for word in words if word.startswith("tests/"))
        else:
            assert program in OTHER_TOOLS, command
            if program == "make":
                for target in words[1:]:
                    result = subprocess.run(
                        ["make", "-n", target], cwd=REPO_ROOT, capture_output=True, text=True
                    )
                    assert result.returncode == 0, (target, result.stderr)


def _runnable() -> list[tuple[str, list[str]]]:
    """The ``digest`` commands shown with their output, on files the repository has (``raw/…``)."""
    runnable = []
    for command, lines in SHOWN:
        words = shlex.split(command)
        if words[0] != DIGEST or words[1] == "add" or not lines:
            continue
        paths = build_parser().parse_args(words[1:]).paths
        if all((REPO_ROOT / path).exists() for path in paths):
            runnable.append((command, lines))
    return runnable


@pytest.mark.parametrize(("command", "lines"), _runnable(), ids=[command for command, _ in _runnable()])
def test_a_command_on_the_repositorys_files_prints_what_the_page_shows(
    command: str, lines: list[str], tmp_path: Path
) -> None:
    shutil.copytree(REPO_ROOT / "raw", tmp_path / "raw")
    words = shlex.split(command)
    digest = str(Path(sys.executable).with_name("digest"))
    result = subprocess.run([digest, *words[1:]], cwd=tmp_path, capture_output=True, text=True)
    printed = (result.stdout + result.stderr).splitlines()
    assert lines, command
    for line in lines:
        assert line in printed, (command, line, printed)


def test_digest_add_prints_what_the_page_shows(tmp_path: Path) -> None:
    """The page pastes 2020-12-16's digest; filed in an empty archive, it prints the page's lines."""
    ((_, lines),) = [(command, lines) for command, lines in SHOWN if command.endswith(f"{DIGEST} add -")]
    (tmp_path / "raw").mkdir()
    digest = str(Path(sys.executable).with_name("digest"))
    result = subprocess.run(
        [digest, "add", "-"], cwd=tmp_path, input=read_seed("2020-12-16"), capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    assert (result.stdout + result.stderr).splitlines() == lines
