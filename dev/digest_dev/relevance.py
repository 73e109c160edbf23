"""The search's relevance set: queries a reader would type, each with the seed entry it must find.

Each query names the entry (``digest-DATE-N``, its anchor on the digest's
page) that a good search puts first or near it, on the seed archive and on
any archive holding the seeds (``make bench`` compares the archive's search
with Pagefind's on it, :mod:`digest_dev.bench`). The queries are the kinds
a reader types: a topic, a phrase from a title, an author's surname, another
form of a word, Chinese.
"""

from __future__ import annotations

#: (query, the anchor of the entry it must find).
RELEVANCE: tuple[tuple[str, str], ...] = (
    ("lottery ticket", "digest-2022-10-15-3"),
    ("winning tickets", "digest-2022-10-15-3"),
    ("panoptic segmentation videos", "digest-2022-10-15-4"),
    ("monocular depth", "digest-2020-12-16-3"),
    ("extracting training data language models", "digest-2020-12-16-4"),
    ("Carlini", "digest-2020-12-16-4"),
    ("Muesli", "digest-2021-04-26-8"),
    ("Kunin", "digest-2020-12-16-1"),
    ("neural mechanics symmetry", "digest-2020-12-16-1"),
    ("label noise", "digest-2021-04-26-4"),
    ("metadata normalization", "digest-2021-04-26-5"),
    ("differentiable NAS", "digest-2021-04-26-2"),
    ("face tracking", "digest-2021-04-26-7"),
    ("quantization noise compression", "digest-2021-04-26-9"),
    ("waveshaping", "digest-2021-07-19-3"),
    ("social biases", "digest-2021-07-19-5"),
    ("synthetic data computer vision", "digest-2021-07-19-6"),
    ("counterfactually augmented data", "digest-2021-07-19-8"),
    ("knowledge-grounded dialogue", "digest-2021-07-19-9"),
    ("out-of-distribution detection", "digest-2021-07-19-2"),
    ("sparse attention transformer", "digest-2021-07-19-4"),
    ("Ising models", "digest-2020-11-01-7"),
    ("safety critics exploration", "digest-2020-11-01-4"),
    ("few-shot extrapolation", "digest-2020-11-01-2"),
    ("graph neural networks generalization bounds", "digest-2020-12-16-9"),
    ("multi-arm teleoperation", "digest-2020-12-16-10"),
    ("KNN diffusion", "digest-2022-10-15-6"),
    ("PDEBench scientific machine learning", "digest-2022-10-15-9"),
    ("spoken description of images", "digest-2020-11-01-8"),
    ("神经切线核", "digest-2021-04-26-1"),
    ("元数据规范化", "digest-2021-04-26-5"),
    ("树结构", "digest-2020-11-01-7"),
)


def page_of(anchor: str) -> str:
    """The digest page an anchor is on, as its URL ends: ``2020-12-16.html``."""
    return f"{anchor.removeprefix('digest-').rsplit('-', 1)[0]}.html"
