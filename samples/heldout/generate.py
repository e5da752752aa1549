#!/usr/bin/env python3
"""Held-out corpus generator for intake (see README.md in this folder).

python samples/heldout/generate.py --out DIR --seed N [--n-submissions K] [--seals]
"""

from __future__ import annotations

import argparse
import copy
import datetime as dt
import hashlib
import json
import random
import shutil
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import legacy  # noqa: E402
import media  # noqa: E402
from blocks import render_docx, render_pdf  # noqa: E402
from model import Cons, new_cons, plant  # noqa: E402
from pool import Registry, Unit, make_code  # noqa: E402
from writers import W, blank_record  # noqa: E402

# (jurisdiction, filing years, plants, cross role)
SCENARIOS = [
    ("guangxi", (2022, 2024), ["revenue_low"], None),
    ("xinjiang", (2023, 2026), ["not_growing"], None),
    ("yunnan", (2023, 2026), ["self_funding_low"], None),
    ("yongchuan", (2023, 2026), ["below_min"], None),
    ("guangxi", (2025, 2026), ["kinds_few"], None),
    ("xinjiang", (2023, 2026), [], "conflict_a"),
    ("yunnan", (2023, 2026), [], "leadcap_a"),
    ("guangxi", (2022, 2024), ["intensity_low", "code_invalid"], None),
    ("yongchuan", (2023, 2026), ["lead_not_enterprise"], None),
    ("guangxi", (2025, 2026), ["staff_low"], "membercap"),
    ("xinjiang", (2023, 2026), ["ratio_low"], None),
    ("yunnan", (2023, 2026), ["clause_missing"], None),
    ("guangxi", (2022, 2024), ["agreement_unreadable"], None),
    ("yongchuan", (2023, 2026), [], "dup_a"),
    ("xinjiang", (2023, 2026), ["chief_missing"], None),
    ("guangxi", (2025, 2026), ["clause_empty"], "membercap"),
    ("yunnan", (2023, 2026), ["platform_missing"], None),
    ("yongchuan", (2023, 2026), ["count_enterprises", "signature_missing"], None),
    ("xinjiang", (2023, 2026), ["doc_missing_plan", "code_missing"], None),
    ("guangxi", (2025, 2026), [], "membercap"),
    ("yunnan", (2023, 2026), ["count_members"], None),
    ("guangxi", (2022, 2024), [], None),
    ("xinjiang", (2023, 2026), [], "conflict_b"),
    ("yunnan", (2023, 2026), [], "leadcap_b"),
    ("guangxi", (2025, 2026), ["signature_missing"], "membercap"),
    ("yongchuan", (2023, 2026), [], "dup_b"),
    ("yunnan", (2023, 2026), ["doc_mismatch"], None),
    ("xinjiang", (2023, 2026), [], None),
    ("guangxi", (2025, 2026), [], None),
    ("yunnan", (2023, 2026), [], None),
]

PLAN_WORD = {"guangxi": "建设方案", "xinjiang": "实施方案", "yunnan": "建设方案", "yongchuan": "组建方案"}
APP_WORD = {
    "guangxi": "组建申请表",
    "xinjiang": "组建申请表",
    "yunnan": "组建申请表",
    "yongchuan": "组建申请书",
}


def sha(p: Path) -> str:
    return hashlib.sha256(p.read_bytes()).hexdigest()


def file_names(rng: random.Random, c: Cons) -> dict:
    short = c.industry
    scheme = rng.choice(["annex", "named", "numbered", "lead"])
    aw = "认定申请表" if c.version == "2025" and rng.random() < 0.6 else APP_WORD[c.juris]
    if scheme == "annex":
        return {
            "application": f"附件1-{aw}",
            "agreement": "附件2-组建协议",
            "plan": f"附件3-{PLAN_WORD[c.juris]}",
            "supplementary": "附件4-补充协议",
            "extra": "附件5-成员单位科研诚信承诺书",
        }
    if scheme == "named":
        return {
            "application": f"{short}创新联合体{aw}",
            "agreement": f"{short}创新联合体组建协议",
            "plan": f"{short}创新联合体{PLAN_WORD[c.juris]}",
            "supplementary": f"{short}创新联合体补充协议",
            "extra": "营业执照副本",
        }
    if scheme == "numbered":
        return {
            "application": "01 申请表",
            "agreement": "02 合作协议（签字盖章版）",
            "plan": f"03 {PLAN_WORD[c.juris]}",
            "supplementary": "04 补充协议",
            "extra": "05 其他证明材料",
        }
    lead = c.lead.name[:6]
    return {
        "application": f"{lead}-{aw}",
        "agreement": f"{lead}-联合体协议",
        "plan": f"{lead}-{PLAN_WORD[c.juris]}",
        "supplementary": f"{lead}-补充协议",
        "extra": f"{lead}-科研诚信承诺书",
    }


