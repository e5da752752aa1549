"""Forms of writing found in public texts about alliances and consortia and in a blind generator's
layouts: a firm whose own name is a verb to the segmenter (昌吉达成粮油), a zone's 管委会 listed in a
member table with its code before its name, a member's tier said of it in the next sentence
(该单位为牵头单位), co-leads (由甲、乙两大能源央企共同牵头), a list of the kinds of members instead
of their names, a body named for an event it holds, one unit written short and in full, a short
name in brackets after a name, a table's next section title in a scan's grid, and a signature
cell's name broken before trade words only."""

from __future__ import annotations

import docx

from extractors.extract import extract_document
from extractors.fields.legacy import fuller_forms
from extractors.fields.members import members_in_text
from extractors.read import read_bytes
from extractors.units import find_units
from models.record import Member, Source
from tests.docx_files import docx_bytes


def _record(d):
    return extract_document(read_bytes(docx_bytes(d)), Source(path="x.docx", sha256="0" * 64))


def _record_of(lines: list[str]):
    """The record of a Word file with one paragraph a line."""
    d = docx.Document()
    for line in lines:
        d.add_paragraph(line)
    return _record(d)


def test_a_firm_named_with_a_verb_keeps_its_whole_name():
    for text in ("由昌吉达成粮油股份有限公司牵头", "甲方：昌吉达成粮油股份有限公司（盖章）"):
        assert [u.name for u in find_units(text)] == ["昌吉达成粮油股份有限公司"]
    # a verb before a name that has its own words stays out of it
    assert [u.name for u in find_units("重庆携手长安汽车股份有限公司")] == ["长安汽车股份有限公司"]
    # and 现在公司 (now the company) is no name at all
    assert find_units("现在公司作为联合体牵头单位连续两年入选") == []


def test_a_short_name_in_brackets_after_a_name_is_neither_part_of_it_nor_a_unit():
    text = "国家新能源汽车技术创新中心（国创中心）作为国家共性技术创新平台牵头发起"
    assert [u.name for u in find_units(text, with_platforms=True)] == ["国家新能源汽车技术创新中心"]
    assert [u.name for u in find_units("新疆凯晟（喀什）实业有限公司")] == ["新疆凯晟（喀什）实业有限公司"]


def test_tiers_said_in_the_next_sentence_and_co_leads():
    ms = members_in_text(
        [
            "（一）昌吉锦通石化集团股份有限公司。该单位牵头单位，负责联合体总体组织协调。",
            "（二）塔里木大学。该单位在化学工程学科领域具有较强科研实力。",
            "（三）哈密嘉业能源研究院有限公司。该单位为联合体核心层单位。",
        ]
    )
    assert [(m.name, m.tier) for m in ms] == [
        ("昌吉锦通石化集团股份有限公司", "lead"),
        ("塔里木大学", "unspecified"),
        ("哈密嘉业能源研究院有限公司", "core"),
    ]
    ms = members_in_text(["由国家电网公司、南方电网公司两大能源央企共同牵头组建的中央企业新型储能创新联合体"])
    assert [(m.name, m.tier) for m in ms] == [("国家电网公司", "lead"), ("南方电网公司", "lead")]


def test_a_news_item_names_its_co_leads_and_not_the_kinds_of_members_or_an_event_host():
    d = docx.Document()
    for line in [
        "新型储能领域中央企业创新联合体组建",
        "7月30日，由国务院国资委指导、国家电网公司和南方电网公司主办的启动会在京召开。",
        "由国家电网公司、南方电网公司两大能源央企共同牵头组建的中央企业新型储能创新联合体，已布局57项任务。",
        "联合体成员主要包括了整车企业、汽车芯片企业、汽车电子供应商、高校院所、行业组织等共70余家企事业单位。",
        "在中国科学院第二十次院士大会、中国工程院第十五次院士大会上，有关负责人介绍了联合体。",
    ]:
        d.add_paragraph(line)
    rec = _record(d)
    assert sorted(rec.lead_units) == ["南方电网公司", "国家电网公司"]
    assert sorted(m.name for m in rec.members) == ["南方电网公司", "国家电网公司"]


