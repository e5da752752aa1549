"""One entry point from bytes to a read document: the reader is chosen by sniffing the bytes."""

from __future__ import annotations

from extractors.errors import EmptyFile, ReadError, TooLarge, UnsupportedType
from extractors.limits import Limits
from extractors.sniff import sniff_format
from models.document import ReadDocument


def read_bytes(data: bytes, limits: Limits | None = None) -> ReadDocument:
    """Read a file's bytes. Raises a ReadError (and nothing else) when it can't be read."""
    limits = limits or Limits.from_env()
    if not data:
        raise EmptyFile("empty file (0 bytes)")
    if len(data) > limits.max_file_bytes:
        raise TooLarge(
            f"file of {len(data)} bytes, over the cap of {limits.max_file_bytes} (INTAKE_MAX_FILE_BYTES)"
        )
    kind = sniff_format(data)
    return _codes_as_meant(_read(kind, data, limits))


def _codes_as_meant(doc: ReadDocument) -> ReadDocument:
    """Credit codes OCR read with a letter no code holds (O for 0, I for 1...) set right where
    that alone makes them valid, each change listed in the document's warnings (the record's
    extra.reader_warnings): a person reading the page sees the digit."""
    if not doc.ocr_used:
        return doc
    from extractors import uscc
    from models.document import Paragraph

    fixed: dict[str, str] = {}

    def mend(text: str) -> str:
        for read, meant in uscc.ocr_misread(text):
            fixed[read] = meant
            text = text.replace(read, meant)
        return text

    for t in doc.tables():
        if t.prov.source == "ocr":
            for c in t.cells:
                c.text = mend(c.text)
    for b in doc.blocks:
        if isinstance(b, Paragraph) and b.prov.source == "ocr":
            b.text = mend(b.text)
    for read, meant in fixed.items():
        doc.warnings.append(
            f"OCR读作 {read} 的统一社会信用代码含代码不用的字母，按形近数字读为 {meant}（校验位相符），请以原件为准"
        )
    return doc


# formats LibreOffice converts to .docx for us, by the name it needs to pick its filter
_THROUGH_LIBREOFFICE = {"wps": ".wps", "wordml": ".xml", "rtf": ".rtf", "word2": ".doc"}


def _read(kind: str, data: bytes, limits: Limits) -> ReadDocument:
    try:
        if kind == "docx":
            from extractors.readers.docx_reader import read_docx

            return read_docx(data, limits)
        if kind == "pdf":
            from extractors.readers.pdf_reader import read_pdf

            return read_pdf(data, limits)
        if kind == "image":
            from extractors.readers.image_reader import read_image

            return read_image(data, limits)
        if kind == "doc":
            from extractors.readers.doc_reader import read_doc

            return read_doc(data, limits)
        if kind in _THROUGH_LIBREOFFICE:
            from extractors.readers.doc_reader import read_doc

            return read_doc(data, limits, suffix=_THROUGH_LIBREOFFICE[kind])
        if kind == "ofd":
            from extractors.readers.ofd_reader import read_ofd

            return read_ofd(data, limits)
    except ReadError:
        raise
    except MemoryError as e:
        raise TooLarge(f"ran out of memory reading the file: {e}") from e
    except Exception as e:  # a reader's library failed in a way it does not type: still this file's error
        from extractors.errors import CorruptFile

        raise CorruptFile(f"{kind} reader failed: {type(e).__name__}: {e}") from e
    head = data[:64]
    if all(32 <= b < 127 or b in (9, 10, 13) for b in head) or head.startswith(b"\xef\xbb\xbf"):
        raise UnsupportedType("a plain text file, not a document (whatever its name says)")
    raise UnsupportedType("not a Word, WPS, PDF, OFD or image file: unsupported type")
