"""From a read document to the contract's document record, with the flags about that document
alone. Pure: no I/O beyond the document handed in."""

from __future__ import annotations

from extractors import uscc
from extractors.classify import classify_doc_type, classify_jurisdiction
from extractors.fields.agreement import extract_agreement
from extractors.fields.application import extract_application
from extractors.fields.cover import common_fields
from extractors.fields.legacy import extract_legacy
from extractors.fields.plan import extract_plan
from extractors.layout import layout
from extractors.text import key
from models.document import ReadDocument
from models.record import MANDATORY_CLAUSES, DocumentRecord, Flag, Severity, Source

EXTRA_CLAUSES = {"yunnan": ["dissolution", "dispute_resolution"]}
CLAUSE_NAMES = {
    "participants": "参与单位（牵头和成员单位）",
    "innovation_goal": "技术创新目标",
    "task_division": "任务具体分工",
    "rights_obligations": "各成员单位的责权利",
    "ip_benefit": "科技成果、知识产权归属、许可使用和转化收益分配办法",
    "integrity": "科研诚信追究方式",
    "breach_liability": "违约责任追究方式",
    "signatures": "所有成员单位签章",
    "dissolution": "解散时各成员单位的权责分配",
    "dispute_resolution": "解决争议方式",
}
CLAUSE_RULE = {
    "guangxi": "《广西壮族自治区创新联合体建设管理工作方案（试行）》附件1-2 组建协议模板",
    "xinjiang": "《新疆维吾尔自治区创新联合体建设工作指引（试行）》附件2 组建协议模板",
    "yunnan": "《云南省创新联合体建设管理工作方案（试行）》五（三）及附件2 组建协议模板",
}


def extract_document(doc: ReadDocument, source: Source) -> DocumentRecord:
    rec = DocumentRecord(
        source=source.model_copy(
            update={"media_type": doc.media_type, "pages": doc.pages, "ocr_used": doc.ocr_used}
        )
    )
    rec.doc_type = classify_doc_type(doc)  # type: ignore[assignment]
    rec.jurisdiction = classify_jurisdiction(doc)  # type: ignore[assignment]
    common_fields(doc, rec)
    if rec.doc_type == "application":
        extract_application(doc, rec)
    elif rec.doc_type == "agreement":
        extract_agreement(doc, rec)
    elif rec.doc_type == "supplementary_agreement":
        extract_agreement(doc, rec, supplementary=True)
    elif rec.doc_type == "plan":
        extract_plan(doc, rec)
    elif rec.doc_type == "legacy_alliance":
        extract_legacy(doc, rec)
    if rec.doc_type != "agreement":
        rec.clauses = {}
    if doc.warnings:
        rec.extra["reader_warnings"] = doc.warnings
    boxes = layout(doc)
    if boxes:
        rec.extra["layout"] = boxes
    rec.flags = document_flags(rec)
    return rec


def _flag(
    rec: DocumentRecord,
    code: str,
    severity: Severity,
    message: str,
    unit: str | None = None,
    evidence: str | None = None,
) -> Flag:
    return Flag(
        code=code,
        severity=severity,
        message=message,
        consortium=rec.consortium_name,
        unit=unit,
        document=rec.source.path,
        evidence=evidence,
    )


def document_flags(rec: DocumentRecord) -> list[Flag]:
    flags: list[Flag] = []
    flags += code_flags(rec)
    if rec.doc_type == "application":
        flags += count_flags(rec)
    if rec.doc_type == "agreement":
        flags += clause_flags(rec)
        flags += signature_flags(rec)
        flags += seal_flags(rec)
    return flags


def code_flags(rec: DocumentRecord) -> list[Flag]:
    out: list[Flag] = []
    expected = bool(rec.extra.get("codes_expected"))
    wrong_length: dict[str, str] = rec.extra.get("codes_of_wrong_length") or {}
    for m in rec.members:
        if m.credit_code:
            why = uscc.why_invalid(m.credit_code)
            if why:
                fix = uscc.propose_fix(m.credit_code)
                msg = f"统一社会信用代码 {m.credit_code} 不符合 GB 32100-2015：{why}"
                if fix:
                    msg += f"；若为识别错误，可能应为 {fix}（未自动更正，请核对原件）"
                    rec.extra.setdefault("proposed_codes", {})[m.name] = fix
                out.append(
                    _flag(
                        rec, "CREDIT_CODE_INVALID", "warning" if fix else "error", msg, m.name, m.credit_code
                    )
                )
        elif m.name in wrong_length:
            bad = wrong_length[m.name]
            out.append(
                _flag(
                    rec,
                    "CREDIT_CODE_INVALID",
                    "error",
                    f"统一社会信用代码 {bad} 不符合 GB 32100-2015：{uscc.why_invalid(bad)}",
                    m.name,
                    bad,
                )
            )
        elif expected:
            out.append(
                _flag(
                    rec,
                    "CREDIT_CODE_MISSING",
                    "error",
                    f"成员单位“{m.name}”未填写统一社会信用代码（申请表/协议要求填写名称及统一社会信用代码）",
                    m.name,
                    m.name,
                )
            )
    return out


