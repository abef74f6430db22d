"""Ranked partial matching for queries typed in plain words.

People type what they remember ("council refused to give library figures because they will be
published later"); a document rarely holds every one of those words. A query of plain words
is therefore split in two: what was typed strictly (prefix filters, "phrases", wildcards,
-words) must match as before, and the plain words *should* match: a document needs a minimum
share of them (Elasticsearch's "minimum should match"), ranks by BM25F over the words it
holds, and a document holding every word ranks above any that does not. Typing AND, OR or
NOT asks for strict boolean logic, and gets it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING

from disclosure_search.querynodes import AllOf, Node, ParsedQuery, Word, render_grouped

if TYPE_CHECKING:
    from disclosure_search.synonyms import Idea

WILDCARDS = ("*", "?")


@dataclass(frozen=True)
class LooseQuery:
    """The strict part of a query and its plain words."""

    must: tuple[Node, ...]
    should: tuple[Word, ...]


def split_loose(parsed: ParsedQuery) -> LooseQuery | None:
    """The query's strict nodes and plain words, or None when it is to run strictly (an
    operator was typed, or no plain word was). A lone plain word is still an idea: 'refused'
    also finds refusals, 'flytipping' fly tipping."""
    if parsed.operators or parsed.node is None:
        return None
    nodes = list(parsed.node.nodes if isinstance(parsed.node, AllOf) else (parsed.node,))
    last = nodes[-1]
    if len(nodes) > 2 and isinstance(last, Word) and last.text.endswith("?"):
        # "... in personnel files?": a question mark ending a sentence, not a wildcard.
        nodes[-1] = Word(last.text.rstrip("?"), last.start, last.end)
    plain = [n for n in nodes if isinstance(n, Word) and not any(c in n.text for c in WILDCARDS)]
    if not plain:
        return None
    must = tuple(n for n in nodes if not any(n is p for p in plain))
    return LooseQuery(must, tuple(plain))


def minimum_should_match(groups: int) -> int:
    """How many of `groups` word groups a document must hold: all of one or two, all but
    one of three or four, then half, rounded up (so a long question needs its key words, not
    every word of it)."""
    if groups <= 2:
        return groups
    if groups <= 4:
        return groups - 1
    return max(3, math.ceil(groups / 2))


def render_loose(must: tuple[Node, ...], ideas: list[Idea]) -> str:
    """The query as run, in the query language: the strict part, then each idea with the
    phrases and metadata searched for it ('too expensive' -> (too expensive OR "cost limit"
    OR ... OR exemption:s12)). Framing words are left out: they decide nothing."""
    rendered = [render_grouped(n) for n in must]
    for idea in ideas:
        options = [idea.text] + [f'"{p}"' if " " in p else p for p in idea.alternatives]
        if idea.entry and idea.entry.exemption:
            options.append(f"exemption:{idea.entry.exemption}")
        if idea.entry and idea.entry.outcome:
            value = idea.entry.outcome
            options.append(f'outcome:"{value}"' if " " in value else f"outcome:{value}")
        rendered.append(options[0] if len(options) == 1 else f"({' OR '.join(options)})")
    return " ".join(rendered)