class Builder:
    def __init__(self, out: Path, seed: int):
        self.out = out
        self.seed = seed
        self.rng = random.Random(seed)
        self.reg = Registry(self.rng)
        self.documents: list[dict] = []
        self.submissions: list[dict] = []
        self.cross: list[dict] = []
        self.ocr_budget = 8
        self.pending: list[tuple] = []  # (path_without_ext, Doc, rec, fmt, sid, style, extra)

    # -------------------------------------------------------------- consortia
    def make_consortia(self, k: int) -> list[Cons]:
        rng, reg = self.rng, self.reg
        rows = (
            SCENARIOS[:k]
            if k <= len(SCENARIOS)
            else SCENARIOS + [(j, y, [], None) for j, y, _, _ in (SCENARIOS * 3)[len(SCENARIOS) : k]]
        )
        roles = [r[3] for r in rows]
        ind_next = {}
        cons = []
        for i, (juris, years, plants, _role) in enumerate(rows, 1):
            ind_next[juris] = ind_next.get(juris, rng.randrange(7)) + 1
            year = rng.randrange(years[0], years[1] + 1)
            c = new_cons(rng, reg, f"S{i:02d}", juris, ind_next[juris], year)
            if c.juris == "guangxi" and years[0] >= 2025 and c.filing < dt.date(2025, 1, 1):
                c.filing = c.filing.replace(year=2025)
            if c.juris == "guangxi" and years[1] <= 2024 and c.filing >= dt.date(2025, 1, 1):
                c.filing = c.filing.replace(year=2024)
            c.effective = c.filing - dt.timedelta(days=rng.randrange(12, 80))
            c.docs = {
                "guangxi": ["application", "agreement"] + (["plan"] if rng.random() < 0.4 else []),
                "xinjiang": ["application", "agreement", "plan"],
                "yunnan": ["application", "agreement", "plan"],
                "yongchuan": ["application", "plan"] + (["agreement"] if rng.random() < 0.6 else []),
            }[juris]
            for p in plants:
                if p == "agreement_unreadable":
                    c.bad = "agreement_encrypted"
                    c.plants.append(p)
                    c.sub_flags.append(
                        {
                            "code": "DOCUMENT_MISSING",
                            "severity": "error",
                            "message": "组建协议无法读取，视为未提交",
                            "unit": None,
                            "evidence": "组建协议",
                            "match": [],
                        }
                    )
                    c.notes.append("组建协议为加密PDF，无法读取（UNREADABLE），因此同时缺少组建协议")
                    continue
                if (
                    p in ("signature_missing", "clause_missing", "clause_empty", "doc_mismatch")
                    and "agreement" not in c.docs
                ):
                    c.docs.append("agreement")
                plant(rng, reg, c, p)
            if rng.random() < 0.25 and "supplementary" not in c.docs and "agreement" in c.docs:
                c.docs.append("supplementary")
            cons.append(c)
        self.cross_plants(cons, roles)
        return cons

    def cross_plants(self, cons: list[Cons], roles: list):
        rng = self.rng
        by = {}
        for c, r in zip(cons, roles):
            if r:
                by.setdefault(r, []).append(c)
        if "leadcap_a" in by and "leadcap_b" in by:
            a, b = by["leadcap_a"][0], by["leadcap_b"][0]
            self.reg.names.remove(b.lead.name)
            old = b.lead.name
            b.units[0] = copy.deepcopy(a.lead)
            b.units[0].note = b.units[0].note
            for t in b.team:
                if t["employer"] == old:
                    t["employer"] = a.lead.name
            for p in b.platforms:
                if p["host_unit"] == old:
                    p["host_unit"] = a.lead.name
            for c in (a, b):
                c.plants.append("lead_cap")
                c.notes.append(f"{a.lead.name}同时牵头{a.name}和{b.name}")
            self.cross.append(
                {
                    "code": "LEAD_CAP_EXCEEDED",
                    "unit": a.lead.name,
                    "match": [a.lead.name],
                    "consortia": [a.name, b.name],
                    "evidence": f"{a.name}、{b.name}",
                }
            )
        if "membercap" in by and len(by["membercap"]) >= 4:
            grp = by["membercap"]
            name, div, city = self.reg.other("guangxi", "科技")
            shared = Unit(
                name,
                "other",
                make_code(rng, "other", div),
                "guangxi",
                city,
                tier="general",
                note="提供技术转移、知识产权运营和科技金融服务。",
            )
            for c in grp:
                c.units.append(copy.deepcopy(shared))
                c.declared["members"] += 1
                c.plants.append("member_cap")
                c.notes.append(f"{name}同时参加{len(grp)}个广西创新联合体（办法：至多3个）")
            self.cross.append(
                {
                    "code": "MEMBER_CAP_EXCEEDED",
                    "unit": name,
                    "match": [name],
                    "consortia": [c.name for c in grp],
                    "evidence": str(len(grp)),
                }
            )
        if "conflict_a" in by and "conflict_b" in by:
            a, b = by["conflict_a"][0], by["conflict_b"][0]
            u = copy.deepcopy(next(x for x in a.units[1:] if x.kind == "enterprise"))
            u.code = make_code(rng, "enterprise", u.code[2:8])
            u.tier = "close"
            b.units.insert(len(b.units) - 1, u)
            b.declared["members"] += 1
            b.declared["enterprises"] += 1
            orig = next(x for x in a.units if x.name == u.name)
            for c in (a, b):
                c.plants.append("code_conflict")
                c.notes.append(f"{u.name}在两个联合体中填写了不同的统一社会信用代码（均校验通过）")
            self.cross.append(
                {
                    "code": "CREDIT_CODE_CONFLICT",
                    "unit": u.name,
                    "match": [u.name, orig.code, u.code],
                    "consortia": [a.name, b.name],
                    "evidence": f"{orig.code} / {u.code}",
                }
            )
        if "dup_a" in by and "dup_b" in by:
            a, b = by["dup_a"][0], by["dup_b"][0]
            src = next(x for x in a.units[2:] if x.kind == "enterprise")
            u = copy.deepcopy(src)
            # a homophone slip in the brand, as typed by another clerk
            swaps = {
                "泓": "宏",
                "晟": "盛",
                "骏": "俊",
                "皓": "浩",
                "煜": "昱",
                "澜": "兰",
                "峰": "锋",
                "铂": "博",
                "钧": "均",
                "昊": "浩",
                "嘉": "佳",
                "润": "闰",
                "腾": "滕",
                "锐": "瑞",
                "晖": "辉",
                "嵘": "荣",
                "澄": "城",
                "睿": "锐",
                "达": "答",
                "源": "元",
                "泰": "太",
                "驰": "弛",
                "程": "成",
                "祥": "翔",
                "航": "杭",
                "峻": "骏",
                "邦": "帮",
                "拓": "托",
                "恒": "衡",
                "华": "骅",
                "宇": "语",
                "晨": "辰",
            }
            nm = u.name
            for i, ch in enumerate(nm[2:], 2):
                if ch in swaps:
                    nm = nm[:i] + swaps[ch] + nm[i + 1 :]
                    break
            u.tier = "general"
            b.units.append(u)
            b.alias[u.name] = nm
            b.written_code[u.name] = ""
            b.declared["members"] += 1
            b.declared["enterprises"] += 1
            for c in (a, b):
                c.plants.append("possible_duplicate")
            b.notes.append(f"{nm}（无代码）与{a.name}的{src.name}疑为同一单位；申请表代码栏空白")
            a.notes.append(f"{src.name}与{b.name}中的{nm}疑为同一单位")
            self.cross.append(
                {
                    "code": "POSSIBLE_DUPLICATE_UNIT",
                    "unit": src.name,
                    "match": [src.name, nm],
                    "consortia": [a.name, b.name],
                    "evidence": f"{src.name} / {nm}",
                }
            )

    # -------------------------------------------------------------- documents
    def choose_format(self, kind: str, c: Cons) -> str:
        rng = self.rng
        if kind == "supplementary":
            if self.ocr_budget > 0 and rng.random() < 0.6:
                self.ocr_budget -= 1
                return "image"
            return rng.choice(["docx", "pdf_rl"])
        if kind == "plan":
            opts = ["docx", "pdf_rl", "pdf", "doc"] + (["scan"] if self.ocr_budget > 1 else [])
        elif kind == "agreement":
            opts = ["docx", "pdf", "pdf", "doc"] + (
                ["scan", "scan"] if self.ocr_budget > 1 and len(c.units) <= 9 else []
            )
        else:
            opts = ["docx", "docx", "pdf", "doc", "pdf_rl"]
        f = rng.choice(opts)
        if f == "scan":
            self.ocr_budget -= 1
        return f

    def write_consortium(self, c: Cons):
        rng = self.rng
        w = W(c, rng)
        names = file_names(rng, c)
        sdir = self.out / c.sid
        sdir.mkdir(parents=True, exist_ok=True)
        docs = []
        for kind in ["application", "agreement", "plan", "supplementary"]:
            if kind not in c.docs:
                continue
            if kind == "agreement" and c.bad == "agreement_encrypted":
                d, rec = w.agreement()
                docs.append((kind, d, rec, "encrypted"))
                continue
            d, rec = {
                "application": w.application,
                "agreement": w.agreement,
                "plan": w.plan,
                "supplementary": lambda: w.supplementary(short=True),
            }[kind]()
            docs.append((kind, d, rec, self.choose_format(kind, c)))
        if rng.random() < 0.12 and not c.bad:
            docs.append(("extra", None, None, rng.choice(["zero_byte", "truncated_docx"])))
        for kind, d, rec, fmt in docs:
            self.pending.append((c, kind, d, rec, fmt, sdir / names[kind]))

    def flush(self):
        """Render every pending document, convert in batches, degrade scans, and record the truth."""
        rng = self.rng
        to_pdf, to_doc = [], []
        staged = []
        for c, kind, d, rec, fmt, base in self.pending:
            if fmt in ("docx", "doc", "pdf", "scan", "image"):
                p = base.with_suffix(".docx")
                render_docx(d, p)
                if fmt in ("pdf", "scan", "image"):
                    to_pdf.append(p)
                if fmt == "doc":
                    to_doc.append(p)
            elif fmt == "pdf_rl":
                render_pdf(d, base.with_suffix(".pdf"))
            elif fmt == "encrypted":
                render_pdf(d, base.with_suffix(".pdf"), encrypt="gxkj2024")
            elif fmt == "zero_byte":
                pass
            elif fmt == "truncated_docx":
                pass
            staged.append((c, kind, d, rec, fmt, base))
        if to_pdf:
            media.soffice_convert(to_pdf, "pdf")
        if to_doc:
            media.soffice_convert(to_doc, "doc")
        for c, _kind, _d, rec, fmt, base in staged:
            style = "H"
            bad_kind = None
            ocr = False
            if fmt == "docx":
                path, mt, pages = base.with_suffix(".docx"), "docx", None
            elif fmt == "doc":
                path, mt, pages = base.with_suffix(".doc"), "doc", None
                base.with_suffix(".docx").unlink()
            elif fmt in ("pdf", "pdf_rl"):
                path, mt = base.with_suffix(".pdf"), "pdf"
                pages = media.pdf_pages(path)
                if fmt == "pdf":
                    base.with_suffix(".docx").unlink()
                fmt = "pdf"
            elif fmt == "scan":
                src = base.with_suffix(".pdf")
                if media.pdf_pages(src) > 4:  # too long to scan cheaply: keep it born-digital
                    path, mt, pages, fmt = src, "pdf", media.pdf_pages(src), "pdf"
                    self.ocr_budget += 1
                else:
                    path = base.parent / f"扫描件_{c.filing:%Y%m%d}_{rng.randrange(100, 999)}.pdf"
                    pages, _ = media.scan_pdf(src, path, rng)
                    src.unlink()
                    mt, ocr = "pdf", True
                base.with_suffix(".docx").unlink()
            elif fmt == "image":
                src = base.with_suffix(".pdf")
                stamp = dt.datetime.combine(
                    c.filing, dt.time(rng.randrange(8, 19), rng.randrange(60), rng.randrange(60))
                )
                path = base.parent / rng.choice(
                    [f"IMG_{stamp:%Y%m%d_%H%M%S}.jpg", f"微信图片_{stamp:%Y%m%d%H%M%S}.jpg"]
                )
                media.phone_photo(src, path, rng)
                src.unlink()
                base.with_suffix(".docx").unlink()
                mt, pages, ocr = "image", 1, True
            elif fmt == "encrypted":
                path, mt, pages, bad_kind = base.with_suffix(".pdf"), "pdf", None, "encrypted_pdf"
                fmt = "bad"
            elif fmt in ("zero_byte", "truncated_docx"):
                bad_kind = fmt
                if fmt == "zero_byte":
                    path, mt = base.with_suffix(".pdf"), "pdf"
                    path.write_bytes(b"")
                else:
                    path, mt = base.with_suffix(".docx"), "docx"
                    from blocks import Doc, P

                    dd = Doc()
                    dd.add(
                        *[
                            P("本单位郑重承诺，所提交的申报材料真实、准确、完整，无科研失信行为。" * 3)
                            for _ in range(30)
                        ]
                    )
                    render_docx(dd, path)
                    media.make_bad("truncated_docx", path, path, rng)
                fmt, pages = "bad", None
            else:
                raise ValueError(fmt)
            rel = str(path.relative_to(self.out))
            if bad_kind:
                rec = blank_record()
                rec["doc_type"] = "unreadable"
                rec["flags"] = [
                    {
                        "code": "UNREADABLE",
                        "severity": "error",
                        "message": "文件无法读取",
                        "consortium": None,
                        "unit": None,
                        "document": rel,
                        "evidence": None,
                        "match": [],
                    }
                ]
            for f in rec["flags"]:
                f.setdefault("consortium", c.name if rec["doc_type"] != "unreadable" else None)
                f["document"] = rel
                f.setdefault("match", [])
            h = sha(path)
            rec["source"] = {"path": rel, "sha256": h, "media_type": mt, "pages": pages, "ocr_used": ocr}
            rec = order_record(rec)
            self.documents.append(
                {
                    "path": rel,
                    "sha256": h,
                    "submission": c.sid,
                    "family": "H",
                    "style": style,
                    "format": fmt,
                    "bad_kind": bad_kind,
                    "record": rec,
                }
            )
        self.pending = []

    def submission_entry(self, c: Cons):
        docs = [d["sha256"] for d in self.documents if d["submission"] == c.sid]
        members = [
            {
                "name": c.wname(u),
                "credit_code": c.written_code.get(u.name, u.code) or None,
                "tier": u.tier,
                "kind": u.kind,
                "note": u.note,
            }
            for u in c.units
        ]
        flags = []
        for f in c.sub_flags:
            g = dict(f)
            g.update({"consortium": c.name, "document": None})
            flags.append(g)
        self.submissions.append(
            {
                "id": c.sid,
                "path": c.sid,
                "consortium_name": c.name,
                "jurisdiction": c.juris,
                "rule_version": c.version,
                "family": "H",
                "style": "H",
                "documents": docs,
                "lead_units": [c.wname(c.lead)],
                "members": members,
                "flags": flags,
                "plants": c.plants,
                "truth_notes": c.notes or ["无问题（各项条件均明显满足）"],
            }
        )

    # -------------------------------------------------------------- legacy
    def legacy(self, start: int):
        rng, reg = self.rng, self.reg
        import opencc

        conv = opencc.OpenCC("s2t")
        specs = [("guangxi", ["agreement", "application"]), (rng.choice(["xinjiang", "yunnan"]), ["charter"])]
        for j, (juris, kinds) in enumerate(specs):
            sid = f"S{start + j:02d}"
            sdir = self.out / sid
            sdir.mkdir(parents=True, exist_ok=True)
            aname = legacy.alliance_name(rng, juris)
            units = legacy.alliance_units(rng, reg, juris, rng.randrange(7, 11))
            when = dt.date(rng.randrange(2012, 2019), rng.randrange(1, 13), rng.randrange(1, 28))
            docs, notes = [], []
            for k in kinds:
                if k == "agreement":
                    d, rec, struck = legacy.agreement_with_strike(rng, juris, aname, units, when)
                    notes.append(f"协议书中{struck.name}后注“(要删除)”，该单位不计为成员，也不在签署单位中")
                    docs.append((d, rec, f"{aname}协议书", "docx"))
                elif k == "application":
                    d, rec = legacy.application_prose(rng, juris, aname, units, when + dt.timedelta(days=40))
                    notes.append("申请书成员以“；”分隔，并有“…等企业和…等高校院所”的叙述")
                    docs.append((d, rec, f"{aname}认定申请书", "doc"))
                else:
                    d, rec = legacy.charter_traditional(rng, juris, aname, units, when, conv)
                    notes.append("章程为繁体字，成员逐行列出；名称按所写（繁体）记录")
                    docs.append((d, rec, conv.convert(f"{aname}章程"), "pdf_rl"))
            cname = docs[-1][1]["consortium_name"]
            for d, rec, fname, fmt in docs:
                base = sdir / fname
                lc = Cons(
                    sid,
                    juris,
                    cname,
                    "",
                    ("", [], [], []),
                    units,
                    when,
                    when,
                    ("", ""),
                    None,
                    [],
                    [],
                    [],
                    {},
                    {},
                    {},
                )
                self.pending.append((lc, "legacy", d, rec, fmt, base))
            self.flush()
            for d in self.documents:
                if d["submission"] == sid:
                    d["family"] = "L"
            self.submissions.append(
                {
                    "id": sid,
                    "path": sid,
                    "consortium_name": cname,
                    "jurisdiction": juris,
                    "rule_version": None,
                    "family": "L",
                    "style": "H",
                    "documents": [d["sha256"] for d in self.documents if d["submission"] == sid],
                    "lead_units": [docs[-1][1]["lead_units"][0]],
                    "members": docs[-1][1]["members"],
                    "flags": [],
                    "plants": [],
                    "truth_notes": notes,
                }
            )

    def write_truth(self, extra: dict | None = None):
        truth = {
            "format": "intake-eval-truth/1",
            "generator": {
                "name": "samples/heldout",
                "seed": self.seed,
                "families": ["H", "L"],
                "submissions": len(self.submissions),
                **(extra or {}),
            },
            "documents": self.documents,
            "submissions": self.submissions,
            "cross_flags": self.cross,
        }
        (self.out / "truth.json").write_text(
            json.dumps(truth, ensure_ascii=False, indent=1), encoding="utf-8"
        )


KEY_ORDER = [
    "schema_version",
    "source",
    "doc_type",
    "jurisdiction",
    "consortium_name",
    "industry",
    "lead_units",
    "agreement_effective_date",
    "filing_date",
    "contact",
    "chief_scientist",
    "platform_counts",
    "declared_counts",
    "members",
    "team",
    "platforms",
    "projects",
    "rd",
    "clauses",
    "signatories",
    "flags",
    "extra",
]


def order_record(rec: dict) -> dict:
    return {k: rec[k] for k in KEY_ORDER if k in rec}


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", required=True)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--n-submissions", type=int, default=None)
    ap.add_argument("--seals", action="store_true", help="write the sealed-scan corpus instead")
    a = ap.parse_args(argv)
    out = Path(a.out)
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    if a.seals:
        import seals

        seals.build(out, a.seed, a.n_submissions or 6)
        return 0
    b = Builder(out, a.seed)
    cons = b.make_consortia(a.n_submissions or 30)
    for c in cons:
        b.write_consortium(c)
    b.flush()
    for c in cons:
        b.submission_entry(c)
    b.legacy(len(cons) + 1)
    b.write_truth()
    print(f"wrote {len(b.documents)} documents in {len(b.submissions)} submissions to {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
