"""The whole package of a Word file accounted for, on files built here: the text of every part is in
the read document (coverage >= 99%) and a shortfall is a warning; Strict OOXML, a main part that is
not word/document.xml, a missing media part, zero-width characters."""

from __future__ import annotations

import io
import re
import zipfile
from collections import Counter

import docx
import pytest
from lxml import etree

from extractors.read import read_bytes
from extractors.readers import docx_reader
from extractors.readers.docx_reader import read_docx
from extractors.sniff import sniff
from tests.docx_files import M_NS, W_NS, docx_bytes, rewrite_zip, rich_doc


def _visible(data: bytes) -> Counter[str]:
    """Written here independently of the reader: the characters of every w:t / m:t in every XML
    part of the package, less deleted text and mc:Fallback copies."""
    out: Counter[str] = Counter()
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        for name in z.namelist():
            if not name.endswith(".xml") or name.startswith("customXml"):
                continue
            root = etree.fromstring(z.read(name))
            for t in root.xpath(
                "//w:t[not(ancestor::mc:Fallback) and not(ancestor::w:del)] | //m:t",
                namespaces={
                    "w": W_NS,
                    "m": M_NS,
                    "mc": "http://schemas.openxmlformats.org/markup-compatibility/2006",
                },
            ):
                out.update(c for c in (t.text or "") if not c.isspace())
    return out


def coverage(data: bytes) -> float:
    have = _visible(data)
    doc = read_bytes(data)
    got = Counter(
        c for c in doc.text + "".join(docx_reader.block_text(b) for b in doc.tables()) if not c.isspace()
    )
    total = sum(have.values())
    return sum(min(n, got.get(c, 0)) for c, n in have.items()) / total


@pytest.mark.parametrize("tag", ["", "甲", "乙丙"])
def test_every_part_of_the_package_is_in_the_read_document(tag):
    assert coverage(rich_doc(tag)) >= 0.99


def test_a_shortfall_becomes_a_warning(monkeypatch):
    real = docx_reader.Builder.paragraph

    def lossy(self, p_el, source="text"):  # a reader that forgot footnotes' paragraphs
        if source == "footnote":
            return
        real(self, p_el, source)

    monkeypatch.setattr(docx_reader.Builder, "paragraph", lossy)
    doc = read_docx(rich_doc())
    assert any(w.startswith("word/footnotes.xml:") and "not in the read document" in w for w in doc.warnings)


STRICT = {
    "http://schemas.openxmlformats.org/wordprocessingml/2006/main": "http://purl.oclc.org/ooxml/wordprocessingml/main",
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships": "http://purl.oclc.org/ooxml/officeDocument/relationships",
    "http://schemas.openxmlformats.org/officeDocument/2006/math": "http://purl.oclc.org/ooxml/officeDocument/math",
}


def test_strict_ooxml_is_read():
    data = rich_doc()

    def fn(n, b):
        for a, s in STRICT.items():
            b = b.replace(a.encode(), s.encode())
        return n, b

    strict = rewrite_zip(data, fn)
    with zipfile.ZipFile(io.BytesIO(strict)) as z:
        assert b"purl.oclc.org/ooxml/wordprocessingml" in z.read("word/document.xml")
    assert sniff(strict) == "docx"
    assert [b.text for b in read_bytes(strict).blocks] == [b.text for b in read_bytes(data).blocks]


def test_main_part_elsewhere_than_word_document_xml():
    data = rich_doc()

    def fn(n, b):
        if n == "word/document.xml":
            return "word/main.xml", b
        if n == "word/_rels/document.xml.rels":
            return "word/_rels/main.xml.rels", b
        if n in ("_rels/.rels", "[Content_Types].xml"):
            return n, b.replace(b"word/document.xml", b"word/main.xml")
        return n, b

    moved = rewrite_zip(data, fn)
    assert sniff(moved) == "docx"
    assert [b.text for b in read_bytes(moved).blocks] == [b.text for b in read_bytes(data).blocks]


def test_a_missing_media_part_costs_the_image_only():
    data = rich_doc()
    gone = rewrite_zip(data, lambda n, b: None if n.startswith("word/media/") else (n, b))
    doc = read_bytes(gone)
    assert "正文段落：联合体由广西大学牵头组建" in [b.text for b in doc.paragraphs()]
    assert any("images the document shows but the package lacks" in w for w in doc.warnings)
    assert re.search(r"word/media/\w+\.png", " ".join(doc.warnings))


def test_zero_width_characters_are_no_shortfall():
    """A zero-width space Word keeps after an equation (or typed to allow a break) is removed
    from the read text like every control character: it is not text the reader lost."""
    d = docx.Document()
    d.add_paragraph("成员单位\u200b名称：北京师范大学\u200b")
    doc = read_docx(docx_bytes(d))
    assert doc.text == "成员单位名称：北京师范大学"
    assert not doc.warnings
