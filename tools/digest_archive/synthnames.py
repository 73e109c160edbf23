"""Names for generated papers: authors and affiliations drawn from a Pitman–Yor process, real ones first.

Each author slot (and, separately, each affiliation slot) is drawn from a
Pitman–Yor process, the two-parameter Chinese restaurant process with discount
``d`` and concentration ``θ``: after ``n`` slots filled by ``K`` distinct names,
the next slot is a new name with probability ``(θ + d·K) / (θ + n)``, or an
existing name ``i`` with probability ``(c_i - d) / (θ + n)``, ``c_i`` its count
so far. Like Simon's model (Yule's process), this is preferential attachment,
but the chance of a new name falls slowly as the archive grows instead of
staying fixed, and gives what real authorship shows: distinct names keep
growing, as ``n**d`` once ``n`` is well above ``θ``; most names appear once
(a share tending to ``d``); a few become prolific. New names are the
templates' real ones first, then coined ones, redrawn until unseen so that a
new name is really new.

Drawing is exact and O(1): ``c_i - d = (c_i - 1) + (1 - d)``, so a list with
each name once per occurrence after its first (``n - K`` items, weight 1 each)
and a list with each name once (``K`` items, weight ``1 - d`` each) cover the
existing names, and one uniform number on ``[0, θ + n)`` picks the branch and,
scaled, the index. No counts or trees are needed (a Fenwick tree
over the ``c_i - d`` would cost O(log K), and alias tables cannot grow).
Memory is one list item per slot. The one departure from the process: an
entry's names are distinct, so a name drawn twice for one entry is drawn again.

Authors use ``d = 0.6, θ = 4000``, affiliations ``d = 0.4, θ = 200``:
institutions recur far more than people. ``source/performance.md`` gives
what they make at the benchmark's two sizes with seed 1: distinct names,
the share of them on one paper only, and the most papers on one name.

Coined names are made of syllables, as are the model names :mod:`.synth`
coins with :func:`coined_word`.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from itertools import accumulate

_SYLLABLES = [
    "ka", "ri", "to", "mo", "na", "se", "lu", "vi", "de", "ran", "chen", "wang", "li", "zhao", "sun",
    "ber", "gar", "nov", "ell", "ton", "ski", "ma", "ra", "lo", "ne", "ti", "sa", "ko", "mi", "ha",
    "ve", "la", "po", "an", "el", "ar", "or", "is", "en", "ba", "do", "fi", "go", "ju", "ku", "mar",
    "ler", "son", "berg", "man", "ini", "os", "ez", "ova", "tan", "shi", "yu",
]  # fmt: skip
#: Common surnames, most common first, drawn with weight 1 / rank for about a
#: third of coined people (fewer once their initials run out): many people
#: share them, as in a real author index.
_COMMON_SURNAMES = [
    "Wang", "Li", "Zhang", "Liu", "Chen", "Yang", "Huang", "Zhao", "Wu", "Zhou", "Xu", "Sun",
    "Ma", "Zhu", "Hu", "Guo", "He", "Lin", "Gao", "Luo", "Zheng", "Liang", "Xie", "Song", "Tang",
    "Han", "Feng", "Deng", "Cao", "Peng", "Kim", "Lee", "Park", "Singh", "Kumar", "Nguyen",
]  # fmt: skip
_COMMON_WEIGHTS = list(accumulate(1 / rank for rank in range(1, len(_COMMON_SURNAMES) + 1)))
_INITIALS = "ABCDEFGHJKLMNPRSTWXYZ"
#: Pitman–Yor parameters (discount, concentration); see the module docstring.
_AUTHOR_PROCESS = (0.6, 4000.0)
_AFFILIATION_PROCESS = (0.4, 200.0)


class PitmanYor:
    """Names drawn by a Pitman–Yor process: see the module docstring.

    ``seen`` holds every name seated, ``tables`` each once, ``repeats`` each
    once per occurrence after its first. ``real`` names are seated first when a
    new name is due, then names from ``coin``, redrawn while seen or real.
    """

    def __init__(
        self,
        discount: float,
        concentration: float,
        real: list[str],
        coin: Callable[[random.Random, int], str],
    ) -> None:
        self.discount = discount
        self.concentration = concentration
        self.real = real[::-1]
        self.reserved = frozenset(real)
        self.coin = coin
        self.seen: set[str] = set()
        self.tables: list[str] = []
        self.repeats: list[str] = []

    def draw(self, rng: random.Random, k: int) -> list[str]:
        """``k`` distinct names (a name drawn twice for one entry is drawn again)."""
        chosen: dict[str, None] = {}
        while len(chosen) < k:
            name = self._one(rng)
            if name not in chosen:
                chosen[name] = None
                self._seat(name)
        return list(chosen)

    def _one(self, rng: random.Random) -> str:
        tables, repeats = len(self.tables), len(self.repeats)
        # One uniform picks the branch and, scaled, the index within it:
        # [0, repeats) a repeat, then (1 - discount) per table, then a new name.
        u = rng.random() * (self.concentration + tables + repeats)
        if u < repeats:
            return self.repeats[int(u)]
        if u < repeats + tables * (1 - self.discount):
            return self.tables[min(int((u - repeats) / (1 - self.discount)), tables - 1)]
        if self.real:
            return self.real.pop()
        attempt = 0
        while (name := self.coin(rng, attempt)) in self.seen or name in self.reserved:
            attempt += 1
        return name

    def _seat(self, name: str) -> None:
        if name in self.seen:
            self.repeats.append(name)
        else:
            self.seen.add(name)
            self.tables.append(name)


def author_process(real: list[str]) -> PitmanYor:
    """The authors' process, which seats the ``real`` names first, then coined people."""
    return PitmanYor(*_AUTHOR_PROCESS, real, _coined_person)


def affiliation_process(real: list[str]) -> PitmanYor:
    """The affiliations' process, which seats the ``real`` names first, then coined institutions."""
    return PitmanYor(*_AFFILIATION_PROCESS, real, _coined_institution)


def coined_word(rng: random.Random, syllables: int) -> str:
    return "".join(rng.choice(_SYLLABLES) for _ in range(syllables))


def _coined_person(rng: random.Random, attempt: int = 0) -> str:
    """Initials and a surname: a common one, or coined (longer after ``attempt`` clashes)."""
    initials = rng.choice(_INITIALS)
    if rng.random() < 0.4:
        initials += f" {rng.choice(_INITIALS)}."
    if rng.random() < 0.35:
        surname = rng.choices(_COMMON_SURNAMES, cum_weights=_COMMON_WEIGHTS)[0]
    else:
        surname = coined_word(rng, rng.randint(2, 3) + attempt // 4).capitalize()
    return f"{initials} {surname}"


def _coined_institution(rng: random.Random, attempt: int = 0) -> str:
    name = coined_word(rng, rng.randint(2, 3) + attempt // 4).capitalize()
    return rng.choice(
        (
            f"University of {name}",
            f"{name} University",
            f"{name} Institute of Technology",
            f"{name} AI Lab",
            f"{name} Research",
        )
    )