def test_an_alliance_writing_a_member_short_and_in_full_has_it_once():
    d = docx.Document()
    d.add_paragraph("山西成立环太行山连翘产业协同创新联盟")
    d.add_paragraph("8月10日，由山西振东制药集团发起的环太行山连翘产业协同创新联盟成立。")
    d.add_paragraph("协同创新联盟成员包括山西振东制药、山西中医学院、广州香雪制药公司等高校及制药企业。")
    rec = _record(d)
    assert rec.lead_units == ["山西振东制药集团"]
    assert [m.name for m in rec.members][0] == "山西振东制药集团"
    assert "山西振东制药" not in [m.name for m in rec.members]
    ms = fuller_forms(
        [Member(name="甲科技", credit_code="91450100MA5L000000"), Member(name="甲科技有限公司")]
    )
    assert [(m.name, m.credit_code) for m in ms] == [("甲科技有限公司", "91450100MA5L000000")]


def test_a_zone_committee_in_a_member_table_with_its_code_before_its_name():
    d = docx.Document()
    d.add_paragraph("重庆市永川区创新联合体组建申请表")
    d.add_paragraph("五、成员单位在行业（或领域）中地位的简要说明")
    rows = [
        ("序号", "成员单位名称及统一社会信用代码", "在行业（或领域）中的地位，在联合体内分工"),
        ("1", "91500118MACFYD45XD重庆永川森锐机械股份有限公司", "牵头单位，负责联合体总体组织协调。"),
        ("2", "1250000002057487XW重庆大学", "核心层单位。负责基础理论研究。"),
        ("3", "115001181584024489永川高新技术产业开发区管理委员会", "紧密合作单位。负责检验检测。"),
    ]
    t = d.add_table(rows=len(rows), cols=3)
    for r, row in enumerate(rows):
        for c, v in enumerate(row):
            t.cell(r, c).text = v
    rec = _record(d)
    got = {m.name: m.credit_code for m in rec.members}
    assert got["永川高新技术产业开发区管理委员会"] == "115001181584024489"
    assert len(got) == 3


def test_a_section_title_in_a_scans_grid_ends_the_platform_table():
    """OCR's grid leaves slivers of cells beside the next section's title: the platform rows end
    there, the project and member rows after it are no platforms."""
    from models.document import Cell, ReadDocument, Table

    rows = [
        [("平台名称", 4), ("学科/产业领域", 2), ("国家/省级", 2), ("建设时间", 2), ("依托单位", 1)],
        [
            ("云南省铝业技术创新中心", 4),
            ("电气工程", 2),
            ("省级", 2),
            ("2012年8月", 2),
            ("丽江泓通冶金集团股份有限公司", 1),
        ],
        [("四、成员单位在行业（或领域）中地位的简要说明", 4), ("", 7)],
        [("序号", 1), ("单位名称", 3), ("单位类型", 1), ("层级", 2), ("统一社会信用代码", 2), ("分工", 2)],
        [
            ("1", 1),
            ("柳州睿汇汽车股份有限公司", 3),
            ("企业", 1),
            ("牵头单位", 2),
            ("91450200MAF4FD46XG", 2),
            ("负责", 2),
        ],
    ]
    cells = []
    for r, row in enumerate(rows):
        col = 0
        for text, span in row:
            cells.append(Cell(text=text, row=r, col=col, colspan=span))
            col += span
    doc = ReadDocument(
        media_type="pdf", pages=1, ocr_used=True, blocks=[Table(cells=cells, n_rows=5, n_cols=11)]
    )
    from extractors.fields.application import platform_rows

    assert [p.name for p in platform_rows(doc)] == ["云南省铝业技术创新中心"]


def test_a_signature_cells_name_broken_before_trade_words_is_joined():
    from extractors.fields.broken import _join_broken, join_broken_lines

    assert _join_broken("南宁凯拓\n动力科技股份有限公司") == "南宁凯拓动力科技股份有限公司"
    assert join_broken_lines(["南宁凯拓", "动力科技股份有限公司\t2024.3.17"])[0].startswith(
        "南宁凯拓动力科技股份有限公司"
    )
    # two whole names stay two
    assert join_broken_lines(["广西大学", "南宁凯拓动力科技股份有限公司"]) == [
        "广西大学",
        "南宁凯拓动力科技股份有限公司",
    ]


