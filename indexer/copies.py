"""Local files are identified by their bytes: copies and moves of what is indexed already.

A local document's doc_id comes from its SHA-256, so the same bytes under two paths are one
disclosure with two locations, and a folder moved and ingested again changes nothing: the
ledger (keyed by absolute path, private to the operator) finds the bytes already indexed
under the old path, lets go of the paths that no longer exist, and keeps the disclosure.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from disclosure_search.models import is_web_address
from indexer.state import Ledger, SourceState

if TYPE_CHECKING:
    from indexer.items import Item


@dataclass(frozen=True)
class Placement:
    """Where an indexed disclosure's bytes live after a copy or move is seen.

    `places` are the locations readers see, the one shown first; `former` are the sources and
    shown names of paths that no longer exist; `gone` are their ledger sources, to forget.
    """

    doc_ids: list[str]
    places: tuple[str, ...]
    former: frozenset[str]
    gone: list[str]


def place_copy(shown: str, twins: list[SourceState]) -> Placement:
    """The placement of a file shown as `shown` whose bytes `twins` hold already."""
    present = [t for t in twins if Path(t.source).exists()]
    gone = [t for t in twins if t not in present]
    places = tuple(dict.fromkeys([*(t.origin.shown for t in present), shown]))
    former = frozenset({t.source for t in gone} | {t.origin.shown for t in gone})
    return Placement(list(twins[0].doc_ids), places, former, [t.source for t in gone])


class Copies:
    """Questions about the same bytes under other local paths, answered from the ledger."""

    def __init__(self, ledger: Ledger) -> None:
        self.ledger = ledger
        # This run's files, not in the ledger until their batch commits: a second copy in
        # the same batch must join the first, since an uncommitted Whoosh document cannot
        # be replaced (delete_by_term only sees committed segments).
        self._run: dict[str, list[SourceState]] = {}
        self.extracting: set[str] = set()  # SHA-256 of local files sent to extraction

    def note(self, item: Item, sha256: str, doc_ids: list[str]) -> None:
        """Remember a local file indexed in this run."""
        state = SourceState(item.source, sha256, "indexed", None, None, tuple(doc_ids), "",
                            item.origin)  # fmt: skip
        self._run.setdefault(sha256, []).append(state)

    def twins(self, item: Item, sha256: str) -> list[SourceState]:
        """Other local files whose indexed bytes are `sha256`, oldest first."""
        found = {state.source: state for state in self.ledger.twins(sha256)}
        found.update({state.source: state for state in self._run.get(sha256, ())})
        return [
            state
            for state in found.values()
            if state.source != item.source and not is_web_address(state.source)
        ]

    def holders(self, item: Item, previous: SourceState) -> tuple[str, ...]:
        """Where else the disclosures of `item`'s previous bytes live (files that still exist
        and hold the same disclosures), as locations shown to readers; () if nowhere."""
        if not previous.sha256:
            return ()
        holding = [
            state.origin.shown
            for state in self.twins(item, previous.sha256)
            if state.doc_ids == previous.doc_ids and Path(state.source).exists()
        ]
        return tuple(dict.fromkeys(holding))
