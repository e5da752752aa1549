#!/usr/bin/env python3
"""Held-out corpus generator for intake (see README.md in this folder).

python samples/heldout/generate.py --out DIR --seed N [--n-submissions K] [--seals]
"""

from __future__ import annotations

import argparse
import shutil
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import selfcheck  # noqa: E402
from corpus import Builder  # noqa: E402


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", required=True)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--n-submissions", type=int, default=None)
    ap.add_argument("--seals", action="store_true", help="write the sealed-scan corpus instead")
    a = ap.parse_args(argv)
    out = Path(a.out)
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    if a.seals:
        import seals

        seals.build(out, a.seed, a.n_submissions or 6)
        return 0
    b = Builder(out, a.seed)
    cons = b.make_consortia(a.n_submissions or 30)
    for c in cons:
        b.write_consortium(c)
    b.flush()
    for c in cons:
        b.submission_entry(c)
    b.legacy(len(cons) + 1)
    checked = selfcheck.check(cons, b.submissions, b.documents, b.cross)  # raises on any disagreement
    b.write_truth()
    print(f"wrote {len(b.documents)} documents in {len(b.submissions)} submissions to {out}")
    print(f"self-check passed: truth flags equal the rules recomputed ({checked})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
