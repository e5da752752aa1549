"""Document-scope rules on records built here, each verified against the document's whole text
before flagging: credit codes, declared counts, the agreement's clauses."""

from __future__ import annotations

from models.record import Clause, DeclaredCounts, Member
from pipeline.rules.engine import document_flags, evaluate
from tests.factories import code
from tests.rule_docs import UNITS, all_clauses, code_rows, codes_of, rec, submission_of

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


def test_a_row_cut_by_a_narrow_cell_is_completed_or_left_to_a_person():
    """北京某某咖啡科技有限 / 公司 and a code two characters short: where the document holds the
    rest the record is completed; where it does not, the short code is a warning, not an error."""
    from extractors.fields.cut_names import complete_cut

    good = code("91110108088177900")
    r = rec("application", members=[Member(name="北京某某咖啡科技有限"), Member(name=UNITS[1])])
    r.extra["codes_of_wrong_length"] = {"北京某某咖啡科技有限": good[:16]}
    (f,) = [f for f in document_flags(r) if f.code == "CREDIT_CODE_INVALID"]
    assert f.severity == "warning" and "不完整" in f.message
    complete_cut(r, f"序号 单位名称 统一社会信用代码\n1 北京某某咖啡科技有限 {good[:16]}\n公司 {good[16:]}")
    assert r.members[0].name == "北京某某咖啡科技有限公司" and r.members[0].credit_code == good
    assert not r.extra["codes_of_wrong_length"]
    assert not [f for f in document_flags(r) if f.code == "CREDIT_CODE_INVALID"]


def test_credit_code_one_ocr_confusion_away_is_a_warning():
    good = code("91650100MA77XXXX0")
    swapped = good.replace("0", "O", 1)  # an OCR confusion
    r = rec("application", members=[Member(name=UNITS[0], credit_code=swapped)])
    (f,) = codes_of(r, "CREDIT_CODE_INVALID")
    assert f.severity == "warning" and good in f.message


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
    (row,) = [x for x in code_rows(r) if x.unit == UNITS[2]]
    assert row.status == "unknown" and stray in row.message and row.look_at
    r.extra["text"] = ["序号", "成员单位名称及统一社会信用代码", f"1 {UNITS[0]} {other}", f"2 {UNITS[2]}"]
    assert codes_of(r, "CREDIT_CODE_MISSING")[0].severity == "error"
    # OCR ran the code into the next list item's number (…统一社会信用代码：{code}3.丙公司…): on paper
    r.extra["text"] = [
        f"1.{UNITS[0]}，统一社会信用代码：{other}2:{UNITS[2]}，统一社会信用代码：",
        f"{stray}3.{UNITS[1]}，统一社会信用代码：",
    ]
    assert not codes_of(r, "CREDIT_CODE_MISSING")


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
    row = next(x for x in evaluate(submission_of(r), [r]).rows if x.check == "declared_counts_match")
    assert row.status == "unknown" and "主要成员单位" in row.message
    # ... but everywhere else the note does not exist
    gx = r.model_copy(update={"jurisdiction": "guangxi"})
    assert {f.evidence for f in codes_of(gx, "COUNT_MISMATCH")} == {"members: 25 vs 10"}
    # the kinds follow the total: one flag for one cause, the kinds' row left open
    rows = [x for x in evaluate(submission_of(gx), [gx]).rows if x.check == "declared_counts_match"]
    assert any(x.status == "unknown" and "各类数量" in x.message for x in rows)
    # the total right, a kind wrong: that kind is flagged
    gx.declared_counts = DeclaredCounts(members=10, enterprises=8)
    assert {f.evidence for f in codes_of(gx, "COUNT_MISMATCH")} == {"enterprises: 8 vs 10"}


