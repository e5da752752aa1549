"""The corpus being written: its consortia, their documents in their media and formats, the
submissions' truth and the legacy alliances."""

from __future__ import annotations

import datetime as dt
import json
import random
from pathlib import Path

import legacy
from filing import Filing
from model import Cons
from planning import Planning
from pool import Registry


class Builder(Planning, Filing):
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