def _ocr_table(rows: list[list[str]]):
    from models.document import Cell, Provenance, ReadDocument, Table

    cells = [Cell(text=v, row=r, col=c) for r, row in enumerate(rows) for c, v in enumerate(row)]
    t = Table(
        cells=cells, n_rows=len(rows), n_cols=max(len(x) for x in rows), prov=Provenance(page=1, source="ocr")
    )
    return ReadDocument(media_type="pdf", pages=1, ocr_used=True, blocks=[t])


def test_a_wrong_code_written_over_a_page_break_is_completed_so_its_flag_says_wrong():
    from extractors.fields.member_tables import member_tables

    head = ["序号", "统一社会信用代码", "单位名称", "单位性质", "层级"]
    doc = _ocr_table(
        [
            head,
            ["1", "91450100MA30NJBY8G", "广西泽拓电气集团股份有限公司", "企业", "牵头单位"],
            ["2", "1245000082", "南宁生产力促", "社会组织", "一般协作层单"],
            head,
            ["", "5093985W", "进中心", "", "位"],
        ]
    )
    got = {m.name: m.credit_code for m in member_tables(doc)}
    assert got == {
        "广西泽拓电气集团股份有限公司": "91450100MA30NJBY8G",
        "南宁生产力促进中心": "12450000825093985W",
    }


def test_a_label_and_value_a_scans_grid_ran_into_the_cell_before():
    from extractors.fields.labels import find_fields_in_tables

    doc = _ocr_table([["联合体协议生效时间", "2024年10月29日产业领域绿色有机果蔬"], ["联系人", "张伟"]])
    found = find_fields_in_tables(doc)
    assert found["industry"].value == "绿色有机果蔬" and found["person"].value == "张伟"
    # a field with a cell of its own keeps it
    doc = _ocr_table([["产业领域", "新材料"], ["生效时间", "2024年10月29日产业领域绿色有机果蔬"]])
    assert find_fields_in_tables(doc)["industry"].value == "新材料"


def test_ocr_misreadings_of_codes_years_and_amounts():
    from extractors.fields.rd import extract_rd
    from extractors.readers.lines import lines_to_paragraphs
    from extractors.uscc import ocr_misread

    assert ocr_misread("广西师范大学 1245000049089288On") == [("1245000049089288On", "12450000490892880N")]
    rd = extract_rd(
        "牵头单位甲科技有限公司2021一2023年研发投入分别为五千九百三十七万元、六千八百三十四万元、7750万元。",
        ["甲科技有限公司"],
    )
    assert [x["year"] for x in rd["rd_expense_cny"]] == [2021, 2022, 2023]
    lines = [
        ("近三年研发投入：2021年四千三百六十三万元，2022年5366万.", (90.0, 100.0, 700.0, 112.0)),
        ("元，2023年五千八百万元。", (90.0, 116.0, 300.0, 128.0)),
    ]
    paras = lines_to_paragraphs(lines, 1, 0, 800.0, 1000.0)
    assert [p.text for p in paras] == [
        "近三年研发投入：2021年四千三百六十三万元，2022年5366万元，2023年五千八百万元。"
    ]


def test_signature_forms_a_zone_committee_and_a_letter_spaced_name():
    from extractors.fields.signatories import sealed_bodies, signatories_in

    assert sealed_bodies(["单位名称（盖章）：昌吉国家农业科技园区管理委员会"]) == [
        "昌吉国家农业科技园区管理委员会"
    ]
    assert signatories_in(
        ["四川大学（公章）二〇二四年一月三日重庆鑫升 自动化有限责任公司（公章）二〇二四年一月三日"]
    ) == [
        "四川大学",
        "重庆鑫升自动化有限责任公司",
    ]
    # a row's number before a name in the next cell is not part of it (百色 is a common noun to jieba)
    assert signatories_in(
        ["1\t广西八桂生物科技有限公司\n（盖章）\t\t2025年05月08日\n2\t百色学院\n（盖章）"]
    ) == [
        "广西八桂生物科技有限公司",
        "百色学院",
    ]
    # letter-spaced with an em space: after the firm's own word, and after its place
    assert signatories_in(["重庆鑫升\u2003自动化有限责任公司（公章）"]) == ["重庆鑫升自动化有限责任公司"]
    assert signatories_in(["二〇二四年一月三日重庆永川\u2003峰辰智能装备有限公司（公章）"]) == [
        "重庆永川峰辰智能装备有限公司"
    ]


