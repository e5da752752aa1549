#!/usr/bin/env python3
"""What the Prefect flows cost and gain, measured against baselines in the same run.

(a) Prefect's cost: N .docx submissions (distinct bytes; 200 = the 600-.docx benchmark) through
    `intake process` (the flow: one task per submission) and through `intake process --no-prefect
    --workers W` (a plain loop over the same pipeline functions, as many documents at once as the
    flow's task threads). Both against a Prefect server kept running (`intake server start`) and
    against a temporary API; start-up (a one-submission batch, flow minus loop) is reported on
    its own; the rest is the orchestration's share of the loop (target: at most 5%). The runs
    are interleaved in rounds (the order swapped each round), medians reported; the same share
    is also given from the phases each run times itself (reading and finishing, OUT/run.json),
    which leave start-up out without subtracting it.
(e) Prefect's own cost per task: a flow of no-op tasks (the thread runner, a kept server), in
    ms per task, for each Python given with --pythons (e.g. a venv holding another Prefect).
(d) A re-run: the samples (four submissions, scans among them) processed with a kept server,
    then the same command again on the registered batch: the second run's time over the first's
    (target: at most 0.5).
(b) Throughput by format: documents/minute through the flow against the readers' own speed on
    the same files (read_bytes in a loop).
(c) Scaling: a scanned batch (every scan of the visible corpora) on a local Dask cluster with 1
    and with 2 workers (each worker one thread and one OCR thread; one local Prefect server), the
    speed-up printed; then 2 workers with INTAKE_OCR_THREADS unset, sharing the machine's cores by
    themselves. As on an existing cluster, the workers are up before the batch: each one's
    document reader started (flows.env.warm_up_reader), its time printed apart. Against it, the
    machine's own bound for two readers: the same scans read by a plain process alone, then by
    two such processes side by side (no Prefect, no Dask; one OCR thread each), twice the lone
    time over the pair's (2.0 where two cores share nothing: no cache, memory or clock).

    python bench/flows.py [--submissions 200] [--rounds 2] [--skip-dask] [--only cost rerun throughput dask tasks]
        [--pythons python3 /path/to/venv-with-other-prefect/bin/python]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DEVSET = ROOT.parent / "shared" / "devset"
SAMPLES = ROOT / "samples" / "submissions"


CPU: dict[str, float] = {}
STARTUP: dict[str, float] = {}


def intake(args: list[str], env: dict[str, str]) -> float:
    """Wall seconds of one `intake` run; its CPU seconds (with its children: the temporary
    Prefect server) are left in CPU["last"]."""
    import resource

    r0 = resource.getrusage(resource.RUSAGE_CHILDREN)
    t = time.perf_counter()
    p = subprocess.run(
        [sys.executable, "-m", "cli", *args],
        cwd=ROOT,
        env={**os.environ, **env},
        capture_output=True,
        text=True,
    )
    if p.returncode != 0:
        raise SystemExit(f"intake {' '.join(args)} failed:\n{p.stderr[-2000:]}")
    wall = time.perf_counter() - t
    r1 = resource.getrusage(resource.RUSAGE_CHILDREN)
    CPU["last"] = (r1.ru_utime - r0.ru_utime) + (r1.ru_stime - r0.ru_stime)
    return wall


def docx_batch(root: Path, n: int) -> int:
    """n submissions of three .docx each, every file with its own bytes (a comment in its core
    properties), so neither the registry nor the cache short-circuits them."""
    import docx

    srcs = [sorted((DEVSET / s).glob("*.docx")) for s in ("S08", "S11", "S12")]
    srcs = [s for s in srcs if len(s) >= 2]
    files = 0
    for i in range(n):
        d = root / f"sub{i:04d}"
        d.mkdir(parents=True)
        for f in srcs[i % len(srcs)]:
            doc = docx.Document(str(f))
            doc.core_properties.comments = f"bench copy {i}"
            doc.save(str(d / f.name))
            files += 1
    return files


def phases(out: Path) -> float:
    """Seconds a run spent reading and finishing (OUT/run.json): the batch without start-up."""
    import json

    st = json.loads((out / "run.json").read_text(encoding="utf-8"))["stats"]
    return float(st["seconds_reading"]) + float(st["seconds_finishing"])


def prefect_cost(
    n: int, tmp: Path, apis: tuple[str, ...] = ("kept server", "temporary API"), rounds: int = 2
) -> None:
    from statistics import median

    from flows import server

    batch = tmp / "docx"
    docs = docx_batch(batch, n)
    one = tmp / "one"
    shutil.copytree(batch / "sub0000", one / "sub0000")
    workers = str(os.cpu_count() or 2)  # the flow's task threads
    temp_home = {"PREFECT_HOME": str(tmp / "prefect-home")}
    loop = ["--no-prefect", "--workers", workers]
    intake(["process", str(one), "--out", str(tmp / "warm"), *loop], temp_home)  # first-run caches (jieba)
    intake(["process", str(one), "--out", str(tmp / "warm2")], temp_home)  # Prefect's database created once
    kept_home = tmp / "kept-home"
    proc, api = server.start(kept_home)
    kept = {"PREFECT_HOME": str(kept_home), "PREFECT_API_URL": api}
    runs = 0
    try:
        intake(["process", str(one), "--out", str(tmp / "warm3")], kept)
        rows: dict[str, dict[str, list[float]]] = {}
        for r in range(rounds):
            for label, env in (("kept server", kept), ("temporary API", temp_home)):
                if label not in apis:
                    continue
                got = rows.setdefault(label, {})
                # interleaved, the order swapped every round: a drift in the machine's load
                # weighs on both sides alike
                order = ("loop", "flow") if r % 2 == 0 else ("flow", "loop")
                for size, inputs in (("1", one), ("n", batch)):
                    for how in order:
                        runs += 1
                        out = tmp / f"{how}{size}-{runs}"
                        args = ["process", str(inputs), "--out", str(out)]
                        got.setdefault(how + size, []).append(
                            intake(args + (loop if how == "loop" else []), env)
                        )
                        if size == "n":
                            got.setdefault(how + "_phases", []).append(phases(out))
                        shutil.rmtree(out, ignore_errors=True)
    finally:
        server.stop(proc)
    print(
        f"(a) {n} submissions, {docs} .docx files; loop with --workers {workers}, flow with {workers} task threads;"
        f" median of {rounds} interleaved rounds"
    )
    for label, got in rows.items():
        loop_1, flow_1, loop_n, flow_n = (median(got[k]) for k in ("loop1", "flow1", "loopn", "flown"))
        startup = flow_1 - loop_1
        beyond = flow_n - loop_n - startup
        print(
            f"    {label:13s}: loop {loop_n:6.1f} s, flow {flow_n:6.1f} s (flow/loop {flow_n / loop_n:.3f}); "
            f"start-up {startup:5.1f} s; orchestration beyond start-up {beyond:6.1f} s = "
            f"{beyond / loop_n * 100:5.1f}% of the loop ({beyond / docs * 1000:5.1f} ms a document)"
        )
        lp, fp = median(got["loop_phases"]), median(got["flow_phases"])
        print(
            f"    {'':13s}  reading and finishing alone (run.json, no start-up to subtract): loop {lp:6.1f} s, "
            f"flow {fp:6.1f} s: orchestration {(fp - lp) / lp * 100:5.1f}% of the loop "
            f"({(fp - lp) / docs * 1000:5.1f} ms a document)"
        )
    if "temporary API" in rows:
        t = rows["temporary API"]
        STARTUP["s"] = median(t["flow1"]) - median(t["loop1"])


def rerun(tmp: Path) -> None:
    from flows import server

    home = tmp / "rerun-home"
    proc, api = server.start(home)
    env = {"PREFECT_HOME": str(home), "PREFECT_API_URL": api}
    try:
        batch = tmp / "samples"
        shutil.copytree(SAMPLES, batch)
        out = tmp / "rerun-out"
        first = intake(["process", str(batch), "--out", str(out)], env)
        second = intake(["process", str(batch), "--out", str(out)], env)
    finally:
        server.stop(proc)
    print(f"(d) the samples ({sum(1 for _ in batch.rglob('*.*'))} files) with a kept Prefect server:")
    print(
        f"    first run {first:6.1f} s, again on the registered batch {second:6.1f} s: ratio {second / first:.2f}"
    )


def throughput(tmp: Path) -> None:
    from extractors.read import read_bytes

    groups: dict[str, list[Path]] = {"docx": [], "pdf": [], "scan": []}
    import pypdfium2 as pdfium

    for p in sorted(list(SAMPLES.rglob("*.docx")) + list(SAMPLES.rglob("*.pdf"))):
        if p.suffix == ".docx":
            groups["docx"].append(p)
        else:
            pdf = pdfium.PdfDocument(str(p))
            text = pdf[0].get_textpage().get_text_range()
            pdf.close()
            groups["pdf" if text.strip() else "scan"].append(p)
    read_bytes(groups["scan"][0].read_bytes())  # OCR models loaded before timing
    print("(b) throughput by format (samples/), flow against the readers alone:")
    for fmt, files in groups.items():
        t = time.perf_counter()
        for f in files:
            read_bytes(f.read_bytes())
        reader = time.perf_counter() - t
        d = tmp / f"fmt-{fmt}"
        for i, f in enumerate(files):
            (d / "s").mkdir(parents=True, exist_ok=True)
            shutil.copy(f, d / "s" / f"{i}{f.suffix}")
        home = {"PREFECT_HOME": str(tmp / "prefect-home")}  # Prefect's database already made in (a)
        flow = intake(["process", str(d), "--out", str(tmp / f"o-{fmt}")], home)
        beyond = max(flow - STARTUP.get("s", 0.0), 1e-6)
        print(
            f"    {fmt:5s} {len(files)} files: readers {len(files) / reader * 60:7.1f} docs/min   "
            f"flow {len(files) / flow * 60:7.1f} docs/min with start-up, "
            f"{len(files) / beyond * 60:7.1f} beyond it"
        )


def scanned_documents() -> list[Path]:
    """Every scanned document of the visible corpora (their truth says which): enough pages that
    the reading, not each worker's start, is what two workers share. The samples' two scans where
    the corpora are absent."""
    import json

    out: list[Path] = []
    for corpus in ("devset", "devset-cd", "devset-seal"):
        truth = ROOT.parent / "shared" / corpus / "truth.json"
        if truth.exists():
            docs = json.loads(truth.read_text(encoding="utf-8"))["documents"]
            out += [truth.parent / d["path"] for d in docs if d.get("format") == "scan"]
    return out or [SAMPLES / "XJ-B" / "附件1-组建申请表.pdf", SAMPLES / "YN-C" / "附件2-组建协议.pdf"]


def scaling(tmp: Path) -> None:
    from distributed import Client, LocalCluster

    from flows.env import warm_up_reader

    batch = tmp / "scans"
    n = 0
    for src in scanned_documents():
        (batch / f"s{n}").mkdir(parents=True)
        shutil.copy(src, batch / f"s{n}" / src.name)
        n += 1
    from flows import server

    home = tmp / "dask-home"
    proc, api = server.start(home)
    try:
        os.environ["PREFECT_API_URL"] = api
        os.environ["PREFECT_HOME"] = str(home)
        times: dict[str, float] = {}
        reading: dict[str, float] = {}  # the batch's reading phase alone (OUT/run.json)
        started: dict[str, float] = {}
        # one thread per worker and per onnxruntime session: the workers are the parallelism
        # (a second machine's core, as it were); then two workers left to share the cores by
        # themselves (flows.env.share_cores_on_dask), as a user who sets nothing runs them
        for label, workers, threads in (("1", 1, "1"), ("2", 2, "1"), ("2 default", 2, None)):
            if threads:
                os.environ["INTAKE_OCR_THREADS"] = threads
            else:
                os.environ.pop("INTAKE_OCR_THREADS", None)
            with LocalCluster(
                n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None
            ) as c:
                env = {
                    "PREFECT_API_URL": api,
                    "PREFECT_HOME": str(home),
                    "PREFECT_LOCAL_STORAGE_PATH": str(tmp / f"store{len(times)}"),
                }
                # as on an existing cluster, the workers are up: each one's document reader
                # started (flows.env.warm_up_reader), timed on its own
                t = time.perf_counter()
                with Client(c) as client:
                    addrs = list(client.scheduler_info(n_workers=-1)["workers"])
                    client.gather(
                        [
                            client.submit(warm_up_reader, workers=[w], pure=False, allow_other_workers=False)
                            for w in addrs
                        ]
                    )
                started[label] = time.perf_counter() - t
                out = tmp / f"dask{len(times)}"
                times[label] = intake(
                    ["process", str(batch), "--out", str(out), "--dask", c.scheduler_address], env
                )
                stats = json.loads((out / "run.json").read_text())["stats"]
                reading[label] = float(stats["seconds_reading"])
        os.environ.pop("INTAKE_OCR_THREADS", None)
        lone, side, bound = two_readers_bound(scanned_documents())
        print(
            f"(c) {n} scanned documents on a local Dask cluster (1 thread a worker), each worker's reader started"
            f" before the batch ({', '.join(f'{k} worker(s) {v:.1f} s' for k, v in started.items())}):"
        )
        print(
            f"    1 worker {times['1']:6.1f} s   2 workers {times['2']:6.1f} s   speed-up x{times['1'] / times['2']:.2f}"
            f"   (INTAKE_OCR_THREADS=1)"
        )
        print(
            f"    of which reading (the tasks on the workers): 1 worker {reading['1']:6.1f} s   2 workers"
            f" {reading['2']:6.1f} s   speed-up x{reading['1'] / reading['2']:.2f}; the rest (start-up, finishing)"
            f" {times['1'] - reading['1']:.1f} s and {times['2'] - reading['2']:.1f} s"
        )
        print(
            f"    the machine's bound: the same scans read by a plain process alone {lone:.1f} s, by two side by"
            f" side {side:.1f} s each: two readers at most x{bound:.2f} here (reading phase above: "
            f"x{reading['1'] / reading['2']:.2f}, {100 * (reading['1'] / reading['2']) / bound:.0f}% of it)"
        )
        print(
            f"    2 workers sharing the cores by themselves (INTAKE_OCR_THREADS unset) {times['2 default']:6.1f} s:"
            f" x{times['1'] / times['2 default']:.2f} of the one worker above"
        )
    finally:
        server.stop(proc)


READER = r"""
import json, sys, time
sys.path.insert(0, sys.argv[1])
from extractors.read import read_bytes
from extractors.readers.ocr import engine
engine()
files = sys.argv[2:]
read_bytes(open(files[0], "rb").read())  # warm, as a started worker is
print("ready", flush=True)
sys.stdin.readline()  # both processes start reading at once
t = time.perf_counter()
for f in files:
    read_bytes(open(f, "rb").read())
