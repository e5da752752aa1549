#!/usr/bin/env python3
"""Write realistic sample submissions for every jurisdiction, faithful to the templates in
../shared/seeds/, as .docx, born-digital PDF, scanned PDF and legacy .doc (where LibreOffice is
installed), with the expected values beside them (samples/expected.json) for the tests.

Each submission varies what real paperwork varies: label wordings, column order, name and code
in one cell or two, clause numbering (一、/ 第一条 / 1.), tier lists or a member table, the way R&D
figures are written (1.2亿元, 三十人, 近三年分别为…), scan quality (rotation, noise), and the
official seals stamped on scans (the name along the arc, star, 合同专用章 and number, turned,
unevenly inked): one unit that did not stamp, one that stamped its parent company's seal.

- samples/data.py: the consortia and the set of submissions with their styles
- samples/builders.py: the documents as specs
- samples/media.py: specs rendered as .docx, PDF, scans, .doc
- samples/seals.py: official seals drawn and stamped

    python samples/make_samples.py [--out samples/submissions] [--seed 11]
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from samples.builders import SPEC_OF  # noqa: E402
from samples.data import JURIS, Consortium, consortia, expected_of  # noqa: E402
from samples.media import render_doc, render_docx, render_pdf, render_scan  # noqa: E402

__all__ = ["ROOT", "SPEC_OF", "consortia", "make", "render_docx", "render_pdf", "render_scan", "seal_plan"]

STEMS = {"application": "附件1-组建申请表", "agreement": "附件2-组建协议"}


def stem_of(kind: str, jurisdiction: str) -> str:
    return STEMS.get(kind) or "附件3-" + JURIS[jurisdiction]["plan_word"]


def seal_plan(c: Consortium, kind: str) -> list[tuple[str, str | None, str]]:
    """The seals a scanned document carries: (text of the entry on the page, the name on the seal
    or None where the unit did not stamp, the unit's kind). The lead stamps the cover; every unit
    that signs an agreement stamps its entry in the signature block."""
    plan: list[tuple[str, str | None, str]] = [(f"牵头单位：{c.lead.name}（盖章）", c.lead.name, c.lead.kind)]
    if kind != "agreement":
        return plan
    unsigned = set(c.style.get("unsigned", []))
    missing = set(c.style.get("seal_missing", []))
    other = c.style.get("seal_mismatch", {})
    for m in c.members:
        if m.name in unsigned:
            continue
        name = None if m.name in missing else other.get(m.name, m.name)
        plan.append((f"{m.name}（盖章）", name, m.kind))
    return plan


def make(out: Path, seed: int = 11, with_doc: bool = True) -> dict:
    scan_rng = random.Random(seed + 1)  # scans draw their noise apart, so consortia(seed) stays reproducible
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    expected: dict = {"seed": seed, "submissions": {}}
    for sid, formats, c, _ in consortia(seed):
        folder = out / sid
        folder.mkdir()
        files = {}
        seals: dict[str, list[dict]] = {}
        for kind, fmt in formats.items():
            spec = SPEC_OF[kind](c)
            stem = stem_of(kind, c.jurisdiction)
            if fmt in ("docx", "doc"):
                render_docx(spec, folder / f"{stem}.docx")
                files[kind] = f"{stem}.docx"
                if fmt == "doc" and with_doc and shutil.which("soffice"):
                    if render_doc(folder / f"{stem}.docx", folder / f"{stem}.doc"):
                        (folder / f"{stem}.docx").unlink()
                        files[kind] = f"{stem}.doc"
                        expected["doc_sample"] = f"{sid}/{stem}.doc"
                continue
            with tempfile.TemporaryDirectory() as tmp:
                pdf = Path(tmp) / "x.pdf"
                render_pdf(spec, pdf)
                if fmt == "pdf":
                    shutil.copy(pdf, folder / f"{stem}.pdf")
                else:
                    quality = "noisy" if sid != "YN-C" else "clean"
                    seals[kind] = render_scan(
                        pdf, folder / f"{stem}.pdf", scan_rng, quality, seal_plan(c, kind)
                    )
            files[kind] = f"{stem}.pdf"
        expected["submissions"][sid] = {"files": files, "consortium": expected_of(c), "seals": seals}
    (out.parent / "expected.json").write_text(
        json.dumps(expected, ensure_ascii=False, indent=1), encoding="utf-8"
    )
    return expected


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", default=str(Path(__file__).resolve().parent / "submissions"))
    ap.add_argument("--seed", type=int, default=11)
    ap.add_argument("--no-doc", action="store_true", help="the .doc sample as .docx (no LibreOffice needed)")
    a = ap.parse_args()
    e = make(Path(a.out), a.seed, not a.no_doc)
    print(f"wrote {len(e['submissions'])} submissions to {a.out}")


if __name__ == "__main__":
    main()
