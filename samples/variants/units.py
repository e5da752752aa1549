"""Synthetic units, credit codes, persons and phone numbers.

Every credit code is synthetic but valid under GB 32100-2015 (python-stdnum ``stdnum.cn.uscc``); the
organisation-code part carries its own GB 11714 check character as real codes do. Names are unique
across a corpus and never within two characters of another name of the same length, except where a
cross-consortium case is planted on purpose (``NamePool.near_duplicate``).
"""

from __future__ import annotations

import random
import unicodedata
from dataclasses import dataclass, field

from rapidfuzz import process
from rapidfuzz.distance import Levenshtein
from stdnum.cn import uscc

ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"  # GB 32100 character set (no I O S V Z)

# (city as written in names, division code of the city, district codes in it)
CITIES: dict[str, list[tuple[str, str, list[str]]]] = {
    "guangxi": [
        ("南宁", "450100", ["450102", "450103", "450105", "450107", "450108", "450109"]),
        ("柳州", "450200", ["450202", "450203", "450204", "450205", "450206"]),
        ("桂林", "450300", ["450302", "450303", "450304", "450305", "450311"]),
        ("梧州", "450400", ["450403", "450405", "450406"]),
        ("北海", "450500", ["450502", "450503", "450512"]),
        ("防城港", "450600", ["450602", "450603"]),
        ("钦州", "450700", ["450702", "450703"]),
        ("贵港", "450800", ["450802", "450803"]),
        ("玉林", "450900", ["450902", "450903"]),
        ("百色", "451000", ["451002", "451003"]),
        ("贺州", "451100", ["451102", "451103"]),
        ("河池", "451200", ["451202", "451203"]),
        ("来宾", "451300", ["451302"]),
        ("崇左", "451400", ["451402"]),
    ],
    "xinjiang": [
        ("乌鲁木齐", "650100", ["650102", "650103", "650104", "650105", "650106"]),
        ("克拉玛依", "650200", ["650202", "650203", "650204"]),
        ("吐鲁番", "650400", ["650402"]),
        ("哈密", "650500", ["650502"]),
        ("昌吉", "652300", ["652301", "652302"]),
        ("库尔勒", "652800", ["652801"]),
        ("阿克苏", "652900", ["652901"]),
        ("喀什", "653100", ["653101"]),
        ("伊犁", "654000", ["654002", "654003"]),
        ("石河子", "659001", ["659001"]),
        ("博乐", "652700", ["652701"]),
        ("塔城", "654200", ["654201"]),
    ],
    "yunnan": [
        ("昆明", "530100", ["530102", "530103", "530111", "530112", "530114"]),
        ("曲靖", "530300", ["530302", "530303"]),
        ("玉溪", "530400", ["530402", "530403"]),
        ("保山", "530500", ["530502"]),
        ("昭通", "530600", ["530602"]),
        ("丽江", "530700", ["530702"]),
        ("普洱", "530800", ["530802"]),
        ("楚雄", "532300", ["532301"]),
        ("红河", "532500", ["532501", "532502", "532503"]),
        ("文山", "532600", ["532601"]),
        ("大理", "532900", ["532901"]),
        ("临沧", "530900", ["530902"]),
    ],
    "yongchuan": [
        ("重庆永川", "500118", ["500118"]),
    ],
    "chongqing_other": [
        (
            "重庆",
            "500100",
            [
                "500103",
                "500106",
                "500107",
                "500108",
                "500112",
                "500113",
                "500116",
                "500120",
                "500151",
                "500153",
            ],
        ),
    ],
    "outside": [
        ("北京", "110000", ["110108", "110105", "110102"]),
        ("上海", "310000", ["310104", "310115"]),
        ("广州", "440100", ["440106", "440105"]),
        ("武汉", "420100", ["420111", "420106"]),
        ("长沙", "430100", ["430104", "430105"]),
        ("成都", "510100", ["510107", "510104"]),
        ("西安", "610100", ["610113", "610112"]),
        ("南京", "320100", ["320104", "320106"]),
    ],
}
PROVINCE_DIV = {
    "guangxi": "450000",
    "xinjiang": "650000",
    "yunnan": "530000",
    "yongchuan": "500000",
    "chongqing_other": "500000",
}
PROVINCE_SHORT = {"guangxi": "广西", "xinjiang": "新疆", "yunnan": "云南", "yongchuan": "重庆"}
PROVINCE_FULL = {
    "guangxi": "广西壮族自治区",
    "xinjiang": "新疆维吾尔自治区",
    "yunnan": "云南省",
    "yongchuan": "重庆市",
}

