"""Group disclosures that answer the same request sent to many authorities ("round-robin").

Each disclosure's request text (its numbered questions, else its title) is reduced to
character shingles and a MinHash signature; signatures are banded (LSH) to find candidate
pairs, which join a group when most of their signature agrees. A group needs at least two
different authorities: one body publishing the same answer twice is not a round-robin. Then
letters that print a group's request without it being read as theirs join it
(indexer.quoting). Signatures are kept in the ledger database, so each run only hashes what is
new.
"""

from __future__ import annotations

import hashlib
import struct
from collections import defaultdict
from collections.abc import Callable, Iterable

from disclosure_search.config import Settings
from disclosure_search.models import Disclosure
from indexer.quoting import QuoteMatcher, group_requests, words_of
from indexer.state import open_state

SHINGLE = 5
HASHES = 16  # two 64-byte BLAKE2b digests give 16 64-bit hash values per shingle
BAND = 2  # LSH bands of 2 values: pairs at 0.8 similarity are candidates 99.97% of the time
THRESHOLD = 0.75  # share of agreeing signature values that makes two requests the same
MIN_WORDS = 5  # shorter texts ("Potholes") are too generic to say two requests are one

_SCHEMA = """
CREATE TABLE IF NOT EXISTS request_signatures (
    doc_id TEXT PRIMARY KEY,
    authority TEXT,
    signature BLOB,
    group_id TEXT
);
-- A row while signatures changed since the groups were last computed and committed: a run
-- killed before its regroup is finished by the next run, whatever that one ingests.
CREATE TABLE IF NOT EXISTS regroup_needed (since TEXT NOT NULL);
-- Group requests already looked for in every letter (see regroup).
CREATE TABLE IF NOT EXISTS group_requests (request TEXT PRIMARY KEY);
"""
# Added after the first release: request text, and whether a row was put since the last regroup.
_COLUMNS = {"request": "TEXT", "pending": "INTEGER NOT NULL DEFAULT 0"}


# (doc_id, authority, request text, packed signature or None): all grouping needs of a
# disclosure.
Request = tuple[str, str | None, str, bytes | None]


def request_of(d: Disclosure) -> Request:
    """What grouping needs of `d`, its signature made (in the extraction workers)."""
    text = request_text(d)
    sig = signature(text)
    return (d.doc_id, d.authority, text, struct.pack(f"<{HASHES}Q", *sig) if sig else None)


def request_text(d: Disclosure) -> str:
    """The words of the request, normalised: lower case, letters and digits only."""
    text = " ".join(q.question for q in d.questions) if d.questions else d.title
    return " ".join(words_of(text))


def signature(text: str) -> tuple[int, ...] | None:
    """A MinHash signature over character shingles, or None for a text too short to group."""
    if len(text.split()) < MIN_WORDS:
        return None
    shingles = {text[i : i + SHINGLE] for i in range(max(1, len(text) - SHINGLE + 1))}
    mins = [2**64] * HASHES
    for shingle in shingles:
        values = _hash_values(shingle.encode("utf-8"))
        mins = [min(a, b) for a, b in zip(mins, values, strict=True)]
    return tuple(mins)


def _hash_values(data: bytes) -> tuple[int, ...]:
    first = hashlib.blake2b(data, digest_size=64, person=b"minhash-1").digest()
    second = hashlib.blake2b(data, digest_size=64, person=b"minhash-2").digest()
    return struct.unpack("<16Q", first + second)


