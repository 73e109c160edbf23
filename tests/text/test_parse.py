"""The parser, checked against the real digests and small hand-written inputs."""

from __future__ import annotations

import datetime as dt

import pytest

from digest_archive.model import Section, Span
from digest_archive.text.parse import MAX_ENTRIES, MAX_NOTES, parse_digest
from support.seeds import (
    SEED_ENTRIES,
    accounted_lines,
    content_lines,
    parse_seed,
    parse_snippet,
    read_seed,
    relative_source,
)

# --- the real digests ----------------------------------------------------------

SECTIONS = {
    "2020-12-16": (5, 5),
    "2021-04-26": (5, 4),
    "2022-10-15": (9, 0),
    "2020-11-01": (5, 3),
    "2021-07-19": (5, 4),
}


@pytest.mark.parametrize(("date", "count"), SEED_ENTRIES.items())
def test_every_entry_of_a_seed_is_found(seeds, date, count):
    assert len(seeds[date].entries) == count


#: Full-width brackets, as Weibo posts often have them where the layout has [ and ].
_FULL_WIDTH = str.maketrans("[]", "【】")
_BACK = str.maketrans("【】", "[]")


@pytest.mark.parametrize("date", SEED_ENTRIES)
def test_full_width_brackets_read_as_the_layout_s(date):
    # Every bracket of the seed made full-width (a column each, as before):
    # the same entries, fields and positions, the brackets in the text aside.
    text = read_seed(date).translate(_FULL_WIDTH)
    assert "【" in text
    source = relative_source(date)
    full = parse_digest(text, source=source, date=dt.date.fromisoformat(date))
    assert full.model_dump_json().translate(_BACK) == parse_seed(date).model_dump_json()


def test_the_seeds_hold_45_entries(seeds):
    assert sum(len(digest.entries) for digest in seeds.values()) == 45


@pytest.mark.parametrize(("date", "sections"), SECTIONS.items())
def test_entries_are_split_into_featured_and_more(seeds, date, sections):
    digest = seeds[date]
    featured, more = digest.section(Section.FEATURED), digest.section(Section.MORE)
    assert (len(featured), len(more)) == sections
    assert [entry.number for entry in featured] == list(range(1, sections[0] + 1))
    assert all(entry.number is None for entry in more)
    # The featured entries come first, in file order.
    assert digest.entries == featured + more
    assert [entry.line for entry in digest.entries] == sorted(entry.line for entry in digest.entries)


@pytest.mark.parametrize("date", SEED_ENTRIES)
def test_no_line_of_a_seed_is_left_unparsed(seeds, date):
    assert seeds[date].unparsed == []


@pytest.mark.parametrize("date", SEED_ENTRIES)
def test_every_line_of_a_seed_is_accounted_for(seeds, date):
    """Each line with text is a field, an artifact or an unparsed line: nothing is dropped."""
    assert content_lines(read_seed(date)) == accounted_lines(seeds[date])
    # ... and each entry's first line through its fields, not just through Entry.line.
    for entry in seeds[date].entries:
        assert entry.spans["category"][0].line == entry.spans["title"][0].line == entry.line


@pytest.mark.parametrize("date", SEED_ENTRIES)
def test_seed_digest_records_its_source_and_date(seeds, date):
    digest = seeds[date]
    assert digest.source == f"raw/{date[:4]}/{date}.txt"
    assert digest.date.isoformat() == date


@pytest.mark.parametrize("date", SEED_ENTRIES)
def test_no_seed_title_keeps_markup(seeds, date):
    for entry in seeds[date].entries:
        assert entry.title
        assert "*" not in entry.title
        assert entry.title == entry.title.strip()


@pytest.mark.parametrize("date", SEED_ENTRIES)
def test_every_seed_entry_has_authors_and_one_link(seeds, date):
    for entry in seeds[date].entries:
        assert entry.authors, entry.title
        assert len(entry.links) == 1, entry.title


