"""Synthetic units, credit codes, people and industries (all invented; codes valid under GB 32100-2015)."""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from stdnum.cn import uscc

ALPHA = "0123456789ABCDEFGHJKLMNPQRTUWXY"

# division codes (GB/T 2260) of places units are named after
PLACES = {
    "guangxi": [
        ("南宁", "450103"),
        ("柳州", "450204"),
        ("桂林", "450305"),
        ("梧州", "450403"),
        ("北海", "450502"),
        ("钦州", "450702"),
        ("贵港", "450802"),
        ("玉林", "450902"),
        ("百色", "451002"),
        ("河池", "451202"),
        ("来宾", "451302"),
        ("崇左", "451402"),
        ("防城港", "450602"),
        ("贺州", "451102"),
    ],
    "xinjiang": [
        ("乌鲁木齐", "650102"),
        ("克拉玛依", "650203"),
        ("哈密", "650502"),
        ("昌吉", "652301"),
        ("库尔勒", "652801"),
        ("阿克苏", "652901"),
        ("喀什", "653101"),
        ("伊宁", "654002"),
        ("石河子", "659001"),
        ("奎屯", "654003"),
        ("吐鲁番", "650402"),
        ("博乐", "652701"),
    ],
    "yunnan": [
        ("昆明", "530102"),
        ("曲靖", "530302"),
        ("玉溪", "530402"),
        ("保山", "530502"),
        ("昭通", "530602"),
        ("普洱", "530802"),
        ("临沧", "530902"),
        ("楚雄", "532301"),
        ("蒙自", "532503"),
        ("文山", "532601"),
        ("大理", "532901"),
        ("丽江", "530702"),
    ],
    "yongchuan": [
        ("重庆永川", "500118"),
        ("重庆", "500112"),
        ("重庆", "500106"),
        ("重庆", "500107"),
        ("重庆", "500113"),
        ("重庆", "500120"),
    ],
    "out": [
        ("北京", "110108"),
        ("上海", "310115"),
        ("深圳", "440305"),
        ("成都", "510107"),
        ("长沙", "430104"),
        ("西安", "610113"),
        ("武汉", "420111"),
        ("杭州", "330106"),
        ("南京", "320106"),
        ("天津", "120116"),
    ],
}
PROV = {
    "guangxi": ("广西", "广西壮族自治区", "450000"),
    "xinjiang": ("新疆", "新疆维吾尔自治区", "650000"),
    "yunnan": ("云南", "云南省", "530000"),
    "yongchuan": ("重庆", "重庆市", "500000"),
}
AREA = {"guangxi": "0771", "xinjiang": "0991", "yunnan": "0871", "yongchuan": "023"}

B1 = "瑞泓博鼎晟骏皓煜澜峰岳崇启卓泽铂钧弘昊远嘉永宏德信诚亿捷敏凌楚沐翰"
B2 = "源达腾锐润泰晖联安盛隆辉川邦驰程拓恒昌华宇晨祥和航峻越嵘澄睿"

