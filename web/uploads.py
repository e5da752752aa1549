"""Uploaded files: names cleaned (no climbing out, no control or bidi characters, at most 180
bytes a part), types and sizes checked, each file staged to disk as it arrives; a batch with any
refused file keeps nothing, and nothing is left behind whatever fails."""

from __future__ import annotations

import hashlib
import re
import shutil
import unicodedata
from pathlib import Path

from starlette.datastructures import UploadFile

import settings

ALLOWED_SUFFIXES = {".docx", ".doc", ".pdf", ".png", ".jpg", ".jpeg", ".tif", ".tiff", ".bmp"}
_BAD = re.compile(r"[\\:*?\"<>|/]")
MAX_PART_BYTES = 180  # file systems allow 255 bytes a name; CJK is 3 bytes a character


class UploadRejected(ValueError):
    pass


def _clean(part: str) -> str:
    part = "".join(ch for ch in part if unicodedata.category(ch)[0] != "C")  # controls, bidi, zero-width
    part = _BAD.sub("_", part).strip().strip(".")
    if len(part.encode("utf-8")) > MAX_PART_BYTES:
        p = Path(part)
        suffix = p.suffix if len(p.suffix) <= 10 else ""
        stem = part[: len(part) - len(suffix)]
        while len((stem + suffix).encode("utf-8")) > MAX_PART_BYTES:
            stem = stem[:-1]
        part = stem.rstrip() + suffix
    return part


def clean_parts(name: str) -> list[str]:
    """A client's file name (possibly a relative path from a folder upload) as safe path parts:
    no absolute paths, no '..', no control, format or reserved characters, no over-long names."""
    parts = []
    for p in name.replace("\\", "/").split("/"):
        p = _clean(p)
        if p and p not in (".", ".."):
            parts.append(p)
    if not parts:
        raise UploadRejected(f"文件名不可用：{_clean(name)[:60] or '（空）'}")
    return parts[-3:]  # at most folder/submission/file


def check_file(name: str, size: int) -> None:
    suffix = Path(name).suffix.lower()
    if suffix not in ALLOWED_SUFFIXES:
        raise UploadRejected(f"“{name}”的类型不受理（只收 {' '.join(sorted(ALLOWED_SUFFIXES))}）")
    if size > settings.max_upload_bytes():
        raise UploadRejected(f"“{name}”超过单个文件 {settings.max_upload_bytes() // (1024 * 1024)} MB 的上限")
    if size == 0:
        raise UploadRejected(f"“{name}”是空文件")


async def stage(files: list[UploadFile], staging: Path, default: str) -> tuple[int, list[str]]:
    """Write each file under `staging` as it is read (one in memory at a time). Returns (files
    saved, refusals); on any refusal or failure the staging folder is removed."""
    errors: list[str] = []
    saved = 0
    finished = False
    try:
        for f in files:
            try:
                parts = clean_parts(f.filename or "")
                data = await f.read(settings.max_upload_bytes() + 1)
                check_file(parts[-1], len(data))
            except UploadRejected as e:
                errors.append(str(e))
                continue
            rel = parts if len(parts) > 1 else [default, parts[0]]
            target = staging.joinpath(*rel)
            for parent in list(target.parents)[: len(rel) - 1]:
                if parent.exists() and not parent.is_dir():
                    raise UploadRejected(f"“{'/'.join(rel)}”与同一批中的文件“{parent.name}”路径冲突")
            if target.is_dir():
                raise UploadRejected(f"“{'/'.join(rel)}”与同一批中的文件夹路径冲突")
            target.parent.mkdir(parents=True, exist_ok=True)
            if target.exists():
                target = target.with_name(
                    f"{target.stem}-{hashlib.sha256(data).hexdigest()[:8]}{target.suffix}"
                )
            target.write_bytes(data)
            saved += 1
            del data
        finished = True
    except UploadRejected as e:
        errors.append(str(e))
    except OSError as e:
        errors.append(f"文件无法保存（{e.strerror or type(e).__name__}）")
    finally:
        if errors or not finished:  # whatever failed, nothing is left behind
            shutil.rmtree(staging, ignore_errors=True)
    return saved, errors
