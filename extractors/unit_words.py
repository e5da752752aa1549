"""The vocabulary of organisation names: the suffixes units use (with the kind each makes), the
words that are no unit (authorities, platforms, category words), the function words a name starts
after; traditional characters folded to simplified for matching; a unit's kind from its name and
credit code.

>>> unit_kind("中国科学院过程工程研究所"), unit_kind("塔里木大学"), unit_kind("广西技术转移中心")
('institute', 'university', 'other')
>>> unit_kind("北京某某咖啡科技有限")
'enterprise'
"""

from __future__ import annotations

import re
from functools import lru_cache

from extractors import uscc
from extractors.text import compact
from models.record import Kind

# ---------------------------------------------------------------------------- suffixes
# longest first; each with the kind of unit it makes
_SUFFIXES: list[tuple[str, Kind]] = [
    ("股份有限公司", "enterprise"),
    ("有限责任公司", "enterprise"),
    ("股份合作公司", "enterprise"),
    ("株式会社", "enterprise"),  # a Japanese company (安川电机株式会社)
    ("有限公司", "enterprise"),
    ("分公司", "enterprise"),
    ("总公司", "enterprise"),
    ("公司", "enterprise"),
    ("集团", "enterprise"),
    ("专业合作社", "enterprise"),
    ("合作社", "enterprise"),
    ("总厂", "enterprise"),
    ("制造厂", "enterprise"),
    ("工厂", "enterprise"),
    ("厂", "enterprise"),
    ("高等专科学校", "university"),
    ("研究生院", "university"),
    ("医学部", "university"),  # a university's medical school (北京大学医学部)
    ("职业技术学院", "university"),
    ("大学", "university"),
    ("学院", "university"),
    ("学校", "university"),
    ("研究院", "institute"),
    ("研究所", "institute"),
    ("科学院", "institute"),
    ("设计院", "institute"),
    ("设计研究院", "institute"),
    ("研究中心", "institute"),
    ("实验室", "institute"),
    ("研究会", "other"),
    ("中心", "other"),
    ("协会", "other"),
    ("学会", "other"),
    ("商会", "other"),
    ("联合会", "other"),
    ("促进会", "other"),
    ("基金会", "other"),
    ("医院", "other"),
    ("事务所", "other"),
    ("检测所", "institute"),
    ("推广站", "other"),
    ("试验站", "institute"),
    ("工作站", "other"),
    ("博物馆", "other"),
    ("图书馆", "other"),
    ("出版社", "other"),
    # bodies that are not members end a name as well (they are dropped after: GOVERNMENT)
    ("管理委员会", "other"),
    ("委员会", "other"),
    ("管委会", "other"),
    ("人民政府", "other"),
    ("科学技术厅", "other"),
    ("科学技术局", "other"),
    ("科技厅", "other"),
    ("科技局", "other"),
]
SUFFIX_KIND: dict[str, Kind] = dict(_SUFFIXES)
_SUFFIX_RX = re.compile("|".join(sorted((re.escape(s) for s, _ in _SUFFIXES), key=len, reverse=True)))

