"""Images (a scanned letter sent as PNG, JPEG or TIFF): read by OCR."""

from __future__ import annotations

from disclosure_search.models import Part
from indexer.extract.ocr import ocr_image, ocr_missing
from indexer.extract.result import Extracted


def extract_image(data: bytes) -> Extracted:
    """One "image" part of OCR text; without tesseract it is empty, and needs_ocr says
    what to install (as for a scanned PDF)."""
    missing = ocr_missing(pdf=False)
    if missing:
        part = Part(number=1, label="image", text="")
        return Extracted(format="image", parts=(part,), needs_ocr=missing)
    text = ocr_image(data).strip()
    part = Part(number=1, label="image", text=text)
    return Extracted(format="image", parts=(part,), hints={"ocr": "tesseract"})
