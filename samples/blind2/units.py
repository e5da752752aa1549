"""Units (成员单位): names, kinds and credit codes, unique within one corpus.

Kinds follow the contract: enterprise (any 公司, including 研究院有限公司), university (any
高等学校, 职业技术学院 included), institute (科研院所, 事业单位 research institutes, 新型研发
机构), other (医院, 检验检测中心, 技术转移中心, 行业协会, 管委会).

A corpus uses each university/institute/other unit in at most two consortia (legacy
alliances aside) and each enterprise in one, with one credit code everywhere, so that no
cross-consortium flag (cap, conflict, duplicate) arises by accident.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from stdnum.cn import uscc

ALPHA = "0123456789ABCDEFGHJKLMNPQRTUWXY"

CITIES = {
    "guangxi": [
        ("南宁", "450100"),
        ("柳州", "450200"),
        ("桂林", "450300"),
        ("梧州", "450400"),
        ("北海", "450500"),
        ("防城港", "450600"),
        ("钦州", "450700"),
        ("贵港", "450800"),
        ("玉林", "450900"),
        ("百色", "451000"),
        ("贺州", "451100"),
        ("河池", "451200"),
        ("来宾", "451300"),
        ("崇左", "451400"),
    ],
    "xinjiang": [
        ("乌鲁木齐", "650100"),
        ("克拉玛依", "650200"),
        ("吐鲁番", "650400"),
        ("哈密", "650500"),
        ("昌吉", "652300"),
        ("库尔勒", "652801"),
        ("阿克苏", "652901"),
        ("喀什", "653101"),
        ("伊犁", "654000"),
        ("石河子", "659001"),
        ("博乐", "652701"),
    ],
    "yunnan": [
        ("昆明", "530100"),
        ("曲靖", "530300"),
        ("玉溪", "530400"),
        ("保山", "530500"),
        ("昭通", "530600"),
        ("丽江", "530700"),
        ("普洱", "530800"),
        ("临沧", "530900"),
        ("楚雄", "532300"),
        ("红河", "532500"),
        ("文山", "532600"),
        ("大理", "532900"),
    ],
    "yongchuan": [
        ("重庆永川", "500118"),
        ("重庆", "500000"),
        ("重庆", "500106"),
        ("重庆", "500112"),
        ("重庆", "500113"),
        ("成都", "510100"),
    ],
}
PROV_CODE = {"guangxi": "450000", "xinjiang": "650000", "yunnan": "530000", "yongchuan": "500000"}

BRAND_A = "天华恒博金宏瑞鑫盛泰远通嘉信润永昌丰正达兴源晟锦泓澜卓凯铭睿峰森祥裕翔浩"
BRAND_B = "成信泰远桥达业昌盛通润源合力宇辰晖拓邦川禾鼎瀚隆茂升汇航诚骏骐锐辉"
SUFFIX = ["有限公司", "股份有限公司", "集团有限公司", "有限责任公司", "科技有限公司", "集团股份有限公司"]

UNIVERSITIES = {
    "guangxi": [
        "广西大学",
        "桂林电子科技大学",
        "广西科技大学",
        "桂林理工大学",
        "广西民族大学",
        "广西师范大学",
        "北部湾大学",
        "玉林师范学院",
        "梧州学院",
        "贺州学院",
        "百色学院",
        "河池学院",
        "桂林航天工业学院",
        "广西中医药大学",
        "柳州职业技术学院",
        "南宁职业技术学院",
        "广西机电职业技术学院",
    ],
    "xinjiang": [
        "新疆大学",
        "石河子大学",
        "新疆农业大学",
        "塔里木大学",
        "喀什大学",
        "昌吉学院",
        "伊犁师范大学",
        "新疆工程学院",
        "新疆农业职业技术学院",
        "克拉玛依职业技术学院",
        "新疆轻工职业技术学院",
    ],
    "yunnan": [
        "云南大学",
        "昆明理工大学",
        "云南农业大学",
        "西南林业大学",
        "大理大学",
        "红河学院",
        "曲靖师范学院",
        "昆明冶金高等专科学校",
        "云南国防工业职业技术学院",
        "云南农业职业技术学院",
        "云南交通职业技术学院",
    ],
    "yongchuan": [
        "重庆大学",
        "西南大学",
        "重庆邮电大学",
        "重庆交通大学",
        "重庆理工大学",
        "重庆文理学院",
        "重庆工商大学",
        "重庆工程职业技术学院",
        "重庆城市科技学院",
        "重庆电子科技职业大学",
    ],
    "national": [
        "中南大学",
        "华南理工大学",
        "四川大学",
        "西安交通大学",
        "北京科技大学",
        "东北大学",
        "浙江大学",
        "华中科技大学",
        "西北工业大学",
        "湖南大学",
        "江南大学",
        "武汉理工大学",
        "南京工业大学",
    ],
}
UNIV_REGION = {
    "national": [
        "430000",
        "440000",
        "510000",
        "610000",
        "110000",
        "210000",
        "330000",
        "420000",
        "610000",
        "430000",
        "320000",
        "420000",
        "320000",
    ]
}

INSTITUTES = {
    "guangxi": [
        "广西壮族自治区农业科学院",
        "广西科学院",
        "广西甘蔗研究所",
        "广西壮族自治区分析测试研究中心",
        "广西壮族自治区机械工业研究院",
        "广西壮族自治区特色作物研究院",
    ],
    "xinjiang": [
        "新疆农业科学院",
        "新疆畜牧科学院",
        "中国科学院新疆理化技术研究所",
        "中国科学院新疆生态与地理研究所",
        "新疆维吾尔自治区环境保护科学研究院",
    ],
    "yunnan": [
        "云南省农业科学院",
        "云南省林业和草原科学院",
        "中国科学院昆明植物研究所",
        "云南省烟草农业科学研究院",
        "云南省热带作物科学研究所",
    ],
    "yongchuan": [
        "中国科学院重庆绿色智能技术研究院",
        "重庆市农业科学院",
        "重庆市畜牧科学院",
        "重庆市生态环境科学研究院",
        "重庆市科学技术研究院",
    ],
    "national": [
        "中国科学院金属研究所",
        "中国热带农业科学院",
        "中国科学院过程工程研究所",
        "中国农业科学院茶叶研究所",
        "中国科学院广州能源研究所",
        "中国科学院长春应用化学研究所",
        "中国农业科学院农产品加工研究所",
        "中国科学院沈阳自动化研究所",
        "中国科学院兰州化学物理研究所",
        "中国水产科学研究院",
    ],
}
INST_REGION = {
    "national": [
        "210000",
        "460000",
        "110000",
        "330000",
        "440000",
        "220000",
        "110000",
        "210000",
        "620000",
        "110000",
    ]
}

# kind other: (name, credit-code prefix)
OTHERS = {
    "guangxi": [
        ("广西技术转移中心", "12"),
        ("广西糖业协会", "51"),
        ("广西医科大学第一附属医院", "12"),
        ("柳州市产品质量检验检测中心", "12"),
        ("广西有色金属工业协会", "51"),
        ("广西机械工程学会", "51"),
        ("桂林市生产力促进中心", "12"),
    ],
    "xinjiang": [
        ("新疆维吾尔自治区人民医院", "12"),
        ("新疆棉花协会", "51"),
        ("新疆科技成果转化服务中心", "12"),
        ("新疆纤维质量监测中心", "12"),
        ("新疆维吾尔自治区畜牧业协会", "51"),
        ("昌吉国家农业科技园区管理委员会", "11"),
    ],
    "yunnan": [
        ("云南省肿瘤医院", "12"),
        ("云南省光伏行业协会", "51"),
        ("云南省技术市场服务中心", "12"),
        ("昆明海关技术中心", "12"),
        ("云南省花卉产业联合会", "51"),
        ("云南省茶叶流通协会", "51"),
    ],
    "yongchuan": [
        ("重庆医科大学附属永川医院", "12"),
        ("重庆市永川区汽车零部件行业协会", "51"),
        ("永川高新技术产业开发区管理委员会", "11"),
        ("重庆市永川区检验检测中心", "12"),
        ("永川区机器人产业促进会", "51"),
    ],
}


@dataclass
class Unit:
    name: str
    kind: str  # enterprise | university | institute | other
    code: str  # a valid credit code
    short: str | None = None  # 简称 used after the first mention
    city: str = ""
    tricky: str | None = None  # why its kind is easy to get wrong, for the notes


@dataclass
class Member:
    unit: Unit
    tier: str  # lead | core | close | general
    note: str = ""

    @property
    def name(self) -> str:
        return self.unit.name

    @property
    def kind(self) -> str:
        return self.unit.kind


def org_code(body8: str) -> str:
    """A 9-character organisation code (GB 11714) with its check character."""
    w = [3, 7, 9, 10, 5, 8, 4, 2]

    def val(ch):
        return int(ch) if ch.isdigit() else ord(ch) - 55

    c = 11 - sum(val(ch) * k for ch, k in zip(body8, w)) % 11
    return body8 + ("X" if c == 10 else "0" if c == 11 else str(c))


def make_code(rng: random.Random, prefix: str, region: str) -> str:
    while True:
        if prefix == "91" and rng.random() < 0.6:
            body = "MA" + "".join(rng.choice("0123456789ABCDEFGHJKLMNPQRTUWXY") for _ in range(6))
        else:
            body = "".join(rng.choice("0123456789") for _ in range(8))
        oc = org_code(body)
        if any(ch not in ALPHA for ch in oc):
            continue
        s = prefix + region + oc
        code = s + uscc.calc_check_digit(s)
        assert uscc.is_valid(code)
        return code


def broken_code(rng: random.Random, code: str) -> str:
    """The same code with a wrong check character: still 18 characters of the alphabet."""
    alts = [c for c in ALPHA if c != code[-1]]
    bad = code[:-1] + rng.choice(alts)
    assert not uscc.is_valid(bad)
    return bad


class Registry:
    """Hands out units for one corpus."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        self.brands: set[str] = set()
        self.city_word: dict[tuple[str, str], list[str]] = {}
        self.city_brands: dict[str, list[str]] = {}
        self.names: dict[str, Unit] = {}
        self.uses: dict[str, int] = {}

    def _brand(self) -> str:
        for _ in range(1000):
            b = self.rng.choice(BRAND_A) + self.rng.choice(BRAND_B)
            if b[0] == b[1] or b in self.brands:
                continue
            # no two brands sharing a character in the same place: names stay far apart
            if any(b[0] == x[0] and b[1] == x[1] for x in self.brands):
                continue
            self.brands.add(b)
            return b
        raise RuntimeError("out of brands")

    def enterprise(
        self,
        juris: str,
        words: list[str],
        city_region: tuple[str, str] | None = None,
        research_co: bool = False,
        suffix: str | None = None,
    ) -> Unit:
        """A new enterprise. No two enterprises of a corpus share both city and trade word, and
        brands are unique, so two names never differ by a character or two."""
        fallback = ["实业", "技术", "工程", "发展", "产业", "控股", "创新", "智造"]
        cities = [city_region] if city_region else self.rng.sample(CITIES[juris], len(CITIES[juris]))
        combo = None
        for ws in (self.rng.sample(words, len(words)), self.rng.sample(fallback, len(fallback))):
            for c in cities:
                for w in ws:
                    if (c[0], w) not in self.city_word:
                        combo = (c, w)
                        break
                if combo:
                    break
            if combo:
                break
        if combo is None:
            raise RuntimeError("out of city/trade combinations")
        (city, region), w = combo
        taken = self.city_brands.setdefault(city, [])
        for _ in range(200):
            b = self._brand()
            # in one city, brands share no character
            if all(not set(b) & set(x) for x in taken):
                break
        taken.append(b)
        self.city_word[(city, w)] = [b]
        if research_co:
            name = f"{city}{b}{w}研究院有限公司"
            short = f"{b}研究院"
        else:
            suf = suffix or self.rng.choice(SUFFIX)
            if suf.startswith("科技") and w.endswith("科技"):
                suf = suf[2:]
            name = f"{city}{b}{w}{suf}"
            short = b + w if len(w) <= 4 else b + w[:2]
        u = Unit(
            name,
            "enterprise",
            make_code(self.rng, "91", region),
            short=short,
            city=city,
            tricky="研究院有限公司 is an enterprise" if research_co else None,
        )
        self.names[name] = u
        self.uses[name] = 1
        return u

    def _pooled(self, name: str, kind: str, prefix: str, region: str, tricky: str | None = None) -> Unit:
        if name not in self.names:
            self.names[name] = Unit(
                name, kind, make_code(self.rng, prefix, region), short=None, tricky=tricky
            )
            self.uses[name] = 0
        self.uses[name] += 1
        return self.names[name]

    def _pick(self, pool: list[str], exclude: set[str]) -> str | None:
        cand = [n for n in pool if self.uses.get(n, 0) < 2 and n not in exclude]
        return self.rng.choice(cand) if cand else None

    def university(self, juris: str, exclude: set[str], national_ok: bool = True) -> Unit:
        pools = [("local", UNIVERSITIES[juris])] + (
            [("national", UNIVERSITIES["national"])] if national_ok else []
        )
        if self.rng.random() >= 0.75 and national_ok:
            pools.reverse()
        n = self._pick(pools[0][1], exclude) or self._pick(pools[-1][1], exclude)
        if n is None:
            raise RuntimeError("out of universities")
        if n in UNIVERSITIES["national"]:
            region = UNIV_REGION["national"][UNIVERSITIES["national"].index(n)]
        else:
            region = PROV_CODE[juris]
        tricky = "职业技术学院 is a university (高等学校)" if ("职业" in n or "高等专科" in n) else None
        return self._pooled(n, "university", "12", region, tricky)

    def vocational(self, juris: str, exclude: set[str]) -> Unit | None:
        pool = [n for n in UNIVERSITIES[juris] if "职业" in n or "高等专科" in n]
        n = self._pick(pool, exclude)
        if not n:
            return None
        return self._pooled(
            n, "university", "12", PROV_CODE[juris], "职业技术学院 is a university (高等学校)"
        )

    def institute(self, juris: str, exclude: set[str]) -> Unit:
        first, second = INSTITUTES[juris], INSTITUTES["national"]
        if self.rng.random() >= 0.8:
            first, second = second, first
        n = self._pick(first, exclude) or self._pick(second, exclude)
        if n is None:
            raise RuntimeError("out of institutes")
        if n in INSTITUTES["national"]:
            region = INST_REGION["national"][INSTITUTES["national"].index(n)]
        else:
            region = PROV_CODE[juris]
        return self._pooled(
            n, "institute", "12", region, "事业单位 research institute" if "院" in n else None
        )

    def other(self, juris: str, exclude: set[str], prefer: str | None = None) -> Unit | None:
        pool = OTHERS[juris]
        cand = [(n, p) for n, p in pool if self.uses.get(n, 0) < 2 and n not in exclude]
        if prefer and any(prefer in n for n, _ in cand):
            cand = [(n, p) for n, p in cand if prefer in n]
        if not cand:
            return None
        n, p = self.rng.choice(cand)
        why = (
            "医院 is other"
            if "医院" in n
            else "行业协会/学会 is other"
            if ("协会" in n or "学会" in n or "联合会" in n)
            else "管委会 is other"
            if "管理委员会" in n
            else "检验检测/服务中心 is other"
        )
        return self._pooled(n, "other", p, PROV_CODE[juris] if juris != "yongchuan" else "500118", why)
