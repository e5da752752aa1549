"""Checks on one document record: credit codes, declared counts, the agreement's clauses, its
signature block and seals, the application's 首席科学家. Each one verifies a "missing" or a
"differs" against the document's whole text before failing: what is written somewhere in the
document is not missing; what is found only approximately is a warning for a person."""

from __future__ import annotations

import re
from typing import Any, Literal

from pydantic import Field

from extractors import uscc
from extractors.text import cjk_count, key
from models.record import DocumentRecord
from pipeline.rules.base import Finding, NoParams, Params, check
from pipeline.rules.checks.common import in_list, original_note, scanned
from pipeline.rules.text import DocText, signature_text

MEMBER_DOCS = ("application", "agreement", "supplementary_agreement", "plan", "legacy_alliance")
# the documents a jurisdiction's forms and templates govern (a legacy alliance's record is not one)
FORM_DOCS = ("application", "agreement", "supplementary_agreement", "plan")
COUNT_LABELS = {
    "members": "成员总数",
    "enterprises": "企业数量",
    "universities": "高校数量",
    "institutes": "研究机构数量",
}
COUNT_KIND = {"enterprises": "enterprise", "universities": "university", "institutes": "institute"}
# a heading row: numbered (一、 / 第三条 / 3. / （三）) — where a clause's body ends
HEADING_ROW = re.compile(
    r"^(?:第[一二三四五六七八九十百\d]+[条章]|[一二三四五六七八九十]+[、.．]|\d{1,2}[、.．]|（[一二三四五六七八九十\d]+）)"
)


# --- credit codes --------------------------------------------------------------------------------


@check("credit_codes_valid", "document", doc_types=MEMBER_DOCS, title="统一社会信用代码校验")
def credit_codes_valid(doc: DocumentRecord, p: NoParams, rule, pack) -> list[Finding]:
    out: list[Finding] = []
    text = DocText.of(doc)
    wrong_length: dict[str, str] = doc.extra.get("codes_of_wrong_length") or {}
    checked = 0
    for m in doc.members:
        code = m.credit_code or wrong_length.get(m.name)
        if not code:
            continue
        checked += 1
        why = uscc.why_invalid(code)
        if not why:
            continue
        loc = text.locate(code) or text.locate(m.name)
        msg = f"统一社会信用代码 {code} 不符合 GB 32100-2015：{why}"
        fix = uscc.propose_fix(code) if m.credit_code else None
        if fix:
            out.append(
                Finding(
                    "unknown",
                    msg + f"；若为识别错误，可能应为 {fix}（未自动更正，请核对原件）",
                    value={"code": code, "proposed": fix},
                    evidence=code,
                    unit=m.name,
                    location=loc,
                    warn=True,
                    look_at=f"原件上“{m.name}”的统一社会信用代码",
                )
            )
        else:
            out.append(Finding("fail", msg, value=code, evidence=code, unit=m.name, location=loc))
    if not out and checked:
        out.append(Finding("pass", f"{checked}个统一社会信用代码均符合 GB 32100-2015", value=checked))
    return out  # nothing for a document that lists no code


@check("credit_codes_present", "document", doc_types=FORM_DOCS, title="成员单位统一社会信用代码已填写")
def credit_codes_present(doc: DocumentRecord, p: NoParams, rule, pack) -> list[Finding]:
    """A member row without a code is a missing code only when the code is nowhere near its
    name; a code read in part, glued to the name or standing apart is there on paper: an open
    checklist line saying where to look, not a "missing" flag."""
    if not doc.extra.get("codes_expected") or not doc.members:
        return []  # no member list asking for codes in this document
    text = DocText.of(doc)
    wrong_length: dict[str, str] = doc.extra.get("codes_of_wrong_length") or {}
    claimed = {key(m.credit_code) for m in doc.members if m.credit_code}
    out: list[Finding] = []
    for m in doc.members:
        if m.credit_code or m.name in wrong_length:
            continue
        if re.search(r"[0-9A-Z]{4,}$", key(m.name)):  # a code's fragment stuck to the name
            out.append(
                Finding(
                    "unknown",
                    f"成员单位“{m.name}”的名称后带有代码片段，统一社会信用代码可能未读全，请核对",
                    evidence=m.name,
                    unit=m.name,
                    location=text.locate(m.name),
                    look_at=f"“{m.name}”一行的统一社会信用代码",
                )
            )
            continue
        # every place the name is written (the cover names the lead too): a code's cell read in
        # part after any of them
        near = "".join(w for w, _ in text.windows(m.name, before=24, after=60))
        frag, at = next(
            (
                (f, loc)
                for w, loc in text.windows(m.name, before=0, after=24)
                if (f := re.match(r"[0-9A-Z]{4,17}(?![0-9A-Z])", w[len(key(m.name)) :]))
            ),
            (None, None),
        )
        if frag and scanned(doc):  # the code's cell read in part (OCR): not empty, not read
            out.append(
                Finding(
                    "unknown",
                    f"成员单位“{m.name}”的统一社会信用代码只识别出“{frag.group(0)}”，请核对原件",
                    value=frag.group(0),
                    evidence=m.name,
                    unit=m.name,
                    location=at,
                    look_at=f"原件上“{m.name}”的统一社会信用代码",
                )
            )
            continue
        stray = [c for c in uscc.find_codes(near) if c not in claimed and uscc.is_valid(c)]
        if stray:
            out.append(
                Finding(
                    "unknown",
                    f"成员单位“{m.name}”的统一社会信用代码未读出，名称旁有代码 {stray[0]}，请核对",
                    value=stray[0],
                    evidence=m.name,
                    unit=m.name,
                    location=text.locate(m.name),
                    look_at=f"“{m.name}”一行的统一社会信用代码",
                )
            )
            continue
        out.append(
            Finding(
                "fail",
                f"成员单位“{m.name}”未填写统一社会信用代码（申请表/协议要求填写名称及统一社会信用代码）",
                evidence=m.name,
                unit=m.name,
                location=text.locate(m.name),
            )
        )
    if not out:
        out.append(
            Finding("pass", f"{len(doc.members)}家成员单位均填写了统一社会信用代码", value=len(doc.members))
        )
    return out


