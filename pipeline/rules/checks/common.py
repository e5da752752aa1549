"""Small helpers the checks share."""

from __future__ import annotations

import re

from rapidfuzz import fuzz

from extractors.text import key
from models.record import DocumentRecord

KIND_NAMES = {"enterprise": "企业", "university": "高校", "institute": "科研院所", "other": "其他机构"}
LEVEL_NAMES = {"national": "国家级", "provincial": "省级（自治区级）", "other": "其他"}
# a heading row: numbered (一、 / 第三条 / 3. / （三）) — where a clause's body ends
HEADING_ROW = re.compile(
    r"^(?:第[一二三四五六七八九十百\d]+[条章]|[一二三四五六七八九十]+[、.．]|\d{1,2}[、.．]|（[一二三四五六七八九十\d]+）)"
)


def same_unit(a: str, b: str, min_ratio: float = 92.0) -> bool:
    """Two written names of one unit: equal keys, or one inside the other (4+ characters), or
    nearly equal."""
    ka, kb = key(a), key(b)
    return (
        ka == kb or (min(len(ka), len(kb)) >= 4 and (ka in kb or kb in ka)) or fuzz.ratio(ka, kb) >= min_ratio
    )


def in_list(name: str, names: list[str], min_ratio: float = 92.0) -> bool:
    k = key(name)
    return any(k == key(n) or fuzz.ratio(k, key(n)) >= min_ratio for n in names)


def scanned(doc: DocumentRecord) -> bool:
    """Read from page images (a scan, a photo): seals can be seen in the file itself."""
    return doc.source.ocr_used or doc.source.media_type == "image"


def original_note(doc: DocumentRecord) -> str:
    """What a signature verdict on this file cannot show."""
    if scanned(doc):
        return "印章逐一核对见印章核对项"
    return "本文件为Word或电子版，无法看到印章：须在签字盖章的原件上核对签字和公章"


_NAME_KIND = [
    ("institute", re.compile(r"(?:研究院|研究所|科学院|研究中心|设计院|实验室)(?:（.*）)?$")),
    ("university", re.compile(r"(?:大学|学院|学校|高等专科学校)(?:（.*）)?$")),
    ("enterprise", re.compile(r"(?:公司|集团|厂|企业|合作社)$|有限(?:责任)?公司|股份")),
]


def kind_by_name(name: str) -> str | None:
    k = key(name)
    for kind, rx in _NAME_KIND:
        if rx.search(k):
            return kind
    return None
