"""Typed errors of the readers. Every failure to read a file is one of these."""

from __future__ import annotations


class ReadError(Exception):
    """The file cannot be read. `reason` is a short machine-readable kind."""

    reason = "unreadable"

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class EmptyFile(ReadError):
    reason = "empty"


class CorruptFile(ReadError):
    reason = "corrupt"


class EncryptedFile(ReadError):
    reason = "encrypted"


class TooLarge(ReadError):
    reason = "too_large"


class UnsupportedType(ReadError):
    reason = "unsupported"


class ConverterMissing(ReadError):
    reason = "converter_missing"


class ConversionFailed(ReadError):
    reason = "conversion_failed"


class OcrFailed(ReadError):
    """OCR failed on every page the file needed it on, and nothing else of it could be read."""

    reason = "ocr_failed"