def test_enterprises_short_by_a_finance_company_are_left_to_a_person():
    """A venture-capital or guarantee company is a company by its name and a 金融机构 to many a
    filer: the form declaring one enterprise fewer than the list holds is an open line."""
    members = [Member(name=f"新疆{i}号科技有限公司", kind="enterprise") for i in range(4)]
    members.append(Member(name="克拉玛依科技创业投资有限公司", kind="enterprise"))
    members.append(Member(name="新疆大学", kind="university"))
    r = rec("application", members=members, declared_counts=DeclaredCounts(members=6, enterprises=4))
    assert not codes_of(r, "COUNT_MISMATCH")
    (row,) = [
        x
        for x in evaluate(submission_of(r), [r]).rows
        if x.check == "declared_counts_match" and "enterprises:" in (x.evidence or "")
    ]
    assert row.status == "unknown" and "投资" in row.message and row.look_at
    # two enterprises short: one finance company cannot explain it
    r.declared_counts = DeclaredCounts(members=6, enterprises=3)
    (f,) = codes_of(r, "COUNT_MISMATCH")
    assert f.evidence == "enterprises: 3 vs 5"
    # a plain 投资 group is an enterprise like any other: declared one fewer is a mismatch
    r.members[4] = Member(name="新疆投资发展集团有限公司", kind="enterprise")
    r.declared_counts = DeclaredCounts(members=6, enterprises=4)
    assert codes_of(r, "COUNT_MISMATCH")


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
        for x in evaluate(submission_of(r), [r]).rows
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
        for x in evaluate(submission_of(r), [r]).rows
        if x.check == "declared_counts_match" and "members:" in (x.evidence or "")
    ]
    assert row.status == "unknown" and "新疆天池检测技术有限公司" in row.message
    # nothing else named: the list is short of what was declared
    r.extra["text"] = [f"新疆{i}号科技有限公司 {c}" for i, c in enumerate(codes[:3])]
    (f,) = codes_of(r, "COUNT_MISMATCH")
    assert f.severity == "error" and f.evidence == "members: 4 vs 3"


# --- clauses ----------------------------------------------------------------------------------------


def test_clause_missing_verified_against_the_whole_text():
    r = rec("agreement", members=[Member(name=UNITS[0])], signatories=[UNITS[0]])
    r.clauses = all_clauses(breach_liability=Clause(present=False, filled=False))
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
        for x in evaluate(submission_of(r), [r]).rows
        if x.check == "clauses_present" and x.value == "breach_liability"
    )
    assert row.status == "unknown" and "科研诚信与违约责任" in (row.location or {}).get("text", "")


def test_yunnan_asks_for_dissolution_and_dispute_terms():
    r = rec("agreement", jur="yunnan", members=[Member(name=UNITS[0])], signatories=[UNITS[0]])
    r.clauses = all_clauses(dissolution=Clause(), dispute_resolution=Clause())
    assert {f.evidence for f in codes_of(r, "CLAUSE_MISSING")} == {"dissolution", "dispute_resolution"}
    r.jurisdiction = "xinjiang"
    assert not codes_of(r, "CLAUSE_MISSING")


def test_clause_empty_unless_its_heading_is_followed_by_substance():
    r = rec("agreement", members=[Member(name=UNITS[0])], signatories=[UNITS[0]])
    r.clauses = all_clauses(integrity=Clause(present=True, filled=False, heading="六、科研诚信追究方式"))
    r.extra["text"] = ["六、科研诚信追究方式", "七、违约责任追究方式", "违约方承担责任。"]
    (f,) = codes_of(r, "CLAUSE_EMPTY")
    assert f.evidence == "integrity"
    r.extra["text"] = [
        "六、科研诚信追究方式",
        "各成员单位及其科研人员应严格遵守科研诚信和科技伦理相关规定，对失信行为依规追究责任。",
        "七、违约责任追究方式",
    ]
    assert not codes_of(r, "CLAUSE_EMPTY")
    # the body set before its heading (a scan's page read out of order): verified against the
    # whole text, it asks a person to look instead of saying the clause is empty
    r.extra["text"] = [
        "成果转化收益按投入比例分配。各成员单位应严格遵守科研诚信规范，杜绝抄袭、篡改和伪造数据等行为。",
        "六、科研诚信追究方式",
        "七、违约责任追究方式",
        "违约方承担责任。",
    ]
    assert not codes_of(r, "CLAUSE_EMPTY")
    row = next(
        x
        for x in evaluate(submission_of(r), [r]).rows
        if x.check == "clauses_filled" and x.value == "integrity"
    )
    assert row.status == "unknown" and "另处" in row.message


def test_guangxi_2025_cites_its_own_article_not_the_repealed_template():
    r = rec("agreement", jur="guangxi", members=[Member(name=UNITS[0])], signatories=[UNITS[0]])
    r.clauses = all_clauses(breach_liability=Clause())
    (f,) = codes_of(r, "CLAUSE_MISSING")
    assert "《广西壮族自治区创新联合体管理办法》第四条（四）" in f.message and "工作方案" not in f.message
    r.filing_date = "2023-05-01"
    (f,) = codes_of(r, "CLAUSE_MISSING")
    assert "《广西壮族自治区创新联合体建设管理工作方案（试行）》四（二）及附件1-2" in f.message
