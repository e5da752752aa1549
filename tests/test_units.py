"""Unit names and their credit codes wherever they are written: cells, lists, prose."""

from __future__ import annotations

import pytest
from stdnum.cn import uscc as std

from extractors.units import find_codes, find_units, fold, unit_kind


def _code(body17: str) -> str:
    return body17 + std.calc_check_digit(body17)


@pytest.mark.parametrize(
    "text,names",
    [
        # prose with the words that introduce names
        (
            "联合体由桂林甲乙材料有限公司牵头组建，核心层单位包括广西某某大学、广西某某研究院；紧密合作单位有柳州丙丁机械有限公司和南宁戊己科技股份有限公司。",
            [
                "桂林甲乙材料有限公司",
                "广西某某大学",
                "广西某某研究院",
                "柳州丙丁机械有限公司",
                "南宁戊己科技股份有限公司",
            ],
        ),
        # a conjunction inside a name is not a boundary; one after a complete name is
        (
            "中国科学院宁波材料技术与工程研究所和云南有色金属研究院",
            ["中国科学院宁波材料技术与工程研究所", "云南有色金属研究院"],
        ),
        # a place in brackets inside a name; a seal mark after one
        ("新疆凯晟（喀什）实业有限公司（盖章）", ["新疆凯晟（喀什）实业有限公司"]),
        # lists separated by 、 ； ， and line breaks
        (
            "甲市一号科技有限公司；乙市二号农业大学，丙市三号研究所\n丁市四号集团有限公司",
            ["甲市一号科技有限公司", "乙市二号农业大学", "丙市三号研究所", "丁市四号集团有限公司"],
        ),
        # a branch and an institute under a group keep their full names
        (
            "华为技术有限公司深圳分公司、中国电子科技集团公司第十四研究所",
            ["华为技术有限公司深圳分公司", "中国电子科技集团公司第十四研究所"],
        ),
        # authorities, platforms and categories are not units
        ("报送自治区科学技术厅备案，依托国家级企业技术中心，吸纳高等学校、科研院所和相关企业参加", []),
        ("推荐单位：克拉玛依市科学技术局（公章）", []),
    ],
)
def test_names_in_prose_lists_and_cells(text, names):
    assert [u.name for u in find_units(text)] == names


def test_traditional_characters_are_matched_and_kept_as_written():
    assert fold("廣西大學") == "广西大学"
    got = [u.name for u in find_units("本聯盟由廣西大學、桂林電子科技大學和柳州鋼鐵集團有限公司發起")]
    assert got == ["廣西大學", "桂林電子科技大學", "柳州鋼鐵集團有限公司"]


def test_codes_tied_to_the_name_beside_them_in_either_order():
    c1, c2 = _code("91450100MA5K3XXX1"), _code("12450000498591234")
    us = find_units(f"{c1} 南宁某某科技有限公司")
    assert us[0].code == c1
    us = find_units(f"南宁某某科技有限公司（统一社会信用代码：{c1}）、广西某某学院 {c2}")
    assert [(u.name, u.code) for u in us] == [("南宁某某科技有限公司", c1), ("广西某某学院", c2)]
    assert find_codes(f"代码 {c1.lower()}")[0][0] == c1


@pytest.mark.parametrize(
    "name,kind",
    [
        ("广西某某科技股份有限公司", "enterprise"),
        ("中国电子科技集团公司第十四研究所", "institute"),
        ("桂林电子科技大学", "university"),
        ("广西职业技术学院", "university"),
        ("中国热带农业科学院", "institute"),
        ("广西技术转移中心", "other"),
        ("广西某某行业协会", "other"),
    ],
)
def test_kind_from_the_suffix(name, kind):
    assert unit_kind(name) == kind


def test_short_names_are_known_by_the_list_they_stand_in():
    """A list framed as members (由/包括 … 等N家单位) or mostly of units: its other items are
    units written short, without their suffix; the list ends with its 等."""
    from extractors.unit_lists import complete_list

    def names(t: str) -> list[str]:
        return [u.name for u in complete_list(t, find_units(t))]

    t = "该联盟由北京电信、北京移动、北京联通、盛拓传媒等17家在产业链上具有代表性、拥有核心竞争力的企业发起成立。"
    assert names(t) == ["北京电信", "北京移动", "北京联通", "盛拓传媒"]
    t = "联盟成员包括山西振东制药、山西中医学院、石家庄以岭药业、广州香雪制药公司等国内外高校及制药企业。"
    assert names(t) == ["山西振东制药", "山西中医学院", "石家庄以岭药业", "广州香雪制药公司"]
    t = "由中科院,、清華大學,、包鋼稀土高科等17家企業,、13家科研單位發起"
    assert names(t) == ["中科院", "清華大學", "包鋼稀土高科"]
    # lists that are not of units stay as they were
    assert names("通过自愿联合、优势互补、利益共享、风险共担，形成协同创新体系。") == []
    assert names("公司主要产品包括手机、电脑、平板等。") == []
    assert names("已建国家级平台3个、省级平台12个、市级平台5个。") == []
    assert names("重点研究新材料、新能源、生物医药等方向，由广西大学牵头。") == ["广西大学"]


def test_a_signing_date_before_a_name_is_not_part_of_it():
    line = "石河子金瀚新材料有限公司（盖章）二〇二四年七月十五日喀什大学（盖章）2024年7月15日伊犁师范大学（盖章）"
    assert [u.name for u in find_units(line)] == ["石河子金瀚新材料有限公司", "喀什大学", "伊犁师范大学"]


def test_a_seal_mark_read_in_part_ends_the_name_before_it():
    from extractors.fields.signatories import signatories_in

    got = signatories_in(
        [
            "甲新材料集团股份有限公司（盖乙环保材料集团有限公司（盖章）",
            "广西大学(签字)",
            "新疆凯晟（喀什）实业有限公司（公章）",
        ]
    )
    assert got == [
        "甲新材料集团股份有限公司",
        "乙环保材料集团有限公司",
        "广西大学",
        "新疆凯晟（喀什）实业有限公司",
    ]
