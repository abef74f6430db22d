"""The search box's query language, parsed into a small tree with hints. Pure: no Whoosh here.

    physiotherapy contracts          most words must match, all-words matches first (see loose)
    "exact phrase"                   the words next to each other
    a OR b, a AND b, NOT a, -a, ( )  boolean logic: typing AND, OR or NOT makes every word count
    physio*                          words starting with "physio" (expansion is capped)
    authority:coventry  authority:"Coventry City Council"
    topic:health  exemption:s40  exemption:s40(2)  outcome:refused  format:pdf  id:FOI/2023/01
    date:2024  date:2024-03  date:2024-01-01..2024-06-30  date:2024-01-01..  date:..2024-06-30
    #FOI759201887, or a reference alone, jumps to that request

Nothing typed is an error: what cannot be understood is searched as words or left out, and
`ParsedQuery.hints` says what happened and how to write it instead.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from disclosure_search.exemptions import REGIMES
from disclosure_search.querynodes import (
    AllOf,
    AnyOf,
    Field,
    Node,
    Not,
    ParsedQuery,
    Phrase,
    Word,
    combine,
    positive_words,
)
from disclosure_search.queryvalues import parse_field
from disclosure_search.refs import normalise_request_id

MAX_CHARS = 2000
# Each word becomes a few index lookups; past this a query is a pasted document, not a search.
MAX_TERMS = 50
OPERATORS = {"AND", "OR", "NOT"}
_SECTION_WORDS = {"section", "sec", "s", "regulation", "reg", "r"}

_TOKEN = re.compile(
    r'\s*(?:(?P<open>\()|(?P<close>\))|(?P<phrase>-?"[^"]*"?)'
    r'|(?P<field>-?[A-Za-z_]+:(?:"[^"]*"?|[^\s"]*))|(?P<ref>#\S+)'
    # A word may hold bracketed parts, so s40(2) and 12(4)(b) stay whole.
    r'|(?P<word>[^\s()"]+(?:\([^\s()"]*\)[^\s()"]*)*))'
)


@dataclass
class _Token:
    kind: str
    text: str
    start: int
    end: int


def parse_query(text: str) -> ParsedQuery:
    """The tree and hints for what a user typed; never raises."""
    hints: list[str] = []
    if len(text) > MAX_CHARS:
        text = text[:MAX_CHARS].rsplit(" ", 1)[0]
        hints.append(f"Only the first {MAX_CHARS:,} characters of the query were used.")
    tokens = tokenize(text)
    reference, explicit = find_reference(text, tokens)
    parser = _Parser(tokens, hints)
    node = parser.parse()
    return ParsedQuery(
        text=text,
        node=node,
        hints=tuple(hints),
        reference=reference,
        explicit=explicit,
        words=tuple(positive_words(node)),
        operators=any(t.kind in OPERATORS for t in tokens),
    )


def tokenize(text: str) -> list[_Token]:
    """Brackets, phrases, prefix:value, #references, operators and words, with positions."""
    tokens: list[_Token] = []
    pos = 0
    while pos < len(text):
        match = _TOKEN.match(text, pos)
        if not match or match.end() == pos:
            break
        kind = match.lastgroup or "word"
        start, end = match.span(kind)
        value = match.group(kind)
        if kind == "field":
            value, end = balance_brackets(value, end)
        if kind == "word" and value in OPERATORS:
            kind = value
        tokens.append(_Token(kind, value, start, end))
        pos = end
    return tokens


def balance_brackets(value: str, end: int) -> tuple[str, int]:
    """exemption:s40(2)) -> exemption:s40(2): a closing bracket it did not open is not its own."""
    while value.endswith(")") and value.count(")") > value.count("("):
        value, end = value[:-1], end - 1
    return value, end


def find_reference(text: str, tokens: list[_Token]) -> tuple[str | None, bool]:
    """(reference, explicit) when the whole query names one request."""
    if len(tokens) == 1 and tokens[0].kind == "ref":
        return tokens[0].text[1:], True
    bare = text.strip()
    plain = all(t.kind == "word" for t in tokens)
    norm = normalise_request_id(bare) or ""
    if plain and 1 <= len(tokens) <= 3 and any(c.isdigit() for c in bare) and len(norm) >= 4:
        return bare, False
    return None, False


