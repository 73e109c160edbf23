"""The labelled layout of the digests from 2023 on: Chinese title line, ``要点:`` and labelled parts.

Every digest here is made-up text in the shapes the later digests are
written in: the parser must give the Chinese title its own field, the
labelled parts theirs, keep every word, and lint the result clean.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from hypothesis import given, settings
from hypothesis import strategies as st

from digest_archive.archive.files import load, scan
from digest_archive.lint import REGISTRY, lint_digest, lint_path
from digest_archive.model import Digest, Section, SummaryPart
from digest_archive.render.digest import render_digest
from digest_archive.text.layout import RawPath, place
from digest_archive.text.shapes import MORE_HEADING
from support.builds import sphinx_page
from support.commands import run_digest as run
from support.seeds import SEED_ENTRIES, accounted_lines, content_lines, page_of, parse_snippet, read_seed

#: Where the made-up digests are filed: their arXiv links are of this month.
PATH = "raw/2023/2023-10-05.txt"
RULES = list(REGISTRY.values())

LEGEND = "CL - 计算与语言 LG - 机器学习 (*表示值得重点关注)"
HEAD = """\
{number}[CL] Example Models Learn to Plan with Trees
A Author, B Author, C Author…
[Example University & Example Lab]
用树搜索学习规划的示例模型"""
POINTS = ["提出一种示例框架，把规划和推理结合起来。", "在三个基准上的实验展示了它的通用性。"]
PARTS = {
    "动机": "现有方法的行为过于简单，难以部署。",
    "方法": "在候选步骤上做树搜索，并用外部反馈打分。",
    "优势": "在多个领域上都优于基线。",
    "一句话总结": "一个用树搜索结合规划与推理的示例框架。",
}
TAIL = """
Large language models have shown remarkable skill at planning with trees of thought.
https://arxiv.org/abs/2310.00001"""


def labelled(
    *,
    colon: str = ":",
    run_together: bool = False,
    labels: tuple[str, ...] = ("要点", *PARTS),
    numbered: bool = True,
    legend: bool = True,
) -> str:
    """One entry in the labelled layout, as the later digests write it (made-up text)."""
    lines = [LEGEND, ""] if legend else []
    lines.append(HEAD.format(number="1、" if numbered else ""))
    for label in labels:
        if label == "要点":
            lines.append(f"要点{colon}")
            lines.extend(["".join(POINTS)] if run_together else POINTS)
        else:
            if label == "一句话总结":
                lines.append("")
            lines.append(f"{label}：{PARTS[label]}")
    return "\n".join(lines) + "\n" + TAIL + "\n"


def parse(text: str) -> Digest:
    return parse_snippet(text, PATH)


def chinese_characters(text: str) -> str:
    """The text's non-blank characters, on the lines that hold Chinese (the summary's and title's)."""
    lines = [line for line in text.split("\n") if re.search("[\u4e00-\u9fff]", line)]
    return "".join("".join(lines[1:] if lines and lines[0] == LEGEND else lines).split())


def kept(digest: Digest) -> str:
    (entry,) = digest.entries
    return "".join(f"{entry.title_zh or ''}{entry.summary_zh or ''}".split())


VARIANTS = {
    "as in the brief": {},
    "full-width colon": {"colon": "："},
    "points in one paragraph": {"run_together": True},
    "unnumbered": {"numbered": False},
    "no legend": {"legend": False},
    "no points": {"labels": tuple(PARTS)},
    "points and summing-up only": {"labels": ("要点", "一句话总结")},
    "one label": {"labels": ("方法",)},
    "all at once": {"colon": "：", "run_together": True, "numbered": False, "legend": False},
}


@pytest.mark.parametrize("variant", VARIANTS.values(), ids=list(VARIANTS))
def test_each_variant_gives_its_title_and_parts(variant: dict) -> None:
    text = labelled(**variant)
    digest = parse(text)
    (entry,) = digest.entries
    labels = variant.get("labels", ("要点", *PARTS))
    assert entry.title == "Example Models Learn to Plan with Trees"
    assert entry.authors == ["A Author", "B Author", "C Author"] and entry.authors_truncated
    assert entry.affiliations == ["Example University", "Example Lab"]
    assert entry.title_zh == "用树搜索学习规划的示例模型"
    assert [part.label for part in entry.summary_parts] == list(labels)
    for part in entry.summary_parts:
        if part.label == "要点":
            assert (part.points, part.text) == (POINTS, "")
        else:
            assert (part.text, part.points) == (PARTS[part.label], [])
    assert entry.abstract_en is not None and entry.abstract_en.startswith("Large language models")
    assert entry.links == ["https://arxiv.org/abs/2310.00001"]
    # Every word is kept: the Chinese title and the whole summary, labels included.
    assert kept(digest) == chinese_characters(text)
    assert content_lines(text) <= accounted_lines(digest)
    assert digest.unparsed == []
    assert lint_digest(RULES, digest) == []


