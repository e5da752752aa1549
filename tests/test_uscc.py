"""统一社会信用代码 against GB 32100-2015."""

from __future__ import annotations

import pytest
from stdnum.cn import uscc as std

from extractors import uscc

VALID = ["91450108729975283M", "12450000338750044B", "52450502MJ79066566", "91500118MAX8K41G12"]


@pytest.mark.parametrize("code", VALID)
def test_valid_codes(code):
    assert uscc.is_valid(code)
    assert uscc.validate(code) == code


def test_full_width_and_spacing_are_normalised_first():
    assert uscc.compact("９１４５０１０８ ７２９９７５２８３Ｍ") == "91450108729975283M"
    assert uscc.is_valid("９１４５０１０８７２９９７５２８３Ｍ")
    assert not std.is_valid("９１４５０１０８７２９９７５２８３Ｍ")  # why we normalise before stdnum


def test_letter_authority_codes_allowed_by_the_standard():
    body = "N1530100" + "MA6K1234X"
    code = body + std.calc_check_digit(body)
    assert uscc.is_valid(code)  # 农业 (N), category 1: allowed by GB 32100-2015
    assert not std.is_valid(code)  # stdnum requires the first eight to be digits
    body2 = "Y1450100" + "MA6K1234X"
    assert uscc.is_valid(body2 + std.calc_check_digit(body2))


@pytest.mark.parametrize(
    "code,why",
    [
        ("91652301MANAMAWRXF", "check character"),
        ("9145010872997528", "16 characters"),
        ("91450108729975283I", "not allowed"),
        ("01450108729975283M", "authority"),
        ("95450108729975283M", "category"),
    ],
)
def test_invalid_codes_say_why(code, why):
    assert not uscc.is_valid(code)
    reason = uscc.why_invalid(code)
    assert reason is not None and why in reason


def test_ocr_confusable_fix_is_proposed_never_applied():
    good = "91450108729975283M"
    broken = good.replace("0", "O", 1)
    assert uscc.propose_fix(broken) == good
    assert uscc.propose_fix(good) is None
    i = good.index("8", 2)
    broken_b = good[:i] + "B" + good[i + 1 :]  # 8 read as B
    assert uscc.propose_fix(broken_b) == good


def test_registration_kind_and_division():
    assert uscc.registration_kind("91450108729975283M") == "enterprise"
    assert uscc.registration_kind("12450000338750044B") == "public_institution"
    assert uscc.registration_kind("52450502MJ79066566") == "social_body"
    assert uscc.division("91500118MAX8K41G12") == "500118"


@pytest.mark.slow
def test_a_code_ocr_reads_with_the_letter_o_is_read_as_meant_and_said_so(tmp_path):
    """A scanned line whose code OCR reads with a letter no credit code holds (O for 0) comes
    out valid, with a reader warning naming both readings; the same code typed with the letter O
    in a Word file stays as written (the applicant's error, for its flag)."""
    import io

    import docx
    from PIL import Image, ImageDraw, ImageFont

    from extractors.read import read_bytes

    bad = "91451000MARH4RFCOE"  # the letter O where the check character needs the digit 0
    assert not uscc.is_valid(bad) and uscc.is_valid(bad.replace("O", "0"))
    img = Image.new("RGB", (1400, 200), "white")
    font = ImageFont.truetype("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc", 40)
    ImageDraw.Draw(img).text((40, 70), f"统一社会信用代码：{bad}", fill="black", font=font)
    buf = io.BytesIO()
    img.save(buf, format="PNG")
    doc = read_bytes(buf.getvalue())
    assert doc.ocr_used
    assert "91451000MARH4RFC0E" in doc.text and bad not in doc.text
    assert any(bad in w and "91451000MARH4RFC0E" in w for w in doc.warnings)

    d = docx.Document()
    d.add_paragraph(f"统一社会信用代码：{bad}")
    buf = io.BytesIO()
    d.save(buf)
    typed = read_bytes(buf.getvalue())
    assert bad in typed.text and not typed.warnings
