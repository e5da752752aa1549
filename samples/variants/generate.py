#!/usr/bin/env python3
"""Blind variant generator: a seeded corpus of 创新联合体 submissions in the format of
../../../shared/devset-cd (one folder per submission + truth.json), covering issue 10's categories of
variation in every jurisdiction and medium. See README.md.

    python samples/variants/generate.py --out DIR --seed N [--n-submissions K] [--no-legacy]
"""

from __future__ import annotations

import argparse
import copy
import hashlib
import json
import random
import shutil
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import legacy  # noqa: E402
import media  # noqa: E402
import rules  # noqa: E402
from builder import Builder  # noqa: E402
from common import doc_flag, reset_cycles  # noqa: E402
from docx_render import render_docx  # noqa: E402
from filing import BAD_CYCLE, assign_media, build_documents, doc_plan, file_names  # noqa: E402
from model import Consortium  # noqa: E402
from planning import make_alliances, make_consortia, plan_corpus  # noqa: E402


# ------------------------------------------------------------------------------ writing
def sha(b: bytes) -> str:
    return hashlib.sha256(b).hexdigest()


def write_corpus(out: Path, seed: int, n: int, with_legacy: bool, workdir: Path) -> dict:
    rng = random.Random(seed)
    BAD_CYCLE.clear()
    reset_cycles()
    t_start = time.time()
    b = Builder(rng)
    slots = plan_corpus(rng, n)
    cons, cross = make_consortia(rng, b, slots)
    for c in cons:
        c.docs = doc_plan(rng, c)
    assign_media(rng, cons)
    for c in cons:
        file_names(rng, c)
        build_documents(rng, c)
    alliances = make_alliances(rng, b, cons, 3) if with_legacy else []
    for a in alliances:
        for d in a.docs:
            d["doc"], d["rec"], d["style"] = legacy.build(a, d["kind"], rng, d["medium"])
            d["name"] = f"{d['rec']['consortium_name']}{d['kind']}.{d['medium']}"
    # ------------------------------------------------------------------ render
    print(f"documents built in {time.time() - t_start:.0f}s", file=sys.stderr)
    items: list[tuple[object, dict]] = [(c, d) for c in cons for d in c.docs] + [
        (a, d) for a in alliances for d in a.docs
    ]
    to_pdf: dict[str, bytes] = {}
    to_doc: dict[str, bytes] = {}
    for k, (_owner, d) in enumerate(items):
        d["key"] = f"d{k:03d}"
        if "doc" not in d:
            continue
        data = render_docx(d["doc"], d["medium"])
        d["docx"] = data
        if d["medium"] in ("pdf", "scan", "image"):
            to_pdf[d["key"]] = data
        elif d["medium"] == "doc":
            to_doc[d["key"]] = data
    t0 = time.time()
    with ThreadPoolExecutor(2) as ex:  # two LibreOffice processes, each with its own profile
        fp = ex.submit(media.soffice_batch, to_pdf, "pdf", workdir)
        fd = ex.submit(media.soffice_batch, to_doc, "doc", workdir)
        pdfs, docs = fp.result(), fd.result()
    print(f"LibreOffice: {len(pdfs)} pdf, {len(docs)} doc in {time.time() - t0:.0f}s", file=sys.stderr)
    t1 = time.time()
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    truth_docs = []
    subs = []
    for owner, d in items:
        sid = owner.sid  # type: ignore[attr-defined]
        folder = out / sid
        folder.mkdir(exist_ok=True)
        rel = f"{sid}/{d['name']}"
        med = d["medium"]
        pages = None
        ocr = False
        extra = {}
        fmt = med
        bad_kind = d.get("bad_kind")
        rec = d.get("rec")
        if med == "bad":
            if bad_kind == "truncated_docx":
                tmp = render_docx(application_stub(owner), "docx")
                data = media.truncated(tmp, rng)
            elif bad_kind == "zero_pdf":
                data = b""
            else:
                data = media.encrypted_pdf(
                    [f"{owner.name}组建协议", "（加密文件）"], "yq" + str(rng.randrange(10**6))
                )  # type: ignore[attr-defined]
            rec = unreadable_record(owner.juris, rel)  # type: ignore[attr-defined]
            media_type = "docx" if bad_kind == "truncated_docx" else "pdf"
        elif med == "docx":
            data, media_type = d["docx"], "docx"
        elif med == "doc":
            data, media_type = docs[d["key"]], "doc"
        elif med == "pdf":
            data, media_type = pdfs[d["key"]], "pdf"
            pages = media.pdf_pages(data)
        elif med == "scan":
            src = pdfs[d["key"]]
            if media.pdf_pages(src) > 4:  # keep OCR cheap: long documents stay born-digital
                data, media_type, fmt = src, "pdf", "pdf"
                pages = media.pdf_pages(src)
            else:
                seals = None
                if rec["doc_type"] == "agreement" and rec["signatories"]:
                    seals = media.find_entries(src, rec["signatories"])
                data, seal_recs, params = media.scan_pdf(src, rng, seals)
                media_type, ocr, pages = "pdf", True, media.pdf_pages(src)
                if rec["doc_type"] == "agreement":
                    extra["seals"] = seal_recs
                d["style"] = {**d["style"], **params}
        elif med == "image":
            src = pdfs[d["key"]]
            seals = media.find_entries(src, rec["signatories"]) if rec["signatories"] else None
            data, seal_recs = media.photo_jpg(src, rng, seals)
            media_type, ocr, pages = "image", True, 1
            if media.pdf_pages(src) > 1:
                raise RuntimeError(f"{rel}: a photographed document must fit one page")
            extra["seals"] = seal_recs
        else:
            raise ValueError(med)
        (out / rel).write_bytes(data)
        h = sha(data)
        rec = copy.deepcopy(rec)
        rec["source"] = {"path": rel, "sha256": h, "media_type": media_type, "pages": pages, "ocr_used": ocr}
        for f in rec["flags"]:
            f["document"] = rel
        if extra:
            rec["extra"] = extra
        d["sha"] = h
        d["final_rec"] = rec
        truth_docs.append(
            {
                "path": rel,
                "sha256": h,
                "submission": sid,
                "family": "L" if isinstance(owner, legacy.Alliance) else "V",
                "style": style_text(d.get("style")),
                "format": fmt if med != "bad" else "bad",
                "bad_kind": bad_kind,
                "record": rec,
            }
        )
    print(f"files written in {time.time() - t1:.0f}s", file=sys.stderr)
    # ------------------------------------------------------------------ submissions and flags
    for c in cons:
        recs = [d["final_rec"] for d in c.docs]
        if not c.notes:
            c.notes.append(
                "无标记：各项规则均满足（成员、门槛、平台、首席科学家、条款、签章均齐全，数值明显高于门槛）"
            )
        flags = rules.submission_flags(c.juris, c.version, c.name, recs)
        check_plants(c, flags, recs, cross)
        subs.append(
            {
                "id": c.sid,
                "path": c.sid,
                "consortium_name": c.name,
                "jurisdiction": c.juris,
                "rules": f"{c.juris}-{c.version or ''}".rstrip("-"),
                "family": "V",
                "documents": [d["sha"] for d in c.docs],
                "lead_units": [u.name for u in c.leads],
                "members": [
                    {"name": u.name, "credit_code": u.code, "tier": u.tier, "kind": u.kind, "note": u.note}
                    for u in c.members
                ],
                "flags": flags,
                "plants": c.plants + c.variants,
                "truth_notes": c.notes,
            }
        )
    for a in alliances:
        recs = [d["final_rec"] for d in a.docs]
        subs.append(
            {
                "id": a.sid,
                "path": a.sid,
                "consortium_name": recs[0]["consortium_name"],
                "jurisdiction": a.juris,
                "rules": "legacy",
                "family": "L",
                "documents": [d["sha"] for d in a.docs],
                "lead_units": recs[0]["lead_units"],
                "members": recs[0]["members"],
                "flags": [],
                "plants": [],
                "truth_notes": a.notes + ["产业技术创新战略联盟：不做创新联合体规则检查，不计入上限"],
            }
        )
    truth = {
        "format": "intake-eval-truth/1",
        "generator": {
            "name": "samples/variants",
            "seed": seed,
            "submissions": n,
            "legacy": len(alliances),
            "families": ["V", "L"],
            "formats": sorted({d["format"] for d in truth_docs}),
        },
        "documents": truth_docs,
        "submissions": subs,
        "cross_flags": cross,
    }
    (out / "truth.json").write_text(json.dumps(truth, ensure_ascii=False, indent=1), encoding="utf-8")
    return truth


