"""The Prefect flows: the same output as the plain loop, resumable after a kill, legacy backfill,
registry re-check, and a run on a two-worker Dask cluster reporting to one local Prefect server."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import ROOT
from tests.factories import intake


def _docs(out: Path) -> dict[str, dict]:
    return {p.name: json.loads(p.read_text(encoding="utf-8")) for p in (out / "documents").glob("*.json")}


def _flag_keys(out: Path) -> list[tuple]:
    flags = json.loads((out / "flags.json").read_text(encoding="utf-8"))
    return sorted((f["code"], f["consortium"], f["unit"], f["evidence"]) for f in flags)


@pytest.fixture()
def prefect_home(tmp_path):
    """Each test's own Prefect home (results cache included)."""
    return {"PREFECT_HOME": str(tmp_path / "prefect-home")}


def test_flow_output_equals_the_plain_loop(devset, tmp_path, prefect_home):
    batch = [str(devset / s) for s in ("S02", "S08", "S13")]
    p1 = intake("process", *batch, "--out", str(tmp_path / "flow"), env=prefect_home)
    assert p1.returncode == 0, p1.stderr[-3000:]
    assert "5 read" in p1.stdout or "6 read" in p1.stdout
    p2 = intake("process", *batch, "--out", str(tmp_path / "plain"), "--no-prefect")
    assert p2.returncode == 0, p2.stderr[-3000:]
    assert _docs(tmp_path / "flow") == _docs(tmp_path / "plain")
    assert json.loads((tmp_path / "flow" / "submissions.json").read_text()) == json.loads(
        (tmp_path / "plain" / "submissions.json").read_text()
    )
    assert _flag_keys(tmp_path / "flow") == _flag_keys(tmp_path / "plain")