BRAND_CHARS = (
    "天成宏源鑫华瑞丰恒泰盛达嘉禾锦鸿德润博远凯越中信永安汇通联创新景昌隆金川华茂正邦科翔"
    "海容振兴广宇云帆明辉聚能长青银杉富川立信绿源国润荣昌星驰兴业润和晨光启航顺祥弘毅"
    "同心普惠安泰鼎盛百川众合致远鹏程万和"
)

UNIVERSITIES: dict[str, list[str]] = {
    "guangxi": [
        "广西大学",
        "广西师范大学",
        "广西医科大学",
        "广西民族大学",
        "桂林电子科技大学",
        "桂林理工大学",
        "广西科技大学",
        "桂林医学院",
        "右江民族医学院",
        "广西中医药大学",
        "广西财经学院",
        "南宁师范大学",
        "玉林师范学院",
        "百色学院",
        "河池学院",
        "梧州学院",
        "贺州学院",
        "北部湾大学",
        "桂林航天工业学院",
        "广西民族师范学院",
        "柳州工学院",
        "广西农业职业技术大学",
        "柳州职业技术学院",
        "南宁职业技术学院",
        "广西水利电力职业技术学院",
        "广西交通职业技术学院",
        "广西机电职业技术学院",
        "广西工业职业技术学院",
    ],
    "xinjiang": [
        "新疆大学",
        "石河子大学",
        "新疆农业大学",
        "新疆医科大学",
        "塔里木大学",
        "新疆师范大学",
        "喀什大学",
        "伊犁师范大学",
        "昌吉学院",
        "新疆工程学院",
        "新疆理工学院",
        "新疆财经大学",
        "新疆农业职业技术学院",
        "克拉玛依职业技术学院",
    ],
    "yunnan": [
        "云南大学",
        "昆明理工大学",
        "云南农业大学",
        "云南师范大学",
        "昆明医科大学",
        "西南林业大学",
        "大理大学",
        "云南民族大学",
        "云南财经大学",
        "红河学院",
        "曲靖师范学院",
        "玉溪师范学院",
        "楚雄师范学院",
        "昆明学院",
        "云南中医药大学",
        "保山学院",
        "普洱学院",
        "滇西应用技术大学",
        "文山学院",
        "昭通学院",
    ],
    "yongchuan": [
        "重庆文理学院",
        "重庆邮电大学",
        "重庆交通大学",
        "重庆理工大学",
        "重庆科技大学",
        "重庆师范大学",
        "重庆工商大学",
        "重庆三峡学院",
        "长江师范学院",
        "重庆第二师范学院",
        "重庆工程学院",
        "重庆人文科技学院",
        "重庆电子科技职业大学",
        "重庆工业职业技术学院",
        "重庆水利电力职业技术学院",
        "重庆财经职业学院",
    ],
    "outside": [
        "华南理工大学",
        "中南大学",
        "四川大学",
        "重庆大学",
        "西南大学",
        "武汉理工大学",
        "北京科技大学",
        "东北大学",
        "中国农业大学",
        "华中科技大学",
        "西安交通大学",
        "大连理工大学",
        "江南大学",
        "湖南大学",
        "天津大学",
        "哈尔滨工业大学",
        "同济大学",
        "中国石油大学（华东）",
        "中国矿业大学（北京）",
        "中国地质大学（武汉）",
        "华南农业大学",
        "西北农林科技大学",
        "南京工业大学",
        "北京化工大学",
    ],
}
UNIVERSITY_DIV = {  # where the outside universities are registered
    "华南理工大学": "440000",
    "中南大学": "430000",
    "四川大学": "510000",
    "重庆大学": "500000",
    "西南大学": "500000",
    "武汉理工大学": "420000",
    "北京科技大学": "110000",
    "东北大学": "210000",
    "中国农业大学": "110000",
    "华中科技大学": "420000",
    "西安交通大学": "610000",
    "大连理工大学": "210000",
    "江南大学": "320000",
    "湖南大学": "430000",
    "天津大学": "120000",
    "哈尔滨工业大学": "230000",
    "同济大学": "310000",
    "中国石油大学（华东）": "370000",
    "中国矿业大学（北京）": "110000",
    "中国地质大学（武汉）": "420000",
    "华南农业大学": "440000",
    "西北农林科技大学": "610000",
    "南京工业大学": "320000",
    "北京化工大学": "110000",
}