# --- declared counts -----------------------------------------------------------------------------


class CountParams(Params):
    counts: list[Literal["members", "enterprises", "universities", "institutes"]] = Field(min_length=1)
    # 新疆 附件1 注: 若成员单位超过20家，则只需填写主要成员单位
    main_members_only_above: int | None = Field(default=None, ge=1)


def _listed(doc: DocumentRecord, k: str) -> int:
    if k == "members":
        return len(doc.members)
    return sum(1 for m in doc.members if m.kind == COUNT_KIND[k])


@check(
    "declared_counts_match",
    "document",
    CountParams,
    doc_types=("application",),
    title="填报数量与成员名单一致",
)
def declared_counts_match(doc: DocumentRecord, p: CountParams, rule, pack) -> list[Finding]:
    if not doc.members:
        return [Finding("unknown", "未读到成员单位名单，无法核对填报数量", look_at="申请表成员单位名单")]
    text = DocText.of(doc)
    out: list[Finding] = []
    n = len(doc.members)
    unclassified = sum(1 for m in doc.members if m.kind in (None, "other"))
    for k in p.counts:
        label = COUNT_LABELS[k]
        declared = getattr(doc.declared_counts, k)
        listed = _listed(doc, k)
        ev = f"{k}: {declared} vs {listed}"
        if declared is None:
            out.append(Finding("unknown", f"申请表未读到{label}", value=None, look_at=f"申请表“{label}”栏"))
            continue
        loc = text.locate(label)
        if declared == listed:
            out.append(
                Finding("pass", f"{label}{declared}个，与名单一致", value=declared, evidence=ev, location=loc)
            )
            continue
        above = p.main_members_only_above
        if (
            above is not None
            and (doc.declared_counts.members or 0) > above
            and n < (doc.declared_counts.members or 0)
        ):
            out.append(
                Finding(
                    "unknown",
                    f"填报{label}{declared}个，成员超过{above}家时表中只需填写主要成员单位（名单列出{n}家），"
                    "无法由名单核对",
                    value={"declared": declared, "listed": listed},
                    evidence=ev,
                    location=loc,
                    look_at="完整的成员单位名单（协议或方案）",
                )
            )
            continue
        msg = f"申请表填报{label}{declared}个，成员单位名单中为{listed}个"
        if k == "members":
            codes = {c for c in uscc.find_codes(text.text()) if uscc.is_valid(c)} if not text.empty else set()
            if len(codes) == declared and declared != listed:
                out.append(
                    Finding(
                        "unknown",
                        msg
                        + f"；但申请表中有{len(codes)}个不同的统一社会信用代码，与填报数一致，名单可能未读全",
                        value={"declared": declared, "listed": listed, "codes_in_text": len(codes)},
                        evidence=ev,
                        location=loc,
                        warn=True,
                        look_at="申请表成员单位名单的行数",
                    )
                )
                continue
        elif unclassified and abs(declared - listed) <= unclassified:
            out.append(
                Finding(
                    "unknown",
                    msg + f"；另有{unclassified}家单位类别未能从名称判断",
                    value={"declared": declared, "listed": listed, "unclassified": unclassified},
                    evidence=ev,
                    location=loc,
                    warn=True,
                    look_at="类别未能判断的成员单位",
                )
            )
            continue
        out.append(
            Finding("fail", msg, value={"declared": declared, "listed": listed}, evidence=ev, location=loc)
        )
    return out


