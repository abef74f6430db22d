""" "Did you mean": misspelt words corrected against the words of the index.

The body field is stemmed, so the index vocabulary holds stems ("physiotherapi"). A word the
index lacks is corrected to the closest, most frequent stem, and that stem is turned back
into a word a person would type by re-applying the typed word's own ending and checking
that it stems the same ("physiotheraphy" -> "physiotherapi" -> "physiotherapy").
"""

from __future__ import annotations

import os
import re
from typing import Any

from disclosure_search import schema as S
from disclosure_search.querynodes import AllOf, AnyOf, Node, Word, replace_span

_PLAIN_WORD = re.compile(r"[A-Za-z]{3,}")


def suggest_query(searcher: Any, text: str, node: Node | None) -> str | None:
    """`text` with its unknown words replaced by the likeliest index words, or None."""
    analyzer = searcher.schema[S.BODY].analyzer
    corrector = searcher.corrector(S.BODY)
    reader = searcher.reader()
    corrected = text
    # Right to left, so the spans of words not yet replaced stay valid.
    for word in sorted(plain_words(node), key=lambda w: w.start, reverse=True):
        stems = [t.text for t in analyzer(word.text, mode="query")]
        if len(stems) != 1 or any(reader.doc_frequency(f, stems[0]) for f in (S.BODY, S.TITLE)):
            continue
        replacement = best_word(corrector, analyzer, word.text, stems[0])
        if replacement:
            corrected = replace_span(corrected, word.start, word.end, replacement)
    return corrected if corrected != text else None


def plain_words(node: Node | None) -> list[Word]:
    """The alphabetic words the user wants found (not prefixes, wildcards or NOT words)."""
    if isinstance(node, Word):
        return [node] if _PLAIN_WORD.fullmatch(node.text) else []
    if isinstance(node, AllOf | AnyOf):
        return [w for n in node.nodes for w in plain_words(n)]
    return []


def best_word(corrector: Any, analyzer: Any, typed: str, stem: str) -> str | None:
    """The nearest index word to `typed` (one edit first, then two), spelt as a word."""
    # The typed word itself is often nearer a stem than its own stem is ("homeles" is one
    # edit from "homeless", its stem "homel" three).
    keys = dict.fromkeys([typed.lower(), stem])
    for distance in (1, 2):
        for key in keys:
            for suggestion in corrector.suggest(key, limit=3, maxdist=distance, prefix=1):
                word = surface_form(analyzer, typed, stem, suggestion)
                if word:
                    return word.capitalize() if typed[:1].isupper() else word
    return None


def surface_form(analyzer: Any, typed: str, typed_stem: str, stem: str) -> str | None:
    """A word that stems to `stem`, made by giving it the typed word's ending."""
    typed = typed.lower()
    common = len(os.path.commonprefix([typed, typed_stem]))
    stem_tail, typed_tail = typed_stem[common:], typed[common:]
    candidates = [stem, stem + "e", stem + "s", stem[:-1] + "y", stem + "ing", stem + "ed"]
    if stem.endswith(stem_tail):
        candidates.insert(0, stem[: len(stem) - len(stem_tail)] + typed_tail)
    valid = [c for c in candidates if [t.text for t in analyzer(c, mode="query")] == [stem]]
    # Of the spellings that stem right, the one fewest edits from what was typed reads most
    # like what was meant ("pothole" for "pothle", not the bare stem "pothol").
    return min(valid, key=lambda c: edit_distance(c, typed)) if valid else None


def edit_distance(a: str, b: str) -> int:
    """Levenshtein distance (insertions, deletions, substitutions) between two words."""
    previous = list(range(len(b) + 1))
    for i, char in enumerate(a, 1):
        current = [i]
        for j, other in enumerate(b, 1):
            current.append(
                min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (char != other))
            )
        previous = current
    return previous[-1]
