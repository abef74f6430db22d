"""Settings: where the data lives and how the indexer behaves (env DISCLOSURE_SEARCH_*)."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

DEFAULT_HOME = "disclosure-data"
PROJECT_ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = PROJECT_ROOT / "data"
SAMPLES_DIR = DATA_DIR / "samples"


@dataclass(frozen=True)
class Settings:
    """Where everything lives under the data home.

    raw/      originals by SHA-256
    records/  one JSON per disclosure (metadata and extracted parts)
    index/    the Whoosh index
    state.sqlite  what was ingested from which source, and what failed
    """

    home: Path

    @property
    def raw_dir(self) -> Path:
        return self.home / "raw"

    @property
    def records_dir(self) -> Path:
        return self.home / "records"

    @property
    def index_dir(self) -> Path:
        return self.home / "index"

    @property
    def state_path(self) -> Path:
        return self.home / "state.sqlite"

    def original_path(self, sha256: str) -> Path:
        """Where the raw store keeps the original with this SHA-256."""
        return self.raw_dir / sha256[:2] / sha256


def load_settings(home: str | os.PathLike[str] | None = None) -> Settings:
    """Settings for `home`, else $DISCLOSURE_SEARCH_HOME, else ./disclosure-data."""
    chosen = home or os.environ.get("DISCLOSURE_SEARCH_HOME") or DEFAULT_HOME
    return Settings(home=Path(chosen).expanduser().resolve())
