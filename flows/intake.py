"""Thin Prefect flows over the pipeline: bulk intake, legacy backfill, registry re-check.

- A task carries whole submissions, packed up to a chunk of documents (8 to 24, sized so that
  every thread gets about four tasks; a larger submission is split): Prefect's cost is paid
  per task, not per document. The last tasks of a batch get smaller, down to one document, so
  that no thread finishes a large task alone while the others wait (and a few scans are
  spread over the threads or Dask workers one a task). Each document is still cached on its own by sha256 and pipeline
  version (pipeline.reading, OUT/.records/), so a re-run, or a batch resumed after being killed,
  never reads a finished file again; a file the registry already holds is not even submitted.
- Each document is read in a killable worker process within its time budget; a LibreOffice
  time-out is retried; a document that fails for good is recorded as unreadable and the batch
  goes on.
- Submissions are assembled, checked and recorded once per batch (pipeline.run.finish_batch,
  as the plain loop does).
- Runs on the Prefect server PREFECT_API_URL names or `intake server start` started (see
  flows/env.py), else on a temporary local API; on an existing Dask cluster with `dask`
  (prefect-dask).
"""

from __future__ import annotations

import math
import os
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from flows.env import configure, share_cores_on_dask

configure()

from prefect import flow, get_run_logger, task  # noqa: E402
from prefect.artifacts import create_markdown_artifact  # noqa: E402
from prefect.cache_policies import NO_CACHE  # noqa: E402
from prefect.futures import as_completed  # noqa: E402
from prefect.task_runners import ThreadPoolTaskRunner  # noqa: E402
from prefect.utilities.annotations import quote  # noqa: E402

from flows import progress as flow_progress  # noqa: E402
from models.record import DocumentRecord  # noqa: E402
from pipeline.batch import Group, InFile, collect  # noqa: E402
from pipeline.documents import unreadable_record  # noqa: E402
from pipeline.files import from_wire, to_wire  # noqa: E402
from pipeline.output import write_json  # noqa: E402
from pipeline.reading import Probed, as_this_file, from_registry, probe, read_probed  # noqa: E402
from pipeline.run import RunResult, finish_batch  # noqa: E402
from pipeline.workers import shared_pool  # noqa: E402

Progress = Callable[[DocumentRecord, bool], None]
CHUNK = 8  # documents a task carries at least (whole submissions packed together)...
MAX_CHUNK = 24  # ...and at most: a larger task leaves a thread idle longer at the end of a batch
THREADS = os.cpu_count() or 2  # the task runner's threads


@task(
    name="read-documents",
    retries=1,
    retry_delay_seconds=5,
    cache_policy=NO_CACHE,
    persist_result=False,
    task_run_name="read {label}",
)
def read_documents(
    label: str, paths: list[str], shown: list[str], roots: list[str | None], shas: list[str], out: str
) -> tuple[list[str], list[str]]:
    """Read a task's documents (whole submissions, or a share of a large one), each cached on its
    own by sha256 and pipeline version (pipeline.reading), each in a killable worker within its
    time budget. Files travel as lists of strings (paths through to_wire: names that are not
    UTF-8 too), which every runner passes as they are (a Dask cluster rebuilds dataclasses), and
    records come back as JSON text (Prefect walks a returned collection, not a string). On a
    Dask worker, the machine's cores are shared among the workers' OCR threads first."""
    share_cores_on_dask()
    probed = [
        Probed(InFile(from_wire(p), s, from_wire(r) if r is not None else None), sha)
        for p, s, r, sha in zip(paths, shown, roots, shas)
    ]
    kinds: dict[InFile, str] = {}
    recs = read_probed(probed, out, kinds=kinds)
    return [recs[p.file].model_dump_json() for p in probed], [kinds[p.file] for p in probed]


