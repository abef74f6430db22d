"""The query language's syntax tree: what querylang parses and querybuild turns into Whoosh.

Nodes keep where they were typed (`start`, `end`) so a word can be replaced ("did you
mean") or a filter cut out of the query text (removing an active filter).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date


@dataclass(frozen=True)
class Word:
    """A word as typed (may hold * or ?); `start`/`end` locate it in the query text."""

    text: str
    start: int = 0
    end: int = 0


@dataclass(frozen=True)
class Phrase:
    """An exact phrase, as typed between quotes."""

    text: str
    start: int = 0
    end: int = 0


@dataclass(frozen=True)
class Field:
    """A prefix filter such as topic:health, with its value normalised (see queryvalues)."""

    name: str
    value: str
    start: int = 0
    end: int = 0


@dataclass(frozen=True)
class DateSpan:
    """date:...; either end may be open."""

    first: date | None
    last: date | None
    start: int = 0
    end: int = 0


@dataclass(frozen=True)
class Not:
    """NOT x or -x."""

    node: Node


@dataclass(frozen=True)
class AllOf:
    """Every node must match (AND, and words side by side)."""

    nodes: tuple[Node, ...]


@dataclass(frozen=True)
class AnyOf:
    """Any node may match (OR)."""

    nodes: tuple[Node, ...]


Node = Word | Phrase | Field | DateSpan | Not | AllOf | AnyOf


@dataclass(frozen=True)
class ParsedQuery:
    """`node` None matches everything. `reference` is a request reference to jump to:
    `explicit` when written #REF (say so if it is unknown), else a bare reference that
    jumps only if it exists."""

    text: str
    node: Node | None
    hints: tuple[str, ...] = ()
    reference: str | None = None
    explicit: bool = False
    words: tuple[str, ...] = field(default=())
    # AND, OR or NOT was typed: the user asked for strict boolean logic.
    operators: bool = False

    @property
    def understood(self) -> str:
        """The query as it was understood, written in the query language."""
        return render(self.node) if self.node is not None else ""

    @property
    def filters(self) -> tuple[Field | DateSpan, ...]:
        """Prefix filters that apply to the whole query (so removing one widens it)."""
        top = self.node.nodes if isinstance(self.node, AllOf) else (self.node,)
        return tuple(n for n in top if isinstance(n, Field | DateSpan))


def combine(kind: type[AllOf] | type[AnyOf], nodes: list[Node]) -> Node | None:
    """None for no nodes, the node for one, else `kind` of them all."""
    if not nodes:
        return None
    return nodes[0] if len(nodes) == 1 else kind(tuple(nodes))


def positive_words(node: Node | None) -> list[str]:
    """Words and phrases the user wants found (not those under NOT), for marking in text."""
    if isinstance(node, Word | Phrase):
        return [node.text]
    if isinstance(node, AllOf | AnyOf):
        return [w for n in node.nodes for w in positive_words(n)]
    return []


def render(node: Node) -> str:
    """A node written back in the query language."""
    if isinstance(node, Word):
        return node.text
    if isinstance(node, Phrase):
        return f'"{node.text}"'
    if isinstance(node, Field):
        return f'{node.name}:"{node.value}"' if " " in node.value else f"{node.name}:{node.value}"
    if isinstance(node, DateSpan):
        first = node.first.isoformat() if node.first else ""
        last = node.last.isoformat() if node.last else ""
        return f"date:{first}" if first == last else f"date:{first}..{last}"
    if isinstance(node, Not):
        inner = node.node
        return f"NOT ({render(inner)})" if isinstance(inner, AllOf | AnyOf) else f"-{render(inner)}"
    separator = " " if isinstance(node, AllOf) else " OR "
    return separator.join(render_grouped(n) for n in node.nodes)


def render_grouped(node: Node) -> str:
    """`node` rendered, in brackets when it is a group."""
    return f"({render(node)})" if isinstance(node, AllOf | AnyOf) else render(node)


def without_span(text: str, start: int, end: int) -> str:
    """The query text with one clause cut out (to remove a typed filter)."""
    return " ".join((text[:start] + " " + text[end:]).split())


def replace_span(text: str, start: int, end: int, new: str) -> str:
    """The query text with one word replaced (for "did you mean")."""
    return text[:start] + new + text[end:]
