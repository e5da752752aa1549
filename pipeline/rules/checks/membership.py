"""Checks on a submission's membership: how many members, of how many kinds, the share of
enterprises, how many lead units."""

from __future__ import annotations

from pydantic import Field, model_validator

from pipeline.rules.base import Finding, Params, check
from pipeline.rules.checks.common import KIND_NAMES
from pipeline.rules.facts import Facts


def _no_members() -> list[Finding]:
    return [Finding("unknown", "未读到成员单位名单", look_at="申请表或协议的成员单位名单")]


class MinCount(Params):
    min: int = Field(ge=1)


class Share(Params):
    share: float = Field(gt=0, le=1)


class Range(Params):
    min: int = Field(ge=0)
    max: int = Field(ge=1)

    @model_validator(mode="after")
    def _ordered(self) -> Range:
        if self.min > self.max:
            raise ValueError("min is greater than max")
        return self


@check("members_min", "submission", MinCount, title="成员单位数量")
def members_min(f: Facts, p: MinCount, rule, pack) -> list[Finding]:
    n = len(f.members)
    if n == 0:
        return _no_members()
    # the lists of the documents, each whole: a unit in one list and another in its place in the
    # next (a member replaced) is one seat, not two
    per_doc = {d.source.path: len(d.members) for d in f.docs if d.doc_type in _LIST_DOCS and d.members}
    most = max(per_doc.values(), default=n)
    if most < p.min <= n:
        lists = "、".join(f"{path.rsplit('/', 1)[-1]} {k}家" for path, k in per_doc.items())
        return [
            Finding(
                "fail",
                f"各文件的成员名单均少于{p.min}个（{lists}）；合并后{n}个，是因为名单之间不一致（见 DOC_MISMATCH）",
                value=most,
                evidence=f"{most}（合并{n}）",
            )
        ]
    ok = n >= p.min
    return [
        Finding(
            "pass" if ok else "fail",
            f"成员单位{n}个" + ("" if ok else f"，少于{p.min}个"),
            value=n,
            evidence=str(n),
        )
    ]


_LIST_DOCS = ("application", "agreement", "plan")


@check("member_kinds_min", "submission", MinCount, title="成员单位类别")
def member_kinds_min(f: Facts, p: MinCount, rule, pack) -> list[Finding]:
    if not f.members:
        return _no_members()
    kinds = sorted({m.kind for m in f.members if m.kind})
    desc = "、".join(KIND_NAMES[k] for k in kinds)
    ok = len(kinds) >= p.min
    return [
        Finding(
            "pass" if ok else "fail",
            f"成员单位类别{len(kinds)}类（{desc}）" + ("" if ok else f"，少于{p.min}类"),
            value=len(kinds),
            evidence=desc,
        )
    ]


@check("enterprise_share_min", "submission", Share, title="企业比例")
def enterprise_share_min(f: Facts, p: Share, rule, pack) -> list[Finding]:
    if not f.members:
        return _no_members()
    n = len(f.members)
    e = sum(1 for m in f.members if m.kind == "enterprise")
    share = e / n
    ok = share >= p.share
    declared = _declared_enterprises(f)
    if not ok and declared is not None and declared[1] / declared[0] >= p.share:
        # the list as read and the form's own figures disagree: the kinds, or a unit missed,
        # are for a person to see before anything is called too few
        dn, de = declared
        return [
            Finding(
                "unknown",
                f"成员名单读出企业{e}个，占{n}个的{share:.0%}；申请表填报成员{dn}家，其中企业{de}家（{de / dn:.0%}）",
                value=round(share, 3),
                evidence=f"{e}/{n}；填报{de}/{dn}",
                look_at="成员单位名单中各单位的类别（企业/高校/院所/其他），与申请表填报的企业数核对",
            )
        ]
    return [
        Finding(
            "pass" if ok else "fail",
            f"企业{e}个，占成员单位{n}个的{share:.0%}" + ("" if ok else f"，低于{p.share:.0%}"),
            value=round(share, 3),
            evidence=f"{e}/{n}",
        )
    ]


def _declared_enterprises(f: Facts) -> tuple[int, int] | None:
    """(members, enterprises) as a document of the submission declares them, application first."""
    for d in sorted(f.docs, key=lambda d: d.doc_type != "application"):
        c = d.declared_counts
        if c.members and c.enterprises is not None and 0 <= c.enterprises <= c.members:
            return c.members, c.enterprises
    return None


@check("lead_count", "submission", Range, title="牵头单位数量")
def lead_count(f: Facts, p: Range, rule, pack) -> list[Finding]:
    n = len(f.sub.lead_units)
    if n == 0:
        return [Finding("unknown", "未读到牵头单位", value=0, look_at="申请表“联合体牵头单位”栏")]
    ok = p.min <= n <= p.max
    return [
        Finding(
            "pass" if ok else "fail",
            f"牵头单位{n}家" + ("" if ok else f"，应为{p.min}—{p.max}家"),
            value=n,
            evidence="、".join(f.sub.lead_units),
        )
    ]
