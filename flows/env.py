"""Prefect's settings for intake, applied before Prefect is imported: its home inside the working
directory, no analytics (no network), quiet server logs. The server used: the one PREFECT_API_URL
names, else the one `intake server start` left running under this home (flows/server.py), else
a temporary local one Prefect starts on its database under PREFECT_HOME."""

from __future__ import annotations

import logging
import os

import settings


def configure(workdir: str | os.PathLike[str] | None = None) -> None:
    from flows import server

    home = settings.prefect_home(workdir)
    home.mkdir(parents=True, exist_ok=True)
    os.environ["PREFECT_HOME"] = str(home)
    if not settings.prefect_api_url():
        kept = server.running(home)
        if kept:
            os.environ["PREFECT_API_URL"] = kept["api"]
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    os.environ.setdefault("DO_NOT_TRACK", "1")
    os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")
    # a fresh Prefect database migrates on the temporary server's first start: give it time
    os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "120")
    os.environ.setdefault("PREFECT_SERVER_LOGGING_LEVEL", "ERROR")
    os.environ.setdefault("PREFECT_RESULTS_PERSIST_BY_DEFAULT", "true")
    if not settings.prefect_api_url():
        # The temporary server lives for one batch: automations (triggers, actions) have nothing
        # to act on and its event feed dies with it. Task runs, flow runs, logs and artifacts are
        # still recorded.
        for service in ("TRIGGERS", "ACTIONS", "EVENT_PERSISTER"):
            os.environ.setdefault(f"PREFECT_SERVER_SERVICES_{service}_ENABLED", "false")
        # task runs recorded 200 events to a transaction instead of one (flushed at least every
        # 5 s and on shutdown): the server's share of a document's cost drops by half
        os.environ.setdefault("PREFECT_SERVER_SERVICES_TASK_RUN_RECORDER_BATCH_SIZE", "200")
        os.environ.setdefault("PREFECT_SERVER_SERVICES_TASK_RUN_RECORDER_READ_BATCH_SIZE", "200")
    os.environ.setdefault("PREFECT_LOCAL_STORAGE_PATH", str(home / "storage"))
    # the temporary server logs its services' cancellation on shutdown as errors: not ours to show
    for name in (
        "prefect.server",
        "prefect.server.services",
        "prefect.server.events",
        "uvicorn",
        "uvicorn.error",
    ):
        logging.getLogger(name).setLevel(logging.CRITICAL)


_DASK_SHARE: dict[str, int | None] = {}


def share_cores_on_dask() -> int | None:
    """On a Dask worker, unless INTAKE_OCR_THREADS is set: this machine's cores shared among the
    Dask worker threads on it, at least one each, as INTAKE_OCR_THREADS for the document readers'
    worker processes this one starts (they inherit its environment). Left to onnxruntime, every
    reader would run a thread per core: two workers on two cores would run four OCR threads that
    spin against each other. Returns the threads set (None: not on Dask, or set by the user)."""
    if "threads" in _DASK_SHARE:
        return _DASK_SHARE["threads"]
    threads = None
    if not settings.ocr_threads():
        try:
            from distributed import get_client, get_worker

            me = get_worker()
        except (ImportError, ValueError):
            me = None
        if me is not None:
            host = me.address.split("://")[-1].rsplit(":", 1)[0]
            try:
                workers = get_client().scheduler_info(n_workers=-1)["workers"].values()
                here = sum(int(w.get("nthreads") or 1) for w in workers if w.get("host") == host)
            except Exception:  # the scheduler out of reach: this worker's own threads
                here = int(me.state.nthreads)
            threads = max(1, settings.cores() // max(1, here))
            os.environ["INTAKE_OCR_THREADS"] = str(threads)
    _DASK_SHARE["threads"] = threads
    return threads


def warm_up_reader() -> int | None:
    """Run as a task on a Dask worker (e.g. `client.submit(warm_up_reader, workers=[w])` for every
    worker of an existing cluster): its share of the cores decided, its document reader started and
    the modules the flow's tasks run imported, so that its first task of a batch only reads.
    Returns the OCR threads set (see share_cores_on_dask)."""
    import importlib

    from pipeline.workers import shared_pool

    threads = share_cores_on_dask()
    shared_pool().start()
    # what the flow's tasks run here, imported now rather than in the batch's first task
    for module in ("prefect.task_engine", "flows.intake"):
        importlib.import_module(module)
    return threads
