"""The figures in a round-robin answer: each count with the noun it counts, for a newsroom's
spreadsheet ('2 WTE', '3 x SYHA support workers'); references, dates, times and list
markers are not figures."""

from __future__ import annotations

import re

_NUMBER_WORDS = ["one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"]
_NUMBER_WORDS += [w + "teen" for w in ("thir", "four", "fif", "six", "seven", "eigh", "nine")]
_NUMBER_WORDS += ["eleven", "twelve", "twenty"]
_NUMBER = re.compile(
    r"(?<![\w./:@£$€)-])(?:(?P<digits>\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)(?:WTE|FTE|%)?"
    r"(?![\w/@(]|\.\d|[.)]\s)"
    r"|(?P<word>(?:" + "|".join(_NUMBER_WORDS) + r"))\b(?![-\w]))",
    re.I,
)
_LINK = re.compile(r"(?:https?://|www\.)\S+|\S+@\S+")
_CONTEXT_WORDS = 3
# Words after which a number is a reference, not a figure ("section 12", "appendix 1"), and
# before which a counted noun ends ("2 WTE Band 6").
_NOT_FIGURES = frozenset(
    ["section", "s.", "s", "sec", "sec.", "regulation", "act", "ref", "no.", "number", "no"]
    + ["appendix", "annex", "page", "pages", "question", "questions", "item", "point", "v"]
    + ["paragraph", "version", "v.", "foia", "foi", "eir", "band", "bands", "ss", "schedule"]
    + ["policy", "part", "chapter", "clause", "step", "stage", "level", "tier", "phase"]
)
COUNTED_WORDS = 3  # content words of the noun a number counts, where its end is not seen
MAX_COUNTED = 5  # a compound noun's words ("3 Mental Health Homeless Prevention Workers")
_COUNTED_TOKEN = re.compile(r"[ \t]*\n?[ \t]*(?:[x×][ \t]+)?([^\W\d][\w'’&/-]*|&)", re.I)
_JOINERS = frozenset(["and", "&"])
# Words no counted noun goes on past ("2 workers based in", "21 Information which is").
_ENDS_PHRASE = frozenset(
    str.split("""and or i ii iii which who whom whose that this these those is are was were be been
    for in of to with at on per from by as the a an into within across between under over
    has have had will would can could may also not but if so we it its they there our their
    than then each every all any more less about around approximately e.g i.e etc""")
)
_TIME_UNITS = frozenset(
    str.split("""hour hours hr hrs minute minutes min mins second seconds day days working week
    weeks month months year years yr yrs am pm a.m p.m o'clock noon midnight decade decades""")
)
_REFERENCES = frozenset(["band", "bands", "section", "page", "version", "appendix", "annex"])
# Nouns that count kinds of things, not things: "two levels of care" is no figure.
_KINDS = frozenset(
    str.split("""level levels type types kind kinds way ways stage stages tier tiers option options
    category categories part parts""")
)
# Nouns that count without a plural "s" ("2 WTE", "12 staff").
_COLLECTIVE = frozenset(str.split("wte fte staff people personnel children posts/roles"))
_PARTICIPLES = frozenset(
    str.split("covering including working supporting providing using being employed based")
)
_LIST_MARK = re.compile(r"\(?(?:[a-h]|i{1,3}|iv|v|vi{0,3})[.)]", re.I)
_MONTH = re.compile(
    r"\s*(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\b(?!\s+[a-z])", re.I
)
# The words after a figure that say what it counts.
_CONTEXT = re.compile(rf"[ \t]*((?:[^\W\d][\w'’&/-]*\s*){{0,{_CONTEXT_WORDS}}})")


def find_numbers(answer: str) -> tuple[str, ...]:
    """Each count the answer gives, with the noun it counts: '2 Accommodation Gateway
    workers', '4.0WTE', '2 WTE', '3 x SYHA support workers'. A number without a counted noun
    after it is none (a table's cell, a list's item); nor are years, dates and times ('72
    hour period'), section, policy, band and page numbers, list markers, or links."""
    found = []
    text = _LINK.sub(" ", answer)
    for match in _NUMBER.finditer(text):
        end = _counted_end(text, match) if _is_figure(text, match) else None
        if end is not None:
            figure = re.sub(r"-\s+(?=[a-z])", "-", text[match.start() : end])  # "Co-\nordinator"
            found.append(" ".join(figure.split()))
    return tuple(found)


