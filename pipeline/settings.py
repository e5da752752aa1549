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
