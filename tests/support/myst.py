"""The MyST configurations pages are read under."""

from __future__ import annotations

import pytest

#: The project's MyST configuration (conf.py enables no extension) ...
PROJECT = frozenset()
#: ... and every syntax extension, in case one is ever enabled: escaping must still hold.
EXTENDED = frozenset(
    {
        "amsmath",
        "attrs_block",
        "attrs_inline",
        "colon_fence",
        "deflist",
        "dollarmath",
        "fieldlist",
        "html_admonition",
        "html_image",
        "strikethrough",
        "substitution",
        "tasklist",
    }
)
CONFIGS = [pytest.param(PROJECT, id="project-config"), pytest.param(EXTENDED, id="all-extensions")]
