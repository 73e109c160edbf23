"""Every regular expression of the package runs in linear time on any line.

Raw digests come from strangers, and one line of a raw file can be a
megabyte long. Python's regex engine backtracks, so a pattern that is linear
on the text it was written for can be quadratic (or worse) on a line made of
its own characters: ``[(（]\\*[^)）]*+[)）]`` searched over ``(*(*(*…``
rescans the rest of the line from every ``(``.

The test finds every compiled pattern in the package's modules, builds
adversarial lines from each pattern's own characters (long runs of one
character, or of a pair), and times ``findall`` (every start position, as
``search``, ``finditer`` and ``sub`` try them) and ``fullmatch`` (the longest
single attempt) at two lengths. A linear pattern takes about four times as
long on a line four times as long; a quadratic one sixteen times. Only the
ratio of two timings taken one after the other is compared, so the machine's
speed does not matter.
"""

from __future__ import annotations

import ast
import importlib
import pkgutil
import re
import time
from collections.abc import Iterator
from functools import partial
from pathlib import Path

import pytest

import digest_archive
from support.timing import LONG, MAX_GROWTH, SHORT, time_growth

#: Characters tried with every pattern besides its own: blanks, letters,
#: digits and CJK text, which character classes match.
COMMON = " \u3000aA1中。"


def _modules() -> Iterator[object]:
    yield digest_archive
    for info in pkgutil.walk_packages(digest_archive.__path__, f"{digest_archive.__name__}."):
        if not info.name.endswith(".__main__"):  # importing it runs the command
            yield importlib.import_module(info.name)


def _patterns() -> dict[str, re.Pattern[str]]:
    found: dict[str, re.Pattern[str]] = {}
    for module in _modules():
        for name, value in vars(module).items():
            if isinstance(value, re.Pattern) and isinstance(value.pattern, str):
                found.setdefault(f"{module.__name__}.{name}", value)
    return found


PATTERNS = _patterns()


def test_every_pattern_is_compiled_where_this_test_finds_it() -> None:
    """No ``re.match(r"…", …)`` inside a function: this test would not see the pattern."""
    inline = []
    for path in Path(digest_archive.__file__).parent.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and isinstance(node.func.value, ast.Name)
                and node.func.value.id == "re"
                and node.func.attr != "compile"
                and node.args
                and isinstance(node.args[0], ast.Constant | ast.JoinedStr)
            ):
                inline.append(f"{path.name}:{node.lineno}")
    assert inline == []
    assert len(PATTERNS) > 20


def _lines(pattern: re.Pattern[str], length: int) -> Iterator[str]:
    characters = sorted(set(pattern.pattern) | set(COMMON))
    for first in characters:
        yield first * length
        for second in characters:
            if second != first:
                yield (first + second) * (length // 2)


def _worst_growth(pattern: re.Pattern[str]) -> tuple[float, str, str]:
    """The largest LONG/SHORT time ratio over the adversarial lines, with its method and line."""
    methods = {"findall": pattern.findall, "fullmatch": pattern.fullmatch}
    # One cheap pass at the short length picks the lines worth timing closely:
    # most lines fail at once, in microseconds, and say nothing about growth.
    timed = []
    for name, method in methods.items():
        for line in _lines(pattern, LONG):
            short = line[: len(line) * SHORT // LONG]
            start = time.perf_counter()
            method(short)
            timed.append((time.perf_counter() - start, name, line))
    timed.sort(reverse=True)
    worst = (0.0, "", "")
    for _, name, line in timed[:5]:
        method = methods[name]
        growth = time_growth(partial(method, line), partial(method, line[: len(line) * SHORT // LONG]))
        worst = max(worst, (growth, name, line))
    return worst


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(PATTERNS))
def test_pattern_runs_in_linear_time(name: str) -> None:
    pattern = PATTERNS[name]
    growth, method, line = _worst_growth(pattern)
    assert growth < MAX_GROWTH, (
        f"{name}.{method} takes {growth:.0f} × as long on a line {LONG // SHORT} × as long: {line[:12]!r}…"
    )