def test_summary_keeps_its_labels_and_paragraphs() -> None:
    (entry,) = parse(labelled()).entries
    assert entry.summary_zh == "\n\n".join(
        ["要点:", *POINTS, *(f"{label}：{text}" for label, text in PARTS.items())]
    )


def test_parts_and_title_point_at_their_lines() -> None:
    text = labelled(legend=False)
    lines = text.split("\n")
    (entry,) = parse(text).entries
    assert [(part.line, part.column) for part in entry.summary_parts] == [
        (5, 1),
        (8, 1),
        (9, 1),
        (10, 1),
        (12, 1),
    ]
    for part in entry.summary_parts:
        assert lines[part.line - 1].startswith(part.label)
    assert [(span.line, span.column) for span in entry.spans["summary_parts"]] == [
        (part.line, part.column) for part in entry.summary_parts
    ]
    assert [(span.line, span.column) for span in entry.spans["title_zh"]] == [(4, 1)]
    assert entry.spans["summary_zh"][0].line == 5


def test_indented_entry_points_at_the_labels_column() -> None:
    text = "\n".join(f"    {line}" if line else line for line in labelled(legend=False).split("\n"))
    (entry,) = parse(text).entries
    assert {part.column for part in entry.summary_parts} == {5}
    assert entry.title_zh == "用树搜索学习规划的示例模型"


def test_a_label_with_its_text_on_the_next_lines() -> None:
    text = labelled().replace(f"动机：{PARTS['动机']}", f"动机：\n{PARTS['动机']}\n第二段。")
    (entry,) = parse(text).entries
    motive = entry.summary_parts[1]
    assert (motive.label, motive.text, motive.line) == ("动机", f"{PARTS['动机']}\n\n第二段。", 10)
    assert kept(parse(text)) == chinese_characters(text)


def test_points_written_after_the_label_on_its_line() -> None:
    text = labelled(labels=("要点",)).replace("要点:\n" + "\n".join(POINTS), "要点：" + "".join(POINTS))
    (entry,) = parse(text).entries
    assert entry.summary_parts == [SummaryPart(label="要点", points=POINTS, line=7, column=1)]


def test_points_run_together_keep_every_character() -> None:
    run_together = "第一点很好！第二点呢？“第三点。”最后没有句号"
    text = labelled(labels=("要点",)).replace("\n".join(POINTS), run_together)
    (entry,) = parse(text).entries
    assert entry.summary_parts[0].points == ["第一点很好！", "第二点呢？", "“第三点。”", "最后没有句号"]


def test_the_last_label_may_share_its_line_with_the_abstract() -> None:
    text = labelled().replace(f"{PARTS['一句话总结']}\n\n", f"{PARTS['一句话总结']} ")
    (entry,) = parse(text).entries
    assert entry.summary_parts[-1].text == PARTS["一句话总结"]
    assert entry.abstract_en is not None and entry.abstract_en.startswith("Large language models")


def test_without_a_chinese_title_the_summary_starts_at_the_label() -> None:
    text = labelled().replace("用树搜索学习规划的示例模型\n", "")
    (entry,) = parse(text).entries
    assert entry.title_zh is None
    assert entry.summary_zh is not None and entry.summary_zh.startswith("要点:")
    assert len(entry.summary_parts) == 5


#: The Chinese title of :func:`labelled`, and paragraphs a digest may write between it and ``要点:``.
TITLE_ZH = "用树搜索学习规划的示例模型"
LEADS = ["这篇论文来自一个示例实验室。", "作者还公开了代码和数据。"]


def with_lead(leads: list[str] = LEADS) -> str:
    """:func:`labelled` with ``leads``, a line each, between its Chinese title and ``要点:``."""
    return labelled().replace(f"{TITLE_ZH}\n", "\n".join([TITLE_ZH, *leads, ""]))


