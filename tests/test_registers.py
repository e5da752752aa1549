"""Data teams' registers of legacy alliances (.xlsx, .csv, one row per membership) taken by
`intake backfill`, with the rows not taken and why. Spreadsheets are built here."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from openpyxl import Workbook
from sqlalchemy import select

from models.tables import Consortium, Membership
from pipeline.registry import Registry
from tests.factories import code, intake

# --- registers of legacy alliances -------------------------------------------------------------


def _register(path: Path) -> Path:
    wb = Workbook()
    ws = wb.active
    ws.title = "联盟名录"
    ws.append(["广西产业技术创新战略联盟成员名录（2019年）"])
    ws.append(["联盟名称", "成员单位名称", "统一社会信用代码", "牵头/成员", "成立时间"])
    rows = [
        [
            "广西甘蔗产业技术创新战略联盟",
            "广西甲糖业集团有限公司",
            code("91450100MA5XXXXX2"),
            "牵头单位",
            "2016年5月",
        ],
        [None, "广西大学", None, "成员", None],
        [None, "广西乙糖业有限公司", "914501001234", "成员", None],
        [None, None, None, "成员", None],
        [None, "广西大学", None, "成员", None],
        [
            "广西铝产业技术创新战略联盟",
            "广西丙铝业有限公司",
            code("91450100MA5XXXXX3"),
            "理事长单位",
            "2015-09-01",
        ],
        [None, "合计", None, None, None],
        [None, "广西丁研究院", None, "副理事长单位", None],
    ]
    for r in rows:
        ws.append(r)
    ws.merge_cells("A3:A7")  # the alliance name written once for its rows
    ws.merge_cells("A8:A10")
    wb.save(path)
    return path


def test_backfill_takes_a_register_spreadsheet_and_reports_rows_not_taken(tmp_path):
    xlsx = _register(tmp_path / "名录.xlsx")
    out = tmp_path / "out"
    p = intake("backfill", str(xlsx), "--out", str(out))
    assert p.returncode == 0, p.stderr
    assert "2 alliances, 5 rows taken, 3 not taken" in p.stdout
    report = json.loads((out / "backfill_report.json").read_text(encoding="utf-8"))
    (r,) = report["registers"]
    reasons = {x["where"]: x["reason"] for x in r["rows_not_taken"]}
    assert reasons == {
        "联盟名录!6": "无单位名称",
        "联盟名录!7": "与前面的行重复（同一联盟、同一单位）",
        "联盟名录!9": "“合计”不是单位名称",
    }
    assert any("914501001234" in n["note"] for n in r["notes"])
    reg = Registry.open(None, out_dir=str(out))
    try:
        with reg.Session() as s:
            cons = {c.name: c for c in s.scalars(select(Consortium))}
            assert set(cons) == {"广西甘蔗产业技术创新战略联盟", "广西铝产业技术创新战略联盟"}
            assert all(c.legacy and c.jurisdiction == "guangxi" for c in cons.values())
            assert cons["广西甘蔗产业技术创新战略联盟"].effective_date == dt.date(2016, 5, 1)
            tiers = {m.name_as_written: m.tier for m in s.scalars(select(Membership))}
            assert tiers["广西甲糖业集团有限公司"] == "lead" and tiers["广西丙铝业有限公司"] == "lead"
            assert tiers["广西丁研究院"] == "unspecified"
    finally:
        reg.close()
    # the same register again changes nothing
    again = intake("backfill", str(xlsx), "--out", str(out))
    assert again.returncode == 0
    reg = Registry.open(None, out_dir=str(out))
    try:
        assert reg.counts()["submissions"] == 2
    finally:
        reg.close()


def test_a_register_without_the_header_is_reported(tmp_path):
    csv = tmp_path / "x.csv"
    csv.write_text("甲,乙\n1,2\n", encoding="utf-8")
    p = intake("backfill", str(csv), "--out", str(tmp_path / "out"))
    assert p.returncode == 0
    report = json.loads((tmp_path / "out" / "backfill_report.json").read_text(encoding="utf-8"))
    (r,) = report["registers"]
    assert r["alliances"] == 0 and r["rows_taken"] == 0
    assert r["sheets_skipped"] == [{"sheet": "x.csv", "reason": "前20行中没有含联盟名称、单位名称的表头"}]
