"""Documents read in worker processes that can be killed: each document has a wall-clock budget
(INTAKE_DOC_BUDGET_S); past it, or when a reader crashes its process (a segfault in a native
library, the kernel's out-of-memory killer), the worker is killed with everything it started (a
LibreOffice conversion included), the document becomes `unreadable` with the reason, and the
batch goes on with a fresh worker.

A worker is a plain child process (`python -m pipeline.workers`), not a multiprocessing one, so
it can be started from anywhere a batch runs, a daemonic Dask worker included. It reads one job
a line on stdin and answers one record a line on its own copy of stdout (anything a library
prints goes to stderr). The pool keeps one worker per caller running at once: the plain loop's
threads and the flow's task threads each take an idle worker or start one.
"""

from __future__ import annotations

import atexit
import dataclasses
import json
import os
import select
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import settings
from extractors.limits import Limits
from models.record import DocumentRecord
from pipeline.documents import unreadable_record

_ROOT = str(Path(__file__).resolve().parent.parent)  # the checkout this code runs from
RETRY_DELAYS = (2, 10)  # a LibreOffice time-out is worth two more tries
STARTUP_S = 300  # a new worker's imports on a busy machine


class WorkerDied(Exception):
    pass


class _Worker:
    def __init__(self, ocr_threads: int | None = None) -> None:
        env = dict(os.environ)
        if ocr_threads and not settings.ocr_threads():  # a share of the cores, unless the user set it
            env["INTAKE_OCR_THREADS"] = str(ocr_threads)
        # the child imports this checkout's code, whatever the parent's sys.path was built from
        env["PYTHONPATH"] = os.pathsep.join(p for p in (_ROOT, env.get("PYTHONPATH")) if p)
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "pipeline.workers"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            env=env,
            start_new_session=True,  # its own process group: killed with what it started
        )
        self.ocr_threads = ocr_threads
        self.buf = b""
        self.ready = False

    def call(self, job: dict, timeout: float) -> dict:
        """Send a job, wait for its answer at most `timeout` seconds (TimeoutError), or
        WorkerDied when the process ends first. A new worker's start-up (imports, dictionaries)
        is waited for first and does not count against the job's time."""
        assert self.proc.stdin is not None and self.proc.stdout is not None
        self.wait_ready()
        try:
            self.proc.stdin.write(json.dumps(job).encode("ascii") + b"\n")  # ascii: \\udcxx kept
            self.proc.stdin.flush()
        except (BrokenPipeError, OSError) as e:
            raise WorkerDied(self._how()) from e
        return self._answer(timeout)

    def wait_ready(self) -> None:
        """Wait for the worker's start-up (imports, dictionaries): WorkerDied if it fails."""
        if not self.ready:
            try:
                self._answer(STARTUP_S)
            except TimeoutError as e:
                raise WorkerDied(f"did not start within {STARTUP_S} s") from e
            self.ready = True

    def _answer(self, timeout: float) -> dict:
        assert self.proc.stdout is not None
        fd = self.proc.stdout.fileno()
        deadline = time.monotonic() + timeout
        while b"\n" not in self.buf:
            left = deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError
            ready, _, _ = select.select([fd], [], [], left)
            if not ready:
                continue
            chunk = os.read(fd, 1 << 20)
            if not chunk:
                raise WorkerDied(self._how())
            self.buf += chunk
        line, _, self.buf = self.buf.partition(b"\n")
        return json.loads(line)

    def _how(self) -> str:
        try:
            rc = self.proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            return "stopped answering"
        if rc < 0:
            try:
                return f"killed by {signal.Signals(-rc).name}"
            except ValueError:
                return f"killed by signal {-rc}"
        return f"exited with status {rc}"

    def kill(self) -> None:
        try:
            os.killpg(self.proc.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            pass
        for f in (self.proc.stdin, self.proc.stdout):
            try:
                if f:
                    f.close()
            except OSError:
                pass

    def close(self) -> None:
        try:
            if self.proc.stdin:
                self.proc.stdin.close()
            self.proc.wait(timeout=10)
        except (OSError, subprocess.TimeoutExpired):
            self.kill()


class WorkerPool:
    """Read documents in killable child processes, one at a time per caller thread."""

    def __init__(self) -> None:
        self._idle: list[_Worker] = []
        self._all: set[_Worker] = set()
        self._lock = threading.Lock()
        self.killed: list[int] = []  # workers stopped for time or after a crash (their pids)
        self.ocr_threads: int | None = None  # OCR threads of the workers started from now on

    def share_cores(self, readers: int) -> None:
        """`readers` documents will be read at once (the plain loop's or the flow's threads): each
        worker started from now on runs its OCR on an equal share of the machine's cores (at least
        one), unless INTAKE_OCR_THREADS says otherwise. Left to themselves, two readers would each
        run a thread per core against each other."""
        self.ocr_threads = max(1, settings.cores() // readers) if readers > 1 else None
        with self._lock:  # idle workers started with another share are not reused
            stale = [w for w in self._idle if w.ocr_threads != self.ocr_threads]
            self._idle = [w for w in self._idle if w.ocr_threads == self.ocr_threads]
            self._all.difference_update(stale)
        for w in stale:
            w.close()

    def _take(self) -> _Worker:
        with self._lock:
            if self._idle:
                return self._idle.pop()
        w = _Worker(self.ocr_threads)
        with self._lock:
            self._all.add(w)
        return w

    def _give(self, w: _Worker) -> None:
        with self._lock:
            self._idle.append(w)

    def _drop(self, w: _Worker) -> None:
        w.kill()
        with self._lock:
            self._all.discard(w)
            self.killed.append(w.proc.pid)

    def start(self) -> None:
        """A worker started and waited for (its imports and dictionaries loaded), then kept idle:
        the next document read waits for nothing but its reading (a Dask worker warmed before a
        batch: flows.env.warm_up_reader)."""
        w = self._take()
        try:
            w.wait_ready()
        except WorkerDied:
            self._drop(w)
            raise
        self._give(w)

    def read(
        self,
        path: str,
        shown: str,
        root: str | None,
        limits: Limits | None = None,
        budget_s: float | None = None,
    ) -> DocumentRecord:
        """One document's record, read in a worker within the budget (default INTAKE_DOC_BUDGET_S)."""
        budget = budget_s if budget_s is not None else settings.doc_budget_s()
        lim = limits or Limits.from_env()
        job = {"path": path, "shown": shown, "root": root, "limits": dataclasses.asdict(lim)}
        w = self._take()
        try:
            answer = w.call(job, budget)
        except TimeoutError:
            self._drop(w)
            return unreadable_record(
                shown,
                b"",
                f"reading took longer than the budget of {budget:g} s (INTAKE_DOC_BUDGET_S) and was stopped",
                "time_budget",
                sha256=_sha_or_none(path, root, lim.max_file_bytes),
            )
        except WorkerDied as e:
            self._drop(w)
            return unreadable_record(
                shown,
                b"",
                f"the reader's process {e} while reading this file",
                "reader_crashed",
                sha256=_sha_or_none(path, root, lim.max_file_bytes),
            )
        except BaseException:
            self._drop(w)
            raise
        self._give(w)
        return DocumentRecord.model_validate(answer)

    def close(self) -> None:
        with self._lock:
            workers, self._idle, self._all = list(self._all), [], set()
        for w in workers:
            w.close()


def _sha_or_none(path: str, root: str | None, max_bytes: int) -> str | None:
    from pipeline.files import Refused, sha256_checked

    try:
        return sha256_checked(path, root, max_bytes)
    except (Refused, OSError):
        return None


_SHARED: dict[str, WorkerPool] = {}
_SHARED_LOCK = threading.Lock()


def shared_pool() -> WorkerPool:
    """The process's pool (workers are kept between batches and closed at exit)."""
    with _SHARED_LOCK:
        if "pool" not in _SHARED:
            _SHARED["pool"] = WorkerPool()
            atexit.register(_SHARED["pool"].close)
        return _SHARED["pool"]


# ---------------------------------------------------------------------------- the worker side
def _read_one(job: dict) -> DocumentRecord:
    from extractors.errors import ConversionFailed
    from pipeline.documents import process_file

    limits = Limits(**job["limits"])
    for delay in (*RETRY_DELAYS, None):
        try:
            return process_file(
                job["path"], limits, display_path=job["shown"], transient=delay is not None, root=job["root"]
            )
        except ConversionFailed:
            time.sleep(delay or 0)
    raise AssertionError("unreachable: the last try is not transient")


def _warm_up() -> None:
    """What every document needs, loaded before the first one's clock starts (the OCR engine
    is loaded by the first scan)."""
    from extractors.fields.rd import nlp_and_matcher
    from pipeline.documents import process_file  # noqa: F401 - the readers and extractors

    nlp_and_matcher()


def _exit_with_parent() -> None:
    """A worker lives in its own process group (so that a kill takes what it started); it must
    still not outlive the batch when the batch itself is killed (kill -9 of `intake process`)."""
    parent = os.getppid()

    def watch() -> None:
        while True:
            time.sleep(2)
            if os.getppid() != parent:
                os.killpg(os.getpgrp(), signal.SIGKILL)

    threading.Thread(target=watch, daemon=True).start()


def main() -> None:
    _exit_with_parent()
    answers = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)  # whatever a library prints goes to stderr, never into the answers
    sys.stdout = sys.stderr
    _warm_up()
    answers.write(b'{"ready": true}\n')
    answers.flush()
    for line in sys.stdin.buffer:
        if not line.strip():
            continue
        rec = _read_one(json.loads(line))
        answers.write(rec.model_dump_json().encode("utf-8") + b"\n")
        answers.flush()


if __name__ == "__main__":
    main()
