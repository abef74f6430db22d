"""Numbered questions of a request and the authority's answer to each.

Requests number their questions ("1.", "1)", "Q1", "Question 1"), else letter them ("a)") or
bullet them ("- "). A run counts from 1 (or a) without gaps; sub-parts ("1a", "a." under "1.")
belong to their question. In a letter each question is followed by its answer; in a request
thread the questions are the request's and each answer is the response's item of the same
number with the echoed question removed.
"""

from __future__ import annotations

import re
from string import ascii_lowercase

from disclosure_search.models import Question
from indexer.metadata.thread import ECHO_WORDS, remove_echo

_NUMBERED = re.compile(
    r"^[ \t]*(?:Q(?:uestion)?\.?[ \t]*(?P<q>\d{1,2})\b[.):]?|(?P<n>\d{1,2})[ \t]*[.)](?!\d))"
    r"[ \t]*(?P<rest>[^\n]*)$",
    re.M | re.I,
)
_LETTERED = re.compile(r"^[ \t]*\(?(?P<n>[a-h])\)[ \t]*(?P<rest>[^\n]*)$", re.M)
_BULLETED = re.compile(r"^[ \t]*[-•*–][ \t]+(?P<rest>\S[^\n]*)$", re.M)
_ANSWER_LABEL = re.compile(r"^(?:answers?|response|reply)(?:\s*[:.-]\s*|[ \t]*(?:\n|$))", re.I)
_SIGN_OFF = re.compile(
    r"^(?:Yours (?:sincerely|faithfully)|Kind regards|Regards|If you are (?:unhappy|dissatisfied)"
    r"|If you have any (?:queries|questions)|The supply of information|The information provided"
    r"|Please remember to quote|Complaint Rights)",
    re.M | re.I,
)
_REQUESTISH = re.compile(
    r"\?|\bplease\b|^(?:how|what|which|when|where|who|why|whether|does|do|did|is|are|was|were"
    r"|has|have|can|could|will|would|the (?:number|total|name|amount|cost|date|procedure)s?"
    r"|a (?:list|copy|breakdown)|copies|details|list|any|all)\b",
    re.I,
)
# A request site's list of a message's attachments ("2 Attachments / x.pdf / 88K / Download").
_ATTACHMENT_LIST = re.compile(
    r"^\d+ Attachments?\n(?:[^\n]+\n\d+K\n(?:Download\n)?(?:View as HTML\n)?)+"
)
_GREETING = re.compile(r"^\s*Dear [^\n]{1,60}\n")
_FOLLOW_UP = re.compile(r"^(?:.*\?|if (?:so|yes|not|applicable)\b.*)$", re.I)
_SUB_PART = re.compile(r"^\(?[a-h][.)]\s+\S")
_LINK = re.compile(r"(?:https?:|mailto:|www\.)", re.I)  # numbered link footnotes
MAX_QUESTION_LINES = 8
MAX_ANSWER_CHARS = 2000

Item = tuple[str, str]  # (number, the item's text from its marker to the next item)


def find_items(text: str) -> list[Item]:
    """The longest gap-free run of numbered (else lettered) items in `text`."""
    for pattern, first, follows in (
        (_NUMBERED, "1", lambda a, b: int(b) == int(a) + 1),
        (_LETTERED, "a", lambda a, b: ascii_lowercase.index(b) == ascii_lowercase.index(a) + 1),
    ):
        markers = [
            # Only the numbered pattern has a "Q1" group; the lettered one has just "n".
            (m.groupdict().get("q") or m.group("n"), m)
            for m in pattern.finditer(text)
            if not _LINK.match(text[m.start("rest") : m.start("rest") + 12].lstrip())
        ]
        run = _longest_run(markers, first, follows)
        if len(run) >= 1 and (pattern is _NUMBERED or len(run) >= 2):
            return _item_texts(text, run)
    return []


def _longest_run(markers: list, first: str, follows) -> list:
    best: list = []
    for start, (number, _) in enumerate(markers):
        if number.lower() != first:
            continue
        run = [markers[start]]
        for later in markers[start + 1 :]:
            if follows(run[-1][0].lower(), later[0].lower()):
                run.append(later)
        best = run if len(run) > len(best) else best
    return best


def _item_texts(text: str, run: list) -> list[Item]:
    items = []
    for n, (number, match) in enumerate(run):
        end = run[n + 1][1].start() if n + 1 < len(run) else len(text)
        body = text[match.start("rest") : end]
        if n + 1 == len(run) and (stop := _SIGN_OFF.search(body)):
            body = body[: stop.start()]
        items.append((number, body))
    return items


def looks_like_questions(items: list[Item]) -> bool:
    """At least half the items ask something (a '?', 'please', a question word)."""
    asking = sum(bool(_REQUESTISH.search(_question_lines(body)[0])) for _, body in items)
    return bool(items) and asking * 2 >= len(items)