# --- the agreement's clauses ---------------------------------------------------------------------


class ClauseParams(Params):
    clauses: list[str] = Field(min_length=1)  # keys of the pack's agreement_template


class FilledParams(ClauseParams):
    min_chars: int = Field(default=20, ge=1)  # CJK characters of body that make a clause more than a heading


@check("clauses_present", "document", ClauseParams, doc_types=("agreement",), title="组建协议条款齐全")
def clauses_present(doc: DocumentRecord, p: ClauseParams, rule, pack) -> list[Finding]:
    text = DocText.of(doc)
    tpl = pack.agreement_template
    out: list[Finding] = []
    for k in p.clauses:
        c = doc.clauses.get(k)
        name = pack.clause_name(k)
        if c is not None and c.present:
            out.append(
                Finding(
                    "pass",
                    f"组建协议含“{name}”条款（{c.heading or '按内容识别'}）",
                    value=k,
                    evidence=c.heading,
                    location=text.locate(c.heading),
                )
            )
            continue
        if k == "signatures" and doc.signatories:
            out.append(
                Finding("pass", f"组建协议有签章处（{len(doc.signatories)}家单位）", value=k, evidence=k)
            )
            continue
        terms = tpl.clauses[k].terms if tpl else []
        hit = text.find_any(terms) if terms else None
        if hit is not None:
            out.append(
                Finding(
                    "unknown",
                    f"未识别出“{name}”条款的标题，但协议文中写有相关内容（{hit.location.describe()}），请核对是否构成该条款",
                    value=k,
                    evidence=k,
                    location=hit.location,
                    look_at=hit.location.describe(),
                )
            )
            continue
        fuzzy = (
            next((h for t in terms if (h := text.find(t, fuzzy=True)) is not None), None)
            if scanned(doc)
            else None
        )
        if fuzzy is not None:
            out.append(
                Finding(
                    "unknown",
                    f"未识别出“{name}”条款；识别文字中疑似有相关内容（{fuzzy.location.describe()}），请核对原件",
                    value=k,
                    evidence=k,
                    location=fuzzy.location,
                    warn=True,
                    look_at=fuzzy.location.describe(),
                )
            )
            continue
        out.append(Finding("fail", f"组建协议缺少“{name}”条款", value=k, evidence=k))
    return out


@check("clauses_filled", "document", FilledParams, doc_types=("agreement",), title="组建协议条款有实质内容")
def clauses_filled(doc: DocumentRecord, p: FilledParams, rule, pack) -> list[Finding]:
    text = DocText.of(doc)
    out: list[Finding] = []
    for k in p.clauses:
        c = doc.clauses.get(k)
        name = pack.clause_name(k)
        if c is None or not c.present:
            continue  # a missing clause is the clauses_present rule's finding
        if c.filled:
            out.append(Finding("pass", f"“{c.heading or name}”条款有实质内容", value=k, evidence=c.heading))
            continue
        if k == "signatures" and doc.signatories:  # the seal block is this clause's body
            out.append(
                Finding("pass", f"签章处列有{len(doc.signatories)}家单位", value=k, evidence=c.heading)
            )
            continue
        others = [key(x.heading) for k2, x in doc.clauses.items() if k2 != k and x.heading]
        ends = [HEADING_ROW.pattern] + [re.escape(h) for h in others if h]
        if k != "signatures":  # a signature page heading ends any other clause
            ends.append(r"^.{0,10}(?:签章|签字|盖章|签署)页?$")
        stop = re.compile("|".join(ends))
        where, body = text.following(c.heading, stop) if c.heading else (None, "")
        n = cjk_count(body)
        if where is not None and n >= p.min_chars:
            out.append(
                Finding(
                    "unknown",
                    f"“{c.heading}”标题后有约{n}字内容，请核对是否有实质内容",
                    value=k,
                    evidence=k,
                    location=where,
                    look_at=where.describe(),
                )
            )
            continue
        out.append(
            Finding(
                "fail",
                f"组建协议“{c.heading or name}”条款只有标题，没有实质内容",
                value=k,
                evidence=k,
                location=where,
            )
        )
    if not out:
        out.append(Finding("n/a", "无可核对的条款（缺少的条款见条款齐全项）"))
    return out


