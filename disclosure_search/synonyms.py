"""Words people use for FOI ideas (the bundled query_words.toml), applied to plain queries.

A query's plain words are read left to right; where several of them spell a listed phrase
("too expensive", "blacked out"), they become one idea that searches every phrase of its
entry, and the entry's exemption or outcome. Framing words ("does", "which", "the") are set
aside: they add to the score but never decide a match. Pure: no Whoosh here.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cache

from disclosure_search.config import DATA_DIR
from disclosure_search.querynodes import Word

QUERY_WORDS = DATA_DIR / "query_words.toml"
LONGEST = 6  # words in the longest phrase looked for
_FOLD = re.compile(r"[^\w']+")


@dataclass(frozen=True)
class Entry:
    """Phrases meaning the same, and the metadata they stand for."""

    phrases: tuple[str, ...]
    exemption: str | None = None
    outcome: str | None = None


@dataclass(frozen=True)
class Idea:
    """One thing a query asks about: a word as typed, or a listed phrase with its entry."""

    text: str
    words: tuple[Word, ...]
    entry: Entry | None = None
    framing: bool = False

    @property
    def alternatives(self) -> tuple[str, ...]:
        """The other phrases searched for this idea (not the one typed)."""
        if not self.entry:
            return ()
        typed = fold(self.text)
        return tuple(dict.fromkeys(p for p in self.entry.phrases if p != typed))


@dataclass(frozen=True)
class QueryWords:
    version: int
    framing: frozenset[str]
    phrases: dict[str, Entry]


def fold(text: str) -> str:
    """Lower case, curly quotes straightened, punctuation as single spaces."""
    text = text.lower().replace("’", "'").replace("‘", "'")
    return " ".join(_FOLD.sub(" ", text).split())


@cache
def query_words() -> QueryWords:
    """The list in disclosure_search/data/query_words.toml."""
    with QUERY_WORDS.open("rb") as handle:
        data = tomllib.load(handle)
    phrases: dict[str, Entry] = {}
    for item in data.get("same", []):
        entry = Entry(
            tuple(fold(w) for w in item["words"]), item.get("exemption"), item.get("outcome")
        )
        for phrase in entry.phrases:
            phrases.setdefault(phrase, entry)
    return QueryWords(int(data.get("version", 0)), frozenset(data.get("framing", ())), phrases)


def find_ideas(words: tuple[Word, ...]) -> list[Idea]:
    """The query's plain words as ideas, longest listed phrase first at each position."""
    listed = query_words()
    ideas: list[Idea] = []
    n = 0
    while n < len(words):
        for size in range(min(LONGEST, len(words) - n), 0, -1):
            span = words[n : n + size]
            phrase = fold(" ".join(w.text for w in span))
            if phrase in listed.phrases:
                ideas.append(Idea(" ".join(w.text for w in span), span, listed.phrases[phrase]))
                n += size
                break
        else:
            word = words[n]
            ideas.append(Idea(word.text, (word,), framing=fold(word.text) in listed.framing))
            n += 1
    if all(i.framing for i in ideas):  # "what did they say": nothing else to go on
        ideas = [Idea(i.text, i.words) for i in ideas]
    return ideas
