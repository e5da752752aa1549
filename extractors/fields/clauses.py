"""The eight mandatory clauses of a 组建协议 (and 云南's dissolution and dispute terms).

A clause is `present` where a section heading names it (headings numbered 一、/ 第一条 / 1. /
（一）, reworded, or two merged in one) or, failing that, where the agreement's text carries its
substance; `filled` where its section has substance beyond the template's heading. `heading`
is the heading matched, or for a clause found by content the heading of the section holding it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from extractors.fields.common import looks_like_unit
from extractors.text import cjk_count, compact
from models.document import Paragraph, ReadDocument, Table
from models.record import CLAUSE_KEYS, Clause

# what a heading says, per clause (matched on the heading with its numbering removed)
HEADING_RX: dict[str, str] = {
    "participants": r"参与单位|牵头(?:单位)?和成员单位|牵头单位(?:及|与)成员单位|成员单位(?:及|和|与)?(?:层级|组成|构成|名单)?$|"
    r"联合体(?:的)?(?:组成|成员)|组成单位|成员构成|联合体成员",
    "innovation_goal": r"创新目标|攻关目标|建设目标|总体目标|目标任务|合作目标",
    "task_division": r"任务.{0,4}分工|分工|任务(?:分配|设置|安排)",
    "rights_obligations": r"责权利|权利(?:和|与|及|、)?义务|责任、权利|权责|职责",
    "ip_benefit": r"知识产权|科技成果|成果(?:归属|转化|管理)|收益分配",
    "integrity": r"诚信",
    "breach_liability": r"违约",
    "signatures": r"签章|签字|签署|盖章",
    "dissolution": r"解散|终止",
    "dispute_resolution": r"争议|纠纷",
}
# what the substance says, where no heading names the clause
CONTENT_RX: dict[str, str] = {
    "participants": r"(?:牵头单位|核心层)",
    "innovation_goal": r"技术创新目标|攻关目标|力争(?:攻克|突破)|重点突破",
    "task_division": r"负责.{2,40}(?:攻关|研究|开发|验证)",
    "rights_obligations": r"权利和义务|权利与义务|责权利|享有.{0,30}权利",
    "ip_benefit": r"知识产权.{0,30}(?:归|所有|共有)|收益.{0,10}分配",
    "integrity": r"科研诚信|弄虚作假|学术不端",
    "breach_liability": r"违约|不履行.{0,20}(?:义务|约定)",
    "signatures": r"$^",  # signatures are found by the signature block, not by words
    "dissolution": r"解散",
    "dispute_resolution": r"争议|纠纷",
}
# words a clause's body uses when it has substance (a short body without any is template only)
SUBSTANCE_RX: dict[str, str] = {
    "participants": r"单位|公司|大学|学院|研究",
    "innovation_goal": r"目标|突破|攻克|攻关|形成|实现|力争|聚焦",
    "task_division": r"负责|承担|分工|牵头",
    "rights_obligations": r"权利|义务|责任|负责|享有|应当|职责",
    "ip_benefit": r"知识产权|成果|收益|归|许可|转化",
    "integrity": r"诚信|失信|弄虚作假|不端|抄袭|追究|惩戒",
    "breach_liability": r"违约|违反|赔偿|损失|取消|不履行",
    "signatures": r"盖章|签字|签章",
    "dissolution": r"解散|清算|终止",
    "dispute_resolution": r"争议|协商|仲裁|诉讼|调解",
}
_HEAD_RX = {k: re.compile(v) for k, v in HEADING_RX.items()}
_SUBST_RX = {k: re.compile(v) for k, v in SUBSTANCE_RX.items()}
_CONTENT_RX = {k: re.compile(v) for k, v in CONTENT_RX.items()}
_NUM = re.compile(
    r"^\s*(?:第[一二三四五六七八九十百\d]+[条章]|[一二三四五六七八九十]+\s*[、.．]|\d{1,2}\s*[、.．]|[（(][一二三四五六七八九十\d]+[)）])\s*"
)
SIGN_PAGE = re.compile(r"^(?:签章页|签字页|签署页|(?:各|所有)?成员单位签(?:章|字)(?:页)?)$")


@dataclass
class Section:
    heading: str | None
    title: str  # heading without its numbering
    blocks: list[Paragraph | Table] = field(default_factory=list)

    @property
    def body_text(self) -> str:
        return "\n".join(b.text for b in self.blocks)


def numbering_family(number: str | None) -> str | None:
    """The style of a heading's numbering: 第一条 / 第一章 / 一、 / 1. / （一） / （1）."""
    if not number:
        return None
    if number.startswith("第"):
        return "chapter" if number.endswith("章") else "article"
    if re.match(r"^[一二三四五六七八九十]+[、.．]", number):
        return "cn"
    if re.match(r"^\d+[、.．]", number):
        return "arabic"
    if re.match(r"^[（(][一二三四五六七八九十]+[)）]", number):
        return "paren_cn"
    if re.match(r"^[（(]\d+[)）]", number):
        return "paren_arabic"
    return None


