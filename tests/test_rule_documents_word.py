"""The document rules on Word files built here and read by the pipeline (signature blocks, codes
glued to names, clauses followed by the signature page), and the rules of the submission's pack."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import docx

from models.record import Clause, Member
from pipeline.documents import process_bytes
from pipeline.rules.engine import evaluate
from pipeline.submission import check_submission, doc_mismatch
from tests.factories import pack_in_force
from tests.rule_docs import UNITS, all_clauses, code_rows, codes_of, rec, submission_of

ROOT = Path(__file__).resolve().parent.parent


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
    sub = submission_of(app, agr)
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
    (row,) = code_rows(r)
    assert row.status == "unknown" and "代码片段" in row.message


def test_doc_mismatch_reads_through_a_code_glued_to_a_name():
    app = rec(
        "application",
        members=[Member(name=UNITS[0]), Member(name=UNITS[2] + "914H31")],
        lead_units=[UNITS[0]],
    )
    agr = rec("agreement", members=[Member(name=UNITS[0])], lead_units=[UNITS[0]])
    agr.extra["text"] = ["一、参与单位", UNITS[0], UNITS[2]]
    assert not doc_mismatch(submission_of(app, agr), [app, agr])


def test_a_clause_followed_only_by_the_signature_page_is_empty():
    r = rec("agreement", members=[Member(name=UNITS[0])], signatories=[UNITS[0]])
    r.clauses = all_clauses(
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
    r.clauses = all_clauses(signatures=Clause(present=True, filled=False, heading="八、所有成员单位签章"))
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
    (row,) = code_rows(r)
    assert row.status == "unknown" and "914H31" in row.message
    assert row.location is not None and row.location["page"] == 4
    r.extra["layout"] = [
        [4, 0.18, 0.1, 0.36, 0.2, UNITS[2]],
        [4, 0.67, 0.1, 0.86, 0.2, "牵头单位。负责总体组织。"],
    ]
    assert codes_of(r, "CREDIT_CODE_MISSING")[0].severity == "error"


def test_a_name_by_a_seal_mark_outside_the_block_read_is_not_called_missing():
    """The block finder took the last 签章 page; a member signed on the page before (its name
    beside 盖章): the whole document is the evidence, so an open line, not SIGNATURE_MISSING."""
    members = [Member(name=u) for u in UNITS]
    r = rec("agreement", members=members, signatories=UNITS[:3], clauses=all_clauses())
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
    rows = [x for x in evaluate(submission_of(r), [r]).rows if x.check == "members_signed"]
    (open_line,) = [x for x in rows if x.unit == UNITS[3]]
    assert open_line.status == "unknown" and "签章字样" in open_line.message