def test_legend_and_highlight_note(seeds):
    legend = seeds["2020-12-16"].legend
    assert [(item.code, item.name) for item in legend] == [
        ("LG", "机器学习"),
        ("CV", "计算机视觉"),
        ("CL", "计算与语言"),
        ("AS", "音频与语音"),
        ("RO", "机器人"),
    ]
    assert seeds["2020-12-16"].highlight_note == "(*表示值得重点关注)"
    assert seeds["2021-07-19"].highlight_note is None
    # 2022's legend is separated by no-break spaces.
    assert [item.code for item in seeds["2022-10-15"].legend] == ["LG", "CV", "CL", "AS", "RO"]


# 2020-12-16: one line holds the Chinese summary, the English abstract and the link.


def test_2020_12_16_entry_1_field_by_field(seeds):
    entry = seeds["2020-12-16"].entries[0]
    assert entry.number == 1
    assert entry.section is Section.FEATURED
    assert entry.category == "LG"
    assert entry.highlighted is True
    assert entry.title == "Neural Mechanics: Symmetry and Broken Conservation Laws in Deep Learning Dynamics"
    assert entry.title_zh is None
    assert entry.authors == ["D Kunin", "J Sagastuy-Brena", "S Ganguli", "D L.K. Yamins", "H Tanaka"]
    assert entry.authors_truncated is False
    assert entry.affiliations == ["Stanford University"]
    assert entry.year is None
    assert entry.summary_zh.startswith("神经力学")
    assert entry.summary_zh.endswith("分析描述各种参数组合的学习动力学。")
    assert entry.abstract_en.startswith("Predicting the dynamics")
    assert entry.abstract_en.endswith("trained on any dataset.")
    assert entry.links == ["https://weibo.com/1402400261/JyFsjATR5"]
    assert entry.figures == ["f01.png.jpg", "f02.png.jpg", "f03.png.jpg"]
    assert entry.line == 3
    assert entry.artifacts == []


def test_2020_12_16_entry_1_spans_point_at_the_raw_text(seeds):
    entry = seeds["2020-12-16"].entries[0]
    raw = read_seed("2020-12-16").split("\n")
    for field, start in [
        ("category", "LG]"),
        ("title", "Neural Mechanics"),
        ("authors", "D Kunin"),
        ("affiliations", "[Stanford"),
        ("summary_zh", "神经力学"),
        ("abstract_en", "Predicting the dynamics"),
        ("figures", "f01.png.jpg"),
    ]:
        span = entry.span(field)
        assert raw[span.line - 1][span.column - 1 :].startswith(start), field


@pytest.mark.parametrize("date", SEED_ENTRIES)
def test_link_spans_point_at_the_url(seeds, date):
    """A link's span is where its URL is written, also when it ends a summary/abstract line."""
    raw = read_seed(date).split("\n")
    for entry in seeds[date].entries:
        for url, span in zip(entry.links, entry.spans["links"], strict=True):
            assert raw[span.line - 1][span.column - 1 :].startswith(url), (entry.line, url)


def test_link_span_after_an_abstract_on_the_same_line():
    digest = parse_snippet(
        "1、[LG] Title\nD Kunin\n神经力学。 Predicting dynamics. https://weibo.com/1/JyFsjATR5\n"
    )
    (entry,) = digest.entries
    assert entry.links == ["https://weibo.com/1/JyFsjATR5"]
    assert entry.spans["links"] == [Span(line=3, column=28)]


@pytest.mark.parametrize(
    ("index", "line", "title"),
    [
        (1, 9, "Variable-Shot Adaptation for Online Meta-Learning"),
        (2, 15, "HR-Depth: High Resolution Self-Supervised Monocular Depth Estimation"),
        (3, 21, "Extracting Training Data from Large Language Models"),
    ],
)
def test_2020_12_16_bold_artifacts_are_recorded_and_removed(seeds, index, line, title):
    entry = seeds["2020-12-16"].entries[index]
    assert entry.title == title
    assert entry.highlighted is False
    assert [(a.text, a.line, a.column) for a in entry.artifacts] == [("** **", line, 7)]