INSTITUTE_FIELDS = [
    "农业科学",
    "林业科学",
    "冶金",
    "化工",
    "机械工业",
    "计量测试",
    "蚕业技术",
    "甘蔗",
    "水产科学",
    "海洋",
    "生物技术",
    "产品质量检验",
    "标准化",
    "畜牧科学",
    "农垦科学",
    "环境科学",
    "地质矿产",
    "有色金属",
    "能源",
    "轻工业",
    "纺织科学",
    "药物",
    "中医药",
    "电子信息",
    "智能制造",
    "新材料",
    "建筑科学",
    "交通科学",
    "煤炭科学",
    "石油化工",
    "特色作物",
    "热带作物",
]
OTHER_FORMS = [  # (pattern, registration category): kind "other"
    ("{p}{f}行业协会", "51"),
    ("{p}{f}产业技术创新促进会", "51"),
    ("{p}{f}学会", "51"),
    ("{p}{f}产业联合会", "51"),
    ("{p}科技成果转化服务中心", "12"),
    ("{p}技术转移中心", "12"),
    ("{p}生产力促进中心", "12"),
    ("{p}{f}检验检测认证协会", "51"),
]

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万覃武钱"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华建国志红文斌宁海波晓峰鹏辉飞玲燕婷雪琳凯浩宇轩然翔俊健春梅兰松林森博毅鑫睿哲晨阳岚洁"


def org_check(body: str) -> str:
    """GB 11714 check character of an 8-character organisation-code body."""
    w = (3, 7, 9, 10, 5, 8, 4, 2)
    total = 0
    for c, wi in zip(body, w):
        v = int(c) if c.isdigit() else ord(c) - 55
        total += v * wi
    c9 = 11 - total % 11
    return "X" if c9 == 10 else ("0" if c9 == 11 else str(c9))


def make_code(rng: random.Random, reg: str, div: str) -> str:
    """A valid 18-character unified social credit code."""
    while True:
        if reg.startswith("9") and rng.random() < 0.65:
            body = "MA" + "".join(rng.choice(ALPHABET[:10] + ALPHABET[10:]) for _ in range(6))
        else:
            body = "".join(rng.choice("0123456789") for _ in range(8))
        chk = org_check(body)
        if chk not in ALPHABET:
            continue
        head = reg + div + body + chk
        code = head + uscc.calc_check_digit(head)
        if uscc.is_valid(code):
            return code


def corrupt_code(rng: random.Random, code: str, how: str) -> str:
    """An 18-character code that fails GB 32100: a wrong check character or a character outside the set."""
    if how == "check":
        good = code[-1]
        bad = rng.choice([c for c in ALPHABET if c != good])
        return code[:-1] + bad
    # a letter outside the GB 32100 set in the organisation part, as mistyped
    pos = rng.randrange(10, 16)
    return code[:pos] + rng.choice("IOSZV") + code[pos + 1 :]


def _norm(name: str) -> str:
    return unicodedata.normalize("NFKC", name).replace("（", "(").replace("）", ")")


def hamming_close(a: str, b: str, limit: int = 2) -> bool:
    if len(a) != len(b):
        return False
    d = 0
    for x, y in zip(a, b):
        if x != y:
            d += 1
            if d > limit:
                return False
    return True


@dataclass
class Unit:
    name: str
    code: str
    kind: str  # enterprise | university | institute | other
    city: str = ""
    tier: str = "general"  # lead | core | close | general
    note: str = ""
    role: str = ""  # task in the consortium (分工)
    extra: dict = field(default_factory=dict)


