#!/usr/bin/env python3
"""Blind test-data generator for intake: a corpus of 创新联合体 submissions and legacy
产业技术创新战略联盟 records with truth.json in the format of shared/devset-cd.

    python samples/blind2/generate.py --out /work/corpora/blind2-dev --seed 11

Written from the seeds (shared/seeds), the contract (shared/contract) and the scorer's truth
format only; see README.md beside this file.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import random
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from samples.blind2 import agreement, application, deck, legacy, plan  # noqa: E402
from samples.blind2.docmodel import (  # noqa: E402
    pdf_pages,
    photo_jpg,
    scan_pdf,
    soffice_convert,
    truncated_docx,
    write_docx,
    zero_byte,
)
from samples.blind2.record import doc_flag  # noqa: E402
from samples.blind2.scenario import (  # noqa: E402
    INDUSTRIES,
    JURIS,
    Sub,
    build_members,
    build_people,
    build_platforms,
    build_rd,
    expected_sub_flags,
)
from samples.blind2.units import Member, Registry, broken_code  # noqa: E402

# plant -> (jurisdictions, expected codes it must produce, how many per corpus)
PLANTS = {
    "sig_missing": (("guangxi", "xinjiang", "yunnan", "yongchuan"), ["SIGNATURE_MISSING"], 3),
    "sig_missing2": (("guangxi", "xinjiang", "yunnan", "yongchuan"), ["SIGNATURE_MISSING"], 1),
    "count_total": (("guangxi", "xinjiang", "yunnan", "yongchuan"), ["COUNT_MISMATCH"], 2),
    "count_kind": (("guangxi", "xinjiang", "yunnan", "yongchuan"), ["COUNT_MISMATCH"], 1),
    "ratio_low": (("xinjiang",), ["ENTERPRISE_RATIO_LOW"], 1),
    "ratio_trap": (("xinjiang",), [], 1),
    "ratio_other_trap": (("yunnan", "yongchuan"), [], 1),
    "below_min": (("xinjiang", "yongchuan"), ["MEMBERS_BELOW_MIN"], 1),
    "kinds_few": (("guangxi",), ["MEMBER_KINDS_FEW"], 1),
    "doc_mismatch_replace": (("guangxi", "xinjiang", "yunnan", "yongchuan"), ["DOC_MISMATCH"], 1),
    "doc_mismatch_drop": (("guangxi", "xinjiang", "yunnan", "yongchuan"), ["DOC_MISMATCH"], 1),
    "chief_missing": (("xinjiang", "yunnan"), ["CHIEF_SCIENTIST_MISSING"], 1),
    "clause_missing": (("guangxi", "xinjiang", "yunnan", "yongchuan"), ["CLAUSE_MISSING"], 2),
    "clause_empty": (("guangxi", "xinjiang", "yunnan", "yongchuan"), ["CLAUSE_EMPTY"], 1),
    "document_missing": (("xinjiang", "yunnan"), ["DOCUMENT_MISSING"], 1),
    "no_plan_ok": (("guangxi",), [], 1),
    "code_invalid": (("guangxi", "xinjiang", "yunnan", "yongchuan"), ["CREDIT_CODE_INVALID"], 1),
    "code_missing": (("guangxi", "xinjiang", "yunnan", "yongchuan"), ["CREDIT_CODE_MISSING"], 1),
    "lead_platform_missing": (("guangxi", "xinjiang", "yunnan"), ["LEAD_PLATFORM_MISSING"], 1),
    "revenue_low": (("guangxi",), ["LEAD_REVENUE_LOW"], 1),
    "staff_low": (("guangxi", "xinjiang"), ["LEAD_RD_STAFF_LOW"], 1),
    "rd_not_growing": (("xinjiang",), ["RD_NOT_GROWING"], 1),
    "self_funding_low": (("yunnan",), ["SELF_FUNDING_LOW"], 1),
    "intensity_low": (("guangxi",), ["LEAD_RD_INTENSITY_LOW"], 1),
    "two_leads": (("guangxi", "yunnan"), [], 1),
    "unreadable": (("guangxi", "xinjiang", "yunnan", "yongchuan"), ["UNREADABLE"], 1),
    "research_co_lead": (("guangxi", "xinjiang", "yunnan", "yongchuan"), [], 1),
}
SHAPE_PLANTS = {
    "ratio_low",
    "ratio_trap",
    "ratio_other_trap",
    "below_min",
    "kinds_few",
    "two_leads",
    "research_co_lead",
}
RD_PLANTS = {"revenue_low", "staff_low", "rd_not_growing", "intensity_low"}
CONFLICTS = [
    SHAPE_PLANTS - {"research_co_lead"},
    RD_PLANTS | {"two_leads"},
    {"sig_missing", "sig_missing2", "doc_mismatch_replace", "doc_mismatch_drop"},
    {"clause_missing", "clause_empty"},
    {"document_missing", "self_funding_low", "no_plan_ok"},
    {"code_invalid", "code_missing"},
    {"count_total", "count_kind", "kinds_few", "below_min"},
    {"below_min", "doc_mismatch_drop"},
]
NOFLAG = {"ratio_trap", "ratio_other_trap", "no_plan_ok", "two_leads", "research_co_lead"}


def assign_plants(rng, subs):
    order = []
    for p, (_, _, k) in PLANTS.items():
        order += [p] * k
    rng.shuffle(order)
    # rarest first so they find a place
    order.sort(key=lambda p: len(PLANTS[p][0]))
    for p in order:
        cands = []
        for s in subs:
            if s.juris not in PLANTS[p][0]:
                continue
            flagged = [x for x in s.plants if x not in NOFLAG]
            if p not in NOFLAG and len(flagged) >= 2:
                continue
            if p in s.plants:
                continue
            if any(p in c and (set(s.plants) & c) for c in CONFLICTS):
                continue
            cands.append(s)
        if cands:
            rng.choice(cands).plants.append(p)


def rand_date(rng, y0=2024, y1=2025):
    d = dt.date(rng.randint(y0, y1), rng.randint(1, 12), rng.randint(1, 28))
    return d


def plan_submission(rng, reg, s: Sub):
    j = s.juris
    P = set(s.plants)
    filing = rand_date(rng)
    eff = filing - dt.timedelta(days=rng.randint(5, 60))
    sign = eff - dt.timedelta(days=rng.choice([0, 0, 0, 2, 5]))
    s.filing, s.effective, s.sign_date = filing.timetuple()[:3], eff.timetuple()[:3], sign.timetuple()[:3]
    # ---------------- members
    shape = {
        "u": rng.randint(1, 2),
        "i": rng.randint(1, 2),
        "o": int(rng.random() < 0.45),
        "voc": int(rng.random() < 0.3),
        "rco": int(rng.random() < 0.3),
    }
    n = {
        "guangxi": rng.randint(9, 13),
        "xinjiang": rng.randint(7, 11),
        "yunnan": rng.randint(6, 11),
        "yongchuan": rng.randint(6, 9),
    }[j]
    if j == "guangxi":
        shape["u"] = rng.randint(1, 3)
    if "kinds_few" in P:
        n, shape = rng.randint(9, 10), {"u": 0, "i": 0, "o": 0, "voc": 0, "rco": rng.randint(1, 2)}
    if "ratio_low" in P:
        n, shape = 9, {"u": 2, "i": 2, "o": 2, "voc": 0, "rco": 0}
    if "ratio_trap" in P:
        n, shape = 8, {"u": 0, "voc": 1, "i": 1, "o": 1, "rco": 2}
    if "ratio_other_trap" in P:
        n, shape = 8, {"u": 2, "voc": 1, "i": 2, "o": 0, "rco": 0}
    if "below_min" in P:
        n, shape = 4, {"u": 1, "i": 0, "o": 0, "voc": 0, "rco": 0}
    if "two_leads" in P:
        shape["leads"] = 2
        n = max(n, 10)
    if "research_co_lead" in P:
        shape["lead_research_co"] = True
    if j == "xinjiang" and not ({"ratio_low", "ratio_trap", "below_min"} & P):
        # enterprises at least half even without the lead
        while True:
            non = shape["u"] + shape["i"] + shape["o"] + shape["voc"]
            e = n - non
            if (e - 1) / (n - 1) >= 0.5:
                break
            for k in ("o", "voc", "i", "u"):
                if shape[k] > (1 if k in ("u", "i") else 0):
                    shape[k] -= 1
                    break
            else:
                n += 1
    build_members(rng, reg, s, n, shape)
    if "ratio_other_trap" in P:
        s.notes.append(
            "enterprises are under half of the members, which breaks no rule of this jurisdiction (only 新疆 sets a 50% share): no ENTERPRISE_RATIO_LOW"
        )
    # ---------------- people, platforms, figures
    chief = "chief_missing" not in P and (j in ("xinjiang", "yunnan") or rng.random() < 0.7)
    build_people(rng, s, chief)
    build_platforms(rng, s, lead_has="lead_platform_missing" not in P)
    build_rd(rng, s, P)
    s.declared = s.counts()
    if "count_total" in P:
        s.declared["members"] += rng.choice([-2, -1, 1, 2, 3])
        s.notes.append(
            f"COUNT_MISMATCH: application declares 成员总数 {s.declared['members']} but lists {len(s.members)} units"
        )
    if "count_kind" in P:
        k = rng.choice(["enterprises", "universities"])
        s.declared[k] += rng.choice([1, 2]) if k == "enterprises" else 1
        s.notes.append(f"COUNT_MISMATCH: application declares {k} {s.declared[k]} but lists {s.counts()[k]}")
    # ---------------- agreement
    s.agr_members = list(s.members)
    non_lead = [m for m in s.members if m.tier != "lead"]
    if "doc_mismatch_replace" in P:
        old = rng.choice([m for m in non_lead if m.kind == "enterprise"] or non_lead)
        new_u = reg.enterprise(j, s.words)
        s.agr_members[s.agr_members.index(old)] = Member(new_u, old.tier, old.note)
        s.notes.append(f"DOC_MISMATCH: the agreement has {new_u.name} where the application has {old.name}")
    if "doc_mismatch_drop" in P:
        old = rng.choice(non_lead)
        s.agr_members.remove(old)
        s.notes.append(
            f"DOC_MISMATCH: {old.name} is in the application but not in the agreement (neither its member list nor its signature block)"
        )
    agr_non_lead = [m for m in s.agr_members if m.tier != "lead"]
    if "sig_missing" in P:
        s.unsigned = [rng.choice(agr_non_lead).name]
    if "sig_missing2" in P:
        s.unsigned = [m.name for m in rng.sample(agr_non_lead, 2)]
    if s.unsigned:
        s.notes.append(
            "SIGNATURE_MISSING: no signature entry for "
            + "、".join(s.unsigned)
            + " (listed among the agreement's members)"
        )
    if "clause_missing" in P:
        keys = ["integrity", "breach_liability", "ip_benefit", "task_division", "innovation_goal"]
        if j == "yunnan":
            keys += ["dissolution", "dispute_resolution"]
        s.clause_missing = [rng.choice(keys)]
        s.notes.append(
            f"CLAUSE_MISSING: the agreement has neither heading nor content for {s.clause_missing[0]}"
        )
    if "clause_empty" in P:
        s.clause_empty = [rng.choice(["integrity", "breach_liability", "ip_benefit", "innovation_goal"])]
        s.notes.append(
            f"CLAUSE_EMPTY: the agreement has the heading of {s.clause_empty[0]} with nothing under it"
        )
    # ---------------- documents present
    s.has_plan = True
    if j == "guangxi":
        s.has_plan = rng.random() < 0.6
    if "no_plan_ok" in P:
        s.has_plan = False
    if not s.has_plan and j == "guangxi":
        s.notes.append("no plan: 广西 requires only 申请表 and 组建协议, so no DOCUMENT_MISSING")
    if "document_missing" in P:
        if rng.random() < 0.5:
            s.has_plan = False
            s.notes.append("DOCUMENT_MISSING: no 实施/建设方案 in the submission")
        else:
            s.plan_unreadable = True
            s.notes.append(
                "DOCUMENT_MISSING: the 方案 file is empty (UNREADABLE), so it does not count as present"
            )
    if "self_funding_low" in P:
        s.has_plan = True
    # ---------------- codes
    if "code_invalid" in P:
        # an enterprise: no other consortium names it, so the wrong code is no CREDIT_CODE_CONFLICT
        m = rng.choice([x for x in non_lead if x.kind == "enterprise"] or non_lead)
        s.invalid_code_unit = m.name
        s.invalid_code = broken_code(rng, m.unit.code)
        s.notes.append(
            f"CREDIT_CODE_INVALID: {m.name} written with {s.invalid_code} (wrong check character) in the application"
        )
    if "code_missing" in P:
        m = rng.choice(non_lead)
        s.missing_code_unit = m.name
        s.notes.append(
            f"CREDIT_CODE_MISSING: {m.name}'s row in the application's member table has no credit code"
        )
    if "lead_platform_missing" in P:
        s.notes.append("LEAD_PLATFORM_MISSING: the lead's only platform row is 市级")
    if "chief_missing" in P:
        s.notes.append(
            "CHIEF_SCIENTIST_MISSING: no document names a 首席科学家/首席专家 (the application's row is empty or absent)"
        )
    if "two_leads" in P:
        s.notes.append("two lead units (牵头单位 1-2家 is allowed)")
    if "research_co_lead" in P:
        s.notes.append(f"the lead {s.lead.name} is a 研究院有限公司: an enterprise (no LEAD_NOT_ENTERPRISE)")
    c = s.counts()
    if "ratio_low" in P:
        s.notes.append(
            f"ENTERPRISE_RATIO_LOW: {c['enterprises']} enterprises of {c['members']} members (新疆 requires 50%)"
            " - the others are universities, institutes and kind-other units (hospital/association/centre)"
        )
    if "ratio_trap" in P:
        rc = [m.name for m in s.members if m.unit.tricky and "研究院有限公司" in m.unit.tricky]
        s.notes.append(
            f"no ENTERPRISE_RATIO_LOW: {c['enterprises']} of {c['members']} are enterprises counting "
            f"{'、'.join(rc)} (研究院有限公司 = enterprise); read as institutes they would drop the share under 50%"
        )
    if "below_min" in P:
        s.notes.append(f"MEMBERS_BELOW_MIN: {c['members']} units in all (the minimum is 5)")
    if "kinds_few" in P:
        rc = [m.name for m in s.members if m.unit.tricky]
        s.notes.append(
            "MEMBER_KINDS_FEW: every member is an enterprise (广西 requires 2 kinds), including "
            + "、".join(rc)
            + " (研究院有限公司)"
        )
    rd = s.rd
    if "revenue_low" in P:
        s.notes.append(
            f"LEAD_REVENUE_LOW: the lead's revenue is {rd['revenue'] / 1e8:g}亿元 (广西 requires 10亿)"
        )
    if "staff_low" in P:
        s.notes.append(
            f"LEAD_RD_STAFF_LOW: the lead has {rd['staff_ft']} 专职研发人员 (of {rd['staff_total']} R&D staff "
            "where the total is written too; the rule counts 专职, at least 30)"
        )
    if "rd_not_growing" in P:
        s.notes.append(
            "RD_NOT_GROWING: the lead's R&D spending over three years: "
            + " / ".join(f"{x / 1e4:g}万" for x in rd["expenses"])
        )
    if "intensity_low" in P:
        s.notes.append(
            f"LEAD_RD_INTENSITY_LOW: R&D intensity {rd['intensity']}% and 3-year average "
            f"{sum(rd['expenses']) / 3 / 1e4:.0f}万 (广西: 3% or 3000万)"
        )
    if "self_funding_low" in P:
        s.notes.append(
            f"SELF_FUNDING_LOW: 自筹:财政 = {rd['self_ratio']:g}:1 in the plan (云南 requires 2:1)"
        )
    if j == "xinjiang" and not ({"revenue_low"} & P) and rd["revenue"] < 1e9:
        s.notes.append(
            f"lead revenue {rd['revenue'] / 1e8:g}亿元 where stated: under 广西's 10亿 but above 新疆's 5亿, no flag"
        )
    if "unreadable" in P:
        s.bad_file = rng.choice(["truncated_docx", "zero_byte"])


def rd_placement(rng, s: Sub):
    """Which document states which of the lead's figures."""
    P = set(s.plants)
    if "two_leads" in P:
        return set(), set(), {}, {}
    fields = ["revenue", "staff", "expenses", "intensity"]
    where = rng.choice(
        ["none", "app", "plan", "both"] if s.has_plan and not s.plan_unreadable else ["none", "app"]
    )
    app_w, plan_w = set(), set()
    if where in ("app", "both"):
        app_w = set(rng.sample(fields, rng.randint(2, 4)))
    if where in ("plan", "both"):
        plan_w = set(rng.sample(fields, rng.randint(2, 4)))
    app_o, plan_o = {}, {}
    need = set()
    if "revenue_low" in P:
        need.add("revenue")
    if "staff_low" in P:
        need.add("staff")
    if "intensity_low" in P:
        need |= {"intensity", "expenses"}
    if "rd_not_growing" in P:
        need.add("expenses")
    if need:
        target = "plan" if (s.has_plan and not s.plan_unreadable and rng.random() < 0.5) else "app"
        (plan_w if target == "plan" else app_w).update(need)
        o = plan_o if target == "plan" else app_o
        if "staff_low" in P:
            o["staff_form"] = rng.choice(["total_ft", "total_ft", "plain"])
        if "rd_not_growing" in P:
            o["years_required"] = True
    if s.juris == "guangxi":
        # the R&D rule reads intensity and the 3-year average together: state both or neither
        for w in (app_w, plan_w):
            if w & {"intensity", "expenses"}:
                w |= {"intensity", "expenses"}
    return app_w, plan_w, app_o, plan_o


