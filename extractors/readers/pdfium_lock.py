"""PDFium is not thread-safe, not even across documents (pypdfium2's documentation: concurrent
calls crash or corrupt the process). Every use of pypdfium2 holds this process-wide lock; work that
needs no PDFium (OCR of a rendered page, pdfplumber's tables) runs outside it."""

from __future__ import annotations

import threading

PDFIUM = threading.RLock()