def test_leads_named_by_a_platform_name_or_a_short_name():
    from extractors.fields.alliance import lead_in_text
    from extractors.unit_lists import complete_list

    ms = members_in_text(
        [
            "国家新能源汽车技术创新中心（国创中心）作为国家共性技术创新平台牵头发起的中国汽车芯片产业创新战略联盟成立。"
        ]
    )
    assert [(m.name, m.tier) for m in ms] == [("国家新能源汽车技术创新中心", "lead")]
    assert [m.name for m in members_in_text(["南宁华星科技有限公司国家企业技术中心牵头组织攻关。"])] == [
        "南宁华星科技有限公司"
    ]
    assert members_in_text(["协商不成的，提交牵头单位所在地仲裁委员会仲裁。"]) == []
    assert lead_in_text("长三角人工智能产业链联盟由科大讯飞发起成立。") == "科大讯飞"
    assert lead_in_text("联盟由多家龙头企业牵头组建。") is None
    t = "作为联合体的发起方，天津医科大学与红日药业等医药企业先后达成战略合作。"
    assert [u.name for u in complete_list(t, find_units(t))] == ["天津医科大学", "红日药业"]
    t = "联合体共有成员单位六家，其中企业三家、高等院校一家、科研院所一家。"
    assert complete_list(t, find_units(t)) == []


def test_a_news_item_about_a_societies_consortium_names_its_members_by_kind_groups():
    """A 联合体 that is not a 创新联合体 (学会联合体); members grouped by kind (…学会省级学会10家,
    …大学高校6所); the consortium's own name and people's posts are no members; a member named
    short takes the full name the text writes elsewhere."""
    d = docx.Document()
    for line in [
        "江苏省智能制造学会联合体主席团第一次会议成功召开",
        "江苏省智能制造学会联合体由江苏省机械工程学会牵头联合10家省级学会和高校共同发起成立，目前由8家成员单位组成，"
        "其中江苏省机械工程学会、江苏省自动化学会、江苏省复合材料学会省级学会3家，南京工程学院、东南大学高校2所，"
        "南京钢铁股份有限公司等企业3家。",
        "学院科研与技术推广处叶少平处长代表学院参加了成立大会，蔡乐才代表学校在联盟章程上签字。",
    ]:
        d.add_paragraph(line)
    rec = _record(d)
    names = [m.name for m in rec.members]
    assert rec.lead_units == ["江苏省机械工程学会"]
    assert sorted(names) == sorted(
        [
            "江苏省机械工程学会",
            "江苏省自动化学会",
            "江苏省复合材料学会",
            "南京工程学院",
            "东南大学",
            "南京钢铁股份有限公司",
        ]
    )
    assert fuller_forms(
        [Member(name="上海浦东软件园")], "理事长单位的上海浦东软件园股份有限公司总经理张素龙"
    )[0].name == ("上海浦东软件园股份有限公司")


def test_a_list_of_short_names_parted_by_commas_framed_as_firms():
    from extractors.unit_lists import complete_list

    t = "首批加入联盟的企业中, 汇聚了西南集成, 金山科技, 中航微电子, 中科渝芯等一批在集成电路产业具有一定影响力的企业."
    assert [u.name for u in complete_list(t, find_units(t))] == [
        "西南集成",
        "金山科技",
        "中航微电子",
        "中科渝芯",
    ]
    # commas between clauses that name no kind of unit are no list
    t = "会议由甲主持，乙讲话，丙总结等环节组成。"
    assert complete_list(t, find_units(t)) == []


