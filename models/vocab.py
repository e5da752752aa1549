"""One vocabulary: every code the pipeline and the web app use (flag codes, severities, statuses,
roles, actions, verdicts, clause keys, document types, jurisdictions, tiers, kinds, field paths),
each with its Chinese label and a line of help. Pages, exports and messages take their words from
here; the code itself is shown only in small print, for reference.

The contract's Literal types (models/record.py) stay the contract; `tests/test_web_review.py` checks
that every one of their values has a term here.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from enum import Enum
from typing import Any


class Term(str, Enum):
    """A code (the enum's value) with its Chinese `label` and `help` text."""

    label: str
    help: str

    def __new__(cls, code: str, label: str = "", help: str = "") -> Term:
        obj = str.__new__(cls, code)
        obj._value_ = code
        obj.label = label
        obj.help = help
        return obj

    def __str__(self) -> str:
        return str(self.value)


class FlagCode(Term):
    UNREADABLE = ("UNREADABLE", "文件无法读取", "文件损坏、加密、为空或不是文件；其余材料照常处理")
    CREDIT_CODE_INVALID = (
        "CREDIT_CODE_INVALID",
        "统一社会信用代码无效",
        "不符合 GB 32100-2015（长度、字符或校验位）",
    )
    CREDIT_CODE_MISSING = ("CREDIT_CODE_MISSING", "缺少统一社会信用代码", "表格要求填写代码而该成员没有")
    CREDIT_CODE_CONFLICT = (
        "CREDIT_CODE_CONFLICT",
        "统一社会信用代码冲突",
        "同一单位两个代码，或同一代码两个单位",
    )
    COUNT_MISMATCH = ("COUNT_MISMATCH", "申报数量与名单不符", "申报的成员数量与成员名单不一致")
    MEMBERS_BELOW_MIN = ("MEMBERS_BELOW_MIN", "成员单位数量不足", "少于本地区规定的最少成员数")
    MEMBER_KINDS_FEW = ("MEMBER_KINDS_FEW", "成员单位类别不足", "企业、高校、院所等类别少于规定")
    ENTERPRISE_RATIO_LOW = ("ENTERPRISE_RATIO_LOW", "企业占比偏低", "企业成员占比低于规定")
    CLAUSE_MISSING = ("CLAUSE_MISSING", "协议缺少必备条款", "组建协议没有某一必备条款")
    CLAUSE_EMPTY = ("CLAUSE_EMPTY", "协议条款无实质内容", "条款只有标题，没有内容")
    SIGNATURE_MISSING = ("SIGNATURE_MISSING", "成员单位未签章", "成员单位不在协议的签章处")
    DOCUMENT_MISSING = ("DOCUMENT_MISSING", "缺少必交材料", "缺少本地区要求的申请表、协议或方案")
    SEAL_MISSING = ("SEAL_MISSING", "缺少公章", "签章处该单位名下没有公章")
    SEAL_MISMATCH = ("SEAL_MISMATCH", "公章与单位不符", "公章上的单位名称与签章单位不同")
    DOC_MISMATCH = ("DOC_MISMATCH", "申请表与协议不一致", "申请表与组建协议的名称、牵头单位或成员不一致")
    LEAD_NOT_ENTERPRISE = ("LEAD_NOT_ENTERPRISE", "牵头单位不是企业", "各地都要求由企业牵头")
    LEAD_PLATFORM_MISSING = (
        "LEAD_PLATFORM_MISSING",
        "牵头单位缺少所需级别的创新平台",
        "平台名单中没有牵头单位依托的省级及以上平台",
    )
    CHIEF_SCIENTIST_MISSING = (
        "CHIEF_SCIENTIST_MISSING",
        "未填首席科学家",
        "申请表要求填写首席科学家/首席专家",
    )
    UNIT_EXCLUDED = ("UNIT_EXCLUDED", "单位在限制名单上", "失信受限或所在联合体被撤销未满期限")
    LEAD_OUTSIDE_JURISDICTION = (
        "LEAD_OUTSIDE_JURISDICTION",
        "牵头单位注册地不在本地区",
        "按统一社会信用代码的登记管理机关",
    )
    LEAD_REVENUE_LOW = ("LEAD_REVENUE_LOW", "牵头单位营业收入未达要求", "年主营业务收入低于规定")
    LEAD_RD_STAFF_LOW = ("LEAD_RD_STAFF_LOW", "牵头单位研发人员未达要求", "专职研发人员少于规定")
    LEAD_RD_INTENSITY_LOW = ("LEAD_RD_INTENSITY_LOW", "牵头单位研发投入未达要求", "研发费用或强度低于规定")
    RD_NOT_GROWING = ("RD_NOT_GROWING", "研发投入未逐年增长", "近三年研发费用没有逐年增长")
    SELF_FUNDING_LOW = ("SELF_FUNDING_LOW", "自筹资金比例偏低", "自筹与财政资金之比低于规定")
    LEAD_CAP_EXCEEDED = ("LEAD_CAP_EXCEEDED", "牵头数量超过上限", "同一单位牵头的联合体多于规定")
    MEMBER_CAP_EXCEEDED = ("MEMBER_CAP_EXCEEDED", "参加数量超过上限", "同一单位参加的联合体多于规定")
    POSSIBLE_DUPLICATE_UNIT = (
        "POSSIBLE_DUPLICATE_UNIT",
        "疑似同一单位",
        "两个写法不同的名称可能是同一单位，未合并",
    )
    LEAD_COUNT_INVALID = ("LEAD_COUNT_INVALID", "牵头单位数量不符", "牵头单位的数量不符合规定")
    RULE_FAILED = ("RULE_FAILED", "不符合规则", "规则未通过")


class Severity(Term):
    ERROR = ("error", "错误", "违反规则，须处理")
    WARNING = ("warning", "提醒", "需要人工查看")
    INFO = ("info", "信息", "供参考")


class Verdict(Term):
    PASS = ("pass", "符合", "机器核对符合")
    FAIL = ("fail", "不符合", "机器核对不符合")
    UNKNOWN = ("unknown", "待人工确认", "材料没有写明，须人工查看")
    NA = ("n/a", "不适用", "本项不适用")


class Decision(Term):
    CONFIRMED = ("confirmed", "确认", "同意机器的判定")
    OVERRULED = ("overruled", "推翻", "机器判定有误（须写明理由）")


class Status(Term):
    NEW = ("new", "新收", "还没有人工操作")
    IN_REVIEW = ("in_review", "审查中", "已有人工操作，尚未签核")
    APPROVED = ("approved", "通过", "已签核通过")
    RETURNED = ("returned", "退回", "已签核退回")


class Role(Term):
    CLERK = ("clerk", "收件员", "上传材料")
    REVIEWER = ("reviewer", "审查员", "审查、更正、签核")
    ADMIN = ("admin", "管理员", "管理用户和令牌，并可做以上一切")


class Action(Term):
    DECISION = ("decision", "审查决定", "确认或推翻一项机器判定")
    CORRECTION = ("correction", "更正字段", "记录人工读到的值，机器读取值保留")
    SIGNOFF = ("signoff", "签核", "通过或退回")
    REOPEN = ("reopen", "重新打开", "签核后又有改动，签核失效")
    USER = ("user", "账户变更", "建立或修改账户")
    TOKEN = ("token", "接口令牌", "签发或吊销接口令牌")
    SECURITY = ("security", "安全提醒", "多次登录失败等")


class Clause(Term):
    PARTICIPANTS = ("participants", "参与单位", "牵头单位和各层成员单位")
    INNOVATION_GOAL = ("innovation_goal", "技术创新目标", "")
    TASK_DIVISION = ("task_division", "任务具体分工", "")
    RIGHTS_OBLIGATIONS = ("rights_obligations", "各成员单位的责权利", "")
    IP_BENEFIT = ("ip_benefit", "知识产权与收益分配", "科技成果、知识产权归属、许可使用和转化收益分配办法")
    INTEGRITY = ("integrity", "科研诚信追究方式", "")
    BREACH_LIABILITY = ("breach_liability", "违约责任追究方式", "")
    SIGNATURES = ("signatures", "所有成员单位签章", "")
    DISSOLUTION = ("dissolution", "解散时的权责分配", "云南要求")
    DISPUTE_RESOLUTION = ("dispute_resolution", "解决争议方式", "云南要求")


class DocType(Term):
    APPLICATION = ("application", "组建申请表", "组建/认定申请表")
    AGREEMENT = ("agreement", "组建协议", "")
    SUPPLEMENTARY_AGREEMENT = ("supplementary_agreement", "补充协议", "")
    PLAN = ("plan", "建设方案", "建设 / 实施 / 组建方案")
    LEGACY_ALLIANCE = ("legacy_alliance", "存量联盟材料", "产业技术创新战略联盟的协议、章程、申请书")
    UNKNOWN = ("unknown", "未识别的材料", "")
    UNREADABLE = ("unreadable", "无法读取的文件", "")


class Jurisdiction(Term):
    GUANGXI = ("guangxi", "广西", "")
    XINJIANG = ("xinjiang", "新疆", "")
    YUNNAN = ("yunnan", "云南", "")
    YONGCHUAN = ("yongchuan", "重庆永川", "")
    UNKNOWN = ("unknown", "未识别", "")


class Tier(Term):
    LEAD = ("lead", "牵头单位", "")
    CORE = ("core", "核心层", "")
    CLOSE = ("close", "紧密合作层", "")
    GENERAL = ("general", "一般协作层", "")
    UNSPECIFIED = ("unspecified", "未注明", "")


class Kind(Term):
    ENTERPRISE = ("enterprise", "企业", "")
    UNIVERSITY = ("university", "高校", "")
    INSTITUTE = ("institute", "科研院所", "")
    OTHER = ("other", "其他机构", "")


class MediaType(Term):
    DOCX = ("docx", "Word 文件", "")
    DOC = ("doc", "旧版 Word 文件", "")
    PDF = ("pdf", "PDF", "")
    IMAGE = ("image", "图片", "")
    OTHER = ("other", "其他", "")


class Scope(Term):
    DOCUMENT = ("document", "材料", "一份文件本身的问题")
    SUBMISSION = ("submission", "提交", "一次提交的规则核对")
    CROSS = ("cross", "跨联合体", "与登记簿中其他联合体对照")


class ConsortiumStatus(Term):
    CURRENT = ("current", "现行", "")
    CANCELLED = ("cancelled", "已撤销认定", "")
    EXPIRED = ("expired", "已到期", "")
    DISSOLVED = ("dissolved", "已解散", "")


class SubmissionKind(Term):
    APPLICATION = ("application", "创新联合体申请", "按所属地区规则审查")
    LEGACY = ("legacy", "存量联盟记录", "只核对记录本身（名称、代码），不按创新联合体规则审查")


VOCABULARIES: dict[str, type[Term]] = {
    "flag": FlagCode,
    "severity": Severity,
    "verdict": Verdict,
    "decision": Decision,
    "status": Status,
    "role": Role,
    "action": Action,
    "clause": Clause,
    "doc_type": DocType,
    "jurisdiction": Jurisdiction,
    "tier": Tier,
    "kind": Kind,
    "media_type": MediaType,
    "scope": Scope,
    "submission_kind": SubmissionKind,
    "consortium_status": ConsortiumStatus,
}

UNKNOWN_LABEL = {"flag": "其他问题"}


def term(kind: str, code: Any) -> Term | None:
    try:
        return VOCABULARIES[kind](str(code))
    except ValueError:
        return None


def label(kind: str, code: Any) -> str:
    """The Chinese label of a code; '—' for nothing, never `None` or the code for a known kind."""
    if code is None or code == "":
        return "—"
    t = term(kind, code)
    if t is not None:
        return t.label
    return UNKNOWN_LABEL.get(kind, "未登记的代码")


def help_text(kind: str, code: Any) -> str:
    t = term(kind, code)
    return t.help if t is not None else ""


# --- field paths --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Field:
    """A field of the contract record a reviewer may correct."""

    path: str
    label: str
    kind: str = "text"  # text / int / float / date / list / choice
    choices: str | None = None  # a vocabulary for kind "choice"
    help: str = ""


FIELDS: tuple[Field, ...] = (
    Field("consortium_name", "联合体名称"),
    Field("industry", "产业领域"),
    Field("lead_units", "牵头单位", "list", help="一行一个"),
    Field("filing_date", "填报日期", "date", help="年-月-日，如 2025-06-01"),
    Field("agreement_effective_date", "协议生效时间", "date", help="年-月-日"),
    Field("declared_counts.members", "申报成员总数", "int"),
    Field("declared_counts.enterprises", "申报企业数", "int"),
    Field("declared_counts.universities", "申报高校数", "int"),
    Field("declared_counts.institutes", "申报科研院所数", "int"),
    Field("platform_counts.national", "国家级平台数", "int"),
    Field("platform_counts.provincial", "省级平台数", "int"),
    Field("chief_scientist.name", "首席科学家", "text"),
    Field("chief_scientist.title", "首席科学家职务/职称", "text"),
    Field("rd.revenue_cny", "牵头单位年主营业务收入（元）", "float"),
    Field("rd.rd_staff", "专职研发人员（人）", "int"),
    Field("rd.rd_intensity_pct", "研发投入强度（%）", "float"),
    Field("signatories", "签章单位", "list", help="一行一个"),
)
MEMBER_FIELDS: tuple[Field, ...] = (
    Field("name", "单位名称"),
    Field("credit_code", "统一社会信用代码", help="18位"),
    Field("tier", "层级", "choice", "tier"),
    Field("kind", "类别", "choice", "kind"),
)
FIELD_BY_PATH = {f.path: f for f in FIELDS}
MEMBER_FIELD_BY_NAME = {f.path: f for f in MEMBER_FIELDS}
_MEMBER_PATH = re.compile(r"^members\.(\d{1,5})\.([a-z_]+)$")


def member_path(path: str) -> tuple[int, Field] | None:
    m = _MEMBER_PATH.match(path)
    if m and m.group(2) in MEMBER_FIELD_BY_NAME:
        return int(m.group(1)), MEMBER_FIELD_BY_NAME[m.group(2)]
    return None


def field_of(path: str) -> Field | None:
    if path in FIELD_BY_PATH:
        return FIELD_BY_PATH[path]
    mp = member_path(path)
    return mp[1] if mp else None


def field_label(path: str) -> str:
    """`members.3.credit_code` → 第4个成员单位 · 统一社会信用代码; an unknown path → 其他字段."""
    if path in FIELD_BY_PATH:
        return FIELD_BY_PATH[path].label
    mp = member_path(path)
    if mp:
        return f"第{mp[0] + 1}个成员单位 · {mp[1].label}"
    return "其他字段"


# --- text as shown ------------------------------------------------------------------------------

_CODE_WORD = re.compile(r"[A-Za-z_][A-Za-z_.0-9/]*[A-Za-z0-9]")
_WORDS: dict[str, str] = {}
for _kind in ("clause", "doc_type"):
    for _t in VOCABULARIES[_kind]:
        _WORDS[_t.value] = _t.label
for _t in FlagCode:
    _WORDS[_t.value] = _t.label
for _f in FIELDS:
    _WORDS[_f.path] = _f.label


def humanize(text: Any) -> str:
    """A machine message as a reviewer reads it: vocabulary codes inside it (a clause key, a
    document type, a field path, a flag code) replaced by their labels; `None` never printed."""
    if text is None:
        return "—"
    s = shown_name(text)
    if not s:
        return s
    return _CODE_WORD.sub(lambda m: _WORDS.get(m.group(0), m.group(0)), s)


def word(text: Any) -> str:
    """A text that is itself a vocabulary code (a clause key given as evidence) as its label; any
    other text as it is (document text is never rewritten)."""
    if text is None:
        return "—"
    s = str(text)
    return _WORDS.get(s) or shown_name(s)


_INVISIBLE = {"Cf", "Cc", "Co", "Cs"}


def shown_name(name: Any) -> str:
    """A file or unit name as displayed: bidi overrides (U+202E), zero-width and other format or
    control characters removed, so that a name cannot disguise itself."""
    if name is None:
        return "—"
    return "".join(ch for ch in str(name) if unicodedata.category(ch) not in _INVISIBLE)
