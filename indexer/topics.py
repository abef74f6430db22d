"""Topics from the curated taxonomy in disclosure_search/data/topics.toml, scored by weight."""

from __future__ import annotations

import re
import tomllib
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


@dataclass(frozen=True)
class Topic:
    slug: str
    label: str
    terms: tuple[tuple[re.Pattern[str], float], ...]


@cache
def taxonomy() -> tuple[Topic, ...]:
    """The taxonomy, compiled once per process."""
    with TOPICS_TOML.open("rb") as handle:
        raw = tomllib.load(handle)
    return tuple(
        Topic(
            slug,
            spec["label"],
            tuple((_term_pattern(t), float(w)) for t, w in spec["terms"].items()),
        )
        for slug, spec in raw.items()
    )


def _term_pattern(term: str) -> re.Pattern[str]:
    stem = re.escape(term.strip().rstrip("*"))
    ending = r"\w*" if term.strip().endswith("*") else ""
    return re.compile(rf"\b{stem}{ending}\b", re.I)


def find_topics(title: str, text: str, names: tuple[str, ...] = ()) -> tuple[str, ...]:
    """Up to MAX_TOPICS topic slugs, best first; title words count three times, boilerplate
    sentences not at all, and topics far behind the best are dropped. `names` (the
    authority's names) are not read: 'Ministry of Housing' does not make a letter about housing."""
    body = subject_text(text[:MAX_TEXT])
    for name in sorted(names, key=len, reverse=True):
        body = re.sub(re.escape(" ".join(name.split())), " ", body, flags=re.I)
    title = " ".join(title.split())
    scores: dict[str, float] = {}
    for topic in taxonomy():
        score = sum(
            weight * (3 * len(p.findall(title)) + min(len(p.findall(body)), TEXT_CAP))
            for p, weight in topic.terms
        )
        if score >= MIN_SCORE:
            scores[topic.slug] = score
    best = max(scores.values(), default=0.0)
    ranked = sorted((s for s in scores if scores[s] >= RELATIVE * best), key=lambda s: -scores[s])
    return tuple(ranked[:MAX_TOPICS])


def subject_text(text: str) -> str:
    """`text` without its boilerplate sentences."""
    kept = (s for s in _SENTENCE.split(text) if not _BOILERPLATE.search(s))
    return " ".join(" ".join(s.split()) for s in kept)


def topic_labels() -> dict[str, str]:
    """Slug -> label for every topic, in taxonomy order."""
    return {topic.slug: topic.label for topic in taxonomy()}
