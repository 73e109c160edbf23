"""The lint rule reference, generated from the registry: ``{digest-lint-rules}``."""

from __future__ import annotations

import re

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective

from ...lint import Rule, Severity, all_rules

#: The class of the rules' examples: they quote digests, so search leaves them out.
EXAMPLE_CLASS = "digest-lint-example"
_INLINE_LITERAL = re.compile(r"``(.+?)``")


def setup(app: Sphinx) -> None:
    app.add_directive("digest-lint-rules", LintRulesDirective)


class LintRulesDirective(SphinxDirective):
    """``{digest-lint-rules}``: the rule reference, generated from the registry.

    Each rule is a section with the anchor ``#da101`` and the label
    ``digest-lint-da101``.
    """

    has_content = False

    def run(self) -> list[nodes.Node]:
        return [self._rule_section(rule) for rule in all_rules()]

    def _rule_section(self, rule: Rule) -> nodes.section:
        # An explicit target: {ref}`digest-lint-da101` works from any page.
        label = f"digest-lint-{rule.code.lower()}"
        section = nodes.section(ids=[rule.code.lower()], names=[label])
        self.state.document.note_explicit_target(section)
        section += nodes.title("", f"{rule.code} {rule.name}")
        severity = "error: fails the check" if rule.severity is Severity.ERROR else "warning"
        section += nodes.paragraph(
            "", "", nodes.strong("", "", *_inline(rule.summary)), nodes.Text(f" ({severity})")
        )
        for paragraph in rule.explanation.split("\n\n"):
            if paragraph.strip():
                section += nodes.paragraph("", "", *_inline(" ".join(paragraph.split())))
        for example in rule.examples:
            section += nodes.paragraph(
                "", "", nodes.strong("", example.kind), nodes.Text(f" ({example.path}):")
            )
            block = nodes.literal_block(example.shown, example.shown, classes=[EXAMPLE_CLASS])
            block["language"] = "text"
            section += block
        return section


def _inline(text: str) -> list[nodes.Node]:
    """Plain text with ``literal`` spans; no other markup is interpreted."""
    parts = _INLINE_LITERAL.split(text)
    return [
        nodes.literal(part, part) if index % 2 else nodes.Text(part)
        for index, part in enumerate(parts)
        if part
    ]
