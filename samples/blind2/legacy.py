"""Legacy 产业技术创新战略联盟 records (backfill): 章程, 协议书 and 申请书 with the members in one
sentence separated by 、, one per line with no other words, separated by ；, in prose
("…等企业和…等高校院所"), a traditional-character copy, and a struck name with a drafting
note (要删除) that is not a member."""

from __future__ import annotations

import random

import opencc

from .docmodel import Doc
from .record import blank, member
from .units import Member

LEGACY_IND = {
    "guangxi": ["六堡茶", "桑蚕茧丝绸", "罗汉果", "香料", "木薯", "海洋渔业", "松脂"],
    "yunnan": ["锡", "普洱茶", "天麻", "稀贵金属", "三七"],
    "xinjiang": ["红枣", "葡萄", "番茄", "枸杞"],
}
_S2T = opencc.OpenCC("s2t")


def build(rng, reg, juris: str, used_inds: set[str], fresh: bool = False):
    """fresh: only units no other record of the corpus names (for the traditional-character copy,
    so that no other record writes the same unit in simplified characters)."""
    from .scenario import Sub

    ind = rng.choice([x for x in LEGACY_IND[juris] if x not in used_inds])
    used_inds.add(ind)
    prov = {"guangxi": rng.choice(["广西", "广西壮族自治区"]), "yunnan": "云南", "xinjiang": "新疆"}[juris]
    sub = Sub(
        sid="",
        juris=juris,
        name=f"{prov}{ind}产业技术创新战略联盟",
        industry=ind,
        words=[ind, "科技", "农业"],
    )
    sub.legacy = True
    lead = reg.enterprise(
        juris, [ind + "产业", ind, "科技"], suffix=rng.choice(["集团有限公司", "股份有限公司", "有限公司"])
    )
    ms = [Member(lead, "lead")]
    used = {n for n, k in reg.uses.items() if k > 0} if fresh else set()
    for _ in range(rng.randint(1, 2)):
        u = reg.university(juris, used)
        used.add(u.name)
        ms.append(Member(u, "unspecified"))
    for _ in range(rng.randint(1, 2)):
        u = reg.institute(juris, used)
        used.add(u.name)
        ms.append(Member(u, "unspecified"))
    for _ in range(rng.randint(2, 4)):
        ms.append(Member(reg.enterprise(juris, [ind, "科技", "食品", "生物"]), "unspecified"))
    if fresh:
        for m in ms:
            reg.uses[m.name] = 2
    ms = [ms[0]] + sorted(ms[1:], key=lambda m: rng.random())
    sub.members = ms
    sub.struck = reg.enterprise(juris, [ind, "贸易"])  # named, struck out, not a member
    return sub


