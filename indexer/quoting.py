"""Letters that quote a round-robin request they were not grouped by.

Grouping (indexer.similar) compares the requests the metadata stage read. A letter whose
questions were not found (printed without numbers, or quoted as a paragraph before a reply in
prose) has only its title to compare, and one that quotes the request with notes of its own
reads as a different request: both stay out of their group. Yet a reply that prints most of a
request answers it. So once groups are found, a letter outside every group joins the group
whose request it prints: most of that request's word trigrams appear in the letter's opening
words.

A group's request is the wording most of its members share. Only requests of
MIN_REQUEST_WORDS words or more are looked for: a short one (a title) is printed by letters
that answer other requests on the same subject.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Mapping
from itertools import islice

from disclosure_search.config import Settings
from disclosure_search.errors import NotFoundError
from disclosure_search.models import SearchQuery
from disclosure_search.records import read_record
from disclosure_search.search import SearchIndex

QUOTED = 0.6  # share of a request's word trigrams a letter must print to answer it
MIN_REQUEST_WORDS = 20
HEAD_WORDS = 3000  # a request is quoted near the top: the rest of a long reply is not read
PROBE_WORDS = 5  # words in each phrase that finds letters quoting a request in the index
PROBES = 3
MAX_PROBED = 2000  # letters read for one request found for the first time

Gram = tuple[str, str, str]


def words_of(text: str) -> list[str]:
    """Lower-case words and numbers: a request's text as grouping compares it."""
    return re.findall(r"[a-z0-9]+", text.lower())


def trigrams(words: list[str]) -> set[Gram]:
    return {(words[i], words[i + 1], words[i + 2]) for i in range(len(words) - 2)}


def group_requests(groups: Mapping[str, str], requests: Mapping[str, str]) -> dict[str, str]:
    """group id -> the request wording most of its members share (the longest, on a tie),
    for groups whose request is long enough to be recognised when quoted."""
    wordings: dict[str, Counter[str]] = defaultdict(Counter)
    for doc_id, group in groups.items():
        if requests.get(doc_id):
            wordings[group][requests[doc_id]] += 1
    found = {}
    for group, counts in wordings.items():
        wording = max(counts, key=lambda text: (counts[text], len(text), text))
        if len(wording.split()) >= MIN_REQUEST_WORDS:
            found[group] = wording
    return found


def probe_phrases(request: str) -> list[str]:
    """A few phrases spread over a request: any letter that quotes it prints some of them."""
    words = request.split()
    last = len(words) - PROBE_WORDS
    starts = sorted({round(last * i / (PROBES - 1)) for i in range(PROBES)})
    return [" ".join(words[s : s + PROBE_WORDS]) for s in starts]


class QuoteMatcher:
    """Finds which group's request, if any, a letter prints."""

    def __init__(self, requests: Mapping[str, str]) -> None:
        self._grams = {group: trigrams(text.split()) for group, text in requests.items()}
        self._groups_of: dict[Gram, list[str]] = defaultdict(list)
        for group, grams in self._grams.items():
            for gram in grams:
                self._groups_of[gram].append(group)

    def __bool__(self) -> bool:
        return bool(self._grams)

    def group_of(self, text: str) -> str | None:
        """The group whose request `text` prints most of (at least QUOTED), else None."""
        printed: Counter[str] = Counter()
        for gram in trigrams(words_of(text)[:HEAD_WORDS]):
            printed.update(self._groups_of.get(gram, ()))
        shares = {group: n / len(self._grams[group]) for group, n in printed.items()}
        best = max(shares, key=lambda group: (shares[group], group), default=None)
        return best if best is not None and shares[best] >= QUOTED else None


def letter_text(settings: Settings, doc_id: str) -> str:
    """A disclosure's title and text from its record ("" when it has none any more)."""
    try:
        record = read_record(settings, doc_id)
    except NotFoundError:
        return ""
    return f"{record.title}\n{record.text}"


def letters_printing(index: SearchIndex, request: str) -> list[str]:
    """doc_ids of disclosures that print one of a request's probe phrases, best first."""
    text = " OR ".join(f'"{phrase}"' for phrase in probe_phrases(request))
    return [hit.doc_id for hit in islice(index.iter_hits(SearchQuery(text=text)), MAX_PROBED)]