@pytest.mark.parametrize("leads", [LEADS[:1], LEADS], ids=["one line", "two lines"])
def test_lines_between_the_chinese_title_and_the_first_label_are_the_summary_s_lead(
    leads: list[str],
) -> None:
    """The first line is the title, as when it is alone; each line after it is a paragraph of the lead."""
    text = with_lead(leads)
    digest = parse(text)
    (entry,) = digest.entries
    assert entry.title_zh == TITLE_ZH
    assert entry.summary_lead == leads
    title = text.split("\n").index(TITLE_ZH) + 1
    assert [(span.line, span.column) for span in entry.spans["title_zh"]] == [(title, 1)]
    assert [(span.line, span.column) for span in entry.spans["summary_lead"]] == [
        (title + 1 + index, 1) for index in range(len(leads))
    ]
    # The whole summary, as before: the lead, then the labelled parts.
    assert entry.summary_zh is not None and entry.summary_zh.startswith("\n\n".join([*leads, "要点:"]))
    assert [part.label for part in entry.summary_parts] == ["要点", *PARTS]
    assert kept(digest) == chinese_characters(text)
    assert content_lines(text) <= accounted_lines(digest)
    assert digest.unparsed == []


def test_a_shorter_entry_s_lines_before_the_first_label_are_all_lead() -> None:
    """Its Chinese title is the line before its authors: a line before ``要点:`` is no second one."""
    text = (
        "另外几篇值得关注的论文:\n\n[LG] Relative Variational Intrinsic Control\n相对变分内控技能学习目标\n"
        f"K Baumli, V Mnih\n[DeepMind]\n{LEADS[0]}\n要点:\n{POINTS[0]}\nhttps://arxiv.org/abs/2310.00001\n"
    )
    (entry,) = parse(text).entries
    assert (entry.title_zh, entry.summary_lead) == ("相对变分内控技能学习目标", [LEADS[0]])
    assert entry.summary_parts == [SummaryPart(label="要点", points=[POINTS[0]], line=8, column=1)]


def test_without_labels_a_summary_has_no_lead() -> None:
    """The older layouts' summaries are paragraphs, not a title and a lead."""
    (entry,) = parse(f"1、[LG] Neural Mechanics\nD Kunin\n[MIT]\n{TITLE_ZH}\n{LEADS[0]}\n").entries
    assert (entry.title_zh, entry.summary_lead) == (None, [])
    assert entry.summary_zh == f"{TITLE_ZH}\n\n{LEADS[0]}"


@pytest.mark.parametrize(
    ("leads", "extent"), [(LEADS[:1], ""), (LEADS, ", 2 lines to line 8")], ids=["one line", "two lines"]
)
def test_a_lead_is_a_warning_at_its_first_line(leads: list[str], extent: str) -> None:
    """Once an entry, however many lines: a lead of a hundred thousand lines is one finding."""
    found = [
        (d.line, d.column, d.severity.value, d.message) for d in lint_digest(RULES, parse(with_lead(leads)))
    ]
    where = f"text between the Chinese title (line 6) and the first label{extent}"
    assert found == [(7, 1, "warning", f"{where}: shown above the labelled parts as the summary's lead")]


def test_the_chinese_title_alone_before_the_first_label_is_no_lead() -> None:
    assert [d for d in lint_digest(RULES, parse(labelled())) if d.code == "DA208"] == []


@pytest.mark.parametrize("date", SEED_ENTRIES)
def test_older_layouts_have_no_parts(seeds, date: str) -> None:
    """A summary opening with a short title and a colon ("神经力学:…") is no label."""
    digest = seeds[date]
    assert all(entry.summary_parts == [] for entry in digest.entries)
    assert all(entry.title_zh is None for entry in digest.section(Section.FEATURED))
    assert "summary_parts" not in {name for entry in digest.entries for name in entry.spans}


# --- lint -----------------------------------------------------------------------------------------

RUN_TOGETHER = (
    "1、[CL] Example Models Learn to Plan with Trees A Author, B Author, C Author… "
    "[Example University & Example Lab] 用树搜索学习规划的示例模型 要点:"
)
#: The run-together head's fields before its Chinese title, without blanks.
LATIN_HEAD = "".join(RUN_TOGETHER[: RUN_TOGETHER.index("用")].split())


