"""A batch run without orchestration: read every file (pipeline.reading), then `finish_batch`:
assemble submissions, check them, record them, write the results. The Prefect flows (flows/)
call these same functions."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from extractors.limits import Limits
from models.record import DocumentRecord, Flag, SubmissionRecord
from pipeline.batch import Batch, Group, InFile, assemble, collect, group_loose, submission_id
from pipeline.output import write_results
from pipeline.reading import Probed, Progress, from_registry, probe, read_probed
from pipeline.submission import check_submission


@dataclass
class RunResult:
    documents: list[DocumentRecord] = field(default_factory=list)
    submissions: list[SubmissionRecord] = field(default_factory=list)
    flags: list[Flag] = field(default_factory=list)  # every flag of the run and the registry
    skipped: list[tuple[str, str]] = field(default_factory=list)  # names left out, and why
    stats: dict[str, Any] = field(default_factory=dict)

    def contract(self) -> tuple[list[dict], list[dict], list[dict]]:
        return (
            [d.to_contract() for d in self.documents],
            [s.to_contract() for s in self.submissions],
            [f.model_dump(mode="json") for f in self.flags],
        )


def read_batch(
    batch: Batch,
    out: Path | None = None,
    limits: Limits | None = None,
    workers: int = 1,
    registry: Any = None,
    progress: Progress | None = None,
    stats: dict[str, Any] | None = None,
) -> dict[InFile, DocumentRecord]:
    """Every file's record: refused at a look, from the registry, from the cache, or read by
    `workers` killable worker processes at once."""
    stats = stats if stats is not None else {}
    probed = probe(batch.files(), limits)
    records = from_registry(probed, registry)
    stats["registry"] = len(records)
    if progress:
        for rec in records.values():
            progress(rec, True)
    todo = [p for p in probed if p.file not in records]
    lock = threading.Lock()

    def one(p: Probed) -> dict[InFile, DocumentRecord]:
        mine: dict[str, int] = {}
        got = read_probed([p], out, limits, progress, mine)
        with lock:
            for k, v in mine.items():
                stats[k] = stats.get(k, 0) + v
        return got

    from pipeline.workers import shared_pool

    shared_pool().share_cores(min(max(1, workers), len(todo)))
    with ThreadPoolExecutor(max_workers=max(1, workers)) as ex:
        for got in ex.map(one, todo):
            records.update(got)
    return records


def build_submissions(read: Iterable[tuple[Group, list[DocumentRecord]]]) -> list[SubmissionRecord]:
    subs: list[SubmissionRecord] = []
    for g, recs in read:
        if not recs:
            continue
        if g.loose:
            for _, rs in group_loose(recs).items():
                subs.append(assemble(submission_id("", rs), rs))
        else:
            subs.append(assemble(submission_id(g.folder, recs), recs))
    return subs


def dedupe(flags: Iterable[Flag]) -> list[Flag]:
    seen: set[tuple] = set()
    out = []
    for f in flags:
        if f.key() not in seen:
            seen.add(f.key())
            out.append(f)
    return out


def finish_batch(
    groups: list[Group],
    records: dict[InFile, DocumentRecord],
    out: Path | str | None = None,
    registry: Any = None,
    kind: str = "intake",
    skipped: list[tuple[str, str]] | None = None,
) -> RunResult:
    """From every file's record to the batch's result, for the loop and the flow alike: submissions
    assembled and checked, recorded in the registry with the cross-consortium checks of what they
    touch, the results written to OUT."""
    read = [(g, [records[f] for f in g.files]) for g in groups]
    docs = [r for _, rs in read for r in rs]
    if kind == "backfill":
        for d in docs:
            d.extra["legacy_backfill"] = True
    subs = build_submissions(read)
    by_sha = {d.source.sha256: d for d in docs}
    facts = None
    if registry is not None:
        from pipeline.exclusions import registry_facts

        facts = registry_facts(registry)
    for s in subs:
        s.flags = check_submission(s, [by_sha[x] for x in s.documents if x in by_sha], facts)
    flags: list[Flag] = [f for d in docs for f in d.flags] + [f for s in subs for f in s.flags]
    if registry is not None:
        flags += registry.record_and_check(docs, subs, kind=kind, legacy=(kind == "backfill"))
    result = RunResult(documents=docs, submissions=subs, flags=dedupe(flags), skipped=list(skipped or []))
    if out is not None:
        write_results(Path(out), *result.contract())
    return result


def run_batch(
    inputs: list[str],
    out: Path | str | None = None,
    limits: Limits | None = None,
    workers: int = 1,
    registry: Any = None,
    progress: Progress | None = None,
    kind: str = "intake",
) -> RunResult:
    """The plain loop: the batch read by `workers` worker processes, then finished."""
    batch = collect(inputs)
    stats: dict[str, Any] = {}
    t0 = time.perf_counter()
    records = read_batch(
        batch, Path(out) if out is not None else None, limits, workers, registry, progress, stats
    )
    t1 = time.perf_counter()
    result = finish_batch(batch.groups, records, out, registry, kind, batch.skipped)
    stats["seconds_reading"] = round(t1 - t0, 1)
    stats["seconds_finishing"] = round(time.perf_counter() - t1, 1)
    result.stats = stats
    return result
