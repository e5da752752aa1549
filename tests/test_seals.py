"""Official seals on scanned signature pages, built here with PIL (samples/seals.py draws seals like
real ones: the name along the arc, star or none, 合同专用章, the number along the lower arc,
turned, unevenly inked, round or oval): red ink separated from the black text under it, seals
found and read, each matched to the unit whose entry it is stamped over."""

from __future__ import annotations

import io
import random
from collections.abc import Sequence

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFilter

from extractors.fields.seals import check_seals, clean_reading, fit, reading_of
from extractors.readers import seals as S
from samples.seals import SealStyle, draw_seal, font, seal_box, stamp

DPI = 200
A4 = (int(210 / 25.4 * DPI), int(297 / 25.4 * DPI))


def _jpeg(page: Image.Image, quality: int = 85) -> Image.Image:
    """Through JPEG and back (colour at half resolution, as scanners and phones store it)."""
    buf = io.BytesIO()
    page.save(buf, format="JPEG", quality=quality)
    return Image.open(io.BytesIO(buf.getvalue())).convert("RGB")


def _bgr(page: Image.Image) -> np.ndarray:
    return np.asarray(page.convert("RGB"))[..., ::-1].copy()


def sealed_page(
    entries: Sequence[tuple[str, str | None, SealStyle | None]],
    seed: int = 0,
    offsets: bool = True,
) -> tuple[Image.Image, dict[str, tuple[float, float, float, float]]]:
    """A signature page: per entry a line `名称（盖章）` and a signature line, and over it the seal
    of the unit named second (None: no seal); the seals' boxes in pixels by entry name."""
    rng = random.Random(seed)
    page = Image.new("RGB", A4, (246, 244, 238))
    d = ImageDraw.Draw(page)
    f = font(36)
    d.text((A4[0] // 2, 200), "签章页", fill=(25, 25, 25), font=font(48), anchor="mm")
    boxes: dict[str, tuple[float, float, float, float]] = {}
    y = 330
    for name, seal_name, style in entries:
        d.text((220, y), f"{name}（盖章）", fill=(20, 20, 20), font=f)
        d.text((240, y + 70), "法定代表人或授权代表（签字）：", fill=(20, 20, 20), font=f)
        if seal_name and style:
            seal = draw_seal(seal_name, style, DPI)
            dx = rng.uniform(-90, 90) if offsets else 0.0
            dy = rng.uniform(-40, 40) if offsets else 0.0
            centre = (560 + dx, y + 40 + dy)
            page = stamp(page, seal, centre)
            d = ImageDraw.Draw(page)
            boxes[name] = seal_box(seal, centre)
        y += 340
    page = page.filter(ImageFilter.GaussianBlur(0.5))
    return _jpeg(page), boxes


STYLES = {
    "plain": SealStyle(rotation=0, seed=1),
    "turned": SealStyle(rotation=22, contract=True, number="4501002345678", faint=0.3, seed=2),
    "no_star": SealStyle(star=False, rotation=-18, bold=1, seed=3),
    "oval": SealStyle(width_mm=45, height_mm=30, contract=True, rotation=7, seed=4),
    "faint": SealStyle(rotation=-8, faint=0.75, number="1234567890123", seed=5),
    "double": SealStyle(double_ring=True, rotation=14, squeeze=0.9, seed=6),
}


# --------------------------------------------------------------------------- finding, no OCR
@pytest.mark.parametrize("kind", list(STYLES))
def test_each_kind_of_seal_is_found_where_it_was_stamped(kind):
    page, boxes = sealed_page([("广西海洋装备技术研究所", "广西海洋装备技术研究所", STYLES[kind])], seed=3)
    bgr = _bgr(page)
    rings = S.find_rings(bgr, S.redness(bgr))
    assert len(rings) == 1, rings
    x0, y0, x1, y1 = boxes["广西海洋装备技术研究所"]
    r = rings[0]
    assert abs(r.cx - (x0 + x1) / 2) < 0.06 * (x1 - x0)
    assert abs(r.cy - (y0 + y1) / 2) < 0.06 * (y1 - y0)
    assert abs(2 * r.radius - max(x1 - x0, y1 - y0)) < 0.12 * max(x1 - x0, y1 - y0)
    assert r.oval == (kind == "oval")


def test_overlapping_seals_are_two_and_red_text_is_none():
    entries = [
        ("玉林朗润海工装备有限公司", "玉林朗润海工装备有限公司", STYLES["turned"]),
        ("北部湾大学", "北部湾大学", STYLES["no_star"]),
    ]
    page, _ = sealed_page(entries, offsets=False)
    # a second seal half over the first one, and a red heading (red text is not a seal)
    page = stamp(page, draw_seal("贺州弘毅港机有限公司", STYLES["plain"], DPI), (760, 620))
    ImageDraw.Draw(page).text((300, 1900), "红头文件：联合体成员单位签署", fill=(210, 30, 30), font=font(60))
    bgr = _bgr(_jpeg(page))
    rings = S.find_rings(bgr, S.redness(bgr))
    assert len(rings) == 3


def test_grey_scan_has_no_colour_and_no_seals():
    page, _ = sealed_page([("四川大学", "四川大学", STYLES["plain"])])
    grey = page.convert("L").convert("RGB")
    bgr = _bgr(grey)
    assert not S.is_colour(bgr) and not S.has_red(bgr)
    assert S.is_colour(_bgr(page)) and S.has_red(_bgr(page))


def test_red_ink_becomes_paper_and_black_ink_under_it_stays():
    page = Image.new("RGB", (900, 900), (245, 243, 238))
    ImageDraw.Draw(page).rectangle([100, 430, 800, 470], fill=(15, 15, 15))  # a black stroke
    sealed = _jpeg(stamp(page, draw_seal("四川大学", SealStyle(seed=9), DPI), (450, 450)))
    bgr = _bgr(sealed)
    out = S.separate(bgr, S.redness(bgr))
    gray = out[..., 1].astype(int)
    red = S.redness(bgr) > S.INK
    red[400:520] = False  # away from the black stroke
    assert red.sum() > 2000 and gray[red].mean() > 200, "seal ink over paper becomes paper"
    assert gray[450, 300] < 90, "black ink under the seal stays dark"
    assert gray[450, 150] < 90
    assert np.abs(out.astype(int) - bgr.astype(int))[:, :60].max() < 4, "the page away from red is untouched"


# --------------------------------------------------------------------------- matching, no OCR
def _choices(text: str, noise: dict[int, tuple[str, float]] | None = None) -> list[list[tuple[str, float]]]:
    """A recogniser's output for `text`: two steps per character (character, then nothing); the
    character at index i read as noise[i] = (character, confidence) instead, the right one among
    the other choices when that confidence is low."""
    out = []
    for i, ch in enumerate(text):
        if noise and i in noise:
            wrong, p = noise[i]
            out.append(
                [(wrong, p), (ch, round((1 - p) * 0.6, 3)), ("", 0.01)]
                if p < 0.8
                else [(wrong, p), ("", 0.01)]
            )
        else:
            out.append([(ch, 0.995), ("", 0.002)])
        out.append([("", 0.99), (ch, 0.005)])
    return out


def _judge(text, name, noise=None, names=()):
    from extractors.fields.seals import _judge as judge
    from models.document import Seal

    seal = Seal(bbox=(0, 0, 10, 10), text=text, confidence=0.9, choices=_choices(text, noise))
    return judge(seal, name, [name, *names])


def test_a_seal_read_with_gaps_and_unsure_characters_is_still_the_units():
    name = "克拉玛依丰瑞农业集团有限公司"
    # three characters lost under black text, two misread unsurely with the right one as a choice
    assert fit(reading_of(_choices("克拉依瑞农集团有限公司", {1: ("抗", 0.4), 4: ("衣", 0.6)})), name).fits
    assert _judge("克拉依瑞农集团有限公司", name, {1: ("抗", 0.4)})[0] == "ok"
    assert _judge("北部湾学", "北部湾大学")[0] == "ok"
    # 合同专用章 and the number read along: the name alone
    assert _judge("合同专用章哈密天华投资股份有限公司4501", "哈密天华投资股份有限公司")[0] == "ok"


def test_a_parent_companys_or_another_members_seal_is_a_mismatch():
    unit = "重庆永川北辰电子材料股份有限公司"
    verdict, against, other = _judge("重庆永川北辰集团有限公司", unit)
    assert verdict == "mismatch" and other is None and against >= 3
    members = ["玉林朗润海工装备有限公司", "崇左联创港机有限公司"]
    verdict, _, other = _judge("玉林朗润海工装备有限公司", "崇左联创港机有限公司", names=members)
    assert (verdict, other) == ("mismatch", "玉林朗润海工装备有限公司")
    # too little read to say: a person looks
    assert _judge("北", "北京科技大学")[0] == "unclear"
    # only the end of the unit's own name read (the rest of the arc lost under a neighbour's
    # seal): nothing in it is another name's, a person looks
    assert _judge("限责任公司", "新疆岳川风电有限责任公司")[0] == "unclear"
    # a stranger's name clearly read is still another's
    assert _judge("北京华信科技有限公司", "新疆岳川风电有限责任公司")[0] == "mismatch"
    # the parent's seal read with 团 unsure (the right character among the choices): still 集团
    verdict, _, _ = _judge("重庆永川北辰集团有限公司", unit, {7: ("因", 0.4)})
    assert verdict == "mismatch"


def test_reading_drops_what_is_not_the_name():
    r = reading_of(_choices("合同专用章哈密天华投资股份有限公司123"))
    assert "".join(x.char for x in r) == "哈密天华投资股份有限公司"
    assert clean_reading("哈密天华投资股份有限公司合同专用章123") == "哈密天华投资股份有限公司"


# --------------------------------------------------------------------------- reading (OCR)
def _read(page: Image.Image):
    from extractors.readers.image_reader import read_image

    buf = io.BytesIO()
    page.save(buf, format="JPEG", quality=90)
    return read_image(buf.getvalue())


@pytest.mark.slow
def test_signature_page_read_through_seals_and_every_seal_judged():
    names = [
        "玉林汇通海洋工程有限公司",  # its own seal, turned, 合同专用章 and number
        "北部湾大学",  # its own seal, no star
        "广西海洋装备技术研究所",  # its own oval contract seal
        "贺州弘毅港机有限公司",  # no seal at all
        "崇左联创港机有限公司",  # another member's seal over its entry
        "重庆永川北辰电子材料股份有限公司",  # its parent company's seal
    ]
    entries = [
        (names[0], names[0], STYLES["turned"]),
        (names[1], names[1], STYLES["no_star"]),
        (names[2], names[2], STYLES["oval"]),
        (names[3], None, None),
        (names[4], names[0], STYLES["faint"]),
        (names[5], "重庆永川北辰集团有限公司", STYLES["double"]),
    ]
    page, boxes = sealed_page(entries, seed=7)
    doc = _read(page)
    text = "".join(b.text for b in doc.blocks)
    for n in names:
        assert f"{n}（盖章）" in text.replace("(", "（").replace(")", "）"), n
    assert "合同专用章" not in text and "北辰集团" not in text, "the seals' own text stays out"
    assert doc.ocr_colour == {1: True} and len(doc.seals) == 5
    check = check_seals(doc, names, names)
    verdicts = {u.unit: u.verdict for u in check.units}
    assert verdicts == {
        names[0]: "ok",
        names[1]: "ok",
        names[2]: "ok",
        names[3]: "missing",
        names[4]: "mismatch",
        names[5]: "mismatch",
    }
    mismatch = next(u for u in check.units if u.unit == names[4])
    assert mismatch.other == names[0]
    # the contract's facts: unit, text, page, box as page fractions over the stamped seal
    by_unit = {s["unit"]: s for s in check.seals}
    assert set(by_unit) == {names[0], names[1], names[2], names[4], names[5]}
    w, h = page.size
    for unit, s in by_unit.items():
        x0, y0, x1, y1 = boxes[unit]
        fx = [x0 / w, y0 / h, x1 / w, y1 / h]
        assert all(abs(a - b) < 0.02 for a, b in zip(s["bbox"], fx)), (unit, s["bbox"], fx)
        assert s["page"] == 1
    assert by_unit[names[1]]["text"] == "北部湾大学"


def test_seal_check_knows_what_it_cannot_see():
    """A Word agreement carries no seals; a grey scan can't show red; a unit whose entry sits on a
    grey page of a partly colour scan is left to a person, not called missing."""
    from models.document import Paragraph, Provenance, ReadDocument

    def para(text, page, y):
        return Paragraph(text=text, prov=Provenance(page=page, bbox=(100, y, 900, y + 40), source="ocr"))

    word = ReadDocument(media_type="docx", blocks=[Paragraph(text="甲公司（盖章）")])
    assert check_seals(word, ["甲科技有限公司"], []).status == "not_scanned"
    blocks = [para("甲科技有限公司（盖章）", 1, 300), para("乙大学（盖章）", 2, 300)]
    sizes = {1: (1654.0, 2339.0), 2: (1654.0, 2339.0)}
    grey = ReadDocument(
        media_type="pdf", ocr_used=True, blocks=blocks, page_sizes=sizes, ocr_colour={1: False, 2: False}
    )
    assert check_seals(grey, ["甲科技有限公司", "乙大学"], []).status == "no_colour"
    part = grey.model_copy(update={"ocr_colour": {1: False, 2: True}})
    check = check_seals(part, ["甲科技有限公司", "乙大学"], [])
    assert check.status == "checked" and check.seals == []
    assert {u.unit: u.verdict for u in check.units} == {"甲科技有限公司": "grey", "乙大学": "missing"}


def test_a_seal_read_from_the_middle_of_its_name_is_still_the_units():
    """A seal's arc has no start: turned, it is read from inside the name (有限公司云南…集团)."""
    from extractors.fields.seals import Read, _best_fit

    def reading(s: str) -> list:
        return [Read(c, 0.95, {}) for c in s]

    turned = reading("有限公司南明汇科技复团")  # 云 lost, 集 misread as 复
    own = _best_fit([turned], "云南明汇科技（集团）有限公司")
    assert own.fits and own.matched >= 10
    assert not _best_fit([turned], "云南华峰新材料有限公司").fits


def test_red_ink_of_a_seals_size_that_no_ring_explains_is_a_weak_ring():
    """A seal stamped faintly between two others (only a third of its rim inked): what no ring
    accounts for is kept as a weak ring (support 0), so the check asks a person to look instead
    of calling the seal missing; a line of red text is never one."""
    import cv2

    page = np.full((2339, 1654, 3), 245, np.uint8)
    r = int(42 / 25.4 * 200 / 2)  # a 42 mm seal at 200 dpi
    for cy in (500, 1300):
        cv2.circle(page, (800, cy), r, (40, 40, 225), 9)
    cv2.ellipse(page, (800, 900), (r, r), 0, 190, 300, (40, 40, 225), 9)  # a faint seal's arc
    cv2.putText(page, "RED HEADING TEXT", (200, 2100), cv2.FONT_HERSHEY_SIMPLEX, 2.0, (40, 40, 225), 5)
    rings = S.find_rings(page, S.redness(page))
    strong = [x for x in rings if x.support >= S.MIN_RIM_SUPPORT]
    weak = [x for x in rings if x.support < S.MIN_RIM_SUPPORT]
    assert len(strong) == 2
    assert len(weak) == 1 and abs(weak[0].cx - 800) < r and abs(weak[0].cy - 900) < 1.2 * r


def test_a_seal_nearer_the_neighbours_name_but_reading_as_the_unit_is_the_units():
    """Two entries close together: both seals nearest the first name, the second reading as the
    second unit. The second unit has its seal; nobody is told a seal is missing."""
    from extractors.fields.seals import _give_back
    from models.document import Seal, SealWord

    a, b = "新疆某某林果集团有限公司", "新疆特色产业协会"
    near = [SealWord(text=a, bbox=(100, 100, 400, 130)), SealWord(text=b, bbox=(100, 330, 300, 360))]
    sa = Seal(bbox=(150, 40, 350, 240), text=a, confidence=0.9, choices=_choices(a), near=near)
    sb = Seal(bbox=(150, 150, 350, 350), text=b, confidence=0.9, choices=_choices(b), near=near)
    owner: list[str | None] = [a, a]
    _give_back([sa, sb], owner, [a, b], [a, b])
    assert owner == [a, b]
    # a seal that reads as neither is left where it stands
    sc = Seal(
        bbox=(150, 150, 350, 350),
        text="哈密某某有限公司",
        confidence=0.9,
        choices=_choices("哈密某某有限公司"),
        near=near,
    )
    owner = [a, a]
    _give_back([sa, sc], owner, [a, b], [a, b])
    assert owner == [a, a]


def test_seals_are_read_beside_the_page_unless_the_reader_has_one_core(monkeypatch):
    """A page's seals are found and read in a thread of their own while the page's text is
    recognised; a reader given a single core (one of several readers on the machine) does it at
    once, in its own thread."""
    import threading

    import numpy as np

    from extractors.readers import seal_reading, seals

    where: list[str] = []

    def rings(image, red):
        where.append(threading.current_thread().name)
        return []

    monkeypatch.setattr(seals, "find_rings", rings)
    page = np.full((200, 100, 3), 255, np.uint8)
    red = seals.redness(page)
    monkeypatch.delenv("INTAKE_OCR_THREADS", raising=False)
    assert seal_reading.prepare_seals(page, red).result() == ([], [])
    monkeypatch.setenv("INTAKE_OCR_THREADS", "1")
    assert seal_reading.prepare_seals(page, red).result() == ([], [])
    assert where[0].startswith("seals") and where[1] == threading.current_thread().name


def test_the_seals_recogniser_is_first_used_on_the_thread_that_starts_the_seals(monkeypatch):
    """The inference engine's Python binding sets up its NumPy interface on first use; the page's
    detection and the seals' first line doing that at once left a reader deadlocked. So the seals'
    recogniser is made, and run once, on the page's thread before the seals' own thread starts."""
    import threading

    import numpy as np

    from extractors.readers import ocr_engine, seal_reading, seals

    first_use: list[str] = []
    padded = ocr_engine._padded

    def watched(rec, floor=320):
        run = rec.session

        def session(x):
            first_use.append(threading.current_thread().name)
            return run(x)

        rec.session = session
        return padded(rec, floor)

    monkeypatch.setattr(ocr_engine, "_padded", watched)
    monkeypatch.setattr(ocr_engine, "_SEAL_REC", {})
    monkeypatch.setattr(seal_reading, "_PREPARING", {})
    monkeypatch.setattr(seals, "find_rings", lambda image, red: [])
    monkeypatch.delenv("INTAKE_OCR_THREADS", raising=False)
    page = np.full((200, 100, 3), 255, np.uint8)
    assert seal_reading.prepare_seals(page, seals.redness(page)).result() == ([], [])
    assert first_use[:1] == [threading.current_thread().name], first_use
