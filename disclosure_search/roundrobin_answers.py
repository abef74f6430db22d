"""Each answer of one letter, found where letters put it.

Letters answer a numbered request in three ways, tried in this order:
- they quote the questions as a block, then answer in a numbered response section
  ("OUR RESPONSE: 1. ... 2. ..."): answer N is item N of that section;
- they print each question and its answer beneath it, sometimes more than once (a trust
  answering for each of its areas repeats the questions): the answer is what follows the
  last printing of the question that is followed by anything;
- otherwise the answer the indexer recorded with the question (`Disclosure.questions`).
A letter that answers the whole request once, after its last question, gives that answer
to each question. A letter that answers on the question's own line has its questions cut to
the request's wording first (`split_inline`), so the rest of the line is read as the answer.
A letter that answers in prose without numbers is handled by `roundrobin.assign_prose`.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from disclosure_search.models import Disclosure, Question
from disclosure_search.roundrobin_text import clean_answer

_MARKER = re.compile(r"^[ \t]*(?:Q(?:uestion)?\.?[ \t]*)?(\d{1,2})[ \t]*[.):][ \t]*", re.M | re.I)
MIN_FOOTER_CHARS = 20
EDGE_LINES = 8  # how far from a page's top or foot a letterhead or footer line sits


@dataclass(frozen=True)
class Answer:
    """An answer's text (cleaned) and where it starts in the letter's text (None: unknown)."""

    text: str
    offset: int | None = None


def find_footers(record: Disclosure) -> frozenset[str]:
    """Lines printed at the top of two or more pages, or at the foot of two or more:
    letterheads and footers. (A sentence repeated elsewhere, as two answers that start
    alike or a request's notes under each question, is no footer.)"""
    heads: Counter[str] = Counter()
    feet: Counter[str] = Counter()
    for part in record.parts:
        lines = [" ".join(line.split()) for line in part.text.split("\n")]
        heads.update({line for line in lines[:EDGE_LINES] if len(line) >= MIN_FOOTER_CHARS})
        feet.update({line for line in lines[-EDGE_LINES:] if len(line) >= MIN_FOOTER_CHARS})
    return frozenset(line for seen in (heads, feet) for line, n in seen.items() if n > 1)


def find_answers(record: Disclosure, asked: str = "") -> dict[str, Answer]:
    """Question number (as the letter numbers it) -> its answer, for every question.
    `asked`: the request's questions in other letters' words, so that stretches of them
    printed before an answer (a table's question cell) are left out of it too."""
    text, questions = record.text, record.questions
    footers = find_footers(record)
    echoes = [echoes_of(text, q.question) for q in questions]
    section = _response_section(text, questions, echoes, asked)
    starts = sorted(s for spans in echoes for s, _ in spans)
    answers = {}
    for n, q in enumerate(questions):
        wording = f"{q.question}\n{asked}"
        answer = Answer("")
        if section and q.number in section:
            start, end = section[q.number]
            answer = Answer(clean_answer(text[start:end], wording, footers), start)
        if not answer.text:
            answer = _after_echo(text, wording, echoes[n], starts, footers)
        if not answer.text:
            answer = _recorded(text, q.answer, wording, footers)
        answers[q.number] = answer
    return _one_reply(answers, echoes)


def _one_reply(
    answers: dict[str, Answer], echoes: list[list[tuple[int, int]]]
) -> dict[str, Answer]:
    """A letter that prints the whole request and answers it once, after the last question
    ('Trust response: Please find the attached document.'), gives that answer to each."""
    texts = [a.text for a in answers.values()]
    if len(texts) > 1 and all(echoes) and texts[-1] and not any(texts[:-1]):
        last = list(answers.values())[-1]
        return dict.fromkeys(answers, last)
    return answers


def split_inline(questions: tuple[Question, ...], asked: Sequence[str]) -> tuple[Question, ...]:
    """Each question cut where the request's wording of it (`asked`) ends. A letter that
    runs its answer on in the question's paragraph ('...specialised in housing support. The
    Trust does not have these roles.') had the answer read as part of the question."""
    out = []
    for q in questions:
        cut = None
        for wording in asked:
            said = re.findall(r"[\w’']+", wording)
            head = re.match(r"\W*" + r"\W+".join(said) + r"[^\w\s]*", q.question, re.I)
            if len(said) >= 3 and head and re.search(r"[a-z]{3}", q.question[head.end() :], re.I):
                cut = head.end()
                break
        out.append(Question(q.number, q.question[:cut], q.answer) if cut else q)
    return tuple(out)


def echoes_of(text: str, question: str) -> list[tuple[int, int]]:
    """(start, end) of each printing of the question, across line wraps."""
    said = re.findall(r"[\w’']+", question)
    if len(said) < 3:
        return []
    # The stop or colon that ends a printed question is no part of its answer.
    printed = r"\W+".join(said) + r"[.?:;,]*"
    whole = [(m.start(), m.end()) for m in re.finditer(printed, text, re.I)]
    if whole:
        return whole
    head = r"\W+".join(said[:6])
    return [(m.start(), m.end()) for m in re.finditer(head, text, re.I)]


def _response_section(
    text: str, questions: tuple[Question, ...], echoes: list[list[tuple[int, int]]], asked: str
) -> dict[str, tuple[int, int]] | None:
    """Number -> (start, end) of each item of a numbered response section, when the letter
    quotes all its questions as one block (nothing but numbers, or words of the questions
    that the indexer cut off, between them) and answers after it."""
    if len(questions) < 2 or not all(echoes):
        return None
    firsts = [e[0] for e in echoes]
    for (_, end), (start, _) in zip(firsts, firsts[1:], strict=False):
        if start < end or not _only_asked(text[end:start], asked):
            return None
    block_end = firsts[-1][1]
    markers = [m for m in _MARKER.finditer(text, block_end)]
    run = _longest_run(markers)
    if len(run) < 2:
        return None
    items = {}
    for m, following in zip(run, [*run[1:], None], strict=True):
        items[m.group(1)] = (m.end(), following.start() if following else len(text))
    return items


def _only_asked(gap: str, asked: str) -> bool:
    said = " ".join(re.findall(r"[a-z]+", re.sub(r"(?i)\bQ(?:uestion)?\b", "", gap).lower()))
    return not said or f" {said} " in " " + " ".join(re.findall(r"[a-z]+", asked.lower())) + " "


def _longest_run(markers: list[re.Match[str]]) -> list[re.Match[str]]:
    """The longest run of markers numbered 1, 2, 3... in order (the first of equals)."""
    best: list[re.Match[str]] = []
    for i, m in enumerate(markers):
        if m.group(1) != "1":
            continue
        run = [m]
        for later in markers[i + 1 :]:
            if int(later.group(1)) == int(run[-1].group(1)) + 1:
                run.append(later)
        best = run if len(run) > len(best) else best
    return best


def _after_echo(
    text: str,
    wording: str,
    echoes: list[tuple[int, int]],
    starts: list[int],
    footers: frozenset[str],
) -> Answer:
    """What follows the last printing of the question (`echoes`) that is followed by an
    answer, up to the next printing of any question (`starts`)."""
    for _, end in reversed(echoes):
        following = [s for s in starts if s >= end]
        stop = len(text)
        if following:  # up to the line the next question starts on (its number too)
            stop = text.rfind("\n", end, following[0]) + 1 or following[0]
        answer = clean_answer(text[end:stop], wording, footers)
        if answer:
            return Answer(answer, _start_of(answer, text, end, stop))
    return Answer("")


def _start_of(answer: str, text: str, start: int, stop: int) -> int:
    """Where the answer's first words are in text[start:stop] (a heading or a page may come
    between a question and its answer), else `start`."""
    head = r"\s+".join(re.escape(w) for w in answer.split("\n")[0].split()[:6])
    found = re.compile(head).search(text, start, stop)
    return found.start() if found else start


def _recorded(text: str, recorded: str, wording: str, footers: frozenset[str]) -> Answer:
    """The answer the indexer recorded, cleaned, and where it starts in the letter."""
    answer = clean_answer(recorded, wording, footers)
    head = answer[:40]
    offset = text.find(head) if head else -1
    return Answer(answer, offset if offset >= 0 else None)
