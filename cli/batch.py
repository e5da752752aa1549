"""`intake process`, `intake backfill`, `intake recheck`: batches through the flows or the plain loop."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from cli.common import opened_registry


class _Progress:
    """Documents done, pages OCR'd, rate and ETA on the terminal (stderr); quiet when not a TTY."""

    def __init__(self, total: int):
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

        self.ocr_pages = 0
        self.reused = 0
        self.bar = Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("{task.fields[rate]} docs/min · {task.fields[ocr]} pages OCR'd"),
            TimeRemainingColumn(),
            console=Console(stderr=True),
            disable=not sys.stderr.isatty(),
        )
        self.task = self.bar.add_task("reading", total=total, rate="-", ocr=0)
        import time

        self.t0 = time.perf_counter()

    def __enter__(self) -> _Progress:
        self.bar.__enter__()
        return self

    def __exit__(self, *exc) -> None:
        self.bar.__exit__(*exc)

    def __call__(self, rec, reused: bool) -> None:
        import time

        if rec.source.ocr_used and not reused:
            self.ocr_pages += rec.source.pages or 1
        self.reused += reused
        self.bar.advance(self.task)
        done = self.bar.tasks[0].completed
        rate = done / max(1e-6, time.perf_counter() - self.t0) * 60
        self.bar.update(self.task, rate=f"{rate:.0f}", ocr=self.ocr_pages)


def _count_files(inputs: list[str]) -> int:
    from pipeline.batch import collect

    return len(collect(inputs).files())


def _load_out(out: Path):
    """The run's results as written (the flows write them; the summary reads them back)."""
    from models.record import DocumentRecord, Flag, SubmissionRecord
    from pipeline.run import RunResult

    docs = [
        DocumentRecord.model_validate(json.loads(p.read_text(encoding="utf-8")))
        for p in sorted((out / "documents").glob("*.json"))
    ]
    subs = [
        SubmissionRecord.model_validate(x)
        for x in json.loads((out / "submissions.json").read_text(encoding="utf-8"))
    ]
    flags = [Flag.model_validate(x) for x in json.loads((out / "flags.json").read_text(encoding="utf-8"))]
    return RunResult(documents=docs, submissions=subs, flags=flags)


def _report(out: Path, documents: int, skipped: list, stats: dict) -> None:
    """The skipped names on the terminal, and OUT/run.json for whoever started the run (the web
    app's upload jobs read it: documents recorded, names skipped and why)."""
    if skipped:
        print(f"skipped {len(skipped)} (not documents of the batch):")
        for name, why in skipped:
            print(f"  {name}: {why}")
    from pipeline.output import write_json

    write_json(
        out / "run.json",
        {"documents": documents, "skipped": [{"name": n, "why": w} for n, w in skipped], "stats": stats},
    )


def cmd_process(a: argparse.Namespace, which: str = "intake") -> int:
    from cli.summary import print_summary

    out = Path(a.out)
    out.mkdir(parents=True, exist_ok=True)
    if a.no_prefect:
        from pipeline.run import run_batch

        registry = None
        if not a.no_registry:
            from pipeline.registry import Registry

            registry = Registry.open(a.db, out_dir=a.out)
        with _Progress(_count_files(a.inputs)) as progress:
            result = run_batch(
                a.inputs, out, workers=a.workers, registry=registry, progress=progress, kind=which
            )
        print_summary(result, out)
        _report(out, len(result.documents), result.skipped, result.stats)
        st = result.stats
        print(
            f"{which}: {st.get('read', 0)} read, {st.get('cache', 0)} from an earlier run's results, "
            f"{st.get('registry', 0)} already in the registry, {st.get('refused', 0)} refused unread; "
            f"{progress.ocr_pages} pages OCR'd"
        )
        return 0
    from flows import progress as flow_progress
    from flows.intake import run_flow

    with _Progress(_count_files(a.inputs)) as progress:
        stats = run_flow(which, a.inputs, str(out), a.db, dask=a.dask, progress=progress)
    result = flow_progress.pop_result() or _load_out(out)
    print_summary(result, out)
    _report(
        out,
        len(result.documents),
        stats.get("skipped") or [],
        {k: v for k, v in stats.items() if k != "skipped"},
    )
    if stats.get("watch"):
        print(f"watch the run in Prefect's UI: {stats['watch']}")
    print(
        f"{which}: {stats.get('read', 0)} read, {stats.get('cache', 0)} from an earlier run's results, "
        f"{stats.get('registry', 0)} already in the registry, {stats.get('refused', 0)} refused unread, "
        f"{stats.get('failed', 0)} failed; {progress.ocr_pages} pages OCR'd; {stats.get('seconds')} s"
    )
    return 0


def cmd_backfill(a: argparse.Namespace) -> int:
    from pipeline.sheets import SHEET_SUFFIXES

    sheets = [x for x in a.inputs if Path(x).is_file() and Path(x).suffix.lower() in SHEET_SUFFIXES]
    others = [x for x in a.inputs if x not in sheets]
    registers = _backfill_registers(a, sheets) if sheets else []
    rc = 0
    if others:
        a.inputs = others
        a.no_prefect = False
        rc = cmd_process(a, "backfill")
    report_path = Path(a.out) / "backfill_report.json"
    report = json.loads(report_path.read_text(encoding="utf-8")) if report_path.exists() else {}
    if registers:
        report["registers"] = registers
        from pipeline.output import write_json

        write_json(report_path, report)
    if report.get("unreadable"):
        print(f"could not read {len(report['unreadable'])} files (see {report_path}):")
        for x in report["unreadable"]:
            print(f"  {x['path']}: {x['reason']}")
    for r in registers:
        if "error" in r:
            print(f"{r['file']}: {r['error']}")
            continue
        print(
            f"{r['file']}: {r['alliances']} alliances, {r['rows_taken']} rows taken, {len(r['rows_not_taken'])} not taken"
        )
        for x in r["rows_not_taken"]:
            print(f"  row {x['where']}: {x['reason']}")
    if registers:
        print(f"(report: {report_path})")
    return rc


def _backfill_registers(a: argparse.Namespace, sheets: list[str]) -> list[dict]:
    """Registers (spreadsheets of legacy alliances, one row per membership) into the registry."""
    from pipeline.output import write_json
    from pipeline.registers import read_register
    from pipeline.sheets import SheetError
    from pipeline.submission import check_submission

    out = Path(a.out)
    out.mkdir(parents=True, exist_ok=True)
    reports: list[dict] = []
    with opened_registry(a) as reg:
        for f in sheets:
            try:
                res = read_register(f)
            except (SheetError, OSError) as e:
                reports.append({"file": f, "error": str(e)})
                continue
            for sub in res.submissions:
                docs = [d for d in res.documents if d.source.sha256 in sub.documents]
                sub.flags = check_submission(sub, docs)
            reg.record_and_check(res.documents, res.submissions, kind="backfill", legacy=True)
            for d in res.documents:
                write_json(out / "documents" / f"{d.source.sha256}.json", d.to_contract())
            reports.append(res.report())
    return reports


def cmd_recheck(a: argparse.Namespace) -> int:
    from flows.intake import recheck_registry

    report = recheck_registry(db=a.db, out=a.out)
    for k in ("new", "resolved", "unchanged"):
        print(f"{k:9s} {len(report[k])}")
        if k != "unchanged":
            for f in report[k]:
                print(f"  {f['code']} {f['consortium'] or ''} {f['unit'] or ''}: {f['message']}")
    return 0
