"""Measure metadata accuracy against hand-checked labels (a truth.jsonl beside the files).

Each label line names a `file` in the same folder. Response letters are scored field by
field (exact match after folding what printing varies: case and separators of request IDs,
spacing of names, reply and request prefixes of titles such as 'Re:' and 'Freedom of
Information request -', which titles drop by rule); a null title means none is printed, so
any derived title counts as right. Exemptions are compared by provision only: labels carry no
regime ('Section 9(2)(a)'), so the stored regime qualifier ('OIA s9(2)(a)') is stripped.
`questions` (how many numbered questions) is reported alongside. Log tables are scored on
their row count and first/last rows; unreadable files on failing. `faults` counts documents
whose metadata readers all ran without a fault.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from disclosure_search.errors import ExtractError
from disclosure_search.exemptions import normalise_exemption, provision_of
from disclosure_search.models import Disclosure
from disclosure_search.refs import normalise_request_id
from indexer.extract import extract_document
from indexer.metadata import build_disclosures
from indexer.metadata.guard import FAULT_NOTE
from indexer.metadata.title import clean_title
from indexer.store import sha256_of

FIELDS = (
    "request_id",
    "date",
    "authority",
    "title",
    "exemptions",
    "outcome",
    "questions",
    "log",
    "failure",
    "faults",
)


@dataclass
class FieldScore:
    right: int = 0
    total: int = 0
    misses: list[str] = field(default_factory=list)

    @property
    def accuracy(self) -> float:
        """Share right, 1.0 when nothing was scored."""
        return self.right / self.total if self.total else 1.0


def evaluate_all(truth_paths: list[Path]) -> dict[str, FieldScore]:
    """Per-field scores over every labelled file of several truth files, added together."""
    scores = {name: FieldScore() for name in FIELDS}
    for truth_path in truth_paths:
        score_truth_file(scores, truth_path)
    return {name: s for name, s in scores.items() if s.total}


def score_truth_file(scores: dict[str, FieldScore], truth_path: Path) -> None:
    """Add the scores of the files `truth_path` labels (they sit beside it)."""
    for line in truth_path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        label = json.loads(line)
        path = truth_path.parent / label["file"]
        try:
            data = path.read_bytes()
            disclosures = build_disclosures(
                extract_document(data, path.name), str(path), sha256_of(data)
            )
        except ExtractError as exc:
            score(scores, "failure", label["file"], label.get("kind") == "unreadable", str(exc))
            continue
        faults = [n for d in disclosures for n in d.notes if n.startswith(FAULT_NOTE)]
        score(scores, "faults", label["file"], not faults, faults)
        if label.get("kind") == "unreadable":
            score(scores, "failure", label["file"], False, "extracted without error")
        elif label.get("kind") == "log":
            score_log(scores, label, disclosures)
        else:
            score_letter(scores, label, disclosures[0])


def score(scores: dict[str, FieldScore], name: str, file: str, ok: bool, got: Any) -> None:
    """Count one comparison of field `name`, keeping what was got when it missed."""
    s = scores[name]
    s.total += 1
    s.right += ok
    if not ok:
        s.misses.append(f"{file}: got {got!r}")


COMPARERS: dict[str, Callable[[Any, Disclosure], tuple[Any, Any]]] = {
    "request_id": lambda want, d: (normalise_request_id(want), d.request_id_norm),
    "date": lambda want, d: (want, d.date.isoformat() if d.date else None),
    "authority": lambda want, d: (fold(want), fold(d.authority)),
    "title": lambda want, d: (fold(clean_title(want)), fold(clean_title(d.title))),
    "exemptions": lambda want, d: (
        sorted(provision_of(normalise_exemption(e)) for e in want),
        sorted(provision_of(e) for e in d.exemptions),
    ),
    "outcome": lambda want, d: (want, d.outcome),
    "questions": lambda want, d: (want, len(d.questions)),
}


def score_letter(scores: dict[str, FieldScore], label: dict[str, Any], d: Disclosure) -> None:
    """Score each labelled field of a response letter (only request_id and date for a
    document that is not a response)."""
    for name, compare in COMPARERS.items():
        if name not in label and label.get("kind") != "not_a_response":
            continue
        want = label.get(name)
        if name in ("title", "questions") and want is None:
            continue
        if label.get("kind") == "not_a_response" and name not in ("request_id", "date"):
            continue
        expected, got = compare(want, d)
        score(scores, name, label["file"], expected == got, got)


def score_log(scores: dict[str, FieldScore], label: dict[str, Any], rows: list[Disclosure]) -> None:
    """Score a log table: right when its row count and first and last rows match."""

    def row_facts(d: Disclosure, want: dict[str, Any]) -> dict[str, Any]:
        got = {"title": d.title, "date": d.date.isoformat() if d.date else None}
        if "request_id" in want:
            got["request_id"] = d.request_id
        if "authority" in want:
            got["authority"] = d.authority
        return got

    known = ("title", "date", "request_id", "authority")
    first = {k: v for k, v in label.get("first", {}).items() if k in known}
    last = {k: v for k, v in label.get("last", {}).items() if k in known}
    ok = (
        len(rows) == label["rows"]
        and row_facts(rows[0], first) == first
        and row_facts(rows[-1], last) == last
    )
    got = (len(rows), rows and row_facts(rows[0], first), rows and row_facts(rows[-1], last))
    score(scores, "log", label["file"], ok, got)


def fold(value: str | None) -> str | None:
    """Case and spacing folded, for comparing names and titles."""
    return re.sub(r"\s+", " ", value).strip().casefold() if value else None


def format_table(scores: dict[str, FieldScore]) -> str:
    """The per-field accuracy table `disclosure-search evaluate` prints."""
    lines = [f"{'field':<12} {'right':>5} {'total':>5} {'accuracy':>9}"]
    for name, s in scores.items():
        lines.append(f"{name:<12} {s.right:>5} {s.total:>5} {s.accuracy:>8.0%}")
    return "\n".join(lines)