def test_short_names_given_a_role_or_founding_after_them_and_associations_as_members():
    """News items name members short, right before their role (乙、丙同时为联盟理事单位; 丁、戊为
    副理事长单位) or the founding (由甲联合乙（股票代码）、丙发起); an association founding the
    alliance is a member, one that supports it or whose chairman speaks is not."""
    d = docx.Document()
    for line in [
        "西部储能产业创新联盟在成都成立",
        "9月3日，在四川省经济和信息化厅、四川省能源协会的大力支持下，由川能投资联合蜀道新能(600999.SH)、"
        "天府储能(301234.SZ)共同发起，40家单位携手组建的西部储能产业创新联盟在成都成立。",
        "大会推选川能投资为联盟理事长单位，蜀道新能、天府储能、锦江电池、成电储能为副理事长单位。",
        "锦江集团为联盟创始成员，旗下锦江电池、锦江材料同时为联盟理事单位。",
        "成都市储能行业协会、四川大学联合发起了首批示范项目征集。",
        "四川省能源协会理事长王平表示，联盟将推动储能产业高质量发展。",
    ]:
        d.add_paragraph(line)
    names = {m.name for m in _record(d).members}
    for want in (
        "蜀道新能",
        "天府储能",
        "锦江电池",
        "成电储能",
        "锦江集团",
        "锦江材料",
        "成都市储能行业协会",
        "四川大学",
    ):
        assert want in names, want
    # the supporters, named only as supporters or by their chairman's post
    assert not names & {"四川省能源协会", "四川省经济和信息化厅"}


def test_the_lead_is_the_one_joined_by_others_or_named_right_after_its_role():
    from extractors.fields.alliance import lead_in_text
    from extractors.unit_lists import predicate_lists

    # a unit elected to the lead's role, named short and alone: the election vouches for it
    text = "大会选举蜀南新能为西部储能产业创新联盟理事长单位，锦江电池、成电储能为副理事长单位"
    assert lead_in_text(text) == "蜀南新能"
    assert [u.name for u in predicate_lists(text)] == ["蜀南新能", "锦江电池", "成电储能"]
    assert lead_in_text("大会选举张三为联盟理事长") is None  # a person's role, not a unit's

    assert lead_in_text("由川能投资集团有限公司联合蜀道新能(600999.SH)、天府储能发起，40家单位携手组建") == (
        "川能投资集团有限公司"
    )
    assert lead_in_text("图：联盟理事长单位四川锦江电池有限公司的生产车间") == "四川锦江电池有限公司"
    # two founders joined by 和 before 联合: no one of them leads; a vice-chair is no lead
    assert lead_in_text("由四川大学和西南交通大学联合发起") is None
    assert lead_in_text("副理事长单位四川锦江电池有限公司的代表发言") is None


def test_hosts_of_the_founding_meeting_and_counts_of_groups_are_no_members():
    """The bodies that host the founding meeting (甲主办，乙及丙承办的成立大会) and a count of
    groups (两大集团所属单位) are named in news items beside the members, and are none."""
    d = docx.Document()
    for line in [
        "西南先进材料创新联盟成立",
        "5月9日，由西南材料科学研究院主办，成都材料检测中心及蜀南新材料实验室承办的西南先进材料创新联盟成立大会召开。",
        "联盟理事单位共30家，包括能源两大集团所属相关单位和四川大学、重庆大学等，西南材料科学研究院为理事长单位。",
    ]:
        d.add_paragraph(line)
    names = {m.name for m in _record(d).members}
    assert {"四川大学", "重庆大学"} <= names
    assert not any("两大集团" in n or "检测中心" in n or "实验室" in n for n in names), names


def test_the_consortium_word_before_its_lead_is_no_part_of_the_leads_name():
    # the segmenter cuts 联合体 | 由云 | 南岳 …: 联合体 ends the name's left side
    assert [u.name for u in find_units("本联合体由云南岳嵘冷链科技有限公司牵头组建。")] == [
        "云南岳嵘冷链科技有限公司"
    ]
    assert [u.name for u in find_units("联合体由云南岳嵘冷链科技有限公司牵头")] == [
        "云南岳嵘冷链科技有限公司"
    ]


def test_a_spun_copys_pinyin_readings_are_no_part_of_the_names_and_are_said_left_out():
    """Content farms insert a character's reading after it (產(chǎn)業); names are read without
    them, in the script the text writes, and the record says readings were left out."""
    rec = _record_of(
        [
            "西江新材料產(chǎn)業(yè)聯(lián)盟在梧州成立",
            "由廣西華遠新材料股份有限公司牽頭，聯合桂林灕(lí)江化工有限公司、梧州興(xīng)業鋁材有限公司"
            "等8家單位共同發起成立西江新材料產(chǎn)業(yè)聯(lián)盟。",
        ]
    )
    names = {m.name for m in rec.members}
    assert {"桂林灕江化工有限公司", "梧州興業鋁材有限公司", "廣西華遠新材料股份有限公司"} <= names, names
    assert rec.extra.get("pinyin_readings_left_out") is True
    assert not any("(" in n for n in names)