@pytest.mark.slow
def test_killed_batch_resumes_and_loses_nothing(devset, samples, tmp_path, prefect_home):
    batch = tmp_path / "batch"
    for s in ("S04", "S10"):  # scans: long enough to be killed half-way
        shutil.copytree(devset / s, batch / s)
    out = tmp_path / "out"
    env = {**os.environ, **prefect_home}
    proc = subprocess.Popen(
        [sys.executable, "-m", "cli", "process", str(batch), "--out", str(out)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )
    assert proc.stderr is not None
    deadline = time.time() + 600
    while time.time() < deadline:
        done = list((out / "documents").glob("*.json")) if (out / "documents").exists() else []
        if len(done) >= 1:  # the largest (the scans) are read first: killed while they are
            break
        if proc.poll() is not None:
            pytest.fail(
                "the batch finished before it could be killed: " + proc.stderr.read().decode()[-2000:]
            )
        time.sleep(0.5)
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    finished_before = len(list((out / "documents").glob("*.json")))
    assert 1 <= finished_before < 6
    again = intake("process", str(batch), "--out", str(out), env=prefect_home)
    assert again.returncode == 0, again.stderr[-3000:]
    line = next(x for x in again.stdout.splitlines() if x.startswith("intake:"))
    reused = int(line.split(" from an earlier run")[0].split(", ")[-1])
    assert reused >= finished_before, line  # what finished before the kill was not read again
    clean = intake("process", str(batch), "--out", str(tmp_path / "clean"), "--no-prefect")
    assert clean.returncode == 0
    assert _docs(out) == _docs(tmp_path / "clean")
    assert _flag_keys(out) == _flag_keys(tmp_path / "clean")


def test_backfill_marks_legacy_and_reports_the_unreadable(devset, tmp_path, prefect_home):
    batch = tmp_path / "legacy"
    for folder in ("S13", "S14"):
        shutil.copytree(devset / folder, batch / folder)
    (batch / "S14" / "扫描件损坏.pdf").write_bytes(b"%PDF-1.4\n\x00\x00 broken")
    out = tmp_path / "out"
    p = intake("backfill", str(batch), "--out", str(out), env=prefect_home)
    assert p.returncode == 0, p.stderr[-3000:]
    assert "could not read 1 files" in p.stdout and "扫描件损坏.pdf" in p.stdout
    report = json.loads((out / "backfill_report.json").read_text())
    assert [x["path"].endswith("扫描件损坏.pdf") for x in report["unreadable"]] == [True]
    from sqlalchemy import select

    from models.tables import Consortium
    from pipeline.registry import Registry

    reg = Registry.open(None, out_dir=str(out))
    with reg.Session() as s:
        cons = s.scalars(select(Consortium)).all()
    assert {c.name for c in cons} == {
        "广西壮族自治区生物质能源产业技术创新战略联盟",
        "云南省核桃产业技术创新战略联盟",
    }
    assert all(c.legacy for c in cons)
    reg.close()


def test_recheck_after_a_rule_change_reports_new_and_resolved(devset, tmp_path, prefect_home):
    out = tmp_path / "out"
    p = intake("process", str(devset / "S08"), str(devset / "S12"), "--out", str(out), env=prefect_home)
    assert p.returncode == 0, p.stderr[-3000:]
    same = intake("recheck", "--out", str(out), env=prefect_home)
    assert same.returncode == 0, same.stderr[-2000:]
    assert "new       0" in same.stdout and "resolved  0" in same.stdout
    # an operator raises 广西's revenue threshold to 50亿元: S12's lead (46.61亿元) now falls short
    packs = tmp_path / "packs"
    shutil.copytree(ROOT / "pipeline" / "rules" / "packs", packs)
    gx = packs / "guangxi-2025.yaml"
    gx.write_text(
        gx.read_text(encoding="utf-8").replace("min_cny: 1000000000", "min_cny: 5000000000"),
        encoding="utf-8",
    )
    moved = intake("recheck", "--out", str(out), env={**prefect_home, "INTAKE_RULE_PACKS": str(packs)})
    assert moved.returncode == 0, moved.stderr[-2000:]
    report = json.loads((out / "recheck_report.json").read_text())
    assert [(f["code"], f["unit"]) for f in report["new"]] == [
        ("LEAD_REVENUE_LOW", "百色嘉禾科技集团有限公司")
    ]
    assert not report["resolved"]
    # and back to the rules as shipped: resolved
    back = intake("recheck", "--out", str(out), env=prefect_home)
    assert back.returncode == 0
    report = json.loads((out / "recheck_report.json").read_text())
    assert [(f["code"], f["unit"]) for f in report["resolved"]] == [
        ("LEAD_REVENUE_LOW", "百色嘉禾科技集团有限公司")
    ]


@pytest.mark.slow
def test_dask_cluster_gives_the_same_output(devset, tmp_path):
    """A local two-worker Dask cluster, every worker reporting to one local Prefect server."""
    from distributed import LocalCluster

    from flows import server

    home = tmp_path / "prefect-home"
    proc, api = server.start(home)
    try:
        os.environ["PREFECT_API_URL"] = (
            api  # the cluster's workers inherit it: no temporary servers of their own
        )
        os.environ["PREFECT_HOME"] = str(home)
        cluster = LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None)
        try:
            batch = [str(devset / s) for s in ("S02", "S08", "S12")]
            d = intake(
                "process",
                *batch,
                "--out",
                str(tmp_path / "dask"),
                "--dask",
                cluster.scheduler_address,
                env={"PREFECT_API_URL": api, "PREFECT_HOME": str(home)},
            )
            assert d.returncode == 0, d.stderr[-3000:]
        finally:
            cluster.close()
            os.environ.pop("PREFECT_API_URL", None)
        plain = intake("process", *batch, "--out", str(tmp_path / "plain"), "--no-prefect")
        assert plain.returncode == 0
        assert _docs(tmp_path / "dask") == _docs(tmp_path / "plain")
        assert _flag_keys(tmp_path / "dask") == _flag_keys(tmp_path / "plain")
    finally:
        server.stop(proc)


def _ocr_threads_here() -> tuple[int | None, str | None]:
    from flows.env import share_cores_on_dask

    return share_cores_on_dask(), os.environ.get("INTAKE_OCR_THREADS")


