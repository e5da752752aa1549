"""Exports: a submission's filled checklist as a printable .docx 形式审查表, the registry as .xlsx
or CSV for data teams (units, consortia, memberships, flags, review events), and the contract
JSON of each document. The web app and `intake export` call the same functions."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from collections.abc import Callable, Iterator
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from models.tables import (
    Consortium,
    Document,
    FlagRow,
    Membership,
    ReviewEvent,
    Submission,
    Unit,
    UnitCode,
    UnitName,
)
from models.vocab import field_label, humanize, label, shown_name
from pipeline.registry import Registry
from pipeline.review import View
from pipeline.review.events import shown_value


def _cell(v: Any) -> Any:
    if v is None or isinstance(v, (int, float, str)):
        return v
    if hasattr(v, "isoformat"):
        return v.isoformat(sep=" ", timespec="seconds") if hasattr(v, "hour") else v.isoformat()
    return json.dumps(v, ensure_ascii=False)


def _sheet(
    s: Session, name: str, table: Any, columns: list[str], **computed: Callable[[Any], Any]
) -> tuple[str, list[str], list[list[Any]]]:
    """(sheet name, header, rows) of a table in id order: each column the row's attribute of that
    name as a cell, but those `computed` from the row."""
    return (
        name,
        columns,
        [
            [computed[c](r) if c in computed else _cell(getattr(r, c)) for c in columns]
            for r in s.scalars(select(table).order_by(table.id))
        ],
    )


def registry_tables(reg: Registry) -> Iterator[tuple[str, list[str], list[list[Any]]]]:
    """(sheet name, header, rows) for each of the registry's tables a data team needs."""
    with reg.Read() as s:
        codes: dict[int, list[str]] = {}
        for c in s.scalars(select(UnitCode)):
            codes.setdefault(c.unit_id, []).append(c.code)
        names: dict[int, list[str]] = {}
        for n in s.scalars(select(UnitName)):
            names.setdefault(n.unit_id, []).append(n.name)
        yield _sheet(
            s,
            "units",
            Unit,
            ["id", "canonical_name", "kind", "credit_codes", "names_as_written", "created_at"],
            credit_codes=lambda u: "、".join(codes.get(u.id, [])),
            names_as_written=lambda u: "、".join(names.get(u.id, [])),
        )
        yield _sheet(
            s,
            "consortia",
            Consortium,
            ["id", "name", "jurisdiction", "legacy", "status", "filing_date", "effective_date"],
        )
        yield _sheet(
            s,
            "submissions",
            Submission,
            [
                "id",
                "consortium_id",
                "label",
                "version",
                "current",
                "documents",
                "created_at",
                "superseded_at",
            ],
            documents=lambda x: len(x.record.get("documents", [])),
        )
        cons = {c.id: c.name for c in s.scalars(select(Consortium))}
        units = {u.id: u.canonical_name for u in s.scalars(select(Unit))}
        yield _sheet(
            s,
            "memberships",
            Membership,
            [
                "id",
                "consortium",
                "unit_id",
                "unit",
                "name_as_written",
                "code_as_written",
                "tier",
                "current",
                "submission_id",
            ],
            consortium=lambda m: cons.get(m.consortium_id),
            unit=lambda m: units.get(m.unit_id),
        )
        yield _sheet(
            s,
            "flags",
            FlagRow,
            [
                "id",
                "scope",
                "code",
                "severity",
                "status",
                "consortium",
                "unit",
                "document",
                "evidence",
                "message",
                "submission_id",
                "created_at",
                "resolved_at",
            ],
        )
        yield _sheet(
            s,
            "review_events",
            ReviewEvent,
            ["id", "at", "username", "action", "submission_id", "target", "value", "comment"],
        )


def registry_xlsx(reg: Registry) -> bytes:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    wb = Workbook(write_only=True)  # rows streamed to the file: tens of thousands of rows in seconds
    for name, header, rows in registry_tables(reg):
        ws = wb.create_sheet(title=name)
        ws.freeze_panes = "A2"
        bold = []
        for h in header:
            c = WriteOnlyCell(ws, value=h)
            c.font = Font(bold=True)
            bold.append(c)
        ws.append(bold)
        for r in rows:
            ws.append([_xlsx_safe(v) for v in r])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _xlsx_safe(v: Any) -> Any:
    """Document text is untrusted: a cell that starts like a formula is written as text."""
    if isinstance(v, str) and v[:1] in ("=", "+", "-", "@"):
        return "'" + v
    return v


def registry_csv(reg: Registry) -> dict[str, bytes]:
    """One CSV (UTF-8 with BOM, so that Excel reads the Chinese) per table."""
    out = {}
    for name, header, rows in registry_tables(reg):
        buf = io.StringIO()
        w = csv.writer(buf)
        w.writerow(header)
        for r in rows:
            w.writerow([_xlsx_safe(v) for v in r])
        out[f"{name}.csv"] = ("\ufeff" + buf.getvalue()).encode("utf-8")
    return out


