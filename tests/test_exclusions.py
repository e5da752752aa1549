"""What the registry holds for the rules: exclusion lists imported from spreadsheets, consortia
cancelled (by whom, when), UNIT_EXCLUDED from both, and a pack's changed severity carried to the
registry by a re-check. Spreadsheets are built here."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from openpyxl import Workbook
from sqlalchemy import select

from models.record import (
    ChiefScientist,
    DocumentRecord,
    Jurisdiction,
    Member,
    PlatformRow,
    Source,
    SubmissionRecord,
)
from models.tables import Consortium, ConsortiumCancellation, Exclusion
from pipeline.exclusions import ExclusionError, cancel_consortium, import_exclusions, registry_facts
from pipeline.recheck import recheck
from pipeline.registry import Registry
from pipeline.submission import check_submission
from tests.factories import code, intake

ROOT = Path(__file__).resolve().parent.parent


def submission(
    name: str, jur: Jurisdiction, members: list[Member], filing: str
) -> tuple[SubmissionRecord, list[DocumentRecord]]:
    sha = str(abs(hash(name)) % 10**9).rjust(64, "0")
    app = DocumentRecord(
        source=Source(path=f"{name}/申请表.docx", sha256=sha),
        doc_type="application",
        jurisdiction=jur,
        consortium_name=name,
        filing_date=filing,
        lead_units=[members[0].name],
        members=members,
        chief_scientist=ChiefScientist(name="张三"),
        platforms=[PlatformRow(name="某重点实验室", level="provincial", host_unit=members[0].name)],
    )
    sub = SubmissionRecord(
        id=name,
        consortium_name=name,
        jurisdiction=jur,
        documents=[sha],
        lead_units=[members[0].name],
        members=members,
    )
    return sub, [app]


def record(reg: Registry, sub: SubmissionRecord, docs: list[DocumentRecord]) -> list:
    sub.flags = check_submission(sub, docs, registry_facts(reg))
    reg.record_and_check(docs, [sub])
    return sub.flags


LEAD = Member(
    name="云南甲科技有限公司", credit_code=code("91530100MA6KXXXX1"), tier="lead", kind="enterprise"
)
UNI = Member(name="云南大学", credit_code=code("12530000431XXXXX0"), tier="core", kind="university")


@pytest.fixture
def reg(tmp_path):
    r = Registry.open(f"sqlite:///{tmp_path / 'registry.db'}")
    yield r
    r.close()


def test_a_cancellation_is_recorded_with_who_and_when_and_debars_the_lead(reg):
    old = submission("云南省甲创新联合体", "yunnan", [LEAD, UNI], "2023-03-01")
    record(reg, *old)
    done = cancel_consortium(
        reg, "云南省甲创新联合体", dt.date(2024, 6, 1), by="alice", reason="牵头单位组织不力"
    )
    assert done == {
        "consortium": "云南省甲创新联合体",
        "jurisdiction": "yunnan",
        "action": "cancel",
        "on": "2024-06-01",
        "units": 2,
        "by": "alice",
    }
    with reg.Session() as s:
        row = s.scalar(select(ConsortiumCancellation))
        assert row.recorded_by == "alice" and row.recorded_at is not None
        assert {u["tier"] for u in row.units} == {"lead", "core"}
        assert s.scalar(select(Consortium)).status == "cancelled"
    # its lead leads a new consortium within three years: UNIT_EXCLUDED (云南 八（四）)
    new = submission(
        "云南省乙创新联合体",
        "yunnan",
        [LEAD, Member(name="云南乙有限公司", tier="core", kind="enterprise")],
        "2025-05-01",
    )
    flags = [f for f in record(reg, *new) if f.code == "UNIT_EXCLUDED"]
    assert (
        [f.unit for f in flags] == [LEAD.name]
        and "alice" in flags[0].evidence
        and "八（四）" in flags[0].message
    )
    # the cancelled consortium itself is not judged by its own cancellation
    old_sub, old_docs = old
    assert "UNIT_EXCLUDED" not in {f.code for f in check_submission(old_sub, old_docs, registry_facts(reg))}
    # withdrawn (reinstated): the flag goes on the next recheck
    cancel_consortium(reg, "云南省甲创新联合体", dt.date(2024, 6, 1), by="bob", reinstate=True)
    report = recheck(reg)
    assert [(f["code"], f["unit"]) for f in report["resolved"]] == [("UNIT_EXCLUDED", LEAD.name)]
    with reg.Session() as s:
        assert [r.action for r in s.scalars(select(ConsortiumCancellation))] == ["cancel", "reinstate"]


def test_cancelling_an_unknown_consortium_is_refused(reg):
    with pytest.raises(ExclusionError, match="no consortium named"):
        cancel_consortium(reg, "不存在的创新联合体", dt.date(2024, 6, 1), by="alice")
    with pytest.raises(ExclusionError, match="who records"):
        cancel_consortium(reg, "x", dt.date(2024, 6, 1), by=" ")


def _sanction_list(path: Path, rows: list[list]) -> Path:
    wb = Workbook()
    ws = wb.active
    ws.title = "失信名单"
    ws.append(["科研诚信失信行为记录（导出）"])
    ws.append(["序号", "单位名称", "统一社会信用代码", "失信行为", "惩戒开始日期", "惩戒结束日期"])
    for r in rows:
        ws.append(r)
    wb.save(path)
    return path


GX_LEAD = Member(name="广西甲有限公司", credit_code=code("91450100MA5XXXXX0"), tier="lead", kind="enterprise")
GX_BAD = Member(
    name="广西乙科技有限公司", credit_code=code("91450100MA5XXXXX1"), tier="general", kind="enterprise"
)


def test_an_imported_sanction_list_excludes_units_under_sanction(reg, tmp_path):
    sub, docs = submission(
        "广西壮族自治区甲创新联合体",
        "guangxi",
        [GX_LEAD, GX_BAD, Member(name="广西大学", tier="core", kind="university")],
        "2025-05-01",
    )
    assert "UNIT_EXCLUDED" not in {f.code for f in record(reg, sub, docs)}
    xlsx = _sanction_list(
        tmp_path / "list.xlsx",
        [
            [
                1,
                "广西乙科技有限公司",
                GX_BAD.credit_code,
                "项目申报弄虚作假",
                dt.date(2024, 1, 1),
                dt.date(2027, 12, 31),
            ],
            [2, "广西丙有限公司", None, "抄袭", "2020-01-01", "2021-12-31"],
            [3, None, None, "无名称", "2024-01-01", "2026-01-01"],
            [4, "广西丁有限公司", "91450100MA5XXXXX99", "代码错", "2024-01-01", "2026-01-01"],
            [5, "广西戊有限公司", None, "日期错", "去年", "2026-01-01"],
            [6, "广西己有限公司", None, "倒置", "2026-01-01", "2024-01-01"],
        ],
    )
    rep = import_exclusions(reg, xlsx, source="国家科研诚信服务平台 2025-06 导出", by="data-team")
    assert (rep.taken, rep.already) == (2, 0)
    reasons = {x["where"]: x["reason"] for x in rep.not_taken}
    assert reasons["失信名单!5"] == "无单位名称和统一社会信用代码"
    assert "GB 32100-2015" in reasons["失信名单!6"]
    assert "日期无法识别" in reasons["失信名单!7"]
    assert "早于开始日期" in reasons["失信名单!8"]
    with reg.Session() as s:
        e = s.scalar(select(Exclusion).where(Exclusion.credit_code == GX_BAD.credit_code))
        assert e.source.startswith("国家科研诚信服务平台") and e.ends_on == dt.date(2027, 12, 31)
        assert e.imported_by == "data-team" and e.row_ref == "失信名单!3"
    # the same list again adds nothing
    assert (
        import_exclusions(reg, xlsx, source="国家科研诚信服务平台 2025-06 导出", by="data-team").already == 2
    )
    report = recheck(reg)
    assert [(f["code"], f["unit"]) for f in report["new"]] == [("UNIT_EXCLUDED", GX_BAD.name)]
    assert "第十三条（四）" in report["new"][0]["message"]


def test_exclusions_and_cancellations_through_the_cli(tmp_path):
    out = tmp_path / "out"
    reg = Registry.open(None, out_dir=str(out))
    try:
        record(
            reg,
            *submission(
                "新疆维吾尔自治区甲创新联合体",
                "xinjiang",
                [
                    Member(
                        name="新疆甲能源有限公司",
                        credit_code=code("91650100MA77XXXX0"),
                        tier="lead",
                        kind="enterprise",
                    ),
                    Member(name="新疆大学", tier="core", kind="university"),
                ],
                "2023-01-01",
            ),
        )
        record(
            reg,
            *submission(
                "新疆维吾尔自治区乙创新联合体",
                "xinjiang",
                [
                    Member(name="新疆乙科技有限公司", tier="lead", kind="enterprise"),
                    Member(
                        name="新疆甲能源有限公司",
                        credit_code=code("91650100MA77XXXX0"),
                        tier="core",
                        kind="enterprise",
                    ),
                ],
                "2025-03-01",
            ),
        )
    finally:
        reg.close()
    p = intake(
        "consortia",
        "cancel",
        "新疆维吾尔自治区甲创新联合体",
        "--on",
        "2024-05-01",
        "--by",
        "alice",
        "--reason",
        "未按共建协议履约",
        "--out",
        str(out),
    )
    assert p.returncode == 0, p.stderr
    assert "cancel: 新疆维吾尔自治区甲创新联合体 (xinjiang) on 2024-05-01 by alice" in p.stdout
    assert (
        "new UNIT_EXCLUDED 新疆维吾尔自治区乙创新联合体 新疆甲能源有限公司" in p.stdout
    )  # core member: 五（二）
    csv = tmp_path / "list.csv"
    csv.write_text(
        "单位名称,统一社会信用代码,原因\n新疆乙科技有限公司,,失信\n,,\n合计,,\n", encoding="gb18030"
    )
    p = intake(
        "exclusions",
        "import",
        str(csv),
        "--source",
        "自治区科技厅通报",
        "--from",
        "2025-01-01",
        "--to",
        "2027-12-31",
        "--by",
        "bob",
        "--out",
        str(out),
    )
    assert p.returncode == 0, p.stderr
    assert "1 entries added" in p.stdout and "1 rows not taken" in p.stdout
    # 新疆's 指引 has no sanction-list rule (广西 管理办法 第十三条（四） has): no new flag
    assert "new UNIT_EXCLUDED" not in p.stdout
    p = intake("exclusions", "import", str(tmp_path / "missing.xlsx"), "--out", str(out))
    assert p.returncode == 1 and "missing.xlsx" in p.stderr


def test_recheck_carries_a_packs_new_severity_to_the_registry(reg, tmp_path, monkeypatch):
    import shutil

    from models.tables import FlagRow

    few = submission(
        "新疆维吾尔自治区丙创新联合体",
        "xinjiang",
        [
            Member(
                name="新疆丙有限公司", credit_code=code("91650100MA77XXXX5"), tier="lead", kind="enterprise"
            ),
            Member(name="新疆大学", tier="core", kind="university"),
        ],
        "2025-03-01",
    )
    record(reg, *few)

    def severity() -> str:
        with reg.Session() as s:
            return s.scalar(select(FlagRow.severity).where(FlagRow.code == "MEMBERS_BELOW_MIN"))

    assert severity() == "warning"
    packs = tmp_path / "packs"
    shutil.copytree(ROOT / "pipeline" / "rules" / "packs", packs)
    p = packs / "xinjiang-2022.yaml"
    text = p.read_text(encoding="utf-8")
    p.write_text(
        text.replace("severity: warning\n    params: {min: 5}", "severity: error\n    params: {min: 5}"),
        encoding="utf-8",
    )
    monkeypatch.setenv("INTAKE_RULE_PACKS", str(packs))
    recheck(reg)
    assert severity() == "error"
