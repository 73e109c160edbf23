"""arXiv's subject taxonomy, as data.

Digests write the short code (``LG``, ``CV``, ``ME``); arXiv's full code is
``archive.SUBJECT`` (``cs.LG``, ``stat.ME``). Both forms are accepted, as are
archives without subjects (``quant-ph``). Source: https://arxiv.org/category_taxonomy
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

# Subjects with their English names, for the archives digests draw from.
_NAMED: dict[str, dict[str, str]] = {
    "cs": {
        "AI": "Artificial Intelligence",
        "AR": "Hardware Architecture",
        "CC": "Computational Complexity",
        "CE": "Computational Engineering, Finance, and Science",
        "CG": "Computational Geometry",
        "CL": "Computation and Language",
        "CR": "Cryptography and Security",
        "CV": "Computer Vision and Pattern Recognition",
        "CY": "Computers and Society",
        "DB": "Databases",
        "DC": "Distributed, Parallel, and Cluster Computing",
        "DL": "Digital Libraries",
        "DM": "Discrete Mathematics",
        "DS": "Data Structures and Algorithms",
        "ET": "Emerging Technologies",
        "FL": "Formal Languages and Automata Theory",
        "GL": "General Literature",
        "GR": "Graphics",
        "GT": "Computer Science and Game Theory",
        "HC": "Human-Computer Interaction",
        "IR": "Information Retrieval",
        "IT": "Information Theory",
        "LG": "Machine Learning",
        "LO": "Logic in Computer Science",
        "MA": "Multiagent Systems",
        "MM": "Multimedia",
        "MS": "Mathematical Software",
        "NA": "Numerical Analysis",
        "NE": "Neural and Evolutionary Computing",
        "NI": "Networking and Internet Architecture",
        "OH": "Other Computer Science",
        "OS": "Operating Systems",
        "PF": "Performance",
        "PL": "Programming Languages",
        "RO": "Robotics",
        "SC": "Symbolic Computation",
        "SD": "Sound",
        "SE": "Software Engineering",
        "SI": "Social and Information Networks",
        "SY": "Systems and Control",
    },
    "stat": {
        "AP": "Applications",
        "CO": "Computation",
        "ME": "Methodology",
        "ML": "Machine Learning",
        "OT": "Other Statistics",
        "TH": "Statistics Theory",
    },
    "eess": {
        "AS": "Audio and Speech Processing",
        "IV": "Image and Video Processing",
        "SP": "Signal Processing",
        "SY": "Systems and Control",
    },
    "econ": {
        "EM": "Econometrics",
        "GN": "General Economics",
        "TH": "Theoretical Economics",
    },
    "q-bio": {
        "BM": "Biomolecules",
        "CB": "Cell Behavior",
        "GN": "Genomics",
        "MN": "Molecular Networks",
        "NC": "Neurons and Cognition",
        "OT": "Other Quantitative Biology",
        "PE": "Populations and Evolution",
        "QM": "Quantitative Methods",
        "SC": "Subcellular Processes",
        "TO": "Tissues and Organs",
    },
    "q-fin": {
        "CP": "Computational Finance",
        "EC": "Economics",
        "GN": "General Finance",
        "MF": "Mathematical Finance",
        "PM": "Portfolio Management",
        "PR": "Pricing of Securities",
        "RM": "Risk Management",
        "ST": "Statistical Finance",
        "TR": "Trading and Market Microstructure",
    },
}

# Archives whose subjects digests rarely cite: codes only.
_UNNAMED: dict[str, tuple[str, ...]] = {
    "math": (
        "AC",
        "AG",
        "AP",
        "AT",
        "CA",
        "CO",
        "CT",
        "CV",
        "DG",
        "DS",
        "FA",
        "GM",
        "GN",
        "GR",
        "GT",
        "HO",
        "IT",
        "KT",
        "LO",
        "MG",
        "MP",
        "NA",
        "NT",
        "OA",
        "OC",
        "PR",
        "QA",
        "RA",
        "RT",
        "SG",
        "SP",
        "ST",
    ),
    "physics": (
        "acc-ph",
        "ao-ph",
        "app-ph",
        "atm-clus",
        "atom-ph",
        "bio-ph",
        "chem-ph",
        "class-ph",
        "comp-ph",
        "data-an",
        "ed-ph",
        "flu-dyn",
        "gen-ph",
        "geo-ph",
        "hist-ph",
        "ins-det",
        "med-ph",
        "optics",
        "plasm-ph",
        "pop-ph",
        "soc-ph",
        "space-ph",
    ),
    "astro-ph": ("CO", "EP", "GA", "HE", "IM", "SR"),
    "cond-mat": (
        "dis-nn",
        "mes-hall",
        "mtrl-sci",
        "other",
        "quant-gas",
        "soft",
        "stat-mech",
        "str-el",
        "supr-con",
    ),
    "nlin": ("AO", "CD", "CG", "PS", "SI"),
}

# Archives that are categories by themselves.
_STANDALONE = (
    "gr-qc",
    "hep-ex",
    "hep-lat",
    "hep-ph",
    "hep-th",
    "math-ph",
    "nucl-ex",
    "nucl-th",
    "quant-ph",
)


def _build() -> tuple[dict[str, str], dict[str, tuple[str, ...]]]:
    names: dict[str, str] = {}
    for archive, subjects in _NAMED.items():
        for code, name in subjects.items():
            names[f"{archive}.{code}"] = name
    for archive, codes in _UNNAMED.items():
        for code in codes:
            names[f"{archive}.{code}"] = f"{archive}.{code}"
    for archive in _STANDALONE:
        names[archive] = archive
    short: dict[str, list[str]] = {}
    for full in names:
        if "." in full:
            short.setdefault(full.split(".", 1)[1], []).append(full)
    return names, {code: tuple(fulls) for code, fulls in short.items()}


_names, _short = _build()

#: Every full arXiv category code with its English name.
CATEGORY_NAMES: Mapping[str, str] = MappingProxyType(_names)

#: Short code (``LG``) -> the full codes it can stand for (``cs.LG``).
SHORT_CODES: Mapping[str, tuple[str, ...]] = MappingProxyType(_short)


def full_codes(code: str) -> tuple[str, ...]:
    """The full arXiv codes ``code`` may stand for; empty if it is not one.

    A short code may be ambiguous (``CO`` is ``math.CO`` and ``stat.CO``);
    all candidates are returned, in taxonomy order.
    """
    if code in CATEGORY_NAMES:
        return (code,)
    return SHORT_CODES.get(code, ())


def is_category(code: str) -> bool:
    """Whether ``code`` is a real arXiv category, short or full."""
    return bool(full_codes(code))
