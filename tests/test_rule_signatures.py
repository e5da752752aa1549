"""Signatures and seals on agreements, and the submission's DOC_MISMATCH (application against
agreement), on records built here: verified against the whole text, approximate readings left to a
person."""

from __future__ import annotations

from models.record import Member
from pipeline.rules.engine import evaluate
from pipeline.submission import doc_mismatch
from tests.rule_docs import UNITS, all_clauses, codes_of, rec, submission_of

# --- signatures and seals ---------------------------------------------------------------------------


def test_signature_missing_verified_against_the_seal_block_text():
    members = [Member(name=u) for u in UNITS]
    r = rec("agreement", members=members, signatories=UNITS[:2], clauses=all_clauses())
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
    rows = [x for x in evaluate(submission_of(r), [r]).rows if x.check == "members_signed"]
    passing = next(x for x in rows if x.status == "pass")
    assert (
        "名称见于签章处" in passing.message and "须在签字盖章的原件上核对" in passing.message
    )  # a Word file


def test_signature_read_approximately_on_a_scan_is_left_to_a_person():
    members = [Member(name=u) for u in UNITS]
    r = rec("agreement", members=members, signatories=UNITS[:3], clauses=all_clauses())
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
    rows = [x for x in evaluate(submission_of(r), [r]).rows if x.check == "members_signed"]
    assert "印章逐一核对" in rows[0].message  # a scan: the seal rules look at the seals
    (near,) = [x for x in rows if x.unit == UNITS[3]]
    assert near.status == "unknown" and "第5页" in near.message and near.look_at
    # another member's name written whole is not a near miss of this one's
    other, missing = "新疆农业科学院土壤肥料研究所测试中心", "新疆农业科学院土壤肥料研究院"
    r2 = rec(
        "agreement", members=[*members[:3], Member(name=other), Member(name=missing)], clauses=all_clauses()
    )
    r2.signatories = UNITS[:3] + [other]
    r2.source.ocr_used, r2.source.media_type = True, "pdf"
    r2.extra["layout"] = [row[:5] + [row[5].replace("研宄所", "研究所测试中心")] for row in r.extra["layout"]]
    (f,) = codes_of(r2, "SIGNATURE_MISSING")
    assert f.unit == missing and f.severity == "error"


def test_seal_rules_on_a_scanned_agreement():
    units = [*UNITS, "新疆昆仑检测技术有限公司"]
    members = [Member(name=u) for u in units]
    r = rec("agreement", members=members, signatories=units, clauses=all_clauses())
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
    rows = [x for x in evaluate(submission_of(r), [r]).rows if x.check in ("seals_present", "seals_match")]
    open_lines = {(x.check, x.unit) for x in rows if x.status == "unknown"}
    assert open_lines == {("seals_match", UNITS[3]), ("seals_present", units[4])}
    unclear = next(x for x in rows if x.unit == UNITS[3])
    assert (
        unclear.location and unclear.location["page"] == 5 and unclear.location["box"] == [0.5, 0.6, 0.7, 0.7]
    )
    # a grey scan: nothing can be told from colour, the row says to look at the original
    g = rec("agreement", members=members, signatories=units, clauses=all_clauses())
    g.source.ocr_used, g.source.media_type = True, "pdf"
    g.extra["seal_check"] = {"status": "no_colour", "units": []}
    assert not codes_of(g, "SEAL_MISSING")
    row = next(x for x in evaluate(submission_of(g), [g]).rows if x.check == "seals_present")
    assert row.status == "unknown" and "黑白" in row.message
    # a Word agreement carries no seals: the rows say so, no flag
    w = rec("agreement", members=members, signatories=UNITS[:3], clauses=all_clauses())
    assert not codes_of(w, "SEAL_MISSING") and not codes_of(w, "SEAL_MISMATCH")
    row = next(x for x in evaluate(submission_of(w), [w]).rows if x.check == "seals_present")
    assert row.status == "n/a" and "原件" in row.message


# --- DOC_MISMATCH -----------------------------------------------------------------------------------


def test_doc_mismatch_only_for_a_name_the_other_document_does_not_write():
    app = rec("application", members=[Member(name=u) for u in UNITS], lead_units=[UNITS[0]])
    agr = rec("agreement", members=[Member(name=u) for u in UNITS[:2]], lead_units=[UNITS[0]])
    sub = submission_of(app, agr)
    agr.extra["text"] = ["一、参与单位", UNITS[0], UNITS[1], "3．紧密合作单位：新疆绿原科技", "有限公司"]
    flags = doc_mismatch(sub, [app, agr])
    assert [(f.unit, f.severity) for f in flags] == [(UNITS[3], "error")]
    assert flags[0].evidence == f"申请表成员：{UNITS[3]}"
    # written approximately in an OCR'd agreement: a warning to look at
    agr.source.ocr_used = True
    agr.extra["text"].append("新疆农业科学院土壤肥料研宄所")
    assert [(f.unit, f.severity) for f in doc_mismatch(sub, [app, agr])] == [(UNITS[3], "warning")]
