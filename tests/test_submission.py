"""Checks across the documents of one submission, and the schema the migrations build."""

from __future__ import annotations

from models.record import DocType, DocumentRecord, Member, Source, SubmissionRecord
from pipeline.submission import doc_mismatch


def _doc(doc_type: DocType, name: str, leads: list[str], members: list[str]) -> DocumentRecord:
    return DocumentRecord(
        source=Source(path=f"{doc_type}.docx", sha256=doc_type[0] * 64),
        doc_type=doc_type,
        consortium_name=name,
        lead_units=leads,
        members=[Member(name=m, tier="lead" if m in leads else "core") for m in members],
    )


def test_application_and_agreement_that_agree_raise_nothing():
    a = _doc("application", "甲创新联合体", ["甲公司"], ["甲公司", "乙大学"])
    g = _doc("agreement", "甲创新联合体", ["甲公司"], ["甲公司", "乙大学"])
    sub = SubmissionRecord(id="S", consortium_name="甲创新联合体")
    assert doc_mismatch(sub, [a, g]) == []


def test_disagreements_are_named_with_their_evidence():
    a = _doc("application", "甲创新联合体", ["甲公司"], ["甲公司", "乙大学", "丙研究院"])
    g = _doc("agreement", "甲产业创新联合体", ["丁公司"], ["丁公司", "乙大学"])
    flags = doc_mismatch(SubmissionRecord(id="S", consortium_name="甲创新联合体"), [a, g])
    assert all(f.code == "DOC_MISMATCH" and f.consortium == "甲创新联合体" for f in flags)
    ev = [f.evidence for f in flags]
    assert "申请表：甲创新联合体 / 协议：甲产业创新联合体" in ev
    assert "申请表：甲公司 / 协议：丁公司" in ev
    units = sorted(f.unit for f in flags if f.unit)
    assert units == ["丁公司", "丙研究院", "甲公司"]


def test_migrations_build_exactly_the_models(tmp_path):
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from models.tables import Base
    from pipeline.registry import Registry

    reg = Registry.open(f"sqlite:///{tmp_path / 'm.db'}")
    with reg.engine.connect() as c:
        diff = compare_metadata(MigrationContext.configure(c), Base.metadata)
    assert diff == [], diff
    reg.close()
