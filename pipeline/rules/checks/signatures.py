"""Checks on the agreement's signature block: every member's name is in it, each unit there has a
seal (scans in colour), and each seal names its unit. What a Word or born-digital file cannot
show is left to the signed original."""

from __future__ import annotations

import re
from typing import Any

from models.record import DocumentRecord
from pipeline.rules.base import Finding, NoParams, check
from pipeline.rules.checks.common import in_list, original_note, scanned
from pipeline.rules.text import DocText, signature_text


@check("members_signed", "document", NoParams, doc_types=("agreement",), title="成员单位名称见于签章处")
def members_signed(doc: DocumentRecord, p: NoParams, rule, pack) -> list[Finding]:
    """Every member's name is present in the seal block. What this verifies is only that: a name
    printed next to （盖章） is not a signature; seals are checked on scans by the seal rules,
    and on the signed original for Word and born-digital files."""
    sig = signature_text(doc)
    note = original_note(doc)
    if not doc.signatories and sig.empty:
        return [
            Finding(
                "unknown",
                f"未读到组建协议的签章处；{note}",
                look_at="组建协议末页的签章处",
            )
        ]
    if not doc.members:
        return [Finding("unknown", "未读到协议的成员单位名单，无法核对签章处", look_at="协议的参与单位条款")]
    out: list[Finding] = []
    present = 0
    for m in doc.members:
        if in_list(m.name, doc.signatories):
            present += 1
            continue
        hit = sig.find(m.name)
        if hit is not None and hit.exact:
            present += 1
            continue
        ev = "签章单位：" + "、".join(doc.signatories)
        if hit is not None and not _another_members(hit.location.text or "", m.name, doc):
            # the name is there as OCR or a broken line wrote it: a person confirms it (an open
            # line of the checklist), it is not reported missing
            out.append(
                Finding(
                    "unknown",
                    f"签章处的识别文字与成员单位“{m.name}”近似（{hit.location.describe()}），请核对该单位是否签章",
                    evidence=ev,
                    unit=m.name,
                    location=hit.location,
                    look_at=hit.location.describe(),
                )
            )
            continue
        elsewhere = _beside_a_seal_mark(doc, m.name)
        if elsewhere is not None:
            # the block as read is narrower than the document's: the name stands by a seal mark
            out.append(
                Finding(
                    "unknown",
                    f"成员单位“{m.name}”不在识别出的签章处，但{elsewhere.describe()}处写有其名称并有签章字样，请核对",
                    evidence=ev,
                    unit=m.name,
                    location=elsewhere,
                    look_at=elsewhere.describe(),
                )
            )
            continue
        out.append(
            Finding(
                "fail",
                f"成员单位“{m.name}”的名称不在组建协议签章处（协议须由成员单位共同签署、盖章）",
                evidence=ev,
                unit=m.name,
                location=sig.first(),
            )
        )
    if present:
        out.insert(
            0,
            Finding(
                "pass",
                f"{present}家成员单位的名称见于签章处（只核对了名称；{note}）",
                value=present,
                evidence="、".join(doc.signatories) or None,
                location=sig.first(),
            ),
        )
    return out


_HEADING = re.compile(
    r"[（(]?[一二三四五六七八九十0-9]{1,3}[、.．)）]|第.{1,3}[条章节]"
)  # a clause's heading
_SEAL_MARK = re.compile(r"盖章|签章|签字|签名|公章|[（(]章[)）]|[（(]印[)）]")


def _beside_a_seal_mark(doc: DocumentRecord, name: str) -> Any:
    """Where, anywhere in the document, the name is written within two rows of a seal or
    signature mark (签章 blocks on another page, a signature table the block finder missed), or
    None. The whole document is the evidence before a name is called missing."""
    from extractors.text import key

    text = DocText.of(doc)
    k = key(name)
    if len(k) < 4:
        return None
    others = [key(m.name) for m in doc.members if key(m.name) != k and len(key(m.name)) >= 4]

    def names_other(j: int) -> bool:
        return any(o in text.keys[j] for o in others)

    for i, rk in enumerate(text.keys):
        if not (k in rk or (len(rk) >= 4 and rk in k and len(rk) >= 0.6 * len(k))):
            continue
        for j in range(max(0, i - 2), min(len(text.rows), i + 3)):
            r = text.rows[j]
            if not _SEAL_MARK.search(r.text) or _HEADING.match(r.text.strip()):
                continue
            # the mark is this name's: no other member's name on its row or between them
            between = range(min(i, j) + 1, max(i, j)) if j != i else range(0)
            if (j != i and names_other(j)) or any(names_other(b) for b in between):
                continue
            return text.loc(text.rows[i])
    return None


def _another_members(text: str, name: str, doc: DocumentRecord) -> bool:
    """Whether the text near which `name` was found approximately is another member's name
    written whole (乙汽车配件集团有限公司 is not 乙汽车配件有限公司)."""
    from extractors.text import key

    t = key(text)
    return any(
        key(o.name) in t and key(o.name) != key(name) and key(name) not in key(o.name) for o in doc.members
    )


