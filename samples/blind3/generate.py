#!/usr/bin/env python3
"""Blind test-data generator (blind3) for intake: 创新联合体 submissions and legacy
产业技术创新战略联盟 records in layouts that samples/blind2 does not use, with truth.json in the
format of shared/devset-cd (intake-eval-truth/1).

    python samples/blind3/generate.py --out /work/corpora/blind3-dev --seed 301

Written from the seeds, the contract, the scorer's truth format and the format of devset-cd only;
see README.md beside this file.
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

from samples.blind2 import deck  # noqa: E402
from samples.blind2.docmodel import pdf_pages, photo_jpg, scan_pdf, soffice_convert  # noqa: E402
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
from samples.blind3 import agreement, application, legacy, plan  # noqa: E402
from samples.blind3.media import fix_pdf, page_split, turn_pages  # noqa: E402

PLANTS = {  # plant -> expected codes
    "sig_missing": ["SIGNATURE_MISSING"],
    "code_invalid": ["CREDIT_CODE_INVALID"],
    "count_total": ["COUNT_MISMATCH"],
    "doc_mismatch": ["DOC_MISMATCH"],
}
NAMINGS = [
    lambda s, w: ("附件一 组建申请表", "附件二 组建协议", f"附件三 {w}"),
    lambda s, w: (f"{s.name}申请表（终稿）", f"{s.name}协议（签字盖章版）", f"{s.name}{w}"),
    lambda s, w: ("01申请表", "02协议", "03方案"),
    lambda s, w: (f"申请表-{s.lead.name}", "联合体组建协议书", f"{w}(修改稿)"),
]


def sha256(p: Path) -> str:
    return hashlib.sha256(p.read_bytes()).hexdigest()


def plan_sub(rng, reg, s: Sub):
    j = s.juris
    P = set(s.plants)
    filing = dt.date(rng.randint(2024, 2025), rng.randint(1, 12), rng.randint(1, 28))
    eff = filing - dt.timedelta(days=rng.randint(5, 60))
    s.filing, s.effective = filing.timetuple()[:3], eff.timetuple()[:3]
    s.sign_date = s.effective
    n = {
        "guangxi": rng.randint(9, 12),
        "xinjiang": rng.randint(7, 10),
        "yunnan": rng.randint(6, 10),
        "yongchuan": rng.randint(6, 9),
    }[j]
    shape = {"u": rng.randint(1, 2), "i": rng.randint(1, 2), "o": int(rng.random() < 0.3), "voc": 0, "rco": 0}
    if j == "xinjiang":
        while True:  # enterprises at least half even without the lead
            non = shape["u"] + shape["i"] + shape["o"]
            if (n - non - 1) / (n - 1) >= 0.5:
                break
            if shape["o"]:
                shape["o"] = 0
            elif shape["u"] > 1:
                shape["u"] -= 1
            elif shape["i"] > 1:
                shape["i"] -= 1
            else:
                n += 1
    build_members(rng, reg, s, n, shape)
    build_people(rng, s, chief=j in ("xinjiang", "yunnan") or rng.random() < 0.6)
    build_platforms(rng, s, lead_has=True)
    build_rd(rng, s, set())
    # R&D spending with a tenth of 万 (12,345.6万元), still growing
    s.rd["expenses"] = [e + rng.randint(1, 9) * 1000 for e in s.rd["expenses"]]
    s.declared = s.counts()
    if "count_total" in P:
        s.declared["members"] += rng.choice([-1, 1, 2])
        s.notes.append(
            f"COUNT_MISMATCH: the application declares 成员总数 {s.declared['members']} "
            f"but lists {len(s.members)} units (lead included)"
        )
    s.agr_members = list(s.members)
    non_lead = [m for m in s.members if m.tier != "lead"]
    if "doc_mismatch" in P:
        old = rng.choice([m for m in non_lead if m.kind == "enterprise"] or non_lead)
        new_u = reg.enterprise(j, s.words)
        s.agr_members[s.agr_members.index(old)] = Member(new_u, old.tier, old.note)
        s.notes.append(f"DOC_MISMATCH: the agreement has {new_u.name} where the application has {old.name}")
    if "sig_missing" in P:
        s.unsigned = [rng.choice([m for m in s.agr_members if m.tier != "lead"]).name]
        s.notes.append(
            f"SIGNATURE_MISSING: {s.unsigned[0]} is in the agreement's member list but has no entry "
            "in its signature block"
        )
    if "code_invalid" in P:
        m = rng.choice([x for x in non_lead if x.kind == "enterprise"] or non_lead)
        s.invalid_code_unit, s.invalid_code = m.name, broken_code(rng, m.unit.code)
        s.notes.append(
            f"CREDIT_CODE_INVALID: {m.name} written with {s.invalid_code} (wrong check character) in "
            "the application; the other documents of this submission write no codes"
        )
    s.has_plan = True


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", required=True)
    ap.add_argument("--seed", type=int, default=301)
    a = ap.parse_args(argv)
    t0 = time.time()
    rng = random.Random(a.seed)
    out = Path(a.out)
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    work = Path(tempfile.mkdtemp(prefix="blind3_"))
    reg = Registry(rng)
    deck.init(rng)

    jlist = ["guangxi"] * 4 + ["xinjiang"] * 4 + ["yunnan"] * 4 + ["yongchuan"] * 3
    rng.shuffle(jlist)
    used_ind = {k: set() for k in JURIS}
    subs = []
    for i, jj in enumerate(jlist, 1):
        ind, words = rng.choice([x for x in INDUSTRIES[jj] if x[0] not in used_ind[jj]])
        used_ind[jj].add(ind)
        prov = JURIS[jj]["prov"]
        subs.append(Sub(sid=f"S{i:02d}", juris=jj, name=f"{prov}{ind}创新联合体", industry=ind, words=words))
    for p, s in zip(PLANTS, rng.sample(subs, len(PLANTS))):
        s.plants.append(p)
    for s in subs:
        plan_sub(rng, reg, s)

    # ---------------------------------------------------------------- documents and media
    docs = []
    n = len(subs)
    app_layouts = [deck.draw("b3_app_layout", application.LAYOUTS) for _ in range(n)]
    agr_forms = [
        deck.draw(
            "b3_agr_form",
            [
                ("table_roles", "twocol"),
                ("preamble", "twocol"),
                ("paras", "rep_list"),
                ("table_roles", "rep_list"),
            ],
        )
        for _ in range(n)
    ]
    plan_layouts = [deck.draw("b3_plan_layout", plan.LAYOUTS) for _ in range(n)]
    # media: one sealed scanned agreement (two-column signature page), two scans of an
    # application or plan (one page turned 90, one 180), one .wps, one phone photo
    free_app = [i for i in range(n) if app_layouts[i] not in ("paged", "features")]
    free_plan = [i for i in range(n) if plan_layouts[i] != "paged_rd"]
    scan_agr = rng.choice([i for i in range(n) if agr_forms[i][1] == "twocol"])
    a_scan = rng.choice(free_app)
    p_scan = rng.choice([i for i in free_plan if i != a_scan])
    wps_i = rng.choice([i for i in free_app if i != a_scan])
    photo_i = rng.randrange(n)
    turns = [90, 180]
    rng.shuffle(turns)
    spare = [reg.enterprise(s.juris, s.words).name for s in subs for _ in range(3)]
    fmt_deck = ["docx", "pdf", "doc", "docx", "pdf"]
    for i, s in enumerate(subs):
        naming = rng.choice(NAMINGS)(s, JURIS[s.juris]["plan"])
        lay = app_layouts[i]
        x, ctx = application.write(s, rng, lay, spare)
        if lay == "paged":
            fmt = "pdf"
        elif lay == "features":
            fmt = "docx"
        elif i == a_scan:
            fmt = "scan"
        elif i == wps_i:
            fmt = "wps"
        else:
            fmt = deck.draw("b3_fmt_app", fmt_deck)
        docs.append(
            {
                "sub": s,
                "kind": "application",
                "x": x,
                "rec": ctx.rec,
                "var": ctx.var,
                "fmt": fmt,
                "name": naming[0],
                "absent": ctx.absent,
                "split": getattr(ctx, "split_needle", None),
                "turn": turns[0] if i == a_scan else None,
            }
        )
        stated = dict(ctx.stated)
        mf, sf = agr_forms[i]
        gfmt = "scan" if i == scan_agr else deck.draw("b3_fmt_agr", fmt_deck)
        gx, grec, gvar, gabs, reps = agreement.write(s, rng, mf, sf, scan_safe=gfmt == "scan")
        docs.append(
            {
                "sub": s,
                "kind": "agreement",
                "x": gx,
                "rec": grec,
                "var": gvar,
                "fmt": gfmt,
                "name": naming[1],
                "absent": gabs,
                "signers": grec["signatories"],
            }
        )
        pl = plan_layouts[i]
        chief_here = bool(s.chief) and rng.random() < 0.5
        self_here = s.juris == "yunnan" and rng.random() < 0.6
        px, prec, pvar, pstated, psplit = plan.write(s, rng, pl, chief_here, self_here)
        pfmt = "pdf" if pl == "paged_rd" else ("scan" if i == p_scan else deck.draw("b3_fmt_plan", fmt_deck))
        docs.append(
            {
                "sub": s,
                "kind": "plan",
                "x": px,
                "rec": prec,
                "var": pvar,
                "fmt": pfmt,
                "name": naming[2],
                "absent": [],
                "split": psplit,
                "turn": turns[1] if i == p_scan else None,
            }
        )
        for k, v in pstated.items():
            stated[k] = stated.get(k) or v
        s.stated = stated
        if i == photo_i:
            sx, srec = agreement.write_supplement(s, rng)
            d = dt.date(*s.filing)
            docs.append(
                {
                    "sub": s,
                    "kind": "supplement",
                    "x": sx,
                    "rec": srec,
                    "var": ["phone photo of a 补充协议"],
                    "fmt": "image",
                    "name": f"微信图片_{d:%Y%m%d}{rng.randint(80000, 183000):06d}",
                    "absent": [],
                }
            )
            s.notes.append("a phone photo (.jpg) of a one-page 补充协议 with the lead's seal")
        if i == scan_agr:
            s.notes.append(
                "the agreement is an image-only scan with a seal over every signing unit (extra.seals)"
            )

    # ---------------------------------------------------------------- legacy alliances
    leg = []
    used_li: set[str] = set()
    for k, (jj, kinds) in enumerate(
        [
            ("guangxi", [("charter", "docx")]),
            ("yunnan", [("notice", "pdf")]),
            ("xinjiang", [("charter", "wps"), ("notice", "docx")]),
        ]
    ):
        al = legacy.build(rng, reg, jj, used_li)
        al.sid = f"S{n + k + 1:02d}"
        leg.append(al)
        for kind, fmt in kinds:
            if kind == "charter":
                lx, lrec, lvar = legacy.write_charter(al, rng)
                nm = f"{al.name}章程"
            else:
                lx, lrec, lvar = legacy.write_notice(al, rng)
                nm = f"关于{al.name}成员单位的公示"
            docs.append(
                {
                    "sub": al,
                    "kind": "legacy",
                    "x": lx,
                    "rec": lrec,
                    "var": lvar,
                    "fmt": fmt,
                    "name": nm,
                    "absent": [],
                }
            )
            al.notes.append(f"{kind}: {'; '.join(lvar)}")

    # ---------------------------------------------------------------- render
    for i, d in enumerate(docs):
        d["tmp"] = work / f"d{i:03d}.docx"
        d["x"].save(d["tmp"])
    pdfs = soffice_convert(
        [d["tmp"] for d in docs if d["fmt"] in ("pdf", "scan", "image")], "pdf", work / "pdf"
    )
    docs_ = soffice_convert([d["tmp"] for d in docs if d["fmt"] in ("doc", "wps")], "doc", work / "doc")
    truth_docs = []
    for d in docs:
        s = d["sub"]
        sdir = out / s.sid
        sdir.mkdir(exist_ok=True)
        ext = {"docx": ".docx", "pdf": ".pdf", "doc": ".doc", "wps": ".wps", "scan": ".pdf", "image": ".jpg"}[
            d["fmt"]
        ]
        name = d["name"]
        if d["fmt"] == "scan":
            fd = dt.date(*s.filing)
            name = f"扫描全能王 {fd:%Y-%m-%d} {rng.randint(8, 18):02d}.{rng.randint(0, 59):02d}"
        target = sdir / (name + ext)
        while target.exists():
            target = sdir / (target.stem + "(1)" + ext)
        extra = None
        var = list(d["var"])
        if d["fmt"] == "docx":
            shutil.copy(d["tmp"], target)
        elif d["fmt"] == "pdf":
            shutil.copy(pdfs[d["tmp"]], target)
        elif d["fmt"] in ("doc", "wps"):
            shutil.copy(docs_[d["tmp"]], target)
            if d["fmt"] == "wps":
                var.append(".doc written by LibreOffice and named .wps")
        elif d["fmt"] == "scan":
            seals = None
            if d["kind"] == "agreement":
                by = {m.name: m for m in s.agr_members}
                seals = [(nm, nm, by[nm].kind) for nm in d["signers"]]
            stamped = scan_pdf(pdfs[d["tmp"]], target, rng, dpi=rng.choice([150, 200]), seals=seals)
            if d["kind"] == "agreement":
                got = {x["unit"] for x in stamped}
                assert got == set(d["signers"]), (s.sid, set(d["signers"]) - got)
                extra = {"seals": stamped}
                var.append("image-only scan, a seal over every signature entry")
            if d.get("turn"):
                pg = turn_pages(target, d["turn"], rng)
                var.append(f"image-only scan; page {pg} turned {d['turn']} degrees")
                s.notes.append(f"{d['kind']} scanned with page {pg} turned {d['turn']}°")
        elif d["fmt"] == "image":
            photo_jpg(pdfs[d["tmp"]], target, rng, seals=[(s.lead.name, s.lead.name, "enterprise")])
        if target.suffix == ".pdf":
            fix_pdf(target, f"{a.seed}/{s.sid}/{target.name}")
        if d.get("split") and d["fmt"] == "pdf":
            sp = page_split(target, d["split"])
            var.append(
                f"measured: R&D series {'split over pages ' + sp if sp else 'NOT split (on one page)'}"
            )
        if d["kind"] == "application" and d["rec"] and "paged" in d["var"][0] and d["fmt"] == "pdf":
            from samples.blind3.media import pages_with

            var.append(f"measured: member-table header on pages {pages_with(target, '承担任务')}")
        rel = f"{s.sid}/{target.name}"
        h = sha256(target)
        rec = d["rec"]
        media_type = {
            "docx": "docx",
            "pdf": "pdf",
            "doc": "doc",
            "wps": "doc",
            "scan": "pdf",
            "image": "image",
        }[d["fmt"]]
        rec["source"] = {
            "path": rel,
            "sha256": h,
            "media_type": media_type,
            "pages": pdf_pages(target) if media_type == "pdf" else (1 if media_type == "image" else None),
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
                "family": "blind3",
                "format": {"wps": "doc"}.get(d["fmt"], d["fmt"]),
                "bad_kind": None,
                "variants": var,
                "absent": d["absent"],
                "record": rec,
            }
        )
        d["sha"] = h

    # ---------------------------------------------------------------- submissions and flags
    truth_subs, summary = [], {}
    for s in subs + leg:
        shas = [d["sha"] for d in docs if d["sub"] is s]
        legacy_ = getattr(s, "legacy", False)
        flags = [] if legacy_ else expected_sub_flags(s, s.stated)
        if not legacy_:
            got = {f["code"] for f in flags} | {
                f["code"] for d in docs if d["sub"] is s for f in d["rec"]["flags"]
            }
            want = {c for p in s.plants for c in PLANTS[p]}
            if got != want:
                raise SystemExit(f"{s.sid}: planted {sorted(want)} but the rules give {sorted(got)}")
        for f in flags:
            summary[f["code"]] = summary.get(f["code"], 0) + 1
        notes = list(s.notes) or ["clean: no flag expected"]
        truth_subs.append(
            {
                "id": s.sid,
                "path": s.sid,
                "consortium_name": s.name,
                "jurisdiction": s.juris,
                "family": "legacy" if legacy_ else "blind3",
                "documents": shas,
                "lead_units": [m.name for m in s.members if m.tier == "lead"],
                "members": [
                    {
                        "name": m.name,
                        "credit_code": m.unit.code,
                        "tier": m.tier,
                        "kind": m.kind,
                        "note": (m.note or None),
                    }
                    for m in s.members
                ],
                "flags": flags,
                "plants": list(s.plants),
                "truth_notes": "; ".join(notes),
            }
        )
    for d in truth_docs:
        for f in d["record"]["flags"]:
            summary[f["code"]] = summary.get(f["code"], 0) + 1
    truth = {
        "format": "intake-eval-truth/1",
        "generator": {
            "name": "samples/blind3/generate.py",
            "seed": a.seed,
            "consortia": len(subs),
            "legacy": len(leg),
        },
        "documents": truth_docs,
        "submissions": truth_subs,
        "cross_flags": [],
    }
    (out / "truth.json").write_text(json.dumps(truth, ensure_ascii=False, indent=1), encoding="utf-8")
    write_readme(out, a.seed, subs, leg, truth_docs, summary)
    shutil.rmtree(work, ignore_errors=True)
    print(
        f"{out}: {len(subs)} consortia + {len(leg)} legacy, {len(truth_docs)} files, {time.time() - t0:.0f}s; "
        f"expected flags: {json.dumps(summary, ensure_ascii=False)}"
    )


def write_readme(out, seed, subs, leg, tdocs, summary):
    from collections import Counter

    fm = Counter(Path(d["path"]).suffix + ("(scan)" if d["format"] == "scan" else "") for d in tdocs)
    lines = [
        f"# Blind corpus (samples/blind3/generate.py --seed {seed})",
        "",
        f"{len(subs)} 创新联合体 submissions and {len(leg)} legacy 产业技术创新战略联盟 records; {len(tdocs)} files: "
        + ", ".join(f"{v} {k}" for k, v in sorted(fm.items()))
        + ".",
        "",
        "Every credit code is synthetic. `truth.json` is in the format of shared/devset-cd; each document's",
        "`variants` lists the layout choices made for it (and what was measured in the PDF), `absent` the",
        "names a reader must NOT take as members (tracked deletions, hidden text, comments).",
        "",
        "Expected flags: " + ", ".join(f"{k} {v}" for k, v in sorted(summary.items())),
        "",
    ]
    for s in subs + leg:
        lines.append(f"- {s.sid} {s.juris} {s.name}: {'; '.join(s.notes) or 'clean'}")
    lines.append("")
    for d in tdocs:
        lines.append(f"- {d['path']} ({d['format']}): {'; '.join(d['variants'])}")
    (out / "README.md").write_text("\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
