"""Caps that keep one hostile or huge file from taking the machine down.

Each can be set from the environment (INTAKE_MAX_..., read by `settings`) so an operator can lift it."""

from __future__ import annotations

from dataclasses import dataclass

import settings


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
        return cls(
            max_file_bytes=settings.integer("INTAKE_MAX_FILE_BYTES"),
            max_unzipped_bytes=settings.integer("INTAKE_MAX_UNZIPPED_BYTES"),
            max_zip_ratio=settings.integer("INTAKE_MAX_ZIP_RATIO"),
            max_pdf_pages=settings.integer("INTAKE_MAX_PDF_PAGES"),
            max_image_pixels=settings.integer("INTAKE_MAX_IMAGE_PIXELS"),
            ocr_dpi=settings.integer("INTAKE_OCR_DPI"),
            doc_convert_timeout_s=settings.integer("INTAKE_DOC_TIMEOUT_S"),
        )