@task(name="finish-batch", retries=3, retry_delay_seconds=5, cache_policy=NO_CACHE, persist_result=False)
def finish(
    groups: list[Group],
    records: dict[InFile, DocumentRecord],
    out: str,
    db: str | None,
    kind: str,
    skipped: list[tuple[str, str]],
) -> RunResult:
    """Submissions assembled and checked, recorded with the cross-checks of what they touch,
    results written: pipeline.run.finish_batch, as the plain loop does."""
    from pipeline.registry import Registry

    reg = Registry.open(db, out_dir=out)
    try:
        return finish_batch(groups, records, out, reg, kind, skipped)
    finally:
        reg.close()


def flags_markdown(result: RunResult) -> str:
    lines = ["| severity | code | consortium | unit | evidence |", "| --- | --- | --- | --- | --- |"]
    for f in result.flags:
        cells = [f.severity, f.code, f.consortium or "", f.unit or "", (f.evidence or "")[:80]]
        lines.append("| " + " | ".join(c.replace("|", "／").replace("\n", " ") for c in cells) + " |")
    return (
        f"{len(result.documents)} documents, {len(result.submissions)} submissions, {len(result.flags)} flags\n\n"
        + "\n".join(lines)
    )


def chunk_size(n_docs: int, threads: int) -> int:
    """Documents a task carries at most: enough tasks for every thread to stay busy (four each),
    few enough that Prefect's cost per task stays small against the documents' own."""
    return max(CHUNK, min(MAX_CHUNK, math.ceil(n_docs / (4 * max(1, threads)))))


def _bytes(path: str) -> int:
    try:
        return os.path.getsize(path)
    except OSError:
        return 0


def chunks(
    groups: list[Group], todo: list[Probed], size: int = CHUNK, threads: int | None = None
) -> list[tuple[str, list[Probed]]]:
    """The documents still to read, a task's worth at a time: whole submissions packed up to
    `size` documents (a larger one split), loose files `size` at a time. Given the `threads` that
    run the tasks, the last tasks get smaller (a task carries at most a quarter of what is left
    for two threads, in documents and in bytes: guided self-scheduling), so that no thread is left
    alone with a large task at the end of a batch while the others wait; a batch of a few
    documents, or of scans (a scan's bytes stand for its pages), is spread over the threads one
    document a task. The largest submissions go first, so that the tail of the batch is made of
    small ones."""
    of_file = {f: g for g in groups for f in g.files}
    by_group: dict[int, list[Probed]] = {}
    for p in todo:
        by_group.setdefault(id(of_file[p.file]), []).append(p)
    size_of = {id(p): max(1, _bytes(p.file.path)) for p in todo}  # a document's work, roughly
    weight = {k: sum(size_of[id(p)] for p in ps) for k, ps in by_group.items()}
    groups = sorted(groups, key=lambda g: -weight.get(id(g), 0))  # stable: equal ones keep their order
    out: list[tuple[str, list[Probed]]] = []
    cur: list[Probed] = []
    names: list[str] = []
    left = len(todo)  # documents not yet in a task
    left_w = sum(size_of.values())  # and their bytes
    cur_w = 0

    def target() -> tuple[int, float]:
        """At most so many documents, and so many bytes, in the next task."""
        if threads is None:
            return size, math.inf
        share = 2 * max(1, threads)
        return max(1, min(size, math.ceil(left / share))), left_w / share

    limit, cap = target()

    def flush() -> None:
        nonlocal left, left_w, cur_w, limit, cap
        if cur:
            label = names[0] if len(set(names)) == 1 else f"{names[0]} … {names[-1]}"
            out.append((f"{label} ({len(cur)} documents)", list(cur)))
            left -= len(cur)
            left_w -= cur_w
            cur_w = 0
            cur.clear()
            names.clear()
        limit, cap = target()

    for g in groups:
        items = by_group.get(id(g), [])
        name = (g.shown.rstrip("/").rsplit("/", 1)[-1] or g.shown) if not g.loose else "loose files"
        while items:
            rest_w = sum(size_of[id(p)] for p in items)
            if cur and (len(cur) + len(items) > limit or cur_w + rest_w > cap):
                flush()  # the submission's rest does not fit: it starts a task of its own
            # as many of its documents as fit (at least one: a large scan is a task of its own)
            k = 0
            while k < len(items) and len(cur) < limit and (not cur or cur_w + size_of[id(items[k])] <= cap):
                cur.append(items[k])
                cur_w += size_of[id(items[k])]
                k += 1
            items = items[k:]
            names.append(name)
            if items or len(cur) >= limit or cur_w >= cap:
                flush()
    flush()
    return out