def test_a_run_together_head_is_an_error_where_the_title_ends() -> None:
    text = labelled().replace(HEAD.format(number="1、") + "\n要点:", RUN_TOGETHER)
    digest = parse(text)
    (head,) = [d for d in lint_digest(RULES, digest) if d.code == "DA113"]
    assert (head.line, head.severity.value) == (3, "error")
    assert RUN_TOGETHER[head.column - 1 :].startswith("A Author, B Author")
    assert head.message.startswith("title runs on into the author list: break the line here")


def test_a_run_together_head_is_read_field_by_field() -> None:
    text = labelled().replace(HEAD.format(number="1、") + "\n要点:", RUN_TOGETHER)
    digest = parse(text)
    (entry,) = digest.entries
    assert entry.title == "Example Models Learn to Plan with Trees"
    assert entry.title_zh == "用树搜索学习规划的示例模型"
    assert entry.authors == ["A Author", "B Author", "C Author"] and entry.authors_truncated
    assert entry.affiliations == ["Example University", "Example Lab"]
    assert [part.label for part in entry.summary_parts] == ["要点", *PARTS]
    assert entry.summary_parts[0].points == POINTS
    # Each field points at its own column of the one line.
    for field, starts in [
        ("title", "Example Models"),
        ("authors", "A Author"),
        ("affiliations", "[Example University"),
        ("title_zh", "用树搜索"),
        ("summary_parts", "要点:"),
    ]:
        span = entry.span(field)
        assert span.line == 3 and RUN_TOGETHER[span.column - 1 :].startswith(starts), field
    assert kept(digest) == chinese_characters(text).removeprefix(LATIN_HEAD)
    assert content_lines(text) <= accounted_lines(digest)
    assert digest.unparsed == []
    assert {d.code for d in lint_digest(RULES, digest)} == {"DA113"}


def test_a_run_together_head_with_its_points_on_the_line() -> None:
    """All of the head and the points on one line: the points too are read, nothing is lost."""
    line = RUN_TOGETHER + " " + "".join(POINTS)
    head = HEAD.format(number="1、") + "\n要点:\n" + "\n".join(POINTS)
    text = labelled(labels=("要点",)).replace(head, line)
    digest = parse(text)
    (entry,) = digest.entries
    column = line.index("要点") + 1
    assert entry.summary_parts == [SummaryPart(label="要点", points=POINTS, line=3, column=column)]
    assert kept(digest) == chinese_characters(text).removeprefix(LATIN_HEAD)


@pytest.mark.parametrize("link", ["\n", " "], ids=["link on a line of its own", "link on the head's line"])
def test_a_run_together_head_of_a_shorter_entry(link: str) -> None:
    text = (
        "另外几篇值得关注的论文:\n\n"
        "[LG] Relative Variational Intrinsic Control 相对变分内控技能学习目标 K Baumli, V Mnih [DeepMind]"
        f"{link}https://arxiv.org/abs/2310.00001\n"
    )
    digest = parse(text)
    (entry,) = digest.entries
    assert entry.title == "Relative Variational Intrinsic Control"
    assert (entry.title_zh, entry.authors, entry.affiliations, entry.links) == (
        "相对变分内控技能学习目标",
        ["K Baumli", "V Mnih"],
        ["DeepMind"],
        ["https://arxiv.org/abs/2310.00001"],
    )
    (head,) = [d for d in lint_digest(RULES, digest) if d.code == "DA113"]
    assert (head.line, head.column) == (3, len("[LG] Relative Variational Intrinsic Control ") + 1)
    assert "the Chinese title" in head.message


