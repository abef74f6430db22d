"""Topics from the curated taxonomy in data/topics.toml, scored by weighted terms."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cache

from disclosure_search.config import DATA_DIR

TOPICS_TOML = DATA_DIR / "topics.toml"
MAX_TOPICS = 3
MIN_SCORE = 4.0


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


def find_topics(title: str, text: str) -> tuple[str, ...]:
    """Up to MAX_TOPICS topic slugs, best first; title words count three times."""
    scores: dict[str, float] = {}
    for topic in taxonomy():
        score = sum(
            weight * (3 * len(p.findall(title)) + min(len(p.findall(text)), 5))
            for p, weight in topic.terms
        )
        if score >= MIN_SCORE:
            scores[topic.slug] = score
    return tuple(sorted(scores, key=lambda s: -scores[s])[:MAX_TOPICS])


def topic_labels() -> dict[str, str]:
    return {topic.slug: topic.label for topic in taxonomy()}