def find_groups(signatures: dict[str, tuple[str | None, tuple[int, ...]]]) -> dict[str, str]:
    """doc_id -> group id for every disclosure in a group of 2+ authorities."""
    parent = {doc_id: doc_id for doc_id in signatures}

    def root(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    buckets: dict[tuple[int, tuple[int, ...]], list[str]] = defaultdict(list)
    for doc_id, (_authority, sig) in signatures.items():
        for band in range(0, HASHES, BAND):
            buckets[(band, sig[band : band + BAND])].append(doc_id)
    for members in buckets.values():
        first = members[0]
        for other in members[1:]:
            if root(first) != root(other) and similar(signatures[first][1], signatures[other][1]):
                parent[root(other)] = root(first)
    members_of: dict[str, list[str]] = defaultdict(list)
    for doc_id in signatures:
        members_of[root(doc_id)].append(doc_id)
    groups: dict[str, str] = {}
    for members in members_of.values():
        authorities = {signatures[m][0] for m in members if signatures[m][0]}
        if len(members) > 1 and len(authorities) > 1:
            group_id = "g-" + hashlib.sha1(min(members).encode()).hexdigest()[:10]
            groups.update(dict.fromkeys(members, group_id))
    return groups


def similar(a: tuple[int, ...], b: tuple[int, ...]) -> bool:
    return sum(x == y for x, y in zip(a, b, strict=True)) / HASHES >= THRESHOLD


class SignatureStore:
    """Signatures of every indexed disclosure, in the ledger database."""

    def __init__(self, settings: Settings) -> None:
        self._db = open_state(settings, _SCHEMA)
        have = {row[1] for row in self._db.execute("PRAGMA table_info(request_signatures)")}
        with self._db:
            for name, kind in _COLUMNS.items():
                if name not in have:
                    self._db.execute(f"ALTER TABLE request_signatures ADD COLUMN {name} {kind}")
        self._requests_seen: list[str] = []

    def close(self) -> None:
        self._db.close()

    def clear(self) -> None:
        """Forget every signature (the index they describe is being rebuilt)."""
        with self._db:
            self._db.execute("DELETE FROM request_signatures")
            self._db.execute("DELETE FROM regroup_needed")
            self._db.execute("DELETE FROM group_requests")

    def needs_regroup(self) -> bool:
        """Whether signatures changed since groups were last saved (see `save_groups`)."""
        return self._db.execute("SELECT 1 FROM regroup_needed").fetchone() is not None

    def put(self, requests: Iterable[Request], removed_ids: Iterable[str] = ()) -> None:
        """Store the signatures of `requests` and forget `removed_ids`."""
        rows = [(doc_id, authority, packed, text) for doc_id, authority, text, packed in requests]
        with self._db:
            self._db.executemany(
                "DELETE FROM request_signatures WHERE doc_id = ?", [(i,) for i in removed_ids]
            )
            # A re-put disclosure was rewritten without its group: NULL makes regroup() set it.
            self._db.executemany(
                "INSERT OR REPLACE INTO request_signatures"
                " (doc_id, authority, signature, group_id, request, pending)"
                " VALUES (?, ?, ?, NULL, ?, 1)",
                rows,
            )
            if not self.needs_regroup():
                self._db.execute("INSERT INTO regroup_needed VALUES (datetime('now'))")

    def regroup(
        self,
        read_text: Callable[[str], str],
        find_quoting: Callable[[str], Iterable[str]],
    ) -> dict[str, str | None]:
        """Recompute all groups: doc_id -> group of each disclosure whose group changed. Saved
        by `save_groups` once the index holds them, so a kill in between loses nothing.

        Letters outside every group are read (`read_text(doc_id)`) for a group's request
        (indexer.quoting) when they are new since the last regroup or were in a group before;
        a request never looked for before is also looked for in the index
        (`find_quoting(request)`: doc_ids that may print it), so older letters can join too."""
        signatures, current, requests, pending = {}, {}, {}, set()
        for doc_id, authority, packed, group_id, request, new in self._db.execute(
            "SELECT doc_id, authority, signature, group_id, request, pending"
            " FROM request_signatures"
        ):
            current[doc_id], requests[doc_id] = group_id, request or ""
            if new:
                pending.add(doc_id)
            if packed:
                signatures[doc_id] = (authority, struct.unpack(f"<{HASHES}Q", packed))
        groups = find_groups(signatures)
        wanted = group_requests(groups, requests)
        seen = {row[0] for row in self._db.execute("SELECT request FROM group_requests")}
        readers = {d for d in current if d not in groups and (d in pending or current[d])}
        for request in set(wanted.values()) - seen:
            readers.update(d for d in find_quoting(request) if d in current and d not in groups)
        matcher = QuoteMatcher(wanted)
        for doc_id in sorted(readers) if matcher else ():
            if (group := matcher.group_of(read_text(doc_id))) is not None:
                groups[doc_id] = group
        self._requests_seen = sorted(set(wanted.values()) - seen)
        return {d: groups.get(d) for d in current if groups.get(d) != current[d]}

    def save_groups(self, changes: dict[str, str | None]) -> None:
        """Record groups the index now holds; signatures are settled until the next put."""
        with self._db:
            self._db.executemany(
                "UPDATE request_signatures SET group_id = ? WHERE doc_id = ?",
                [(g, d) for d, g in changes.items()],
            )
            self._db.execute("UPDATE request_signatures SET pending = 0 WHERE pending")
            self._db.executemany(
                "INSERT OR IGNORE INTO group_requests VALUES (?)",
                [(r,) for r in self._requests_seen],
            )
            self._db.execute("DELETE FROM regroup_needed")
