"""Which reader a file needs, from its bytes, never from its name."""

from __future__ import annotations

import io
import zipfile

from models.document import MediaType

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
IMAGE_MAGICS = (
    b"\xff\xd8\xff",  # JPEG
    b"\x89PNG\r\n\x1a\n",
    b"II*\x00",  # TIFF little-endian
    b"MM\x00*",  # TIFF big-endian
    b"BM",  # BMP
)


def sniff(data: bytes) -> MediaType:
    """The contract's media type of a file (OFD counts as "other", WPS writer files as "doc")."""
    kind = sniff_format(data)
    if kind == "ofd":
        return "other"
    if kind == "wps":
        return "doc"
    return kind  # type: ignore[return-value]


def sniff_format(data: bytes) -> str:
    """The reader a file needs: docx, pdf, image, doc, wps (Works / WPS writer), ofd or other."""
    head = data[:16]
    if data[:1024].lstrip().startswith(b"%PDF") or b"%PDF-" in data[:1024]:
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as z:
                names = set(z.namelist())
        except zipfile.BadZipFile:
            return "docx" if b"word/" in data[:4096] else "other"
        if "word/document.xml" in names or _ooxml_word(data, names):
            return "docx"
        if "OFD.xml" in names or "/OFD.xml" in names:
            return "ofd"
        return "other"
    if head.startswith(OLE_MAGIC):
        return _ole_kind(data)
    if head.startswith(IMAGE_MAGICS) or (head[:4] == b"RIFF" and head[8:12] == b"WEBP"):
        return "image"
    return "other"


def _ooxml_word(data: bytes, names: set[str]) -> bool:
    """A Word package whose main part is elsewhere than word/document.xml (its relationships or
    content types say so), Strict or transitional."""
    if "_rels/.rels" not in names and "[Content_Types].xml" not in names:
        return False
    from extractors.limits import Limits
    from extractors.readers.docx_package import open_package

    try:
        pkg = open_package(data, Limits())
        with pkg.z:
            main = pkg.main_part()
            if main is None or not pkg.has(main):
                return False
            head = pkg.z.open(main).read(4096)
    except Exception:
        return False
    return b"wordprocessingml" in head or b"purl.oclc.org/ooxml/wordprocessingml" in head


def _ole_kind(data: bytes) -> str:
    """An OLE compound file: Word's binary (a WordDocument stream; WPS文字 saves its .wps so too),
    or a Works / WPS writer file (a CONTENTS stream), both through LibreOffice."""
    try:
        import olefile

        with olefile.OleFileIO(io.BytesIO(data)) as ole:
            streams = {"/".join(e).lower() for e in ole.listdir(streams=True, storages=True)}
    except Exception:
        return "doc"
    if "worddocument" in streams or "encryptedpackage" in streams:
        return "doc"
    if "contents" in streams or "wpscontents" in streams:
        return "wps"
    return "doc"