def test_2020_12_16_entry_5_has_no_affiliations(seeds):
    entry = seeds["2020-12-16"].entries[4]
    assert entry.category == "ME"
    assert entry.authors == ["F Dominici", "F J. Bargagli-Stoffi", "F Mealli"]
    assert entry.affiliations == []
    assert entry.summary_zh.startswith("从受控数据到无序数据")
    assert entry.abstract_en.startswith("This paper discusses")


def test_2020_12_16_more_entries(seeds):
    digest = seeds["2020-12-16"]
    assert digest.more_heading == "另外几篇值得关注的论文:"
    first = digest.section(Section.MORE)[0]
    assert first.title == "Relative Variational Intrinsic Control"
    assert first.title_zh == "相对变分内控(RVIC)技能学习目标"
    assert first.authors == ["K Baumli", "D Warde-Farley", "S Hansen", "V Mnih"]
    assert first.affiliations == ["DeepMind"]
    assert first.summary_zh is None and first.abstract_en is None
    assert first.links == ["https://weibo.com/1402400261/JyFRrcFEe"]
    assert first.figures == ["f01.png.jpg", "f02.png.jpg"]
    third = digest.section(Section.MORE)[2]
    assert third.authors == ["L Porzi", "S R Bulò", "P Kontschieder"]
    assert third.figures == ["image.png", "f03.png.jpg", "f04.png.jpg"]
    last = digest.section(Section.MORE)[4]
    assert "R Martín-Martín" in last.authors


def test_affiliations_are_split_on_ampersands(seeds):
    entry = seeds["2020-12-16"].entries[3]
    assert entry.affiliations == [
        "Google",
        "Stanford",
        "UC Berkeley",
        "Northeastern University",
        "OpenAI",
        "Apple",
    ]
    # A comma inside one affiliation does not split it.
    omnihang = seeds["2021-04-26"].section(Section.MORE)[0]
    assert omnihang.affiliations == ["University of California, Los Angeles", "Stanford University"]


# 2020-11-01: indented, "**" in titles and between summary and abstract.


def test_2020_11_01_highlighted_entries(seeds):
    entries = seeds["2020-11-01"].entries
    assert [entry.highlighted for entry in entries[:5]] == [True, True, True, False, False]
    assert entries[0].title.startswith("Deep learning versus kernel learning")
    assert entries[0].authors[-2:] == ["D M. Roy", "S Ganguli"]
    assert entries[0].affiliations == ["Stanford University", "Element AI", "University of Toronto"]
    assert entries[0].figures == ["image.png"] * 4


@pytest.mark.parametrize(
    ("index", "line", "title"),
    [
        (3, 24, "Conservative Safety Critics for Exploration"),
        (4, 30, "On the Importance of Adaptive Data Collection for Extremely Imbalanced Pairwise Tasks"),
    ],
)
def test_2020_11_01_double_star_title_is_an_artifact_not_a_highlight(seeds, index, line, title):
    entry = seeds["2020-11-01"].entries[index]
    assert entry.title == title
    assert entry.highlighted is False
    assert ("**", line, 12) in [(a.text, a.line, a.column) for a in entry.artifacts]


@pytest.mark.parametrize(
    ("index", "line", "summary_end", "abstract_start", "link"),
    [
        (1, 14, "采用有效的解决方案来泛化新情况。", "While reinforcement learning", "JrPAcebws"),
        (2, 21, "提高深度Q-learning方法的性能。", "We identify an implicit", "JrPGh1DqC"),
        (3, 27, "并给出了可证明的收敛性保证。", "Safe exploration presents", "JrPPEzj4s"),
        (4, 33, "提高了QQP和WikiQA上的平均准确。", "Many pairwise classification", "JrQ4p8nt2"),
    ],
)
def test_2020_11_01_double_star_separates_summary_from_abstract(
    seeds, index, line, summary_end, abstract_start, link
):
    entry = seeds["2020-11-01"].entries[index]
    assert entry.summary_zh.endswith(summary_end)
    assert entry.abstract_en.startswith(abstract_start)
    assert "*" not in entry.summary_zh
    assert not entry.abstract_en.startswith("*")
    assert entry.links == [f"https://weibo.com/1402400261/{link}"]
    separators = [a for a in entry.artifacts if a.line == line]
    assert [a.text for a in separators] == ["**"]
    raw = read_seed("2020-11-01").split("\n")[line - 1]
    assert raw[separators[0].column - 1 :].startswith("** " + abstract_start)


