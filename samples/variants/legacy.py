"""Legacy 产业技术创新战略联盟 records (协议书, 章程, 申请书) as real ones are written: members in one
、-separated sentence, one per line, ；-separated, or prose (…等企业和…等高校院所); traditional
characters; drafting notes left in ("(要删除)" after a name strikes it)."""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from common import blank_record, body, member_rec, seal_block
from docmodel import Doc, P
from units import Unit


@dataclass
class Alliance:
    sid: str
    juris: str
    name: str
    industry: str
    members: list[Unit]  # lead first
    struck: Unit | None = None  # named with "(要删除)": not a member
    traditional: bool = False
    styles: dict = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    docs: list[dict] = field(default_factory=list)


def _t(text: str, trad: bool) -> str:
    if not trad:
        return text
    import opencc

    out = opencc.OpenCC("s2hk").convert(text)
    return out


def member_list(a: Alliance, style: str, rng: random.Random, with_codes: bool) -> list:
    """The list as blocks; the struck name sits where the drafter left it."""
    names = [u for u in a.members]
    order = list(names)
    if a.struck is not None:
        order.insert(rng.randrange(2, len(order) + 1), a.struck)
    strike_note = rng.choice(["(要删除)", "（要删除）", "(要删除)"])

    def nm(u: Unit) -> str:
        s = u.name
        if with_codes:
            s += f"（统一社会信用代码：{u.code}）"
        if u is a.struck:
            s += strike_note
        return s

    lead = a.members[0]
    rest = [u for u in order if u is not lead]
    if style == "sentence":
        return [
            body(f"联盟由{nm(lead)}作为理事长单位牵头组建，成员单位包括：{'、'.join(nm(u) for u in rest)}。")
        ]
    if style == "lines":
        out = [P([f"理事长单位：{nm(lead)}"]), P(["成员单位："])]
        out += [P([nm(u)], indent_left=1.0) for u in rest]
        return out
    if style == "semicolon":
        return [body(f"发起单位：{nm(lead)}（理事长单位）；{'；'.join(nm(u) for u in rest)}。")]
    # prose: …等企业和…等高校院所
    ents = [u for u in rest if u.kind == "enterprise"]
    acs = [u for u in rest if u.kind != "enterprise"]
    return [
        body(
            f"本联盟由{nm(lead)}牵头，联合{'、'.join(nm(u) for u in ents)}等企业和{'、'.join(nm(u) for u in acs)}"
            f"等高校院所共同发起成立。"
        )
    ]


def build(a: Alliance, kind: str, rng: random.Random, medium: str) -> tuple:
    """kind: 协议书 | 章程 | 申请书"""
    rec = blank_record("legacy_alliance", a.juris)
    d = Doc(font=rng.choice(["宋体", "仿宋"]), size=12, footer=rng.choice(["plain", None]))
    style = a.styles.get(kind) or rng.choice(["sentence", "lines", "semicolon", "prose"])
    with_codes = kind == "申请书" and rng.random() < 0.6
    lead = a.members[0]
    blocks: list = []
    if kind == "协议书":
        blocks.append(P([f"{a.name}协议书"], align="center", bold=True, size=18))
        blocks.append(
            body(
                f"为加快{a.industry}产业技术进步，推动产学研紧密结合，各方本着自愿、平等、互利的原则，"
                f"共同发起成立{a.name}（以下简称“联盟”），达成协议如下。"
            )
        )
        blocks.append(P(["第一条 联盟成员"], bold=True))
        blocks += member_list(a, style, rng, with_codes)
        blocks.append(P(["第二条 联盟任务"], bold=True))
        blocks.append(body("联合开展产业共性关键技术攻关，共建研发平台，推动成果转化，培养专业人才。"))
        blocks.append(P(["第三条 权利与义务"], bold=True))
        blocks.append(
            body("成员单位享有参加联盟活动、共享联盟资源的权利，承担遵守联盟章程、按约定投入的义务。")
        )
        blocks.append(P(["第四条 其他"], bold=True))
        blocks.append(body("本协议自各方签字盖章之日起生效。"))
        blocks.append(P(["签署单位（盖章）："], bold=True))
        blocks += seal_block(a.members, rng.choice(["lines", "table", "borderless"]), rng, None, "cn")
        rec["signatories"] = [u.name for u in a.members]
    elif kind == "章程":
        blocks.append(P([f"{a.name}章程"], align="center", bold=True, size=18))
        blocks.append(P(["第一章 总则"], bold=True))
        blocks.append(body(f"第一条 本联盟名称为{a.name}。"))
        blocks.append(
            body(
                f"第二条 联盟是由{a.industry}领域企业、高等院校和科研机构自愿组成的产业技术创新合作组织，"
                f"理事长单位为{lead.name}。"
            )
        )
        blocks.append(P(["第二章 成员"], bold=True))
        blocks.append(body("第三条 联盟首批成员单位如下："))
        blocks += member_list(a, style, rng, with_codes)
        blocks.append(P(["第三章 组织机构"], bold=True))
        blocks.append(
            body("第四条 联盟设理事会，理事会由成员单位代表组成；设秘书处负责日常工作，挂靠理事长单位。")
        )
        blocks.append(P(["第四章 附则"], bold=True))
        blocks.append(body("第五条 本章程经成员单位大会通过之日起施行。"))
    else:
        blocks.append(P([f"{a.name}申请书"], align="center", bold=True, size=18))
        blocks.append(P([f"联盟名称：{a.name}"]))
        blocks.append(P([f"牵头单位：{lead.name}"]))
        blocks.append(P(["一、发起单位"], bold=True))
        blocks += member_list(a, style, rng, with_codes)
        blocks.append(P(["二、联盟组建的必要性"], bold=True))
        blocks.append(
            body(
                f"{a.industry}产业链条长、关联度高，亟需整合企业、高校和科研院所的优势资源，协同开展技术创新。"
            )
        )
    for b in blocks:
        _convert(b, a.traditional)
    d.add(*blocks)

    def conv(s: str) -> str:
        return _t(s, a.traditional)

    rec["consortium_name"] = conv(a.name)
    rec["lead_units"] = [conv(lead.name)]
    for u in a.members:
        r = member_rec(u, "lead" if u is lead else "unspecified", u.code if with_codes else None, None)
        r["name"] = conv(u.name)
        rec["members"].append(r)
    rec["signatories"] = [conv(s) for s in rec["signatories"]]
    return d, rec, {"list": style, "traditional": a.traditional, "codes": with_codes}


def _convert(block, trad: bool) -> None:
    """Traditional characters throughout, as some legacy texts are kept."""
    if not trad:
        return
    from docmodel import Cell, Table

    if isinstance(block, P):
        block.runs = [(_t(r, True) if isinstance(r, str) else _rconv(r)) for r in block.runs]
    elif isinstance(block, Table):
        for row in block.rows:
            for i, cell in enumerate(row):
                if isinstance(cell, str):
                    row[i] = _t(cell, True)
                elif isinstance(cell, Cell):
                    cell.content = [
                        (_t(x, True) if isinstance(x, str) else (_convert(x, True) or x))
                        for x in cell.content
                    ]


def _rconv(r):
    r.text = _t(r.text, True)
    return r
