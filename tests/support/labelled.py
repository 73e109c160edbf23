"""A made-up digest of 2023 in the labelled layout (``要点:`` and labelled parts), as the model holds it."""

from __future__ import annotations

import datetime as dt

from digest_archive.model import Digest, Entry, Section, SummaryPart

#: A made-up summary in the labelled layout, as the model holds it: the parts, and the whole text.
LABELLED_PARTS = [
    SummaryPart(
        label="要点",
        points=["提出一种示例框架，把规划和推理结合起来。", "在三个基准上的实验展示了它的通用性。"],
        line=5,
    ),
    SummaryPart(label="动机", text="现有方法的行为过于简单，难以部署。", line=8),
    SummaryPart(label="方法", text="在候选步骤上做树搜索，并用外部反馈打分。", line=9),
    SummaryPart(label="优势", text="在多个领域上都优于基线。", line=10),
    SummaryPart(label="一句话总结", text="一个用树搜索结合规划与推理的示例框架。", line=12),
]
LABELLED_SUMMARY = (
    "要点:\n提出一种示例框架，把规划和推理结合起来。\n在三个基准上的实验展示了它的通用性。\n"
    "动机：现有方法的行为过于简单，难以部署。\n方法：在候选步骤上做树搜索，并用外部反馈打分。\n"
    "优势：在多个领域上都优于基线。\n\n一句话总结：一个用树搜索结合规划与推理的示例框架。"
)
#: The older layout's summary, of the entry after it.
OLDER_SUMMARY = "旧版摘要的第一段。\n\n旧版摘要的第二段。"

#: Paragraphs a labelled summary may have before its first label: its lead.
LEAD = ["这篇论文来自一个示例实验室。", "作者还公开了代码和数据。"]


def labelled_digest(parts: list[SummaryPart] = LABELLED_PARTS, lead: list[str] | None = None) -> Digest:
    """A made-up digest of 2023: an entry whose summary is in ``parts`` (after ``lead``), then one
    in the older layout."""
    labelled = Entry(
        summary_lead=lead or [],
        number=1,
        section=Section.FEATURED,
        category="LG",
        title="An Example Framework for Planning",
        title_zh="一个示例框架",
        authors=["A Author", "B Author"],
        summary_zh="\n\n".join([*(lead or []), LABELLED_SUMMARY]),
        summary_parts=parts,
        abstract_en="We propose an example framework.",
        line=2,
    )
    older = Entry(
        number=2,
        section=Section.FEATURED,
        category="CV",
        title="An Older Layout",
        authors=["C Author"],
        summary_zh=OLDER_SUMMARY,
        abstract_en="An abstract.",
        line=20,
    )
    return Digest(date=dt.date(2023, 3, 1), source="raw/2023/2023-03-01.txt", entries=[labelled, older])