def test_lists_of_fields_or_of_clauses_before_a_comma_are_no_members():
    """A list's items stay inside their comma's clause (为响应甲、推动乙，自某年起，丙、丁等发起):
    the aims before the comma are no names. The fields members come from (由来自甲、乙…等企业
    发起) and a count of bodies (十个国家级学会) are none either; 高等院校's 等 ends no list."""
    names = {
        m.name
        for m in _record_of(
            [
                "西南医药产业链创新联盟成立",
                "为积极响应健康中国战略、推动医药产业转型升级、高质量发展，自2022年3月起，《西南药学》编委会、"
                "四川省药理学会、重庆市化学制药行业协会、贵州省药品检验研究会等八个省级学会发起成立西南医药产业链创新联盟。",
                "联盟由来自生物制药、医疗器械、中药材种植、医药流通和健康服务等医药龙头企业、高校和研究院所共同发起成立。",
                "联盟由成渝两地的创新药物、高端制剂、医学影像、康复辅具4个产业的相关企业、高等院校、科研院所组成。",
            ]
        ).members
    }
    assert {
        "《西南药学》编委会",
        "四川省药理学会",
        "重庆市化学制药行业协会",
        "贵州省药品检验研究会",
    } <= names, names
    for wrong in ("积极响应健康中国战略", "八个省级学会", "生物制药", "医疗器械", "创新药物", "高端制剂"):
        assert not any(wrong in n for n in names), (wrong, names)


def test_alliances_listed_as_members_and_a_parent_or_a_news_source_as_none():
    """An alliance whose members include other alliances (成员单位包括：甲联盟、乙联盟…) lists
    them as members; alliances named beside it as also approved are not. A unit named as the
    parent of the one meant (甲集团旗下乙公司) or as the item's source (消息来源：甲) is no member."""
    names = {
        m.name
        for m in _record_of(
            [
                "滇中生物医药成果转化联盟揭牌",
                "由云南白云药业集团牵头成立的滇中生物医药成果转化联盟在昆明揭牌。",
                "该联盟成员单位包括：云南中药材产业技术创新战略联盟、昆明创新药物产学研协同创新联盟、"
                "昆明医用材料产学研协同创新联盟等单位。",
                "同批获准组建的还有“云南省咖啡产业技术创新战略联盟”、“云南省花卉产业技术创新战略联盟”等12个联盟。",
                "滇池科技集团旗下昆明滇池园区运营管理有限公司当选副理事长单位。",
                "（消息来源：滇池科技集团有限公司）",
            ]
        ).members
    }
    assert {
        "云南中药材产业技术创新战略联盟",
        "昆明创新药物产学研协同创新联盟",
        "昆明医用材料产学研协同创新联盟",
        "昆明滇池园区运营管理有限公司",
    } <= names, names
    for wrong in (
        "云南省咖啡产业技术创新战略联盟",
        "云南省花卉产业技术创新战略联盟",
        "滇池科技集团",
        "滇池科技集团有限公司",
    ):
        assert wrong not in names, (wrong, names)
    assert "滇中生物医药成果转化联盟" not in names


def test_a_list_ends_where_words_follow_a_name_and_one_more_member_after_it():
    """甲协会本着自愿、平等、合作的原则: the principles are no names. After a member list, one
    more unit framed as such (…等单位，以及药明康德等行业一流企业) is a member."""
    names = {
        m.name
        for m in _record_of(
            [
                "黔南中药材产业技术创新战略联盟协议书",
                "黔南康源药业有限责任公司、贵州民族大学、都匀市中药材行业协会本着自愿、平等、合作的原则，共同发起成立联盟。",
                "联盟成员单位包括：黔南康源药业有限责任公司、贵州民族大学等单位，以及苗岭本草等行业一流企业。",
            ]
        ).members
    }
    assert {"黔南康源药业有限责任公司", "贵州民族大学", "都匀市中药材行业协会", "苗岭本草"} <= names, names
    assert not names & {"平等", "合作的原则", "自愿"}, names


