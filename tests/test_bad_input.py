"""Bad input gets a typed error, which becomes an `unreadable` record with an UNREADABLE flag,
and the batch goes on. No file here makes a reader raise past its own error type."""

from __future__ import annotations

import functools
import io
import json
import zipfile
from collections.abc import Callable

import pytest

from extractors.errors import CorruptFile, EmptyFile, EncryptedFile, ReadError, TooLarge, UnsupportedType
from extractors.limits import Limits
from extractors.read import read_bytes
from pipeline.documents import process_bytes
from pipeline.run import run_batch


def _docx_bytes() -> bytes:
    import docx

    d = docx.Document()
    d.add_paragraph("组建协议")
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


@functools.lru_cache(maxsize=1)
def _zip_bomb() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", b"<" + b"a" * (400 * 1024 * 1024) + b"/>")
    return buf.getvalue()


def _encrypted_pdf() -> bytes:
    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    c = canvas.Canvas(buf, encrypt="secret")
    c.drawString(100, 700, "confidential")
    c.save()
    return buf.getvalue()


def _many_pages_pdf(n: int) -> bytes:
    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    c = canvas.Canvas(buf)
    for i in range(n):
        c.drawString(100, 700, f"page {i}")
        c.showPage()
    c.save()
    return buf.getvalue()


def _png_bomb() -> bytes:
    from PIL import Image

    buf = io.BytesIO()
    Image.new("1", (12000, 12000)).save(buf, format="PNG")
    return buf.getvalue()


CASES: dict[str, tuple[Callable[[], bytes], type[ReadError]]] = {
    "empty.docx": (lambda: b"", EmptyFile),
    "truncated.docx": (lambda: _docx_bytes()[:3000], CorruptFile),
    "bomb.docx": (_zip_bomb, TooLarge),
    "encrypted.pdf": (_encrypted_pdf, EncryptedFile),
    "corrupt.pdf": (lambda: b"%PDF-1.7\n" + b"\x00garbage" * 200, CorruptFile),
    "huge.png": (_png_bomb, TooLarge),
    "notes.docx": (lambda: "这是一个文本文件，不是Word文档。\n".encode() * 20, UnsupportedType),
    "archive.zip": (lambda: _plain_zip(), UnsupportedType),
    "image.jpg": (lambda: b"\xff\xd8\xff\xe0" + b"\x00" * 100, CorruptFile),
}


def _plain_zip() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("a.txt", "hello")
    return buf.getvalue()


@pytest.mark.parametrize("name", sorted(CASES))
def test_each_bad_file_gives_its_typed_error(name):
    make, err = CASES[name]
    with pytest.raises(err) as e:
        read_bytes(make(), Limits(max_unzipped_bytes=300 * 1024 * 1024, max_image_pixels=60_000_000))
    assert isinstance(e.value, ReadError) and e.value.message


def test_page_cap_is_configurable():
    data = _many_pages_pdf(30)
    with pytest.raises(TooLarge, match="30 pages"):
        read_bytes(data, Limits(max_pdf_pages=20))
    assert read_bytes(data, Limits(max_pdf_pages=40)).pages == 30


@pytest.mark.parametrize("name", sorted(CASES))
def test_bad_file_becomes_an_unreadable_record(name, validator):
    data = CASES[name][0]()
    rec = process_bytes(f"in/{name}", data)
    d = rec.to_contract()
    assert d["doc_type"] == "unreadable"
    assert [f["code"] for f in d["flags"]] == ["UNREADABLE"]
    assert d["flags"][0]["evidence"] == CASES[name][1].reason
    assert d["flags"][0]["document"] == f"in/{name}"
    assert not list(validator.iter_errors(d))


def test_batch_goes_on_past_bad_files(tmp_path, samples):
    folder = tmp_path / "S1"
    folder.mkdir()
    for name, (make, _) in CASES.items():
        (folder / name).write_bytes(make())
    good = samples / "GX-A" / "附件1-组建申请表.docx"
    (folder / "application.docx").write_bytes(good.read_bytes())
    out = tmp_path / "out"
    result = run_batch([str(folder)], out)
    assert len(result.documents) == len(CASES) + 1
    kinds = sorted(d.doc_type for d in result.documents)
    assert kinds.count("unreadable") == len(CASES) and "application" in kinds
    written = list((out / "documents").glob("*.json"))
    # the empty file and any other identical bytes share one sha256; every distinct file has its record
    assert len(written) == len({d.source.sha256 for d in result.documents})
    codes = [f["code"] for f in json.loads((out / "flags.json").read_text())]
    assert codes.count("UNREADABLE") == len(CASES)


def test_doc_without_libreoffice_says_so(monkeypatch, samples):
    import extractors.readers.doc_reader as dr
    from extractors.errors import ConverterMissing

    monkeypatch.setattr(dr.shutil, "which", lambda name: None)
    doc = next(samples.rglob("*.doc")).read_bytes()
    with pytest.raises(ConverterMissing, match="LibreOffice"):
        read_bytes(doc)
    rec = process_bytes("old.doc", doc).to_contract()
    assert rec["doc_type"] == "unreadable" and rec["source"]["media_type"] == "doc"
    assert "libreoffice-writer-nogui" in rec["flags"][0]["message"]
