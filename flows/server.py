"""A Prefect server on loopback with its home under the working directory: started for the length
of a test or bench (`start`/`stop`), or left running by `intake server start` (`start_kept`,
`running`, `stop_kept`) so that every `intake process` reports to it instead of starting a
temporary API of its own (about 11 s each time), and its UI shows the runs. A Dask cluster's
workers must all report to one such server (each would otherwise start a temporary one)."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path


def free_port() -> int:
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def start(
    home: Path, timeout: float = 180, port: int | None = None, log: Path | None = None
) -> tuple[subprocess.Popen, str]:
    """`prefect server start` on 127.0.0.1 with its own home; the process and its API URL, once healthy."""
    port = port or free_port()
    home.mkdir(parents=True, exist_ok=True)
    env = {
        **os.environ,
        "PREFECT_HOME": str(home),
        "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
        "DO_NOT_TRACK": "1",
        "PREFECT_SERVER_SERVICES_TASK_RUN_RECORDER_BATCH_SIZE": "200",
        "PREFECT_SERVER_SERVICES_TASK_RUN_RECORDER_READ_BATCH_SIZE": "200",
    }
    env.pop("PREFECT_API_URL", None)
    proc = subprocess.Popen(
        [sys.executable, "-m", "prefect", "server", "start", "--host", "127.0.0.1", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=open(log, "ab") if log else subprocess.DEVNULL,  # the server keeps it open
        start_new_session=True,
    )
    api = f"http://127.0.0.1:{port}/api"
    deadline = time.time() + timeout
    while time.time() < deadline:
        if proc.poll() is not None:
            raise RuntimeError("prefect server exited before it was healthy")
        if healthy(api):
            return proc, api
        time.sleep(0.5)
    stop(proc)
    raise RuntimeError(f"prefect server did not come up within {timeout} s")


def stop(proc: subprocess.Popen) -> None:
    try:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=60)
    except (ProcessLookupError, subprocess.TimeoutExpired):
        os.killpg(proc.pid, signal.SIGKILL)


def healthy(api: str, timeout: float = 2) -> bool:
    try:
        with urllib.request.urlopen(api + "/health", timeout=timeout) as r:
            return r.status == 200
    except OSError:
        return False


def _state_file(home: Path) -> Path:
    return home / "intake-server.json"


def running(home: Path) -> dict | None:
    """The server `intake server start` left running under this home, if it still answers."""
    try:
        state = json.loads(_state_file(home).read_text(encoding="utf-8"))
        os.kill(int(state["pid"]), 0)
    except (OSError, ValueError, KeyError):
        return None
    return state if healthy(state["api"]) else None


def start_kept(home: Path, port: int = 4200) -> dict:
    """A server that outlives this process (its own session), its state kept in
    HOME/intake-server.json for `running` and `stop_kept`; port 4200 unless taken."""
    state = running(home)
    if state:
        return {**state, "already": True}
    try:
        with socket.socket() as s:
            s.bind(("127.0.0.1", port))
    except OSError:
        port = free_port()
    proc, api = start(home, port=port, log=home / "server.log")
    state = {"pid": proc.pid, "api": api, "ui": api.removesuffix("/api"), "home": str(home)}
    _state_file(home).write_text(json.dumps(state), encoding="utf-8")
    return state


def stop_kept(home: Path) -> dict | None:
    try:
        state = json.loads(_state_file(home).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    try:
        os.killpg(int(state["pid"]), signal.SIGTERM)
        for _ in range(120):
            os.kill(int(state["pid"]), 0)
            time.sleep(0.5)
        os.killpg(int(state["pid"]), signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass
    _state_file(home).unlink(missing_ok=True)
    return state
