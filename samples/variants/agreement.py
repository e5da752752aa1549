"""组建协议: the eight clauses (and 云南's two) under many headings, participants in many shapes,
seal blocks and signature tables. Records each clause's presence, substance and heading as written.
"""

from __future__ import annotations

import datetime as dt
import random

from agreement_text import EMPTY_TEXT, HEADINGS, MERGED, NEUTRAL, PARTY, clause_body, participants_blocks
from common import (
    CLAUSE_KEYS,
    blank_record,
    body,
    cover_lines,
    cycle,
    doc_flag,
    heading,
    member_rec,
    new_doc,
    seal_block,
    spaced_label,
)
from docmodel import P, PageBreak
from model import Consortium
from textfmt import fmt_date
from units import person


def build(c: Consortium, rng: random.Random, medium: str, opts: dict) -> tuple:
    rec = blank_record("agreement", c.juris)
    d = new_doc(rng, f"{c.name}组建协议")
    d.title = f"{c.name}组建协议"
    units = list(c.members)
    if c.extra_agreement_unit is not None:
        units.insert(rng.randrange(2, len(units) + 1), c.extra_agreement_unit)
    for u in units:
        u.extra.setdefault("legal", person(rng))
    head_mode = opts.get("heading") or cycle(
        rng, "agr_heading", ["cn", "cn", "art", "auto", "autoart", "plain", "style"]
    )
    sub_mode = cycle(rng, "agr_sub", ["dec", "paren", "auto"])
    pmode = opts.get("participants") or cycle(
        rng, "participants", ["tiers_list", "tiers_lines", "prose", "prose_flat", "table", "parties"]
    )
    with_codes = (
        not c.bad_code and not c.missing_code and rng.random() < 0.5 and pmode in ("table", "parties")
    )
    date_style = rng.choice(["cn", "cn_num", "dot", "slash", "dash", "cn_pad"])
    has_cover = opts.get("cover", rng.random() < 0.55)
    effective_stated = opts.get("effective_stated", rng.random() < 0.6)

    rec["consortium_name"] = c.name
    rec["lead_units"] = [u.name for u in c.leads]

    # ---------------------------------------------------------------- cover
    title_forms = [
        f"{c.name}组建协议",
        f"{c.name}\n组建协议",
        f"{c.name}联合组建协议书",
        f"关于共同组建{c.name}的协议",
    ]
    title = rng.choice(title_forms)
    if has_cover:
        d.add(P([""], space_after=40))
        for ln in title.split("\n"):
            d.add(P([ln], align="center", bold=True, size=20))
        d.add(P([""], space_after=40))
        items = [
            ("创新联合体名称", c.name),
            ("产业领域", c.industry),
            ("牵头单位", "、".join(u.name for u in c.leads) + "（盖章）"),
            (spaced_label("联系人", rng), c.contact),
            ("联系电话", c.phone),
            ("填报日期", fmt_date(c.filing, date_style)),
        ]
        d.add(*cover_lines(items, rng.choice(["lines", "underline", "table"]), rng))
        rec["industry"] = c.industry
        rec["contact"] = {"person": c.contact, "phone": c.phone}
        rec["filing_date"] = c.filing.isoformat()
        d.add(P([""], space_after=30))
        auth = {
            "guangxi": "广西壮族自治区科学技术厅",
            "xinjiang": "新疆维吾尔自治区科学技术厅制",
            "yunnan": "云南省科学技术厅制",
            "yongchuan": "重庆市永川区科学技术局",
        }[c.juris]
        d.add(P([auth], align="center", size=15))
        d.add(PageBreak())
    else:
        for ln in title.split("\n"):
            d.add(P([ln], align="center", bold=True, size=18))

    # ---------------------------------------------------------------- plan of sections
    keys = [
        "participants",
        "innovation_goal",
        "task_division",
        "rights_obligations",
        "ip_benefit",
        "integrity",
        "breach_liability",
    ]
    want_dis = c.juris == "yunnan" or rng.random() < 0.5
    want_dsp = c.juris == "yunnan" or rng.random() < 0.6
    missing = c.clause_missing
    empty = c.clause_empty
    merge_tr = (
        rng.random() < 0.3
        and empty not in ("task_division", "rights_obligations")
        and missing not in ("task_division", "rights_obligations")
    )
    merge_ib = (
        rng.random() < 0.35
        and empty not in ("integrity", "breach_liability")
        and missing not in ("integrity", "breach_liability")
    )
    # sections: (heading text or None, [(key, paragraphs)])
    sections: list[tuple[str | None, list[tuple[str, list]]]] = []
    clause_rec = {k: {"present": False, "filled": False, "heading": None} for k in CLAUSE_KEYS}
    neutral_key = (
        rng.choice(["ip_benefit", "integrity", None, None]) if missing is None and empty is None else None
    )
    if neutral_key and (neutral_key == "integrity" and merge_ib):
        neutral_key = None
    for k in keys:
        if k == missing:
            continue
        if merge_tr and k == "rights_obligations":
            continue
        if merge_ib and k == "breach_liability":
            continue
        if merge_tr and k == "task_division":
            h = rng.choice(MERGED[("task_division", "rights_obligations")])
            sections.append((h, [("task_division", None), ("rights_obligations", None)]))
            continue
        if merge_ib and k == "integrity":
            h = rng.choice(MERGED[("integrity", "breach_liability")])
            sections.append((h, [("integrity", None), ("breach_liability", None)]))
            continue
        h = rng.choice(NEUTRAL[k]) if k == neutral_key else rng.choice(HEADINGS[k])
        if (
            c.juris == "yunnan"
            and k == "rights_obligations"
            and rng.random() < 0.5
            and "dissolution" not in (missing, empty)
            and k != empty
        ):
            h = "各成员单位的责权利（明确创新联合体解散时各成员单位的权责分配）"
        sections.append((h, [(k, None)]))
    # 云南's two: their own sections, inside rights_obligations / breach, or in a closing 其他 section
    tail_other: list[tuple[str, list | None]] = []
    for k, want in (("dissolution", want_dis), ("dispute_resolution", want_dsp)):
        if not want or k == missing:
            continue
        where = rng.choice(["own", "inside", "other"])
        if k == empty:
            where = "own"
        host = "rights_obligations" if k == "dissolution" else "breach_liability"
        if where == "inside" and host in (missing, empty):
            where = "own"
        if where == "inside":
            host = "rights_obligations" if k == "dissolution" else "breach_liability"
            for sec in sections:
                if any(kk == host for kk, _ in sec[1]):
                    sec[1].append((k, None))
                    break
            else:
                where = "own"
        if where == "own":
            sections.append((rng.choice(HEADINGS[k]), [(k, None)]))
        elif where == "other":
            tail_other.append((k, None))
    eff_date = c.effective
    eff_line = (
        f"本协议自{fmt_date(eff_date, rng.choice(['cn', 'cn_num', 'cn_pad']))}起生效，有效期{rng.choice(['五', '三', '5'])}年。"
        if effective_stated
        else rng.choice(
            [
                "本协议自各成员单位签字盖章之日起生效。",
                "本协议经各方法定代表人或授权代表签字并加盖公章后生效。",
            ]
        )
    )
    if effective_stated:
        rec["agreement_effective_date"] = eff_date.isoformat()
    copies = f"本协议一式{rng.choice(['十', '若干', '多'])}份，各成员单位各执一份，报科技主管部门备案一份，具有同等法律效力。"
    sections.append((rng.choice(["其他", "附则", "其他约定"]), tail_other + [("__close", None)]))
    if rng.random() < 0.3 and missing is None:  # participants after the goal in some texts
        pass
    # ---------------------------------------------------------------- preamble
    prov = {
        "guangxi": "广西壮族自治区",
        "xinjiang": "新疆维吾尔自治区",
        "yunnan": "云南省",
        "yongchuan": "永川区",
    }[c.juris]
    pre = (
        f"为推动{prov}{c.industry}科技创新、技术进步和成果转化，依据{prov}{c.industry}产业目前实际情况和重大科技专项要求，"
        f"成立{c.name}（以下简称“联合体”），经所有成员单位同意，签署联合组建协议，内容如下。"
    )
    pblocks, tiers_stated, codes = participants_blocks(c, units, pmode, rng, with_codes, sub_mode)
    if pmode == "parties":
        d.add(*pblocks)
        d.add(body(pre))
        clause_rec["participants"] = {"present": True, "filled": True, "heading": None}
        sections = [s for s in sections if not any(k == "participants" for k, _ in s[1])]
    else:
        d.add(body(pre))
    # ---------------------------------------------------------------- sections
    idx = 0
    for h, items in sections:
        if items and items[0][0] == "__close":
            pass
        d.add(heading(idx, h, head_mode, size=None))
        idx += 1
        for k, _ in items:
            if k == "__close":
                d.add(body(eff_line))
                d.add(body(copies))
                continue
            if k == empty:
                txt = rng.choice(EMPTY_TEXT)
                if txt:
                    d.add(body(txt))
                clause_rec[k] = {"present": True, "filled": False, "heading": h}
                continue
            if k == "participants":
                d.add(*pblocks)
            else:
                for para in clause_body(k, c, rng, units, {missing, empty}):
                    d.add(body(para))
            clause_rec[k] = {"present": True, "filled": True, "heading": h}
    # ---------------------------------------------------------------- signatures
    sig_units = [u for u in units if u.name != c.omit_signature]
    sig_style = opts.get("seal") or cycle(
        rng, "seal", ["lines", "table", "borderless", "pairs", "spaced_lines"]
    )
    sig_date = c.effective - dt.timedelta(days=rng.randrange(0, 6)) if rng.random() < 0.6 else None
    sig_h = rng.choice(HEADINGS["signatures"])
    if missing != "signatures":
        if rng.random() < 0.5:
            d.add(P(["（以下无正文）"], align="center"))
            d.add(PageBreak())
            sig_h = f"（本页无正文，为《{c.name}组建协议》签署页）"
            d.add(P([sig_h], align="center"))
            sig_h_rec = sig_h
        else:
            d.add(heading(idx, sig_h, head_mode))
            sig_h_rec = sig_h
        labels = None
        if sig_style == "pairs" and pmode == "parties":
            labels = [f"{PARTY[units.index(u)]}方" for u in sig_units]
        d.add(
            *seal_block(
                sig_units,
                sig_style,
                rng,
                sig_date,
                rng.choice(["cn", "cn_num", "dot"]),
                labels=labels,
                airy=bool(opts.get("compact")),
            )
        )
        clause_rec["signatures"] = {"present": True, "filled": True, "heading": sig_h_rec}
        rec["signatories"] = [u.name for u in sig_units]
    # ---------------------------------------------------------------- record
    for u in units:
        rec["members"].append(member_rec(u, tiers_stated.get(u.name, u.tier), codes.get(u.name), None))
    rec["clauses"] = clause_rec
    for k in (missing,):
        if k:
            rec["flags"].append(doc_flag("CLAUSE_MISSING", f"组建协议缺少条款：{k}", c.name, None, k, [k]))
    if empty:
        rec["flags"].append(
            doc_flag("CLAUSE_EMPTY", f"组建协议条款无实质内容：{empty}", c.name, None, empty, [empty])
        )
    if c.omit_signature:
        rec["flags"].append(
            doc_flag(
                "SIGNATURE_MISSING",
                "成员单位未在签章页出现",
                c.name,
                c.omit_signature,
                None,
                [c.omit_signature],
            )
        )
    style = {
        "heading": head_mode,
        "participants": pmode,
        "seal": sig_style,
        "cover": has_cover,
        "effective_date": effective_stated,
        "codes": with_codes,
        "merged": [x for x, y in (("task+rights", merge_tr), ("integrity+breach", merge_ib)) if y],
        "neutral": neutral_key,
    }
    return d, rec, style