def test_2020_11_01_first_entry_splits_on_a_blank(seeds):
    entry = seeds["2020-11-01"].entries[0]
    assert entry.summary_zh.startswith("深度学习与核学习")
    assert entry.summary_zh.endswith("从训练数据中学习有用的特征。")
    assert entry.abstract_en.startswith("In suitably initialized wide networks")
    assert entry.links == ["https://weibo.com/1402400261/JrPmobMeQ"]


def test_2020_11_01_category_without_a_space(seeds):
    entry = seeds["2020-11-01"].section(Section.MORE)[1]
    assert entry.category == "LG"
    assert entry.title == "Tree-structured Ising models can be learned efficiently"
    assert entry.title_zh == "树结构Ising模型的高效学习"
    assert entry.authors == ["C Daskalakis", "Q Pan"]
    assert entry.affiliations == ["MIT"]
    assert entry.line == 45


def test_2020_11_01_other_heading(seeds):
    digest = seeds["2020-11-01"]
    assert digest.more_heading == "其他几篇值得关注的论文:"
    last = digest.entries[-1]
    assert last.affiliations == [
        "Xi’an Jiaotong University",
        "Delft University of Technology",
        "University of Illinois at Urbana-Champaign",
    ]
    assert last.figures == ["f01.png.jpg", "image.png"]


# 2021-04-26: not indented, blank lines between the fields.


def test_2021_04_26_blank_line_layout(seeds):
    entry = seeds["2021-04-26"].entries[0]
    assert entry.title == (
        "Optimal Rates for Averaged Stochastic Gradient Descent under Neural Tangent Kernel Regime"
    )
    assert entry.authors == ["A Nitanda", "T Suzuki"]
    assert entry.affiliations == ["The University of Tokyo"]
    assert entry.summary_zh.startswith("神经切线核平均随机梯度下降最佳速率。")
    assert entry.abstract_en.startswith("We analyze the convergence")
    assert entry.links == ["https://weibo.com/1402400261/KcD6E1N9m"]
    assert entry.figures == ["image.png", "f01.png.jpg", "f02.png.jpg"]
    assert [span.line for span in entry.spans["abstract_en"]] == [9]


def test_2021_04_26_entry_5_has_no_abstract(seeds):
    entry = seeds["2021-04-26"].entries[4]
    assert entry.title == "Metadata Normalization"
    assert entry.summary_zh.startswith("元数据规范化。")
    assert entry.abstract_en is None
    assert entry.links == ["https://weibo.com/1402400261/KcDnauWlo"]
    assert entry.figures == ["image.png", "image.png", "f02.png.jpg", "f03.png.jpg", "f04.png.jpg"]


@pytest.mark.parametrize(
    ("date", "index", "name"),
    [
        ("2021-04-26", 6, "F D l Torre"),
        ("2021-04-26", 7, "H v Hasselt"),
        ("2022-10-15", 6, "T. K Rusch"),
        ("2021-04-26", 8, "A Défossez"),
        ("2022-10-15", 8, "D Pflüger"),
    ],
)
def test_author_names_with_particles_and_accents(seeds, date, name, index):
    assert name in seeds[date].entries[index].authors


def test_2021_04_26_more_entries_keep_latin_words_in_chinese_titles(seeds):
    more = seeds["2021-04-26"].section(Section.MORE)
    assert more[0].title_zh == "OmniHang:用触点对应和神经碰撞估计学习悬挂物体"
    assert more[2].title_zh == "Muesli:策略优化的组合改进"
    assert more[2].authors[-1] == "H v Hasselt"


# 2021-07-19: summary, abstract and link each on their own line.