def write(sub, rng: random.Random, kind: str, form: str, trad: bool):
    """kind: 章程 | 协议书 | 申请书; form: how the members are listed."""
    T = (lambda s: _S2T.convert(s)) if trad else (lambda s: s)
    doc = Doc()
    rec = blank("legacy_alliance", sub.juris)
    ms = sub.members
    lead = ms[0]
    rest = ms[1:]
    rec["consortium_name"] = T(sub.name)
    rec["lead_units"] = [T(lead.name)]
    var = [f"legacy:{kind}", f"members:{form}"] + (["traditional characters"] if trad else [])
    doc.title(T(sub.name) + T(kind), 18)
    y = rng.randint(2011, 2018)
    if kind == "章程":
        doc.p(T("第一章 总则"), bold=True, align="center")
        doc.p(T("第一条 本联盟名称为") + T(sub.name) + T("（以下简称联盟）。"), indent=True)
        doc.p(
            T(
                f"第二条 联盟是由{sub.industry}产业相关企业、高等院校和科研院所按照自愿、平等、互利原则组成的技术创新合作组织。"
            ),
            indent=True,
        )
        doc.p(T("第二章 联盟成员"), bold=True, align="center")
    elif kind == "协议书":
        doc.p(
            T(f"为推动{sub.industry}产业技术进步，经各方协商一致，共同组建")
            + T(sub.name)
            + T("，签订本协议。"),
            indent=True,
        )
        doc.p(T("一、联盟成员单位"), bold=True)
    else:
        doc.p(T("联盟名称：") + T(sub.name))
        doc.p(T(f"成立时间：{y}年{rng.randint(1, 12)}月"))
        doc.p(T("联盟成员单位情况："), bold=True)
    lead_word = rng.choice(["理事长单位", "牵头单位"])
    if kind == "申请书":
        form = "table"
        var[1] = "members:table with codes"
        rows = [
            [
                {"text": T("序号")},
                {"text": T("单位名称")},
                {"text": T("统一社会信用代码")},
                {"text": T("联盟职务")},
            ]
        ]
        for i, m in enumerate(ms, 1):
            rows.append(
                [
                    {"text": str(i)},
                    {"text": T(m.name)},
                    {"text": m.unit.code},
                    {"text": T("理事长单位" if i == 1 else "理事单位")},
                ]
            )
        doc.table(rows, size=10)
        for m in ms:
            rec["members"].append(member(m, code=m.unit.code, tier="lead" if m is lead else "unspecified"))
            rec["members"][-1]["name"] = T(m.name)
    else:
        doc.p(T(f"{lead_word}：") + T(lead.name), indent=True)
        names = [m.name for m in rest]
        struck_at = rng.randrange(len(names) + 1) if form == "struck" else None
        if form == "comma":
            doc.p(T("成员单位：") + "、".join(T(n) for n in names) + "。", indent=True)
        elif form == "lines":
            doc.p(T("成员单位名单："))
            for n in names:
                doc.p(T(n), left=1)
        elif form == "semicolon":
            doc.p(T("成员单位包括：") + "；".join(T(n) for n in names) + "。", indent=True)
        elif form == "prose":
            ent = [m.name for m in rest if m.kind == "enterprise"]
            aca = [m.name for m in rest if m.kind != "enterprise"]
            doc.p(
                T("联盟由")
                + T(lead.name)
                + T("牵头，联合")
                + "、".join(T(n) for n in ent)
                + T("等企业和")
                + "、".join(T(n) for n in aca)
                + T("等高校院所共同发起组建。"),
                indent=True,
            )
        elif form == "struck":
            note = rng.choice(["(要删除)", "（要删除）"])
            doc.p(T("成员单位名单："))
            for i, n in enumerate(names + [None]):
                if i == struck_at:
                    doc.p([(T(sub.struck.name), {"strike": True}), (note, {})], left=1)
                if n:
                    doc.p(T(n), left=1)
            var.append(f"struck name {sub.struck.name}{note} not a member")
        for m in ms:
            rec["members"].append(member(m, tier="lead" if m is lead else "unspecified"))
            rec["members"][-1]["name"] = T(m.name)
    if kind == "章程":
        doc.p(
            T("第三条 联盟成员享有参与联盟活动、共享联盟资源的权利，履行遵守联盟章程、完成联盟任务的义务。"),
            indent=True,
        )
        doc.p(T("第三章 组织机构"), bold=True, align="center")
        doc.p(T("第四条 联盟设理事会，理事长由") + T(lead.name) + T("负责人担任。"), indent=True)
        doc.p(T(f"第五条 本章程经联盟成员大会于{y}年通过，自通过之日起施行。"), indent=True)
    elif kind == "协议书":
        doc.p(T("二、联盟任务"), bold=True)
        doc.p(T("联合开展产业共性关键技术攻关，共建共享研发平台，推动成果转化和标准制定。"), indent=True)
        doc.p(T("三、知识产权"), bold=True)
        doc.p(T("联盟成员共同完成的成果，知识产权归完成各方共有，收益按贡献分配。"), indent=True)
        doc.p(T("四、签章"), bold=True)
        for m in ms:
            doc.p(T(m.name) + T("（盖章）"))
            doc.p(T("代表签字：") + "            " + f"{y}年{rng.randint(1, 12)}月{rng.randint(1, 28)}日")
        rec["signatories"] = [T(m.name) for m in ms]
    return doc, rec, var
