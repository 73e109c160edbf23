"""Names whose permanent pages' hashes collide: a pair found once, and a way to find more."""

from __future__ import annotations

from digest_archive.render.names import permalink_stem

#: Two authors whose names share the twelve hex digits of hash of the
#: archive's stems (271eeeec96e9), found by a birthday search over 2**26 ways
#: of writing one name's letters in upper or lower case (four minutes here).
COLLIDING = ("KaiyuanZhEwEnlI ZHanGWEnlianGxu", "KaIyUANZheWENLI ZhANgWENliANGxu")


def colliding(kind: str, names: list[str]) -> list[str]:
    """The first names of ``names`` whose permanent pages' stems collide with an earlier one's."""
    seen: dict[str, str] = {}
    for name in names:
        stem = permalink_stem(kind, name)
        if stem in seen:
            return [seen[stem], name]
        seen[stem] = name
    raise AssertionError("no collision")


def cases(name: str) -> list[str]:
    """Every way of writing ``name``'s letters but each word's first in upper or lower case.

    As a search for collisions tries them; still names as the parser reads an author list.
    """
    letters = [
        index for index, char in enumerate(name) if char.isalpha() and index and name[index - 1] != " "
    ]
    out = []
    for bits in range(1 << len(letters)):
        chars = list(name)
        for position, index in enumerate(letters):
            chars[index] = chars[index].upper() if bits >> position & 1 else chars[index].lower()
        out.append("".join(chars))
    return out
