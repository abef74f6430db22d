"""Optical character recognition with tesseract, for scanned PDFs and images.

Subprocesses only, each with a timeout: a stuck page fails that document, never the run.
"""

from __future__ import annotations

import os
import shutil
import subprocess

from disclosure_search.errors import ExtractError

OCR_DPI = 200  # tesseract reads 200 dpi greyscale as well as 300 here, in two-thirds the time
OCR_LANGUAGE = "eng"
RENDER_TIMEOUT = 120  # seconds for pdftoppm to render one page
OCR_TIMEOUT = 300  # seconds for tesseract to read one page


def ocr_missing(pdf: bool = True) -> str | None:
    """None when OCR can run; else the user-facing reason, naming what to install."""
    if not shutil.which("tesseract"):
        return "needs OCR: install tesseract-ocr"
    if pdf and not shutil.which("pdftoppm"):
        return "needs OCR: install poppler-utils (pdftoppm)"
    return None


def ocr_pdf_page(data: bytes, page: int, dpi: int = OCR_DPI) -> str:
    """The text tesseract reads on one page (numbered from 1) of a PDF."""
    image = _run(
        ["pdftoppm", "-r", str(dpi), "-gray", "-f", str(page), "-l", str(page)]
        + ["-singlefile", "fd://0"],
        data,
        RENDER_TIMEOUT,
        f"rendering page {page}",
    )
    return ocr_image(image, f"page {page}")


def ocr_image(image: bytes, what: str = "image") -> str:
    """The text tesseract reads in an image (PNG, JPEG, TIFF, PNM...)."""
    # One thread per tesseract: its OpenMP threads spin and made a page 4x slower on two cores,
    # and extraction already runs one document per core.
    env = {**os.environ, "OMP_THREAD_LIMIT": "1"}
    out = _run(["tesseract", "stdin", "stdout", "-l", OCR_LANGUAGE], image, OCR_TIMEOUT, what, env)
    return out.decode("utf-8", errors="replace")


def _run(
    args: list[str], data: bytes, timeout: int, what: str, env: dict[str, str] | None = None
) -> bytes:
    try:
        done = subprocess.run(
            args, input=data, capture_output=True, timeout=timeout, check=False, env=env
        )
    except subprocess.TimeoutExpired:
        raise ExtractError(f"OCR timed out after {timeout}s {what}") from None
    except OSError as exc:
        raise ExtractError(f"OCR could not run {args[0]}: {exc}") from None
    if done.returncode != 0:
        message = done.stderr.decode("utf-8", errors="replace").strip().splitlines()
        raise ExtractError(f"OCR failed {what}: {message[-1] if message else args[0]}")
    return done.stdout