def test_2021_07_19_separate_line_layout(seeds):
    entry = seeds["2021-07-19"].entries[0]
    assert entry.authors == ["B W. Larsen", "S Fort", "N Becker", "S Ganguli"]
    assert entry.affiliations == ["Stanford University", "Facebook AI Research"]
    assert entry.summary_zh.startswith("训练深度网络需要多少自由度")
    assert entry.abstract_en.startswith("A variety of recent works")
    assert entry.links == ["https://weibo.com/1402400261/Kpp5Q9cOo"]
    assert entry.figures == ["image.png"] * 5
    assert [(field, spans[0].line) for field, spans in entry.spans.items()] == [
        ("category", 3),
        ("title", 3),
        ("authors", 5),
        ("affiliations", 6),
        ("summary_zh", 7),
        ("abstract_en", 8),
        ("links", 9),
        ("figures", 10),
    ]


def test_2021_07_19_summary_starting_with_latin_words(seeds):
    entry = seeds["2021-07-19"].entries[3]
    assert entry.summary_zh.startswith("Combiner:具有稀疏计算成本")
    assert entry.abstract_en.startswith("Transformers provide a class")


def test_2021_07_19_more_heading_right_after_figures(seeds):
    digest = seeds["2021-07-19"]
    assert digest.more_heading == "另外几篇值得关注的论文:"
    assert digest.entries[4].figures == ["image.png"] * 5
    assert digest.section(Section.MORE)[0].title_zh == "Unity Perception:为计算机视觉生成合成数据"
    assert len(digest.section(Section.MORE)[0].authors) == 15


# 2022-10-15: attribution, overview, arXiv links, truncated author lists, footer.


def test_2022_10_15_digest_fields(seeds):
    digest = seeds["2022-10-15"]
    assert digest.via == "转自爱可可爱生活"
    assert digest.overview_zh.startswith("数据增强相当于增加了多少数据、基于大步长SGD的稀疏特征学习")
    assert not digest.overview_zh.startswith("摘要")
    assert digest.footer == "内容中包含的图片若涉及版权问题,请及时与我们联系删除"
    assert digest.more_heading is None
    assert digest.spans["footer"][0].line == 119


def test_2022_10_15_truncated_author_lists(seeds):
    entries = seeds["2022-10-15"].entries
    assert [entry.authors_truncated for entry in entries] == [
        True,
        False,
        False,
        False,
        True,
        False,
        False,
        False,
        False,
    ]
    assert entries[0].authors == ["J Geiping", "M Goldblum", "G Somepalli", "R Shwartz-Ziv"]
    assert entries[4].authors == ["Z Cheng", "T Xie", "P Shi", "C Li"]


def test_2022_10_15_year_after_affiliations(seeds):
    entries = seeds["2022-10-15"].entries
    assert entries[3].affiliations == ["Google Research"]
    assert entries[3].year == 2022
    assert [entry.year for entry in entries if entry is not entries[3]] == [None] * 8


def test_2022_10_15_links_are_arxiv_only_and_no_figures(seeds):
    for entry in seeds["2022-10-15"].entries:
        assert len(entry.links) == 1
        assert entry.links[0].startswith("https://arxiv.org/abs/")
        assert entry.figures == []
    assert seeds["2022-10-15"].entries[0].links == ["https://arxiv.org/abs/2210.06441"]


def test_2022_10_15_abstract_found_across_no_break_space_lines(seeds):
    entry = seeds["2022-10-15"].entries[8]
    assert entry.title == "PDEBENCH: An Extensive Benchmark for Scientific Machine Learning"
    assert entry.summary_zh.startswith("PDEBENCH:科学机器学习的广泛基准。")
    assert entry.abstract_en.startswith("Machine learning-based modeling of physical systems")
    assert "\xa0" not in entry.abstract_en
    assert [span.line for span in entry.spans["abstract_en"]] == [109]
    assert entry.affiliations == ["NEC Labs Europe", "University of Stuttgart", "CSIRO’s Data61"]


def test_2022_10_15_summary_with_latin_head_and_space(seeds):
    entry = seeds["2022-10-15"].entries[5]
    assert entry.summary_zh.startswith("KNN-Diffusion: 通过大规模检索生成图像。")
    assert entry.abstract_en.startswith("Recent text-to-image models")


# --- small inputs ---------------------------------------------------------------

