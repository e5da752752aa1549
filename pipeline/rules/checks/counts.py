"""Checks on the counts an application declares (成员总数, 企业数量 …) against its member list. A
difference the text itself can explain (a list read in part, units of no clear kind) is a
warning for a person, not a failure."""

from __future__ import annotations

import re
from typing import Literal

from pydantic import Field

from extractors import uscc
from extractors.text import key
from models.record import DocumentRecord
from pipeline.rules.base import Finding, Params, check
from pipeline.rules.text import DocText

COUNT_LABELS = {
    "members": "成员总数",
    "enterprises": "企业数量",
    "universities": "高校数量",
    "institutes": "研究机构数量",
}
COUNT_KIND = {"enterprises": "enterprise", "universities": "university", "institutes": "institute"}


class CountParams(Params):
    counts: list[Literal["members", "enterprises", "universities", "institutes"]] = Field(min_length=1)
    # 新疆 附件1 注: 若成员单位超过20家，则只需填写主要成员单位
    main_members_only_above: int | None = Field(default=None, ge=1)


# names that say what a unit is not: an association, a government body, a hospital
_NOT_AN_ENTERPRISE = re.compile(r"(?:协会|学会|商会|联合会|促进会|委员会|管委会|医院|政府|[局厅]|办公室)$")
# companies a filer may count as 金融/服务机构 rather than 企业 (永川: 科技金融等专业化科技服务机构)
_FINANCE = re.compile(
    r"(?:创业投资|风险投资|股权投资|创投|基金|融资担保|担保|银行|证券|保险|信托|小额贷款|融资租赁|资产管理)"
)


def _counted_either_way(name: str, kind: str | None) -> bool:
    """A company whose trade is finance: an enterprise by its name, a 金融机构 to many a filer.

    >>> _counted_either_way("克拉玛依科技创业投资有限公司", "enterprise"), _counted_either_way("楚雄凤凰投资股份有限公司", "enterprise")
    (True, False)
    """
    return kind == "enterprise" and bool(_FINANCE.search(name))


def _kind_unsure(name: str, kind: str | None, code: str | None) -> bool:
    """Whether a unit's kind is a guess: none read, or 'other' with neither a name that says
    what it is nor a credit code whose category does.

    >>> _kind_unsure("新疆棉花协会", "other", None), _kind_unsure("某某技术服务中心", "other", None)
    (False, True)
    """
    if kind is None:
        return True
    if kind != "other":
        return False
    if code and uscc.registration_kind(code) in ("public_institution", "organ", "social_body", "enterprise"):
        return False
    return not _NOT_AN_ENTERPRISE.search(name)


def _listed(doc: DocumentRecord, k: str) -> int:
    if k == "members":
        return len(doc.members)
    return sum(1 for m in doc.members if m.kind == COUNT_KIND[k])


