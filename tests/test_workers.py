"""The reader processes' share of the machine: documents read at once share the cores, each
reader's OCR on its part; a reader can be started before a batch."""

from __future__ import annotations

from pathlib import Path

import settings
from pipeline.workers import WorkerPool


def _env_of(pid: int) -> dict[str, str]:
    raw = Path(f"/proc/{pid}/environ").read_bytes().split(b"\0")
    return dict(x.decode().split("=", 1) for x in raw if b"=" in x)


def test_readers_at_once_share_the_cores_unless_the_user_says(monkeypatch):
    monkeypatch.delenv("INTAKE_OCR_THREADS", raising=False)
    pool = WorkerPool()
    try:
        pool.share_cores(2)
        pool.start()  # started and ready, kept idle
        (w,) = pool._idle
        assert w.ready and _env_of(w.proc.pid)["INTAKE_OCR_THREADS"] == str(max(1, settings.cores() // 2))
        pool.share_cores(1)  # alone: the engine's own threads; the reader started for a share is not reused
        assert not pool._idle
        pool.start()
        assert "INTAKE_OCR_THREADS" not in _env_of(pool._idle[0].proc.pid)
        monkeypatch.setenv("INTAKE_OCR_THREADS", "3")  # set by the user: kept
        pool.share_cores(2)
        pool.start()
        assert _env_of(pool._idle[0].proc.pid)["INTAKE_OCR_THREADS"] == "3"
    finally:
        pool.close()
