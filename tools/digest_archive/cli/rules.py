"""``digest rules``: list the lint rules, or explain some, with their examples."""

from __future__ import annotations

import argparse
from typing import TextIO

from ..archive.files import UsageError
from ..lint import REGISTRY, all_rules
from .arguments import EXIT_OK


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    rules = commands.add_parser(
        "rules",
        help="list the lint rules, or explain one",
        description="List the lint rules, or explain the ones given.",
    )
    rules.add_argument("codes", nargs="*", metavar="CODE")
    rules.set_defaults(run=_rules)


def _rules(args: argparse.Namespace, out: TextIO) -> int:
    missing = [code for code in args.codes if code.upper() not in REGISTRY]
    if missing:
        raise UsageError(f"unknown rule code: {', '.join(missing)}")
    if not args.codes:
        for rule in all_rules():
            out.write(f"{rule.code}  {rule.severity.value:<7}  {rule.name:<24} {rule.summary}\n")
        return EXIT_OK
    for code in args.codes:
        rule = REGISTRY[code.upper()]
        out.write(f"{rule.code} {rule.name} ({rule.severity.value})\n\n{rule.summary}\n")
        if rule.explanation:
            out.write(f"\n{rule.explanation}\n")
        for example in rule.examples:
            out.write(f"\n{example.kind} ({example.path}):\n\n")
            out.write("".join(f"    {line}\n" for line in example.shown.splitlines()))
    return EXIT_OK