def _clause_family(doc: ReadDocument) -> str | None:
    """The numbering style the agreement's clauses use: the family of the most headings that
    name a clause (so （1） sub-items under 1. 参与单位 don't split the clauses)."""
    from collections import Counter

    votes: Counter[str] = Counter()
    for p in doc.paragraphs():
        fam = numbering_family(p.heading_number)
        if fam is None or fam == "chapter":
            continue
        title = _NUM.sub("", compact(p.text.split("\n")[0]))[:30]
        if any(rx.search(title) for rx in _HEAD_RX.values()):
            votes[fam] += 1
    return votes.most_common(1)[0][0] if votes else None


def sections_of(doc: ReadDocument) -> list[Section]:
    """The agreement split at its clause headings (一、 / 第一条 / 1. ... whichever numbering its
    clauses use, and 签章页). Text before the first heading (cover page, preamble) is a section
    with no heading."""
    out = [Section(None, "")]
    family = _clause_family(doc)
    for b in doc.blocks:
        if isinstance(b, Paragraph) and b.prov.source in ("header", "footer"):
            continue
        if isinstance(b, Paragraph) and _is_heading(b, family):
            head = b.text.split("\n")[0].strip()
            title = _NUM.sub("", compact(head))
            inline = b.text[len(head) :].strip() if "\n" in b.text else ""
            sec = Section(head, title)
            # 第一条 本联盟名称为……: an article heading with its text on the same line
            if len(compact(b.text)) > 40 and b.heading_number and b.heading_number.startswith("第"):
                sec = Section(head[:40], title[:30], [b])
            elif inline:
                sec.blocks.append(Paragraph(text=inline, prov=b.prov))
            out.append(sec)
        else:
            out[-1].blocks.append(b)
    return out


def _is_heading(p: Paragraph, family: str | None) -> bool:
    t = compact(p.text.split("\n")[0])
    if SIGN_PAGE.match(t):
        return True
    fam = numbering_family(p.heading_number)
    if fam is None or (family is not None and fam != family and fam != "chapter"):
        return False
    if fam == "chapter":
        return True
    return len(t) <= 60 or fam == "article"


def _substance(sec: Section, key: str) -> bool:
    """Substance beyond the heading: a table, or text that speaks to the clause's subject (a
    short body without any of its words, such as a stray 本协议自…生效, is template only)."""
    text = compact(sec.body_text)
    text = re.sub(r"(?:\d+[.．])?(?:牵头单位|核心层单位|紧密合作单位|一般协作层单位)", "", text)
    if any(isinstance(b, Table) and len(b.cells) > 2 for b in sec.blocks):
        return True
    n = cjk_count(text)
    return n >= 8 and (_SUBST_RX[key].search(text) is not None or n >= 60)


def check_clauses(doc: ReadDocument, signatories: list[str], members_found: bool) -> dict[str, Clause]:
    secs = sections_of(doc)
    body = [s for s in secs if s.heading is not None]
    out: dict[str, Clause] = {}
    for key in CLAUSE_KEYS:
        hit = next((s for s in body if _HEAD_RX[key].search(s.title)), None)
        if hit is not None:
            if key == "signatures":
                filled = bool(signatories)
            elif key == "participants":
                filled = members_found or _substance(hit, key)
            else:
                filled = _substance(hit, key)
            out[key] = Clause(present=True, filled=filled, heading=hit.heading)
            continue
        if key == "signatures":
            out[key] = Clause(
                present=bool(signatories),
                filled=bool(signatories),
                heading=next((s.heading for s in body if SIGN_PAGE.match(compact(s.heading or ""))), None),
            )
            continue
        if key == "participants" and members_found:
            out[key] = Clause(present=True, filled=True, heading=None)
            continue
        found = None
        for s in secs[1:] or secs:
            if _CONTENT_RX[key].search(compact(s.body_text)):
                found = s
                break
        out[key] = Clause(
            present=found is not None,
            filled=found is not None,
            heading=found.heading if found is not None else None,
        )
    return out


def signature_region(doc: ReadDocument) -> tuple[list[str], list[list[str]]]:
    """Lines and table rows of the signature block: after a 签章 heading or 签章页; else the
    tail of the agreement after its last numbered section heading."""
    secs = sections_of(doc)
    start = None
    for i, s in enumerate(secs):
        if s.heading is not None and (_HEAD_RX["signatures"].search(s.title) or SIGN_PAGE.match(s.title)):
            start = i
    if start is None:
        start = len(secs) - 1 if len(secs) > 1 else 0
    lines: list[str] = []
    rows: list[list[str]] = []
    for s in secs[start:]:
        for b in s.blocks:
            if isinstance(b, Table):
                rows.extend(b.row_texts())
            else:
                lines.extend(b.text.split("\n"))
    return lines, rows


def participant_lines(doc: ReadDocument) -> list[str]:
    """The lines of the participants clause (where the tier lists are)."""
    for s in sections_of(doc):
        if s.heading is not None and _HEAD_RX["participants"].search(s.title):
            return [x for b in s.blocks if isinstance(b, Paragraph) for x in b.text.split("\n")]
    return []


def unit_lines(lines: list[str]) -> int:
    return sum(1 for x in lines if looks_like_unit(compact(x)))
