"""Pieces shared by the blind3 layouts: titles, the lead's figures in new number forms, the
filler paragraph used to put a sentence across a page break, tier and kind words."""

from __future__ import annotations

import random

from samples.blind2 import deck

from . import forms

TIER_WORD = {"lead": "牵头单位", "core": "核心层", "close": "紧密合作层", "general": "一般合作层"}
TIER_WORD2 = {"lead": "牵头单位", "core": "核心层单位", "close": "紧密层单位", "general": "一般协作层单位"}
KIND_WORD = {"enterprise": "企业", "university": "高等院校", "institute": "科研院所", "other": "其他"}
LEVEL_WORD = {"national": "国家级", "provincial": None, "other": "市级"}
APP_TITLE = {
    "guangxi": "广西壮族自治区创新联合体组建申请表",
    "xinjiang": "新疆维吾尔自治区创新联合体组建申请表",
    "yunnan": "云南省创新联合体组建申请表",
    "yongchuan": "永川区创新联合体组建申请表",
}
PROV_LEVEL = {"guangxi": "自治区级", "xinjiang": "自治区级", "yunnan": "省级", "yongchuan": "市级"}
CHIEF_LABEL = {
    "guangxi": "首席专家",
    "xinjiang": "首席科学家",
    "yunnan": "首席专家",
    "yongchuan": "首席科学家",
}

FILLER = [
    "公司始终坚持创新驱动发展战略",
    "建有较为完善的技术创新体系和产学研合作机制",
    "在行业关键共性技术攻关方面积累了丰富经验",
    "先后承担多项国家和地方科技计划项目",
    "主导和参与制定多项国家标准和行业标准",
    "产品广泛应用于区内外重点工程和龙头企业",
    "与多所高校和科研院所建立了长期稳定的合作关系",
    "具备牵头组织产业链上下游协同创新的能力",
    "持续加大研发投入力度",
    "形成了从基础研究到成果转化的完整链条",
    "技术中心拥有一支结构合理的研发队伍",
    "检测分析和中试验证条件在区域内处于领先水平",
]
PUNCT_NO_START = "，。、；：）》”"
PUNCT_NO_END = "（《“"


def level_word(level: str, juris: str) -> str:
    return {
        "national": "国家级",
        "provincial": PROV_LEVEL[juris] if juris != "yongchuan" else "省级",
        "other": "市级",
    }[level]


def filler(rng: random.Random, lead_name: str, n_chars: int, per_line: int = 36) -> str:
    """A paragraph opening of exactly n_chars full-width characters (CJK and full-width
    punctuation only), with no punctuation at the start or end of a line of per_line."""
    s = lead_name + "是" + "行业骨干企业"
    pool = list(FILLER)
    rng.shuffle(pool)
    i = 0
    while len(s) < n_chars + 40:
        s += "，" + pool[i % len(pool)]
        i += 1
    s = list(s[:n_chars])
    for k in range(len(s)):
        if (k % per_line == 0 and s[k] in PUNCT_NO_START) or (
            k % per_line == per_line - 1 and s[k] in PUNCT_NO_END
        ):
            s[k] = "并"
    out = "".join(s)
    if out[-1] in PUNCT_NO_END + PUNCT_NO_START:
        out = out[:-1] + "等"
    return out


def rd_series(sub, rng, form=None, years=True):
    """The lead's three-year R&D spending as one sentence, new number forms. Returns (text, truth)."""
    rd = sub.rd
    mf = form or deck.draw("b3_money_series", ["sep_wan", "rmb_yuan", "fw_wan", "wan_plain", "yi_dec"])
    ys = rd["years"]
    parts = [forms.money(x, mf) for x in rd["expenses"]]
    if years:
        yfw = mf == "fw_wan"
        yt = [(forms.fullwidth(str(y)) if yfw else str(y)) + "年" for y in ys]
        txt = f"近三年（经审计）研发投入分别为{yt[0]}{parts[0]}、{yt[1]}{parts[1]}、{yt[2]}{parts[2]}"
        truth = [{"year": y, "amount_cny": x} for y, x in zip(ys, rd["expenses"])]
    else:
        txt = f"近三年研发投入依次为{parts[0]}、{parts[1]}和{parts[2]}"
        truth = [{"year": None, "amount_cny": x} for x in rd["expenses"]]
    return txt, truth, mf


def revenue_text(sub, rng):
    f = deck.draw("b3_money_rev", ["sep_wan", "rmb_yuan", "yi_dec", "fw_wan"])
    return forms.money(sub.rd["revenue"], f), f


def pct_text(p, rng):
    f = deck.draw("b3_pct", ["fw", "fwsign", "two_dec", "plain"])
    return forms.pct(p, f), f
