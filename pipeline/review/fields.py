"""Corrections to a document's fields: which paths a reviewer may correct, how the text typed is
read as a value, and the document as the reviewer reads it (the stored record with each corrected
field set on a copy; the stored record is never written over)."""

from __future__ import annotations

import copy
import re
from typing import Any

from pydantic import ValidationError

from models.record import DocumentRecord
from models.vocab import field_of, member_path
from pipeline.review.base import ReviewError

_LIST_SPLIT = re.compile(r"[、，,;；\n]+")


def get(obj: Any, path: list[str]) -> Any:
    for p in path:
        if isinstance(obj, list):
            i = int(p)
            obj = obj[i] if 0 <= i < len(obj) else None
        elif isinstance(obj, dict):
            obj = obj.get(p)
        else:
            return None
        if obj is None:
            return None
    return obj


def _set(obj: Any, path: list[str], value: Any) -> None:
    for p in path[:-1]:
        obj = obj[int(p)] if isinstance(obj, list) else obj.setdefault(p, {})
    last = path[-1]
    if isinstance(obj, list):
        obj[int(last)] = value
    else:
        obj[last] = value


def allowed_path(path: str) -> bool:
    return field_of(path) is not None


def apply(record: dict[str, Any], corrections: dict[str, Any], flags: bool = True) -> DocumentRecord:
    """The document as the reviewer reads it: the stored record with each corrected field set."""
    data = copy.deepcopy(record) if corrections else record
    for path, value in corrections.items():
        _set(data, path.split("."), value)
    rec = DocumentRecord.model_validate(data)
    if corrections and flags:
        from pipeline.rules.engine import document_flags, with_rule_flags

        rec.flags = with_rule_flags(rec, document_flags(rec))
    return rec


def coerce(path: str, text: str) -> Any:
    """The value a reviewer typed, as the field holds it (lists one per line or split by 、)."""
    text = (text or "").strip()
    f = field_of(path)
    if text == "":
        if f is not None and f.kind == "list":
            return []
        return "unspecified" if path.endswith(".tier") else None
    if f is not None and f.kind == "list":
        return [p.strip() for p in _LIST_SPLIT.split(text) if p.strip()]
    if path.endswith(".credit_code"):
        return re.sub(r"\s+", "", text).upper()
    return text


def check(record: dict[str, Any], current: dict[str, Any], path: str, text: str) -> tuple[Any, Any]:
    """(machine value, the value as the model reads it) of a correction; ReviewError if the path
    may not be corrected or the value is not one the field can hold."""
    f = field_of(path)
    if f is None:
        raise ReviewError("这个字段不能更正")
    mp = member_path(path)
    if mp is not None and get(record, ["members", str(mp[0])]) is None:
        raise ReviewError(f"没有第{mp[0] + 1}个成员单位")
    value = coerce(path, text)
    try:
        rec = apply(record, {**current, path: value}, flags=False)
    except ValidationError as e:
        first = e.errors()[0]
        raise ReviewError(f"“{text}”不是“{f.label}”的有效值（{first.get('msg')}）") from None
    machine = get(record, path.split("."))
    return machine, get(rec.model_dump(mode="json"), path.split("."))
