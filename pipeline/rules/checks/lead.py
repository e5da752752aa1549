"""Checks on the lead unit's standing: registered in the jurisdiction, an enterprise, hosting an
innovation platform of the level the rule names."""

from __future__ import annotations

import re
from typing import Literal

from pydantic import Field, model_validator

from extractors import uscc
from extractors.text import key
from pipeline.rules.base import Finding, NoParams, Params, check
from pipeline.rules.checks.common import KIND_NAMES, LEVEL_NAMES, kind_by_name, same_unit
from pipeline.rules.facts import Facts
from pipeline.rules.text import DocText


class Divisions(Params):
    divisions: list[str] = Field(min_length=1)  # administrative division code prefixes

    @model_validator(mode="after")
    def _digits(self) -> Divisions:
        bad = [d for d in self.divisions if not re.fullmatch(r"\d{2,6}", d)]
        if bad:
            raise ValueError(f"division prefixes are 2-6 digits: {bad}")
        return self


@check("lead_in_jurisdiction", "submission", Divisions, title="牵头单位注册地")
def lead_in_jurisdiction(f: Facts, p: Divisions, rule, pack) -> list[Finding]:
    out: list[Finding] = []
    for m in f.leads:
        if not m.credit_code or not uscc.is_valid(m.credit_code):
            out.append(
                Finding(
                    "unknown",
                    f"牵头单位“{m.name}”无有效统一社会信用代码，无法判断注册地",
                    evidence=m.credit_code,
                    unit=m.name,
                    look_at=f"“{m.name}”的营业执照或统一社会信用代码",
                )
            )
            continue
        div = uscc.division(m.credit_code) or ""
        ok = any(div.startswith(x) for x in p.divisions)
        out.append(
            Finding(
                "pass" if ok else "fail",
                f"牵头单位“{m.name}”统一社会信用代码的行政区划码为{div}" + ("" if ok else "，不在本辖区注册"),
                value=div,
                evidence=m.credit_code,
                unit=m.name,
            )
        )
    return out or [
        Finding("unknown", "未读到牵头单位及其统一社会信用代码", look_at="申请表成员名单中的牵头单位")
    ]


@check("lead_is_enterprise", "submission", NoParams, title="牵头单位为企业")
def lead_is_enterprise(f: Facts, p: NoParams, rule, pack) -> list[Finding]:
    """From the credit code's registration category (GB 32100-2015: 9x 工商 registered bodies
    are enterprises; 1x 机构编制, 5x 民政 … are not) and from the name."""
    names = f.sub.lead_units or [m.name for m in f.leads]
    if not names:
        return [Finding("unknown", "未读到牵头单位", look_at="申请表“联合体牵头单位”栏")]
    by_key = {key(m.name): m for m in f.members}
    out: list[Finding] = []
    for name in names:
        m = by_key.get(key(name)) or next((x for x in f.leads if same_unit(x.name, name)), None)
        code = m.credit_code if m and m.credit_code and uscc.is_valid(m.credit_code) else None
        by_name = kind_by_name(name) or (m.kind if m else None)
        reg = uscc.registration_kind(code) if code else None
        if reg is not None:
            if reg == "enterprise" and by_name in ("enterprise", None, "other"):
                out.append(
                    Finding(
                        "pass",
                        f"牵头单位“{name}”为工商登记的企业（代码{code}）",
                        value=reg,
                        evidence=code,
                        unit=name,
                    )
                )
            elif reg != "enterprise" and by_name != "enterprise":
                out.append(
                    Finding(
                        "fail",
                        f"牵头单位“{name}”不是企业：统一社会信用代码{code}的登记管理部门类别为{reg}",
                        value=reg,
                        evidence=code,
                        unit=name,
                    )
                )
            else:
                out.append(
                    Finding(
                        "unknown",
                        f"牵头单位“{name}”的名称（{KIND_NAMES.get(by_name or '', '未知')}）与统一社会信用代码{code}的类别（{reg}）不一致",
                        value=reg,
                        evidence=code,
                        unit=name,
                        warn=True,
                        look_at=f"“{name}”的营业执照或法人登记证书",
                    )
                )
            continue
        if by_name == "enterprise":
            out.append(
                Finding(
                    "pass",
                    f"牵头单位“{name}”按名称为企业（无有效统一社会信用代码可核）",
                    value="enterprise",
                    evidence=name,
                    unit=name,
                )
            )
        elif by_name in ("university", "institute"):
            out.append(
                Finding(
                    "fail",
                    f"牵头单位“{name}”按名称为{KIND_NAMES[by_name]}，不是企业",
                    value=by_name,
                    evidence=name,
                    unit=name,
                )
            )
        else:
            out.append(
                Finding(
                    "unknown",
                    f"无法从名称和代码判断牵头单位“{name}”是否为企业",
                    value=None,
                    evidence=name,
                    unit=name,
                    look_at=f"“{name}”的营业执照",
                )
            )
    return out


class Levels(Params):
    levels: list[Literal["national", "provincial"]] = Field(min_length=1)


@check("lead_platform_min", "submission", Levels, title="牵头单位创新平台")
def lead_platform_min(f: Facts, p: Levels, rule, pack) -> list[Finding]:
    """The lead hosts (依托单位) a platform of one of the levels the rule names, among the
    application's platform rows."""
    app = f.doc("application")
    lead = f.lead_name()
    if app is None:
        return [
            Finding(
                "unknown",
                "未收到申请表，无法核对牵头单位的创新平台",
                unit=lead,
                look_at="牵头单位的平台认定文件",
            )
        ]
    text = DocText.of(app)
    if not app.platforms:
        return [
            Finding(
                "unknown",
                "申请表中未读到创新平台情况表，请人工核对牵头单位的创新平台",
                unit=lead,
                document=app.source.path,
                location=text.locate("平台名称"),
                look_at="申请表的科研平台情况表",
            )
        ]
    lead_keys = f.sub.lead_units or [m.name for m in f.leads]
    hosted = [
        pl for pl in app.platforms if pl.host_unit and any(same_unit(pl.host_unit, k) for k in lead_keys)
    ]
    good = [pl for pl in hosted if pl.level in p.levels]
    want = "或".join(LEVEL_NAMES[x] for x in ("national", "provincial") if x in p.levels)
    if good:
        ev = "；".join(f"{pl.name}（{LEVEL_NAMES.get(pl.level or '', pl.level or '')}）" for pl in good)
        return [
            Finding(
                "pass",
                f"牵头单位依托建有{want}平台{len(good)}个",
                value=len(good),
                evidence=ev,
                unit=lead,
                document=app.source.path,
                location=text.locate(good[0].name),
            )
        ]
    ev = "；".join(
        f"{pl.name}（{LEVEL_NAMES.get(pl.level or '', pl.level or '')}，{pl.host_unit}）" for pl in hosted
    )
    return [
        Finding(
            "fail",
            f"申请表所列{len(app.platforms)}个创新平台中，没有依托牵头单位的{want}平台",
            value=0,
            evidence=ev or None,
            unit=lead,
            document=app.source.path,
            location=text.locate(app.platforms[0].name),
        )
    ]