def test_japanese_firms_levels_of_bodies_and_the_verb_before_a_name():
    assert [u.name for u in find_units("大会选举安川电机株式会社为理事长单位")] == ["安川电机株式会社"]
    assert [u.kind for u in find_units("安川电机株式会社")] == ["enterprise"]
    # bodies of a level (长三角地区国家级（省级）学会) are a kind of body, no name
    assert find_units("集聚长三角地区国家级(省级)学会、企业科协的院士专家") == []
    assert [u.name for u in find_units("广西科技大学和国家级重点实验室")] == ["广西科技大学"]


def test_leads_the_one_others_join_with_xieshou_or_the_one_a_consortium_is_named_after():
    from extractors.fields.alliance import lead_in_text

    assert (
        lead_in_text(
            "据悉，全球领先的新能源企业天府锂电科技有限公司，携手西部能源研究中心、巴蜀材料研究所联合发起成立。"
        )
        == "天府锂电科技有限公司"
    )
    rec = _record_of(
        [
            "又一家创新联合体成立",
            "8月26日，攀西钒钛集团创新联合体成立大会在攀枝花召开，国内16家高校、8家科研院所的专家出席。",
            "攀西钒钛集团董事长在讲话中表示，联合体将攻克关键核心技术。",
        ]
    )
    assert rec.lead_units == ["攀西钒钛集团"], (rec.lead_units, rec.consortium_name)


def test_the_founders_of_another_body_told_in_passing_are_no_members():
    """A news item tells who founded the body that hosts the meeting (乙促进会是经国务院批准，由
    甲部、丙院等共同发起成立的); they founded that body, not the alliance."""
    names = {
        m.name
        for m in _record_of(
            [
                "华中校企协同创新联盟年会召开",
                "年会由华中产学研合作促进会主办，武汉理工大学当选华中校企协同创新联盟常务理事单位。",
                "华中产学研合作促进会是经湖北省人民政府批准，由湖北省发改委、湖北省教育厅、武汉光谷科技发展有限公司、"
                "华中科学技术研究院等相关单位共同发起成立的社会团体。",
            ]
        ).members
    }
    assert "武汉理工大学" in names, names
    assert not names & {"武汉光谷科技发展有限公司", "华中科学技术研究院"}, names


def test_a_city_jieba_tags_as_a_word_of_another_kind_opens_a_name():
    """jieba's dictionary tags 大连 as an adverb and 包头 as a verb; their 市 say they are
    places, and a university or a company named after them is a name."""
    assert [u.name for u in find_units("由大连大学发起")] == ["大连大学"]
    assert [u.name for u in find_units("包头稀土研究院、开封大学等单位参加")] == [
        "包头稀土研究院",
        "开封大学",
    ]


def test_a_news_items_byline_is_no_part_of_the_name_after_it():
    text = "新华社武汉3月2日电（记者王五）长江船舶科技有限公司牵头组建的长江航运创新联合体今天成立"
    assert [u.name for u in find_units(text)] == ["长江船舶科技有限公司"]


def test_one_unit_that_founds_the_alliance_alone_leads_it():
    """The one unit opening its clause that founds the alliance (甲公司发起设立的乙联盟, a headline
    甲大学牵头组建“乙联盟”), by its full name or short; a lead written short that takes on the
    理事长单位 of the first council; each short name stands for the member it abbreviates."""
    cases = [
        (
            [
                "滇池大学牵头组建“云南高原特色农业产业技术创新战略联盟”",
                "近日，云南高原特色农业产业技术创新战略联盟在昆明揭牌，成员单位包括滇池大学、云南红土农业科技有限公司、"
                "昆明花卉研究所等12家单位。",
            ],
            "滇池大学",
        ),
        (
            [
                "新华社成都5月8日电（记者赵六）天府动力集团有限公司发起设立的成渝氢能创新联盟8日在成都成立。",
                "联盟首批成员有天府动力集团有限公司、西南石油大学、成都燃气研究院有限公司等。",
            ],
            "天府动力集团有限公司",
        ),
        (
            [
                "湘江新型储能产业联盟成立",
                "该联盟由湘江储能研究院有限责任公司、湖南理工学院、株洲电池股份有限公司等6家单位共同发起成立。"
                "湘江储能院担任联盟第一届理事会理事长单位。",
            ],
            "湘江储能研究院有限责任公司",
        ),
    ]
    for lines, lead in cases:
        assert _record_of(lines).lead_units == [lead], lines[0]
    # several founders together lead none of them
    rec = _record_of(
        ["甲联盟成立", "湘江储能研究院有限责任公司、湖南理工学院等发起成立湘江新型储能产业联盟。"]
    )
    assert rec.lead_units == [], rec.lead_units


