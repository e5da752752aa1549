"""Legacy 产业技术创新战略联盟 records (协议书, 章程, 申请书) written as old alliance papers are."""

from __future__ import annotations

import datetime as dt
import random

from blocks import PB, Cell, Doc, P, T
from cn import cn_int, fmt_date
from pool import Registry, Unit, kind_by_name, make_code
from pool_words import INDUSTRIES, PROV
from records import blank_record

ALLIANCE_IND = {
    "guangxi": ["桂北竹木加工", "罗汉果", "富硒农业"],
    "xinjiang": ["葡萄与葡萄酒", "番茄加工", "骆驼乳"],
    "yunnan": ["花卉苗木", "食用菌", "中药材种植"],
    "yongchuan": ["茶竹资源", "职业教育装备"],
}


def alliance_units(rng: random.Random, reg: Registry, juris: str, n: int) -> list[Unit]:
    words = INDUSTRIES[juris][rng.randrange(len(INDUSTRIES[juris]))][1]
    out = []
    name, div, city = reg.company(juris, words)
    out.append(Unit(name, "enterprise", make_code(rng, "enterprise", div), juris, city, tier="lead"))
    kinds = [
        "university",
        "institute",
        "enterprise",
        "enterprise",
        "university",
        "enterprise",
        "institute",
        "enterprise",
        "other",
        "enterprise",
    ][: n - 1]
    for k in kinds:
        if k == "enterprise":
            name, div, city = reg.company(juris, words)
        elif k == "university":
            name, div, city = reg.university(juris)
        elif k == "institute":
            name, div, city = reg.institute(juris, rng.choice(["农业", "林业", "生物", "食品", "轻工"]))
        else:
            name, div, city = reg.other(juris, rng.choice(["农业", "食品"]))
            k = kind_by_name(name, k)
        out.append(Unit(name, k, make_code(rng, k, div), juris, city))
    return out


def _m(u: Unit, name: str, tier: str) -> dict:
    return {"name": name, "credit_code": None, "tier": tier, "kind": u.kind, "note": None}


def _rec(juris: str, aname: str, lead: str) -> dict:
    r = blank_record()
    r.update(
        {"doc_type": "legacy_alliance", "jurisdiction": juris, "consortium_name": aname, "lead_units": [lead]}
    )
    return r


