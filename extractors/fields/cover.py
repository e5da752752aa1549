"""Fields every document type may carry on its cover page or title: consortium name, industry,
lead unit, contact, filing date."""

from __future__ import annotations

import re
import unicodedata

from extractors.fields.alliance import alliance_name
from extractors.fields.common import split_units
from extractors.fields.labels import find_fields
from extractors.numbers import parse_date
from extractors.text import compact
from models.document import ReadDocument

GENERIC = re.compile(
    r"^(?:广西壮族自治区|广西|新疆维吾尔自治区|新疆|云南省|云南|重庆市永川区|永川区|自治区|省)?"
    r"(?:创新联合体|产业技术创新战略联盟)$"
)
_LEADING_NOISE = re.compile(
    r"^(?:附件\d*(?:[-－]\d+)?|关于|(?:共同|联合|牵头)?(?:成立|组建|发起|建设|推动|申报|申请|认定)|为推动|本联盟名称为|本联合体名称为)"
)


def clean_phone(s: str | None) -> str | None:
    """Digits and '-' only: (0772)5937626 -> 0772-5937626; two numbers -> the first; a number
    wrapped in its cell after its area code (0871- / 3126134) is one.

    >>> clean_phone("(0772)5937626"), clean_phone("0871-\\n3126134"), clean_phone("0771-1234567/13800000000")
    ('0772-5937626', '0871-3126134', '0771-1234567')
    """
    if not s:
        return None
    t = unicodedata.normalize("NFKC", s)
    t = re.sub(r"-\s+(?=\d)", "-", t)
    t = re.sub(r"^\((\d{3,4})\)\s*", r"\1-", t.strip())
    first = re.split(r"[,，;；/、\s]+(?=\d)", t)[0]
    out = re.sub(r"[^0-9-]", "", first).strip("-")
    return out if len(re.sub(r"-", "", out)) >= 7 else None


def _ok_name(n: str) -> bool:
    return len(n) >= 6 and not GENERIC.match(n)


def consortium_name_from(doc: ReadDocument, cover: dict[str, str]) -> str | None:
    if cover.get("consortium_name"):
        labelled = _LEADING_NOISE.sub("", compact(cover["consortium_name"]))
        if _ok_name(labelled) and re.search(r"(?:联合体|联盟)$", labelled):
            return labelled
    n = alliance_name(doc.text[:20000])
    if n:
        n = _LEADING_NOISE.sub("", n)
    return n if n and _ok_name(n) else None


def common_fields(doc: ReadDocument, rec) -> dict[str, str]:
    """The fields any document may state on its cover or in its basic data: labelled values
    wherever they stand (extractors.fields.labels)."""
    found = find_fields(doc)
    cover = {k: v.value for k, v in found.items()}
    rec.consortium_name = consortium_name_from(doc, cover)
    if cover.get("industry"):
        rec.industry = compact(cover["industry"]) or None
    if cover.get("lead"):
        rec.lead_units = split_units(cover["lead"])
    if cover.get("person"):
        rec.contact.person = compact(re.sub(r"[（(].*?[)）]", "", cover["person"])) or None
    if cover.get("phone"):
        rec.contact.phone = clean_phone(cover["phone"])
    if cover.get("filing_date"):
        rec.filing_date = parse_date(cover["filing_date"])
    return cover
