#!/usr/bin/env python3
"""Cross-consortium checks on registries of 1k to 1M memberships, on SQLite and PostgreSQL.

Each registry is a real registry (the project's tables, filled in bulk): units with codes, some
written two ways and some near-duplicates, consortia in all four jurisdictions, a share of them
legacy or old, memberships with tiers. Timed on each:

- full: every cross-consortium check over the whole registry and the flags stored (what
  `intake recheck` does after a rule pack changes), with the process's peak memory;
- incremental: recording one new submission of 10 members (7 of them units already in the
  registry) with the checks of the units it touches, as every batch does.

Ratios between sizes show how the full check grows (near-linear: x10 memberships ~ x10 time).
PostgreSQL: --pg URL, or a throwaway server started here (tests/pg.py) with --pg auto.

    python bench/crosscheck.py [--sizes 1000 10000 100000 1000000] [--pg auto|URL] [--no-sqlite]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import func, select  # noqa: E402
from stdnum.cn import uscc as std  # noqa: E402

import settings  # noqa: E402
from extractors.text import key  # noqa: E402
from models.record import Member, SubmissionRecord  # noqa: E402
from models.tables import Consortium, Membership, Submission, Unit, UnitCode, UnitName  # noqa: E402
from pipeline import crosscheck  # noqa: E402
from pipeline.recording import record_submission  # noqa: E402
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
            names.append({"unit_id": i, "name": name, **crosscheck.name_columns(name)})
            c = code(rng, div + "0100")
            codes.append({"unit_id": i, "code": c, "valid": True})
            if rng.random() < 0.01:  # a second way of writing the name
                alt = name.replace("科技", "科技股份", 1)
                names.append({"unit_id": i, "name": alt, **crosscheck.name_columns(alt)})
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
            names.append({"unit_id": uid, "name": typo, **crosscheck.name_columns(typo)})
        build.planted = len(planted)  # type: ignore[attr-defined]
        n_units += len(planted)
        _insert(s, Unit, units)
        _insert(s, UnitName, names)
        _insert(s, UnitCode, codes)
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
                    "expires_on": crosscheck.expiry(jur, filing, filing),
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
        _insert(s, Consortium, cons)
        _insert(s, Submission, subs)
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
        _insert(s, Membership, rows)
    if url.startswith("postgresql"):
        with reg.engine.begin() as c:  # ids were given: move the sequences past them
            for t in ("units", "unit_names", "unit_codes", "consortia", "submissions", "memberships"):
                c.exec_driver_sql(
                    f"SELECT setval(pg_get_serial_sequence('{t}', 'id'), (SELECT max(id) FROM {t}))"
                )
            c.exec_driver_sql("ANALYZE")
    reg.close()
    return n_units


def _insert(s, table, rows: list[dict], chunk: int = 50_000) -> None:
    for i in range(0, len(rows), chunk):
        s.execute(table.__table__.insert(), rows[i : i + chunk])


CPU: dict[str, float] = {}


def _peak_mb() -> int:
    """This process's peak resident memory (VmHWM: unlike ru_maxrss, not inherited across exec
    from the bulk-building parent)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) // 1024
    return -1


def _backend(s) -> int | None:
    """The PostgreSQL server process serving this session (its CPU is read from /proc)."""
    if s.get_bind().dialect.name != "postgresql":
        return None
    return int(s.execute(select(func.pg_backend_pid())).scalar_one())


def _cpu_of(pid: int | None) -> float:
    if pid is None:
        return 0.0
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, IndexError, ValueError):
        return float("nan")


def full_check(url: str) -> tuple[float, int, int, int]:
    """Every cross-check over the registry and the flags stored: seconds, flags, near-duplicates,
    peak memory of this process (MB) after it."""

    reg = Registry.open(url)
    with reg.Session.begin() as s:
        backend = _backend(s)
        t, c, b = time.perf_counter(), time.process_time(), _cpu_of(backend)
        found = crosscheck.check(s, settings.as_of())
        reg.store_cross_flags(s, found, None)
        CPU["server"] = _cpu_of(backend) - b
    elapsed = time.perf_counter() - t
    CPU["full"] = time.process_time() - c
    reg.close()
    dups = sum(1 for c in found if c.flag.code == "POSSIBLE_DUPLICATE_UNIT")
    peak = _peak_mb()
    return elapsed, len(found), dups, peak


