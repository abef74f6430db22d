"""The raw store: every original kept once, by its SHA-256."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from disclosure_search.config import Settings


def sha256_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def write_original(settings: Settings, data: bytes) -> str:
    """Store `data` (if not already there) and return its SHA-256. Never overwrites."""
    digest = sha256_of(data)
    keep_original(settings.original_path(digest), data)
    return digest


def keep_original(path: Path, data: bytes) -> None:
    """Write `data` at `path` in the raw store (see Settings.original_path) unless it is there;
    atomically, so a crash never leaves half an original."""
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        tmp.write_bytes(data)
        os.replace(tmp, path)