ENTRY = """\
LG - 机器学习 CV - 计算机视觉 (*表示值得重点关注)

1、[LG] *Neural Mechanics
D Kunin, S Ganguli
[Stanford University & UC Berkeley]
神经力学。构建了统一的理论框架。
Predicting the dynamics of neural network parameters.
https://weibo.com/1402400261/JyFsjATR5
f01.png.jpgf02.png.jpg

另外几篇值得关注的论文:

[CV] Semantic Layout Manipulation
高分辨率稀疏注意力语义布局操作
H Zheng, Z Lin
[Adobe Research]
https://weibo.com/1402400261/JyFUeFTzR
image.png
"""


def test_small_digest_parses_completely():
    digest = parse_snippet(ENTRY)
    assert digest.unparsed == []
    first, second = digest.entries
    assert first.highlighted and first.title == "Neural Mechanics"
    assert first.summary_zh == "神经力学。构建了统一的理论框架。"
    assert first.abstract_en == "Predicting the dynamics of neural network parameters."
    assert first.figures == ["f01.png.jpg", "f02.png.jpg"]
    assert second.section is Section.MORE
    assert second.title_zh == "高分辨率稀疏注意力语义布局操作"
    assert second.figures == ["image.png"]


def test_crlf_input_parses_like_lf_input():
    lf = parse_snippet(ENTRY)
    assert parse_snippet(ENTRY.replace("\n", "\r\n")).model_dump() == lf.model_dump()


def test_cr_only_input_parses_like_lf_input():
    assert parse_snippet(ENTRY.replace("\n", "\r")).model_dump() == parse_snippet(ENTRY).model_dump()


def test_bom_input_parses_like_lf_input():
    lf = parse_snippet(ENTRY)
    assert parse_snippet("\ufeff" + ENTRY).model_dump() == lf.model_dump()
    assert parse_snippet("\ufeff" + ENTRY.replace("\n", "\r\n")).model_dump() == lf.model_dump()


def _without_columns(digest):
    """The digest's content, with every column dropped (indentation moves columns)."""
    data = digest.model_dump(exclude={"spans"})
    for entry in data["entries"]:
        entry["spans"] = {field: [span["line"] for span in spans] for field, spans in entry["spans"].items()}
        for artifact in entry["artifacts"]:
            del artifact["column"]
    return data


def test_indented_input_parses_like_unindented_input():
    indented = "\n".join(f"    {line}" if line else "" for line in ENTRY.split("\n"))
    plain, shifted = parse_snippet(ENTRY), parse_snippet(indented)
    assert _without_columns(shifted) == _without_columns(plain)
    assert shifted.entries[0].span("title").column == plain.entries[0].span("title").column + 4
    assert shifted.entries[0].span("authors").column == 5


SUMMARY = "神经力学。构建了统一的理论框架。"
ABSTRACT = "Predicting the dynamics of neural network parameters. It is hard."
HEAD = "1、[LG] Neural Mechanics\nD Kunin, S Ganguli\n[Stanford University]\n"
LINK = "https://weibo.com/1402400261/JyFsjATR5"


@pytest.mark.parametrize(
    "body",
    [
        pytest.param(f"{SUMMARY} {ABSTRACT}\n{LINK}\n", id="one-line"),
        pytest.param(f"{SUMMARY} {ABSTRACT} {LINK}\n", id="one-line-with-link"),
        pytest.param(f"{SUMMARY}** {ABSTRACT}\n{LINK}\n", id="one-line-double-star"),
        pytest.param(f"{SUMMARY}{ABSTRACT}\n{LINK}\n", id="one-line-no-space"),
        pytest.param(f"{SUMMARY}\n{ABSTRACT}\n{LINK}\n", id="two-lines"),
        pytest.param(f"{SUMMARY}\n\n{ABSTRACT}\n\n{LINK}\n", id="blank-separated"),
        pytest.param(f"{SUMMARY}\n\xa0\n\n{ABSTRACT}\n \n{LINK}\n", id="whitespace-separated"),
    ],
)
def test_summary_and_abstract_layouts_agree(body):
    digest = parse_snippet(HEAD + body)
    assert digest.unparsed == []
    (entry,) = digest.entries
    assert entry.summary_zh == SUMMARY
    assert entry.abstract_en == ABSTRACT
    assert entry.links == [LINK]


