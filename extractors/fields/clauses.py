"""The clauses of a 组建协议, found by what they say.

Every section of the agreement (cut at its headings, numbered or plain; see extractors.sections)
is scored against each clause: its heading naming the clause (参与单位, 技术创新目标, …, reworded,
or two in one such as 科研诚信与违约责任), and its body carrying the clause's substance (the words
the templates' clauses are written in: 知识产权归…所有, 违约方…赔偿, 解散时…清算, …). A clause is
`present` where a heading names it or a section's text carries it; `filled` where that text has
substance beyond the template heading. `heading` is the heading of the section it was found in.

Every clause is reported with how it was found (`heading` or `content`) and the evidence (the
sentence that carries it), for the record's `extra`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from extractors.sections import Section, sections
from extractors.text import cjk_count, compact
from models.document import ReadDocument, Table
from models.record import CLAUSE_KEYS, Clause

# what a heading says, per clause
HEADING_RX: dict[str, str] = {
    "participants": r"参与单位|参加单位|牵头(?:单位)?(?:和|及|与|、)成员单位|成员单位(?:及|和|与)?(?:层级|组成|构成|名单|定位)?$|"
    r"(?:联合体|成员)(?:的)?(?:组成|构成|成员)|组成单位|成员构成|联合体成员|各方(?:主体|单位)$|协议(?:各方|主体)|^合作(?:各方|单位)$|签约(?:各方|单位)",
    "innovation_goal": r"创新目标|攻关目标|建设目标|总体目标|目标任务|合作目标|发展目标|主要目标|^目标|联合体目标|目标与",
    "task_division": r"任务.{0,4}分工|分工|任务(?:分配|设置|安排|分解)|各方任务|职责分工|研发任务",
    "rights_obligations": r"责权利|权利(?:和|与|及|、)?义务|责任、?权利|权责|职责|各方责任|权利|义务",
    "ip_benefit": r"知识产权|科技成果|成果(?:归属|转化|管理|共享)|收益分配|利益分配",
    "integrity": r"诚信|学术(?:规范|道德)|科研(?:伦理|道德)",
    "breach_liability": r"违约|违反协议|责任追究",
    "signatures": r"签章|签字|签署|盖章|签名",
    "dissolution": r"解散|终止|退出",
    "dispute_resolution": r"争议|纠纷",
}
# what the text says where a clause is there, headed or not
CONTENT_RX: dict[str, str] = {
    "participants": r"(?:牵头单位|核心层(?:单位)?|紧密(?:合作|层)(?:单位)?|一般协作层|成员单位)(?:为|是|包括|有|：|:)|由.{4,40}?牵头(?:组建|成立)?",
    "innovation_goal": r"技术创新目标|攻关目标|建设目标|总体目标|力争(?:攻克|突破|实现|形成|到)|重点突破|突破.{0,20}关键(?:核心)?技术|"
    r"到20\d\d年.{0,30}(?:实现|形成|突破|达到)",
    # a member given technical work to do, within one clause of a sentence (负责联合体的组织管理，
    # 统筹…开展技术攻关 is the lead's management: its 攻关 belongs to the next clause)
    "task_division": r"负责[^，。；;,]{2,40}(?:攻关|研究|开发|验证|示范|应用|推广|产业化|中试|研制)|"
    # (承担按时完成约定任务…的义务 is an obligation, not a task given)
    r"承担(?![^，。；;,]*义务)[^，。；;,]{2,30}(?:任务|研究|攻关)",
    "rights_obligations": r"权利(?:和|与|及)义务|责权利|享有.{0,30}(?:权利|权)|(?:应当|应)(?:履行|承担|遵守|按照|按时|保守)|负有.{0,10}义务",
    # ownership and benefit: a member's task of 成果转化 is no IP clause
    "ip_benefit": r"知识产权.{0,40}(?:归|所有|共有|共享|许可)|成果.{0,20}(?:归属|所有)|成果转化.{0,10}(?:收益|利益|分配)|"
    r"收益.{0,20}分配|许可使用",
    "integrity": r"科研诚信|弄虚作假|学术不端|失信|抄袭|剽窃|科技伦理",
    "breach_liability": r"违约|不履行.{0,30}(?:义务|约定)|违反本协议|赔偿.{0,10}损失|承担.{0,10}(?:赔偿|法律)责任",
    "signatures": r"$^",  # the signature block is found by its seal lines, not by words
    "dissolution": r"解散|终止本协议|联合体终止|清算",
    "dispute_resolution": r"争议|纠纷|仲裁|诉讼|向.{0,20}人民法院",
}
# words a clause's text uses when it has substance
SUBSTANCE_RX: dict[str, str] = {
    "participants": r"单位|公司|大学|学院|研究",
    "innovation_goal": r"目标|突破|攻克|攻关|形成|实现|力争|聚焦|研发|培育|建成",
    "task_division": r"负责|承担|分工|牵头|任务",
    "rights_obligations": r"权利|义务|责任|负责|享有|应当|职责",
    "ip_benefit": r"知识产权|成果|收益|归|许可|转化",
    "integrity": r"诚信|失信|弄虚作假|不端|抄袭|追究|惩戒|伦理",
    "breach_liability": r"违约|违反|赔偿|损失|取消|不履行|追究",
    "signatures": r"盖章|签字|签章",
    "dissolution": r"解散|清算|终止|退出",
    "dispute_resolution": r"争议|协商|仲裁|诉讼|调解|纠纷",
}
_HEAD_RX = {k: re.compile(v) for k, v in HEADING_RX.items()}
_CONTENT_RX = {k: re.compile(v) for k, v in CONTENT_RX.items()}
_SUBST_RX = {k: re.compile(v) for k, v in SUBSTANCE_RX.items()}
SEAL_LINE = re.compile(
    r"[（(]\s*(?:盖章|公章|签章)\s*[)）]|(?:盖章|签章|公章)\s*[：:]|法定代表人.{0,12}(?:签字|签章|签名)"
)
SIGN_HEAD = re.compile(r"签章|签字|签署页|签字页|签章页|盖章|签名")


@dataclass
class ClauseHit:
    key: str
    section: Section
    how: str  # "heading" or "content"
    evidence: str


def heading_keys(title: str) -> list[str]:
    """The clauses a heading names (two for 科研诚信与违约责任, 任务分工及各方权利义务)."""
    t = title[:40]
    keys = [k for k, rx in _HEAD_RX.items() if rx.search(t)]
    # "权利" / "义务" alone name rights_obligations only where no other clause claims the heading
    if "rights_obligations" in keys and re.fullmatch(r".*(?:权利|义务).*", t) and len(keys) > 1:
        if not re.search(r"责权利|权利(?:和|与|及|、)?义务|各方责任|职责|权责", t):
            keys.remove("rights_obligations")
    # 违约责任 names breach_liability, not rights_obligations' 责任
    if "breach_liability" in keys and "rights_obligations" in keys and not re.search(r"权利|义务|责权", t):
        keys.remove("rights_obligations")
    # 知识产权 in a 成果 heading: not the goal
    return keys


def agreement_sections(doc: ReadDocument) -> list[Section]:
    return sections(doc, list(_HEAD_RX.values()))


def _sentences(text: str) -> list[str]:
    return [s for s in re.split(r"(?<=[。；;！!？?\n])", text) if s.strip()]


def _content_hit(sec: Section, key: str) -> str | None:
    body = sec.body_text
    for s in _sentences(body):
        if _CONTENT_RX[key].search(compact(s)):
            return s.strip()[:200]
    return None


def substance(sec: Section, key: str) -> bool:
    """Substance beyond the heading: a table, or text that speaks to the clause's subject."""
    if any(isinstance(b, Table) and len(b.cells) > 2 for b in sec.blocks):
        return True
    text = compact(sec.body_text)
    text = re.sub(r"(?:\d+[.．、])?(?:牵头单位|核心层单位|紧密合作单位|一般协作层单位)[：:]?", "", text)
    n = cjk_count(text)
    return n >= 8 and (_SUBST_RX[key].search(text) is not None or n >= 60)