def incremental(url: str, n_units: int, rounds: int = 5) -> tuple[float, float, float]:
    """Median seconds to record one new 10-member submission, and of that the checks of the
    units it touches (with their flags stored), each in its own transaction as a batch does."""
    rng = random.Random(11)
    reg = Registry.open(url)
    with reg.Session() as s:
        q = select(Unit.canonical_name, UnitCode.code).join(UnitCode, UnitCode.unit_id == Unit.id)
        known = s.execute(q.where(Unit.id.in_(rng.sample(range(1, n_units), 7 * rounds)))).all()
    totals: list[float] = []
    checks: list[float] = []
    cpus: list[float] = []
    for r in range(rounds):
        members = [
            Member(name=n, credit_code=c, tier="lead" if i == 0 else "general")
            for i, (n, c) in enumerate(known[7 * r : 7 * r + 7])
        ]
        members += [Member(name=f"新设{r}号{j}科技有限公司", tier="general") for j in range(3)]
        sub = SubmissionRecord(
            id=f"bench-{r}", consortium_name=f"新增第{r}创新联合体", jurisdiction="guangxi", members=members
        )
        spent: dict[str, float] = {}

        def record(s, sub=sub, spent=spent):
            touched = record_submission(s, sub, [], False)
            t, c = time.perf_counter(), time.process_time()
            reg.store_cross_flags(s, crosscheck.check(s, settings.as_of(), touched), touched)
            spent["check"] = time.perf_counter() - t
            spent["cpu"] = time.process_time() - c

        t = time.perf_counter()
        reg.in_transaction(record)
        totals.append(time.perf_counter() - t)
        checks.append(spent["check"])
        cpus.append(spent["cpu"])
    reg.close()
    return sorted(totals)[len(totals) // 2], sorted(checks)[len(checks) // 2], sorted(cpus)[len(cpus) // 2]


def measure(url: str, n_units: int) -> None:
    """The timed part, in a process of its own (so that its peak memory is the checks', not the
    bulk build's): one JSON line."""
    secs, flags, dups, peak = full_check(url)
    inc, inc_check, inc_cpu = incremental(url, n_units)
    print(json.dumps([secs, CPU["full"], flags, dups, peak, inc, inc_check, inc_cpu, CPU.get("server", 0.0)]))


def run(label: str, make_url, sizes: list[int]) -> None:
    print(f"== {label}")
    results = []
    for n in sizes:
        url = make_url(n)
        t0 = time.perf_counter()
        n_units = build(url, n)
        built = time.perf_counter() - t0
        p = subprocess.run(
            [sys.executable, __file__, "--measure", url, str(n_units)],
            capture_output=True,
            text=True,
            check=True,
        )
        got = json.loads(p.stdout.strip().splitlines()[-1])
        secs, CPU["full"], flags, dups, peak, inc, inc_check, inc_cpu, server_cpu = got
        results.append((n, secs, CPU["full"]))
        print(
            f"{n:>8} memberships: built in {built:6.1f} s; full check {secs:6.2f} s wall, "
            f"{CPU['full']:6.2f} s CPU of this process"
            + (f" + {server_cpu:5.2f} s of the PostgreSQL server's" if server_cpu else "")
            + f" ({flags} flags; "
            f"near-duplicates {dups}, {build.planted} planted; peak RSS of the checking process {peak} MB); "  # type: ignore[attr-defined]
            f"one submission recorded {inc * 1000:6.1f} ms, of which its cross-checks {inc_check * 1000:6.1f} ms wall, "
            f"{inc_cpu * 1000:6.1f} ms CPU"
        )
    base_n, base_t, base_c = results[0]
    print("  growth of the full check against the smallest registry (same run):")
    for n, t, c in results[1:]:
        print(
            f"    x{n / base_n:>5.0f} memberships -> x{t / base_t:6.1f} wall time, x{c / base_c:6.1f} CPU time"
        )


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000, 100000, 1000000])
    ap.add_argument("--pg", help="PostgreSQL: a SQLAlchemy URL, or `auto` for a throwaway server")
    ap.add_argument("--no-sqlite", action="store_true")
    ap.add_argument("--measure", nargs=2, metavar=("URL", "UNITS"), help=argparse.SUPPRESS)
    a = ap.parse_args()
    if a.measure:
        measure(a.measure[0], int(a.measure[1]))
        return
    with tempfile.TemporaryDirectory() as tmp:
        if not a.no_sqlite:
            run("SQLite", lambda n: f"sqlite:///{Path(tmp) / f'r{n}.db'}", a.sizes)
        if a.pg:
            server = None
            if a.pg == "auto":
                from tests.pg import Server

                server = Server()
            try:
                make = (lambda n: server.new_database()) if server else (lambda n: _fresh_pg(a.pg, n))
                run("PostgreSQL", make, a.sizes)
            finally:
                if server:
                    server.stop()


def _fresh_pg(url: str, n: int) -> str:
    from sqlalchemy import create_engine, text

    name = f"bench_cross_{n}"
    eng = create_engine(url, isolation_level="AUTOCOMMIT")
    with eng.connect() as c:
        c.execute(text(f"DROP DATABASE IF EXISTS {name}"))
        c.execute(text(f"CREATE DATABASE {name}"))
    eng.dispose()
    return url.rsplit("/", 1)[0] + "/" + name


if __name__ == "__main__":
    main()