@pytest.mark.parametrize(
    ("body", "column"),
    [
        pytest.param("神经力学。** Predicting dynamics.", 6, id="no-blank"),
        pytest.param("神经力学。 ** Predicting dynamics.", 7, id="blank-before"),
        pytest.param("  神经力学。 ** Predicting dynamics.", 9, id="indented"),
    ],
)
def test_separator_artifact_points_at_the_stars(body, column):
    digest = parse_snippet(f"1、[LG] Title\nD Kunin\n{body}\n")
    (entry,) = digest.entries
    assert (entry.summary_zh, entry.abstract_en) == ("神经力学。", "Predicting dynamics.")
    assert [(a.text, a.line, a.column) for a in entry.artifacts] == [("**", 3, column)]
    assert body[column - 1 : column + 1] == "**"


def test_title_markup_artifacts_point_at_the_stars():
    (entry,) = parse_snippet("1、[LG] **Title**\nD Kunin\n神经力学。\n").entries
    assert entry.title == "Title"
    assert entry.highlighted is False
    assert [(a.text, a.line, a.column) for a in entry.artifacts] == [("**", 1, 8), ("**", 1, 15)]


def test_url_ending_a_sentence_stays_in_the_abstract():
    digest = parse_snippet(HEAD + f"{SUMMARY} Code is at https://github.com/x/y.\n{LINK}\n")
    (entry,) = digest.entries
    assert entry.abstract_en == "Code is at https://github.com/x/y."
    assert entry.links == [LINK]


def test_line_in_the_wrong_place_is_unparsed_with_its_position():
    text = HEAD + f"{SUMMARY}\n{ABSTRACT}\n{LINK}\n  [Another University]\n"
    digest = parse_snippet(text)
    (unparsed,) = digest.unparsed
    assert (unparsed.line, unparsed.column) == (7, 3)
    assert unparsed.text == "[Another University]"
    assert "affiliations" in unparsed.reason
    assert digest.entries[0].affiliations == ["Stanford University"]


def test_text_after_the_figures_is_unparsed():
    text = HEAD + f"{SUMMARY}\n{LINK}\nf01.png.jpg\n\tsee the paper for details\n"
    digest = parse_snippet(text)
    assert [(u.line, u.column, u.text) for u in digest.unparsed] == [
        (7, 2, "see the paper for details"),
    ]


def test_text_before_the_first_entry_is_unparsed():
    digest = parse_snippet("Hello there\n\n" + HEAD + f"{SUMMARY}\n{LINK}\n")
    assert [(u.line, u.column) for u in digest.unparsed] == [(1, 1)]
    assert len(digest.entries) == 1


def test_second_author_line_is_reported_and_nothing_is_lost():
    text = HEAD.replace("[Stanford", "A Second, B Author\n[Stanford") + f"{SUMMARY}\n{LINK}\n"
    digest = parse_snippet(text)
    assert digest.entries[0].authors == ["D Kunin", "S Ganguli"]
    # The parser may take the stray line for an early abstract; either way the
    # digest is flagged and every line is still accounted for.
    assert digest.unparsed
    assert content_lines(text) == accounted_lines(digest)


@pytest.mark.parametrize(
    ("header", "number", "highlighted"),
    [
        ("1、[LG] Title", 1, False),
        ("1. [LG] Title", 1, False),
        ("12 、 [LG] Title", 12, False),
        ("1、[LG] * Title", 1, True),
        ("1、*[LG] Title", 1, False),
        ("[LG] Title", None, False),
        ("[cs.LG] Title", None, False),
    ],
)
def test_entry_header_shapes(header, number, highlighted):
    digest = parse_snippet(f"{header}\nD Kunin\n神经力学。\n{LINK}\n")
    (entry,) = digest.entries
    assert entry.number == number
    assert entry.title == "Title"
    assert entry.highlighted is highlighted
    assert digest.unparsed == []