def _counted_end(text: str, match: re.Match[str]) -> int | None:
    """Where the noun phrase the number `match` counts ends: for a plural count at its first
    plural noun, else at its last word (its first COUNTED_WORDS when MAX_COUNTED words go on
    with no end in sight). None when no noun follows (a lone number, a table's cell), when
    it counts time or kinds, or when a plural count has no plural noun ('21 Information')."""
    words = _noun_words(text, match.end())
    if words is None:
        return None
    if not words:
        # "4.0WTE", "45%" say what they count
        return match.end() if re.search(r"(?:WTE|FTE|%)$", match[0], re.I) else None
    if not re.fullmatch(r"0*1(?:\.0+)?|one", match[0], re.I):
        plural = [end for end, low in words if _is_plural(low)]
        if plural:
            return plural[0]  # "2 housing workers", "3 Delayed Transfer of Care workers"
        times = re.match(r"\s*[x×]\s", text[match.end() :], re.I)  # "3 x SYHA support worker"
        if not times and not _COLLECTIVE & {low for _, low in words}:
            return None  # "21 Information which is": a plural count of a singular is none
    if len(words) > COUNTED_WORDS and words[-1][0] == -1:
        return words[COUNTED_WORDS - 1][0]
    return max(end for end, _ in words)


def _noun_words(text: str, at: int) -> list[tuple[int, str]] | None:
    """(end, word) of each word of the noun after a number ending at `at`, up to a joining
    word ('and', 'which', 'i'), a reference ('Band 6'), a participle ('seconded'), the next
    count or punctuation; on the next line only when a wrapped line broke it ('177.38
    whole' / 'time equivalent staff'). A last (-1, '') entry: MAX_COUNTED words and no end
    in sight. None for a count of time or kinds ('72 hour period', 'two levels of care')."""
    words: list[tuple[int, str]] = []
    for token in _COUNTED_TOKEN.finditer(text, at):
        word, low = token.group(1), token.group(1).lower()
        wrapped = "\n" in token[0]  # goes on on the next line only in lower case
        if token.start() != at or (wrapped and (not word.islower() or not words)):
            break  # punctuation, a heading on the next line, or a number alone on its line
        if not words and (low in _TIME_UNITS or low in _KINDS):
            return None
        following = text[token.end() :].lstrip()[:1]
        joiner = low in _JOINERS or (low == "of" and following.isupper())  # "Transfer of Care"
        if low in _NUMBER_WORDS or (low in _ENDS_PHRASE and not joiner) or low in _REFERENCES:
            break
        if words and (low in _PARTICIPLES or (len(low) > 4 and word.endswith("ed"))):
            break  # "2 housing workers seconded", "4.0WTE covering"
        if not joiner and len(words) == MAX_COUNTED:
            return [*words, (-1, "")]
        if not joiner:
            words.append((token.end(), low))
        at = token.end()
    return words


def _is_plural(word: str) -> bool:
    return len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is"))


def _is_figure(text: str, match: re.Match[str]) -> bool:
    digits = match.group("digits")
    if digits and re.fullmatch(r"(?:19|20)\d\d", digits):
        return False  # a year
    line = text[: text.find("\n", match.end()) % (len(text) + 1)]
    before = line[line.rfind("\n", 0, match.start()) + 1 : match.start()].split()
    if before and before[-1].lower().rstrip(":") in _NOT_FIGURES:
        return False  # "section 21", "FOIA 40", "Band 6", "version 2", "v 3"
    if line[match.start() - 1 : match.start()] == "(" and line[match.end() :][:1] == ")":
        return False  # a subsection, "(1)"
    if _MONTH.match(line, match.end()):
        return False  # a date, "1 June"
    # "1." at the start of a line numbers a list; "i." and "a)" do too
    return not (
        digits
        and (not before or _LIST_MARK.fullmatch(before[-1]))
        and line[match.end() :][:1] in ".)"
    )
