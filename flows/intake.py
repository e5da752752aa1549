"""Thin Prefect flows over the pipeline: bulk intake, legacy backfill, registry re-check.

- One task per document (read + extract), cached on the file's sha256 and the pipeline version
  with its result persisted, so a re-run, or a batch resumed after being killed, never reads a
  finished file again; a file the registry already holds is not even submitted.
- Transient failures (a LibreOffice time-out) are retried; a document that fails for good is
  recorded as unreadable and the batch goes on.
- Submission checks and the cross-consortium checks run once per batch.
- Runs with a temporary local Prefect API by default, on a Prefect server where PREFECT_API_URL
  names one, and on an existing Dask cluster with `dask_address` (prefect-dask).
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from flows.env import configure

configure()

from prefect import flow, get_run_logger, task  # noqa: E402
from prefect.artifacts import create_markdown_artifact  # noqa: E402
from prefect.cache_policies import NO_CACHE  # noqa: E402
from prefect.futures import as_completed  # noqa: E402
from prefect.task_runners import ThreadPoolTaskRunner  # noqa: E402
from prefect.utilities.annotations import quote  # noqa: E402

from extractors.errors import ConversionFailed  # noqa: E402
from flows import progress as flow_progress  # noqa: E402
from models.record import DocumentRecord  # noqa: E402
from pipeline.batch import Group, collect  # noqa: E402
from pipeline.documents import PIPELINE_VERSION, process_file, sha256_of, unreadable_record  # noqa: E402
from pipeline.output import write_json, write_results  # noqa: E402
from pipeline.run import RunResult, build_submissions, dedupe  # noqa: E402
from pipeline.submission import check_submission  # noqa: E402

Progress = Callable[[DocumentRecord, bool], None]


def _document_key(context: Any, parameters: dict[str, Any]) -> str:
    return f"intake-doc-{parameters['sha']}-{PIPELINE_VERSION}"


def _transient(task: Any, task_run: Any, state: Any) -> bool:
    try:
        state.result()
    except ConversionFailed:
        return True
    except Exception:
        return False
    return False


@task(
    name="read-document",
    retries=2,
    retry_delay_seconds=[2, 10],
    retry_condition_fn=_transient,
    cache_key_fn=_document_key,
    persist_result=True,
    task_run_name="read {path}",
)
def read_document(path: str, sha: str) -> str:
    """Read and extract one file. A LibreOffice time-out is raised (and retried); any other bad
    input is the unreadable record, which is a result, not a failure. The record travels as JSON
    text: Prefect walks a returned collection object by object, a string it does not."""
    rec = process_file(path, transient=True)
    return rec.model_dump_json()


def _as_record(d: dict[str, Any] | str, path: str) -> DocumentRecord:
    rec = DocumentRecord.model_validate_json(d) if isinstance(d, str) else DocumentRecord.model_validate(d)
    if rec.source.path != path:  # the same bytes under another path: same record, this path
        rec.source.path = path
        for f in rec.flags:
            if f.document is not None:
                f.document = path
    return rec


@task(name="check-submissions", cache_policy=NO_CACHE, persist_result=False)
def check_submissions(
    groups: list[Group], records: dict[str, DocumentRecord], registry: Any = None
) -> list[Any]:
    """Submissions assembled and checked (their documents' rule flags re-applied under the
    submission's pack); `registry` is what the registry holds for the rules (RegistryFacts)."""
    read = [(g, [records[str(f)] for f in g.files]) for g in groups]
    subs = build_submissions(read)
    by_sha = {r.source.sha256: r for r in records.values()}
    for s in subs:
        s.flags = check_submission(s, [by_sha[x] for x in s.documents if x in by_sha], registry)
    return subs


def _registry_facts(db: str | None, out: str) -> Any:
    from pipeline.exclusions import registry_facts
    from pipeline.registry import Registry

    reg = Registry.open(db, out_dir=out)
    try:
        return registry_facts(reg)
    finally:
        reg.close()


@task(
    name="record-and-cross-check",
    retries=3,
    retry_delay_seconds=5,
    cache_policy=NO_CACHE,
    persist_result=False,
)
def record_and_cross_check(
    db: str | None, out: str, docs: list[DocumentRecord], subs: list[Any], kind: str = "intake"
) -> list[Any]:
    from pipeline.registry import Registry

    reg = Registry.open(db, out_dir=out)
    try:
        return reg.record_and_check(docs, subs, kind=kind, legacy=(kind == "backfill"))
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


def _read_all(
    groups: list[Group], out: Path, db: str | None, progress: Progress | None
) -> tuple[dict[str, DocumentRecord], dict[str, Any]]:
    """Every file's record: from the registry where it holds the file, else from a task."""
    from pipeline.registry import Registry

    files = [str(f) for g in groups for f in g.files]
    shas: dict[str, str] = {}
    for f in files:
        try:
            shas[f] = sha256_of(Path(f).read_bytes())
        except OSError:
            shas[f] = ""
    reg = Registry.open(db, out_dir=str(out))
    try:
        known = reg.known_records({s for s in shas.values() if s}, PIPELINE_VERSION)
    finally:
        reg.close()
    records: dict[str, DocumentRecord] = {}
    stats: dict[str, Any] = {"registry": 0, "cache": 0, "read": 0, "failed": 0}
    docs_dir = out / "documents"
    for f in files:
        if shas[f] in known:
            records[f] = _as_record(known[shas[f]], f)
            stats["registry"] += 1
            if progress:
                progress(records[f], True)
    todo = [f for f in files if f not in records]
    futures = {read_document.submit(path=f, sha=shas[f] or f"io-{f}"): f for f in todo}
    for fut in as_completed(list(futures)):
        f = futures[fut]
        try:
            rec = _as_record(fut.result(), f)
            cached = fut.state.name == "Cached"
            stats["cache" if cached else "read"] += 1
        except Exception as e:  # failed for good after its retries: unreadable, and the batch goes on
            data = Path(f).read_bytes() if Path(f).exists() else b""
            rec = unreadable_record(f, data, f"failed after retries: {type(e).__name__}: {e}", "failed")
            stats["failed"] += 1
            cached = False
        records[f] = rec
        write_json(docs_dir / f"{rec.source.sha256}.json", rec.to_contract())  # visible as soon as done
        if progress:
            progress(rec, cached)
    return records, stats


def run_intake(
    inputs: list[str], out: str, db: str | None = None, kind: str = "intake", progress: Progress | None = None
) -> tuple[RunResult, dict[str, Any]]:
    """The body of the intake and backfill flows (inside a flow run)."""
    outp = Path(out)
    outp.mkdir(parents=True, exist_ok=True)
    groups = collect(inputs)
    t0 = time.perf_counter()
    records, stats = _read_all(groups, outp, db, progress)
    t1 = time.perf_counter()
    docs = [records[str(f)] for g in groups for f in g.files]
    if kind == "backfill":
        for d in docs:
            d.extra["legacy_backfill"] = True
    # quote(): a batch's records are big; Prefect need not search them for futures
    subs = check_submissions(quote(groups), quote(records), quote(_registry_facts(db, out)))
    t2 = time.perf_counter()
    registry_flags = record_and_cross_check(db, out, quote(docs), quote(subs), kind)
    stats["seconds_reading"] = round(t1 - t0, 1)
    stats["seconds_checking"] = round(t2 - t1, 1)
    stats["seconds_recording"] = round(time.perf_counter() - t2, 1)
    flags = [f for d in docs for f in d.flags] + [f for s in subs for f in s.flags] + list(registry_flags)
    result = RunResult(documents=docs, submissions=subs, flags=dedupe(flags))
    write_results(outp, *result.contract())
    try:
        create_markdown_artifact(
            markdown=flags_markdown(result),
            key=f"{kind}-flags",
            description=f"flags of the {kind} run on {', '.join(inputs)[:200]}",
        )
        get_run_logger().info("%s: %s documents (%s)", kind, len(docs), stats)
    except Exception:  # artifacts need an API; a plain call of the body has none
        pass
    return result, stats


@flow(name="intake-batch", task_runner=ThreadPoolTaskRunner(max_workers=os.cpu_count() or 2))
def intake_batch(inputs: list[str], out: str, db: str | None = None) -> dict[str, Any]:
    result, stats = run_intake(inputs, out, db, "intake", flow_progress.current())
    flow_progress.set_result(result)
    return {
        "documents": len(result.documents),
        "submissions": len(result.submissions),
        "flags": len(result.flags),
        **stats,
    }


@flow(name="backfill-legacy", task_runner=ThreadPoolTaskRunner(max_workers=os.cpu_count() or 2))
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
    }
    write_json(Path(out) / "backfill_report.json", report)
    return report


@flow(name="recheck-registry")
def recheck_registry(db: str | None = None, out: str | None = None) -> dict[str, Any]:
    """Every rule and cross-check again over the registry (after a rule pack changes): which
    flags are new, resolved, unchanged."""
    from pipeline.registry import Registry

    reg = Registry.open(db, out_dir=out)
    try:
        report = reg.recheck()
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
    """Run a flow locally (temporary API) or on a Dask cluster, with a progress callback."""
    f = {"intake": intake_batch, "backfill": backfill_legacy}[which]
    if dask:
        from prefect_dask import DaskTaskRunner

        f = f.with_options(task_runner=DaskTaskRunner(address=dask))
    flow_progress.set_current(progress)
    t = time.perf_counter()
    try:
        return dict(f(inputs=inputs, out=out, db=db), seconds=round(time.perf_counter() - t, 1))
    finally:
        flow_progress.set_current(None)