def test_full_width_year_and_ampersand():
    digest = parse_snippet("1、[LG] Title\nD Kunin\n[MIT ＆ Google]（2021）\n神经力学。\n")
    (entry,) = digest.entries
    assert entry.affiliations == ["MIT", "Google"]
    assert entry.year == 2021


def test_ellipsis_character_truncates_authors():
    (entry,) = parse_snippet("1、[LG] Title\nD Kunin, S Ganguli…\n神经力学。\n").entries
    assert entry.authors == ["D Kunin", "S Ganguli"]
    assert entry.authors_truncated is True


def test_summary_paragraphs_are_joined_by_a_blank_line():
    (entry,) = parse_snippet(HEAD + "第一段。\n第二段。\nFirst paragraph.\nSecond paragraph.\n").entries
    assert entry.summary_zh == "第一段。\n\n第二段。"
    assert entry.abstract_en == "First paragraph.\n\nSecond paragraph."


def test_second_footer_is_unparsed():
    digest = parse_snippet(HEAD + f"{SUMMARY}\n{LINK}\n版权所有\n版权所有,再次\n")
    assert digest.footer == "版权所有"
    assert [u.line for u in digest.unparsed] == [7]


@pytest.mark.parametrize("text", ["", "\n\n", " \t\n\xa0\n", "\ufeff"])
def test_blank_input_gives_an_empty_digest(text):
    digest = parse_snippet(text)
    assert digest.entries == [] and digest.unparsed == [] and digest.spans == {}


def test_a_line_of_stars_is_a_markup_artifact():
    digest = parse_snippet(HEAD + f"** **\n{SUMMARY}\n{LINK}\n")
    assert [(a.text, a.line) for a in digest.entries[0].artifacts] == [("** **", 4)]
    assert digest.unparsed == []


# --- digests far larger than any real one ----------------------------------------------------


def test_past_the_limit_of_entries_the_rest_is_not_read():
    digest = parse_snippet("1、\n" * 100_000)
    assert len(digest.entries) == MAX_ENTRIES
    (stop,) = digest.unparsed
    assert stop.line == MAX_ENTRIES + 1
    assert stop.reason.startswith(f"more than {MAX_ENTRIES} entries")
    assert stop.reason.endswith(f"lines {MAX_ENTRIES + 1}-100001 are not read")


@pytest.mark.parametrize(
    "noise",
    ["x\n" * 10_000, "**\n" * 10_000, "<a " * 100_000, HEAD + "[x]\n" * 10_000],
    ids=["unparsed lines", "artifacts", "markup on one line", "affiliation lines"],
)
def test_past_the_limit_of_notes_the_rest_is_not_read(noise):
    digest = parse_snippet(noise + "\n1、[LG] Title\nD Kunin\n")
    notes = len(digest.unparsed) + len(digest.markup) + len(digest.artifacts)
    notes += sum(len(entry.artifacts) for entry in digest.entries)
    # The line that fills the quota may add its own note, then the stop adds one.
    assert MAX_NOTES < notes <= MAX_NOTES + 2
    assert digest.unparsed[-1].reason.startswith(f"more than {MAX_NOTES} unparsed lines")
    assert "Title" not in [entry.title for entry in digest.entries]


def test_a_real_digest_is_far_from_either_limit(seeds):
    for digest in seeds.values():
        assert len(digest.entries) * 10 < MAX_ENTRIES
        assert len(digest.markup) + len(digest.unparsed) + len(digest.artifacts) < MAX_NOTES / 10


def test_a_stray_line_with_an_entry_after_it_is_between_entries_not_after_the_last():
    text = read_seed("2020-12-16").replace(
        "另外几篇值得关注的论文:\n", "另外几篇值得关注的论文:\nA stray line\n", 1
    )
    digest = parse_digest(text, source="raw/2020/2020-12-16.txt")
    ((line, reason),) = [(unparsed.line, unparsed.reason) for unparsed in digest.unparsed]
    assert reason == "text between entries that is not part of any entry"
    assert line < max(entry.line for entry in digest.entries)
