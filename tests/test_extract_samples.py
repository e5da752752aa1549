"""Every committed sample through the whole pipeline, against the values the generator wrote
(samples/expected.json): .docx, born-digital PDF and scanned PDF (OCR: slow)."""

from __future__ import annotations

import json

import pytest

from pipeline.run import run_batch


@pytest.fixture(scope="module")
def batch(samples, tmp_path_factory):
    out = tmp_path_factory.mktemp("samples-out")
    result = run_batch([str(samples)], out)
    return result, out


def _doc(result, sid: str, fn: str):
    for d in result.documents:
        if d.source.path.endswith(f"{sid}/{fn}"):
            return d
    raise AssertionError(f"no record for {sid}/{fn}")


def _iso(ymd: list[int]) -> str:
    y, m, d = ymd
    return f"{y:04d}-{m:02d}-{d:02d}"


def _cases(expected):
    for sid, s in expected["submissions"].items():
        for kind, fn in s["files"].items():
            yield sid, kind, fn, s["consortium"]


@pytest.mark.slow
def test_every_sample_document(batch, expected):
    result, _ = batch
    problems = []
    for sid, kind, fn, c in _cases(expected):
        d = _doc(result, sid, fn)

        def chk(label, got, want, d=d, sid=sid, kind=kind):
            if got != want:
                problems.append(
                    f"{sid} {kind} ({d.source.media_type}, ocr={d.source.ocr_used}) {label}: {got!r} != {want!r}"
                )

        chk("doc_type", d.doc_type, kind)
        chk("jurisdiction", d.jurisdiction, c["jurisdiction"])
        chk("consortium_name", d.consortium_name, c["name"])
        chk("lead_units", d.lead_units, [c["lead"]["name"]])
        chk("members", [m.name for m in d.members], [m["name"] for m in c["members"]])
        if kind != "application":
            chk("tiers", [m.tier for m in d.members], [m["tier"] for m in c["members"]])
        if kind == "application":
            chk("codes", [m.credit_code for m in d.members], [m["code"] for m in c["members"]])
            chk("tiers", [m.tier for m in d.members], [m["tier"] for m in c["members"]])
            chk("kinds", [m.kind for m in d.members], [m["kind"] for m in c["members"]])
            chk(
                "team",
                [(t.name, t.age, t.title, t.specialty, t.employer) for t in d.team],
                [(t["name"], t["age"], t["title"], t["specialty"], t["employer"]) for t in c["team"]],
            )
            chk(
                "platforms",
                [(p.name, p.level, p.established, p.host_unit) for p in d.platforms],
                [(p["name"], p["level"], p["established"], p["host_unit"]) for p in c["platforms"]],
            )
            chk("chief", (d.chief_scientist.name, d.chief_scientist.title), (c["chief"][0], c["chief"][1]))
            chk("contact", (d.contact.person, d.contact.phone), (c["contact"], c["phone"]))
            kinds = [m["kind"] for m in c["members"]]
            chk(
                "declared",
                (
                    d.declared_counts.members,
                    d.declared_counts.enterprises,
                    d.declared_counts.universities,
                    d.declared_counts.institutes,
                ),
                (len(kinds), kinds.count("enterprise"), kinds.count("university"), kinds.count("institute")),
            )
            chk(
                "platform counts",
                (d.platform_counts.national, d.platform_counts.provincial),
                (c["national"], c["provincial"]),
            )
            chk("effective", d.agreement_effective_date, _iso(c["effective"]))
        if kind in ("application", "plan"):
            chk("revenue", d.rd.revenue_cny, round(c["revenue_yi"] * 1e8, 2))
            chk("rd_staff", d.rd.rd_staff, c["rd_staff"])
            chk(
                "rd series",
                [(x.year, x.amount_cny) for x in d.rd.rd_expense_cny],
                [(y, w * 1e4) for y, w in zip(c["rd_years"], c["rd_wan"])],
            )
            chk("intensity", d.rd.rd_intensity_pct, c["intensity"])
        if kind == "plan":
            chk("chief", (d.chief_scientist.name, d.chief_scientist.title), (c["chief"][0], c["chief"][1]))
            if c["jurisdiction"] == "yunnan":
                chk("self funding", d.rd.self_funding_ratio, c["self_ratio"])
        chk("filing_date", d.filing_date, _iso(c["filing"]))
    assert not problems, "\n".join(problems)


