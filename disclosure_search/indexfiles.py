"""The index on disk: the one place that opens or creates it (the writer and searchers use it).

Whoosh's here; a tantivy index is opened by tantivy_index (see disclosure_search.engines).
"""

from __future__ import annotations

from pathlib import Path

from whoosh import index

from disclosure_search import schema as S
from disclosure_search.engines import record_engine
from disclosure_search.errors import NoIndexError


def index_exists(path: Path) -> bool:
    """Whether there is an index at `path` yet."""
    return index.exists_in(str(path))


def open_index(path: Path) -> index.Index:
    """The index at `path`, at its latest generation; NoIndexError when there is none."""
    if not index_exists(path):
        raise NoIndexError(
            f"No index at {path}: run `disclosure-search ingest PATH` on your files"
            f" (or `disclosure-search demo` for the bundled samples) first."
        )
    return index.open_dir(str(path))


def open_or_create_index(path: Path) -> index.Index:
    """The index at `path`, created empty (with the current schema) if there is none."""
    if index_exists(path):
        return index.open_dir(str(path))
    path.mkdir(parents=True, exist_ok=True)
    return index.create_in(str(path), S.build_schema())


def create_index(path: Path, engine: str) -> None:
    """A new, empty index at `path` built with `engine` (the folder must not hold one)."""
    record_engine(path, engine)
    if engine == "tantivy":
        from disclosure_search.tantivy_index import open_or_create_tantivy

        open_or_create_tantivy(path)
    else:
        open_or_create_index(path)