def test_an_alliances_own_committees_are_no_units_and_a_list_after_还有_starts_at_its_name():
    """The alliance's own committees (电池专业委员会：甲公司、乙公司) head the members they group,
    and are none; a society's committee is a unit. A list after 还有 / 已有 starts at its first name;
    a university's medical school (医学部) is a unit of its own, apart from the next after 和."""
    text = "联盟设立两个专业委员会，储能专业委员会：华北电力装备有限公司、燕赵储能科技有限公司；标准化工作委员会：冀中检测研究院。"
    assert [u.name for u in find_units(text)] == [
        "华北电力装备有限公司",
        "燕赵储能科技有限公司",
        "冀中检测研究院",
    ]
    assert [u.name for u in find_units("成员有中国电工技术学会储能专业委员会、燕赵储能科技有限公司")] == [
        "中国电工技术学会储能专业委员会",
        "燕赵储能科技有限公司",
    ]
    text = "目前，还有复旦大学、吉林大学白求恩医学部和香港理工大学等12所高校加盟。"
    assert [u.name for u in find_units(text)] == ["复旦大学", "吉林大学白求恩医学部", "香港理工大学"]


def test_a_kind_of_firm_in_trade_words_is_no_name():
    text = "国际成员有莱茵冶金集团等企业，以及北海工业大学等科研院所和工程技术公司。"
    assert [u.name for u in find_units(text)] == ["莱茵冶金集团", "北海工业大学"]


def test_the_lead_the_others_join_and_the_lead_elected_for_the_first_term():
    from extractors.fields.alliance import lead_in_text

    text = "它是由闽南理工大学携手福建省光电企业、高校、科研院所、行业协会等机构成立的。"
    assert lead_in_text(text) == "闽南理工大学"
    text = "30家成员单位代表讨论通过了《联盟章程》，选举南方电力集团有限公司为首届理事长单位，理事单位初步定为12家。"
    assert lead_in_text(text) == "南方电力集团有限公司"
    # 等 ends a list: the trade words after it are no firm's name
    assert find_units("联盟还将引进汉能等集团企业合作建设项目") == []


def test_the_unit_others_join_to_found_the_alliance_leads_unless_a_sentence_names_the_lead():
    from extractors.fields.alliance import lead_in_text

    text = "日前，黔南农业大学联合贵州茶叶研究所、都匀毛尖茶业有限公司等21家单位，共同成立黔南茶产业协同创新联盟。"
    assert lead_in_text(text) == "黔南农业大学"
    # joined to found something else: no lead of the alliance
    assert lead_in_text("黔南农业大学联合都匀毛尖茶业有限公司成立联合实验室。") is None
    # a sentence naming the lead outright outranks a founder
    text = "都匀毛尖茶业有限公司发起成立本联盟。\n联盟理事长单位由黔南农业大学担任。"
    assert lead_in_text(text) == "黔南农业大学"


def test_a_venue_and_the_head_of_the_alliances_name_are_no_members():
    names = {
        m.name
        for m in _record_of(
            [
                "江淮应急物资保障中心协同创新联盟成立",
                "联盟成立大会在合肥滨湖国际会展中心隆重举行，成员单位包括合肥工业大学、安徽应急装备有限公司等。",
            ]
        ).members
    }
    assert names == {"合肥工业大学", "安徽应急装备有限公司"}, names


def test_hosts_supporters_named_in_a_chain_of_clauses_and_a_body_described_are_no_members():
    names = {
        m.name
        for m in _record_of(
            [
                "淮河产学研创新联盟年会召开",
                "年会由淮河科技合作促进会主办，安徽省政协教科卫体委员会支持，淮南软件园和淮河产学研创新联盟共同承办。",
                "会上，淮南矿业大学、皖北煤电集团有限公司当选淮河产学研创新联盟常务理事单位。",
                "淮河科技合作促进会是经安徽省人民政府批准，由安徽省发改委、安徽省教育厅等共同发起成立的社会团体。",
            ]
        ).members
    }
    assert names == {"淮南矿业大学", "皖北煤电集团有限公司"}, names
