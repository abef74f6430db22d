"""A round-robin request compiled: one row per authority, one column per question.

The questions are the request's as most letters print them: the letter whose questions
most other letters share gives the list, and each question is shown in its most common
wording. Every letter's questions are matched to that list by their words (weighted so that
words only one question uses count most), so a letter that rewords, splits or renumbers the
questions still lands its answers in the right columns. A letter that prints no questions
has its paragraphs assigned by the question numbers they name, else by their words.
"""

from __future__ import annotations

import dataclasses
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from disclosure_search.models import Disclosure, Part, Question, file_name
from disclosure_search.roundrobin_answers import (
    Answer,
    echoes_of,
    find_answers,
    find_footers,
    split_inline,
)
from disclosure_search.roundrobin_numbers import find_numbers
from disclosure_search.roundrobin_text import (
    ANSWERED,
    NO_ANSWER,
    clean_answer,
    find_status,
    is_closing,
    similarity,
    word_weights,
    words,
)

SAME_QUESTION = 0.6  # similarity at which two letters' questions are the same question
MATCH = 0.25  # least similarity for a letter's question to take a column
SAME_NUMBER = 0.05  # a nudge towards the column of the same number, for near ties
PROSE_WEIGHT = 1.5  # least weight of distinctive words a prose paragraph must share
_NAMES_QUESTIONS = re.compile(r"\bquestions?\s+((?:\d{1,2}\s*(?:,|and|&|to|-)\s*)*\d{1,2})\b", re.I)
_PARAGRAPH_SKIP = re.compile(r"^\s*(?:Dear\b|Thank you\b|Our ref|Re:|Request\b)", re.I)
# Words that say only that a letter answers an FOI request: a title made of nothing else
# ("Request for information under Freedom of Information Act 2000") names no subject.
_GENERIC_TITLE_WORDS = frozenset(
    str.split("""re request requests for information under the freedom of act foi foia eir
    environmental regulations your our response reply to a an and internal review ref
    reference no""")
)


@dataclass(frozen=True)
class Cell:
    """One authority's answer to one question of the request."""

    answer: str
    numbers: tuple[str, ...]
    status: str
    asked_as: str | None = None  # the letter's own number for the question
    part: int | None = None  # the part (page) of the disclosure the answer starts on
    page: int | None = None


@dataclass(frozen=True)
class Row:
    """One authority's letter: its metadata and a cell per question of the request."""

    doc_id: str
    authority: str
    request_id: str | None
    date: date | None
    cells: tuple[Cell, ...]
    unmatched: tuple[Question, ...] = ()  # the letter's questions no column took

    @property
    def link(self) -> str:
        return f"/disclosure/{self.doc_id}"

    def cell_link(self, cell: Cell) -> str:
        """The disclosure page, opened at the part the answer came from when known."""
        return f"{self.link}?part={cell.part}" if cell.part else self.link


@dataclass(frozen=True)
class CompiledGroup:
    """The question-by-authority table of one round-robin group."""

    group_id: str
    title: str
    questions: tuple[Question, ...]  # number "1".."n" and the common wording; no answers
    rows: tuple[Row, ...]

    def filled(self) -> int:
        """How many cells hold an answer."""
        return sum(c.status != NO_ANSWER for r in self.rows for c in r.cells)


def compile_group(group_id: str, records: Sequence[Disclosure]) -> CompiledGroup:
    """The table for `records`, the letters answering one request (any order)."""
    canon = canonical_questions(records)
    title_text = group_title([r.title for r in records], canon)
    if not canon:
        canon = (Question("1", title_text),)
    weights = word_weights([q.question for q in canon])
    rows = tuple(
        sorted(
            (_row(r, canon, weights) for r in records),
            key=lambda row: (row.authority.lower(), row.date or date.min, row.doc_id),
        )
    )
    return CompiledGroup(group_id, title_text, canon, rows)


def group_title(titles: Sequence[str | None], questions: Sequence[Question] = ()) -> str:
    """A group's one title, on its page, in its downloads and in `group --list`: the most
    common member title that names a subject (not a generic 'Request for information...'),
    else the request's first question, else the most common title, else 'The same request'."""
    counted = Counter(" ".join(t.split()) for t in titles if t and t.strip())
    for title, _ in counted.most_common():
        if not is_generic_title(title):
            return title
    if questions:
        return " ".join(questions[0].question.split())
    return counted.most_common(1)[0][0] if counted else "The same request"


def is_generic_title(title: str) -> bool:
    """Whether `title` says only 'an FOI request' (its words all generic, or references)."""
    said = re.findall(r"[a-z]+", re.sub(r"\S*\d\S*", " ", title.lower()))
    return all(w in _GENERIC_TITLE_WORDS for w in said)


def canonical_questions(records: Sequence[Disclosure]) -> tuple[Question, ...]:
    """The request's questions: the list of the letter whose questions most other letters
    share (then of the commonest length), each in its most common wording."""
    asked = [r for r in records if r.questions]
    if not asked:
        return ()
    all_texts = [q.question for r in asked for q in r.questions]
    weights = word_weights(all_texts)
    modal = Counter(len(r.questions) for r in asked).most_common(1)[0][0]

    def agreement(r: Disclosure) -> tuple[int, bool]:
        shared = sum(
            any(
                similarity(q.question, o.question, weights) >= SAME_QUESTION
                for o in other.questions
            )
            for q in r.questions
            for other in asked
            if other is not r
        )
        return shared, len(r.questions) == modal

    reference = max(asked, key=agreement)
    canon = tuple(Question(str(n), q.question) for n, q in enumerate(reference.questions, 1))
    wordings: list[Counter[str]] = [Counter() for _ in canon]
    qweights = word_weights([q.question for q in canon])
    for r in asked:
        for column, q in align(r.questions, canon, qweights).items():
            wordings[column][" ".join(q.question.split())] += 1
    return tuple(
        Question(c.number, w.most_common(1)[0][0] if w else c.question)
        for c, w in zip(canon, wordings, strict=True)
    )