def test_dask_workers_on_one_machine_share_its_cores_for_ocr(monkeypatch):
    """Two Dask workers on this machine: each gives its readers the machine's cores halved as
    OCR threads (at least one), in the environment they inherit; a user's INTAKE_OCR_THREADS
    stands; outside Dask nothing is set."""
    from distributed import Client, LocalCluster

    from flows import env as flow_env
    from flows.env import share_cores_on_dask
    from settings import cores

    monkeypatch.delenv("INTAKE_OCR_THREADS", raising=False)
    monkeypatch.setattr(flow_env, "_DASK_SHARE", {})
    assert share_cores_on_dask() is None and "INTAKE_OCR_THREADS" not in os.environ
    want = max(1, cores() // 2)
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as c:
        with Client(c) as client:
            workers = list(client.scheduler_info(n_workers=-1)["workers"])
            got = client.gather([client.submit(_ocr_threads_here, workers=[w], pure=False) for w in workers])
    assert got == [(want, str(want))] * 2
    monkeypatch.setenv("INTAKE_OCR_THREADS", "3")  # the workers inherit it: set by the user
    with LocalCluster(n_workers=1, threads_per_worker=1, processes=True, dashboard_address=None) as c:
        with Client(c) as client:
            assert client.submit(_ocr_threads_here, pure=False).result() == (None, "3")


def test_prefect_yaml_entrypoints_are_the_flows():
    import importlib

    import yaml
    from prefect import Flow

    spec = yaml.safe_load((ROOT / "prefect.yaml").read_text(encoding="utf-8"))
    names = set()
    for d in spec["deployments"]:
        path, name = d["entrypoint"].split(":")
        mod = importlib.import_module(path.removesuffix(".py").replace("/", "."))
        f = getattr(mod, name)
        assert isinstance(f, Flow)
        # every parameter the deployment sets is one the flow takes
        assert set(d["parameters"]) <= set(f.parameters.properties), d["name"]
        names.add(f.name)
    assert names == {"intake-batch", "backfill-legacy", "recheck-registry"}


def test_tasks_carry_whole_submissions_packed_or_a_share_of_a_large_one(tmp_path):
    from flows.intake import CHUNK, MAX_CHUNK, chunk_size, chunks

    assert chunk_size(6, 2) == CHUNK and chunk_size(600, 2) == MAX_CHUNK and chunk_size(100, 2) == 13
    from pipeline.batch import collect
    from pipeline.reading import Probed

    for name, n in (("small", 3), ("large", 2 * CHUNK + 3)):
        (tmp_path / "in" / name).mkdir(parents=True)
        for i in range(n):
            (tmp_path / "in" / name / f"{i:02d}.docx").write_bytes(b"x")
    batch = collect([str(tmp_path / "in")])
    todo = [Probed(f, "0" * 64) for f in batch.files()]
    got = chunks(batch.groups, todo, CHUNK)
    assert [(label, len(part)) for label, part in got] == [
        (f"large ({CHUNK} documents)", CHUNK),
        (f"large ({CHUNK} documents)", CHUNK),
        ("large … small (6 documents)", 6),
    ]
    assert sorted(p.file.path for _, part in got for p in part) == sorted(f.path for f in batch.files())


def test_the_last_tasks_of_a_batch_get_smaller_and_a_few_scans_are_spread(tmp_path):
    """Guided chunks: a large batch in few tasks, whole submissions packed, the tasks shrinking
    towards the end so that no thread is left alone with a large one; a batch of a few documents
    (four scans) one document a task, so that two threads or two Dask workers share it."""
    from flows.intake import MAX_CHUNK, chunk_size, chunks
    from pipeline.batch import collect
    from pipeline.reading import Probed

    for name, subs, per in (("large", 200, 3), ("scans", 4, 1)):
        for i in range(subs):
            d = tmp_path / name / f"sub{i:03d}"
            d.mkdir(parents=True)
            for j in range(per):
                (d / f"{j}.docx").write_bytes(b"x")
        batch = collect([str(tmp_path / name)])
        todo = [Probed(f, "0" * 64) for f in batch.files()]
        got = chunks(batch.groups, todo, chunk_size(len(todo), 2), 2)
        sizes = [len(part) for _, part in got]
        assert sorted(p.file.path for _, part in got for p in part) == sorted(f.path for f in batch.files())
        assert sizes == sorted(sizes, reverse=True) and sizes[-1] == 1, sizes
        if name == "large":
            assert sizes[0] == MAX_CHUNK and len(got) <= 40, sizes
            # until the tail, every task carries whole submissions
            of = {f: g for g in batch.groups for f in g.files}
            for part in [part for _, part in got if len(part) == MAX_CHUNK]:
                assert all(len([p for p in part if of[p.file] is g]) in (0, 3) for g in batch.groups)
        else:
            assert sizes == [1, 1, 1, 1]


def test_the_largest_submissions_are_read_first(tmp_path):
    """Largest first (a scan's bytes stand for its pages): the tail of a batch is small work."""
    from flows.intake import chunks
    from pipeline.batch import collect
    from pipeline.reading import Probed

    for name, size in (("a-small", 10), ("b-large", 5000), ("c-middle", 500)):
        (tmp_path / name).mkdir()
        (tmp_path / name / "scan.pdf").write_bytes(b"x" * size)
    batch = collect([str(tmp_path)])
    todo = [Probed(f, "0" * 64) for f in batch.files()]
    got = chunks(batch.groups, todo, 8, 2)
    assert [p.file.path.split("/")[-2] for _, part in got for p in part] == ["b-large", "c-middle", "a-small"]


def test_a_task_carries_a_share_of_the_bytes_left_so_large_scans_go_one_a_task(tmp_path):
    """Ten scans of different sizes for two threads: counted in documents, the first task would
    carry the three largest while the other thread runs out of work; counted in bytes too, every
    task holding more than one document holds at most a quarter of the bytes left."""
    from flows.intake import chunk_size, chunks
    from pipeline.batch import collect
    from pipeline.reading import Probed

    sizes = [9000, 8000, 7000, 6000, 5000, 4000, 3000, 2000, 1000, 500]
    for i, n in enumerate(sizes):
        (tmp_path / f"s{i}").mkdir()
        (tmp_path / f"s{i}" / "scan.pdf").write_bytes(b"x" * n)
    batch = collect([str(tmp_path)])
    todo = [Probed(f, "0" * 64) for f in batch.files()]
    got = chunks(batch.groups, todo, chunk_size(len(todo), 2), 2)
    weights = [[len(open(p.file.path, "rb").read()) for p in part] for _, part in got]
    assert weights[0] == [9000] and weights[1] == [8000], weights
    left = sum(sizes)
    for w in weights:
        assert len(w) == 1 or sum(w) <= left / 4, weights
        left -= sum(w)
    assert sorted(x for w in weights for x in w) == sorted(sizes)


@pytest.mark.slow
def test_a_kept_server_is_used_and_a_registered_batch_is_not_read_again(samples, tmp_path):
    """`intake server start` leaves a Prefect server on loopback with its home under the working
    directory; `intake process` reports to it, prints where to watch the run, and on a batch the
    registry already holds reads nothing; `intake server stop` ends it."""
    import urllib.request

    from flows.server import free_port

    work = tmp_path / "work"
    work.mkdir()
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    env.pop("PREFECT_API_URL", None)
    env.pop("PREFECT_HOME", None)

    def cli(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            [sys.executable, "-m", "cli", *args],
            capture_output=True,
            text=True,
            cwd=work,
            env=env,
            timeout=900,
        )

    port = free_port()
    started = cli("server", "start", "--port", str(port))
    assert started.returncode == 0, started.stderr[-2000:]
    state = json.loads((work / ".prefect" / "intake-server.json").read_text())
    try:
        assert state["api"] == f"http://127.0.0.1:{port}/api"
        batch = [str(samples / "GX-A"), str(samples / "YC-D")]
        first = cli("process", *batch, "--out", "out")
        assert first.returncode == 0, first.stderr[-3000:]
        watch = next(x for x in first.stdout.splitlines() if x.startswith("watch the run"))
        run_id = watch.rsplit("/", 1)[-1]
        assert watch.split(": ", 1)[1] == f"http://127.0.0.1:{port}/runs/flow-run/{run_id}"
        with urllib.request.urlopen(f"{state['api']}/flow_runs/{run_id}", timeout=10) as r:
            assert json.loads(r.read())["name"]  # the run is on the kept server
        again = cli("process", *batch, "--out", "out")
        assert again.returncode == 0, again.stderr[-3000:]
        line = next(x for x in again.stdout.splitlines() if x.startswith("intake:"))
        assert line.startswith(
            "intake: 0 read, 0 from an earlier run's results, 6 already in the registry"
        ), line
        assert _docs(work / "out") and json.loads((work / "out" / "submissions.json").read_text())
    finally:
        stopped = cli("server", "stop")
    assert stopped.returncode == 0 and "stopped" in stopped.stdout
    assert not (work / ".prefect" / "intake-server.json").exists()
    with pytest.raises(ProcessLookupError):
        os.kill(state["pid"], 0)
