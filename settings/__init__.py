"""Every setting an operator may change, read from the environment in this one module.

Each setting is declared once in SETTINGS (name, default, what it does); the README's table of
settings is checked against it by a test, and no other module reads an INTAKE_ variable. Values
are read when asked for (not at import), so a test or an operator's shell can change them.

This module sits below every layer (models, extractors, pipeline, flows, web, cli) and imports
nothing of the project.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Setting:
    name: str
    default: str | None
    help: str


SETTINGS: tuple[Setting, ...] = (
    # --- the registry and the rules
    Setting(
        "INTAKE_DB",
        None,
        "the registry's SQLAlchemy URL (e.g. postgresql+psycopg2://…); default OUT/registry.db (SQLite)",
    ),
    Setting(
        "INTAKE_RULE_PACKS", None, "a folder of rule packs replacing the built-in ones (pipeline/rules/packs)"
    ),
    Setting("INTAKE_GUANGXI_CUTOVER", "2025-01-01", "the day 广西's 管理办法 replaces the 2021 工作方案"),
    Setting("INTAKE_AS_OF", None, "the day consortia are current on (default: today)"),
    # --- limits on one file (extractors/limits.py)
    Setting(
        "INTAKE_MAX_FILE_BYTES",
        str(200 * 1024 * 1024),
        "largest file read, in bytes (checked before reading)",
    ),
    Setting("INTAKE_MAX_UNZIPPED_BYTES", str(300 * 1024 * 1024), "largest total unzipped size of a .docx"),
    Setting("INTAKE_MAX_ZIP_RATIO", "200", "largest unzipped/zipped ratio of one .docx member (zip bombs)"),
    Setting("INTAKE_MAX_PDF_PAGES", "2000", "most pages of a PDF read"),
    Setting(
        "INTAKE_MAX_IMAGE_PIXELS",
        "60000000",
        "most pixels of any image decoded or page rendered (a larger PDF page is rendered at a lower scale)",
    ),
    Setting("INTAKE_OCR_DPI", "200", "resolution scanned PDF pages are rendered at for OCR"),
    Setting("INTAKE_DOC_TIMEOUT_S", "120", "time limit of one LibreOffice .doc conversion, in seconds"),
    # --- running a batch
    Setting(
        "INTAKE_DOC_BUDGET_S",
        "900",
        "wall-clock budget of one document (read and extract) in seconds; past it the worker process is "
        "killed and the document recorded unreadable",
    ),
    Setting(
        "INTAKE_OCR_THREADS",
        None,
        "OCR inference threads per process, either engine (default: the engine's choice; on a Dask worker, "
        "the machine's cores over the Dask threads on it)",
    ),
    Setting(
        "INTAKE_OCR_ENGINE",
        None,
        "OCR inference engine: openvino or onnxruntime (default: openvino where installed, ~2x faster on CPU)",
    ),
    Setting("INTAKE_CACHE_DIR", None, "folder for caches such as jieba's dictionary (default ./.cache)"),
    # --- the web app
    Setting("INTAKE_MAX_UPLOAD_MB", "50", "largest uploaded file, in MB"),
    Setting("INTAKE_MAX_UPLOAD_FILES", "200", "most files in one upload"),
    Setting(
        "INTAKE_SECRET_KEY",
        None,
        "the key signing session cookies (default: one generated once into OUT/.intake-secret-key)",
    ),
    Setting(
        "INTAKE_ADMIN_PASSWORD",
        None,
        "`intake serve` on a registry without users: create the account `admin` with this password",
    ),
    Setting("INTAKE_NEW_PASSWORD", None, "`intake users add`: the password, instead of a prompt"),
    Setting(
        "INTAKE_MAX_UPLOAD_TOTAL_MB", "500", "largest whole upload request, in MB (refused before it is read)"
    ),
    Setting(
        "INTAKE_JOB_CONCURRENCY", "1", "upload jobs run at once by the web app; the others wait in a queue"
    ),
    Setting("INTAKE_SECURE_COOKIE", None, "on: send the session cookie over HTTPS only (behind a TLS proxy)"),
    Setting("INTAKE_PAGE_RENDERS", "2", "page images the web app renders at once"),
)
_BY_NAME = {s.name: s for s in SETTINGS}


def raw(name: str) -> str | None:
    """The setting's value as set (an empty value counts as unset), else its default."""
    s = _BY_NAME[name]  # a KeyError here is a setting not declared above
    v = os.environ.get(name)
    return v if v not in (None, "") else s.default