print(json.dumps(time.perf_counter() - t))
"""


def two_readers_bound(files: list[Path], rounds: int = 1) -> tuple[float, float, float]:
    """The same files read by one plain process alone and by two side by side (one OCR thread
    each), interleaved over rounds: (median lone seconds, median pair seconds (the slower of the
    two), 2 x lone / pair)."""
    import statistics

    env = {**os.environ, "INTAKE_OCR_THREADS": "1"}
    alone: list[float] = []
    pair: list[float] = []
    for _ in range(rounds):
        for n in (1, 2):
            procs = [
                subprocess.Popen(
                    [sys.executable, "-c", READER, str(ROOT), *map(str, files)],
                    stdin=subprocess.PIPE,
                    stdout=subprocess.PIPE,
                    text=True,
                    env=env,
                )
                for _ in range(n)
            ]
            for p in procs:  # every one warm...
                assert p.stdout is not None
                line = "-"
                while line and line.strip() != "ready":
                    line = p.stdout.readline()
                if not line:
                    raise SystemExit("a plain reader failed to start")
            for p in procs:  # ...then all at once
                assert p.stdin is not None
                p.stdin.write("go\n")
                p.stdin.close()
            outs = []
            for p in procs:
                assert p.stdout is not None
                outs.append(p.stdout.read())
                p.wait()
            took = [float(json.loads(o.strip().splitlines()[-1])) for o in outs]
            (alone if n == 1 else pair).append(max(took))
    a, b = statistics.median(alone), statistics.median(pair)
    return a, b, 2 * a / b


NOOP = """
import sys, time
from flows.env import configure
configure()
import prefect
from prefect import flow, task
from prefect.cache_policies import NO_CACHE
from prefect.task_runners import ThreadPoolTaskRunner

