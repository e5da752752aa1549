#!/usr/bin/env python3
"""CPU time of reading and extracting a typical .docx submission (application, agreement, plan),
against python-docx merely opening the same files, in the same run.

    python bench/extract.py [--corpus ../shared/devset] [--repeat 5]
"""

from __future__ import annotations

import argparse
import io
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--corpus", default=str(ROOT.parent / "shared" / "devset"))
    ap.add_argument("--repeat", type=int, default=5)
    a = ap.parse_args()
    import docx

    from extractors.extract import extract_document
    from extractors.fields.rd import nlp_and_matcher
    from extractors.read import read_bytes
    from models.record import Source

    nlp_and_matcher()  # spaCy + jieba start-up, once per process
    subs = []
    for d in sorted(Path(a.corpus).iterdir()):
        files = sorted(d.glob("*.docx")) if d.is_dir() else []
        if len(files) >= 2:
            subs.append((d.name, [f.read_bytes() for f in files]))
    print(f"{len(subs)} submissions with two or more .docx files, {a.repeat} rounds each")
    ours = base = 0.0
    worst = 0.0
    for name, blobs in subs:
        t = time.process_time()
        for _ in range(a.repeat):
            for b in blobs:
                docx.Document(io.BytesIO(b))
        b_t = (time.process_time() - t) / a.repeat
        t = time.process_time()
        for _ in range(a.repeat):
            for b in blobs:
                extract_document(read_bytes(b), Source(path="x.docx", sha256="0" * 64))
        o_t = (time.process_time() - t) / a.repeat
        ours += o_t
        base += b_t
        worst = max(worst, o_t)
        print(
            f"  {name}: {len(blobs)} files  read+extract {o_t * 1000:6.1f} ms CPU   python-docx open {b_t * 1000:6.1f} ms   "
            f"ratio {o_t / b_t:5.2f}"
        )
    n = len(subs)
    print(
        f"mean per submission: {ours / n * 1000:.1f} ms CPU (target < 200 ms); worst {worst * 1000:.1f} ms; "
        f"x{ours / base:.2f} python-docx's open"
    )


if __name__ == "__main__":
    main()