def integer(name: str) -> int:
    """An integer setting; a value that is not a number falls back to the default."""
    v = raw(name)
    default = _BY_NAME[name].default
    try:
        return int(float(v)) if v is not None else int(default or 0)
    except ValueError:
        return int(default or 0)


def number(name: str) -> float:
    v = raw(name)
    try:
        return float(v) if v is not None else 0.0
    except ValueError:
        return float(_BY_NAME[name].default or 0)


# ------------------------------------------------------------------ named accessors
def db_url(explicit: str | None = None, out_dir: str | None = None) -> str:
    """The registry: --db, else $INTAKE_DB, else a SQLite file in the output folder (or ./intake.db)."""
    if explicit:
        return explicit
    env = raw("INTAKE_DB")
    if env:
        return env
    path = os.path.join(out_dir, "registry.db") if out_dir else "intake.db"
    return "sqlite:///" + os.path.abspath(path)


def rule_packs() -> str:
    return raw("INTAKE_RULE_PACKS") or ""


def guangxi_cutover() -> dt.date:
    """The date from which 广西's 管理办法 (001) replaces the 2021 工作方案 (000) for filings."""
    return dt.date.fromisoformat(raw("INTAKE_GUANGXI_CUTOVER") or "2025-01-01")


def as_of() -> dt.date:
    """The day against which a consortium is current or expired (default: today)."""
    v = raw("INTAKE_AS_OF")
    return dt.date.fromisoformat(v) if v else dt.date.today()


def doc_budget_s() -> float:
    return max(1.0, number("INTAKE_DOC_BUDGET_S"))


def ocr_threads() -> int | None:
    v = raw("INTAKE_OCR_THREADS")
    return int(v) if v and v.isdigit() and int(v) > 0 else None


def cores() -> int:
    """The cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def ocr_engine() -> str | None:
    v = (raw("INTAKE_OCR_ENGINE") or "").strip().lower()
    return v if v in ("openvino", "onnxruntime") else None


def cache_dir() -> Path:
    return Path(raw("INTAKE_CACHE_DIR") or Path.cwd() / ".cache")


def max_upload_bytes() -> int:
    return int(number("INTAKE_MAX_UPLOAD_MB") * 1024 * 1024)


def max_upload_files() -> int:
    return integer("INTAKE_MAX_UPLOAD_FILES")


def max_upload_total_bytes() -> int:
    return int(number("INTAKE_MAX_UPLOAD_TOTAL_MB") * 1024 * 1024)


def job_concurrency() -> int:
    return max(1, integer("INTAKE_JOB_CONCURRENCY"))


def secure_cookie() -> bool:
    return (raw("INTAKE_SECURE_COOKIE") or "").lower() in ("1", "true", "yes", "on")


def page_renders() -> int:
    return max(1, integer("INTAKE_PAGE_RENDERS"))


def secret_key() -> str | None:
    return raw("INTAKE_SECRET_KEY")


def admin_password() -> str | None:
    return raw("INTAKE_ADMIN_PASSWORD")


def new_password() -> str | None:
    return raw("INTAKE_NEW_PASSWORD")


# ------------------------------------------------------------------ Prefect's own variables
def prefect_api_url() -> str | None:
    """PREFECT_API_URL: a Prefect server to report to (read by Prefect too)."""
    return os.environ.get("PREFECT_API_URL") or None


def prefect_home(workdir: str | os.PathLike[str] | None = None) -> Path:
    """PREFECT_HOME, else .prefect in the working directory."""
    return Path(os.environ.get("PREFECT_HOME") or Path(workdir or Path.cwd()) / ".prefect")