@task(cache_policy=NO_CACHE, persist_result=False)
def noop(i):
    return i

@flow(task_runner=ThreadPoolTaskRunner(max_workers=2))
def many(n):
    return sum(f.result() for f in [noop.submit(i) for i in range(n)])

n = int(sys.argv[1])
many(20)
t = time.perf_counter()
many(n)
print(prefect.__version__, (time.perf_counter() - t) / n * 1000)
"""


def task_cost(tmp: Path, pythons: list[str], n: int = 400, rounds: int = 3) -> None:
    """ms per no-op task for each Python (Prefect version), interleaved, median of `rounds`."""
    from flows import server

    home = tmp / "noop-home"
    proc, api = server.start(home)
    env = {**os.environ, "PREFECT_HOME": str(home), "PREFECT_API_URL": api, "PYTHONPATH": str(ROOT)}
    got: dict[str, list[float]] = {}
    try:
        for _ in range(rounds):
            for py in pythons:
                p = subprocess.run(
                    [py, "-c", NOOP, str(n)], env=env, cwd=ROOT, capture_output=True, text=True, check=True
                )
                version, ms = p.stdout.strip().splitlines()[-1].split()
                got.setdefault(f"prefect {version} ({py})", []).append(float(ms))
    finally:
        server.stop(proc)
    print(f"(e) Prefect's cost per task ({n} no-op tasks, 2 threads, a kept server; median of {rounds}):")
    for label, ms in got.items():
        print(
            f"    {label}: {sorted(ms)[len(ms) // 2]:5.2f} ms a task  (all: {', '.join(f'{x:.2f}' for x in ms)})"
        )


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--submissions", type=int, default=200)
    ap.add_argument("--skip-dask", action="store_true")
    ap.add_argument("--only", choices=["cost", "throughput", "dask", "rerun", "tasks"], nargs="+")
    ap.add_argument("--api", choices=["kept", "temporary", "both"], default="both", help="for (a)")
    ap.add_argument("--rounds", type=int, default=2, help="for (a): interleaved rounds, the median reported")
    ap.add_argument("--pythons", nargs="+", default=[sys.executable], help="for (e): one per Prefect version")
    a = ap.parse_args()
    parts = set(a.only or ["cost", "throughput", "dask", "rerun", "tasks"])
    if a.skip_dask:
        parts.discard("dask")
    with tempfile.TemporaryDirectory() as tmp:
        if "cost" in parts:
            apis = {"kept": ("kept server",), "temporary": ("temporary API",)}.get(
                a.api, ("kept server", "temporary API")
            )
            prefect_cost(a.submissions, Path(tmp), apis, a.rounds)
        if "rerun" in parts:
            rerun(Path(tmp))
        if "throughput" in parts:
            throughput(Path(tmp))
        if "dask" in parts:
            scaling(Path(tmp))
        if "tasks" in parts:
            task_cost(Path(tmp), a.pythons)


if __name__ == "__main__":
    main()