@pytest.mark.parametrize(
    ("header", "starts", "what"),
    [
        ("1、[LG] Neural Mechanics D Kunin [Stanford University]", "D Kunin [", "the author list"),
        ("1、[LG] Neural Mechanics [Stanford University]", "[Stanford", "an [affiliation]"),
        ("1、[LG] Neural Mechanics 神经力学 要点:", "神经力学", "the Chinese title"),
        (
            "1、[LG] Learning, Fast and Slow D L.K. Yamins, F D l Torre [MIT]",
            "D L.K. Yamins",
            "the author list",
        ),
        ("1、[LG] Learning of Models A Author, B Author 中文标题", "A Author, B", "the author list"),
        ("1、[LG] Neural Mechanics D Kunin, S Ganguli", "D Kunin, S", "the author list"),
        ("1、[LG] Neural Mechanics D Kunin…", "D Kunin…", "the author list"),
        # Brackets that hold affiliations, of any script, where a head's affiliations stand.
        ("1、[LG] Neural Mechanics [MIT]", "[MIT]", "an [affiliation]"),
        ("1、[LG] Neural Mechanics [清华大学]", "[清华大学]", "an [affiliation]"),
        ("1、[LG] Neural Mechanics [Stanford University & MIT] (2022)", "[Stanford", "an [affiliation]"),
        ("1、[LG] Neural Mechanics [MIT] 神经力学 要点:", "[MIT]", "an [affiliation]"),
        # A bracket that can be no affiliation is passed over, to the head's fields after it.
        ("1、[LG] Neural Mechanics [^1] D Kunin [MIT]", "D Kunin [", "the author list"),
        ("1、[LG] Neural Mechanics [2, 3] [Stanford University] 神经力学", "[Stanford", "an [affiliation]"),
        ("1、[LG] [Re] Neural Mechanics D Kunin, S Ganguli [MIT]", "D Kunin, S", "the author list"),
        ("1、[LG] Neural Mechanics [^1] 神经力学 要点:", "神经力学 要点", "the Chinese title"),
    ],
)
def test_run_together_head_column(header: str, starts: str, what: str) -> None:
    digest = parse(f"{header}\nD Kunin\n[MIT]\n神经力学。\nhttps://arxiv.org/abs/2310.00001\n")
    (head,) = [d for d in lint_digest(RULES, digest) if d.code == "DA113"]
    assert header[head.column - 1 :].startswith(starts)
    assert what in head.message


@pytest.mark.parametrize(
    "title",
    [
        "Neural Mechanics: Symmetry and Broken Conservation Laws in Deep Learning Dynamics",
        "Learning, Fast and Slow",
        "Self-Supervised Learning at Scale: A Study of A, B, and C Models",
        "GPT-4 Technical Report",
        "Deep Learning, Kernels, and A New Theory",
        "Adam, RMSProp and SGD Compared",
        "Scaling Laws for Neural Language Models A",
        # A Markdown link is no [affiliations] (Hypothesis found it lost).
        "Tree-structured Ising models can be learned efficiently [x](javascript:alert(1))",
        # Nor is a footnote's reference or a citation's number (Hypothesis found [^1] lost), nor a
        # bracket with more of the title after it.
        "Neural Mechanics [^1]",
        "Neural Mechanics [^note]",
        "Neural Mechanics [1]",
        "Neural Mechanics [2, 3]",
        "Neural Mechanics [12–14]",
        "[Re] Neural Mechanics",
        "Neural Mechanics [Re] Revisited",
        "Neural Mechanics [MIT] and Broken Conservation Laws",
        "Neural Mechanics [x](https://example.org) [^1] [2, 3]",
    ],
)
def test_a_real_title_is_no_run_together_head(title: str) -> None:
    digest = parse(f"1、[LG] {title}\nD Kunin\n[MIT]\n神经力学。\nhttps://arxiv.org/abs/2310.00001\n")
    assert [d for d in lint_digest(RULES, digest) if d.code == "DA113"] == []
    # The title whole, and the fields after it on their own lines, each in its place.
    (entry,) = digest.entries
    assert (entry.title, entry.authors, entry.affiliations) == (title, ["D Kunin"], ["MIT"])
    assert digest.unparsed == []


@pytest.mark.parametrize(
    "title_zh",
    [
        "面向长序列的高效 Transformer",
        "基于 GPT-4",
        "用于三维重建的 Gaussian Splatting",
        "探索 Large Language Models",
    ],
)
def test_a_chinese_title_ending_in_a_name_is_the_title(title_zh: str) -> None:
    # Its last words were read as the abstract's start, and the title as the summary's first line.
    entry = parse(labelled().replace("用树搜索学习规划的示例模型", title_zh)).entries[0]
    assert entry.title_zh == title_zh
    assert entry.abstract_en == TAIL.split("\n")[1]
    assert [part.label for part in entry.summary_parts] == ["要点", *PARTS]


