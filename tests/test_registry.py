"""The registry on SQLite and on a real PostgreSQL server: idempotent re-runs, superseded
submissions kept as history, entity resolution, cross-consortium checks across batches, and two
batches at once."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import select

from models.tables import Membership, Submission, Unit
from pipeline.registry import Registry
from pipeline.run import run_batch
from tests.conftest import ROOT
from tests.pg import Server


@pytest.fixture(scope="module")
def pg_server():
    srv = Server()
    yield srv
    srv.stop()


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request, tmp_path):
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'registry.db'}"
    return request.getfixturevalue("pg_server").new_database()


def _copy(devset: Path, tmp: Path, *subs: str, name: str = "batch") -> Path:
    dest = tmp / name
    for s in subs:
        shutil.copytree(devset / s, dest / s)
    return dest


def _outputs(out: Path) -> dict[str, str]:
    """The run's outputs (not the result cache under OUT/.records/)."""
    files = {
        p.relative_to(out).as_posix(): p.read_text(encoding="utf-8")
        for p in sorted(out.rglob("*.json"))
        if not p.relative_to(out).parts[0].startswith(".")
    }
    return files


# guangxi submissions with no scans: fast, and they share units (caps, duplicates)
GX = ("S01", "S02", "S08", "S12")


def test_same_batch_twice_changes_nothing(devset, tmp_path, db_url):
    batch = _copy(devset, tmp_path, *GX)
    reg = Registry.open(db_url)
    run_batch([str(batch)], tmp_path / "out1", registry=reg)
    counts = reg.counts()
    first = _outputs(tmp_path / "out1")
    run_batch([str(batch)], tmp_path / "out2", registry=reg)
    assert reg.counts() == counts
    second = _outputs(tmp_path / "out2")
    assert first.keys() == second.keys()
    # the paths are the same files, the records identical
    assert first == second
    flags = json.loads(second["flags.json"])
    assert any(
        f["code"] == "MEMBER_CAP_EXCEEDED" and f["unit"] == "广西壮族自治区科技成果转化服务中心"
        for f in flags
    )
    assert any(f["code"] == "POSSIBLE_DUPLICATE_UNIT" for f in flags)
    reg.close()


def test_caps_see_the_whole_registry_not_just_the_batch(devset, tmp_path, db_url):
    reg = Registry.open(db_url)
    first = run_batch([str(_copy(devset, tmp_path, "S01", "S02", name="b1"))], tmp_path / "o1", registry=reg)
    assert not [f for f in first.flags if f.code == "MEMBER_CAP_EXCEEDED"]
    second = run_batch([str(_copy(devset, tmp_path, "S08", "S12", name="b2"))], tmp_path / "o2", registry=reg)
    caps = [f for f in second.flags if f.code == "MEMBER_CAP_EXCEEDED"]
    assert len(caps) == 1
    f = caps[0]
    assert f.unit == "广西壮族自治区科技成果转化服务中心" and f.evidence is not None
    # the flag names every consortium involved, those of the earlier batch included
    for name in (
        "广西壮族自治区新能源汽车创新联合体",
        "广西壮族自治区甘蔗糖业创新联合体",
        "广西生态环保创新联合体",
        "广西壮族自治区海洋工程装备创新联合体",
    ):
        assert name in f.evidence and name in f.message
    assert "第五条（三）5" in f.message
    reg.close()


def test_changed_submission_supersedes_and_keeps_history(devset, tmp_path, db_url):
    batch = _copy(devset, tmp_path, "S12")
    reg = Registry.open(db_url)
    run_batch([str(batch)], tmp_path / "o1", registry=reg)
    (batch / "S12" / "补充协议.docx").unlink()
    run_batch([str(batch)], tmp_path / "o2", registry=reg)
    with reg.Session() as s:
        subs = s.scalars(select(Submission).order_by(Submission.version)).all()
        assert [(x.version, x.current) for x in subs] == [(1, False), (2, True)]
        assert subs[0].superseded_at is not None
        old = s.scalars(select(Membership).where(Membership.submission_id == subs[0].id)).all()
        new = s.scalars(select(Membership).where(Membership.submission_id == subs[1].id)).all()
        assert old and not any(m.current for m in old)
        assert len(new) == len(old) and all(m.current for m in new)
    reg.close()


