#!/usr/bin/env python3
"""Self-check of a generated corpus (the generator's own files, never intake): every name the
truth gives for a born-digital document is written in it, and no unit whose signature is
planted as missing appears after the start of the signature block.

    python samples/blind2/verify.py /work/corpora/blind2-dev
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import tempfile
from pathlib import Path


def flat(s: str) -> str:
    return re.sub(r"\s+", "", s)


def text_of(path: Path, tmp: Path) -> str | None:
    if path.suffix == ".docx":
        import docx

        d = docx.Document(str(path))
        out = [p.text for p in d.paragraphs]
        for t in d.tables:
            for r in t.rows:
                for c in r.cells:
                    out.append(c.text)
        # keep body order for the signature check: paragraphs and tables interleaved
        body = []
        from docx.table import Table
        from docx.text.paragraph import Paragraph

        for el in d.element.body.iterchildren():
            if el.tag.endswith("}p"):
                body.append(Paragraph(el, d).text)
            elif el.tag.endswith("}tbl"):
                for r in Table(el, d).rows:
                    seen = []
                    for c in r.cells:
                        if not seen or seen[-1] != c.text:
                            seen.append(c.text)
                    body += seen
        return "\n".join(body)
    if path.suffix == ".pdf":
        import pypdfium2 as pdfium

        try:
            d = pdfium.PdfDocument(str(path))
        except Exception:
            return None
        return "\n".join(d[i].get_textpage().get_text_range() for i in range(len(d)))
    if path.suffix == ".doc":
        subprocess.run(
            [
                "soffice",
                f"-env:UserInstallation=file://{tmp}/p",
                "--headless",
                "--convert-to",
                "docx",
                "--outdir",
                str(tmp),
                str(path),
            ],
            capture_output=True,
            timeout=300,
        )
        return text_of(tmp / (path.stem + ".docx"), tmp)
    return None


def main(corpus: str) -> int:
    root = Path(corpus)
    truth = json.loads((root / "truth.json").read_text(encoding="utf-8"))
    bad = 0
    warn = 0
    with tempfile.TemporaryDirectory() as tmp:
        for d in truth["documents"]:
            if d["format"] not in ("docx", "pdf", "doc"):
                continue
            r = d["record"]
            txt = text_of(root / d["path"], Path(tmp))
            if txt is None:
                print("UNREAD", d["path"])
                bad += 1
                continue
            f = flat(txt)
            need = [r["consortium_name"]] + r["lead_units"] + [m["name"] for m in r["members"]]
            need += [t["name"] for t in r["team"]] + [p["name"] for p in r["platforms"]]
            if r["chief_scientist"]["name"]:
                need += [r["chief_scientist"]["name"], r["chief_scientist"]["title"]]
            for m in r["members"]:
                if m["credit_code"]:
                    need.append(m["credit_code"])
            for n in need:
                if flat(n) not in f:
                    # a name wrapped inside a table cell beside another cell can be read out of order
                    level = "WARN" if d["format"] == "pdf" else "MISSING"
                    print(level, d["path"], n)
                    if level == "WARN":
                        warn += 1
                    else:
                        bad += 1
            if r["doc_type"] == "agreement":
                h = r["clauses"]["signatures"]["heading"]
                marks = [x for x in (h, "以下无正文") if x]
                pos = max((f.rfind(flat(x)) for x in marks), default=-1)
                if pos < 0:
                    print("NO SIGNATURE MARK", d["path"])
                    bad += 1
                tail = f[pos:]
                for fl in r["flags"]:
                    if fl["code"] == "SIGNATURE_MISSING" and flat(fl["unit"]) in tail:
                        print("UNSIGNED UNIT IN BLOCK", d["path"], fl["unit"])
                        bad += 1
                for s in r["signatories"]:
                    if flat(s) not in tail and d["format"] != "pdf":
                        print("SIGNATORY NOT IN BLOCK", d["path"], s)
                        bad += 1
    print(f"{corpus}: {bad} problems, {warn} warnings")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
