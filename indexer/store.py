"""The raw store: every original kept once, by its SHA-256."""

from __future__ import annotations

import hashlib
import os

from disclosure_search.config import Settings


def sha256_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def write_original(settings: Settings, data: bytes) -> str:
    """Store `data` (if not already there) and return its SHA-256. Never overwrites."""
    digest = sha256_of(data)
    path = settings.original_path(digest)
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{digest}.{os.getpid()}.tmp")
        tmp.write_bytes(data)
        os.replace(tmp, path)
    return digest