def _read_all(
    groups: list[Group], out: Path, db: str | None, progress: Progress | None
) -> tuple[dict[InFile, DocumentRecord], dict[str, Any]]:
    """Every file's record: refused at a look, from the registry where it holds the file, else
    from a task (which takes it from the result cache or reads it)."""
    from pipeline.registry import Registry

    probed = probe([f for g in groups for f in g.files])
    reg = Registry.open(db, out_dir=str(out))
    try:
        records = from_registry(probed, reg)
    finally:
        reg.close()
    stats: dict[str, Any] = {"registry": len(records), "cache": 0, "read": 0, "refused": 0, "failed": 0}
    for rec in records.values():
        if progress:
            progress(rec, True)
    for p in probed:  # refused at a look: recorded here, no task needed
        if p.refused is not None and p.file not in records:
            records[p.file] = p.refused
            stats["refused"] += 1
            write_json(out / "documents" / f"{p.refused.source.sha256}.json", p.refused.to_contract())
            if progress:
                progress(p.refused, False)
    todo = [p for p in probed if p.file not in records]
    parts = chunks(groups, todo, chunk_size(len(todo), THREADS), THREADS)
    # the task threads read at once, each in its own worker process: the cores shared among them
    # (on Dask, each worker shares its machine's cores: flows.env.share_cores_on_dask)
    shared_pool().share_cores(min(THREADS, len(parts)))
    futures = {
        read_documents.submit(
            label,
            [to_wire(p.file.path) for p in part],
            [p.file.shown for p in part],
            [to_wire(p.file.root) if p.file.root is not None else None for p in part],
            [p.sha256 for p in part],
            str(out),
        ): part
        for label, part in parts
    }
    for fut in as_completed(list(futures)):
        part = futures[fut]
        try:
            texts, kinds = fut.result()
            recs = [as_this_file(t, p.file) for t, p in zip(texts, part)]
        except Exception as e:  # failed for good after its retries: unreadable, and the batch goes on
            recs = [
                unreadable_record(
                    p.file.shown,
                    b"",
                    f"failed after retries: {type(e).__name__}: {e}",
                    "failed",
                    p.sha256 or None,
                )
                for p in part
            ]
            kinds = ["failed"] * len(part)
            for rec in recs:
                write_json(out / "documents" / f"{rec.source.sha256}.json", rec.to_contract())
        for p, rec, kind in zip(part, recs, kinds):
            records[p.file] = rec
            stats[kind] = stats.get(kind, 0) + 1
            if progress:
                progress(rec, kind == "cache")
    return records, stats


def _watch_url() -> str | None:
    """Where this flow run is shown in Prefect's UI, when it runs on a server that outlives it."""
    try:
        from prefect.runtime import flow_run
        from prefect.settings import PREFECT_API_URL, PREFECT_UI_URL

        if not PREFECT_API_URL.value():
            return None
        ui = PREFECT_UI_URL.value() or PREFECT_API_URL.value().removesuffix("/api")
        return f"{ui.rstrip('/')}/runs/flow-run/{flow_run.id}"
    except Exception:
        return None


def run_intake(
    inputs: list[str], out: str, db: str | None = None, kind: str = "intake", progress: Progress | None = None
) -> tuple[RunResult, dict[str, Any]]:
    """The body of the intake and backfill flows (inside a flow run)."""
    outp = Path(out)
    outp.mkdir(parents=True, exist_ok=True)
    batch = collect([from_wire(i) for i in inputs])
    t0 = time.perf_counter()
    records, stats = _read_all(batch.groups, outp, db, progress)
    t1 = time.perf_counter()
    # quote(): a batch's records are big; Prefect need not search them for futures
    result = finish(quote(batch.groups), quote(records), out, db, kind, quote(batch.skipped))
    stats["seconds_reading"] = round(t1 - t0, 1)
    stats["seconds_finishing"] = round(time.perf_counter() - t1, 1)
    stats["skipped"] = len(batch.skipped)
    result.stats = stats
    try:
        create_markdown_artifact(
            markdown=flags_markdown(result),
            key=f"{kind}-flags",
            description=f"flags of the {kind} run on {', '.join(inputs)[:200]}",
        )
        get_run_logger().info("%s: %s documents (%s)", kind, len(result.documents), stats)
    except Exception:  # artifacts need an API; a plain call of the body has none
        pass
    return result, stats