def count_flags(rec: DocumentRecord) -> list[Flag]:
    out: list[Flag] = []
    if not rec.members:
        return out
    dc = rec.declared_counts
    listed = {
        "members": len(rec.members),
        "enterprises": sum(1 for m in rec.members if m.kind == "enterprise"),
        "universities": sum(1 for m in rec.members if m.kind == "university"),
        "institutes": sum(1 for m in rec.members if m.kind == "institute"),
    }
    labels = {
        "members": "成员总数",
        "enterprises": "企业数量",
        "universities": "高校数量",
        "institutes": "研究机构数量",
    }
    for k, n in listed.items():
        declared = getattr(dc, k)
        if declared is None or declared == n:
            continue
        if declared > 20 and len(rec.members) >= 20:  # forms may list only the main members past 20
            continue
        out.append(
            _flag(
                rec,
                "COUNT_MISMATCH",
                "error" if k == "members" else "warning",
                f"申请表填报{labels[k]}{declared}个，成员单位名单中为{n}个",
                None,
                f"{k}: {declared} vs {n}",
            )
        )
    return out


def clause_flags(rec: DocumentRecord) -> list[Flag]:
    out: list[Flag] = []
    required = MANDATORY_CLAUSES + EXTRA_CLAUSES.get(rec.jurisdiction, [])
    rule = CLAUSE_RULE.get(rec.jurisdiction, "各地创新联合体组建协议模板")
    for k in required:
        c = rec.clauses.get(k)
        if c is None or not c.present:
            out.append(
                _flag(
                    rec, "CLAUSE_MISSING", "error", f"组建协议缺少“{CLAUSE_NAMES[k]}”条款（{rule}）", None, k
                )
            )
        elif not c.filled:
            out.append(
                _flag(
                    rec,
                    "CLAUSE_EMPTY",
                    "error",
                    f"组建协议“{c.heading or CLAUSE_NAMES[k]}”条款只有标题，没有实质内容（{rule}）",
                    None,
                    k,
                )
            )
    return out


def signature_flags(rec: DocumentRecord) -> list[Flag]:
    if not rec.signatories:
        return []
    from rapidfuzz import fuzz

    signed = [key(s) for s in rec.signatories]
    out: list[Flag] = []
    for m in rec.members:
        k = key(m.name)
        if k in signed or any(fuzz.ratio(k, s) >= 92 for s in signed):
            continue
        out.append(
            _flag(
                rec,
                "SIGNATURE_MISSING",
                "error",
                f"成员单位“{m.name}”未在组建协议签章处签章（协议须由成员单位法定代表人共同签署、盖章后生效）",
                m.name,
                "签章单位：" + "、".join(rec.signatories),
            )
        )
    return out


SEAL_RULE = {
    "guangxi": "《广西壮族自治区创新联合体建设管理工作方案（试行）》四（二）：联合共建协议必须由成员单位法定代表人共同签署、盖章后生效",
    "yunnan": "《云南省创新联合体建设管理工作方案（试行）》五（三）：联合共建协议必须由成员单位法定代表人共同签署、盖章后生效",
    "xinjiang": "《新疆维吾尔自治区创新联合体建设工作指引（试行）》三（三）：牵头企业与各参与单位签订具有法律效力的协议",
}


def seal_flags(rec: DocumentRecord) -> list[Flag]:
    """SEAL_MISSING / SEAL_MISMATCH (and a warning for a seal that can't be read) from the seal
    check on a scanned agreement (extra.seal_check). Only units named in the signature block are
    checked: a member absent from the block is SIGNATURE_MISSING, never both."""
    check = rec.extra.get("seal_check") or {}
    if check.get("status") != "checked":
        return []
    rule = SEAL_RULE.get(rec.jurisdiction, "组建协议须经各成员单位签字并加盖公章后生效")
    seals = rec.extra.get("seals") or []
    out: list[Flag] = []
    for u in check.get("units", []):
        unit, verdict = u["unit"], u["verdict"]
        seal = seals[u["seal"]] if u.get("seal") is not None and u["seal"] < len(seals) else None
        text = seal["text"] if seal else None
        where = f"（第{u['page']}页）" if u.get("page") else ""
        if verdict == "missing":
            out.append(
                _flag(
                    rec,
                    "SEAL_MISSING",
                    "error",
                    f"成员单位“{unit}”在组建协议签章处未加盖公章（{rule}）",
                    unit,
                    f"签章单位：{unit}（其签章处未见红色公章）",
                )
            )
        elif verdict == "mismatch":
            whose = f"，与成员单位“{u['other']}”的名称相符" if u.get("other") else ""
            out.append(
                _flag(
                    rec,
                    "SEAL_MISMATCH",
                    "error",
                    f"成员单位“{unit}”签章处{where}所盖公章的文字为“{text}”{whose}，与该单位名称不符（{rule}）",
                    unit,
                    text,
                )
            )
        elif verdict == "unclear":
            out.append(
                _flag(
                    rec,
                    "SEAL_UNREADABLE",
                    "warning",
                    f"成员单位“{unit}”签章处{where}有公章，但印章文字无法可靠辨认（读作“{text}”），请人工核对印章是否为该单位公章",
                    unit,
                    text,
                )
            )
    return out
