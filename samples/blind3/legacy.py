"""Legacy 产业技术创新战略联盟 records in real-world forms:

章程   第X条 articles; the members only in an annex 附件：联盟成员单位名单, numbered lines,
       some with 理事长单位/副理事长单位/成员单位 roles (理事长单位 = the lead)
公示   关于…联盟成员单位的公示: a notice listing the members (numbered, code after each name)
"""

from __future__ import annotations

import random

from samples.blind2 import cn
from samples.blind2.record import blank
from samples.blind2.units import Member

from . import forms
from .ooxml import Docx, run

LEGACY_IND = {
    "guangxi": ["茉莉花茶", "钦州坭兴陶", "沙田柚", "百香果"],
    "yunnan": ["小粒咖啡", "野生菌", "橡胶"],
    "xinjiang": ["核桃", "薰衣草", "哈密瓜"],
    "yongchuan": ["永川秀芽"],
}


class Alliance:
    legacy = True

    def __init__(self, sid, juris, name, members):
        self.sid, self.juris, self.name, self.members = sid, juris, name, members
        self.notes = []
        self.plants = []

    @property
    def lead(self):
        return self.members[0]


def build(rng, reg, juris, used):
    ind = rng.choice([x for x in LEGACY_IND[juris] if x not in used])
    used.add(ind)
    prov = {"guangxi": "广西", "yunnan": "云南", "xinjiang": "新疆", "yongchuan": "重庆永川"}[juris]
    name = f"{prov}{ind}产业技术创新战略联盟"
    j2 = "yongchuan" if juris == "yongchuan" else juris
    lead = reg.enterprise(j2, [ind, "科技", "农业"], suffix=rng.choice(["集团有限公司", "股份有限公司"]))
    ms = [Member(lead, "lead")]
    ex: set[str] = set()
    for _ in range(rng.randint(1, 2)):
        u = reg.university(j2, ex)
        ex.add(u.name)
        ms.append(Member(u, "unspecified"))
    u = reg.institute(j2, ex)
    ms.append(Member(u, "unspecified"))
    for _ in range(rng.randint(2, 4)):
        ms.append(Member(reg.enterprise(j2, [ind, "食品", "生物"]), "unspecified"))
    ms = [ms[0]] + sorted(ms[1:], key=lambda m: rng.random())
    return Alliance("", juris, name, ms)


def _rec(al):
    rec = blank("legacy_alliance", al.juris)
    rec["consortium_name"] = al.name
    rec["lead_units"] = [al.lead.name]
    return rec


def write_charter(al, rng: random.Random):
    x = Docx(footer="dash")
    rec = _rec(al)
    x.title(f"{al.name}章程", 18)
    x.p("")
    arts = [
        ("第一章　总则", None),
        (None, f"本联盟名称为{al.name}（以下简称“联盟”）。"),
        (None, "联盟是由从事相关产业的企业、高等院校、科研机构等自愿组成的产业技术创新合作组织。"),
        (None, "联盟的宗旨是整合产学研资源，突破产业发展的关键共性技术，提升产业核心竞争力。"),
        ("第二章　成员", None),
        (
            None,
            "凡认同本章程、在本产业领域具有一定研发或生产能力的单位，经申请和理事会审议通过，可成为联盟成员。",
        ),
        (None, "联盟成员单位名单见附件。"),
        ("第三章　组织机构", None),
        (None, f"联盟设理事会，理事长单位由{al.lead.name}担任，副理事长单位由理事会选举产生。"),
        (None, "联盟设秘书处，负责日常工作，秘书处设在理事长单位。"),
        ("第四章　附则", None),
        (None, "本章程经联盟成员大会审议通过后生效，由联盟理事会负责解释。"),
    ]
    k = 0
    for head, body in arts:
        if head:
            x.p(run(head, b=True), align="center")
        else:
            k += 1
            x.p(run(f"第{cn.int_cn(k)}条　", b=True) + run(body), indent=True)
    x.pagebreak()
    x.p(run("附件：", b=True))
    x.p(run("联盟成员单位名单", b=True, sz=14), align="center")
    vice = set(m.name for m in rng.sample(al.members[1:], 2))
    for i, m in enumerate(al.members, 1):
        role = "理事长单位" if m.tier == "lead" else ("副理事长单位" if m.name in vice else "成员单位")
        shown = role if (m.tier == "lead" or m.name in vice or rng.random() < 0.5) else None
        x.p(f"{i}．{m.name}" + (f"（{shown}）" if shown else ""), left=0.5)
        rec["members"].append(
            {
                "name": m.name,
                "credit_code": None,
                "tier": "lead" if m.tier == "lead" else "unspecified",
                "kind": m.kind,
                "note": None,
            }
        )
    return x, rec, ["章程 with 第X条 articles", "members in the annex with 理事长/副理事长/成员单位 roles"]


def write_notice(al, rng: random.Random):
    x = Docx()
    rec = _rec(al)
    x.title(f"关于{al.name}成员单位的公示", 16)
    x.p("")
    d = (2019 + rng.randint(0, 3), rng.randint(1, 12), rng.randint(1, 28))
    x.p(
        f"根据《{al.name}章程》，经联盟理事会审议，以下单位拟作为联盟成员单位（牵头单位：{al.lead.name}），"
        "现予以公示。公示期为5个工作日，如有异议，请在公示期内向联盟秘书处反映。",
        indent=True,
    )
    cf = rng.choice(["plain", "fullwidth", "spaced"])
    for i, m in enumerate(al.members, 1):
        x.p(f"{i}. {m.name}    {forms.code_text(m.unit.code, cf)}", left=0.5)
        rec["members"].append(
            {
                "name": m.name,
                "credit_code": m.unit.code,
                "tier": "lead" if m.tier == "lead" else "unspecified",
                "kind": m.kind,
                "note": None,
            }
        )
    x.p("联系人：联盟秘书处", indent=True)
    x.p(f"{al.name}秘书处", align="right")
    x.p(forms.date(d, "hanzi"), align="right")
    return x, rec, [f"公示 notice, numbered members with codes ({cf})"]
