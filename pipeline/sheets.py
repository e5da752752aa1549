"""Reading the spreadsheets data teams keep (.xlsx with openpyxl, .csv): rows of text, merged cells
filled from their top-left cell, and the columns found by their header names."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from extractors.numbers import parse_date
from extractors.text import label_key

SHEET_SUFFIXES = (".xlsx", ".xlsm", ".csv")
NOT_A_NAME = re.compile(r"^(?:合计|小计|总计|备注|说明|注)")


class SheetError(ValueError):
    """A spreadsheet that cannot be read, or whose header is not found."""


@dataclass
class SheetRow:
    where: str  # sheet and row number as a person finds it: "Sheet1!12" or "12"
    values: dict[str, str] = field(default_factory=dict)  # field -> cell text


def _text(v: Any) -> str:
    if v is None:
        return ""
    if isinstance(v, dt.datetime):
        return v.date().isoformat()
    if isinstance(v, dt.date):
        return v.isoformat()
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return str(v).strip()


def _xlsx(path: Path) -> list[tuple[str, list[list[str]]]]:
    from openpyxl import load_workbook

    try:
        wb = load_workbook(path, read_only=False, data_only=True)
    except Exception as e:  # openpyxl raises several kinds on a bad file
        raise SheetError(f"{path.name}: not a readable .xlsx ({type(e).__name__}: {e})") from None
    out = []
    for ws in wb.worksheets:
        grid = [[_text(c) for c in row] for row in ws.iter_rows(values_only=True)]
        for rng in ws.merged_cells.ranges:
            top = grid[rng.min_row - 1][rng.min_col - 1] if rng.min_row - 1 < len(grid) else ""
            for r in range(rng.min_row - 1, min(rng.max_row, len(grid))):
                for c in range(rng.min_col - 1, min(rng.max_col, len(grid[r]))):
                    grid[r][c] = top
        out.append((ws.title, grid))
    return out


def _csv(path: Path) -> list[tuple[str, list[list[str]]]]:
    data = path.read_bytes()
    for enc in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(enc)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise SheetError(f"{path.name}: not UTF-8 or GB18030 text")
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",\t;")
    except csv.Error:
        dialect = csv.excel  # type: ignore[assignment]
    return [("", [[c.strip() for c in row] for row in csv.reader(io.StringIO(text), dialect)])]


def read_sheets(path: str | Path) -> list[tuple[str, list[list[str]]]]:
    p = Path(path)
    if p.suffix.lower() == ".csv":
        return _csv(p)
    if p.suffix.lower() in (".xlsx", ".xlsm"):
        return _xlsx(p)
    raise SheetError(f"{p.name}: not a spreadsheet ({', '.join(SHEET_SUFFIXES)})")


def header_of(row: list[str], fields: dict[str, re.Pattern[str]]) -> dict[str, int]:
    """Columns of a header row: each field at the first cell whose label matches it."""
    found: dict[str, int] = {}
    for i, cell in enumerate(row):
        k = label_key(cell)
        if not k:
            continue
        for f, rx in fields.items():
            if f not in found and rx.search(k):
                found[f] = i
                break
    return found


def table_rows(
    path: str | Path, fields: dict[str, str], required: tuple[str, ...], labels: dict[str, str] | None = None
) -> tuple[list[SheetRow], list[dict[str, str]]]:
    """The data rows of every sheet whose header row (within its first 20 rows) names the
    required fields, as {field: text}; and the sheets skipped, with why."""
    rx = {f: re.compile(v) for f, v in fields.items()}
    rows: list[SheetRow] = []
    skipped: list[dict[str, str]] = []
    for title, grid in read_sheets(path):
        head_at, cols = None, {}
        for i, row in enumerate(grid[:20]):
            cols = header_of(row, rx)
            if all(f in cols for f in required):
                head_at = i
                break
        if head_at is None:
            if any(any(c for c in r) for r in grid):
                names = "、".join((labels or {}).get(f, f) for f in required)
                skipped.append({"sheet": title or Path(path).name, "reason": f"前20行中没有含{names}的表头"})
            continue
        for i, row in enumerate(grid[head_at + 1 :], start=head_at + 2):
            if not any(c.strip() for c in row):
                continue
            vals = {f: (row[c].strip() if c < len(row) else "") for f, c in cols.items()}
            rows.append(SheetRow(where=f"{title}!{i}" if title else str(i), values=vals))
    return rows, skipped


def as_date(s: str | None) -> dt.date | None:
    if not s:
        return None
    try:
        return dt.date.fromisoformat(s[:10])
    except ValueError:
        pass
    d = parse_date(s)
    if d:
        try:
            return dt.date.fromisoformat(d)
        except ValueError:
            return None
    m = re.fullmatch(r"((?:19|20)\d\d)\s*(?:[年./-]\s*(\d{1,2})\s*月?)?", s.strip())
    if not m:
        return None
    try:
        return dt.date(int(m.group(1)), int(m.group(2) or 1), 1)
    except ValueError:
        return None
