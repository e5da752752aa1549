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
    """The contract's media type of a file (OFD counts as "other"; WPS writer files and the
    older Word formats as "doc")."""
    kind = sniff_format(data)
    if kind == "ofd":
        return "other"
    if kind in ("wps", "wordml", "rtf", "word2"):
        return "doc"
    return kind  # type: ignore[return-value]


def sniff_format(data: bytes) -> str:
    """The reader a file needs: docx, pdf, image, doc, wps (Works / WPS writer), wordml (Word 2003
    XML), rtf, word2 (Word for Windows 1.x/2.0), ofd or other."""
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
    return _older_word(data)


# Word files other than .doc/.docx that LibreOffice opens, and office systems still save as .doc:
# Word 2003 XML (w:wordDocument), RTF, Word for Windows 1.x/2.0 binaries
_WORDML = b"schemas.microsoft.com/office/word/2003/wordml"
_WORD2_MAGICS = (b"\xdb\xa5-\x00", b"\x9b\xa5!\x00", b"\x31\xbe\x00\x00")


def _older_word(data: bytes) -> str:
    r"""The older Word format a file is in (read through LibreOffice): "wordml", "rtf" or "word2";
    else "other".

    >>> _older_word(b'<?xml version="1.0"?><?mso-application progid="Word.Document"?><w:wordDocument '
    ...             b'xmlns:w="http://schemas.microsoft.com/office/word/2003/wordml">')
    'wordml'
    >>> _older_word(b"{" + b"\\rtf1 hello}"), _older_word(b"plain text")
    ('rtf', 'other')
    """
    head = data[:4096].lstrip(b"\xef\xbb\xbf \t\r\n")
    if head.startswith(b"<?xml") or head.startswith(b"<w:wordDocument"):
        return "wordml" if _WORDML in head and b"wordDocument" in head else "other"
    if head.startswith(b"{\\rtf"):
        return "rtf"
    if data[:4] in _WORD2_MAGICS:
        return "word2"
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
