"""Timing a call at two sizes of its input: the ratio says how its cost grows, whatever the machine."""

from __future__ import annotations

import timeit
from collections.abc import Callable

#: Lengths of the adversarial lines: the ratio of their times is what is checked.
SHORT, LONG = 1_000, 16_000
#: A linear pattern scales by LONG / SHORT = 16, a quadratic one by 256. Linear
#: ones measured up to 28 on Chinese text: CPython's matching of non-ASCII
#: strings grows a little faster than their length at these sizes (the
#: search tokenizer's finditer went 0.54 ms, 2.4 ms, 15.5 ms at 1,000,
#: 4,000 and 16,000 pairs of "中a"). The bar sits between the two.
MAX_GROWTH = 64.0


def best_time(call: Callable[[], object], loops: int) -> float:
    """The best of three timings of ``loops`` calls: the pattern's cost, without the machine's noise.

    ``timeit`` switches the garbage collector off while it times: a
    collection that happens to fall in the longer run (``findall`` makes a
    list of thousands of matches) is not the pattern's cost.
    """
    return min(timeit.repeat(call, number=loops, repeat=3))


def loops_for(call: Callable[[], object]) -> int:
    """How many calls take a few milliseconds: enough for a timing to mean something."""
    loops = 1
    while best_time(call, loops) < 0.005 and loops < 1 << 16:
        loops *= 4
    return loops


def time_growth(on_long: Callable[[], object], on_short: Callable[[], object]) -> float:
    """How many times as long ``on_long`` takes as ``on_short``.

    A busy machine (another build, the rest of the suite) can only make one
    of the two timings longer, and so a ratio larger or smaller than the
    call's: one above :data:`MAX_GROWTH` is taken again, up to three times,
    and the smallest kept. A quadratic call grows by 256 at every try.
    """
    loops = loops_for(on_short)
    growth = float("inf")
    for _ in range(3):
        growth = min(growth, best_time(on_long, loops) / best_time(on_short, loops))
        if growth < MAX_GROWTH:
            break
    return growth