def find_questions(text: str) -> tuple[Question, ...]:
    """Question/answer pairs of a letter that prints each question before its answer."""
    items = find_items(text)
    if not looks_like_questions(items):
        return ()
    pairs = []
    for number, body in items:
        question, answer = _question_lines(body)
        pairs.append(Question(number, question, tidy_answer(answer)))
    return tuple(pairs)


def find_thread_questions(request: str, response: str) -> tuple[Question, ...]:
    """The request's questions, each answered by what follows its echo in the response (or,
    for a single question the response does not repeat, by the whole response)."""
    asked = find_items(request)
    if not looks_like_questions(asked):
        asked = [(str(n), b) for n, b in enumerate(_bullets(request), start=1)]
        if len(asked) < 2 or not looks_like_questions(asked):
            return find_questions(response)
    questions = [(number, _question_lines(body)[0]) for number, body in asked]
    words = re.findall(r"[\w’']+", request.lower())
    shingles = {tuple(words[i : i + ECHO_WORDS]) for i in range(len(words) - ECHO_WORDS + 1)}
    spans = answer_spans(response, [q for _, q in questions])
    if len(questions) == 1 and not spans[0]:
        spans = [_GREETING.sub("", _ATTACHMENT_LIST.sub("", response), count=1)]
    return tuple(
        Question(number, question, tidy_answer(remove_echo(span, shingles)))
        for (number, question), span in zip(questions, spans, strict=True)
    )


def answer_spans(response: str, questions: list[str]) -> list[str]:
    """For each question, the response after it repeats the question up to the line where
    it repeats the next one (or signs off); empty when it does not repeat the question."""
    echoes = [_echo(response, q) for q in questions]
    spans = []
    for n, echo in enumerate(echoes):
        if echo is None:
            spans.append("")
            continue
        later = [e[0] for e in echoes[n + 1 :] if e is not None and e[0] > echo[1]]
        end = response.rfind("\n", 0, later[0]) + 1 if later else len(response)
        span = response[echo[1] : max(end, echo[1])]
        if not later and (stop := _SIGN_OFF.search(span)):
            span = span[: stop.start()]
        spans.append(span)
    return spans


def _echo(response: str, question: str) -> tuple[int, int] | None:
    """(start, end) of the response's repetition of the question, across line wraps: all of
    it when it is repeated whole, else its first words."""
    words = re.findall(r"[\w’']+", question)
    if len(words) < 3:
        return None
    whole = re.search(r"\W+".join(map(re.escape, words)) + r"[^\w\n]*", response, re.I)
    if whole:
        return whole.start(), whole.end()
    start = re.search(r"\W+".join(map(re.escape, words[:6])), response, re.I)
    return (start.start(), start.end()) if start else None


def _bullets(text: str) -> list[str]:
    return [m.group("rest") for m in _BULLETED.finditer(text)]


def _question_lines(body: str) -> tuple[str, str]:
    """(the question, the rest): the question ends at a blank line, a '?' or '.' line end,
    an 'Answer' label, or after MAX_QUESTION_LINES lines; lettered sub-parts that follow
    ('Please could these be broken down as follows: a. ... b. ...') belong to it."""
    lines = body.split("\n")
    taken: list[str] = []
    n = 0
    for n, line in enumerate(lines):
        stripped = line.strip()
        if taken and (not stripped or _ANSWER_LABEL.match(stripped)):
            break
        if stripped:
            taken.append(stripped)
        if taken and (stripped.endswith(("?", ".")) or len(taken) >= MAX_QUESTION_LINES):
            n += 1
            break
    else:
        n = len(lines)
    while n < len(lines) and _is_sub_part(lines, n):
        taken.append(lines[n].strip())
        n += 1
    while (after := _continuation(lines, n)) is not None:
        taken.append(lines[after].strip())
        n = after + 1
    return " ".join(" ".join(taken).split()), "\n".join(lines[n:])


def _continuation(lines: list[str], n: int) -> int | None:
    """The index of the next non-blank line when it still asks (it ends in '?', or says
    'If so, ...'): a question's follow-ups are part of it, never its answer."""
    while n < len(lines) and not lines[n].strip():
        n += 1
    if n < len(lines) and _FOLLOW_UP.match(lines[n].strip()):
        return n
    return None


def _is_sub_part(lines: list[str], n: int) -> bool:
    """A lettered sub-part line, or the line introducing them."""
    line = lines[n].strip()
    if _SUB_PART.match(line):
        return True
    following = lines[n + 1].strip() if n + 1 < len(lines) else ""
    return line.endswith(":") and bool(_SUB_PART.match(following))


def tidy_answer(answer: str) -> str:
    """The answer without an 'Answer' label, trailing section headings and excess length."""
    answer = _ANSWER_LABEL.sub("", answer.strip(), count=1).strip()
    lines = [line for line in answer.split("\n") if not re.fullmatch(r"[\W_]+", line.strip())]
    while lines and (not lines[-1].strip() or lines[-1].strip().endswith(":")):
        lines.pop()
    answer = "\n".join(lines).strip()
    answer = re.sub(r"\n{3,}", "\n\n", answer)
    return answer[:MAX_ANSWER_CHARS]