def find_clauses(
    doc: ReadDocument, signatories: list[str], parties_listed: bool = False
) -> tuple[dict[str, Clause], dict[str, dict]]:
    """Each clause key's Clause, and how it was found (for `extra.clauses_found`)."""
    secs = agreement_sections(doc)
    body = [s for s in secs if s.heading is not None]
    named: dict[str, list[Section]] = {}
    for s in body:
        for k in heading_keys(s.title):
            named.setdefault(k, []).append(s)
    out: dict[str, Clause] = {}
    how: dict[str, dict] = {}
    for key in CLAUSE_KEYS:
        if key == "signatures":
            hit = next((s for s in reversed(body) if SIGN_HEAD.search(s.title[:20])), None)
            seal_lines = bool(signature_lines(doc))
            present = hit is not None or bool(signatories) or seal_lines
            out[key] = Clause(
                present=present,
                filled=bool(signatories),
                heading=hit.heading if hit is not None else None,
            )
            how[key] = {
                "how": "heading" if hit is not None else ("seal block" if present else None),
                "evidence": "、".join(signatories)[:200] or None,
            }
            continue
        heads = named.get(key, [])
        if heads:
            # the headed section with substance, else the first
            sec = next((s for s in heads if substance(s, key)), heads[0])
            filled = substance(sec, key)
            if not filled:
                # a heading with its substance in the next section (两条 merged under one heading)
                filled = any(_content_hit(s, key) for s in heads)
            out[key] = Clause(present=True, filled=filled, heading=sec.heading)
            how[key] = {"how": "heading", "evidence": sec.heading}
            continue
        found: ClauseHit | None = None
        for s in secs[1:] or secs:
            if key == "participants" and s.heading is not None and SIGN_HEAD.search(s.title[:20]):
                continue
            ev = _content_hit(s, key)
            if ev:
                found = ClauseHit(key, s, "content", ev)
                break
        if found is None and key == "participants" and secs:
            ev = _content_hit(secs[0], key)
            if ev:
                found = ClauseHit(key, secs[0], "content", ev)
        if found is None and key == "participants" and parties_listed:
            # the parties are listed by their tiers, under no heading that names them
            out[key] = Clause(present=True, filled=True, heading=None)
            how[key] = {"how": "tier lists", "evidence": None}
            continue
        out[key] = Clause(
            present=found is not None,
            filled=found is not None,
            heading=found.section.heading if found is not None else None,
        )
        how[key] = {"how": found.how if found else None, "evidence": found.evidence if found else None}
    return out, how