def zip_files(files: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in files.items():
            z.writestr(name, data)
    return buf.getvalue()


def documents_json(reg: Registry, submission_id: int | None = None) -> dict[str, bytes]:
    """The contract record of each document (of one submission, or all), as `<sha256>.json`."""
    with reg.Read() as s:
        q = select(Document)
        if submission_id is not None:
            sub = s.get(Submission, submission_id)
            shas = (sub.record.get("documents") or []) if sub else []
            q = q.where(Document.sha256.in_(shas))
        return {
            f"{d.sha256}.json": json.dumps(d.record, ensure_ascii=False, indent=1).encode("utf-8")
            for d in s.scalars(q)
        }


def _value(v: Any) -> str:
    """A corrected value on the printed form: as the checklist shows it, but an empty text stays
    empty."""
    return "" if v == "" else shown_value(v)


def checklist_docx(v: View) -> bytes:
    """The filled 形式审查表: every item with the machine's verdict, the value and evidence read,
    the citation, and the reviewer's decision, grouped as the checklist is (one row per rule, a
    line per clause); corrections; a place to sign."""
    from docx import Document as Docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml.ns import qn
    from docx.shared import Pt

    doc = Docx()
    style = doc.styles["Normal"]
    style.font.name = "SimSun"
    style.font.size = Pt(10.5)
    style.element.rPr.rFonts.set(qn("w:eastAsia"), "宋体")
    title = doc.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    kind = "存量联盟记录核对表" if v.legacy else "创新联合体组建形式审查表"
    run = title.add_run(f"{label('jurisdiction', v.jurisdiction)}{kind}")
    run.bold = True
    run.font.size = Pt(16)
    info = doc.add_table(rows=0, cols=4)
    info.style = "Table Grid"
    for a, b, c, d in [
        ("联合体名称", shown_name(v.consortium), "提交编号", f"{shown_name(v.label)}（第{v.version}版）"),
        ("适用规则", v.rule_pack or "—", "审查状态", label("status", v.status)),
    ]:
        row = info.add_row().cells
        row[0].text, row[1].text, row[2].text, row[3].text = a, b, c, d
    doc.add_paragraph(
        "材料："
        + "；".join(f"{shown_name(d['name'])}（{label('doc_type', d['doc_type'])}）" for d in v.documents)
    )
    doc.add_paragraph()
    t = doc.add_table(rows=1, cols=6)
    t.style = "Table Grid"
    for c, h in zip(t.rows[0].cells, ["序号", "审查项目", "依据", "机器判定", "读取值与证据", "审查意见"]):
        c.text = h
        for p in c.paragraphs:
            for r in p.runs:
                r.bold = True
    for i, g in enumerate(v.groups, 1):
        cells = t.add_row().cells
        where = {"cross": "（跨联合体）", "flag": "（材料）"}.get(g.kind, "")
        cells[0].text = str(i)
        cells[1].text = f"{g.title}{where}"
        cells[2].text = g.citation or ""
        verdicts, evidence, decisions = [], [], []
        for it in g.items:
            head = f"{it.line}：" if it.line and len(g.items) > 1 else ""
            verdicts.append(head + label("verdict" if it.kind == "rule" else "severity", it.status))
            ev = humanize(it.message)
            if it.evidence and it.evidence not in it.message:
                ev += f"\n证据：{humanize(it.evidence)}"
            if it.location:
                ev += f"\n（{shown_name(it.document_name)} 第{it.location[0]}页）"
            elif it.document_name:
                ev += f"\n（{shown_name(it.document_name)}）"
            if it.others:
                ev += "\n涉及：" + "、".join(o["consortium"] for o in it.others)
            evidence.append(head + ev)
            decision = ""
            if it.decision:
                decision = label("decision", it.decision["verdict"])
                if it.decision.get("comment"):
                    decision += f"：{it.decision['comment']}"
                decision += f"（{it.decision['username']}，{_cell(it.decision['at'])}）"
            elif it.needs_human:
                decision = "待人工确认"
            if decision:
                decisions.append(head + decision)
        cells[3].text = "\n".join(verdicts)
        cells[4].text = "\n".join(evidence)
        cells[5].text = "\n".join(decisions)
    if v.corrections:
        doc.add_paragraph()
        doc.add_paragraph("人工更正的字段（机器读取值保留）：")
        ct = doc.add_table(rows=1, cols=5)
        ct.style = "Table Grid"
        for c, h in zip(ct.rows[0].cells, ["文件", "字段", "机器读取", "更正为", "更正人"]):
            c.text = h
        for corr in v.corrections:
            cells = ct.add_row().cells
            cells[0].text = shown_name(corr["document_name"])
            cells[1].text = field_label(corr["field"])
            cells[2].text = _value(corr["machine"])
            cells[3].text = _value(corr["value"])
            cells[4].text = f"{corr['username']} {_cell(corr['at'])}"
    signoff = next((e for e in reversed(v.events) if e.action in ("signoff", "reopen")), None)
    doc.add_paragraph()
    if signoff and signoff.action == "signoff":
        doc.add_paragraph(
            f"审查结论：{label('status', signoff.value.get('outcome'))}"
            + (f"（{signoff.comment}）" if signoff.comment else "")
            + f"    系统签核：{signoff.username} {_cell(signoff.at)}"
        )
    else:
        doc.add_paragraph("审查结论：□ 通过    □ 退回")
    doc.add_paragraph("审查人（签字）：________________        日期：________________")
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()
