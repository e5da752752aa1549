"""The short summary a clerk sees at the end of a run."""

from __future__ import annotations

from collections import Counter
from pathlib import Path


def print_summary(result, out: Path) -> None:
    docs = result.documents
    by_type = Counter(d.doc_type for d in docs)
    sev = Counter(f.severity for f in result.flags)
    codes = Counter(f.code for f in result.flags)
    print(f"{len(docs)} documents in {len(result.submissions)} submissions -> {out}")
    print("  " + ", ".join(f"{k}: {v}" for k, v in sorted(by_type.items())))
    print(f"{'submission':<28} {'jurisdiction':<12} {'docs':>4} {'members':>7} {'errors':>6} {'warnings':>8}")
    sub_flags: dict[str, Counter] = {}
    shas = {s.id: set(s.documents) for s in result.submissions}
    doc_path_sha = {d.source.path: d.source.sha256 for d in docs}
    for f in result.flags:
        sha = doc_path_sha.get(f.document or "")
        for s in result.submissions:
            if (f.consortium and f.consortium == s.consortium_name) or (sha and sha in shas[s.id]):
                sub_flags.setdefault(s.id, Counter())[f.severity] += 1
                break
    for s in result.submissions:
        c = sub_flags.get(s.id, Counter())
        print(
            f"{s.id[:28]:<28} {s.jurisdiction:<12} {len(s.documents):>4} {len(s.members):>7} "
            f"{c['error']:>6} {c['warning']:>8}"
        )
    print(f"flags: {sev['error']} errors, {sev['warning']} warnings, {sev['info']} info")
    if codes:
        print("  " + ", ".join(f"{k} {v}" for k, v in codes.most_common()))
