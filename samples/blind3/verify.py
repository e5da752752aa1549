#!/usr/bin/env python3
"""Self-check of a blind3 corpus against its truth.json (intake is never run):

  1. every document record validates against shared/contract/extraction.schema.json, every
     submission record and flag too (truth-only keys such as `match` are allowed by the schema);
  2. every truth value of a Word/PDF file (consortium name, leads, member names, credit codes,
     contact, dates, money, percentages, chief scientist, signatories, team and platform names)
     appears in the text a reader sees in that file, in one of the forms blind3 writes
     (forms.py: full-width, spaced/hyphenated/lower-case codes, 万元/亿元/人民币…元, ％, dates…);
  3. names listed in a document's `absent` (tracked deletions, hidden text, comments) do NOT
     appear in that visible text.

Visible text: .docx read here from the XML (w:del, w:vanish runs and deleted rows dropped,
text boxes and content controls kept, comments not read); .doc/.wps through LibreOffice to
text; born-digital PDF through pypdfium2. Scans and photos are skipped (no OCR here).

    python samples/blind3/verify.py /work/corpora/blind3-dev
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from samples.blind2 import cn  # noqa: E402
from samples.blind3 import forms  # noqa: E402

SCHEMA = Path("/work/shared/contract/extraction.schema.json")
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def docx_text(path: Path) -> str:
    import xml.etree.ElementTree as ET

    root = ET.fromstring(zipfile.ZipFile(path).read("word/document.xml"))
    parent = {c: p for p in root.iter() for c in p}

    def hidden(el):
        while el is not None:
            if el.tag == W + "del":
                return True
            if el.tag == W + "tr":
                trpr = el.find(W + "trPr")
                if trpr is not None and trpr.find(W + "del") is not None:
                    return True
            if el.tag == W + "r":
                rp = el.find(W + "rPr")
                if rp is not None and rp.find(W + "vanish") is not None:
                    return True
            el = parent.get(el)
        return False

    out = []
    for el in root.iter():
        if el.tag == W + "t" and not hidden(el):
            out.append(el.text or "")
        elif el.tag == W + "p":
            out.append("\n")
    return "".join(out)


FOOTER = re.compile(r"^\s*(第\s*\d+\s*页\s*共\s*\d+\s*页|[-－—]\s*\d+\s*[-－—])\s*$")


def pdf_text(path: Path) -> str:
    """Page text with the page furniture taken out: footers (第 X 页 共 Y 页, - X -) and a first
    line repeated at the top of every page (the running header)."""
    import pypdfium2 as pdfium

    d = pdfium.PdfDocument(str(path))
    pages = [d[i].get_textpage().get_text_range().replace("\r", "").split("\n") for i in range(len(d))]
    d.close()
    firsts = [p[0].strip() for p in pages if p]
    header = firsts[0] if len(pages) > 1 and len(set(firsts)) == 1 else None
    out = []
    for p in pages:
        lines = [ln for ln in p if not FOOTER.match(ln)]
        if header and lines and lines[0].strip() == header:
            lines = lines[1:]
        out.append("\n".join(lines))
    return "\n".join(out)


def doc_texts(paths: list[Path]) -> dict[Path, str]:
    if not paths:
        return {}
    out = {}
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        links = []
        for i, p in enumerate(paths):
            q = tmp / f"f{i}.doc"  # .wps files are .doc inside
            q.write_bytes(p.read_bytes())
            links.append(q)
        subprocess.run(
            [
                "soffice",
                f"-env:UserInstallation=file://{tmp}/prof",
                "--headless",
                "--convert-to",
                "txt:Text (encoded):UTF8",
                "--outdir",
                str(tmp / "o"),
            ]
            + [str(x) for x in links],
            capture_output=True,
            timeout=600,
        )
        for p, q in zip(paths, links):
            o = tmp / "o" / (q.stem + ".txt")
            out[p] = o.read_text(encoding="utf-8-sig") if o.exists() else ""
    return out


def squash(s: str) -> str:
    return re.sub(r"\s+", "", s or "")


def date_forms(iso: str) -> set[str]:
    y, m, d = (int(x) for x in iso.split("-"))
    return {forms.date((y, m, d), f) for f in forms.DATE_FORMS + ["dots", "slash"]} | {
        cn.date_text((y, m, d), f) for f in cn.DATE_STYLES
    }


def money_forms(yuan: float) -> set[str]:
    out = {forms.money(yuan, f) for f in forms.MONEY_FORMS}
    return {x.replace("万元", "").replace("亿元", "") if False else x for x in out}


def pct_forms(p: float) -> set[str]:
    return {forms.pct(p, f) for f in ("fw", "fwsign", "two_dec", "plain")}


def code_forms(c: str) -> set[str]:
    return {forms.code_text(c, f) for f in forms.CODE_FORMS}


ACROSS: list[str] = []


def found(text: str, cands) -> bool:
    """In the text, or (for values cut by a page break with a repeated table header between the
    two parts) as a head followed within 300 characters by the tail."""
    cands = [squash(c) for c in cands]
    if any(c in text for c in cands):
        return True
    for c in cands:
        for k in range(2, len(c) - 1):
            i = text.find(c[:k])
            while i >= 0:
                if c[k:] in text[i + k : i + k + 300]:
                    ACROSS.append(c)
                    return True
                i = text.find(c[:k], i + 1)
    return False


def check_record(rec: dict, text: str) -> list[str]:
    t = squash(text)
    errs = []

    def need(label, cands):
        cands = [c for c in cands if c]
        if cands and not found(t, cands):
            errs.append(f"{label}: none of {sorted(set(cands))[:4]} in the text")

    need("consortium_name", [rec["consortium_name"]])
    if rec["industry"]:
        need("industry", [rec["industry"]])
    for x in rec["lead_units"]:
        need("lead", [x])
    for m in rec["members"]:
        need("member", [m["name"]])
        if m["credit_code"]:
            need(f"code of {m['name']}", code_forms(m["credit_code"]))
    for k in ("filing_date", "agreement_effective_date"):
        if rec[k]:
            need(k, date_forms(rec[k]))
    c = rec["contact"]
    if c["person"]:
        need("contact.person", [c["person"]])
    if c["phone"]:
        need("contact.phone", [c["phone"]])
    ch = rec["chief_scientist"]
    if ch["name"]:
        need("chief", [ch["name"]])
        need("chief title", [ch["title"]])
    rd = rec["rd"]
    if rd["revenue_cny"]:
        need("revenue", money_forms(rd["revenue_cny"]))
    for e in rd["rd_expense_cny"]:
        need(f"rd {e['year']}", money_forms(e["amount_cny"]))
        if e["year"]:
            need("rd year", [f"{e['year']}年", forms.fullwidth(str(e["year"])) + "年"])
    if rd["rd_intensity_pct"]:
        need("intensity", pct_forms(rd["rd_intensity_pct"]))
    if rd["rd_staff"]:
        need("rd_staff", [f"{rd['rd_staff']}人", f"{rd['rd_staff']}名"])
    if rd["self_funding_ratio"]:
        need("self_funding", [f"{rd['self_funding_ratio']:g}:1"])
    dc = rec["declared_counts"]
    if dc["members"] is not None:
        need(
            "declared members",
            [str(dc["members"]), cn.int_cn(dc["members"]), forms.fullwidth(str(dc["members"]))],
        )
    for s in rec["signatories"]:
        need("signatory", [s])
    for r in rec["team"]:
        need("team", [r["name"]])
    for r in rec["platforms"]:
        need("platform", [r["name"]])
    return errs


def main(argv=None):
    import jsonschema

    corpus = Path((argv or sys.argv[1:])[0])
    truth = json.loads((corpus / "truth.json").read_text(encoding="utf-8"))
    assert truth["format"] == "intake-eval-truth/1"
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    defs = schema["$defs"]

    def validator(name):
        return jsonschema.Draft202012Validator({"$defs": defs, "$ref": f"#/$defs/{name}"})

    dv, sv, fv = validator("document"), validator("submission"), validator("flag")
    problems = []
    for d in truth["documents"]:
        for e in dv.iter_errors(d["record"]):
            problems.append(f"{d['path']}: schema: {e.message}")
        p = corpus / d["path"]
        if not p.exists() or __import__("hashlib").sha256(p.read_bytes()).hexdigest() != d["sha256"]:
            problems.append(f"{d['path']}: missing or sha256 differs")
    for s in truth["submissions"]:
        for e in sv.iter_errors(s):
            problems.append(f"{s['id']}: submission schema: {e.message}")
        for f in s["flags"]:
            for e in fv.iter_errors(f):
                problems.append(f"{s['id']}: flag schema: {e.message}")
    docs = [d for d in truth["documents"] if d["format"] not in ("scan", "image", "bad")]
    doc_like = [corpus / d["path"] for d in docs if d["format"] == "doc"]
    dt = doc_texts(doc_like)
    checked = 0
    for d in docs:
        p = corpus / d["path"]
        if d["format"] == "docx":
            text = docx_text(p)
        elif d["format"] == "pdf":
            text = pdf_text(p)
        else:
            text = dt.get(p, "")
        if not text.strip():
            problems.append(f"{d['path']}: no text read")
            continue
        for e in check_record(d["record"], text):
            problems.append(f"{d['path']}: {e}")
        for a in d.get("absent", []):
            if squash(a) in squash(text):
                problems.append(f"{d['path']}: {a} must not be visible but is")
        checked += 1
    skipped = len(truth["documents"]) - checked
    for p in problems:
        print("PROBLEM", p)
    print(
        f"{corpus}: {len(truth['documents'])} records valid against the schema"
        f"{' (with problems above)' if problems else ''}; {checked} Word/PDF files checked against their text, "
        f"{skipped} scans/photos skipped; {len(problems)} problems; "
        f"{len(ACROSS)} values found only in two parts across a page break: {ACROSS[:6]}"
    )
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
