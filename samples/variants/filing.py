"""A consortium's documents: which it files, in which medium, under which file names, built by
the writer of each type."""

from __future__ import annotations

import datetime as dt
import random

import agreement
import application
import plan
import supplementary
from model import Consortium


# ------------------------------------------------------------------------------ documents
def naming(rng: random.Random, c: Consortium) -> str:
    return rng.choice(["attach", "attach", "material", "named", "numbered"])


def doc_plan(rng: random.Random, c: Consortium) -> list[dict]:
    docs: list[dict] = []
    j = c.juris
    has_app = "no_application" not in c.variants
    has_agr = "no_agreement" not in c.variants and (j != "yongchuan" or rng.random() < 0.75 or c.plants)
    has_plan = j in ("xinjiang", "yunnan", "yongchuan") or rng.random() < 0.5
    if "doc_missing_plan" in c.plants:
        has_plan = False
    if has_app:
        docs.append({"type": "application"})
    if has_agr:
        docs.append({"type": "agreement", "encrypted": "encrypted_agreement" in c.plants})
    if has_plan:
        docs.append({"type": "plan"})
    if rng.random() < 0.3 or (has_agr and rng.random() < 0.1):
        docs.append({"type": "supplementary"})
    if "unreadable_extra" in c.plants:
        docs.append({"type": "extra_bad"})
    return docs


def assign_media(rng: random.Random, cons: list[Consortium]) -> None:
    alld = [(c, d) for c in cons for d in c.docs]
    for _c, d in alld:
        d["medium"] = None
        if d["type"] == "extra_bad":
            d["medium"] = "bad"
        if d.get("encrypted"):
            d["medium"] = "bad"
    supps = [(c, d) for c, d in alld if d["type"] == "supplementary"]
    rng.shuffle(supps)
    for _c, d in supps[:3]:
        d["medium"] = "image"
    # scans: short documents of small consortia
    cand = [
        (c, d)
        for c, d in alld
        if d["medium"] is None and d["type"] in ("application", "agreement", "plan") and len(c.members) <= 9
    ]
    rng.shuffle(cand)
    want = {"agreement": 2, "application": 2, "plan": 2}
    for c, d in cand:
        if want.get(d["type"], 0) > 0 and not any(x.get("medium") == "scan" for x in c.docs):
            d["medium"] = "scan"
            want[d["type"]] -= 1
    rest = [(c, d) for c, d in alld if d["medium"] is None]
    rng.shuffle(rest)
    n_doc = max(2, len(rest) // 7)
    for i, (_c, d) in enumerate(rest):
        if i < n_doc:
            d["medium"] = "doc"
        else:
            d["medium"] = "pdf" if rng.random() < 0.42 else "docx"


BAD_CYCLE: list[int] = []


PLAN_FILE = {"guangxi": "建设方案", "xinjiang": "实施方案", "yunnan": "建设方案", "yongchuan": "组建方案"}


def file_names(rng: random.Random, c: Consortium) -> None:
    scheme = naming(rng, c)
    app_word = "认定申请表" if c.version == "2025" else "组建申请表"
    base = {
        "application": app_word,
        "agreement": "组建协议",
        "plan": PLAN_FILE[c.juris],
        "supplementary": "补充协议",
    }
    order = list(range(len(c.docs)))
    rng.shuffle(order)
    cn = "一二三四五六七八"
    scan_no = 1
    for i, d in enumerate(c.docs):
        ext = {"docx": "docx", "pdf": "pdf", "doc": "doc", "scan": "pdf", "image": "jpg", "bad": "pdf"}[
            d["medium"]
        ]
        if d["type"] == "extra_bad":
            BAD_CYCLE.append(1)
            kind = ["truncated_docx", "zero_pdf"][len(BAD_CYCLE) % 2]
            d["bad_kind"] = kind
            d["name"] = rng.choice(["附件5-科研诚信承诺书", "附件6-成员单位承诺书", "营业执照复印件"]) + (
                ".docx" if kind == "truncated_docx" else ".pdf"
            )
            continue
        if d.get("encrypted"):
            d["bad_kind"] = "encrypted_pdf"
        if d["medium"] == "image":
            t = c.filing - dt.timedelta(days=rng.randrange(1, 30))
            d["name"] = f"IMG_{t:%Y%m%d}_{rng.randrange(80000, 180000):06d}.jpg"
            continue
        if d["medium"] == "scan" and rng.random() < 0.6:
            d["name"] = f"扫描件{scan_no}.pdf"
            scan_no += 1
            continue
        word = base[d["type"]]
        if scheme == "attach":
            k = {"application": 1, "agreement": 2, "plan": 3, "supplementary": 4}[d["type"]]
            d["name"] = f"附件{k}-{word}.{ext}"
        elif scheme == "material":
            d["name"] = f"申报材料{cn[order[i]]}.{ext}"
        elif scheme == "named":
            d["name"] = f"{c.industry}创新联合体{word}.{ext}"
        else:
            d["name"] = f"{i + 1}.{word}.{ext}"
    seen: set[str] = set()
    for d in c.docs:
        while d["name"] in seen:
            stem, ext = d["name"].rsplit(".", 1)
            d["name"] = f"{stem}（1）.{ext}"
        seen.add(d["name"])


BUILDERS = {
    "application": application.build,
    "agreement": agreement.build,
    "plan": plan.build,
    "supplementary": supplementary.build,
}


def build_documents(rng: random.Random, c: Consortium) -> None:
    base_opts: dict = {}
    if "rd_staff_low" in c.plants:
        base_opts["staff_distractor"] = True
        base_opts["lead_info_in_basis"] = True
    if c.juris == "guangxi" and c.version == "2021" and (c.variants or rng.random() < 0.5):
        base_opts["lead_info_in_basis"] = True
    if c.juris == "xinjiang" and rng.random() < 0.3:
        base_opts["lead_info_in_basis"] = True
    for d in c.docs:
        if d["type"] == "extra_bad":
            continue
        opts = dict(base_opts)
        compact = d["medium"] in ("scan", "image")
        if compact:
            opts.update(cover="none" if d["type"] == "application" else False, compact=True)
            if d["type"] == "agreement":
                opts["cover"] = False
        # no 填报日期 at all in some applications, but never in 广西, where the date decides which rules apply
        if d["type"] == "application" and c.juris != "guangxi" and rng.random() < 0.1 and not compact:
            opts["no_filing_date"] = True
        doc, rec, style = BUILDERS[d["type"]](c, rng, d["medium"], opts)
        if compact:
            doc.size = 10.5
            doc.margins_cm = (1.8, 1.6, 2.0, 1.8)
            doc.header = None
        d["doc"], d["rec"], d["style"] = doc, rec, style
