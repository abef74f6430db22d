"""What ingest takes in: items (a source, its bytes or why not), and files read as items."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from disclosure_search.config import Limits
from indexer.state import Origin

IGNORE_FILE = ".ingestignore"


@dataclass(frozen=True)
class Item:
    """One thing to ingest: its source (path or URL), a file name, and its bytes or why not."""

    source: str
    filename: str
    data: bytes | None = None
    error: str | None = None
    # Facts known from where the item came from (a crawl source's "authority"); what the
    # document itself declares takes precedence.
    hints: tuple[tuple[str, str], ...] = ()
    # What readers see of the source: a local file's path relative to the folder given to
    # ingest, '' for a URL (shown as it is). Local files are identified by their bytes.
    shown: str = ""
    local: bool = False
    # The ids this source's disclosures had before, when the ledger no longer knows them
    # (a rebuild): their permalinks lead to the new ones.
    replaces: tuple[str, ...] = ()

    @property
    def origin(self) -> Origin:
        return Origin(self.shown or self.source, self.filename, self.hints)


def find_files(paths: Iterable[str | Path]) -> Iterator[Path]:
    """Files under `paths`, recursively, in a stable order.

    Hidden files are skipped, and so are files matching a glob pattern listed in an
    `.ingestignore` file in their folder (for manifests kept beside the documents).
    """
    for given in paths:
        path = Path(given)
        if not path.is_dir():
            yield path
            continue
        for child in sorted(path.rglob("*")):
            relative = child.relative_to(path)
            hidden = any(p.startswith(".") for p in relative.parts)
            if child.is_file() and not hidden and not ignored(child):
                yield child


def ignored(path: Path) -> bool:
    rules = path.parent / IGNORE_FILE
    if not rules.is_file():
        return False
    patterns = [line.strip() for line in rules.read_text().splitlines()]
    return any(path.match(p) for p in patterns if p and not p.startswith("#"))


def read_items(paths: Iterable[str | Path], limits: Limits) -> Iterator[Item]:
    """Files as items, read lazily; unreadable or oversized files carry their error."""
    for given in paths:
        for path in find_files([given]):
            yield read_file(path, shown_name(path, Path(given)), limits)


def shown_name(path: Path, given: Path) -> str:
    """A file's name for readers: its path from the folder given to ingest, that folder's own
    name first ('samples/foi/letter.pdf' for data/samples/foi/letter.pdf, given data/samples),
    so that moving the folder changes nothing; a file given by itself is shown by its name."""
    if not given.is_dir():
        return path.name
    inside = path.relative_to(given).as_posix()
    root = given.resolve().name
    return f"{root}/{inside}" if root else inside


def read_file(path: Path, shown: str, limits: Limits) -> Item:
    source = str(path.resolve())  # the ledger's key: private to the operator
    try:
        size = path.stat().st_size
        if size > limits.max_bytes:
            limit_mb = limits.max_bytes / 1024 / 1024
            error = f"too large: {size:,} bytes (limit {limit_mb:g} MB)"
            return Item(source, path.name, error=error, shown=shown, local=True)
        return Item(source, path.name, data=path.read_bytes(), shown=shown, local=True)
    except OSError as exc:
        error = f"cannot read: {exc.strerror or exc}"
        return Item(source, path.name, error=error, shown=shown, local=True)