@flow(name="intake-batch", task_runner=ThreadPoolTaskRunner(max_workers=THREADS))
def intake_batch(inputs: list[str], out: str, db: str | None = None) -> dict[str, Any]:
    result, stats = run_intake(inputs, out, db, "intake", flow_progress.current())
    flow_progress.set_result(result)
    return {
        "documents": len(result.documents),
        "submissions": len(result.submissions),
        "flags": len(result.flags),
        **stats,
        "skipped": [list(x) for x in result.skipped],
        "watch": _watch_url(),
    }


@flow(name="backfill-legacy", task_runner=ThreadPoolTaskRunner(max_workers=THREADS))
def backfill_legacy(inputs: list[str], out: str, db: str | None = None) -> dict[str, Any]:
    """Legacy 产业技术创新战略联盟 records into the registry, marked legacy, with a report of what
    could not be read (OUT/backfill_report.json)."""
    result, stats = run_intake(inputs, out, db, "backfill", flow_progress.current())
    flow_progress.set_result(result)
    unreadable = [
        {"path": d.source.path, "reason": (d.extra.get("error") or {}).get("reason")}
        for d in result.documents
        if d.doc_type == "unreadable"
    ]
    not_legacy = [
        {"path": d.source.path, "doc_type": d.doc_type}
        for d in result.documents
        if d.doc_type not in ("legacy_alliance", "unreadable")
    ]
    report = {
        "documents": len(result.documents),
        "submissions": len(result.submissions),
        "unreadable": unreadable,
        "recorded_as_legacy_though_read_as": not_legacy,
        **stats,
        "skipped": [list(x) for x in result.skipped],
        "watch": _watch_url(),
    }
    write_json(Path(out) / "backfill_report.json", report)
    return report


@flow(name="recheck-registry")
def recheck_registry(db: str | None = None, out: str | None = None) -> dict[str, Any]:
    """Every rule and cross-check again over the registry (after a rule pack changes): which
    flags are new, resolved, unchanged."""
    from pipeline.recheck import recheck
    from pipeline.registry import Registry

    reg = Registry.open(db, out_dir=out)
    try:
        report = recheck(reg)
    finally:
        reg.close()
    if out:
        write_json(Path(out) / "recheck_report.json", report)
    try:
        md = "| | count |\n| --- | --- |\n" + "\n".join(
            f"| {k} | {len(v)} |" for k, v in report.items() if isinstance(v, list)
        )
        create_markdown_artifact(markdown=md, key="recheck")
    except Exception:
        pass
    return report


def run_flow(
    which: str,
    inputs: list[str],
    out: str,
    db: str | None,
    dask: str | None = None,
    progress: Progress | None = None,
) -> dict[str, Any]:
    """Run a flow on the Prefect server named by PREFECT_API_URL or started by `intake server
    start` (else a temporary local API), its tasks on threads here or on a Dask cluster, with a
    progress callback."""
    f = {"intake": intake_batch, "backfill": backfill_legacy}[which]
    if dask:
        from prefect_dask import DaskTaskRunner

        f = f.with_options(task_runner=DaskTaskRunner(address=dask))
    flow_progress.set_current(progress)
    t = time.perf_counter()
    try:
        wired = [to_wire(i) for i in inputs]  # a flow's parameters go to the API as JSON
        return dict(f(inputs=wired, out=out, db=db), seconds=round(time.perf_counter() - t, 1))
    finally:
        flow_progress.set_current(None)