INDUSTRIES = {
    "guangxi": [
        (
            "工程机械",
            ["机械", "重工", "液压", "智能装备"],
            ["液压传动", "整机控制", "智能施工", "关键结构件"],
            ["机械工程", "液压与气动", "控制科学", "材料成型"],
        ),
        (
            "稀土功能材料",
            ["稀土", "新材料", "磁材", "冶金"],
            ["稀土分离提纯", "永磁材料", "稀土催化", "稀土发光"],
            ["有色冶金", "材料科学", "化学工程", "磁性材料"],
        ),
        (
            "锰系新材料",
            ["锰业", "电池材料", "化工", "新能源材料"],
            ["电解锰清洁生产", "锰酸锂正极", "锰渣资源化", "高纯硫酸锰"],
            ["冶金工程", "电化学", "环境工程", "无机化学"],
        ),
        (
            "桑蚕茧丝绸",
            ["茧丝", "丝绸", "纺织", "蚕业"],
            ["优质蚕种", "自动缫丝", "丝绸印染", "蚕桑资源综合利用"],
            ["蚕学", "纺织工程", "生物化学", "农业机械"],
        ),
        (
            "海洋生物医药",
            ["海洋生物", "医药", "生物科技", "制药"],
            ["海洋活性物质", "海洋创新药", "海洋功能食品", "海洋微生物"],
            ["药物化学", "海洋生物学", "生物工程", "药理学"],
        ),
        (
            "智能网联汽车",
            ["汽车", "车联网", "电子", "汽车部件"],
            ["线控底盘", "智能座舱", "车规芯片应用", "车路协同"],
            ["车辆工程", "电子信息", "自动控制", "软件工程"],
        ),
        (
            "先进储能",
            ["储能", "电力", "能源", "电气"],
            ["钠离子电池", "储能变流器", "电池管理", "液流电池"],
            ["电气工程", "电化学", "材料科学", "能源动力"],
        ),
    ],
    "xinjiang": [
        (
            "棉花和纺织服装",
            ["棉业", "纺织", "服饰", "纺织科技"],
            ["机采棉加工", "高支纱纺纱", "功能性面料", "印染废水治理"],
            ["纺织工程", "作物学", "化学工程", "机械设计"],
        ),
        (
            "粮油",
            ["粮油", "农业", "食品", "油脂"],
            ["优质小麦育种", "油脂精炼", "粮食仓储", "副产物综合利用"],
            ["作物遗传育种", "食品科学", "粮食工程", "农业工程"],
        ),
        (
            "硅基新材料",
            ["硅业", "新材料", "光伏材料", "化工"],
            ["工业硅冶炼", "多晶硅提纯", "有机硅单体", "硅基负极"],
            ["冶金工程", "化学工程", "材料物理", "无机非金属材料"],
        ),
        (
            "风电装备",
            ["风电", "新能源", "装备", "能源科技"],
            ["大功率机组", "叶片材料", "风场运维", "储能并网"],
            ["电气工程", "机械工程", "复合材料", "气象学"],
        ),
        (
            "特色林果",
            ["林果", "果业", "农业", "食品"],
            ["红枣提质", "核桃精深加工", "林果病虫害防控", "冷链保鲜"],
            ["园艺学", "植物保护", "食品工程", "农业机械"],
        ),
        (
            "现代煤化工",
            ["煤化工", "能源", "化工", "煤业"],
            ["煤制烯烃", "煤焦油加工", "CO2捕集利用", "煤气化"],
            ["化学工程", "能源化工", "催化化学", "环境工程"],
        ),
        (
            "油气生产加工",
            ["石油", "油气", "石化", "能源"],
            ["稠油开采", "页岩油压裂", "炼化一体化", "油田采出水处理"],
            ["石油工程", "地质工程", "化学工艺", "油气储运"],
        ),
    ],
    "yunnan": [
        (
            "咖啡",
            ["咖啡", "农业", "食品", "庄园"],
            ["咖啡良种选育", "精品咖啡加工", "咖啡深加工", "咖啡副产物利用"],
            ["园艺学", "食品科学", "作物栽培", "发酵工程"],
        ),
        (
            "磷化工",
            ["磷化", "化工", "磷业", "新材料"],
            ["湿法磷酸净化", "磷酸铁锂", "磷石膏综合利用", "精细磷化学品"],
            ["化学工程", "无机化学", "材料化学", "环境工程"],
        ),
        (
            "普洱茶",
            ["茶业", "茶叶", "茶产业", "生物科技"],
            ["古树茶保护", "发酵工艺", "茶功能成分", "茶园数字化"],
            ["茶学", "微生物学", "食品工程", "植物学"],
        ),
        (
            "高原特色蔬菜",
            ["蔬菜", "农业", "种业", "冷链"],
            ["设施蔬菜", "蔬菜种业", "采后保鲜", "绿色防控"],
            ["园艺学", "植物保护", "农业工程", "土壤学"],
        ),
        (
            "锗材料",
            ["锗业", "光电材料", "新材料", "半导体"],
            ["锗单晶生长", "红外光学", "光纤级四氯化锗", "锗回收"],
            ["材料科学", "光学工程", "冶金工程", "半导体物理"],
        ),
        (
            "天然橡胶",
            ["橡胶", "农垦", "胶业", "新材料"],
            ["橡胶树育种", "割胶机械化", "高性能胶料", "胶园生态"],
            ["作物学", "高分子材料", "农业机械", "林学"],
        ),
        (
            "新能源电池",
            ["电池", "新能源", "锂电", "储能"],
            ["正极材料", "电解液", "电池回收", "固态电池"],
            ["电化学", "材料科学", "化学工程", "电气工程"],
        ),
    ],
    "yongchuan": [
        (
            "工业机器人",
            ["机器人", "智能装备", "自动化", "智能科技"],
            ["精密减速器", "伺服驱动", "机器视觉", "协作机器人"],
            ["机械电子", "控制工程", "计算机视觉", "机械设计"],
        ),
        (
            "精密模具",
            ["模具", "精密制造", "机械", "模塑"],
            ["汽车覆盖件模具", "精密注塑", "模具钢热处理", "模具数字化"],
            ["材料成型", "机械工程", "金属材料", "工业设计"],
        ),
        (
            "绿色建材",
            ["建材", "新材料", "装配建筑", "环保材料"],
            ["固废建材化", "低碳水泥", "装配式构件", "节能墙材"],
            ["土木工程", "材料科学", "环境工程", "建筑学"],
        ),
        (
            "特色茶产业",
            ["茶业", "茶叶", "农业", "食品"],
            ["名优绿茶加工", "茶园机械化", "茶饮品开发", "茶资源综合利用"],
            ["茶学", "食品科学", "农业机械", "园艺学"],
        ),
        (
            "智能网联新能源汽车",
            ["汽车", "智能科技", "汽车电子", "动力"],
            ["电驱系统", "自动驾驶测试", "轻量化车身", "热管理"],
            ["车辆工程", "电气工程", "软件工程", "材料工程"],
        ),
    ],
}

