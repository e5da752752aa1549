"""Problems planted in a consortium (a bad code, a missing clause, low figures, a short list...),
each with the flag the truth expects and the facts changed to show it."""

from __future__ import annotations

import random

from model import MIN_MEMBERS, Cons, between, note_for
from pool import Registry, break_code, make_code


# ----------------------------------------------------------------------------- plants
def flag(code, message, unit=None, evidence=None, match=None, severity="error"):
    return {
        "code": code,
        "severity": severity,
        "message": message,
        "unit": unit,
        "evidence": evidence,
        "match": match if match is not None else ([unit] if unit else []),
    }


def plant(rng: random.Random, reg: Registry, c: Cons, what: str) -> None:
    lead = c.lead
    c.plants.append(what)
    if what == "count_members":
        d = rng.choice([-2, -1, 2, 3])
        c.declared["members"] += d
        c.sub_flags.append(
            flag(
                "COUNT_MISMATCH",
                "申请表填报的成员总数与成员名单不一致",
                evidence=f"members: {c.declared['members']} vs {len(c.units)}",
                match=[],
            )
        )
        c.notes.append(f"成员总数填报{c.declared['members']}家，名单实为{len(c.units)}家")
    elif what == "count_enterprises":
        c.declared["enterprises"] += rng.choice([-1, 1, 2])
        ne = sum(u.kind == "enterprise" for u in c.units)
        c.sub_flags.append(
            flag(
                "COUNT_MISMATCH",
                "申请表填报的企业数量与成员名单不一致",
                evidence=f"enterprises: {c.declared['enterprises']} vs {ne}",
                match=[],
            )
        )
        c.notes.append(f"企业数量填报{c.declared['enterprises']}家，名单中企业{ne}家")
    elif what == "code_invalid":
        u = rng.choice(c.units[2:])
        c.written_code[u.name] = break_code(rng, u.code)
        c.notes.append(
            f"{u.name}的统一社会信用代码校验位错误（{c.written_code[u.name]}），凡写出该代码的文件均应报错"
        )
    elif what == "code_missing":
        u = rng.choice(c.units[2:])
        c.written_code[u.name] = ""
        c.notes.append(f"{u.name}在要求填写代码的成员表中代码栏空白")
    elif what == "clause_missing":
        c.clause_missing = rng.choice(
            ["ip_benefit", "integrity", "breach_liability", "innovation_goal", "task_division"]
            + (["dispute_resolution", "dissolution"] if c.juris == "yunnan" else [])
        )
        c.notes.append(f"组建协议缺少条款 {c.clause_missing}")
    elif what == "clause_empty":
        c.clause_empty = rng.choice(["ip_benefit", "integrity", "breach_liability", "rights_obligations"])
        c.notes.append(f"组建协议条款 {c.clause_empty} 只有标题没有内容")
    elif what == "signature_missing":
        u = rng.choice(c.units[1:])
        c.sig_omit.add(u.name)
        c.notes.append(f"{u.name}列为协议参与单位，但签章处没有该单位")
    elif what == "doc_mismatch":
        u = rng.choice(c.units[3:])
        c.agr_omit.add(u.name)
        c.sub_flags.append(
            flag("DOC_MISMATCH", "申请表与组建协议的成员单位不一致", evidence=u.name, match=[])
        )
        c.notes.append(f"申请表列有{u.name}，组建协议（参与单位与签章处）均无该单位")
    elif what == "doc_missing_agreement":
        c.docs.remove("agreement")
        c.sub_flags.append(flag("DOCUMENT_MISSING", "未提交组建协议", evidence="组建协议", match=[]))
        c.notes.append("未提交组建协议")
    elif what == "doc_missing_plan":
        c.docs.remove("plan")
        c.sub_flags.append(
            flag("DOCUMENT_MISSING", "未提交建设/实施/组建方案", evidence="建设/实施/组建方案", match=[])
        )
        c.notes.append("未提交方案")
    elif what == "doc_missing_application":
        c.docs.remove("application")
        c.sub_flags.append(flag("DOCUMENT_MISSING", "未提交组建申请表", evidence="申请表", match=[]))
        c.notes.append("未提交申请表")
    elif what == "below_min":
        keep = MIN_MEMBERS[c.juris] - rng.choice([1, 2])
        # enterprises first, then others, until the list is really below the minimum
        order = [u for u in c.units[1:] if u.kind == "enterprise"] + [
            u for u in c.units[1:] if u.kind != "enterprise"
        ]
        drop = order[: len(c.units) - keep]
        c.units = [u for u in c.units if u not in drop]
        names = {u.name for u in c.units}
        for t in c.team:
            if t["employer"] not in names:
                t["employer"] = lead.name
        for p in c.platforms:
            if p["host_unit"] not in names:
                p["host_unit"] = lead.name
        _recount(c)
        c.sub_flags.append(
            flag(
                "MEMBERS_BELOW_MIN",
                "成员单位数量低于最低要求",
                evidence=str(len(c.units)),
                match=[],
                severity="warning",
            )
        )
        c.notes.append(f"成员单位仅{len(c.units)}家，低于{MIN_MEMBERS[c.juris]}家")
    elif what == "kinds_few":  # guangxi 2025: enterprises only
        for u in c.units[1:]:
            if u.kind != "enterprise":
                reg.names.remove(u.name) if u.name in reg.names else None
                name, div, city = reg.company(c.juris, c.ind[1])
                u.name, u.kind, u.code = name, "enterprise", make_code(rng, "enterprise", div)
                u.note = note_for(rng, u, c.industry, c.ind[2], c.ind[3])
        for t in c.team:
            if t["employer"] not in {u.name for u in c.units}:
                t["employer"] = c.units[1].name
        for p in c.platforms:
            if p["host_unit"] not in {u.name for u in c.units}:
                p["host_unit"] = c.units[2].name
        _recount(c)
        c.sub_flags.append(flag("MEMBER_KINDS_FEW", "成员单位类型少于2类", evidence="1", match=[]))
        c.notes.append("成员单位全部为企业，只有1类")
    elif what == "ratio_low":  # xinjiang: enterprises < 50%
        ents = [u for u in c.units[1:] if u.kind == "enterprise"]
        target = (len(c.units) - 1) // 2 - 1 if len(c.units) % 2 else len(c.units) // 2 - 2
        target = max(1, target)
        for u in ents[target:]:
            reg.names.remove(u.name)
            name, div, city = (
                reg.institute(c.juris, rng.choice(c.ind[3])[:2])
                if rng.random() < 0.5
                else reg.university(c.juris, local=rng.random() < 0.6)
            )
            kind = "university" if name.endswith(("大学", "学院")) else "institute"
            u.name, u.kind, u.code = name, kind, make_code(rng, kind, div)
            u.note = note_for(rng, u, c.industry, c.ind[2], c.ind[3])
        for t in c.team:
            if t["employer"] not in {u.name for u in c.units}:
                t["employer"] = lead.name
        for p in c.platforms:
            if p["host_unit"] not in {u.name for u in c.units}:
                p["host_unit"] = c.units[1].name
        _recount(c)
        ne = c.declared["enterprises"]
        c.sub_flags.append(
            flag("ENTERPRISE_RATIO_LOW", "企业比例低于50%", evidence=f"{ne}/{len(c.units)}", match=[])
        )
        c.notes.append(f"企业{ne}家，成员{len(c.units)}家，企业比例低于50%")
    elif what == "revenue_low":
        c.rd["revenue"] = {"guangxi": between(rng, 45, 85), "xinjiang": between(rng, 18, 38)}[c.juris] * 10**7
        _refit_rd(c, rng)
        c.sub_flags.append(
            flag(
                "LEAD_REVENUE_LOW",
                "牵头单位营业收入低于门槛",
                unit=lead.name,
                evidence=str(c.rd["revenue"]),
                severity="error" if c.version == "2021" else "warning",
            )
        )
        c.notes.append(f"牵头单位营业收入{c.rd['revenue']}元，低于门槛")
    elif what == "staff_low":
        c.rd["staff"] = between(rng, 12, 26)
        c.rd["staff_total"] = c.rd["staff"] + between(rng, 20, 60)  # the total is above 30: a distractor
        c.sub_flags.append(
            flag(
                "LEAD_RD_STAFF_LOW",
                "牵头单位专职研发人员少于30人",
                unit=lead.name,
                evidence=str(c.rd["staff"]),
                severity="error" if c.version == "2021" else "warning",
            )
        )
        c.notes.append(f"专职研发人员{c.rd['staff']}人（研发人员总数{c.rd['staff_total']}人为干扰项）")
    elif what == "intensity_low":
        # 2021: intensity < 2%; 2025: average < 3000万 and share < 3%
        if c.version == "2021":
            c.rd["intensity_target"] = rng.uniform(1.1, 1.7)
        else:
            c.rd["revenue"] = between(rng, 11, 16) * 10**8
            c.rd["intensity_target"] = rng.uniform(1.2, 1.8)
        _refit_rd(c, rng)
        c.sub_flags.append(
            flag(
                "LEAD_RD_INTENSITY_LOW",
                "牵头单位研发投入强度低于要求",
                unit=lead.name,
                evidence=f"{c.rd['intensity']}%",
                severity="error" if c.version == "2021" else "warning",
            )
        )
        c.notes.append(f"研发投入强度{c.rd['intensity']}%（近三年研发费用{c.rd['expense']}）")
    elif what == "not_growing":
        e = c.rd["expense"]
        c.rd["expense"] = [e[1], e[2], round(e[1] * rng.uniform(0.86, 0.95), -5)]
        c.rd["intensity"] = round(c.rd["expense"][-1] / c.rd["revenue"] * 100, 1)
        c.sub_flags.append(
            flag(
                "RD_NOT_GROWING",
                "牵头单位近三年研发投入未持续增长",
                unit=lead.name,
                evidence=" / ".join(str(int(x)) for x in c.rd["expense"]),
            )
        )
        c.notes.append(f"近三年研发投入 {c.rd['expense']}，末年下降")
    elif what == "self_funding_low":
        c.rd["self_ratio"] = rng.choice([1.2, 1.5, 1.8])
        c.sub_flags.append(
            flag(
                "SELF_FUNDING_LOW",
                "自筹经费与财政经费比例低于2:1",
                evidence=f"{c.rd['self_ratio']}:1",
                match=[],
            )
        )
        c.notes.append(f"自筹:财政 = {c.rd['self_ratio']}:1，低于2:1")
    elif what == "platform_missing":
        others = c.units[1:]
        for p in c.platforms:
            if p["host_unit"] == lead.name:
                p["host_unit"] = rng.choice(others).name
        c.sub_flags.append(
            flag("LEAD_PLATFORM_MISSING", "牵头单位未建有省级（自治区级）及以上创新平台", unit=lead.name)
        )
        c.notes.append("平台表中没有牵头单位依托的平台")
    elif what == "chief_missing":
        c.chief = None
        c.team = c.team[1:]
        c.sub_flags.append(flag("CHIEF_SCIENTIST_MISSING", "申请表未推荐首席科学家/首席专家", match=[]))
        c.notes.append("申请表首席科学家栏空白，方案中也未提名")
    elif what == "lead_not_enterprise":
        old = lead.name
        reg.names.remove(old)
        name, div, city = reg.institute(
            c.juris, c.industry[:2], ["重庆永川{f}产业技术研究院", "重庆永川{f}研究院"]
        )
        lead.name, lead.kind, lead.code = name, "institute", make_code(rng, "institute", "500118")
        for t in c.team:
            if t["employer"] == old:
                t["employer"] = name
        for p in c.platforms:
            if p["host_unit"] == old:
                p["host_unit"] = name
        _recount(c)
        c.rd["none"] = True
        c.sub_flags.append(flag("LEAD_NOT_ENTERPRISE", "牵头单位不是企业", unit=name))
        c.notes.append(f"牵头单位{name}为科研机构")
    else:
        raise ValueError(what)


def _recount(c: Cons):
    c.declared.update(
        {
            "members": len(c.units),
            "enterprises": sum(u.kind == "enterprise" for u in c.units),
            "universities": sum(u.kind == "university" for u in c.units),
            "institutes": sum(u.kind == "institute" for u in c.units),
        }
    )


def _refit_rd(c: Cons, rng):
    inten = c.rd.get("intensity_target") or rng.uniform(3.6, 6.0)
    e3 = round(c.rd["revenue"] * inten / 100, -5)
    c.rd["expense"] = [round(e3 * f, -5) for f in (rng.uniform(0.8, 0.87), rng.uniform(0.9, 0.96), 1.0)]
    c.rd["intensity"] = round(c.rd["expense"][-1] / c.rd["revenue"] * 100, 1)
