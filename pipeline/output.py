"""Writing a run's results exactly as the contract says: OUT/documents/<sha256>.json,
OUT/submissions.json, OUT/flags.json. Files are written whole (temporary file, then rename), so
a reader never sees half a file."""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import Any


def write_json(path: Path, obj: Any) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=".json")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            json.dump(obj, f, ensure_ascii=False, indent=1, sort_keys=False)
            f.write("\n")
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def write_results(out: Path, documents: list[dict], submissions: list[dict], flags: list[dict]) -> None:
    out = Path(out)
    (out / "documents").mkdir(parents=True, exist_ok=True)
    for d in documents:
        write_json(out / "documents" / f"{d['source']['sha256']}.json", d)
    write_json(out / "submissions.json", submissions)
    write_json(out / "flags.json", flags)