def style_text(style: dict | None) -> str:
    if not style:
        return ""
    return ";".join(f"{k}={v}" for k, v in style.items())


def application_stub(owner) -> object:
    from docmodel import Doc, P

    d = Doc()
    d.add(P([f"{owner.name}成员单位科研诚信承诺书"], align="center", bold=True, size=16))
    for _ in range(30):
        d.add(P(["本单位承诺在创新联合体建设和科研活动中严格遵守科研诚信要求，恪守科学道德准则。"]))
    return d


def unreadable_record(juris: str, rel: str) -> dict:
    from common import blank_record

    rec = blank_record("unreadable", "unknown")
    rec["flags"].append(doc_flag("UNREADABLE", "文件无法读取", None, None, None, []))
    return rec


def check_plants(c: Consortium, flags: list[dict], recs: list[dict], cross: list[dict]) -> None:
    """The flags the rules give must be exactly the planted ones: nothing by accident."""
    expect = {
        "members_below_min": "MEMBERS_BELOW_MIN",
        "kinds_few": "MEMBER_KINDS_FEW",
        "ratio_low": "ENTERPRISE_RATIO_LOW",
        "revenue_low": "LEAD_REVENUE_LOW",
        "rd_staff_low": "LEAD_RD_STAFF_LOW",
        "rd_intensity_low_2025": "LEAD_RD_INTENSITY_LOW",
        "rd_not_growing": "RD_NOT_GROWING",
        "self_funding_low": "SELF_FUNDING_LOW",
        "platform_missing": "LEAD_PLATFORM_MISSING",
        "chief_missing": "CHIEF_SCIENTIST_MISSING",
        "lead_not_enterprise": "LEAD_NOT_ENTERPRISE",
        "lead_outside": "LEAD_OUTSIDE_JURISDICTION",
        "doc_mismatch": "DOC_MISMATCH",
        "count_mismatch": "COUNT_MISMATCH",
        "count_mismatch_ent": "COUNT_MISMATCH",
        "doc_missing_plan": "DOCUMENT_MISSING",
        "encrypted_agreement": "DOCUMENT_MISSING",
    }
    want = sorted({expect[p] for p in c.plants if p in expect})
    got = sorted({f["code"] for f in flags})
    if want != got or len(flags) != len(set(f["code"] for f in flags)):
        raise AssertionError(
            f"{c.sid} {c.name}: planted {c.plants} expects {want}, rules give "
            f"{[(f['code'], f['evidence']) for f in flags]}"
        )


