"""Topics from the curated taxonomy in disclosure_search/data/topics.toml, scored by weight."""

from __future__ import annotations

import re
import tomllib
from bisect import bisect_left
from dataclasses import dataclass
from functools import cache

from disclosure_search.config import DATA_DIR

TOPICS_TOML = DATA_DIR / "topics.toml"
MAX_TOPICS = 3
MIN_SCORE = 4.0
RELATIVE = 0.35  # a topic scoring under this share of the best one is noise, not a topic
TEXT_CAP = 5  # a term repeated all through a long document counts at most this often
MAX_TEXT = 50_000

# Sentences of rights, re-use, privacy and e-mail boilerplate: they say nothing about the
# subject, and every response has them (internal review, ICO, viruses, software licences).
_BOILERPLATE = re.compile(
    r"virus|re-?us(?:e|ing)|open government licen[cs]e|internal review|information commissioner"
    r"|copyright|intended solely|disclaimer|privacy|unhappy with|dissatisfied|publication scheme"
    r"|disclosure log|this e-?mail|please use this email address|whatdotheyknow|safelinks"
    r"|do not hesitate to contact|any queries",
    re.I,
)
_SENTENCE = re.compile(r"(?<=[.!?])\s+|\n\s*\n")
_WORD = re.compile(r"\w+")
_NON_ASCII_WORD = re.compile(r"[^\W\x00-\x7f]")


@dataclass(frozen=True)
class Term:
    """A taxonomy term: its pattern and weight, and the word a text must hold for the pattern
    to match there (lower case; '' when it cannot say), that word's start when `prefix`."""

    pattern: re.Pattern[str]
    weight: float
    lead: str
    prefix: bool


@dataclass(frozen=True)
class Topic:
    slug: str
    label: str
    terms: tuple[Term, ...]


@cache
def taxonomy() -> tuple[Topic, ...]:
    """The taxonomy, compiled once per process."""
    with TOPICS_TOML.open("rb") as handle:
        raw = tomllib.load(handle)
    return tuple(
        Topic(
            slug,
            spec["label"],
            tuple(_term(t, float(w)) for t, w in spec["terms"].items()),
        )
        for slug, spec in raw.items()
    )


def _term(term: str, weight: float) -> Term:
    stem = term.strip().rstrip("*")
    ending = r"\w*" if term.strip().endswith("*") else ""
    pattern = re.compile(rf"\b{re.escape(stem)}{ending}\b", re.I)
    # A term starting with no ASCII word has no lead: it is tried on every text.
    start = _WORD.match(stem.lower()) if stem.isascii() else None
    lead = start.group() if start else ""
    return Term(pattern, weight, lead, prefix=bool(ending) and lead == stem.lower())


def find_topics(title: str, text: str, names: tuple[str, ...] = ()) -> tuple[str, ...]:
    """Up to MAX_TOPICS topic slugs, best first; title words count three times, boilerplate
    sentences not at all, and topics far behind the best are dropped. `names` (the
    authority's names) are not read: 'Ministry of Housing' does not make a letter about housing."""
    body = subject_text(text[:MAX_TEXT])
    for name in sorted(names, key=len, reverse=True):
        body = re.sub(re.escape(" ".join(name.split())), " ", body, flags=re.I)
    title = " ".join(title.split())
    present = _Words(f"{title} {body}")
    scores: dict[str, float] = {}
    for topic in taxonomy():
        score = sum(
            t.weight
            * (3 * len(t.pattern.findall(title)) + min(len(t.pattern.findall(body)), TEXT_CAP))
            for t in topic.terms
            if present.may_match(t)
        )
        if score >= MIN_SCORE:
            scores[topic.slug] = score
    best = max(scores.values(), default=0.0)
    ranked = sorted((s for s in scores if scores[s] >= RELATIVE * best), key=lambda s: -scores[s])
    return tuple(ranked[:MAX_TOPICS])


class _Words:
    """The words of a text, to skip the terms that cannot match it: there are some 270, and
    a letter holds a few. A text with letters other than ASCII ones is not judged (a case-blind
    pattern and str.lower() may disagree there), so every term is tried on it."""

    def __init__(self, text: str) -> None:
        self.judged = not _NON_ASCII_WORD.search(text)
        self.words = sorted(set(_WORD.findall(text.lower()))) if self.judged else []
        self.exact = set(self.words)

    def may_match(self, term: Term) -> bool:
        if not self.judged or not term.lead:
            return True
        if not term.prefix:
            return term.lead in self.exact
        at = bisect_left(self.words, term.lead)
        return at < len(self.words) and self.words[at].startswith(term.lead)


def subject_text(text: str) -> str:
    """`text` without its boilerplate sentences."""
    kept = (s for s in _SENTENCE.split(text) if not _BOILERPLATE.search(s))
    return " ".join(" ".join(s.split()) for s in kept)


def topic_labels() -> dict[str, str]:
    """Slug -> label for every topic, in taxonomy order."""
    return {topic.slug: topic.label for topic in taxonomy()}