def _seal_check(doc: DocumentRecord) -> dict[str, Any]:
    check = doc.extra.get("seal_check")
    return check if isinstance(check, dict) else {}


_SEAL_LEFT = {
    "not_scanned": None,  # original_note(doc)
    "no_colour": "协议为黑白扫描件，无法区分红色公章：各成员单位的公章须在原件上人工核对",
}


def _seal_location(doc: DocumentRecord, u: dict[str, Any]) -> Any:
    """Where a unit's seal is (its box on the page), when the seal reader found one."""
    seals = doc.extra.get("seals") or []
    i = u.get("seal")
    if i is None or not isinstance(i, int) or i >= len(seals):
        return None
    s = seals[i]
    if not s.get("page") or not isinstance(s.get("bbox"), list):
        return None
    from pipeline.rules.base import Location

    # the box as fractions of the page, like the layout's rows
    return Location(doc.source.path, int(s["page"]), [float(v) for v in s["bbox"]], s.get("text") or None)


def _seal_units(doc: DocumentRecord) -> tuple[list[dict[str, Any]] | None, Finding | None]:
    """The seal check's verdict per signing unit, or the finding that says why seals are left
    to a person (a Word or born-digital file, a grey scan, no seal reading)."""
    check = _seal_check(doc)
    status = check.get("status")
    if status == "checked":
        return [u for u in check.get("units", []) if isinstance(u, dict) and u.get("unit")], None
    if not scanned(doc) or status == "not_scanned":
        return None, Finding("n/a", original_note(doc))
    if status in _SEAL_LEFT:
        return None, Finding("unknown", str(_SEAL_LEFT[status]), look_at="组建协议签章页的公章")
    return None, Finding("unknown", "本扫描件未做印章识别，请逐一核对签章处的公章", look_at="组建协议签章页")


@check("seals_present", "document", NoParams, doc_types=("agreement",), title="签章处每家单位有公章")
def seals_present(doc: DocumentRecord, p: NoParams, rule, pack) -> list[Finding]:
    """Each unit named in the signature block has a red seal over its entry (scans in colour).
    A unit absent from the block is the signature rule's, never this one's too."""
    units, left = _seal_units(doc)
    if units is None:
        assert left is not None
        return [left]
    out: list[Finding] = []
    seen = 0
    for u in units:
        unit, verdict = str(u["unit"]), u.get("verdict")
        if verdict == "missing":
            out.append(
                Finding(
                    "fail",
                    f"成员单位“{unit}”在组建协议签章处未加盖公章",
                    evidence=f"签章单位：{unit}（其签章处未见红色公章）",
                    unit=unit,
                    location=DocText.of(doc).locate(unit),
                )
            )
        elif verdict == "grey":
            out.append(
                Finding(
                    "unknown",
                    f"“{unit}”的签章处在黑白扫描的页上，公章须在原件上核对",
                    unit=unit,
                    look_at=f"第{u['page']}页“{unit}”的签章处" if u.get("page") else f"“{unit}”的签章处",
                )
            )
        else:
            seen += 1
    if seen:
        out.insert(0, Finding("pass", f"签章处{seen}家单位处见到红色公章", value=seen))
    if not out:
        out.append(Finding("unknown", "签章处未读到签章单位，请核对公章", look_at="组建协议签章页"))
    return out


@check("seals_match", "document", NoParams, doc_types=("agreement",), title="公章与签章单位一致")
def seals_match(doc: DocumentRecord, p: NoParams, rule, pack) -> list[Finding]:
    """The seal over a unit's entry names that unit. A seal the reader cannot read well enough
    is left to a person (an open checklist line), not raised as a mismatch."""
    units, left = _seal_units(doc)
    if units is None:
        assert left is not None
        return [left]
    seals = doc.extra.get("seals") or []
    out: list[Finding] = []
    ok = 0
    for u in units:
        unit, verdict = str(u["unit"]), u.get("verdict")
        i = u.get("seal")
        text = seals[i].get("text") if isinstance(i, int) and i < len(seals) else None
        loc = _seal_location(doc, u)
        where = f"（第{u['page']}页）" if u.get("page") else ""
        if verdict == "ok":
            ok += 1
        elif verdict == "mismatch":
            whose = f"，与成员单位“{u['other']}”的名称相符" if u.get("other") else ""
            out.append(
                Finding(
                    "fail",
                    f"成员单位“{unit}”签章处{where}所盖公章的文字为“{text}”{whose}，与该单位名称不符",
                    evidence=text,
                    unit=unit,
                    location=loc,
                )
            )
        elif verdict == "unclear":
            out.append(
                Finding(
                    "unknown",
                    f"成员单位“{unit}”签章处{where}有公章，但印章文字无法可靠辨认（读作“{text}”），请核对是否为该单位公章",
                    evidence=text,
                    unit=unit,
                    location=loc,
                    look_at=loc.describe() if loc else f"“{unit}”签章处的公章",
                )
            )
    if ok:
        out.insert(0, Finding("pass", f"{ok}枚公章的文字与其签章单位一致", value=ok))
    if not out:
        out.append(Finding("n/a", "签章处没有可核对文字的公章（缺少的公章见上一项）"))
    return out