NAMINGS = [
    lambda s, w: {"application": "附件1-组建申请表", "agreement": "附件2-组建协议", "plan": f"附件3-{w}"},
    lambda s, w: {"application": "申报材料一", "agreement": "申报材料二", "plan": "申报材料三"},
    lambda s, w: {
        "application": f"{s.industry}创新联合体组建申请表",
        "agreement": f"{s.industry}创新联合体组建协议",
        "plan": f"{s.industry}创新联合体{w}",
    },
    lambda s, w: {"application": "1.申请表", "agreement": "2.组建协议", "plan": f"3.{w}"},
]


def sha256(p: Path) -> str:
    return hashlib.sha256(p.read_bytes()).hexdigest()


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", required=True)
    ap.add_argument("--seed", type=int, default=11)
    ap.add_argument("--consortia", type=int, default=20)
    ap.add_argument("--legacy", type=int, default=4)
    a = ap.parse_args(argv)
    t0 = time.time()
    rng = random.Random(a.seed)
    out = Path(a.out)
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    work = Path(tempfile.mkdtemp(prefix="blind2_"))
    reg = Registry(rng)
    deck.init(rng)

    # ---------------------------------------------------------------- consortia
    base = {"guangxi": 6, "xinjiang": 5, "yunnan": 5, "yongchuan": 4}
    scale = a.consortia / 20
    jlist = []
    for jj, k in base.items():
        jlist += [jj] * max(1, round(k * scale))
    rng.shuffle(jlist)
    used_ind = {jj: set() for jj in base}
    subs = []
    for i, jj in enumerate(jlist, 1):
        ind, words = rng.choice([x for x in INDUSTRIES[jj] if x[0] not in used_ind[jj]])
        used_ind[jj].add(ind)
        prov = JURIS[jj]["prov"]
        if jj == "guangxi" and rng.random() < 0.35:
            prov = "广西"
        subs.append(Sub(sid=f"S{i:02d}", juris=jj, name=f"{prov}{ind}创新联合体", industry=ind, words=words))
    assign_plants(rng, subs)
    for s in subs:
        plan_submission(rng, reg, s)

    # media plan: at least one scanned agreement (sealed), two scanned application/plan, one photo
    docs = []  # dicts: sub, kind, doc, rec, var, fmt, name, extra
    photo_sub = rng.choice([s for s in subs if "two_leads" not in s.plants])
    scan_agr = set(rng.sample([s.sid for s in subs], 2))
    scan_other = set(rng.sample([s.sid for s in subs], 3))
    for s in subs:
        naming = rng.choice(NAMINGS)(s, JURIS[s.juris]["plan"])
        app_w, plan_w, app_o, plan_o = rd_placement(rng, s)
        adoc, arec, avar, astated = application.write(s, rng, app_w, app_o)
        stated = {k: bool(v) for k, v in astated.items()}
        fmt_a = rng.choices(["docx", "pdf", "doc"], [0.45, 0.35, 0.2])[0]
        if s.sid in scan_other and rng.random() < 0.6:
            fmt_a = "scan"
        docs.append(
            {
                "sub": s,
                "kind": "application",
                "doc": adoc,
                "rec": arec,
                "var": avar,
                "fmt": fmt_a,
                "name": naming["application"],
            }
        )
        fmt_g = "scan" if s.sid in scan_agr else rng.choices(["docx", "pdf", "doc"], [0.4, 0.4, 0.2])[0]
        gdoc, grec, gvar, gstyle, parties = agreement.write(s, rng, scan_safe=fmt_g == "scan")
        docs.append(
            {
                "sub": s,
                "kind": "agreement",
                "doc": gdoc,
                "rec": grec,
                "var": gvar,
                "fmt": fmt_g,
                "name": naming["agreement"],
                "signers": grec["signatories"],
            }
        )
        if s.has_plan:
            chief_here = False
            if s.chief:
                if s.juris in ("xinjiang", "yunnan"):
                    chief_here = rng.random() < 0.5
                else:
                    chief_here = rng.random() < (0.4 if stated["chief"] else 0.85)
            self_here = s.juris == "yunnan" and ("self_funding_low" in s.plants or rng.random() < 0.75)
            if s.plan_unreadable:
                docs.append(
                    {
                        "sub": s,
                        "kind": "plan_bad",
                        "doc": None,
                        "rec": None,
                        "var": ["zero-byte plan"],
                        "fmt": "bad",
                        "name": naming["plan"],
                        "bad_kind": "zero_byte",
                    }
                )
            else:
                pdoc, prec, pvar = plan.write(
                    s, rng, plan_w, plan_o, chief_here=chief_here, self_ratio_here=self_here
                )
                fmt_p = rng.choices(["docx", "pdf", "doc"], [0.45, 0.4, 0.15])[0]
                if s.sid in scan_other and fmt_a != "scan":
                    fmt_p = "scan"
                docs.append(
                    {
                        "sub": s,
                        "kind": "plan",
                        "doc": pdoc,
                        "rec": prec,
                        "var": pvar,
                        "fmt": fmt_p,
                        "name": naming["plan"],
                    }
                )
                stated["chief"] = stated["chief"] or prec["chief_scientist"]["name"] is not None
                for k in ("revenue", "staff", "expenses", "intensity"):
                    stated[k] = stated.get(k) or (k in plan_w)
                stated["self_ratio"] = self_here
        s.stated = stated
        if s is photo_sub:
            sdoc, srec = agreement.write_supplement(s, rng)
            d = dt.date(*s.filing)
            stamp_ = f"IMG_{d:%Y%m%d}_{rng.randint(80000, 183000):06d}"
            docs.append(
                {
                    "sub": s,
                    "kind": "supplement",
                    "doc": sdoc,
                    "rec": srec,
                    "var": ["phone photo of a 补充协议"],
                    "fmt": "image",
                    "name": stamp_,
                }
            )
            s.notes.append("a phone photo (.jpg) of a one-page 补充协议 signed and sealed by the lead")
        if s.bad_file:
            nm = "附件5-科研诚信承诺书" if s.bad_file == "truncated_docx" else "附件4-营业执照复印件"
            docs.append(
                {
                    "sub": s,
                    "kind": "bad",
                    "doc": adoc if s.bad_file == "truncated_docx" else None,
                    "rec": None,
                    "var": [s.bad_file],
                    "fmt": "bad",
                    "name": nm,
                    "bad_kind": s.bad_file,
                }
            )
            s.notes.append(f"UNREADABLE: {nm} is a broken file ({s.bad_file})")

    # ---------------------------------------------------------------- legacy alliances
    leg_subs = []
    leg_j = ["guangxi", "guangxi", "yunnan", "xinjiang"][: a.legacy] + ["guangxi"] * max(0, a.legacy - 4)
    used_li: set[str] = set()
    forms = ["comma", "lines", "semicolon", "prose", "struck"]
    rng.shuffle(forms)
    trad_at = rng.randrange(len(leg_j)) if leg_j else -1
    for k, jj in enumerate(leg_j):
        ls = legacy.build(rng, reg, jj, used_li, fresh=k == trad_at)
        ls.sid = f"S{len(subs) + k + 1:02d}"
        leg_subs.append(ls)
        kinds = deck.draw("legacy_kinds", [("章程",), ("协议书",), ("章程", "申请书"), ("协议书", "章程")])
        if k == trad_at:
            kinds = kinds[:1]  # the traditional-character copy is its record's only document
        for ki, kind in enumerate(kinds):
            form = deck.draw("legacy_forms", forms) if kind != "申请书" else "table"
            trad = k == trad_at and ki == 0
            ldoc, lrec, lvar = legacy.write(ls, rng, kind, form, trad)
            fmt = rng.choices(["docx", "doc", "pdf"], [0.4, 0.35, 0.25])[0]
            docs.append(
                {
                    "sub": ls,
                    "kind": "legacy",
                    "doc": ldoc,
                    "rec": lrec,
                    "var": lvar,
                    "fmt": fmt,
                    "name": lrec["consortium_name"] + kind,
                }
            )
            ls.notes.append(
                f"{kind}: members {lvar[1].split(':')[1]}" + ("; traditional characters" if trad else "")
            )
            if form == "struck" and kind != "申请书":
                ls.notes.append(f"{ls.struck.name} is struck out with a drafting note (要删除): not a member")

    # ---------------------------------------------------------------- render
    for i, d in enumerate(docs):
        d["tmp"] = work / f"d{i:03d}.docx"
        if d["doc"] is not None:
            write_docx(d["doc"], d["tmp"])
    to_pdf = [d["tmp"] for d in docs if d["fmt"] in ("pdf", "scan", "image")]
    to_doc = [d["tmp"] for d in docs if d["fmt"] == "doc"]
    pdfs = soffice_convert(to_pdf, "pdf", work / "pdf")
    docs_ = soffice_convert(to_doc, "doc", work / "doc")
    truth_docs = []
    for d in docs:
        s = d["sub"]
        sdir = out / s.sid
        sdir.mkdir(exist_ok=True)
        ext = {"docx": ".docx", "pdf": ".pdf", "doc": ".doc", "scan": ".pdf", "image": ".jpg"}.get(d["fmt"])
        if d["fmt"] == "bad":
            ext = ".docx" if d["bad_kind"] == "truncated_docx" else ".pdf"
        name = d["name"]
        if d["fmt"] == "scan" and rng.random() < 0.5:
            name = f"扫描件{rng.randint(1, 3)}"
        target = sdir / (name + ext)
        while target.exists():
            target = sdir / (name + "(1)" + ext)
        d["fmt"]
        extra = None
        if d["fmt"] == "docx":
            shutil.copy(d["tmp"], target)
        elif d["fmt"] == "pdf":
            shutil.copy(pdfs[d["tmp"]], target)
        elif d["fmt"] == "doc":
            shutil.copy(docs_[d["tmp"]], target)
        elif d["fmt"] == "scan":
            seals = None
            if d["kind"] == "agreement":
                by = {m.name: m for m in s.agr_members}
                seals = [(n, n, by[n].kind) for n in d["signers"]]
            stamped = scan_pdf(pdfs[d["tmp"]], target, rng, dpi=rng.choice([150, 170, 200]), seals=seals)
            if d["kind"] == "agreement":
                got = {x["unit"] for x in stamped}
                assert got == set(d["signers"]), (s.sid, set(d["signers"]) - got)
                extra = {"seals": stamped}
        elif d["fmt"] == "image":
            photo_jpg(pdfs[d["tmp"]], target, rng, seals=[(s.lead.name, s.lead.name, "enterprise")])
        elif d["fmt"] == "bad":
            if d["bad_kind"] == "truncated_docx":
                write_docx(d["doc"], work / "bad.docx")
                truncated_docx(work / "bad.docx", target)
            else:
                zero_byte(target)
        rel = f"{s.sid}/{target.name}"
        h = sha256(target)
        if d["rec"] is None:
            from samples.blind2.record import blank

            rec = blank("unreadable", "unknown")
            rec["flags"].append(doc_flag("UNREADABLE", "文件无法读取", None))
            rec["flags"][-1]["match"] = []
            media_type = "docx" if ext == ".docx" else "pdf"
        else:
            rec = d["rec"]
            media_type = {"docx": "docx", "pdf": "pdf", "doc": "doc", "scan": "pdf", "image": "image"}[
                d["fmt"]
            ]
        rec["source"] = {
            "path": rel,
            "sha256": h,
            "media_type": media_type,
            "pages": pdf_pages(target)
            if media_type == "pdf" and d["fmt"] != "bad"
            else (1 if media_type == "image" else None),
            "ocr_used": d["fmt"] in ("scan", "image"),
        }
        for f in rec["flags"]:
            f["document"] = rel
        if extra:
            rec["extra"] = extra
        truth_docs.append(
            {
                "path": rel,
                "sha256": h,
                "submission": s.sid,
                "format": d["fmt"],
                "bad_kind": d.get("bad_kind"),
                "variants": d["var"],
                "record": rec,
            }
        )
        d["sha"] = h
        d["rel"] = rel

    # ---------------------------------------------------------------- submissions and flags
    truth_subs = []
    summary = {}
    for s in subs + leg_subs:
        shas = [d["sha"] for d in docs if d["sub"] is s]
        flags = [] if s.legacy else expected_sub_flags(s, s.stated)
        # planted flags and expected flags must agree, both ways
        if not s.legacy:
            codes = {f["code"] for f in flags}
            dcodes = {f["code"] for d in docs if d["sub"] is s and d.get("rec") for f in d["rec"]["flags"]}
            if any(d["sub"] is s and d["rec"] is None for d in docs):
                dcodes.add("UNREADABLE")
            want = set()
            for p in s.plants:
                want |= set(PLANTS[p][1])
            if s.plan_unreadable:
                want |= {"UNREADABLE"}
            got = codes | dcodes
            if want != got:
                raise SystemExit(
                    f"{s.sid}: planted {sorted(want)} but the rules give {sorted(got)} ({s.plants})"
                )
        for f in flags:
            summary[f["code"]] = summary.get(f["code"], 0) + 1
        notes = list(s.notes)
        if (
            not s.legacy
            and not flags
            and not any(d["rec"] and d["rec"]["flags"] for d in docs if d["sub"] is s)
        ):
            notes.append("clean: every member listed, signed and counted alike; no flag expected")
        truth_subs.append(
            {
                "id": s.sid,
                "path": s.sid,
                "consortium_name": s.name if not s.legacy else docs_first(docs, s)["rec"]["consortium_name"],
                "jurisdiction": s.juris,
                "family": "legacy" if s.legacy else "blind2",
                "documents": shas,
                "lead_units": [m.name for m in s.leads]
                if not s.legacy
                else docs_first(docs, s)["rec"]["lead_units"],
                "members": [
                    {
                        "name": m.name,
                        "credit_code": m.unit.code,
                        "tier": m.tier if m.tier != "unspecified" else "unspecified",
                        "kind": m.kind,
                        "note": m.note or None,
                    }
                    for m in s.members
                ],
                "flags": flags,
                "plants": s.plants,
                "truth_notes": "; ".join(notes),
            }
        )
    for d in truth_docs:
        for f in d["record"]["flags"]:
            summary[f["code"]] = summary.get(f["code"], 0) + 1
    truth = {
        "format": "intake-eval-truth/1",
        "generator": {
            "name": "samples/blind2/generate.py",
            "seed": a.seed,
            "consortia": len(subs),
            "legacy": len(leg_subs),
        },
        "documents": truth_docs,
        "submissions": truth_subs,
        "cross_flags": [],
    }
    (out / "truth.json").write_text(json.dumps(truth, ensure_ascii=False, indent=1), encoding="utf-8")
    write_readme(out, a.seed, subs, leg_subs, truth_docs, summary)
    shutil.rmtree(work, ignore_errors=True)
    print(
        f"{out}: {len(subs)} consortia + {len(leg_subs)} legacy, {len(truth_docs)} files, "
        f"{time.time() - t0:.0f}s; expected flags: {json.dumps(summary, ensure_ascii=False)}"
    )


def docs_first(docs, s):
    return next(d for d in docs if d["sub"] is s and d["rec"])


def write_readme(out, seed, subs, leg, tdocs, summary):
    from collections import Counter

    fm = Counter(d["format"] for d in tdocs)
    lines = [
        f"# Blind corpus (samples/blind2/generate.py --seed {seed})",
        "",
        f"{len(subs)} 创新联合体 submissions and {len(leg)} legacy 产业技术创新战略联盟 records; {len(tdocs)} files: "
        + ", ".join(f"{v} {k}" for k, v in sorted(fm.items()))
        + ".",
        "",
        "Every credit code is synthetic (valid GB 32100 check characters unless planted).",
        "`truth.json` is in the format of shared/devset-cd; each submission's `truth_notes` says what was planted,",
        "each document's `variants` lists the layout choices made for it.",
        "",
        "Expected flags: " + ", ".join(f"{k} {v}" for k, v in sorted(summary.items())),
        "",
    ]
    for s in subs + leg:
        lines.append(f"- {s.sid} {s.juris} {s.name}: {'; '.join(s.notes) or 'clean'}")
    (out / "README.md").write_text("\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
