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
