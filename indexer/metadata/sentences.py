"""Sentences of a response, as the exemption and outcome readers see them."""

from __future__ import annotations

import re

# A sentence ends at . ! ? before a capital, digit or bullet, at a blank line, at a colon ending
# a line, or before a bulleted line; not after an abbreviation that a number follows ("s. 21",
# "reg. 13", "No. 3244").
_SENTENCE_END = re.compile(
    r"(?<![\s(]s\.)(?<![\s(]ss\.)(?<!\bsec\.)(?<!\breg\.)(?<!\bNo\.)(?<!\bno\.)(?<!\bpara\.)"
    r"(?<=[.!?])\s+(?=(?:[\"“‘(\[]|[•▪●◦]\s*)?[A-Z0-9])|\n\s*\n|(?<=:)[ \t]*\n"
    r"|\n[ \t]*(?=[•▪●◦])"
)


def split_sentences(text: str) -> list[str]:
    """Sentences with hard line wraps joined (a heading runs into its first sentence)."""
    return [" ".join(s.split()) for s in _SENTENCE_END.split(text) if s.strip()]