def test_units_resolved_by_code_then_name_never_merged_on_similarity(devset, tmp_path, db_url):
    reg = Registry.open(db_url)
    run_batch([str(_copy(devset, tmp_path, "S01", "S08"))], tmp_path / "o", registry=reg)
    with reg.Session() as s:
        names = {u.canonical_name for u in s.scalars(select(Unit))}
    # 广西宝丰（集团） (S01, with a code) and 广西宝沣(集团) (S08, no code): two units, a warning
    assert "广西宝丰（集团）实业有限公司" in names or "广西宝丰(集团)实业有限公司" in names
    assert "广西宝沣(集团)实业有限公司" in names
    dup = [f for f in reg.open_flags() if f.code == "POSSIBLE_DUPLICATE_UNIT"]
    assert len(dup) == 1 and dup[0].severity == "warning" and dup[0].evidence is not None
    assert "宝沣" in dup[0].evidence and "宝丰" in dup[0].evidence
    reg.close()


def test_one_unit_two_codes_is_a_conflict(devset, tmp_path, db_url):
    reg = Registry.open(db_url)
    run_batch([str(_copy(devset, tmp_path, "S03", "S10"))], tmp_path / "o", registry=reg, limits=None)
    conflicts = [f for f in reg.open_flags() if f.code == "CREDIT_CODE_CONFLICT"]
    assert len(conflicts) == 1
    assert conflicts[0].unit == "重庆睿科智能科技有限公司" and conflicts[0].evidence is not None
    assert "9150011840008838XM" in conflicts[0].evidence and "91500118MACYYG7R42" in conflicts[0].evidence
    reg.close()


def test_two_batches_at_once_lose_nothing(devset, tmp_path):
    """Two `intake process` runs against one SQLite registry at the same moment."""
    url = f"sqlite:///{tmp_path / 'shared.db'}"
    Registry.open(url).close()
    b1 = _copy(devset, tmp_path, "S01", "S02", name="b1")
    b2 = _copy(devset, tmp_path, "S08", "S12", name="b2")
    procs = [
        subprocess.Popen(
            [
                sys.executable,
                "-m",
                "cli",
                "process",
                str(b),
                "--out",
                str(tmp_path / f"o{i}"),
                "--db",
                url,
            ],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for i, b in enumerate((b1, b2))
    ]
    for p in procs:
        out, err = p.communicate(timeout=600)
        assert p.returncode == 0, err[-2000:]
    reg = Registry.open(url)
    c = reg.counts()
    assert c["consortia"] == 4 and c["submissions"] == 4
    assert c["documents"] == sum(1 for b in (b1, b2) for _ in b.rglob("*.*"))
    # one unit for the service centre all four share, whichever batch created it
    with reg.Session() as s:
        units = s.scalars(
            select(Unit).where(Unit.canonical_name == "广西壮族自治区科技成果转化服务中心")
        ).all()
        assert len(units) == 1
    # the cap is seen once both are in, whatever order they committed in
    reg.record_and_check([], [])
    assert any(f.code == "MEMBER_CAP_EXCEEDED" for f in reg.open_flags())
    reg.close()


def test_registry_url_from_environment(tmp_path, monkeypatch):
    import settings

    monkeypatch.setenv("INTAKE_DB", f"sqlite:///{tmp_path / 'env.db'}")
    assert settings.db_url(None, str(tmp_path / "out")) == f"sqlite:///{tmp_path / 'env.db'}"
    monkeypatch.delenv("INTAKE_DB")
    assert settings.db_url(None, str(tmp_path / "out")).endswith("out/registry.db")
    assert settings.db_url("postgresql://x/y") == "postgresql://x/y"
