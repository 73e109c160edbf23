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
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    author: list[NameGroup] = Field(default_factory=list)
    affiliation: list[NameGroup] = Field(default_factory=list)
    #: Each kind's written names, each with its group.
    _groups: dict[str, dict[str, NameGroup]] = PrivateAttr(default_factory=dict)

    @model_validator(mode="after")
    def _each_name_once(self) -> NamesFile:
        for kind, groups in (("author", self.author), ("affiliation", self.affiliation)):
            of: dict[str, NameGroup] = {}
            for group in groups:
                for written in group.written:
                    if written in of:
                        raise ValueError(f"{kind} {written!r} is in two groups: a written name is one {kind}")
                    of[written] = group
            self._groups[kind] = of
        return self

    def same(self, kind: str, first: str, second: str) -> bool | None:
        """Whether the written names are one (True), told apart (False), or not said (None).

        Names of two groups are two; a group's ``distinct`` names are not it.
        """
        of = self._groups.get(kind, {})
        one, other = of.get(first), of.get(second)
        if one is not None and other is not None:
            return one is other
        if (one is not None and second in one.distinct) or (other is not None and first in other.distinct):
            return False
        return None

    def shown(self, kind: str, written: str) -> str:
        """How the archive's pages show the written name: its group's name, or as written."""
        group = self._groups.get(kind, {}).get(written)
        return written if group is None else group.name

    def renamed(self, authors: Iterable[str], affiliations: Iterable[str]) -> list[tuple[str, str]]:
        """The written names of ``authors`` and ``affiliations`` that are shown otherwise, with how."""
        found = []
        for kind, written in (("author", authors), ("affiliation", affiliations)):
            groups = self._groups.get(kind)
            if groups:
                found += [(name, groups[name].name) for name in written if name in groups]
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

    def _entry(self, entry: Entry) -> Entry:
        if not self.renamed(entry.authors, entry.affiliations):
            return entry
        authors = list(dict.fromkeys(self.shown("author", name) for name in entry.authors))
        affiliations = list(dict.fromkeys(self.shown("affiliation", name) for name in entry.affiliations))
        return entry.model_copy(update={"authors": authors, "affiliations": affiliations})


#: An archive without ``names.toml``.
NO_NAMES = NamesFile()
