"""Document-scope rules (credit codes, declared counts, clauses, signatures, seals) and the
submission's DOC_MISMATCH, each verified against the documents' whole text before flagging: on
records built here and on Word files built here and read by the pipeline."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import docx
from stdnum.cn import uscc as std_uscc

from models.record import (
    Clause,
    DeclaredCounts,
    DocType,
    DocumentRecord,
    Jurisdiction,
    Member,
    Source,
    SubmissionRecord,
)
from pipeline.documents import process_bytes
from pipeline.rules.engine import document_flags, evaluate
from pipeline.submission import check_submission, doc_mismatch
from tests.factories import pack_in_force

ROOT = Path(__file__).resolve().parent.parent


def code(prefix17: str) -> str:
    return prefix17 + std_uscc.calc_check_digit(prefix17)


def rec(doc_type: DocType, jur: Jurisdiction = "xinjiang", path: str | None = None, **kw) -> DocumentRecord:
    return DocumentRecord(
        source=Source(
            path=path or f"{doc_type}.docx", sha256=("a" if doc_type == "application" else "b") * 64
        ),
        doc_type=doc_type,
        jurisdiction=jur,
        consortium_name="新疆某某创新联合体",
        filing_date="2025-06-01",
        **kw,
    )


def codes_of(r: DocumentRecord, c: str) -> list:
    return [f for f in document_flags(r) if f.code == c]


UNITS = ["新疆天山能源有限公司", "新疆大学", "新疆绿原科技有限公司", "新疆农业科学院土壤肥料研究所"]


# --- credit codes ----------------------------------------------------------------------------------


def test_credit_code_invalid_missing_and_proposed():
    good = code("91650100MA77XXXX0")
    bad = good[:-1] + ("0" if good[-1] != "0" else "1")
    r = rec(
        "application",
        members=[
            Member(name=UNITS[0], credit_code=good),
            Member(name=UNITS[1], credit_code=bad),
            Member(name=UNITS[2]),
        ],
    )
    r.extra["codes_expected"] = True
    (inv,) = codes_of(r, "CREDIT_CODE_INVALID")
    assert inv.unit == UNITS[1] and inv.evidence == bad and "GB 32100-2015" in inv.message
    assert "附件1 表五" in inv.message  # the pack's citation
    (miss,) = codes_of(r, "CREDIT_CODE_MISSING")
    assert miss.unit == UNITS[2] and miss.severity == "error"
    # all codes valid and present: no flag, and a passing row
    r.members[1].credit_code = code("12650000MB0XXXXX0")
    r.members[2].credit_code = code("91650100MA77XXXX1")
    assert not [f for f in document_flags(r) if f.code.startswith("CREDIT_CODE")]


def test_credit_code_one_ocr_confusion_away_is_a_warning():
    good = code("91650100MA77XXXX0")
    swapped = good.replace("0", "O", 1)  # an OCR confusion
    r = rec("application", members=[Member(name=UNITS[0], credit_code=swapped)])
    (f,) = codes_of(r, "CREDIT_CODE_INVALID")
    assert f.severity == "warning" and good in f.message


def _code_rows(r: DocumentRecord) -> list:
    return [x for x in evaluate(_sub(r), [r]).rows if x.check == "credit_codes_present"]


def test_credit_code_written_beside_the_name_but_not_read_is_left_to_a_person():
    other = code("91650100MA77XXXX2")
    stray = code("91650100MA77XXXX3")
    r = rec("application", members=[Member(name=UNITS[0], credit_code=other), Member(name=UNITS[2])])
    r.extra["codes_expected"] = True
    r.extra["text"] = [
        "序号",
        "成员单位名称及统一社会信用代码",
        f"1 {UNITS[0]} {other}",
        f"2 {UNITS[2]}",
        stray,
    ]
    # the code is on paper, beside the name: not "missing", a line for a person to look at
    assert not codes_of(r, "CREDIT_CODE_MISSING")
    (row,) = [x for x in _code_rows(r) if x.unit == UNITS[2]]
    assert row.status == "unknown" and stray in row.message and row.look_at
    r.extra["text"] = ["序号", "成员单位名称及统一社会信用代码", f"1 {UNITS[0]} {other}", f"2 {UNITS[2]}"]
    assert codes_of(r, "CREDIT_CODE_MISSING")[0].severity == "error"


# --- declared counts ------------------------------------------------------------------------------


def test_count_mismatch_and_xinjiang_main_members_note():
    members = [Member(name=f"新疆{i}号科技有限公司", kind="enterprise") for i in range(10)]
    r = rec("application", members=members, declared_counts=DeclaredCounts(members=12, enterprises=10))
    (f,) = codes_of(r, "COUNT_MISMATCH")
    assert f.evidence == "members: 12 vs 10" and f.severity == "error"
    r.declared_counts = DeclaredCounts(members=10, enterprises=10)
    assert not codes_of(r, "COUNT_MISMATCH")
    # 新疆 附件1 注: above 20 members only the main ones are listed — no flag in 新疆 ...
    r.declared_counts = DeclaredCounts(members=25, enterprises=20)
    assert not codes_of(r, "COUNT_MISMATCH")
    row = next(x for x in evaluate(_sub(r), [r]).rows if x.check == "declared_counts_match")
    assert row.status == "unknown" and "主要成员单位" in row.message
    # ... but everywhere else the note does not exist
    gx = r.model_copy(update={"jurisdiction": "guangxi"})
    assert {f.evidence for f in codes_of(gx, "COUNT_MISMATCH")} == {"members: 25 vs 10"}
    # the kinds follow the total: one flag for one cause, the kinds' row left open
    rows = [x for x in evaluate(_sub(gx), [gx]).rows if x.check == "declared_counts_match"]
    assert any(x.status == "unknown" and "各类数量" in x.message for x in rows)
    # the total right, a kind wrong: that kind is flagged
    gx.declared_counts = DeclaredCounts(members=10, enterprises=8)
    assert {f.evidence for f in codes_of(gx, "COUNT_MISMATCH")} == {"enterprises: 8 vs 10"}


def test_count_mismatch_when_the_list_was_not_read_whole_is_left_to_a_person():
    codes = [code(f"91650100MA77XXX{i:02d}") for i in range(4)]
    members = [
        Member(name=f"新疆{i}号科技有限公司", credit_code=c, kind="enterprise")
        for i, c in enumerate(codes[:3])
    ]
    r = rec("application", members=members, declared_counts=DeclaredCounts(members=4))
    r.extra["text"] = [f"新疆{i}号科技有限公司 {c}" for i, c in enumerate(codes)]
    assert not codes_of(r, "COUNT_MISMATCH")
    (row,) = [
        x
        for x in evaluate(_sub(r), [r]).rows
        if x.check == "declared_counts_match" and "members:" in (x.evidence or "")
    ]
    assert row.status == "unknown" and "4个不同的统一社会信用代码" in row.message
    # the form names, elsewhere, a unit the list read lacks: the same, naming it
    r.extra["text"] = [
        *(f"新疆{i}号科技有限公司 {c}" for i, c in enumerate(codes[:3])),
        "依托单位：新疆天池检测技术有限公司",
    ]
    assert not codes_of(r, "COUNT_MISMATCH")
    (row,) = [
        x
        for x in evaluate(_sub(r), [r]).rows
        if x.check == "declared_counts_match" and "members:" in (x.evidence or "")
    ]
    assert row.status == "unknown" and "新疆天池检测技术有限公司" in row.message
    # nothing else named: the list is short of what was declared
    r.extra["text"] = [f"新疆{i}号科技有限公司 {c}" for i, c in enumerate(codes[:3])]
    (f,) = codes_of(r, "COUNT_MISMATCH")
    assert f.severity == "error" and f.evidence == "members: 4 vs 3"


def _sub(*docs: DocumentRecord) -> SubmissionRecord:
    d = docs[0]
    return SubmissionRecord(
        id="T",
        consortium_name=d.consortium_name,
        jurisdiction=d.jurisdiction,
        documents=[x.source.sha256 for x in docs],
        lead_units=d.lead_units,
        members=d.members,
    )


# --- clauses ----------------------------------------------------------------------------------------


def _clauses(**overrides: Clause) -> dict[str, Clause]:
    keys = [
        "participants",
        "innovation_goal",
        "task_division",
        "rights_obligations",
        "ip_benefit",
        "integrity",
        "breach_liability",
        "signatures",
        "dissolution",
        "dispute_resolution",
    ]
    out = {k: Clause(present=True, filled=True, heading=k) for k in keys}
    out.update(overrides)
    return out


def test_clause_missing_verified_against_the_whole_text():
    r = rec("agreement", members=[Member(name=UNITS[0])], signatories=[UNITS[0]])
    r.clauses = _clauses(breach_liability=Clause(present=False, filled=False))
    r.extra["text"] = ["六、科研诚信追究方式", "各成员单位应严格遵守科研诚信规定。"]
    (f,) = codes_of(r, "CLAUSE_MISSING")
    assert (
        f.evidence == "breach_liability"
        and "违约责任追究方式" in f.message
        and "三（三）及附件2" in f.message
    )
    # the agreement writes it under a heading the reading missed: no flag, a row pointing at it
    r.extra["text"] += ["第七条 科研诚信与违约责任", "违约方应赔偿守约方因此遭受的损失。"]
    assert not codes_of(r, "CLAUSE_MISSING")
    row = next(
        x
        for x in evaluate(_sub(r), [r]).rows
        if x.check == "clauses_present" and x.value == "breach_liability"
    )
    assert row.status == "unknown" and "科研诚信与违约责任" in (row.location or {}).get("text", "")


def test_yunnan_asks_for_dissolution_and_dispute_terms():
    r = rec("agreement", jur="yunnan", members=[Member(name=UNITS[0])], signatories=[UNITS[0]])
    r.clauses = _clauses(dissolution=Clause(), dispute_resolution=Clause())
    assert {f.evidence for f in codes_of(r, "CLAUSE_MISSING")} == {"dissolution", "dispute_resolution"}
    r.jurisdiction = "xinjiang"
    assert not codes_of(r, "CLAUSE_MISSING")


def test_clause_empty_unless_its_heading_is_followed_by_substance():
    r = rec("agreement", members=[Member(name=UNITS[0])], signatories=[UNITS[0]])
    r.clauses = _clauses(integrity=Clause(present=True, filled=False, heading="六、科研诚信追究方式"))
    r.extra["text"] = ["六、科研诚信追究方式", "七、违约责任追究方式", "违约方承担责任。"]
    (f,) = codes_of(r, "CLAUSE_EMPTY")
    assert f.evidence == "integrity"
    r.extra["text"] = [
        "六、科研诚信追究方式",
        "各成员单位及其科研人员应严格遵守科研诚信和科技伦理相关规定，对失信行为依规追究责任。",
        "七、违约责任追究方式",
    ]
    assert not codes_of(r, "CLAUSE_EMPTY")


def test_guangxi_2025_cites_its_own_article_not_the_repealed_template():
    r = rec("agreement", jur="guangxi", members=[Member(name=UNITS[0])], signatories=[UNITS[0]])
    r.clauses = _clauses(breach_liability=Clause())
    (f,) = codes_of(r, "CLAUSE_MISSING")
    assert "《广西壮族自治区创新联合体管理办法》第四条（四）" in f.message and "工作方案" not in f.message
    r.filing_date = "2023-05-01"
    (f,) = codes_of(r, "CLAUSE_MISSING")
    assert "《广西壮族自治区创新联合体建设管理工作方案（试行）》四（二）及附件1-2" in f.message


# --- signatures and seals ---------------------------------------------------------------------------


def test_signature_missing_verified_against_the_seal_block_text():
    members = [Member(name=u) for u in UNITS]
    r = rec("agreement", members=members, signatories=UNITS[:2], clauses=_clauses())
    r.extra["signature_text"] = [
        f"{UNITS[0]}（盖章）",
        f"{UNITS[1]}（盖章）",
        "新疆绿原科技",
        "有限公司   法定代表人：",
    ]
    r.extra["text"] = ["一、参与单位", *UNITS, "八、所有成员单位签章", *r.extra["signature_text"]]
    flags = codes_of(r, "SIGNATURE_MISSING")
    # 新疆绿原科技有限公司 is written in the seal block (over two lines): not missing; the institute is not
    assert [f.unit for f in flags] == [UNITS[3]] and flags[0].severity == "error"
    rows = [x for x in evaluate(_sub(r), [r]).rows if x.check == "members_signed"]
    passing = next(x for x in rows if x.status == "pass")
    assert (
        "名称见于签章处" in passing.message and "须在签字盖章的原件上核对" in passing.message
    )  # a Word file


def test_signature_read_approximately_on_a_scan_is_left_to_a_person():
    members = [Member(name=u) for u in UNITS]
    r = rec("agreement", members=members, signatories=UNITS[:3], clauses=_clauses())
    r.source.ocr_used, r.source.media_type = True, "pdf"
    r.extra["layout"] = [
        [5, 0.1, 0.5 + i / 20, 0.6, 0.52 + i / 20, t]
        for i, t in enumerate(
            [
                "八、所有成员单位签章",
                *[f"{u}（盖章）" for u in UNITS[:3]],
                "新疆农业科学院土壤肥料研宄所（盖章）",
            ]
        )
    ]
    # the name is there as OCR wrote it (研宄所): not reported missing, an open line saying where to look
    assert not codes_of(r, "SIGNATURE_MISSING")
    rows = [x for x in evaluate(_sub(r), [r]).rows if x.check == "members_signed"]
    assert "印章逐一核对" in rows[0].message  # a scan: the seal rules look at the seals
    (near,) = [x for x in rows if x.unit == UNITS[3]]
    assert near.status == "unknown" and "第5页" in near.message and near.look_at
    # another member's name written whole is not a near miss of this one's
    other, missing = "新疆农业科学院土壤肥料研究所测试中心", "新疆农业科学院土壤肥料研究院"
    r2 = rec(
        "agreement", members=[*members[:3], Member(name=other), Member(name=missing)], clauses=_clauses()
    )
    r2.signatories = UNITS[:3] + [other]
    r2.source.ocr_used, r2.source.media_type = True, "pdf"
    r2.extra["layout"] = [row[:5] + [row[5].replace("研宄所", "研究所测试中心")] for row in r.extra["layout"]]
    (f,) = codes_of(r2, "SIGNATURE_MISSING")
    assert f.unit == missing and f.severity == "error"


def test_seal_rules_on_a_scanned_agreement():
    units = [*UNITS, "新疆昆仑检测技术有限公司"]
    members = [Member(name=u) for u in units]
    r = rec("agreement", members=members, signatories=units, clauses=_clauses())
    r.source.ocr_used, r.source.media_type = True, "pdf"
    # what the seal reader found (extractors.fields.seals): the seals and each signing unit's verdict
    r.extra["seals"] = [
        {"unit": UNITS[0], "text": f"{UNITS[0]}合同专用章", "page": 5, "bbox": [0.1, 0.5, 0.3, 0.6]},
        {"unit": UNITS[1], "text": "新疆天山集团有限公司", "page": 5, "bbox": [0.1, 0.6, 0.3, 0.7]},
        {"unit": UNITS[3], "text": "新疆□□□限公司", "page": 5, "bbox": [0.5, 0.6, 0.7, 0.7]},
    ]
    verdicts = [("ok", 0), ("mismatch", 1), ("missing", None), ("unclear", 2), ("grey", None)]
    r.extra["seal_check"] = {
        "status": "checked",
        "units": [
            {"unit": units[i], "verdict": v, "seal": seal, "page": 5, "against": None, "other": None}
            for i, (v, seal) in enumerate(verdicts)
        ],
    }
    (missing,) = codes_of(r, "SEAL_MISSING")
    assert missing.unit == UNITS[2] and missing.severity == "error"
    (mismatch,) = codes_of(r, "SEAL_MISMATCH")
    assert mismatch.unit == UNITS[1] and mismatch.evidence == "新疆天山集团有限公司"
    # a seal that cannot be read, and an entry on a grey page, are left to a person: open lines, no flag
    rows = [x for x in evaluate(_sub(r), [r]).rows if x.check in ("seals_present", "seals_match")]
    open_lines = {(x.check, x.unit) for x in rows if x.status == "unknown"}
    assert open_lines == {("seals_match", UNITS[3]), ("seals_present", units[4])}
    unclear = next(x for x in rows if x.unit == UNITS[3])
    assert (
        unclear.location and unclear.location["page"] == 5 and unclear.location["box"] == [0.5, 0.6, 0.7, 0.7]
    )
    # a grey scan: nothing can be told from colour, the row says to look at the original
    g = rec("agreement", members=members, signatories=units, clauses=_clauses())
    g.source.ocr_used, g.source.media_type = True, "pdf"
    g.extra["seal_check"] = {"status": "no_colour", "units": []}
    assert not codes_of(g, "SEAL_MISSING")
    row = next(x for x in evaluate(_sub(g), [g]).rows if x.check == "seals_present")
    assert row.status == "unknown" and "黑白" in row.message
    # a Word agreement carries no seals: the rows say so, no flag
    w = rec("agreement", members=members, signatories=UNITS[:3], clauses=_clauses())
    assert not codes_of(w, "SEAL_MISSING") and not codes_of(w, "SEAL_MISMATCH")
    row = next(x for x in evaluate(_sub(w), [w]).rows if x.check == "seals_present")
    assert row.status == "n/a" and "原件" in row.message


# --- DOC_MISMATCH -----------------------------------------------------------------------------------


def test_doc_mismatch_only_for_a_name_the_other_document_does_not_write():
    app = rec("application", members=[Member(name=u) for u in UNITS], lead_units=[UNITS[0]])
    agr = rec("agreement", members=[Member(name=u) for u in UNITS[:2]], lead_units=[UNITS[0]])
    sub = _sub(app, agr)
    agr.extra["text"] = ["一、参与单位", UNITS[0], UNITS[1], "3．紧密合作单位：新疆绿原科技", "有限公司"]
    flags = doc_mismatch(sub, [app, agr])
    assert [(f.unit, f.severity) for f in flags] == [(UNITS[3], "error")]
    assert flags[0].evidence == f"申请表成员：{UNITS[3]}"
    # written approximately in an OCR'd agreement: a warning to look at
    agr.source.ocr_used = True
    agr.extra["text"].append("新疆农业科学院土壤肥料研宄所")
    assert [(f.unit, f.severity) for f in doc_mismatch(sub, [app, agr])] == [(UNITS[3], "warning")]


# --- on Word files read by the pipeline -------------------------------------------------------------


def _agreement_docx(sign_lines: list[str]) -> bytes:
    d = docx.Document()
    d.add_paragraph("新疆维吾尔自治区创新联合体组建协议")
    d.add_paragraph("创新联合体名称：新疆维吾尔自治区某某创新联合体")
    heads = [
        "一、参与单位",
        "二、技术创新目标",
        "三、任务具体分工",
        "四、各成员单位的责权利",
        "五、科技成果、知识产权归属、许可使用和转化收益分配办法",
        "六、科研诚信追究方式",
        "七、违约责任追究方式",
    ]
    bodies = [
        ["1．牵头单位", UNITS[0], "2．核心层单位", UNITS[1], UNITS[2], "3．紧密合作单位", UNITS[3]],
        ["联合体聚焦煤化工产业链关键核心技术，力争攻克关键核心技术8项以上。"],
        [f"{u}：负责相关关键技术攻关与示范应用。" for u in UNITS],
        ["各成员单位享有参与重大事项决策的权利，承担按时完成任务的义务。"],
        ["成员单位单独完成的科技成果，知识产权归完成单位所有，转化收益按贡献分配。"],
        ["各成员单位应严格遵守科研诚信规定，不得弄虚作假，对失信行为依规追究。"],
        ["成员单位不履行本协议约定义务的，可视情节给予通报直至取消成员资格。"],
    ]
    for h, b in zip(heads, bodies):
        d.add_paragraph(h)
        for line in b:
            d.add_paragraph(line)
    d.add_paragraph("八、所有成员单位签章")
    for line in sign_lines:
        d.add_paragraph(line)
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def test_word_agreement_signature_block_read_whole(tmp_path):
    # 新疆大学 signs on a line without （盖章）: its name is in the seal block all the same
    data = _agreement_docx(
        [f"{UNITS[0]}（盖章）", f"单位：{UNITS[1]}    法定代表人签字：", f"{UNITS[2]}（盖章）"]
    )
    r = process_bytes("协议.docx", data)
    assert r.doc_type == "agreement" and r.jurisdiction == "xinjiang"
    assert [f.unit for f in r.flags if f.code == "SIGNATURE_MISSING"] == [UNITS[3]]
    assert not [f for f in r.flags if f.code in ("CLAUSE_MISSING", "CLAUSE_EMPTY")]
    # and through `intake extract --json`: the document record carries its rule flags
    p = tmp_path / "协议.docx"
    p.write_bytes(data)
    out = subprocess.run(
        [sys.executable, "-m", "cli", "extract", str(p), "--json"],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert out.returncode == 0, out.stderr
    d = json.loads(out.stdout)
    (f,) = [x for x in d["flags"] if x["code"] == "SIGNATURE_MISSING"]
    assert f["unit"] == UNITS[3] and "三（三）" in f["message"] and f["document"] == str(p)


def test_document_flags_follow_the_submissions_pack():
    """An agreement filed with a 2023 广西 application is judged by the 2021 方案, whatever its own
    date says; flags raised under another pack are replaced, not added."""
    data = _agreement_docx([f"{u}（盖章）" for u in UNITS[:3]]).replace(b"xx", b"xx")
    agr = process_bytes("协议.docx", data)
    agr.jurisdiction = "guangxi"
    app = rec("application", jur="guangxi", members=[Member(name=u) for u in UNITS], lead_units=[UNITS[0]])
    app.filing_date = "2023-05-01"
    sub = _sub(app, agr)
    sub.jurisdiction = "guangxi"
    check_submission(sub, [app, agr])
    (f,) = [x for x in agr.flags if x.code == "SIGNATURE_MISSING"]
    assert "工作方案（试行）》四（二）" in f.message
    assert (
        sub.extra["rule_pack"]
        == "guangxi-2021"
        == pack_in_force("guangxi", __import__("datetime").date(2023, 5, 1)).id
    )


def test_a_name_with_a_code_fragment_stuck_to_it_is_left_to_a_person():
    r = rec("application", members=[Member(name="新疆乙科技有限公司914H31")])
    r.extra["codes_expected"] = True
    assert not codes_of(r, "CREDIT_CODE_MISSING")
    (row,) = _code_rows(r)
    assert row.status == "unknown" and "代码片段" in row.message


def test_doc_mismatch_reads_through_a_code_glued_to_a_name():
    app = rec(
        "application",
        members=[Member(name=UNITS[0]), Member(name=UNITS[2] + "914H31")],
        lead_units=[UNITS[0]],
    )
    agr = rec("agreement", members=[Member(name=UNITS[0])], lead_units=[UNITS[0]])
    agr.extra["text"] = ["一、参与单位", UNITS[0], UNITS[2]]
    assert not doc_mismatch(_sub(app, agr), [app, agr])


def test_a_clause_followed_only_by_the_signature_page_is_empty():
    r = rec("agreement", members=[Member(name=UNITS[0])], signatories=[UNITS[0]])
    r.clauses = _clauses(
        integrity=Clause(present=True, filled=False, heading="六、科研诚信要求"),
        signatures=Clause(present=True, filled=True, heading="签章页"),
    )
    r.extra["text"] = [
        "六、科研诚信要求",
        "签章页",
        "成员单位（盖章）",
        "法定代表人或授权代表（签字）",
        f"{UNITS[0]}（盖章）",
    ]
    (f,) = codes_of(r, "CLAUSE_EMPTY")
    assert f.evidence == "integrity"


def test_the_signature_clause_is_filled_by_its_seal_block():
    r = rec("agreement", members=[Member(name=UNITS[0])], signatories=[UNITS[0]])
    r.clauses = _clauses(signatures=Clause(present=True, filled=False, heading="八、所有成员单位签章"))
    r.extra["text"] = ["八、所有成员单位签章", f"{UNITS[0]}（盖章）"]
    assert not codes_of(r, "CLAUSE_EMPTY")
    r.signatories = []
    r.extra["text"] = ["八、所有成员单位签章"]
    assert [f.evidence for f in codes_of(r, "CLAUSE_EMPTY")] == ["signatures"]


def test_a_code_read_in_part_on_a_scan_is_left_to_a_person():
    r = rec("application", members=[Member(name=UNITS[2])])
    r.source.ocr_used = True
    r.extra["codes_expected"] = True
    # the name on the cover first (a lead's), then in its table row with the code's cell read in part
    r.extra["layout"] = [
        [1, 0.1, 0.1, 0.9, 0.2, f"牵头单位（盖章）：{UNITS[2]}"],
        [4, 0.18, 0.1, 0.36, 0.2, UNITS[2]],
        [4, 0.44, 0.1, 0.66, 0.2, "914H31"],
    ]
    assert not codes_of(r, "CREDIT_CODE_MISSING")
    (row,) = _code_rows(r)
    assert row.status == "unknown" and "914H31" in row.message and row.location["page"] == 4
    r.extra["layout"] = [
        [4, 0.18, 0.1, 0.36, 0.2, UNITS[2]],
        [4, 0.67, 0.1, 0.86, 0.2, "牵头单位。负责总体组织。"],
    ]
    assert codes_of(r, "CREDIT_CODE_MISSING")[0].severity == "error"


def test_a_name_by_a_seal_mark_outside_the_block_read_is_not_called_missing():
    """The block finder took the last 签章 page; a member signed on the page before (its name
    beside 盖章): the whole document is the evidence, so an open line, not SIGNATURE_MISSING."""
    members = [Member(name=u) for u in UNITS]
    r = rec("agreement", members=members, signatories=UNITS[:3], clauses=_clauses())
    r.extra["signature_text"] = [f"{u}（盖章）" for u in UNITS[:3]]
    r.extra["text"] = [
        "一、参与单位",
        *UNITS,
        "二、其他",
        "丁方（盖章）：",
        UNITS[3],
        "法定代表人：",
        "八、所有成员单位签章",
        *r.extra["signature_text"],
    ]
    assert not codes_of(r, "SIGNATURE_MISSING")
    rows = [x for x in evaluate(_sub(r), [r]).rows if x.check == "members_signed"]
    (open_line,) = [x for x in rows if x.unit == UNITS[3]]
    assert open_line.status == "unknown" and "签章字样" in open_line.message
