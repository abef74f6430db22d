"""Request references: one normalised form so every printed variant finds the same request."""

from __future__ import annotations

import re

_NOT_ALNUM = re.compile(r"[^0-9A-Za-z]+")


def normalise_request_id(ref: str | None) -> str | None:
    """Fold case, spaces and separators: 'FOI/2023/0123', 'foi 2023 0123' -> 'FOI20230123'."""
    if not ref:
        return None
    folded = _NOT_ALNUM.sub("", ref).upper()
    return folded or None