def signature_lines(doc: ReadDocument) -> list[str]:
    """Lines that mark a seal or signature (牵头单位（盖章）：…, 法定代表人（签字）)."""
    out = []
    for b in doc.blocks:
        for line in b.text.split("\n"):
            if SEAL_LINE.search(line):
                out.append(line)
    return out


def _run_start(blocks: list, seal_at: list[int], idx: int) -> int:
    """The first seal line of the run that idx is in: earlier seal lines joined to it by short
    lines only (names, 法定代表人, 日期) belong to the same block, however short the agreement."""
    pos = seal_at.index(idx)
    while pos > 0:
        prev = seal_at[pos - 1]
        between = blocks[prev + 1 : seal_at[pos]]
        if len(between) > 4 or any(b.kind == "paragraph" and len(b.text.strip()) > 40 for b in between):
            break
        pos -= 1
    return seal_at[pos]


def signature_region(doc: ReadDocument) -> list[tuple[str, object]]:
    """The signature block as (text, block) pieces: from the last heading naming 签章/签署 (or,
    without one, from the first seal line after the last clause) to the end of the agreement
    (an annex that follows is not part of it)."""
    blocks = [b for b in doc.blocks if not (b.kind == "paragraph" and b.prov.source in ("header", "footer"))]
    secs = agreement_sections(doc)
    start_block = None
    for s in reversed(secs):
        if s.heading is not None and SIGN_HEAD.search(s.title[:20]) and s.blocks:
            start_block = s.blocks[0]
            break
    idx = None
    if start_block is not None:
        idx = next((i for i, b in enumerate(blocks) if b is start_block), None)
    if idx is None:
        # the first seal line in the last third of the document, or anywhere
        seal_at = [i for i, b in enumerate(blocks) if SEAL_LINE.search(b.text)]
        later = [i for i in seal_at if i >= len(blocks) * 0.5] or seal_at
        if not later:
            return []
        idx = _run_start(blocks, seal_at, later[0])
        # the block before a seal line may carry the first name (name above its seal line)
        idx = max(0, idx - 1)
    out: list[tuple[str, object]] = []
    for b in blocks[idx:]:
        if b.kind == "paragraph" and re.match(r"^\s*附件\s*\d*\s*[：:]?\s*\S{0,20}$", b.text) and out:
            break
        out.append((b.text, b))
    return out