def align(
    questions: Sequence[Question], canon: Sequence[Question], weights: dict[str, float]
) -> dict[int, Question]:
    """Column index -> the letter's question in it: best matches first, one each way."""
    pairs = []
    for q in questions:
        for column, c in enumerate(canon):
            score = similarity(q.question, c.question, weights)
            score += SAME_NUMBER if q.number == c.number else 0.0
            pairs.append((score, column, q))
    taken: dict[int, Question] = {}
    used: set[int] = set()  # by identity: a file holding two replies repeats its numbers
    for score, column, q in sorted(pairs, key=lambda p: -p[0]):
        if score >= MATCH and column not in taken and id(q) not in used:
            taken[column] = q
            used.add(id(q))
    return taken


def _row(record: Disclosure, canon: Sequence[Question], weights: dict[str, float]) -> Row:
    if not record.questions:
        # A letter that prints the request's questions without numbers: they are its own.
        printed = tuple(c for c in canon if echoes_of(record.text, c.question))
        record = dataclasses.replace(record, questions=printed) if len(printed) > 1 else record
    if record.questions:
        asked = [c.question for c in canon]
        record = dataclasses.replace(record, questions=split_inline(record.questions, asked))
        answers = find_answers(record, "\n".join(c.question for c in canon))
        columns = align(record.questions, canon, weights)
        placed = {column: (q.number, answers[q.number]) for column, q in columns.items()}
        placed_ids = {id(q) for q in columns.values()}
        unmatched = tuple(
            Question(q.number, q.question, answers[q.number].text)
            for q in record.questions
            if id(q) not in placed_ids
        )
    else:
        placed = {column: (None, a) for column, a in assign_prose(record, canon, weights).items()}
        unmatched = ()
    cells = tuple(_cell(record, *placed.get(n, (None, Answer("")))) for n in range(len(canon)))
    if not record.questions and len(canon) == 1 and cells[0].status == ANSWERED:
        # One answer to the whole request: the indexer's outcome of the letter says more.
        cells = (dataclasses.replace(cells[0], status=record.outcome),)
    # A letter that never names its authority is known by its file name.
    authority = record.authority or file_name(record.source) or record.doc_id
    return Row(record.doc_id, authority, record.request_id, record.date, cells, unmatched)


def _cell(record: Disclosure, asked_as: str | None, answer: Answer) -> Cell:
    part = _part_at(record, answer.offset) if answer.text else None
    return Cell(
        answer=answer.text,
        numbers=find_numbers(answer.text),
        status=find_status(answer.text),
        asked_as=asked_as,
        part=part.number if part else None,
        page=part.page if part else None,
    )


def _part_at(record: Disclosure, offset: int | None) -> Part | None:
    """The part holding character `offset` of `record.text` (parts joined by a blank line)."""
    if offset is None:
        return None
    start = 0
    for part in record.parts:
        start += len(part.text) + 2
        if offset < start:
            return part
    return None


def assign_prose(
    record: Disclosure, canon: Sequence[Question], weights: dict[str, float]
) -> dict[int, Answer]:
    """Column -> answer for a letter without numbered questions: each paragraph goes to the
    questions it names ('In respect of questions 1 and 3'), else to the one question whose
    distinctive words it shares most; a single-question request takes the whole letter."""
    text, footers = record.text, find_footers(record)
    if len(canon) == 1:
        return {0: Answer(clean_answer(text, canon[0].question, footers), 0)}
    found: dict[int, list[tuple[int, str]]] = {}
    offset = 0
    for paragraph in re.split(r"\n\s*\n", text):
        start = text.find(paragraph, offset)
        offset = max(offset, start)
        if is_closing(paragraph):
            break  # the closing paragraphs: review rights, sign-off; no answers after them
        answer = clean_answer(paragraph, "", footers)
        if not answer or _PARAGRAPH_SKIP.match(answer):
            continue
        for column in _columns_of(answer, canon, weights):
            found.setdefault(column, []).append((start, answer))
    return {c: Answer("\n".join(a for _, a in found[c]), found[c][0][0]) for c in found}


def _columns_of(paragraph: str, canon: Sequence[Question], weights: dict[str, float]) -> list[int]:
    named = _NAMES_QUESTIONS.search(paragraph)
    if named:
        numbers = {int(n) for n in re.findall(r"\d{1,2}", named.group(1))}
        for low, high in re.findall(r"(\d{1,2})\s*(?:to|-)\s*(\d{1,2})", named.group(1)):
            numbers.update(range(int(low), int(high) + 1))  # "questions 1 to 3"
        return [i for i, c in enumerate(canon) if c.number.isdigit() and int(c.number) in numbers]
    said = set(words(paragraph))
    scores = []
    for i, c in enumerate(canon):
        asked = set(words(c.question))
        distinctive = [w for w in asked & said if w in weights and weights[w] > 0.5]
        scores.append((sum(weights[w] for w in distinctive), i))
    scores.sort(reverse=True)
    best, second = scores[0], scores[1] if len(scores) > 1 else (0.0, -1)
    return [best[1]] if best[0] >= PROSE_WEIGHT and best[0] > second[0] else []