def test_a_chinese_line_ending_in_an_abstract_still_splits() -> None:
    line = "示例模型用树搜索学习规划。 We plan with trees of thought and score each step with feedback"
    entry = parse(f"1、[CL] Example Models\nA Author\n[Example University]\n{line}\n").entries[0]
    assert (entry.summary_zh, entry.abstract_en) == tuple(line.split(" ", 1))


def test_a_long_title_alone_is_left_to_field_too_long() -> None:
    digest = parse(
        f"1、[LG] {'Neural Mechanics ' * 20}\nD Kunin\n[MIT]\n神经力学。\nhttps://arxiv.org/abs/2310.00001\n"
    )
    assert {d.code for d in lint_digest(RULES, digest) if d.severity.value == "error"} == {"DA112"}


def test_no_seed_title_is_a_run_together_head(seeds) -> None:
    assert [d for digest in seeds.values() for d in lint_digest(RULES, digest) if d.code == "DA113"] == []


def test_labels_out_of_order_are_a_warning_at_the_label() -> None:
    swapped = labelled().replace("方法：", "__").replace("动机：", "方法：").replace("__", "动机：")
    (order,) = [d for d in lint_digest(RULES, parse(swapped)) if d.code == "DA207"]
    assert (order.line, order.column, order.severity.value) == (11, 1, "warning")
    assert order.message == "label 动机 after 方法; the order is 要点、动机、方法、优势、一句话总结"


def test_a_repeated_label_is_a_warning_at_its_second_use() -> None:
    text = labelled().replace(f"优势：{PARTS['优势']}", f"优势：{PARTS['优势']}\n动机：又一遍。")
    found = [d for d in lint_digest(RULES, parse(text)) if d.code == "DA207"]
    assert [(d.line, d.column, d.message) for d in found] == [
        (13, 1, "label 动机 given twice (first on line 10)")
    ]


def test_labels_in_order_with_some_missing_are_clean() -> None:
    digest = parse(labelled(labels=("要点", "方法", "一句话总结")))
    assert lint_digest(RULES, digest) == []


# --- DA110: the name the links give ------------------------------------------------------------


def _lint_file(tmp_path: Path, name: str, text: str) -> list:
    path = tmp_path / "raw" / "2020" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    (found,) = scan([str(path)], str(tmp_path / "raw"))
    return [d for d in load(found).problems if d.code == "DA110"]


def test_a_file_not_named_by_date_is_told_the_day_its_weibo_links_give(tmp_path: Path) -> None:
    (problem,) = _lint_file(tmp_path, "digest-december.txt", read_seed("2020-12-16"))
    raw = tmp_path / "raw"
    assert problem.message == (
        "file name is not YYYY-MM-DD.txt (the digest's date); "
        f"its Weibo links are from 2020-12-16: name it {raw}/2020/2020-12-16.txt"
    )


def test_without_weibo_links_the_name_is_not_guessed(tmp_path: Path) -> None:
    (problem,) = _lint_file(tmp_path, "digest-october.txt", labelled())
    assert problem.message == "file name is not YYYY-MM-DD.txt (the digest's date)"


def test_the_path_rule_alone_reads_nothing() -> None:
    """Before the file is read, DA110 says what the path says, and no more."""
    path = RawPath("raw/2020/digest-december.txt", below_raw=place("raw/2020/digest-december.txt"))
    (problem,) = lint_path(RULES, path)
    assert problem.message == "file name is not YYYY-MM-DD.txt (the digest's date)"


def test_the_command_names_the_file_for_the_contributor(capsys, tmp_path: Path) -> None:
    misnamed = tmp_path / "raw/2020/draft.txt"
    misnamed.parent.mkdir(parents=True)
    misnamed.write_text(read_seed("2020-12-16"), encoding="utf-8")
    status, out, _ = run(capsys, "lint", "--raw-dir", str(tmp_path / "raw"), str(misnamed))
    assert status == 1
    assert f"{misnamed}:1:1: DA110 file name is not YYYY-MM-DD.txt" in out
    assert f"its Weibo links are from 2020-12-16: name it {tmp_path}/raw/2020/2020-12-16.txt" in out


def test_a_draft_outside_the_raw_folder_is_linted_for_its_text_alone(capsys, tmp_path: Path) -> None:
    """Its name is no day's yet: ``digest add`` gives it one (issue 38)."""
    draft = tmp_path / "draft.txt"
    draft.write_text(read_seed("2020-12-16"), encoding="utf-8")
    status, out, _ = run(capsys, "lint", str(draft))
    assert status == 0 and "DA110" not in out