@pytest.mark.slow
def test_agreement_flags_match_what_the_sample_breaks(batch, expected):
    result, _ = batch
    for sid, kind, fn, c in _cases(expected):
        if kind != "agreement":
            continue
        d = _doc(result, sid, fn)
        style = c["style"]
        got = sorted((f.code, f.unit or f.evidence) for f in d.flags)
        want = sorted(
            [("CLAUSE_MISSING", k) for k in style.get("drop_clauses", [])]
            + [("CLAUSE_EMPTY", k) for k in style.get("empty_clauses", [])]
            + [("SIGNATURE_MISSING", n) for n in c["unsigned"]]
            + [("SEAL_MISSING", n) for n in c["seal_missing"]]
            + [("SEAL_MISMATCH", n) for n in c["seal_mismatch"]]
        )
        assert got == want, sid
        assert d.signatories == [m["name"] for m in c["members"] if m["name"] not in c["unsigned"]]


@pytest.mark.slow
def test_seals_on_scanned_agreements_are_recorded_and_checked(batch, expected):
    """Every seal stamped on a scanned sample agreement is in extra.seals (unit, text, page, box
    over the stamp); Word and born-digital agreements carry none and say so."""
    result, _ = batch
    seen = 0
    for sid, kind, fn, c in _cases(expected):
        if kind != "agreement":
            continue
        d = _doc(result, sid, fn)
        check = d.extra.get("seal_check") or {}
        stamped = expected["submissions"][sid].get("seals", {}).get("agreement")
        if not stamped:
            assert "seals" not in d.extra and check.get("status") == "not_scanned", sid
            continue
        seen += 1
        assert check["status"] == "checked"
        found = d.extra["seals"]
        assert len(found) == len(stamped)
        for want in stamped:
            near = [s for s in found if s["page"] == want["page"] and _overlap(s["bbox"], want["bbox"]) > 0.7]
            assert len(near) == 1, want
        verdicts = {u["unit"]: u["verdict"] for u in check["units"]}
        for m in c["members"]:
            if m["name"] in c["unsigned"]:
                continue
            want_v = (
                "missing"
                if m["name"] in c["seal_missing"]
                else "mismatch"
                if m["name"] in c["seal_mismatch"]
                else "ok"
            )
            assert verdicts.get(m["name"]) == want_v, (m["name"], verdicts.get(m["name"]))
    assert seen >= 1


def _overlap(a, b) -> float:
    ix = max(0.0, min(a[2], b[2]) - max(a[0], b[0]))
    iy = max(0.0, min(a[3], b[3]) - max(a[1], b[1]))
    area = (b[2] - b[0]) * (b[3] - b[1])
    return ix * iy / area if area else 0.0


@pytest.mark.slow
def test_outputs_validate_against_the_contract(batch, validator, sub_validators):
    _, out = batch
    sub_v, flag_v = sub_validators
    docs = list((out / "documents").glob("*.json"))
    assert docs
    for p in docs:
        errs = list(validator.iter_errors(json.loads(p.read_text(encoding="utf-8"))))
        assert not errs, f"{p.name}: {errs[0].message}"
    for s in json.loads((out / "submissions.json").read_text(encoding="utf-8")):
        assert not list(sub_v.iter_errors(s))
    for f in json.loads((out / "flags.json").read_text(encoding="utf-8")):
        assert not list(flag_v.iter_errors(f))


@pytest.mark.slow
def test_doc_sample_reads_like_its_docx(batch, expected, tmp_path):
    """The .doc sample (converted by LibreOffice), a consortium of its own, gives the same
    agreement as the .docx it was made from."""
    import sys

    from extractors.extract import extract_document
    from extractors.read import read_bytes
    from models.record import Source
    from tests.conftest import ROOT

    result, _ = batch
    assert "doc_sample" in expected, "the .doc sample is made where LibreOffice is installed"
    sid = expected["doc_sample"].split("/")[0]
    doc = _doc(result, sid, expected["submissions"][sid]["files"]["agreement"])
    assert doc.source.media_type == "doc" and doc.doc_type == "agreement"
    sys.path.insert(0, str(ROOT / "samples"))
    import make_samples as ms

    c = next(c for s, _, c, _ in ms.consortia(expected["seed"]) if s == sid)
    twin = tmp_path / "twin.docx"
    ms.render_docx(ms.SPEC_OF["agreement"](c), twin)
    docx = extract_document(read_bytes(twin.read_bytes()), Source(path=str(twin), sha256="0" * 64))
    assert [m.name for m in doc.members] == [m.name for m in docx.members] == [m.name for m in c.members]
    assert doc.signatories == docx.signatories
    assert {k: (v.present, v.filled) for k, v in doc.clauses.items()} == {
        k: (v.present, v.filled) for k, v in docx.clauses.items()
    }
    # a consortium of its own: not a new version of another sample's submission
    others = {x["consortium"]["name"] for s, x in expected["submissions"].items() if s != sid}
    assert c.name not in others
