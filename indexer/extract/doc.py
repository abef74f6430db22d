"""Legacy Word 97-2003 (.doc) files, read by antiword or else catdoc."""

from __future__ import annotations

import shutil
import subprocess

from disclosure_search.errors import ExtractError
from disclosure_search.models import Part
from indexer.extract.result import Extracted

TIMEOUT = 60  # seconds per converter run
# antiword keeps the layout best but refuses some files ("is not a Word Document"), so catdoc,
# which reads more of them, comes second.
_CONVERTERS = (
    ("antiword", ["antiword", "-m", "UTF-8.txt", "-w", "0", "-"]),
    ("catdoc", ["catdoc", "-d", "utf-8", "-w"]),
)


def extract_doc(data: bytes) -> Extracted:
    """One "text" part from the first converter that returns text."""
    available = [(name, args) for name, args in _CONVERTERS if shutil.which(name)]
    if not available:
        raise ExtractError("legacy Word: install antiword or catdoc")
    reasons = []
    for name, args in available:
        text, reason = _convert(name, args, data)
        if text:
            return Extracted(format="doc", parts=(Part(number=1, label="text", text=text),))
        reasons.append(f"{name}: {reason}")
    raise ExtractError("unreadable Word document (" + ", ".join(reasons) + ")")


def _convert(name: str, args: list[str], data: bytes) -> tuple[str, str]:
    """(text, "") on success, ("", reason) on failure."""
    try:
        done = subprocess.run(args, input=data, capture_output=True, timeout=TIMEOUT, check=False)
    except subprocess.TimeoutExpired:
        return "", f"timed out after {TIMEOUT}s"
    except OSError as exc:
        return "", str(exc)
    text = done.stdout.decode("utf-8", errors="replace").replace("\r", "\n").strip()
    if done.returncode != 0 or not text:
        message = done.stderr.decode("utf-8", errors="replace").strip()
        return "", message.splitlines()[-1] if message else f"exit status {done.returncode}"
    return text, ""
