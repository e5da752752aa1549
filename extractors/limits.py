"""Caps that keep one hostile or huge file from taking the machine down.

Each can be set from the environment (INTAKE_MAX_...) so an operator can lift it."""

from __future__ import annotations

import os
from dataclasses import dataclass


def _env_int(name: str, default: int) -> int:
    try:
        return int(os.environ.get(name, default))
    except ValueError:
        return default


@dataclass(frozen=True)
class Limits:
    max_file_bytes: int = 200 * 1024 * 1024
    max_unzipped_bytes: int = 300 * 1024 * 1024  # total decompressed size of a .docx
    max_zip_ratio: int = 200  # decompressed / compressed of any one member
    max_pdf_pages: int = 2000
    max_image_pixels: int = 60_000_000
    ocr_dpi: int = 200
    doc_convert_timeout_s: int = 120

    @classmethod
    def from_env(cls) -> Limits:
        d = cls()
        return cls(
            max_file_bytes=_env_int("INTAKE_MAX_FILE_BYTES", d.max_file_bytes),
            max_unzipped_bytes=_env_int("INTAKE_MAX_UNZIPPED_BYTES", d.max_unzipped_bytes),
            max_zip_ratio=_env_int("INTAKE_MAX_ZIP_RATIO", d.max_zip_ratio),
            max_pdf_pages=_env_int("INTAKE_MAX_PDF_PAGES", d.max_pdf_pages),
            max_image_pixels=_env_int("INTAKE_MAX_IMAGE_PIXELS", d.max_image_pixels),
            ocr_dpi=_env_int("INTAKE_OCR_DPI", d.ocr_dpi),
            doc_convert_timeout_s=_env_int("INTAKE_DOC_TIMEOUT_S", d.doc_convert_timeout_s),
        )
