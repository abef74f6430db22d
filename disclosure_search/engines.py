"""Which search engine a data home's index is built with: Whoosh (the default) or tantivy.

The engine is chosen when an index is created (DISCLOSURE_SEARCH_ENGINE, or
`ingest --engine`) and remembered in a small file in the index folder, so an existing home
keeps the engine it was built with whatever the environment says; `ingest --rebuild
--engine X` switches. An index made before engines could be chosen is a Whoosh index.
"""

from __future__ import annotations

import os
from pathlib import Path

from disclosure_search.errors import ConfigError

ENGINES = ("whoosh", "tantivy")
DEFAULT_ENGINE = "whoosh"
ENGINE_VARIABLE = "DISCLOSURE_SEARCH_ENGINE"
MARKER = "ENGINE"


def wanted_engine(engine: str | None = None) -> str:
    """`engine`, else DISCLOSURE_SEARCH_ENGINE, else Whoosh; ConfigError for an unknown one."""
    chosen = (engine or os.environ.get(ENGINE_VARIABLE, "")).strip().lower() or DEFAULT_ENGINE
    if chosen not in ENGINES:
        raise ConfigError(
            f"Unknown search engine {chosen!r}: choose one of {', '.join(ENGINES)}"
            f" (--engine or {ENGINE_VARIABLE})."
        )
    if chosen == "tantivy" and not tantivy_installed():
        raise ConfigError(
            "The tantivy engine needs the tantivy package:"
            " pip install 'disclosure-search[tantivy]'."
        )
    return chosen


def tantivy_installed() -> bool:
    """Whether the optional tantivy package can be imported."""
    import importlib.util

    return importlib.util.find_spec("tantivy") is not None


def recorded_engine(index_dir: Path) -> str | None:
    """The engine the index at `index_dir` was built with; None when there is no index."""
    marker = index_dir / MARKER
    if marker.is_file():
        return wanted_engine(marker.read_text(encoding="utf-8"))
    # Indexes made before the engine was recorded are Whoosh indexes.
    if index_dir.is_dir() and any(index_dir.glob("_MAIN_*.toc")):
        return "whoosh"
    return None


def engine_of(index_dir: Path) -> str:
    """The engine of the index at `index_dir`, or the one a new index there would get."""
    return recorded_engine(index_dir) or wanted_engine()


def record_engine(index_dir: Path, engine: str) -> None:
    """Remember `engine` for the index at `index_dir` (created by it, or about to be)."""
    index_dir.mkdir(parents=True, exist_ok=True)
    (index_dir / MARKER).write_text(engine + "\n", encoding="utf-8")


def choose_engine(index_dir: Path, engine: str | None) -> str:
    """The engine an ingest writes with: the existing index's; ConfigError when `engine`
    asks for another (switching rebuilds the index: `ingest --rebuild --engine X`)."""
    existing = recorded_engine(index_dir)
    wanted = wanted_engine(engine)
    if existing is None:
        record_engine(index_dir, wanted)
        return wanted
    if engine and wanted != existing:
        raise ConfigError(
            f"The index at {index_dir} was built with {existing}: to switch it to {wanted},"
            f" run `disclosure-search ingest --rebuild --engine {wanted}`."
        )
    return existing