class NamePool:
    """Hands out unit names unique across the corpus, with no two names within two characters."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        self.used: set[str] = set()
        self._keys: list[str] = []
        self.univ_left = {k: list(v) for k, v in UNIVERSITIES.items()}
        for v in self.univ_left.values():
            rng.shuffle(v)

    def _ok(self, name: str) -> bool:
        """Not within two edits (after NFKC and brackets unified) of any name already handed out:
        广西大学/广西民族大学, X研究院有限公司/X研究院有限责任公司 would read as one unit written twice."""
        key = _norm(name)
        if key in self._keys:
            return False
        hit = process.extractOne(key, self._keys, scorer=Levenshtein.distance, score_cutoff=2)
        return hit is None

    def take(self, name: str) -> bool:
        if self._ok(name):
            self.used.add(name)
            self._keys.append(_norm(name))
            return True
        return False

    def enterprise(
        self, juris: str, words: list[str], city: str | None = None, forms: tuple[str, ...] | None = None
    ) -> tuple[str, str]:
        rng = self.rng
        cities = CITIES[juris]
        forms = forms or (
            "有限公司",
            "有限责任公司",
            "股份有限公司",
            "集团有限公司",
            "集团股份有限公司",
            "（集团）有限公司",
            "科技有限公司",
        )
        for _ in range(2000):
            c = rng.choice(cities) if city is None else next(x for x in cities if x[0] == city)
            brand = "".join(rng.sample(BRAND_CHARS, 2))
            word = rng.choice(words)
            form = rng.choice(forms)
            if word.endswith("科技") and form == "科技有限公司":
                form = "有限公司"
            prefix = c[0]
            r = rng.random()
            if juris == "yongchuan":
                prefix = rng.choice(["重庆", "重庆永川", "重庆市永川区"]) if r < 0.9 else "永川"
            elif r < 0.25:
                prefix = PROVINCE_SHORT.get(juris, c[0])
            if form == "（集团）有限公司":
                name = f"{prefix}{brand}{word}（集团）有限公司"
            else:
                name = f"{prefix}{brand}{word}{form}"
            if self.take(name):
                return name, rng.choice(c[2])
        raise RuntimeError("enterprise names exhausted")

    def university(self, juris: str, outside_share: float = 0.3) -> tuple[str, str]:
        rng = self.rng
        pools = [juris, "outside"] if rng.random() < outside_share else [juris]
        if juris == "yongchuan" and rng.random() < 0.4:
            pools = ["yongchuan", "outside"]
        for p in pools:
            left = self.univ_left.get(p, [])
            while left:
                name = left.pop()
                if self.take(name):
                    div = UNIVERSITY_DIV.get(name, PROVINCE_DIV.get(juris, "450000"))
                    return name, div
        cities = (
            [x[0] for x in CITIES[juris]] if juris != "yongchuan" else ["重庆", "永川", "渝西", "重庆西部"]
        )
        fields = [
            "理工",
            "科技",
            "工程",
            "工商",
            "信息",
            "交通",
            "建筑",
            "农业",
            "医学",
            "师范",
            "财经",
            "电力",
            "化工",
            "机电",
            "轻工",
            "能源",
            "水利",
            "电子",
            "应用技术",
            "商贸",
            "医药",
            "现代服务",
        ]
        for _ in range(2000):  # fall back to made-up colleges
            city = rng.choice(cities)
            name = f"{city}{rng.choice(fields)}{rng.choice(['学院', '职业技术学院', '高等专科学校', '职业学院'])}"
            if self.take(name):
                return name, PROVINCE_DIV.get(juris, "450000")
        raise RuntimeError("university names exhausted")

    def institute(self, juris: str, fields: list[str] | None = None) -> tuple[str, str]:
        rng = self.rng
        prov = {
            "guangxi": ["广西壮族自治区", "广西"],
            "xinjiang": ["新疆维吾尔自治区", "新疆"],
            "yunnan": ["云南省"],
            "yongchuan": ["重庆市"],
        }[juris]
        for _ in range(2000):
            f = rng.choice((fields or []) + INSTITUTE_FIELDS)
            form = rng.choice(
                [
                    "{p}{f}研究院",
                    "{p}{f}研究所",
                    "{p}{f}科学研究院",
                    "{c}市{f}研究所",
                    "中国科学院{c}{f}研究所",
                    "{p}{f}研究中心",
                ]
            )
            c = rng.choice(CITIES[juris])[0].replace("重庆永川", "永川")
            f2 = f.replace("科学", "科学") if "科学" not in form else f.replace("科学", "")
            if not f2:
                continue
            name = form.format(p=rng.choice(prov), f=f2, c=c)
            if "中国科学院" in name and juris == "yongchuan":
                name = name.replace("中国科学院永川", "中国科学院重庆")
            if self.take(name):
                div = PROVINCE_DIV[juris] if "市" not in name[:6] else rng.choice(CITIES[juris])[1]
                return name, div
        raise RuntimeError("institute names exhausted")

    def other(self, juris: str, fields: list[str]) -> tuple[str, str, str]:
        rng = self.rng
        prov = {
            "guangxi": ["广西壮族自治区", "广西"],
            "xinjiang": ["新疆维吾尔自治区", "新疆"],
            "yunnan": ["云南省", "云南"],
            "yongchuan": ["重庆市永川区", "永川区"],
        }[juris]
        for _ in range(2000):
            pat, reg = rng.choice(OTHER_FORMS)
            name = pat.format(p=rng.choice(prov), f=rng.choice(fields))
            if self.take(name):
                return name, reg, PROVINCE_DIV[juris]
        raise RuntimeError("other names exhausted")


def person(rng: random.Random) -> str:
    s = rng.choice(SURNAMES)
    g = "".join(rng.sample(GIVEN, rng.choice([1, 2, 2])))
    return s + g


def phone(rng: random.Random, juris: str) -> str:
    area = {
        "guangxi": ["0771", "0772", "0773", "0774", "0779", "0775"],
        "xinjiang": ["0991", "0990", "0993", "0996", "0998", "0999"],
        "yunnan": ["0871", "0874", "0877", "0872", "0873"],
        "yongchuan": ["023"],
    }[juris]
    if rng.random() < 0.35:
        return rng.choice(["139", "138", "137", "150", "158", "186", "189", "177"]) + "".join(
            rng.choice("0123456789") for _ in range(8)
        )
    a = rng.choice(area)
    n = 8 if a == "023" else rng.choice([7, 8])
    return a + "-" + rng.choice("2345678") + "".join(rng.choice("0123456789") for _ in range(n - 1))
