"""The command line, as outside programs and clerks use it."""

from __future__ import annotations

import json

from tests.factories import intake


def test_extract_json_validates(samples, validator):
    p = intake("extract", str(samples / "GX-A" / "附件1-组建申请表.docx"), "--json")
    assert p.returncode == 0, p.stderr
    rec = json.loads(p.stdout)
    assert not list(validator.iter_errors(rec))
    assert rec["doc_type"] == "application" and rec["members"]


def test_extract_of_an_unreadable_file_still_gives_a_record(tmp_path, validator):
    bad = tmp_path / "x.pdf"
    bad.write_bytes(b"%PDF-1.4 broken")
    p = intake("extract", str(bad), "--json")
    assert p.returncode == 0
    rec = json.loads(p.stdout)
    assert rec["doc_type"] == "unreadable" and rec["flags"][0]["code"] == "UNREADABLE"
    assert not list(validator.iter_errors(rec))


def test_read_shows_provenance(samples):
    p = intake("read", str(samples / "GX-A" / "附件3-建设方案.pdf"))
    assert p.returncode == 0
    assert "p1 #1" in p.stdout and "[" in p.stdout  # page, order and box


def test_rules_lists_citations():
    p = intake("rules", "yunnan")
    assert p.returncode == 0
    assert (
        "《云南省创新联合体建设管理工作方案（试行）》四（四）" in p.stdout and "SELF_FUNDING_LOW" in p.stdout
    )
    j = json.loads(intake("rules", "--json").stdout)
    assert {x["jurisdiction"] for x in j} == {"guangxi", "xinjiang", "yunnan", "yongchuan"}


def test_process_writes_the_contract_layout(devset, tmp_path, sub_validators):
    out = tmp_path / "out"
    p = intake("process", str(devset / "S02"), str(devset / "S08"), "--out", str(out))
    assert p.returncode == 0, p.stderr
    assert "submission" in p.stdout and "flags:" in p.stdout
    docs = list((out / "documents").glob("*.json"))
    assert len(docs) == 5
    subs = json.loads((out / "submissions.json").read_text())
    assert {s["id"] for s in subs} == {"S02", "S08"}
    sub_v, flag_v = sub_validators
    assert all(not list(sub_v.iter_errors(s)) for s in subs)
    assert all(not list(flag_v.iter_errors(f)) for f in json.loads((out / "flags.json").read_text()))


def test_loose_files_are_grouped_by_consortium_name(devset, tmp_path):
    import shutil

    loose = tmp_path / "inbox"
    (loose / "sub").mkdir(parents=True)  # a folder with a subfolder: its own files are loose
    for s in ("S02", "S08"):
        for f in (devset / s).iterdir():
            shutil.copy(f, loose / f"{s}-{f.name}")
    shutil.copy(devset / "S11" / "附件1-组建申请表.docx", loose / "sub" / "a.docx")
    out = tmp_path / "out"
    p = intake("process", str(loose), "--out", str(out), "--no-registry")
    assert p.returncode == 0, p.stderr
    subs = json.loads((out / "submissions.json").read_text())
    names = sorted(s["consortium_name"] for s in subs)
    assert names == ["云南省三七中药创新联合体", "广西壮族自治区甘蔗糖业创新联合体", "广西生态环保创新联合体"]
    assert sorted(len(s["documents"]) for s in subs) == [1, 2, 3]
