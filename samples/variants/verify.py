#!/usr/bin/env python3
"""Check a generated corpus against its own truth: every record validates against the contract's
schema, every file's sha256 matches, and the text of each Word and born-digital PDF file contains what
its truth record says (names, codes, signatories, clause headings, the labelled 填报日期).

    python samples/variants/verify.py DIR [--schema ../shared/contract/extraction.schema.json]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import sys
import zipfile
from pathlib import Path

import pypdfium2 as pdfium
from stdnum.cn import uscc

sys.path.insert(0, str(Path(__file__).resolve().parent))
from textfmt import MONEY_STYLES, cn_int, fmt_money, fmt_pct, money_ok, ratio_text  # noqa: E402

DEFAULT_SCHEMA = Path(__file__).resolve().parents[3] / "shared" / "contract" / "extraction.schema.json"


def docx_text(data: bytes) -> str:
    with zipfile.ZipFile(__import__("io").BytesIO(data)) as z:
        xml = z.read("word/document.xml").decode("utf-8")
    xml = re.sub(r"<mc:Fallback>.*?</mc:Fallback>", "", xml, flags=re.S)  # text boxes once
    xml = re.sub(r"</w:p>|<w:br/>|<w:tab/>", "\n", xml)
    return re.sub(r"<[^>]+>", "", xml)


def pdf_text(data: bytes) -> str:
    doc = pdfium.PdfDocument(data)
    return "\n".join(doc[i].get_textpage().get_text_range() for i in range(len(doc)))


def squash(s: str) -> str:
    return re.sub(r"\s+", "", s).replace("（", "(").replace("）", ")")


def interleaved(s: str, text: str) -> bool:
    """``s`` read in order within a short stretch of ``text``: a cell's lines interleaved with its
    neighbours' (PDF reading order) or a row continued on the next page after the repeated header."""
    start = text.find(s[: max(2, len(s) // 3)])
    while start >= 0:
        i, j = start, 0
        limit = start + 40 * len(s) + 400
        while i < len(text) and i < limit and j < len(s):
            if text[i] == s[j]:
                j += 1
            i += 1
        if j == len(s):
            return True
        start = text.find(s[: max(2, len(s) // 3)], start + 1)
    return False


DATE_FORMS = [
    lambda y, m, d: f"{y}年{m}月{d}日",
    lambda y, m, d: f"{y}年{m:02d}月{d:02d}日",
    lambda y, m, d: f"{y}.{m}.{d}",
    lambda y, m, d: f"{y}.{m:02d}.{d:02d}",
    lambda y, m, d: f"{y}/{m}/{d}",
    lambda y, m, d: f"{y}-{m:02d}-{d:02d}",
]


def date_in(text: str, iso: str) -> bool:
    import cn2an

    y, m, d = (int(x) for x in iso.split("-"))
    forms = [f(y, m, d) for f in DATE_FORMS]
    cn = "".join("〇一二三四五六七八九"[int(c)] for c in str(y)) + f"年{cn2an.an2cn(m)}月{cn2an.an2cn(d)}日"
    forms.append(cn)
    return any(squash(f) in text for f in forms)


def stats(truth: dict) -> list[str]:
    """How many instances of each category of variation the corpus holds, and in which media."""
    from collections import Counter, defaultdict

    cat: dict[str, Counter] = defaultdict(Counter)
    for td in truth["documents"]:
        st = dict(kv.split("=", 1) for kv in td["style"].split(";") if "=" in kv)
        rec, fmt = td["record"], td["format"]
        t = rec["doc_type"]

        def add(name: str, cond: bool = True, fmt: str = fmt) -> None:
            if cond:
                cat[name][fmt] += 1

        add(f"format {fmt}")
        if t == "application":
            add(f"application basic data: {st.get('basic')}")
            add(f"application member list: {st.get('members')}")
            add(f"application member tiers: {st.get('tiers')}")
            add("member table split over pages with （续表）", st.get("split") == "continued")
            add("member table with repeated header row", st.get("split") == "repeat")
            add(f"application cover: {st.get('cover')}")
            add(f"filing date written as: {st.get('date')}", rec["filing_date"] is not None)
            add("counts in Chinese numerals", st.get("cn_counts") == "True")
            add("text box on the cover", st.get("textbox") == "True")
            add("check boxes", st.get("checkboxes") == "True")
        if t in ("application", "plan", "agreement"):
            add(f"headings: {st.get('heading')}")
        if "rd" in st:
            shape, years, cnstaff, exp, staff, money, pct = st["rd"].split("/")
            add("staff in Chinese numerals", cnstaff == "cn-staff")
            add(f"R&D spending written as {exp}")
            add(f"lead figures as {shape}")
            add("近三年 R&D without years", years == "no-years")
            add("研发人员 total vs 专职 distractor", staff == "staff-distractor")
            add(f"revenue written as {money}")
            add(f"percentage written as {pct}")
        if t == "agreement":
            add(f"participants: {st.get('participants')}")
            add(f"seal block: {st.get('seal')}")
            add("merged clause headings", st.get("merged", "[]") != "[]")
            add("clause substance under a heading that does not name it", st.get("neutral", "None") != "None")
            add("effective date stated (本协议自…起生效)", rec["agreement_effective_date"] is not None)
            add("credit codes in the agreement", st.get("codes") == "True")
            for k, c in rec["clauses"].items():
                add(
                    f"clause {k} missing", not c["present"] and k not in ("dissolution", "dispute_resolution")
                )
                add(f"clause {k} empty", c["present"] and not c["filled"])
        if t == "legacy_alliance":
            add(f"legacy list: {st.get('list')}")
            add("legacy traditional characters", st.get("traditional") == "True")
        for f in rec["flags"]:
            add(f"document flag {f['code']}")
    for s in truth["submissions"]:
        for f in s["flags"]:
            cat[f"submission flag {f['code']}"]["-"] += 1
    for f in truth.get("cross_flags", []):
        cat[f"cross flag {f['code']}"]["-"] += 1
    out = []
    for name in sorted(cat):
        c = cat[name]
        media = ", ".join(f"{k} {v}" for k, v in sorted(c.items()))
        out.append(f"| {name} | {sum(c.values())} | {media} |")
    return out


def main(argv=None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("corpus")
    ap.add_argument("--schema", default=str(DEFAULT_SCHEMA))
    ap.add_argument("--stats", action="store_true", help="print the table of categories and media")
    a = ap.parse_args(argv)
    import jsonschema

    root = Path(a.corpus)
    truth = json.loads((root / "truth.json").read_text(encoding="utf-8"))
    schema = json.loads(Path(a.schema).read_text(encoding="utf-8"))
    validator = jsonschema.Draft202012Validator(schema)
    problems: list[str] = []
    checked = 0
    for td in truth["documents"]:
        rec = td["record"]
        path = root / td["path"]
        for e in validator.iter_errors(rec):
            problems.append(f"{td['path']}: schema: {e.message[:120]}")
        data = path.read_bytes()
        if hashlib.sha256(data).hexdigest() != td["sha256"]:
            problems.append(f"{td['path']}: sha256 differs from truth")
        for m in rec["members"]:
            if m["credit_code"] and not uscc.is_valid(m["credit_code"]):
                if not any(
                    f["code"] == "CREDIT_CODE_INVALID" and f["evidence"] == m["credit_code"]
                    for f in rec["flags"]
                ):
                    problems.append(f"{td['path']}: invalid code {m['credit_code']} without a planted flag")
        if td["format"] not in ("docx", "pdf"):
            continue
        text = squash(docx_text(data) if td["format"] == "docx" else pdf_text(data))
        checked += 1

        def need(s: str | None, what: str, text: str = text, where: str = td["path"]) -> None:
            if s and squash(s) not in text and not interleaved(squash(s), text):
                problems.append(f"{where}: {what} not in text: {s}")

        need(rec["consortium_name"], "consortium_name")
        for n in rec["lead_units"]:
            need(n, "lead")
        for m in rec["members"]:
            need(m["name"], "member")
            need(m["credit_code"], "credit code")
        for s in rec["signatories"]:
            need(s, "signatory")
        for k, c in rec["clauses"].items():
            if c["present"] and c["heading"]:
                need(c["heading"], f"clause heading {k}")
        for t in rec["team"]:
            need(t["name"], "team member")
            need(t["employer"], "team employer")
        for p in rec["platforms"]:
            need(p["name"], "platform")
        if rec["filing_date"]:
            if "填报日期" not in text:
                problems.append(f"{td['path']}: filing_date without a 填报日期 label")
            elif not date_in(text, rec["filing_date"]):
                problems.append(f"{td['path']}: filing_date {rec['filing_date']} not written")
        elif "填报日期" in text:
            problems.append(f"{td['path']}: a 填报日期 label but no filing_date in truth")
        if rec["agreement_effective_date"] and not date_in(text, rec["agreement_effective_date"]):
            problems.append(f"{td['path']}: effective date {rec['agreement_effective_date']} not written")
        rd = rec["rd"]

        def written(forms: list[str], what: str, text: str = text, where: str = td["path"]) -> None:
            if forms and not any(squash(f) in text for f in forms):
                problems.append(f"{where}: {what} not written in any form: {forms[:3]}")

        if rd["revenue_cny"] is not None:
            v = int(rd["revenue_cny"])
            written([fmt_money(v, s) for s in MONEY_STYLES if money_ok(v, s)], "revenue")
        for e in rd["rd_expense_cny"]:
            v = int(e["amount_cny"])
            written([fmt_money(v, s) for s in MONEY_STYLES if money_ok(v, s)], "R&D expense")
        if rd["rd_staff"] is not None:
            written([str(rd["rd_staff"]), cn_int(rd["rd_staff"])], "rd_staff")
        if rd["rd_intensity_pct"] is not None:
            written([fmt_pct(rd["rd_intensity_pct"], s) for s in ("plain", "full", "cn")], "intensity")
        if rd["self_funding_ratio"] is not None:
            written(
                [ratio_text(rd["self_funding_ratio"], s) for s in ("colon", "fullcolon", "bi")],
                "self-funding ratio",
            )
        if rec["chief_scientist"]["name"]:
            need(rec["chief_scientist"]["name"], "chief scientist")
            need(rec["chief_scientist"]["title"], "chief title")
        if rec["contact"]["person"]:
            need(rec["contact"]["person"], "contact")
    # no two different units within two edits of each other, except a planted possible duplicate
    from rapidfuzz.distance import Levenshtein

    planted = {
        frozenset(squash(x) for x in f["match"])
        for f in truth.get("cross_flags", [])
        if f["code"] == "POSSIBLE_DUPLICATE_UNIT"
    }
    names = sorted({squash(m["name"]) for td in truth["documents"] for m in td["record"]["members"]})
    for i, x in enumerate(names):
        for y in names[i + 1 :]:
            if Levenshtein.distance(x, y) <= 2 and frozenset((x, y)) not in planted:
                problems.append(f"near-duplicate unit names: {x} / {y}")
    for s in truth["submissions"]:
        if not (root / s["path"]).is_dir():
            problems.append(f"{s['id']}: folder missing")
    if a.stats:
        print("\n".join(stats(truth)))
    for p in problems[:80]:
        print(p)
    print(f"{len(truth['documents'])} records, {checked} files text-checked, {len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