UNI_STEMS = {
    "guangxi": [
        "广西工业职业技术大学",
        "桂林理工学院",
        "广西海洋大学",
        "玉林师范技术学院",
        "广西农林大学",
        "桂林电子工程学院",
        "南宁理工大学",
        "柳州工学院",
        "梧州学院",
        "钦州北部湾职业大学",
        "广西科技师范学院",
        "百色右江学院",
    ],
    "xinjiang": [
        "新疆理工大学",
        "新疆农林大学",
        "石河子科技学院",
        "昌吉学院",
        "喀什大学",
        "新疆工程学院",
        "伊犁师范大学",
        "塔里木农垦大学",
        "新疆医科技术学院",
        "克拉玛依理工学院",
        "哈密职业技术学院",
        "新疆应用职业技术学院",
    ],
    "yunnan": [
        "滇西科技大学",
        "云南工商理工学院",
        "昆明学院",
        "云南农林大学",
        "玉溪师范学院",
        "红河学院",
        "曲靖师范学院",
        "云南理工大学",
        "普洱学院",
        "大理大学",
        "文山学院",
        "楚雄师范学院",
    ],
    "yongchuan": [
        "重庆文理学院",
        "重庆工程技术大学",
        "重庆科技学院",
        "重庆永川职业技术大学",
        "重庆第二师范学院",
        "重庆交通职业学院",
        "重庆邮电工程学院",
        "重庆智能工程职业学院",
    ],
    "out": [
        "华中科技学院",
        "西南交通科技大学",
        "中南工业大学",
        "西北农林大学",
        "东南工程大学",
        "北京化工科技大学",
        "天津轻工大学",
        "江南食品大学",
        "四川农业科技大学",
        "湖南工程技术大学",
    ],
}
INST_TPL = [
    "{p}{f}研究院",
    "{p}{f}科学研究所",
    "{p}科学院{f}研究所",
    "{p}{f}产业技术研究院",
    "中国科学院{c}{f}研究所",
    "{p}{f}工程技术研究中心",
]
OTHER_TPL = [
    "{p}技术转移中心",
    "{p}{f}产业协会",
    "{p}科技成果转化服务中心",
    "{c}生产力促进中心",
    "{p}{f}检验检测认证中心",
    "{c}科技创业投资有限公司",
]
SURN = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华飞玉兰萍红鹏建林波宁辉斌文志峰晓春海燕雪梅琳颖晨旭宇浩然思远博凯欣怡子涵梓轩俊杰嘉怡晶莹"
TITLES = ["教授", "研究员", "正高级工程师", "高级工程师", "副教授", "副研究员", "教授级高级工程师"]
EXEC_TITLES = ["总工程师", "副总经理", "技术中心主任", "研发部部长", "首席技术官", "院长", "所长", "系主任"]


def org_code(rng: random.Random, modern: bool) -> str:
    """GB 11714 organisation code (8 chars + check)."""
    if modern:
        body = "MA" + "".join(rng.choice("0123456789ABCDEFGHJKLMNPQRTUWXY") for _ in range(6))
    else:
        body = "".join(rng.choice("0123456789") for _ in range(8))
    w = [3, 7, 9, 10, 5, 8, 4, 2]
    val = lambda ch: int(ch) if ch.isdigit() else ord(ch) - 55  # noqa: E731
    c = 11 - sum(val(ch) * wi for ch, wi in zip(body, w)) % 11
    chk = "X" if c == 10 else ("0" if c == 11 else str(c))
    return body + chk


def make_code(rng: random.Random, kind: str, div: str) -> str:
    head = {
        "enterprise": "91",
        "university": "12",
        "institute": "12",
        "other": rng.choice(["12", "51", "52"]),
    }[kind]
    if kind == "other" and "公司" in div:  # never; placeholder for clarity
        head = "91"
    for _ in range(100):
        body = head + div + org_code(rng, modern=(head == "91" and rng.random() < 0.7))
        if all(c in ALPHA for c in body):
            code = body + uscc.calc_check_digit(body)
            assert uscc.is_valid(code)
            return code
    raise RuntimeError("no code")


