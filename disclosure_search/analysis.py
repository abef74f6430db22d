"""The schema's text analysis, fast: the same tokens as the Whoosh analyzers give, without
Whoosh's chain of token generators.

Whoosh analyses what it indexes itself; the tantivy engine is handed tokens (see
tantivy_index), so both engines hold the same terms. Walking Whoosh's generator chain costs
about 5 µs a word, most of an ingest's main process; the same steps in one loop cost a
fifth of that. The analyzers are read from the schema, never restated: a chain made of parts
this module does not know is run by Whoosh itself.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from typing import Any

from whoosh.analysis import LowercaseFilter, RegexTokenizer, StemFilter, StopFilter

from disclosure_search import schema as S

# (text, position, start char, end char), as tantivy.Token takes them.
Token = tuple[str, int, int, int]
Analysis = Callable[[str], list[Token]]

STEM_CACHE = 200_000  # distinct words stemmed per process, kept


@cache
def whoosh_schema() -> Any:
    """The Whoosh schema, for its analyzers (the same index terms in both engines)."""
    return S.build_schema()


@cache
def analysis(field: str) -> Analysis:
    """The index-time analysis of `field`: its tokens with positions and offsets, exactly as
    the field's Whoosh analyzer gives them."""
    return analysis_by(whoosh_schema()[field].analyzer)


def analysis_by(analyzer: Any, keep_stops: bool = False) -> Analysis:
    """What `analyzer` gives in index mode, as tokens. With `keep_stops`, stop words stay in,
    as written and unstemmed (Whoosh's removestops=False: what a highlighter reads); their
    positions then mean nothing."""
    return _fast(analyzer, keep_stops) or _by_whoosh(analyzer, keep_stops)


def _by_whoosh(analyzer: Any, keep_stops: bool = False) -> Analysis:
    def run(text: str) -> list[Token]:
        return [
            (t.text, t.pos, t.startchar, t.endchar)
            for t in analyzer(
                text, positions=True, chars=True, mode="index", removestops=not keep_stops
            )
        ]

    return run


# Stems already made, per stemming function: words recur across documents and searches.
_STEMS: dict[Any, dict[str, str]] = {}


def _fast(analyzer: Any, keep_stops: bool) -> Analysis | None:
    """One loop doing what a RegexTokenizer | LowercaseFilter [| StopFilter] [| StemFilter]
    chain does; None for any other chain."""
    tokenizer, *filters = getattr(analyzer, "items", [analyzer])
    if type(tokenizer) is not RegexTokenizer or tokenizer.gaps:
        return None
    kinds = [type(f) for f in filters]
    if kinds not in (
        [LowercaseFilter],
        [LowercaseFilter, StopFilter],
        [LowercaseFilter, StopFilter, StemFilter],
    ):
        return None
    stop = filters[1] if len(filters) > 1 else None
    if stop is not None and not stop.renumber:
        return None
    stemmer = filters[2] if len(filters) > 2 else None
    if stemmer is not None and (stemmer.ignore or stemmer.lang):
        return None
    stemfn = stemmer.stemfn if stemmer else None
    stems = _STEMS.setdefault(stemfn, {})
    finditer = tokenizer.expression.finditer
    stops = stop.stops if stop else frozenset()
    shortest = stop.min if stop else 0
    longest = (stop.max if stop else None) or float("inf")

    def run(text: str) -> list[Token]:
        found: list[Token] = []
        pos = -1
        for index, match in enumerate(finditer(text)):
            word = match.group().lower()
            start, end = match.span()
            if stop is not None:
                if not shortest <= len(word) <= longest or word in stops:
                    if keep_stops:
                        found.append((word, index, start, end))
                    continue
                # Whoosh renumbers kept words from the first one's own position on.
                pos = index if pos < 0 else pos + 1
            else:
                pos = index
            if stemfn is not None:
                stemmed = stems.get(word)
                if stemmed is None:
                    if len(stems) >= STEM_CACHE:
                        stems.clear()
                    stemmed = stems[word] = stemfn(word)
                word = stemmed
            found.append((word, pos, start, end))
        return found

    return run
