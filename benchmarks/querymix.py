"""The fixed query mix, chosen from a generated corpus so that every query hits.

Nine kinds, `variants` queries of each, picked with a seeded generator from the corpus's word
statistics and a few of its whole letters: one word, two words, a phrase, a word with a date
range, a word with an authority, a reference lookup, a word with facet counts, page 2 of a
common word, and a question in plain English. Each engine turns a `Query` into its own form:
`fts_match` gives the SQLite FTS5 MATCH expression the FTS5 and Datasette peers share.
"""

from __future__ import annotations

import calendar
import random
import re
from dataclasses import dataclass

import letters
from corpus import WORD, Corpus, Doc

KINDS = (
    "one_word",
    "two_words",
    "phrase",
    "word_dates",
    "word_authority",
    "reference",
    "facets",
    "page_2",
    "question",
)
STOP_WORDS = (
    "about after also been before being between could does each following from have into "
    "more most other over please provide request requested same since some such than that "
    "their them then there these they this those under were what when where which while "
    "will with would your yours dear thank information held hold response answer question "
    "letter regards sincerely kind much many during last three whether"
)
STOP = set(STOP_WORDS.split())
# Words every kind of letter prints whatever it answers (boilerplate, dates): nobody searches
# for them, so queries are drawn from the requests' own words without these.
BOILERPLATE = set(
    WORD.findall(" ".join([*letters.EXEMPTIONS, *letters.ANSWERS, letters.APPEAL]).lower())
) | {m.lower() for m in calendar.month_name[1:] + calendar.day_name[:]}
TEMPLATES = [
    "how much was spent on {a} {b}?",
    "what records do you keep about {a} {b}",
    "is there any information on {a} {b} from last year",
    "who is responsible for {a} {b}?",
]
BIGRAM = re.compile(r"\b([A-Za-z]{4,}) ([A-Za-z]{4,})\b")


@dataclass(frozen=True)
class Query:
    """One query of the mix, engine-neutral."""

    kind: str
    text: str = ""
    authority: str | None = None
    date_from: str | None = None  # ISO
    date_to: str | None = None
    request_id: str | None = None
    page: int = 1
    facets: bool = False

    def label(self) -> str:
        """A short human description for tables and JSON."""
        extra = [
            f"{k}={v}"
            for k, v in (
                ("authority", self.authority),
                ("from", self.date_from),
                ("to", self.date_to),
                ("request_id", self.request_id),
                ("page", self.page if self.page > 1 else None),
            )
            if v
        ]
        return " ".join([repr(self.text)] * bool(self.text) + extra)


def build_mix(corpus: Corpus, variants: int = 4, seed: int = 12) -> list[Query]:
    """`variants` queries of each kind, the same ones for the same corpus and seed."""
    rng = random.Random(seed)
    n = corpus.count
    mid = band(corpus, 0.02 * n, 0.15 * n) or band(corpus, 1, 0.5 * n)
    common = band(corpus, 0.2 * n, 0.6 * n) or mid
    queries: list[Query] = []
    used: set[str] = set()

    def draw(pool: list[str]) -> str:
        """A word (or reference) of `pool` not drawn before, while there are any."""
        word = rng.choice([w for w in pool if w not in used] or pool)
        used.add(word)
        return word

    for _ in range(variants):
        doc = rng.choice(corpus.anchors)
        a, b = phrase_in(rng, doc, corpus) or (rng.choice(mid), rng.choice(mid))
        year = rng.randrange(2015, 2024)
        queries += [
            Query("one_word", draw(mid)),
            Query("two_words", " ".join(words_in(rng, doc, mid, 2))),
            Query("phrase", f'"{a} {b}"'),
            Query(
                "word_dates",
                draw(mid),
                date_from=f"{year}-01-01",
                date_to=f"{year + 1}-12-31",
            ),
            Query("word_authority", words_in(rng, doc, mid, 1)[0], authority=doc.authority),
            Query("reference", request_id=draw(references(corpus))),
            Query("facets", draw(common), facets=True),
            Query("page_2", draw(common), page=2),
            Query("question", rng.choice(TEMPLATES).format(a=a, b=b)),
        ]
    return sorted(queries, key=lambda q: KINDS.index(q.kind))


def band(corpus: Corpus, low: float, high: float) -> list[str]:
    """Words of the requests found in between `low` and `high` letters, sorted."""
    return sorted(
        w
        for w, df in corpus.doc_freq.items()
        if low <= df <= high and w in corpus.subjects and w not in STOP | BOILERPLATE
    )


def words_in(rng: random.Random, doc: Doc, pool: list[str], k: int) -> list[str]:
    """`k` words of `pool` that `doc` contains (from the whole pool if it has too few)."""
    mine = sorted(set(WORD.findall(doc.request.lower())) & set(pool))
    return rng.sample(mine if len(mine) >= k else pool, k)


def phrase_in(rng: random.Random, doc: Doc, corpus: Corpus) -> tuple[str, str] | None:
    """Two adjacent content words from `doc`'s request, rarer than one letter in two."""
    pairs = [
        (a.lower(), b.lower())
        for a, b in BIGRAM.findall(doc.request)
        if not {a.lower(), b.lower()} & (STOP | BOILERPLATE)
        and corpus.doc_freq[a.lower()] < corpus.count / 2
    ]
    return rng.choice(pairs) if pairs else None


def references(corpus: Corpus) -> list[str]:
    """References with at least three digits that their letters print."""
    found = [
        d.reference
        for d in corpus.anchors
        if d.reference in d.text and sum(c.isdigit() for c in d.reference) >= 3
    ]
    return found or [corpus.anchors[0].reference]


def fts_match(q: Query) -> str:
    """The FTS5 MATCH expression for `q`: words ANDed (a question's content words ORed), a
    phrase or a reference as one quoted phrase."""
    if q.request_id:
        return quote(q.request_id)
    if q.kind == "phrase":
        return quote(q.text.strip('"'))
    words = re.findall(r"[A-Za-z0-9]+", q.text)
    if q.kind == "question":
        return " OR ".join(quote(w) for w in words if w.lower() not in STOP and len(w) > 3)
    return " ".join(quote(w) for w in words)


def quote(text: str) -> str:
    """`text` as an FTS5 string (a phrase of its tokens)."""
    return '"' + text.replace('"', '""') + '"'
