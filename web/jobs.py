"""Uploads: files saved under OUT/uploads/<job>/ (names cleaned, sizes and types capped), then the
intake flow run on them in a child process (`intake process`), its progress read from the
documents it has written so far."""

from __future__ import annotations

import datetime as dt
import json
import re
import secrets
import subprocess
import sys
import threading
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import settings

ALLOWED_SUFFIXES = {".docx", ".doc", ".pdf", ".png", ".jpg", ".jpeg", ".tif", ".tiff", ".bmp"}
_BAD = re.compile(r"[\x00-\x1f\\:*?\"<>|]")


max_upload_bytes = settings.max_upload_bytes
max_upload_files = settings.max_upload_files


class UploadRejected(ValueError):
    pass


def clean_parts(name: str) -> list[str]:
    """A client's file name (possibly a relative path from a folder upload) as safe path parts:
    no absolute paths, no '..', no control or reserved characters."""
    parts = []
    for p in name.replace("\\", "/").split("/"):
        p = _BAD.sub("_", p).strip().strip(".")
        if p and p not in (".", ".."):
            parts.append(p[:120])
    if not parts:
        raise UploadRejected(f"文件名不可用：{name!r}")
    return parts[-3:]  # at most folder/submission/file


def check_file(name: str, size: int) -> None:
    suffix = Path(name).suffix.lower()
    if suffix not in ALLOWED_SUFFIXES:
        raise UploadRejected(f"“{name}”的类型不受理（只收 {' '.join(sorted(ALLOWED_SUFFIXES))}）")
    if size > max_upload_bytes():
        raise UploadRejected(f"“{name}”超过单个文件 {max_upload_bytes() // (1024 * 1024)} MB 的上限")
    if size == 0:
        raise UploadRejected(f"“{name}”是空文件")


@dataclass
class Job:
    id: str
    folder: str
    out: str
    files: int
    user: str
    started: str = field(default_factory=lambda: dt.datetime.now().isoformat(timespec="seconds"))
    state: str = "running"  # running / done / failed
    finished: str | None = None
    message: str = ""
    done: int = 0
    skipped: list[dict] = field(default_factory=list)  # names the batch left out, and why

    def progress(self) -> dict[str, Any]:
        docs = Path(self.out) / "documents"
        if self.state == "running" and docs.exists():
            self.done = min(self.files, len(list(docs.glob("*.json"))))
        return asdict(self)


class Jobs:
    def __init__(self, out_dir: Path, db_url: str, use_prefect: bool = True) -> None:
        self.out_dir = out_dir
        self.db_url = db_url
        self.use_prefect = use_prefect
        self.jobs: dict[str, Job] = {}
        self._lock = threading.Lock()

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
        threading.Thread(target=self._run, args=(job,), daemon=True).start()
        return job

    def _run(self, job: Job) -> None:
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
        try:
            p = subprocess.run(cmd, capture_output=True, text=True, cwd=str(self.out_dir))
            if p.returncode == 0:
                job.state = "done"
                run = Path(job.out) / "run.json"  # what the run recorded and what it skipped
                report = json.loads(run.read_text(encoding="utf-8")) if run.exists() else {}
                job.done = report.get("documents", job.files)
                job.skipped = report.get("skipped", [])
                job.message = p.stdout.strip().splitlines()[-1] if p.stdout.strip() else ""
            else:
                job.state = "failed"
                job.message = (p.stderr or p.stdout).strip()[-2000:]
        except Exception as e:  # the job fails with its reason; the server goes on
            job.state = "failed"
            job.message = f"{type(e).__name__}: {e}"
        job.finished = dt.datetime.now().isoformat(timespec="seconds")
        Path(job.out).mkdir(parents=True, exist_ok=True)
        (Path(job.out) / "job.json").write_text(json.dumps(asdict(job), ensure_ascii=False), encoding="utf-8")

    def get(self, jid: str) -> Job | None:
        with self._lock:
            if jid in self.jobs:
                return self.jobs[jid]
        p = self.out_dir / "runs" / jid / "job.json"
        if re.fullmatch(r"[0-9A-Za-z\-]{1,64}", jid) and p.exists():
            return Job(**json.loads(p.read_text(encoding="utf-8")))
        return None

    def recent(self, n: int = 20) -> list[Job]:
        ids = set(self.jobs)
        runs = self.out_dir / "runs"
        if runs.exists():
            ids |= {p.name for p in runs.iterdir() if (p / "job.json").exists()}
        jobs = [j for j in (self.get(i) for i in sorted(ids, reverse=True)[:n]) if j]
        return jobs
