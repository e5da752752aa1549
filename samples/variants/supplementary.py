"""补充协议: a one-page supplement between the lead and one or two members (often photographed)."""

from __future__ import annotations

import datetime as dt
import random

from common import blank_record, body, member_rec, seal_block
from docmodel import Doc, P
from model import Consortium
from textfmt import fmt_date

TIER_CN = {"core": "核心层单位", "close": "紧密合作单位", "general": "一般协作层单位"}


def build(c: Consortium, rng: random.Random, medium: str, opts: dict) -> tuple:
    rec = blank_record("supplementary_agreement", c.juris)
    d = Doc(
        font=rng.choice(["宋体", "仿宋"]),
        size=rng.choice([12, 13, 14]),
        footer=None,
        margins_cm=(2.2, 2.0, 2.6, 2.4),
    )
    others = [u for u in c.members if u.tier != "lead"]
    parties = [c.lead] + rng.sample(others, k=rng.choice([1, 1, 2]))
    title = rng.choice([f"《{c.name}组建协议》补充协议", f"{c.name}组建协议补充协议"])
    d.title = title
    d.add(P([title], align="center", bold=True, size=18, space_after=10))
    tiers = {}
    for i, u in enumerate(parties):
        lab = "甲乙丙"[i] + "方"
        if u.tier == "lead":
            d.add(P([f"{lab}（牵头单位）：{u.name}"]))
            tiers[u.name] = "lead"
        elif rng.random() < 0.5:
            d.add(P([f"{lab}（{TIER_CN[u.tier]}）：{u.name}"]))
            tiers[u.name] = u.tier
        else:
            d.add(P([f"{lab}：{u.name}"]))
            tiers[u.name] = "unspecified"
    topic = rng.choice(c.topics)
    new_contact = rng.choice(["张", "李", "王", "陈", "刘"]) + rng.choice(["明", "华", "强", "丽", "军"])
    items = rng.sample(
        [
            f"原协议约定由乙方承担的{topic}中试验证任务，调整为由甲方与乙方共同承担，所需经费按原比例分担。",
            f"联合体秘书处联系人变更为{new_contact}，其余联络方式不变。",
            f"乙方在原协议约定基础上，增加开放共享其{rng.choice(['检测平台', '中试线', '实验室'])}，供联合体成员单位使用。",
            "各方同意将年度技术交流会由每半年一次调整为每季度一次。",
        ],
        k=2,
    )
    d.add(
        body(
            f"鉴于各方已签署《{c.name}组建协议》（以下简称“原协议”），经友好协商，就原协议有关事项补充约定如下："
        )
    )
    for i, it in enumerate(items):
        d.add(body(f"{'一二三'[i]}、{it}"))
    d.add(
        body(
            f"{'一二三'[len(items)]}、本补充协议是原协议的组成部分，与原协议具有同等法律效力；本补充协议未约定的事项，仍按原协议执行。"
        )
    )
    d.add(
        body(
            f"{'一二三四'[len(items) + 1]}、本补充协议自各方签字盖章之日起生效，一式{'三四五'[len(parties) - 1]}份。"
        )
    )
    date = c.filing - dt.timedelta(days=rng.randrange(3, 40))
    d.add(
        *seal_block(
            parties,
            rng.choice(["lines", "pairs", "borderless"]) if len(parties) <= 3 else "table",
            rng,
            date,
            rng.choice(["cn", "cn_num"]),
            labels=[f"{'甲乙丙'[i]}方" for i in range(len(parties))],
            airy=medium in ("scan", "image"),
        )
    )
    rec["consortium_name"] = c.name
    rec["lead_units"] = [c.lead.name]
    rec["members"] = [member_rec(u, tiers[u.name], None, None) for u in parties]
    rec["signatories"] = [u.name for u in parties]
    _ = fmt_date
    return d, rec, {"parties": len(parties)}
