"""Which written names may be one person or one institution, and ``names.toml``, which says which are.

Digests write one author as ``K Zhang``, ``K. Zhang`` or ``Kai Zhang``, and one
institution as ``Stanford University`` or ``Stanford University.``. Two
written names are *likely variants* when their :func:`author_key` (surname
and initials) or :func:`affiliation_key` (words without punctuation or case)
are the same. Whether they are one is the archive's call, written in
``names.toml`` (:class:`NamesFile`): the names each group holds are one, and
the names it keeps apart are not, so lint no longer asks.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, model_validator

from ..model import Digest, Entry

#: The file, in the repository beside ``raw/``.
NAMES_FILE = "names.toml"

# A name's parts: runs of letters (of any script), apart at spaces, dots and hyphens.
_PARTS = re.compile(r"[^\W\d_]+")
# An affiliation's words, punctuation and case aside.
_WORDS = re.compile(r"\w+")


def author_key(name: str) -> str:
    """A written author's surname and initials: ``zhang k`` for ``K Zhang``, ``K. Zhang`` and ``Kai Zhang``.

    The surname is the last part; each earlier part gives its first letter,
    or each of its letters when it is written in capitals of up to three
    (``KY Zhang`` as ``K Y Zhang``). Empty for a name of one part.
    """
    parts = _PARTS.findall(unicodedata.normalize("NFKC", name))
    if len(parts) < 2:
        return ""
    initials = "".join(part if part.isupper() and len(part) <= 3 else part[0] for part in parts[:-1])
    return f"{parts[-1].casefold()} {initials.casefold()}"


def affiliation_key(name: str) -> str:
    """A written affiliation's words, without case, width or punctuation: ``stanford university``."""
    return " ".join(_WORDS.findall(unicodedata.normalize("NFKC", name).casefold()))


class NameGroup(BaseModel):
    """Written names that are one person or one institution, and those that are not."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str = Field(min_length=1, description="The name as the archive's pages show it.")
    also: list[str] = Field(default_factory=list, description="Other ways the digests write the same name.")
    distinct: list[str] = Field(
        default_factory=list, description="Written names like it that are someone, or somewhere, else."
    )
    at: list[str] = Field(
        default_factory=list,
        description=(
            "An author's group only: it holds its written names on the entries with one of these "
            "affiliations (as written or shown), so that one written name can be two people."
        ),
    )

    @property
    def written(self) -> list[str]:
        return [self.name, *self.also]


class NamesFile(BaseModel):
    """``names.toml``: which written authors and affiliations are one, and which are not.

    Example::

        [[author]]
        name = "K Zhang"
        also = ["K. Zhang", "Kai Zhang"]
        distinct = ["K Y. Zhang"]

        [[affiliation]]
        name = "Stanford University"
        also = ["Stanford", "Stanford University."]

        # One written name, two people: told apart by their affiliations.
        [[author]]
        name = "Y Wang (Tsinghua)"
        also = ["Y Wang"]
        at = ["Tsinghua University"]
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    author: list[NameGroup] = Field(default_factory=list)
    affiliation: list[NameGroup] = Field(default_factory=list)
    #: Each kind's written names, each with its groups (several only for an author told apart by ``at``).
    _groups: dict[str, dict[str, list[NameGroup]]] = PrivateAttr(default_factory=dict)

    @model_validator(mode="after")
    def _each_name_once(self) -> NamesFile:
        if any(group.at for group in self.affiliation):
            raise ValueError("affiliation groups have no 'at': it tells one written author's people apart")
        for kind, groups in (("author", self.author), ("affiliation", self.affiliation)):
            of: dict[str, list[NameGroup]] = {}
            for group in groups:
                for written in group.written:
                    held = of.setdefault(written, [])
                    # One written name in several groups: each but one says where it holds, none alike.
                    places = [set(other.at) for other in held]
                    if held and (
                        sum(not other.at for other in [*held, group]) > 1
                        or any(set(group.at) & at for at in places)
                    ):
                        raise ValueError(f"{kind} {written!r} is in two groups: a written name is one {kind}")
                    held.append(group)
            self._groups[kind] = of
        return self

    def _group(self, kind: str, written: str, affiliations: Iterable[str] = ()) -> NameGroup | None:
        """The group ``written`` is of, on an entry with ``affiliations``; None for none."""
        held = self._groups.get(kind, {}).get(written)
        if not held:
            return None
        if len(held) > 1 or held[0].at:
            on = set(affiliations)
            on |= {self.shown("affiliation", name) for name in on}
            placed = [group for group in held if on & set(group.at)]
            if placed:
                return placed[0]
        return next((group for group in held if not group.at), None)

    def same(self, kind: str, first: str, second: str) -> bool | None:
        """Whether the written names are one (True), told apart (False), or not said (None).

        Names of two groups are two, and a group's ``distinct`` names are not
        it; a name whose groups one shares with the other's may be it.
        """
        of = self._groups.get(kind, {})
        ones, others = of.get(first, []), of.get(second, [])
        if ones and others:
            return any(one is other for one in ones for other in others)
        if any(second in one.distinct for one in ones) or any(first in other.distinct for other in others):
            return False
        return None

    def shown(self, kind: str, written: str, affiliations: Iterable[str] = ()) -> str:
        """How the pages show a written name on an entry of ``affiliations``: its group's, or as written."""
        group = self._group(kind, written, affiliations)
        return written if group is None else group.name

    def renamed(self, authors: Iterable[str], affiliations: Iterable[str]) -> list[tuple[str, str]]:
        """An entry's written ``authors`` and ``affiliations`` that are shown otherwise, with how."""
        affiliations = list(affiliations)
        found = []
        for kind, written in (("author", authors), ("affiliation", affiliations)):
            # A name no group holds is shown as written: most names, looked up once a build.
            held = self._groups.get(kind, {})
            found += [(name, self.shown(kind, name, affiliations)) for name in written if name in held]
        return [(name, shown) for name, shown in found if shown != name]

    @property
    def says_nothing(self) -> bool:
        """Whether no name is shown otherwise than written: no group has another name."""
        return not any(group.also for group in [*self.author, *self.affiliation])

    def applied(self, digest: Digest) -> Digest:
        """``digest`` with its entries' authors and affiliations as the archive shows them.

        A name written twice on one entry, once each way, is shown once.
        """
        if self.says_nothing:
            return digest
        return digest.model_copy(update={"entries": [self._entry(entry) for entry in digest.entries]})

    def names_of(self, authors: Iterable[str], affiliations: Iterable[str]) -> tuple[list[str], list[str]]:
        """An entry's ``authors`` and ``affiliations`` as the archive shows them, each name once."""
        affiliations = list(affiliations)
        return (
            list(dict.fromkeys(self.shown("author", name, affiliations) for name in authors)),
            list(dict.fromkeys(self.shown("affiliation", name) for name in affiliations)),
        )

    def _entry(self, entry: Entry) -> Entry:
        if not self.renamed(entry.authors, entry.affiliations):
            return entry
        authors, affiliations = self.names_of(entry.authors, entry.affiliations)
        return entry.model_copy(update={"authors": authors, "affiliations": affiliations})


#: An archive without ``names.toml``.
NO_NAMES = NamesFile()
