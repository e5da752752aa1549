"""Settings an operator may change, from the environment."""

from __future__ import annotations

import datetime as dt
import os


def guangxi_cutover() -> dt.date:
    """The date from which 广西's 管理办法 (001) replaces the 2021 工作方案 (000) for filings."""
    return dt.date.fromisoformat(os.environ.get("INTAKE_GUANGXI_CUTOVER", "2025-01-01"))


def as_of() -> dt.date:
    """The day against which a consortium is current or expired (default: today)."""
    v = os.environ.get("INTAKE_AS_OF")
    return dt.date.fromisoformat(v) if v else dt.date.today()


def db_url(explicit: str | None = None, out_dir: str | None = None) -> str:
    """The registry: --db, else $INTAKE_DB, else a SQLite file in the output folder (or ./intake.db)."""
    if explicit:
        return explicit
    if os.environ.get("INTAKE_DB"):
        return os.environ["INTAKE_DB"]
    path = os.path.join(out_dir, "registry.db") if out_dir else "intake.db"
    return "sqlite:///" + os.path.abspath(path)


# --- the web app ---------------------------------------------------------------------------------


def _env_float(name: str, default: float) -> float:
    try:
        return float(os.environ.get(name, default))
    except ValueError:
        return default


def max_upload_bytes() -> int:
    """INTAKE_MAX_UPLOAD_MB (50): one uploaded file."""
    return int(_env_float("INTAKE_MAX_UPLOAD_MB", 50) * 1024 * 1024)


def max_upload_files() -> int:
    """INTAKE_MAX_UPLOAD_FILES (200): files in one upload."""
    return int(_env_float("INTAKE_MAX_UPLOAD_FILES", 200))


def max_upload_total_bytes() -> int:
    """INTAKE_MAX_UPLOAD_TOTAL_MB (500): one upload's whole request body; refused before it is read."""
    return int(_env_float("INTAKE_MAX_UPLOAD_TOTAL_MB", 500) * 1024 * 1024)


def job_concurrency() -> int:
    """INTAKE_JOB_CONCURRENCY (1): upload jobs that run at once; the others wait in a queue."""
    return max(1, int(_env_float("INTAKE_JOB_CONCURRENCY", 1)))


def secure_cookie() -> bool:
    """INTAKE_SECURE_COOKIE (off): send the session cookie over HTTPS only (behind a TLS proxy)."""
    return os.environ.get("INTAKE_SECURE_COOKIE", "").lower() in ("1", "true", "yes", "on")


def page_renders() -> int:
    """INTAKE_PAGE_RENDERS (2): page images rendered at once by the web app."""
    return max(1, int(_env_float("INTAKE_PAGE_RENDERS", 2)))