@check(
    "declared_counts_match",
    "document",
    CountParams,
    doc_types=("application",),
    title="填报数量与成员名单一致",
)
def declared_counts_match(doc: DocumentRecord, p: CountParams, rule, pack) -> list[Finding]:
    if not doc.members:
        return [Finding("unknown", "未读到成员单位名单，无法核对填报数量", look_at="申请表成员单位名单")]
    text = DocText.of(doc)
    out: list[Finding] = []
    n = len(doc.members)
    unclassified = sum(1 for m in doc.members if _kind_unsure(m.name, m.kind, m.credit_code))
    for k in p.counts:
        label = COUNT_LABELS[k]
        declared = getattr(doc.declared_counts, k)
        listed = _listed(doc, k)
        ev = f"{k}: {declared} vs {listed}"
        if declared is None:
            out.append(Finding("unknown", f"申请表未读到{label}", value=None, look_at=f"申请表“{label}”栏"))
            continue
        loc = text.locate(label)
        if declared == listed:
            out.append(
                Finding("pass", f"{label}{declared}个，与名单一致", value=declared, evidence=ev, location=loc)
            )
            continue
        above = p.main_members_only_above
        if (
            above is not None
            and (doc.declared_counts.members or 0) > above
            and n < (doc.declared_counts.members or 0)
        ):
            out.append(
                Finding(
                    "unknown",
                    f"填报{label}{declared}个，成员超过{above}家时表中只需填写主要成员单位（名单列出{n}家），"
                    "无法由名单核对",
                    value={"declared": declared, "listed": listed},
                    evidence=ev,
                    location=loc,
                    look_at="完整的成员单位名单（协议或方案）",
                )
            )
            continue
        msg = f"申请表填报{label}{declared}个，成员单位名单中为{listed}个"
        if k == "members":
            codes = {c for c in uscc.find_codes(text.text()) if uscc.is_valid(c)} if not text.empty else set()
            if len(codes) == declared and declared != listed:
                out.append(
                    Finding(
                        "unknown",
                        msg
                        + f"；但申请表中有{len(codes)}个不同的统一社会信用代码，与填报数一致，名单可能未读全",
                        value={"declared": declared, "listed": listed, "codes_in_text": len(codes)},
                        evidence=ev,
                        location=loc,
                        look_at="申请表成员单位名单的行数",
                    )
                )
                continue
            others = _units_not_listed(doc) if declared > listed else []
            if others and listed + len(others) >= declared:
                # the form names units the list read lacks: the list may not have been read whole
                out.append(
                    Finding(
                        "unknown",
                        msg
                        + f"；申请表别处还写有{len(others)}家名单中没有的单位（{'、'.join(others[:5])}），名单可能未读全",
                        value={"declared": declared, "listed": listed, "named_elsewhere": others},
                        evidence=ev,
                        location=text.locate(others[0]) or loc,
                        look_at="申请表成员单位名单，及名单外写到的单位",
                    )
                )
                continue
        elif doc.declared_counts.members is not None and doc.declared_counts.members != n:
            # the list's total already disagrees (the members row says so): its kinds follow
            note = "；名单总数与填报成员数不一致（见成员总数一项），各类数量待名单核实后再核对"
            out.append(_open(msg + note, declared, listed, ev, loc, "申请表成员单位名单"))
            continue
        elif k == "enterprises" and 0 < listed - declared <= (
            either := sum(1 for m in doc.members if _counted_either_way(m.name, m.kind))
        ):
            note = f"；名单中{either}家为投资、担保、金融类公司，填报时可能计作金融或服务机构"
            look = "名单中投资、担保、金融类公司在申请表中的类别"
            out.append(_open(msg + note, declared, listed, ev, loc, look, finance_companies=either))
            continue
        elif unclassified and abs(declared - listed) <= unclassified:
            note = f"；另有{unclassified}家单位类别未能从名称判断"
            out.append(
                _open(
                    msg + note, declared, listed, ev, loc, "类别未能判断的成员单位", unclassified=unclassified
                )
            )
            continue
        out.append(
            Finding("fail", msg, value={"declared": declared, "listed": listed}, evidence=ev, location=loc)
        )
    return out


def _open(msg: str, declared: int, listed: int, ev: str, loc, look_at: str, **more: object) -> Finding:
    """An open checklist line: the counts differ for a reason the text gives, for a person to see."""
    value = {"declared": declared, "listed": listed, **more}
    return Finding("unknown", msg, value=value, evidence=ev, location=loc, look_at=look_at)


def _units_not_listed(doc: DocumentRecord) -> list[str]:
    """Units the document names (its text, every line) that its member list lacks: neither the
    consortium nor an authority or platform (find_units leaves those out)."""
    from extractors.units import find_units

    listed = {key(m.name) for m in doc.members}
    own = key(doc.consortium_name or "")
    out: list[str] = []
    for row in DocText.of(doc).rows:
        for u in find_units(row.text):
            k = key(u.name)
            if k in listed or k == own or any(k in x or x in k for x in listed) or u.name in out:
                continue
            out.append(u.name)
    return out
