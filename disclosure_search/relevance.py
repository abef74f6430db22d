"""Search relevance against hand-written queries: recall@k, MRR and nDCG@10.

A queries file holds one JSON object a line: `q` (the query as a person types it),
`relevant` (the file names that answer it) and `k` (how deep a relevant file must appear to
count as found). A hit is matched to a file by the last part of its source path or URL.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from pathlib import Path

from disclosure_search.models import SearchQuery, file_name
from disclosure_search.search import SearchIndex

DEPTH = 10  # results read per query: nDCG@10, and reciprocal ranks up to 10


@dataclass(frozen=True)
class QueryOutcome:
    """How one query fared: the ranked file names it returned and the ranks of relevant ones."""

    text: str
    k: int
    relevant: tuple[str, ...]
    returned: tuple[str, ...]
    total: int

    @property
    def ranks(self) -> list[int]:
        """1-based ranks of the relevant files among the results read."""
        return [n for n, name in enumerate(self.returned, start=1) if name in self.relevant]

    @property
    def found(self) -> bool:
        """A relevant file is in the top k."""
        return any(rank <= self.k for rank in self.ranks)

    @property
    def reciprocal_rank(self) -> float:
        return 1.0 / self.ranks[0] if self.ranks else 0.0

    @property
    def ndcg(self) -> float:
        """nDCG@10 with binary gains."""
        gain = sum(1 / math.log2(rank + 1) for rank in self.ranks if rank <= DEPTH)
        ideal = sum(1 / math.log2(n + 1) for n in range(1, min(len(self.relevant), DEPTH) + 1))
        return gain / ideal if ideal else 0.0


@dataclass(frozen=True)
class RelevanceReport:
    outcomes: tuple[QueryOutcome, ...]

    @property
    def recall_at_k(self) -> float:
        """Share of queries with a relevant file in their top k."""
        return _mean([o.found for o in self.outcomes])

    @property
    def mrr(self) -> float:
        return _mean([o.reciprocal_rank for o in self.outcomes])

    @property
    def ndcg(self) -> float:
        return _mean([o.ndcg for o in self.outcomes])

    @property
    def empty(self) -> int:
        """Queries that returned no results at all."""
        return sum(1 for o in self.outcomes if o.total == 0)


def _mean(values: list[float] | list[bool]) -> float:
    return sum(values) / len(values) if values else 0.0


def read_queries(path: Path) -> list[dict]:
    """The queries file's lines, each with `q`, `relevant` and `k` (default 3)."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def evaluate_queries(index: SearchIndex, queries: list[dict]) -> RelevanceReport:
    """Run each query as a person would (page 1, relevance order) and score the results."""
    outcomes = []
    for item in queries:
        results = index.search(SearchQuery(text=item["q"], limit=DEPTH))
        outcomes.append(
            QueryOutcome(
                text=item["q"],
                k=int(item.get("k", 3)),
                relevant=tuple(item["relevant"]),
                returned=tuple(file_name(hit.source) for hit in results.hits),
                total=results.total,
            )
        )
    return RelevanceReport(tuple(outcomes))


def format_report(report: RelevanceReport) -> str:
    """The table `disclosure-search evaluate-search` prints, then each miss."""
    n = len(report.outcomes)
    lines = [
        f"queries      {n}",
        f"recall@k     {report.recall_at_k:.0%} ({sum(o.found for o in report.outcomes)}/{n})",
        f"MRR@{DEPTH}       {report.mrr:.3f}",
        f"nDCG@{DEPTH}      {report.ndcg:.3f}",
        f"empty pages  {report.empty}",
    ]
    for o in report.outcomes:
        if not o.found:
            top = ", ".join(o.returned[:3]) or "no results"
            lines.append(f"  miss (k={o.k}, {o.total} results): {o.text!r} -> {top}")
    return "\n".join(lines)
