"""Upload jobs: files saved under OUT/uploads/<job>/, then the intake flow run on them in a child
process (`intake process`), at most INTAKE_JOB_CONCURRENCY at once (the others wait, queued, in
order). Progress is read from the documents a job has written so far. A failed job's output goes
to its log (OUT/runs/<job>/job.log, mode 600), not to the page."""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
import queue
import re
import secrets
import subprocess
import sys
import threading
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import settings

log = logging.getLogger("intake.jobs")
STATES = {"queued": "排队中", "running": "处理中", "done": "完成", "failed": "失败"}


@dataclass
class Job:
    id: str
    folder: str
    out: str
    files: int
    user: str
    started: str = field(default_factory=lambda: dt.datetime.now().isoformat(timespec="seconds"))
    state: str = "queued"  # queued / running / done / failed
    finished: str | None = None
    message: str = ""
    done: int = 0
    skipped: list[dict] = field(default_factory=list)  # names the batch left out, and why

    def progress(self) -> dict[str, Any]:
        docs = Path(self.out) / "documents"
        if self.state == "running" and docs.exists():
            self.done = min(self.files, len(list(docs.glob("*.json"))))
        d = asdict(self)
        d["state_label"] = STATES.get(self.state, self.state)
        return d


class Jobs:
    def __init__(self, out_dir: Path, db_url: str, use_prefect: bool = True, concurrency: int | None = None):
        self.out_dir = out_dir
        self.db_url = db_url
        self.use_prefect = use_prefect
        self.jobs: dict[str, Job] = {}
        self._lock = threading.Lock()
        self._queue: queue.Queue[Job] = queue.Queue()
        self.concurrency = concurrency or settings.job_concurrency()
        self._workers = [
            threading.Thread(target=self._work, name=f"intake-job-{i}", daemon=True)
            for i in range(self.concurrency)
        ]
        for w in self._workers:
            w.start()

    def new_folder(self, staging: bool = False) -> tuple[str, Path]:
        """A new job id and its upload folder (under OUT/uploads/.staging/ while files arrive)."""
        jid = dt.datetime.now().strftime("%Y%m%d-%H%M%S-") + secrets.token_hex(3)
        folder = self.out_dir / "uploads" / (".staging" if staging else "") / jid
        folder.mkdir(parents=True)
        return jid, folder

    def commit_folder(self, jid: str, staging: Path) -> Path:
        folder = self.out_dir / "uploads" / jid
        staging.rename(folder)
        return folder

    def start(self, jid: str, folder: Path, files: int, user: str) -> Job:
        out = self.out_dir / "runs" / jid
        job = Job(id=jid, folder=str(folder), out=str(out), files=files, user=user)
        with self._lock:
            self.jobs[jid] = job
        self._queue.put(job)
        return job

    def running(self) -> int:
        with self._lock:
            return sum(1 for j in self.jobs.values() if j.state == "running")

    def _work(self) -> None:
        while True:
            job = self._queue.get()
            try:
                self._run(job)
            except Exception:  # the worker goes on with the next job whatever happened
                log.exception("job %s failed", job.id)
            finally:
                self._queue.task_done()

    def command(self, job: Job) -> list[str]:
        cmd = [
            sys.executable,
            "-m",
            "cli",
            "process",
            job.folder,
            "--out",
            job.out,
            "--db",
            self.db_url,
        ]
        if not self.use_prefect:
            cmd.append("--no-prefect")
        return cmd

    def _run(self, job: Job) -> None:
        job.state = "running"
        Path(job.out).mkdir(parents=True, exist_ok=True)
        logfile = Path(job.out) / "job.log"
        try:
            fd = os.open(logfile, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            with os.fdopen(fd, "w") as lf:
                p = subprocess.run(
                    self.command(job), stdout=subprocess.PIPE, stderr=lf, text=True, cwd=str(self.out_dir)
                )
            if p.returncode == 0:
                job.state = "done"
                run = Path(job.out) / "run.json"  # what the run recorded and what it skipped
                report = json.loads(run.read_text(encoding="utf-8")) if run.exists() else {}
                job.done = report.get("documents", job.files)
                job.skipped = report.get("skipped", [])
                lines = [x for x in (p.stdout or "").strip().splitlines() if x.strip()]
                job.message = _summary(lines[0]) if lines else "处理完成"
            else:
                job.state = "failed"
                job.message = f"处理失败（退出码 {p.returncode}）；详情在服务器的任务日志中，请联系管理员"
                log.warning("job %s failed with exit code %s; see %s", job.id, p.returncode, logfile)
        except Exception as e:  # the job fails with its reason; the server goes on
            job.state = "failed"
            job.message = "处理失败；详情在服务器日志中，请联系管理员"
            log.warning("job %s could not run: %s: %s", job.id, type(e).__name__, e)
        job.finished = dt.datetime.now().isoformat(timespec="seconds")
        (Path(job.out) / "job.json").write_text(json.dumps(asdict(job), ensure_ascii=False), encoding="utf-8")

    def log_tail(self, jid: str, n: int = 4000) -> str:
        """The job's log (for an admin)."""
        job = self.get(jid)
        if job is None:
            return ""
        p = Path(job.out) / "job.log"
        try:
            return p.read_text(encoding="utf-8", errors="replace")[-n:]
        except OSError:
            return ""

    def get(self, jid: str) -> Job | None:
        with self._lock:
            if jid in self.jobs:
                return self.jobs[jid]
        if not re.fullmatch(r"[0-9A-Za-z\-]{1,64}", jid):
            return None
        p = self.out_dir / "runs" / jid / "job.json"
        if p.exists():
            return Job(**json.loads(p.read_text(encoding="utf-8")))
        return None

    def recent(self, n: int = 20) -> list[Job]:
        ids = set(self.jobs)
        runs = self.out_dir / "runs"
        if runs.exists():
            ids |= {p.name for p in runs.iterdir() if (p / "job.json").exists()}
        return [j for j in (self.get(i) for i in sorted(ids, reverse=True)[:n]) if j]


def _summary(line: str) -> str:
    """`13 documents in 5 submissions -> out` as words."""
    m = re.match(r"(\d+) documents? in (\d+) submissions?", line)
    return f"已处理{m.group(1)}个文件，{m.group(2)}个提交" if m else "处理完成"