# names of bodies that are never members: the authorities a consortium files with, courts
GOVERNMENT = re.compile(
    r"(?:人民政府|人民法院|仲裁委员会|科学技术厅|科学技术局|科技厅|科技局|科学技术委员会|科委|发展和改革委员会|"
    r"经济和信息化委员会|办公室|办公厅|管理局|监督管理局|领导小组|工作组|秘书处|理事会|专家委员会|咨询委员会|"
    r"人民代表大会|政协|党委|管委会|管理委员会)$"
)
# platforms (重点实验室, 工程技术研究中心 …) are not units: a member hosts them
PLATFORM = re.compile(
    r"(?:重点实验室|工程实验室|联合实验室|工程(?:技术)?研究中心|技术创新中心|企业技术中心|工程中心|技术中心|"
    r"创新中心|中试基地|示范基地|创新平台|服务平台|公共平台|院士工作站|专家工作站|博士后(?:科研)?工作站|"
    r"众创空间|孵化器|产业园|园区|创新联合体|战略联盟|技术联盟|创新联盟|产业联盟)$|^(?:国家级|省级|自治区级|省部级|市级|国家|省|自治区)"
    r"(?:重点|工程|企业|技术|制造业|产业)"
)
# what stands before a suffix in a category, not a name (高等学校, 科研院所, 相关企业…)
GENERIC = re.compile(
    r"(?:高等|科研|研究|相关|其他|其它|各类|各|重点|骨干|龙头|成员|参与|合作|协作|下属|所属|本|该|我|贵|上述|"
    r"有关|国有|民营|私营|外资|合资|中小|大型|小型|微型|科技型|高新技术|上市|控股|子|母|分|总|新型|地方|省属|市属|行业|"
    r"国家级|省级|自治区级|市级|县级|区级|工业|农业|产业|科技|"
    r"中央|部属|普通|职业|技术|企业|事业|单位|机构|组织|社会|服务|金融|投资|检测|认证|评估)*"
)
# words that end a name's left side (the token before a name)
STOP_TOKENS = frozenset(
    """由 与 和 及 以及 同 跟 或 或者 包括 包含 含 有 为 是 等 联合 联合体 会同 其中 单位 成员 成员单位 牵头 牵头单位
    组建 作为 向 在 经 对 将 把 被 均 各 共 本 该 甲方 乙方 丙方 丁方 核心层 紧密层 协作层 生态层 层 依托 委托
    聘请 邀请 担任 负责 承担 参与 参加 加入 发起 设立 注册 位于 属于 隶属 授权 代表 签署 盖章 签字 签章 公章
    法定代表人 其 我 我们 本单位 以上 上述 下列 如下 分别 即 也 还 又 并 且 则 就 已 已经 拟 由于 通过 根据 按照
    依据 针对 围绕 面向 关于 对于 为了 以 让 使 给 从 自 到 至 于 名称 单位名称 全称 简称 甲 乙 丙 丁 之间
    共同 携手 联手 协同 依托单位 承担单位 工作单位 所在单位 推荐单位 合作 协作 紧密 一般 核心 层级 类型 性质
    企业 高校 院所 科研院所 高等院校 高等学校 科研机构 研究机构 机构 组织 方 双方 各方 多方 另 另一 每 所有 全体
    的 了 着 过 地 得 之 者 家 个 名 位 年 月 日 年月日 日期 签订日期 签署日期 所属 下属 旗下 母公司 子公司 控股 参股
    理事长 副理事长 理事 会员 会长 副会长 秘书长 主任 副主任 委员 常务 单位为 单位有 单位是 依次 分别为 包括有
    请 经过 经由 会 为主 牵头组建 联合组建 共同组建 发起成立 倡议 倡导 签订 订立 达成 一致 同意 决定
    打造 打造成 打造成为 成为 建成 建设成 培育 发展成 发展为 选举 推选 推举 选出 当选
    还有 已有 另有 尚有 共有 拥有 又有 也有 均有 都有""".split()
)


# ---------------------------------------------------------------------------- folding
@lru_cache(maxsize=1)
def _t2s():
    try:
        import opencc

        return opencc.OpenCC("t2s")
    except Exception:  # pragma: no cover - opencc is a dependency; without it nothing is folded
        return None


def fold(text: str) -> str:
    """Traditional characters folded to simplified, full-width brackets kept; the result has
    the same length as the input, so offsets found in it are offsets in the written text."""
    cc = _t2s()
    if cc is None or not text:
        return text
    out = cc.convert(text)
    if len(out) == len(text):
        return out
    return "".join(c if len(f := cc.convert(c)) != 1 else f for c in text)


# ---------------------------------------------------------------------------- kinds
def unit_kind(name: str, code: str | None = None) -> Kind:
    """enterprise / university / institute / other, from the name's suffix (a unit inside a
    university or academy takes the kind of its own suffix), then the code's category."""
    n = compact(fold(name))
    n = re.sub(r"[（(][^）)]*[)）]$", "", n)
    # (a name cut inside its legal suffix, 北京某某科技有限, is a company's all the same)
    if re.search(r"有限(?:责任)?公司|股份|公司$|集团$|厂$|合作社$|企业$|株式会社$|有限(?:责任?|公)?$", n):
        return "enterprise"
    if re.search(r"(?:研究院|研究所|科学院|研究中心|科学研究院|设计院|实验室|试验站|检测所)$", n):
        return "institute"
    if re.search(r"(?:大学|学院|学校|高等专科学校)$", n):
        return "university"
    reg = uscc.registration_kind(code) if code else None
    if reg == "enterprise":
        return "enterprise"
    if _TRADE_WORD.search(n) and len(n) <= 10:  # a company's short name: brand + trade (瑞星科技)
        return "enterprise"
    return "other"


_TRADE_WORD = re.compile(
    r"(?:科技|电子|通讯|通信|电信|移动|联通|传媒|数码|无线|软件|网络|信息|药业|制药|实业|控股|"
    r"电气|能源|化工|材料|汽车|机械|电器|光电|智能|新材|生物|医药|钢铁|矿业|建设|建工)$"
)
