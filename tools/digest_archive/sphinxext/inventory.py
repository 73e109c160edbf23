"""Whether an object's line in ``objects.inv`` reads back as that object, and nothing else.

Sphinx writes each object a domain yields as one line of ``objects.inv``
(``InventoryFile.dump`` in ``sphinx/util/inventory.py``)::

    name domain:type priority uri dispname

with nothing escaped, and reads it back by cutting the text into lines with
``str.splitlines()`` and each line with the lazy regular expression
``(.+?)\\s+(\\S+)\\s+(-?\\d+)\\s+?(\\S*)\\s+(.*)``. Names and titles come from
digests, which strangers write: an affiliation ``kunin2020neural
digest:paper 1 //evil.example/x -`` is read as the entry of the paper
kunin2020neural, sent to another host, and ``Building A 2 West Campus`` as an
object ``Building`` of type ``A``, a line the reader drops. The format has no
way to write such a name, so the domain leaves out of the inventory each
object :func:`reads_back` refuses.
"""

from __future__ import annotations

import zlib

from sphinx.util.inventory import InventoryFile

# A version 2 inventory's header, as InventoryFile.loads expects it; the
# project's name and version are not part of what is compared.
_HEADER = (
    b"# Sphinx inventory version 2\n# Project: -\n# Version: -\n"
    b"# The remainder of this file is compressed using zlib.\n"
)


def reads_back(domain: str, name: str, dispname: str, typ: str, uri: str, anchor: str, priority: int) -> bool:
    """Whether Sphinx reads the line it writes for this object back as exactly this object.

    The arguments are what ``Domain.get_objects`` yields, with ``uri`` the
    page's address (``builder.get_target_uri(docname)``; any address without
    blanks gives the same verdict). The line is written as
    ``InventoryFile.dump`` writes it and read by ``InventoryFile.loads``,
    Sphinx's own reader, as an inventory of that one line: it must hold this
    object, with its address and display name, and no other. So a name or a
    title that would split the line, be split by it, or be cut short is
    refused.

    Linear in the length of the line: Sphinx's pattern backtracks over a run
    of blanks in the name from every place in the run (quadratic in the
    run's length), so a name that is not single words between single spaces
    (as the parser writes every name) is refused before the reader sees it.
    On the rest the pattern does at most a few words' work at each space.
    """
    if not name or " ".join(name.split()) != name:
        return False
    # As InventoryFile.dump writes the line.
    written_anchor = anchor.removesuffix(name) + "$" if anchor.endswith(name) else anchor
    location = f"{uri}#{written_anchor}" if written_anchor else uri
    shown = "-" if dispname == name else dispname
    try:
        line = f"{name} {domain}:{typ} {priority} {location} {shown}\n".encode()
    except UnicodeEncodeError:  # a lone surrogate: dump itself would fail on it
        return False
    # The smallest window and memory zlib allows: the deflate state of its
    # defaults costs more than the rest of the check.
    compressor = zlib.compressobj(0, zlib.DEFLATED, 9, 1)
    inventory = InventoryFile.loads(_HEADER + compressor.compress(line) + compressor.flush(), uri="")
    read = {
        (typ_read, name_read, item.uri, item.display_name)
        for typ_read, items in inventory.data.items()
        for name_read, item in items.items()
    }
    return read == {(f"{domain}:{typ}", name, f"{uri}#{anchor}" if anchor else uri, shown)}
