"""What a document is (doc_type) and whose rules apply (jurisdiction), from its own words."""

from __future__ import annotations

import re

from extractors.text import compact
from models.document import Paragraph, ReadDocument, Table

DOC_TYPE_WORDS: list[tuple[str, str]] = [
    ("application", r"(?:组建|认定|备案)?申请(?:表|书)|申报表|申报书"),
    ("agreement", r"(?:组建|共建|合作)?协议(?:书)?"),
    ("plan", r"(?:建设|实施|组建|攻关)(?:任务)?(?:实施)?方案"),
]

JURISDICTION_WORDS: list[tuple[str, str]] = [
    ("yongchuan", r"永川"),
    ("guangxi", r"广西|桂科"),
    ("xinjiang", r"新疆"),
    ("yunnan", r"云南|滇"),
]


def head_text(doc: ReadDocument, n_blocks: int = 12, max_chars: int = 240) -> str:
    """The title zone: the first paragraphs (and a table's first rows), whitespace removed,
    traditional characters folded to simplified."""
    parts: list[str] = []
    for b in doc.blocks[:n_blocks]:
        if isinstance(b, Paragraph):
            if b.prov.source in ("header", "footer"):
                continue
            parts.append(b.text)
        elif isinstance(b, Table):
            parts.extend(" ".join(r) for r in b.row_texts()[:3])
        if sum(len(p) for p in parts) > max_chars:
            break
    from extractors.units import fold

    return fold(compact("".join(parts))[:max_chars])


def classify_doc_type(doc: ReadDocument) -> str:
    head = head_text(doc)
    if "补充协议" in head:
        return "supplementary_agreement"
    if re.search(
        r"产业技术创新战略联盟|技术创新联盟|创新战略联盟|(?:产业|创新|协同创新|科技创新|合作|产学研)[^，。；]{0,6}联盟",
        head,
    ):
        return "legacy_alliance"
    best: tuple[int, str] | None = None
    for kind, rx in DOC_TYPE_WORDS:
        m = re.search(rx, head)
        if m and (best is None or m.start() < best[0]):
            best = (m.start(), kind)
    if best:
        return best[1]
    from extractors.units import fold

    text = fold(compact(doc.text))
    if "成员总数" in text and "企业数量" in text:
        return "application"
    if "签章" in text and ("违约责任" in text or "知识产权" in text):
        return "agreement"
    if re.search(r"战略联盟|创新联盟|产业联盟", text[:2000]):
        return "legacy_alliance"
    return "unknown"


def classify_jurisdiction(doc: ReadDocument) -> str:
    from extractors.units import fold

    head = head_text(doc, n_blocks=16, max_chars=400)
    for text in (head, fold(compact(doc.text)[:3000])):
        best: tuple[int, str] | None = None
        for j, rx in JURISDICTION_WORDS:
            m = re.search(rx, text)
            if m and (best is None or m.start() < best[0]):
                best = (m.start(), j)
        if best:
            # 重庆市永川区: 永川 comes after 重庆 but names the district whose rules apply
            if best[1] != "yongchuan" and re.search(r"永川", text[: best[0] + 40]):
                return "yongchuan"
            return best[1]
    return "unknown"