class _Parser:
    """Recursive descent over the tokens; bad syntax becomes a hint, never an exception."""

    def __init__(self, tokens: list[_Token], hints: list[str]) -> None:
        self.tokens = tokens
        self.pos = 0
        self.hints = hints
        self.terms = 0

    def peek(self) -> _Token | None:
        """The next token, or None at the end."""
        return self.tokens[self.pos] if self.pos < len(self.tokens) else None

    def take(self) -> _Token:
        """Consume and return the next token."""
        self.pos += 1
        return self.tokens[self.pos - 1]

    def parse(self) -> Node | None:
        """query := or_expr (a stray ')' is skipped with a hint)."""
        found = [self.parse_or()]
        while self.peek() is not None:  # only a stray ")" stops parse_or early
            self.take()
            self.hint("A “)” without a matching “(” was ignored.")
            found.append(self.parse_or())
        return combine(AllOf, [n for n in found if n is not None])

    def parse_or(self) -> Node | None:
        """or_expr := and_expr (OR and_expr)*"""
        options = [self.parse_and()]
        while (token := self.peek()) is not None and token.kind == "OR":
            self.take()
            options.append(self.parse_and())
            if options[-1] is None or options[0] is None:
                self.hint("OR needs something on both sides; the lone OR was ignored.")
        return combine(AnyOf, [n for n in options if n is not None])

    def parse_and(self) -> Node | None:
        """and_expr := unary ([AND] unary)*  (AND is implied between terms)"""
        items: list[Node] = []
        while (token := self.peek()) is not None and token.kind not in ("close", "OR"):
            if token.kind == "AND":
                self.take()
                if not items or self.peek() is None or self.peek().kind in ("close", "OR"):
                    self.hint("AND needs something on both sides; the lone AND was ignored.")
                continue
            item = self.parse_unary()
            if item is not None:
                items.append(item)
        return combine(AllOf, items)

    def parse_unary(self) -> Node | None:
        """unary := NOT unary | atom"""
        token = self.peek()
        if token is not None and token.kind == "NOT":
            self.take()
            following = self.peek()
            ends = following is None or following.kind in ("close", "OR", "AND")
            inner = None if ends else self.parse_unary()
            if inner is None:
                self.hint("NOT needs a word after it; it was ignored.")
                return None
            return Not(inner)
        return self.parse_atom()

    def parse_atom(self) -> Node | None:
        """atom := '(' or_expr ')' | [-]phrase | [-]prefix:value | #ref | [-]word"""
        token = self.take()
        if token.kind == "open":
            inner = self.parse_or()
            if self.peek() is not None and self.peek().kind == "close":
                self.take()
            else:
                self.hint("A “(” was not closed; it was closed at the end.")
            return inner
        if token.kind == "field":
            self.join_spaced_value(token)
        negated = token.text.startswith("-") and token.kind in ("phrase", "field", "word")
        text = token.text[1:] if negated and len(token.text) > 1 else token.text
        node = self.leaf(token, text)
        if node is not None and self.count_term():
            return Not(node) if negated else node
        return None

    def leaf(self, token: _Token, text: str) -> Node | None:
        """The node for one phrase, prefix, reference or word token."""
        if token.kind == "phrase":
            if not text.endswith('"') or len(text) == 1:
                self.hint("A quote was not closed; the rest was searched as a phrase.")
            return Phrase(text.strip('"'), token.start, token.end) if text.strip('"') else None
        if token.kind == "field":
            return parse_field(text, token.start, token.end, self.hints)
        if token.kind == "ref":
            return Field("id", text[1:], token.start, token.end) if len(text) > 1 else None
        if text in ("-", "*", "?"):
            if text != "-":
                self.hint(f"“{text}” on its own matches everything, so it was left out.")
            return None
        return Word(text, token.start, token.end)

    def join_spaced_value(self, token: _Token) -> None:
        """exemption:section 40(2), exemption:FOISA s38 -> one value: the number (and a
        law's name before it) are parts of the exemption."""
        following = self.peek()
        name, value = token.text.lstrip("-").lower().split(":", 1)
        if name != "exemption" or following is None or following.kind != "word":
            return
        section = value.rstrip(".") in _SECTION_WORDS and following.text[:1].isdigit()
        law = value.upper() in REGIMES and re.match(r"(?i)(?:s|reg|r)?\.?\d", following.text)
        if section or law:
            self.take()
            gap = " " if law else ""
            token.text, token.end = f"{token.text}{gap}{following.text}", following.end

    def count_term(self) -> bool:
        """Count a term; False once MAX_TERMS have been used."""
        self.terms += 1
        if self.terms == MAX_TERMS + 1:
            self.hint(f"Only the first {MAX_TERMS} words and filters were used.")
        return self.terms <= MAX_TERMS

    def hint(self, message: str) -> None:
        """Record a hint once."""
        if message not in self.hints:
            self.hints.append(message)
