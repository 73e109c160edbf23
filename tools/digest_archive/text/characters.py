"""The characters an output cannot carry as a digest has them: controls, and what XML cannot hold.

A digest is text from whoever pasted it. Lint refuses control characters
(DA114); every writer still copes with them on its own: the LaTeX writer
prints a visible mark, the XML writers replace what XML cannot hold, and
what is printed on a terminal shows what would act there escaped.
"""

from __future__ import annotations

import re

#: C0 controls but tab and newline, DEL and C1 (U+0085, "next line",
#: among them): invisible, or acting, and fatal to XeLaTeX and XML. (Lint
#: reads a carriage return as a line's end before it looks for them.)
_CONTROLS = "\\x00-\\x08\\x0b-\\x1f\\x7f-\\x9f"
#: The bidirectional embeddings, overrides and isolates, which reorder what
#: follows them on a line ("Trojan Source").
_DIRECTION = "\\u202a-\\u202e\\u2066-\\u2069"

#: A control character no page, feed or PDF can carry.
CONTROL = re.compile(f"[{_CONTROLS}]")
#: What a terminal or a log acts on, or shows other than it is: every C0
#: control (tab too: it would move a column), DEL, C1 and the direction marks.
ACTS_IN_TERMINAL = re.compile(f"[\\x00-\\x1f\\x7f-\\x9f{_DIRECTION}]")
#: What a terminal acts on but JSON may hold raw (it escapes C0 itself).
ACTS_RAW_IN_JSON = re.compile(f"[\\x7f-\\x9f{_DIRECTION}]")
#: What XML 1.0 cannot hold at all, even escaped: C0 controls but tab and
#: the line ends, surrogates, U+FFFE and U+FFFF.
NOT_XML = re.compile("[^\\t\\n\\r\\x20-\\ud7ff\\ue000-\\ufffd\\U00010000-\\U0010ffff]")


def xml_text(text: str) -> str:
    """``text`` with each character XML cannot hold replaced by U+FFFD."""
    return NOT_XML.sub("\ufffd", text)