def dry_check(seed: int, n: int) -> int:
    """Plan and build every document's record without rendering: the planted flags must come out for
    this seed (fast, for trying many seeds)."""
    rng = random.Random(seed)
    BAD_CYCLE.clear()
    reset_cycles()
    b = Builder(rng)
    cons, cross = make_consortia(rng, b, plan_corpus(rng, n))
    for c in cons:
        c.docs = doc_plan(rng, c)
    assign_media(rng, cons)
    for c in cons:
        file_names(rng, c)
        build_documents(rng, c)
        recs = [unreadable_record(c.juris, "") if d["medium"] == "bad" else d["rec"] for d in c.docs]
        check_plants(c, rules.submission_flags(c.juris, c.version, c.name, recs), recs, cross)
    return len(cons)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", required=True)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--n-submissions", type=int, default=30)
    ap.add_argument("--no-legacy", action="store_true")
    ap.add_argument("--check-seeds", type=int, default=0, help="only plan seeds 1..N and check their plants")
    a = ap.parse_args(argv)
    if a.check_seeds:
        for s in range(1, a.check_seeds + 1):
            dry_check(s, a.n_submissions)
        print(f"seeds 1..{a.check_seeds}: every planted flag and no other")
        return 0
    t0 = time.time()
    work = Path(tempfile.mkdtemp(prefix="variants_"))
    try:
        truth = write_corpus(Path(a.out), a.seed, a.n_submissions, not a.no_legacy, work)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    n_files = len(truth["documents"])
    print(
        f"wrote {len(truth['submissions'])} submissions, {n_files} files to {a.out} in {time.time() - t0:.0f}s"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