# --- signatures and seals ------------------------------------------------------------------------


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
        if hit is not None:
            out.append(
                Finding(
                    "unknown",
                    f"签章处的识别文字与成员单位“{m.name}”近似（{hit.location.describe()}），请核对该单位是否签章",
                    evidence=ev,
                    unit=m.name,
                    location=hit.location,
                    warn=True,
                    look_at=hit.location.describe(),
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


# --- the application's 首席科学家 -----------------------------------------------------------------

_CHIEF = re.compile(
    r"首席(?:科学家|专家)(?:（科学家）)?(?:姓名)?[:：]?([\u4e00-\u9fff·]{2,4}?)[（,，;；、/]?(?:职务|职称)"
)


@check(
    "chief_scientist_named",
    "document",
    NoParams,
    doc_types=("application",),
    title="推荐首席科学家（首席专家）",
)
def chief_scientist_named(doc: DocumentRecord, p: NoParams, rule, pack) -> list[Finding]:
    text = DocText.of(doc)
    cs = doc.chief_scientist
    if cs.name:
        title = f"（{cs.title}）" if cs.title else ""
        return [
            Finding(
                "pass",
                f"推荐首席科学家：{cs.name}{title}",
                value=cs.name,
                evidence=cs.name,
                location=text.locate(cs.name),
            )
        ]
    found = text.search(_CHIEF)
    if found and found[0].group(1) not in ("简历", "科研简", "职务", "职称"):
        # the form names one: not missing, though the field was not read
        name, where = found[0].group(1), found[1]
        return [
            Finding(
                "unknown",
                f"首席科学家栏写有“{name}”（字段未能读出），请核对",
                value=name,
                evidence=name,
                location=where,
                look_at=where.describe(),
            )
        ]
    return [
        Finding(
            "fail",
            "申请表未填写推荐首席科学家（首席专家）",
            location=text.locate("首席科学家") or text.locate("首席专家"),
        )
    ]


# --- word limits and opinions (checklist rows) --------------------------------------------------


class LimitItem(Params):
    name: str
    max_chars: int = Field(ge=1)


class WordLimitParams(Params):
    sections: list[LimitItem] = Field(min_length=1)


@check("word_limit", "document", WordLimitParams, doc_types=("application",), title="栏目字数限制")
def word_limit(doc: DocumentRecord, p: WordLimitParams, rule, pack) -> list[Finding]:
    text = DocText.of(doc)
    out: list[Finding] = []
    for s in p.sections:
        where, body = text.following(s.name, HEADING_ROW)
        n = cjk_count(body)
        if where is None:
            out.append(Finding("unknown", f"未找到“{s.name}”栏", value=s.name, look_at=f"申请表“{s.name}”栏"))
        elif n == 0:
            out.append(
                Finding(
                    "unknown",
                    f"“{s.name}”栏未读到内容",
                    value=s.name,
                    location=where,
                    look_at=where.describe(),
                )
            )
        elif n <= s.max_chars:
            out.append(
                Finding(
                    "pass",
                    f"“{s.name}”约{n}字（限{s.max_chars}字）",
                    value=s.name,
                    evidence=str(n),
                    location=where,
                )
            )
        else:
            out.append(
                Finding(
                    "unknown",
                    f"“{s.name}”约{n}字，超过限{s.max_chars}字（按汉字计，请核对）",
                    value=s.name,
                    evidence=str(n),
                    location=where,
                    look_at=where.describe(),
                )
            )
    return out


class OpinionItem(Params):
    name: str
    terms: list[str] = Field(min_length=1)


class OpinionParams(Params):
    opinions: list[OpinionItem] = Field(min_length=1)


_DATE = re.compile(
    r"(?:\d{4}|[〇零一二三四五六七八九]{4})年[\d一二三四五六七八九十]{1,2}月[\d一二三四五六七八九十]{1,3}日"
)


@check("opinions_signed", "document", OpinionParams, doc_types=("application",), title="审核推荐意见")
def opinions_signed(doc: DocumentRecord, p: OpinionParams, rule, pack) -> list[Finding]:
    text = DocText.of(doc)
    out: list[Finding] = []
    others = [t for o in p.opinions for t in o.terms]
    stop = re.compile("|".join(re.escape(key(t)) for t in others) + r"|审核意见")
    for o in p.opinions:
        hit = text.find_any(o.terms)
        if hit is None:
            out.append(
                Finding("unknown", f"未见“{o.name}”栏", value=o.name, look_at=f"申请表末页“{o.name}”栏")
            )
            continue
        term = next(t for t in o.terms if text.find(t, fuzzy=False))
        where, body = text.following(term, stop, max_rows=8)
        date = _DATE.search(body)
        sealed = re.search(r"盖章|公章|签章|签字", body) is not None
        state = f"日期{date.group(0)}" if date else "未填日期"
        out.append(
            Finding(
                "unknown",
                f"“{o.name}”栏：{state}；{'有盖章处' if sealed else '未见盖章处'}，签字盖章须在原件上核对",
                value={"dated": bool(date), "date": date.group(0) if date else None},
                evidence=date.group(0) if date else None,
                location=where or hit.location,
                look_at=(where or hit.location).describe(),
            )
        )
    return out