# --- the command ---------------------------------------------------------------------------------


@pytest.fixture
def labelled_file(tmp_path: Path) -> Path:
    path = tmp_path / "raw" / "2023" / "2023-10-05.txt"
    path.parent.mkdir(parents=True)
    path.write_text(labelled(), encoding="utf-8")
    return path


def test_export_holds_the_title_and_the_parts(capsys, labelled_file: Path) -> None:
    status, out, _ = run(capsys, "export", "--format", "json", str(labelled_file))
    assert status == 0
    (entry,) = json.loads(out)[0]["entries"]
    assert entry["title_zh"] == "用树搜索学习规划的示例模型"
    assert entry["summary_parts"][0] == {
        "label": "要点",
        "text": "",
        "points": POINTS,
        "line": 7,
        "column": 1,
    }
    assert [(part["label"], part["text"]) for part in entry["summary_parts"][1:]] == list(PARTS.items())


def test_export_holds_the_lead(capsys, tmp_path: Path) -> None:
    path = tmp_path / "raw" / "2023" / "2023-10-05.txt"
    path.parent.mkdir(parents=True)
    path.write_text(with_lead(), encoding="utf-8")
    status, out, _ = run(capsys, "export", "--format", "json", str(path))
    assert status == 0
    (entry,) = json.loads(out)[0]["entries"]
    assert (entry["title_zh"], entry["summary_lead"]) == (TITLE_ZH, LEADS)
    assert entry["summary_zh"].startswith("\n\n".join(LEADS))


def test_the_labelled_file_lints_clean(capsys, labelled_file: Path) -> None:
    status, out, _ = run(capsys, "lint", str(labelled_file))
    assert (status, out) == (0, "")


def test_the_schema_describes_the_parts_and_the_lead(capsys) -> None:
    status, out, _ = run(capsys, "schema")
    assert status == 0
    definitions = json.loads(out)["$defs"]
    assert definitions["Entry"]["properties"]["summary_parts"]["items"] == {"$ref": "#/$defs/SummaryPart"}
    assert set(definitions["SummaryPart"]["properties"]) == {"label", "text", "points", "line", "column"}
    lead = definitions["Entry"]["properties"]["summary_lead"]
    assert lead["items"] == {"type": "string"}
    assert "before its first label" in lead["description"]


# --- generated digests ---------------------------------------------------------------------------

# Ideographs, and the comma a sentence may hold: no colon, so no line is taken for a label by chance.
_IDEOGRAPHS = st.characters(min_codepoint=0x4E00, max_codepoint=0x9FA5)
_CLAUSE = st.text(st.one_of(_IDEOGRAPHS, st.sampled_from("，、")), min_size=1, max_size=15).filter(
    lambda text: text[0] not in "，、"
)
_SENTENCE = st.builds(str.__add__, _CLAUSE, st.sampled_from("。！？"))


@st.composite
def labelled_entries(draw) -> tuple[str, str, list[str], list[SummaryPart], bool]:
    """A labelled entry (its raw text), its Chinese title, its lead, the parts it must parse to,
    and whether its head is run together into one line (then the parts' lines are not checked)."""
    # Not the heading of the shorter entries ("…值得关注的论文"): a line of the digest's own.
    titles = st.text(_IDEOGRAPHS, min_size=1, max_size=20)
    title_zh = draw(titles.filter(lambda title: not MORE_HEADING.fullmatch(title)))
    labels = [label for label in ("要点", *PARTS) if draw(st.booleans())] or ["一句话总结"]
    indent = draw(st.sampled_from(["", "    "]))
    lines = [f"{draw(st.sampled_from(['', '1、', '1. ']))}[LG] Generated Title", "A Author, B Author"]
    if draw(st.booleans()):
        lines.append("[Example University]")
    lines.append(title_zh)
    head = len(lines)
    run_together = draw(st.booleans())
    # A run-together head's Chinese is one field, up to its first label: its title.
    leads = [] if run_together else draw(st.lists(_SENTENCE, max_size=2))
    lines += leads
    expected = []
    for label in labels:
        if expected and draw(st.booleans()):
            lines.append("")
        colon = draw(st.sampled_from(":："))
        line = len(lines) + 1
        if label == "要点":
            points = draw(st.lists(_SENTENCE, min_size=1, max_size=4))
            if len(points) > 1 and draw(st.booleans()):
                lines += [f"要点{colon}", "".join(points)]
            else:
                lines += [f"要点{colon}", *points]
            expected.append(SummaryPart(label=label, points=points, line=line, column=len(indent) + 1))
        else:
            text = "".join(draw(st.lists(_SENTENCE, min_size=1, max_size=3)))
            lines.append(f"{label}{colon}{draw(st.sampled_from(['', ' ']))}{text}")
            expected.append(SummaryPart(label=label, text=text, line=line, column=len(indent) + 1))
    lines += ["We study generated text at length.", "https://arxiv.org/abs/2310.00002"]
    if run_together:
        # A web page copied without the head's line breaks: up to the first label, one line.
        lines[: head + 1] = [" ".join(lines[: head + 1])]
    text = "\n".join(f"{indent}{line}" if line else "" for line in lines)
    return text, title_zh, leads, expected, run_together