def break_code(rng: random.Random, code: str) -> str:
    """Same code with a wrong check character (a typing slip)."""
    alts = [c for c in ALPHA if c != code[-1]]
    bad = code[:-1] + rng.choice(alts)
    assert not uscc.is_valid(bad)
    return bad


def lev(a: str, b: str) -> int:
    if abs(len(a) - len(b)) > 2:
        return 3
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        prev = cur
    return prev[-1]


@dataclass
class Unit:
    name: str
    kind: str  # enterprise university institute other
    code: str  # true, valid code
    juris: str
    city: str
    tier: str = "unspecified"
    note: str = ""
    parent: str | None = None  # a parent company's name (for seal mismatches)
    extra: dict = field(default_factory=dict)


class Registry:
    """Hands out names that are unique and never within two edits of each other."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        self.names: list[str] = []
        self.used_uni: set[str] = set()
        self.people: set[str] = set()

    def ok(self, name: str) -> bool:
        return all(lev(name, n) > 2 for n in self.names)

    def take(self, name: str) -> str:
        self.names.append(name)
        return name

    def company(self, juris: str, words: list[str], local: bool = True) -> tuple[str, str, str]:
        rng = self.rng
        for _ in range(500):
            city, div = rng.choice(PLACES[juris if local else "out"])
            brand = rng.choice(B1) + rng.choice(B2)
            word = rng.choice(words)
            suf = rng.choice(
                [
                    "有限公司",
                    "股份有限公司",
                    "有限责任公司",
                    "集团有限公司",
                    "科技有限公司",
                    "集团股份有限公司",
                ]
            )
            if suf == "科技有限公司" and "科技" in word:
                suf = "有限公司"
            pre = city
            if juris in ("guangxi", "xinjiang", "yunnan") and local and rng.random() < 0.25:
                pre = PROV[juris][0]
                div = div[:2] + "0100" if juris != "xinjiang" else div
            if juris == "xinjiang" and local and rng.random() < 0.15:
                pre = f"新疆{brand}（{city}）"
                name = pre + word + suf
            else:
                name = pre + brand + word + suf
            if self.ok(name):
                return self.take(name), div, city
        raise RuntimeError("names exhausted")

    def university(self, juris: str, local: bool = True) -> tuple[str, str, str]:
        rng = self.rng
        src = UNI_STEMS[juris if local else "out"]
        cands = [u for u in src if u not in self.used_uni and self.ok(u)]
        if not cands:
            places = PLACES[juris if local else "out"]
            for _ in range(300):
                city, div = rng.choice(places)
                city = city.replace("重庆永川", "永川")
                name = (
                    city
                    + rng.choice(
                        ["理工", "工程", "科技", "职业技术", "应用技术", "工业", "农业", "交通", "信息"]
                    )
                    + rng.choice(["学院", "大学", "职业学院"])
                )
                if self.ok(name) and name not in self.used_uni:
                    self.used_uni.add(name)
                    return self.take(name), div, city
            raise RuntimeError("universities exhausted")
        name = rng.choice(cands)
        self.used_uni.add(name)
        places = PLACES[juris if local else "out"]
        city, div = places[0] if local else rng.choice(places)
        for c, d in places:
            if c in name:
                city, div = c, d
        return self.take(name), div, city

    def institute(self, juris: str, fieldw: str, tpl: list[str] | None = None) -> tuple[str, str, str]:
        rng = self.rng
        for _ in range(300):
            t = rng.choice(tpl or INST_TPL)
            city, div = rng.choice(PLACES[juris])
            p = PROV[juris][0] if rng.random() < 0.6 else city
            if juris == "yongchuan":
                p = "重庆市" if rng.random() < 0.5 else "重庆永川"
            name = t.format(p=p, f=fieldw, c=city)
            if p == "重庆永川":
                div = "500118"
            elif p == PROV[juris][0] or p == "重庆市":
                div = PROV[juris][2]
            if self.ok(name):
                return self.take(name), div, city
        raise RuntimeError("institutes exhausted")

    def other(self, juris: str, fieldw: str) -> tuple[str, str, str]:
        return self.institute(juris, fieldw, OTHER_TPL)

    def person(self) -> str:
        rng = self.rng
        for _ in range(1000):
            n = rng.choice(SURN) + "".join(rng.choice(GIVEN) for _ in range(rng.choice([1, 2, 2])))
            if n not in self.people:
                self.people.add(n)
                return n
        raise RuntimeError("people exhausted")
