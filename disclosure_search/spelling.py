""" "Did you mean": misspelt words corrected against the words of the index.

A suggestion is offered only when it is very likely what was meant: the typed word is unknown
to the index, it is written as a plain word (no digits, brackets or symbols beside it), the
query is short and holds no emoji or reference, and a neighbour one small edit away (two for
long words) is found in enough documents to be a word people write, not a stray typo.
A wrong suggestion costs more than none ("🚑 ambulance" must not become "🚑 able").

The body field is stemmed, so the index vocabulary holds stems ("physiotherapi"). A candidate
stem is turned back into a word a person would type by re-applying the typed word's own ending
and checking that it stems the same ("physiotheraphy" -> "physiotherapi" -> "physiotherapy").
"""

from __future__ import annotations

import os
import re
import unicodedata
from typing import Any

from disclosure_search import schema as S
from disclosure_search.querynodes import AllOf, AnyOf, Node, Word, replace_span

# Longer queries are sentences: a rare word in one is more likely a name than a typo.
MAX_QUERY_WORDS = 6
# Shorter words have too many neighbours one edit away to say which was meant.
MIN_LETTERS = 5
# Words this long may be two edits out ("accomodaton"); shorter ones only one.
TWO_EDITS_FROM = 9
# A neighbour seen in only one document is as likely a typo in that document.
MIN_DOCS = 2

_PLAIN_WORD = re.compile(r"[A-Za-z]+(?:['’][A-Za-z]+)?")
# What may stand beside a word typed as a word: sentence punctuation, nothing else.
_TRAILING = ".,;:!?"


def suggest_query(searcher: Any, text: str, node: Node | None) -> str | None:
    """`text` with its misspelt words replaced by the likeliest index words, or None."""
    if not worth_correcting(text):
        return None
    analyzer = searcher.schema[S.BODY].analyzer
    reader = searcher.reader()
    corrected = text
    # Right to left, so the spans of words not yet replaced stay valid.
    for word in sorted(plain_words(text, node), key=lambda w: w.start, reverse=True):
        stems = [t.text for t in analyzer(word.text, mode="query")]
        if len(stems) != 1 or any(reader.doc_frequency(f, stems[0]) for f in (S.BODY, S.TITLE)):
            continue
        replacement = best_word(reader, analyzer, word.text, stems[0])
        if replacement:
            corrected = replace_span(corrected, word.start, word.end, replacement)
    return corrected if corrected != text else None


def worth_correcting(text: str) -> bool:
    """False for long queries and for queries holding emoji, symbols or references."""
    tokens = text.split()
    if not tokens or len(tokens) > MAX_QUERY_WORDS:
        return False
    if any(unicodedata.category(c).startswith(("S", "C")) for c in text if not c.isspace()):
        return False  # emoji, arrows, currency, control and private-use characters
    # A token mixing letters and digits (FOI-2023-12, 21/0456) is a reference, not a word.
    return not any(re.search(r"\d", t) and re.search(r"[A-Za-z]", t) for t in tokens)


def plain_words(text: str, node: Node | None) -> list[Word]:
    """The words the user wants found that were typed as plain words: not prefixes,
    wildcards, NOT words, numbers, or words touching brackets or other symbols."""
    if isinstance(node, Word):
        return [node] if typed_as_word(text, node) else []
    if isinstance(node, AllOf | AnyOf):
        return [w for n in node.nodes for w in plain_words(text, n)]
    return []


def typed_as_word(text: str, word: Word) -> bool:
    """Whether `word` stands in `text` on its own, between spaces, as letters only."""
    if not _PLAIN_WORD.fullmatch(word.text) or text[word.start : word.end] != word.text:
        return False
    before = text[word.start - 1] if word.start > 0 else " "
    after = text[word.end :].split(maxsplit=1)[0] if text[word.end :].strip() else ""
    starts_clear = before.isspace() or word.start == 0
    return starts_clear and (not after or text[word.end].isspace() or after in _TRAILING)


def best_word(reader: Any, analyzer: Any, typed: str, stem: str) -> str | None:
    """The likeliest index word near `typed`, spelt as a word, or None.

    Nearest first; at the same distance a neighbour of the typed letters themselves beats a
    neighbour of their stem (whose re-applied ending is a guess: "homeles" is "homeless",
    not "homees"); then the one found in more documents."""
    if len(typed) < MIN_LETTERS:
        return None
    allowed = 2 if len(typed) >= TWO_EDITS_FROM else 1
    best: tuple[int, int, int] | None = None
    chosen = None
    lowered = typed.lower()
    # Stems are short, so two edits to a stem change a word out of recognition.
    keys = dict.fromkeys([(lowered, allowed), (stem, 1)])
    for source, (key, distance) in enumerate(keys):
        for near in reader.terms_within(S.BODY, key, distance, prefix=1):
            count = reader.doc_frequency(S.BODY, near)
            word = surface_form(analyzer, typed, stem, near)
            # Cutting letters off the end makes a stem or a shorter word ("hospit" for
            # "hospitl", "late" for "later"), never the fix of a typo.
            if word is None or count < MIN_DOCS or lowered.startswith(word):
                continue
            # Distance is judged on the words as read, not on stems: "ambul" is two edits
            # from "abl", but "ambulance" is nowhere near "able".
            rank = (edit_distance(word, lowered), source, -count)
            if rank[0] <= allowed and (best is None or rank < best):
                best, chosen = rank, word
    if chosen is None:
        return None
    return chosen.capitalize() if typed[:1].isupper() else chosen


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
    """Edits (insert, delete, substitute, swap two neighbours) between two words: the
    optimal string alignment distance, so "recieve" is one edit from "receive"."""
    rows = [list(range(len(b) + 1))]
    for i in range(1, len(a) + 1):
        row = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            row[j] = min(rows[-1][j] + 1, row[j - 1] + 1, rows[-1][j - 1] + (a[i - 1] != b[j - 1]))
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                row[j] = min(row[j], rows[-2][j - 2] + 1)
        rows.append(row)
    return rows[-1][-1]