def _wide(text: str) -> str:
    """The characters of ``text`` outside ASCII, but for blanks: the Chinese of a generated entry."""
    return "".join(char for char in text if not char.isascii() and not char.isspace())


def _content(part: SummaryPart) -> tuple[str, str, list[str]]:
    return part.label, part.text, part.points


@settings(max_examples=200, deadline=None)
@given(labelled_entries())
def test_a_generated_labelled_entry_round_trips(
    generated: tuple[str, str, list[str], list[SummaryPart], bool],
) -> None:
    text, title_zh, leads, parts, run_together = generated
    digest = parse(text)
    (entry,) = digest.entries
    assert entry.title == "Generated Title"
    assert entry.authors == ["A Author", "B Author"]
    assert (entry.title_zh, entry.summary_lead) == (title_zh, leads)
    if run_together:
        assert list(map(_content, entry.summary_parts)) == list(map(_content, parts))
    else:
        assert entry.summary_parts == parts
    # Every word is kept: each Chinese character (and CJK punctuation) is in the title or the summary.
    assert _wide(f"{entry.title_zh}{entry.summary_zh}") == _wide(text.replace("1、", "", 1))
    assert content_lines(text) <= accounted_lines(digest)
    diagnostics = lint_digest(RULES, digest)
    # Clean but for the affiliations a generated entry may leave out, the head run together and the lead.
    assert {d.code for d in diagnostics} <= {"DA203", "DA113", "DA208"}
    at = text.index(leads[0]) if leads else -1
    assert [(d.line, d.column) for d in diagnostics if d.code == "DA208"] == (
        [(text.count("\n", 0, at) + 1, at - text.rfind("\n", 0, at))] if leads else []
    )
    assert [(d.line, d.column) for d in diagnostics if d.code == "DA113"] == (
        [(1, text.index("A Author") + 1)] if run_together else []
    )


@pytest.mark.slow
@pytest.mark.parametrize("variant", ["要点:", "要点：", "points run together", "labels missing"])
def test_a_labelled_digest_s_page_shows_its_summary_as_labelled_parts(variant: str) -> None:
    """From the raw text to the page Sphinx writes: the parts as a list, the Chinese title shown."""
    text = {
        "要点:": labelled(),
        "要点：": labelled(colon="："),
        "points run together": labelled(run_together=True),
        "labels missing": labelled(labels=("要点", "方法", "一句话总结")),
    }[variant]
    digest = parse(text)
    assert lint_digest(RULES, digest) == []
    (entry,) = digest.entries
    with sphinx_page(render_digest(page_of(digest)), builder="html") as (app, _, warnings):
        assert warnings.getvalue() == ""
        html = BeautifulSoup((Path(app.outdir) / "page.html").read_text(encoding="utf-8"), "html.parser")
    section = html.find(id="digest-2023-10-05-1")
    assert "用树搜索学习规划的示例模型" in section.get_text()
    (listing,) = section.select("div.digest-summary[lang=zh-hans] > dl")
    assert [dt.get_text() for dt in listing.find_all("dt")] == [part.label for part in entry.summary_parts]
    assert [li.get_text(strip=True) for li in listing.find_all("dd")[0].select("ul > li")] == POINTS
    for part in entry.summary_parts[1:]:
        assert PARTS[part.label] in listing.get_text()
