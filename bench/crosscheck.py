#!/usr/bin/env python3
"""Cross-consortium checks on registries of 1k, 10k and 100k memberships.

Each registry is a real SQLite registry (the project's tables, filled in bulk): units with codes,
some written two ways and some near-duplicates, consortia in all four jurisdictions, a share of them
legacy or old, memberships with tiers. The timed part is what a run does after recording: load the
snapshot and run every cross-consortium check. Ratios between sizes show how it grows
(near-linear: x10 memberships ~ x10 time).

    python bench/crosscheck.py [--sizes 1000 10000 100000]
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from stdnum.cn import uscc as std  # noqa: E402

from extractors.text import key  # noqa: E402
from models.tables import Consortium, Membership, Submission, Unit, UnitCode, UnitName  # noqa: E402
from pipeline import settings  # noqa: E402
from pipeline.crosscheck import cross_checks  # noqa: E402
from pipeline.registry import Registry  # noqa: E402

JURS = [("guangxi", "45"), ("xinjiang", "65"), ("yunnan", "53"), ("yongchuan", "50")]
WORDS = "华信恒达金桥鼎新瑞丰宏源博宇天成汇通嘉禾中冶力拓兴业德润昌隆凤凰红水锦华富川睿科"


def code(rng: random.Random, div: str) -> str:
    alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY"
    body = "91" + div + "".join(rng.choice(alphabet) for _ in range(9))
    return body + std.calc_check_digit(body)


def build(url: str, memberships: int, seed: int = 7) -> None:
    rng = random.Random(seed)
    n_units = max(50, memberships // 4)
    n_cons = max(10, memberships // 10)
    reg = Registry.open(url)
    with reg.Session.begin() as s:
        units, names, codes = [], [], []
        for i in range(1, n_units + 1):
            jur, div = rng.choice(JURS)
            name = f"{rng.choice(['南宁', '柳州', '昆明', '乌鲁木齐', '重庆'])}{''.join(rng.sample(WORDS, 3))}{i}科技有限公司"
            units.append({"id": i, "canonical_name": name, "name_key": key(name), "kind": "enterprise"})
            names.append({"unit_id": i, "name": name, "name_key": key(name)})
            c = code(rng, div + "0100")
            codes.append({"unit_id": i, "code": c, "valid": True})
            if rng.random() < 0.01:  # a second way of writing the name
                alt = name.replace("科技", "科技股份", 1)
                names.append({"unit_id": i, "name": alt, "name_key": key(alt)})
        # planted near-duplicates: a copy of a unit's name with one character mistyped, no code
        planted = rng.sample(range(1, n_units + 1), max(3, n_units // 200))
        taken = {x["name_key"] for x in names}
        for j, src in enumerate(planted):
            uid = n_units + 1 + j
            name = units[src - 1]["canonical_name"]
            pos = rng.randrange(2, 5)
            typo = name[:pos] + "沣" + name[pos + 1 :]
            if key(typo) in taken or typo == name:
                typo = name[:pos] + "禹" + name[pos + 1 :]
            taken.add(key(typo))
            units.append({"id": uid, "canonical_name": typo, "name_key": key(typo), "kind": "enterprise"})
            names.append({"unit_id": uid, "name": typo, "name_key": key(typo)})
        build.planted = len(planted)  # type: ignore[attr-defined]
        n_units += len(planted)
        s.execute(Unit.__table__.insert(), units)
        s.execute(UnitName.__table__.insert(), names)
        s.execute(UnitCode.__table__.insert(), codes)
        cons, subs = [], []
        for i in range(1, n_cons + 1):
            jur, _ = rng.choice(JURS)
            filing = dt.date(rng.choice([2020, 2022, 2024, 2025]), rng.randint(1, 12), rng.randint(1, 28))
            name = f"{jur}第{i}创新联合体"
            cons.append(
                {
                    "id": i,
                    "name": name,
                    "name_key": key(name),
                    "jurisdiction": jur,
                    "legacy": rng.random() < 0.1,
                    "status": "current",
                    "filing_date": filing,
                    "effective_date": filing,
                }
            )
            subs.append(
                {
                    "id": i,
                    "consortium_id": i,
                    "label": name,
                    "fingerprint": f"{i:064x}",
                    "version": 1,
                    "current": True,
                    "record": {},
                }
            )
        s.execute(Consortium.__table__.insert(), cons)
        s.execute(Submission.__table__.insert(), subs)
        rows = []
        per = memberships // n_cons
        for c_id in range(1, n_cons + 1):
            members = rng.sample(range(1, n_units + 1), per)
            for j, u in enumerate(members):
                rows.append(
                    {
                        "submission_id": c_id,
                        "consortium_id": c_id,
                        "unit_id": u,
                        "name_as_written": "",
                        "code_as_written": None,
                        "tier": "lead" if j == 0 else rng.choice(["core", "close", "general"]),
                        "current": True,
                    }
                )
        s.execute(Membership.__table__.insert(), rows)
    reg.close()


def timed_checks(url: str) -> tuple[float, int, int, int]:
    reg = Registry.open(url)
    t = time.perf_counter()
    with reg.Session() as s:
        rows, units = reg.snapshot(s)
    flags = cross_checks(rows, units, settings.as_of())
    elapsed = time.perf_counter() - t
    reg.close()
    dups = sum(1 for f in flags if f.code == "POSSIBLE_DUPLICATE_UNIT")
    return elapsed, len(rows), len(flags), dups


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000, 100000])
    a = ap.parse_args()
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        for n in a.sizes:
            url = f"sqlite:///{Path(tmp) / f'r{n}.db'}"
            t0 = time.perf_counter()
            build(url, n)
            built = time.perf_counter() - t0
            secs, rows, flags, dups = timed_checks(url)
            results.append((n, secs))
            print(
                f"{n:>7} memberships: built in {built:5.1f} s; snapshot + cross-checks {secs:6.2f} s "
                f"({rows} current memberships, {flags} flags; near-duplicates found {dups} "
                f"of {build.planted} planted)"
            )  # type: ignore[attr-defined]
    base_n, base_t = results[0]
    print("growth against the smallest registry (same run):")
    for n, t in results[1:]:
        print(f"  x{n / base_n:>5.0f} memberships -> x{t / base_t:6.1f} time")
    big = [t for n, t in results if n >= 100000]
    if big:
        print(f"100k case: {big[0]:.2f} s ({'under' if big[0] < 10 else 'OVER'} the 10 s target)")


if __name__ == "__main__":
    main()
