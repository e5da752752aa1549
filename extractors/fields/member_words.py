"""The words of member lists: the columns a member table heads, the kinds and tiers units are
given, a struck name's drafting note."""

from __future__ import annotations

import re

from extractors.text import compact
from models.record import Kind

MEMBER_HEADER = {
    "name": r"单位名称|成员单位|单位全称|^名称$|名称$|^单位$|成员名单|机构名称",
    "code": r"信用代码|代码|机构代码",
    "tier": r"层级|层次|联盟职务|职务|角色|定位|成员类别|类别|层$",
    "kind": r"单位类型|单位性质|类型|性质",
    "note": r"地位|分工|作用|简介|说明|情况|任务|职责|优势",
}
KIND_WORDS: list[tuple[Kind, str]] = [
    ("university", r"高校|高等学校|高等院校|大学"),
    ("institute", r"科研院所|研究院|研究所|科研机构|研究机构|院所"),
    ("enterprise", r"企业|公司"),
    ("other", r"其他|机构|社会组织|服务|协会|中心"),
]
TIER_WORDS: list[tuple[str, str]] = [
    ("lead", r"牵头"),
    ("core", r"核心层|核心成员|核心单位|核心"),
    ("close", r"紧密(?:合作|层|协作)|紧密"),
    ("general", r"一般(?:协作|合作|成员)|协作层|生态层|一般层|参与层|一般"),
]
_TIER_RX = re.compile(
    r"牵头单位|牵头企业|核心层(?:单位|成员)?|核心成员单位|紧密(?:合作|协作)?层?(?:单位)?|一般(?:协作|合作)层?(?:单位)?|"
    r"协作层(?:单位)?|生态层(?:单位)?|参与层(?:单位)?|牵头(?=[：:])"
)
_STRUCK = re.compile(r"[（(]\s*(?:要|需|拟|已)?删除\s*[)）]|[（(]\s*删\s*[)）]|删除[。.]?$")


def tier_of(text: str | None) -> str | None:
    """The tier a short text names (牵头单位 / 核心层 / 紧密合作单位 / 一般协作层单位 …)."""
    if not text:
        return None
    t = compact(text)[:16]
    for tier, rx in TIER_WORDS:
        if re.search(rx, t):
            return tier
    return None


def _kind_from_cell(s: str | None) -> Kind | None:
    if not s:
        return None
    for kind, rx in KIND_WORDS:
        if re.search(rx, s):
            return kind
    return None
