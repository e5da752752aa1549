"""Reader for old binary Word files (.doc): LibreOffice headless turns them into .docx, which
the .docx reader then reads. Each conversion runs in its own temporary profile
(-env:UserInstallation), so parallel workers do not fight over one, and under a time limit."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from extractors.errors import ConversionFailed, ConverterMissing, EmptyFile, EncryptedFile
from extractors.limits import Limits
from extractors.readers.docx_reader import read_docx
from models.document import ReadDocument


def soffice() -> str | None:
    for name in ("soffice", "libreoffice"):
        p = shutil.which(name)
        if p:
            return p
    return None


def doc_to_docx(data: bytes, timeout_s: int = 120, suffix: str = ".doc") -> bytes:
    exe = soffice()
    if exe is None:
        raise ConverterMissing(
            "a .doc file needs LibreOffice to convert it (apt-get install libreoffice-writer-nogui); "
            "it is not installed on this machine"
        )
    with tempfile.TemporaryDirectory(prefix="intake-doc-") as tmp:
        src = Path(tmp) / f"in{suffix}"
        src.write_bytes(data)
        profile = Path(tmp) / "profile"
        cmd = [
            exe,
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--norestore",
            "--convert-to",
            "docx:MS Word 2007 XML",
            "--outdir",
            tmp,
            str(src),
        ]
        try:
            proc = subprocess.run(
                cmd, capture_output=True, timeout=timeout_s, env={**os.environ, "HOME": tmp}
            )
        except subprocess.TimeoutExpired as e:
            raise ConversionFailed(f"LibreOffice did not convert the .doc within {timeout_s} s") from e
        out = Path(tmp) / "in.docx"
        if not out.exists() or out.stat().st_size == 0:
            err = (proc.stderr or proc.stdout or b"").decode("utf-8", "replace").strip()[-300:]
            raise ConversionFailed(f"LibreOffice could not convert the .doc (exit {proc.returncode}): {err}")
        return out.read_bytes()


def read_doc(data: bytes, limits: Limits | None = None, suffix: str = ".doc") -> ReadDocument:
    """A .doc, a WPS writer file (suffix ".wps") or an older Word format (".xml": Word 2003 XML,
    ".rtf"), through LibreOffice to .docx."""
    limits = limits or Limits()
    if not data:
        raise EmptyFile("empty file (0 bytes)")
    if b"E\x00n\x00c\x00r\x00y\x00p\x00t\x00e\x00d\x00P\x00a\x00c\x00k\x00a\x00g\x00e" in data[:65536]:
        raise EncryptedFile("password-protected Word file: it cannot be opened without the password")
    docx_bytes = doc_to_docx(data, limits.doc_convert_timeout_s, suffix)
    doc = read_docx(docx_bytes, limits)
    fmt = {".wps": "wps", ".xml": "wordml", ".rtf": "rtf"}.get(suffix)
    return doc.model_copy(update={"media_type": "doc", "source_format": fmt})
