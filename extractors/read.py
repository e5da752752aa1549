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
        if kind == "wps":
            from extractors.readers.doc_reader import read_doc

            return read_doc(data, limits, suffix=".wps")
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
