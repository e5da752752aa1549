"""`intake read`, `intake extract`, `intake rules`: one file, or the rules, looked at."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path


def _print_json(obj) -> None:
    sys.stdout.write(json.dumps(obj, ensure_ascii=False, indent=1) + "\n")


def cmd_read(a: argparse.Namespace) -> int:
    from extractors.errors import ReadError
    from extractors.read import read_bytes
    from models.document import Table

    try:
        doc = read_bytes(Path(a.file).read_bytes())
    except ReadError as e:
        print(f"{a.file}: cannot read ({e.reason}): {e.message}", file=sys.stderr)
        return 1
    if a.json:
        _print_json(doc.model_dump(mode="json"))
        return 0
    print(f"# {a.file}: {doc.media_type}, pages={doc.pages}, ocr={doc.ocr_used}")
    for w in doc.warnings:
        print(f"# warning: {w}")
    for b in doc.blocks:
        p = b.prov
        where = f"p{p.page if p.page is not None else '-'} #{p.order}"
        if p.bbox:
            where += " [" + ",".join(f"{v:.0f}" for v in p.bbox) + "]"
        if p.confidence is not None:
            where += f" conf={p.confidence:.2f}"
        if isinstance(b, Table):
            print(f"{where} TABLE {b.n_rows}x{b.n_cols}")
            for row in b.rows():
                print(
                    "    | "
                    + " | ".join(
                        (
                            c.text.replace("\n", "⏎")
                            + (f"<{c.rowspan}x{c.colspan}>" if c.rowspan > 1 or c.colspan > 1 else "")
                        )
                        for c in row
                    )
                )
        else:
            tag = f" {b.heading_number}" if b.heading_number else ""
            print(f"{where} {p.source}{tag}: {b.text}")
    return 0


def cmd_extract(a: argparse.Namespace) -> int:
    from pipeline.documents import process_file

    rec = process_file(a.file)
    if a.json:
        _print_json(rec.to_contract())
    else:
        d = rec.to_contract()
        print(f"{a.file}: {d['doc_type']} / {d['jurisdiction']} / {d['consortium_name']}")
        print(f"  lead: {'、'.join(d['lead_units'])}; members: {len(d['members'])}; flags: {len(d['flags'])}")
        for f in d["flags"]:
            print(f"  [{f['severity']}] {f['code']}: {f['message']}")
    return 0


def cmd_rules(a: argparse.Namespace) -> int:
    from pipeline.rules import all_packs

    packs = [p for p in all_packs() if a.jurisdiction in (None, p.jurisdiction)]
    if not packs:
        print(f"no rule pack for {a.jurisdiction!r}", file=sys.stderr)
        return 1
    if a.json:
        _print_json([p.describe() for p in packs])
        return 0
    for p in packs:
        lo, hi = p.window()
        window = f"{lo or '…'} – {hi or '…'}"
        print(
            f"{p.jurisdiction} {p.version}: {p.document}  ({p.file}; filings {window}; term {p.term_years or '—'} years)"
        )
        if p.validity:
            print(f"  validity: {p.document}{p.validity.article}：{p.validity.text}")
        print(f"  required documents: {'、'.join(p.required_documents)}")
        for r in p.rules:
            params = r.params.model_dump(exclude_defaults=True)
            th = f" {params}" if params else ""
            th = th if len(th) <= 70 else th[:69] + "…"
            print(
                f"  {r.id:<16} {r.scope:<10} {r.flag or '(checklist)':<26} {r.severity if r.flag else '':<7} {r.check}{th}"
            )
            print(f"      {r.citation(p)}：{r.text}")
        print()
    return 0
