"""The one helper for HTML written by hand: text and attributes escaped as Sphinx's HTML writer escapes them.

HTML written outside a translator (a forwarding page, a ``<link>`` in a
page's head, a feed item's content) escapes every text and attribute with
:func:`escape`, so that it and the writer's own output cannot differ in how
a digest's text is escaped. It lives in the rendering step, with no
dependency, so that both the feeds rendered here and the Sphinx extension
call it.
"""

from __future__ import annotations

import re

#: What Sphinx's HTML writer writes as entities (docutils' ``encode``, its
#: translator's ``special_characters``): ``& < " > @``.
#: ``tests/sphinxext/test_writer.py`` checks that the two stay the same.
SPECIAL = {ord("&"): "&amp;", ord("<"): "&lt;", ord('"'): "&quot;", ord(">"): "&gt;", ord("@"): "&#64;"}
#: The same for a value between single quotes (:func:`single_quoted`): ``'``
#: escaped, ``"`` not, so a JSON record's quotes stay one byte each.
SPECIAL_SINGLE = {**{k: v for k, v in SPECIAL.items() if k != ord('"')}, ord("'"): "&#39;"}
#: Blanks other than the space, which an attribute value gets as spaces (docutils' ``attval``).
_BLANKS = re.compile("[\n\r\t\v\f]")


def escape(value: str, *, attribute: bool = True) -> str:
    """``value`` as Sphinx's HTML writer escapes it, byte for byte.

    By default as a double-quoted attribute value (its ``attval``: other
    blanks as spaces); with ``attribute=False`` as element text (its
    ``encode``).
    """
    if attribute:
        value = _BLANKS.sub(" ", value)
    return value.translate(SPECIAL)


def single_quoted(value: str) -> str:
    """``value`` as a single-quoted attribute value, quotes included: ``'{"a":1}'``.

    For the values that are JSON (a card's records), whose ``"`` would each
    cost six bytes as ``&quot;``: 13 MB of the site at 4,000 digests. Blanks,
    ``&``, ``<``, ``>`` and ``@`` as :func:`escape` writes them.
    """
    return "'" + _BLANKS.sub(" ", value).translate(SPECIAL_SINGLE) + "'"


#: What a JSON value inside ``<script>`` must not hold raw: ``<`` (a ``</script>`` or
#: ``<!--`` would end or change the element), ``>`` and ``&``, as ``\u`` escapes.
_SCRIPT_UNSAFE = {ord("<"): "\\u003c", ord(">"): "\\u003e", ord("&"): "\\u0026"}


def script_json(text: str) -> str:
    """JSON ``text`` made safe between ``<script>`` and ``</script>``: the same value to any JSON reader."""
    return text.translate(_SCRIPT_UNSAFE)