def agreement_with_strike(rng, juris, aname, units, when: dt.date):
    """协议书: members in one 、-separated sentence; a drafting note (要删除) strikes one name."""
    lead, rest = units[0], units[1:]
    struck = rest[len(rest) // 2]
    doc = Doc(created=dt.datetime.combine(when, dt.time(10, 0)), base_size=12, author="Administrator")
    doc.add(P(f"{aname}协议书", style="title", align="center", space_after=20))
    names = []
    for u in units:
        names.append(u.name + ("(要删除)" if u is struck else ""))
    doc.add(
        P(
            f"为贯彻落实国家关于推动产业技术创新战略联盟构建的有关精神，{'、'.join(names)}本着自愿、平等、合作的原则，"
            f"共同发起成立{aname}（以下简称联盟），并签订本协议。",
            indent=2,
        )
    )
    doc.add(P(f"第一条　联盟理事长单位为{lead.name}，联盟秘书处设在理事长单位。", indent=2))
    doc.add(
        P(
            "第二条　联盟的任务是围绕产业发展的共性关键技术开展联合攻关，建立技术创新平台，实现创新资源共享。",
            indent=2,
        )
    )
    doc.add(
        P(
            "第三条　联盟成员单位应遵守联盟章程，按约定投入研发经费和人员，联合形成的知识产权按贡献共享。",
            indent=2,
        )
    )
    doc.add(P(f"第四条　本协议自签订之日起生效，有效期{cn_int(rng.choice([3, 5]))}年。", indent=2))
    doc.add(P("签署单位：", space_before=16))
    signers = [u for u in units if u is not struck]
    ds = fmt_date(when, "upper")
    doc.add(
        T([[Cell(u.name + "（盖章）"), Cell(ds)] for u in signers], widths=[3, 1.3], borders=False, size=11)
    )
    rec = _rec(juris, aname, lead.name)
    rec["members"] = [_m(u, u.name, "lead" if u is lead else "unspecified") for u in signers]
    rec["signatories"] = [u.name for u in signers]
    return doc, rec, struck


def application_prose(rng, juris, aname, units, when: dt.date):
    """申请书: ；-separated list in a table cell and a prose sentence “…等企业和…等高校院所”."""
    lead = units[0]
    ents = [u for u in units if u.kind == "enterprise"]
    acad = [u for u in units if u.kind in ("university", "institute")]
    oth = [u for u in units if u.kind == "other"]
    doc = Doc(created=dt.datetime.combine(when, dt.time(16, 0)), base_size=12, author="user")
    doc.add(
        P(f"{aname}", style="title", align="center"),
        P("认定申请书", style="title", align="center", space_after=30),
    )
    doc.add(
        P(f"申请单位（理事长单位）：{lead.name}", left=3),
        P(f"申请日期：{fmt_date(when, 'cn')}", left=3),
        PB(),
    )
    doc.add(P("一、联盟组建基本情况", style="h1"))
    doc.add(
        P(
            f"联盟由{'、'.join(u.name for u in ents)}等企业和{'、'.join(u.name for u in acad)}等高校院所共同发起"
            + (f"，{oth[0].name}提供技术服务" if oth else "")
            + "，现有成员单位"
            + cn_int(len(units))
            + "家。",
            indent=2,
        )
    )
    doc.add(P("二、成员单位名单", style="h1"))
    doc.add(
        T(
            [[Cell("成员单位", bold=True), Cell("；".join(u.name for u in units) + "。")]],
            widths=[1, 4],
            size=11,
        )
    )
    doc.add(P("三、联盟运行情况", style="h1"))
    doc.add(
        P(
            f"联盟成立以来共同承担科技项目{cn_int(rng.randrange(5, 20))}项，建成共享实验平台{cn_int(rng.randrange(2, 6))}个。",
            indent=2,
        )
    )
    rec = _rec(juris, aname, lead.name)
    rec["members"] = [_m(u, u.name, "lead" if u is lead else "unspecified") for u in units]
    return doc, rec


def charter_traditional(rng, juris, aname, units, when: dt.date, conv):
    """章程 in traditional characters, members one per line."""
    lead = units[0]
    t = conv.convert
    doc = Doc(created=dt.datetime.combine(when, dt.time(9, 30)), base_size=12, author="admin")
    doc.add(P(t(f"{aname}章程"), style="title", align="center", space_after=20))
    doc.add(P(t("第一章　總則"), style="h2", align="center"))
    doc.add(P(t(f"第一條　本聯盟名稱為{aname}。"), indent=2))
    doc.add(P(t("第二條　本聯盟是由企業、大學和科研機構等自願組成的產業技術創新合作組織。"), indent=2))
    doc.add(P(t("第二章　成員"), style="h2", align="center"))
    doc.add(P(t(f"第三條　本聯盟理事長單位為{lead.name}。聯盟成員單位如下："), indent=2))
    for u in units:
        doc.add(P(t(u.name), left=4))
    doc.add(
        P(
            t("第四條　成員單位享有參加聯盟活動、共享聯盟資源的權利，履行遵守章程、完成聯盟任務的義務。"),
            indent=2,
        )
    )
    doc.add(P(t(f"第五條　本章程經成員大會通過，自{fmt_date(when, 'cn')}起施行。"), indent=2))
    rec = _rec(juris, t(aname), t(lead.name))
    rec["members"] = [_m(u, t(u.name), "lead" if u is lead else "unspecified") for u in units]
    return doc, rec


def alliance_name(rng, juris):
    ind = rng.choice(ALLIANCE_IND[juris])
    p = PROV[juris][1] if rng.random() < 0.6 else PROV[juris][0]
    return f"{p}{ind}产业技术创新战略联盟"
