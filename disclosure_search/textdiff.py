"""Line diffs of extracted text, with the changed words inside a changed line marked.

    >>> [line.kind for line in find_diff("a\\nb\\n", "a\\nc\\n")]
    ['hunk', 'context', 'removed', 'added']

Pure functions over strings (difflib): the change page renders the lines, the CLI prints
`unified_diff` text.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator
from dataclasses import dataclass

CONTEXT = 3
# difflib's cost grows with the square of the lines (worse when many lines are alike: 6,000
# short lines a side took seconds), so a page compares texts up to this many lines a side.
MAX_DIFF_LINES = 2000
# A replaced line longer than this many words is shown whole, not marked word by word.
MAX_MARKED_WORDS = 1000
# A word with the spaces after it: a lone space must not count as common ground.
_WORDS = re.compile(r"^\s+|\S+\s*")


@dataclass(frozen=True)
class Span:
    """A run of a line's text; `changed` when the other side does not have it."""

    text: str
    changed: bool = False


@dataclass(frozen=True)
class DiffLine:
    """One line of a diff: `kind` is hunk (a "@@ -1,3 +1,4 @@" header), context, removed
    or added; `old` and `new` are its line numbers on each side (None where it has none)."""

    kind: str
    text: str
    old: int | None = None
    new: int | None = None
    spans: tuple[Span, ...] = ()


def split_lines(text: str) -> list[str]:
    """The text's non-blank lines, each with its runs of spaces (non-breaking ones too) made
    one space: spacing differs between two conversions of the same letter, and is not a
    change anyone needs to read."""
    return [" ".join(words) for line in text.splitlines() if (words := line.split())]


def unified_diff(old: str, new: str, old_name: str = "before", new_name: str = "after") -> str:
    """A `diff -u` of two texts ("" when they have the same lines)."""
    lines = difflib.unified_diff(
        split_lines(old), split_lines(new), old_name, new_name, n=CONTEXT, lineterm=""
    )
    return "\n".join(lines)


def find_diff(old: str, new: str, context: int = CONTEXT) -> list[DiffLine]:
    """The changed lines of `new` against `old`, grouped in hunks with `context` lines
    around them; lines replaced one for one carry word-level spans."""
    a, b = split_lines(old), split_lines(new)
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    out: list[DiffLine] = []
    for group in matcher.get_grouped_opcodes(context):
        first, last = group[0], group[-1]
        header = f"@@ -{first[1] + 1},{last[2] - first[1]} +{first[3] + 1},{last[4] - first[3]} @@"
        out.append(DiffLine("hunk", header))
        for tag, i1, i2, j1, j2 in group:
            out.extend(_block(tag, a, b, i1, i2, j1, j2))
    return out


def _block(tag: str, a: list[str], b: list[str], *bounds: int) -> list[DiffLine]:
    """The DiffLines of one opcode (`bounds`: i1, i2, j1, j2 as difflib gives them)."""
    i1, i2, j1, j2 = bounds
    if tag == "equal":
        return [DiffLine("context", a[i], i + 1, j1 + i - i1 + 1) for i in range(i1, i2)]
    removed = [DiffLine("removed", a[i], old=i + 1) for i in range(i1, i2)]
    added = [DiffLine("added", b[j], new=j + 1) for j in range(j1, j2)]
    if tag == "replace" and len(removed) == len(added):
        pairs = [_marked(r, n) for r, n in zip(removed, added, strict=True)]
        removed, added = [p[0] for p in pairs], [p[1] for p in pairs]
    return removed + added


def _marked(removed: DiffLine, added: DiffLine) -> tuple[DiffLine, DiffLine]:
    """The two sides of a replaced line, with the words that differ marked."""
    old_words, new_words = _WORDS.findall(removed.text), _WORDS.findall(added.text)
    if max(len(old_words), len(new_words)) > MAX_MARKED_WORDS:
        return removed, added
    matcher = difflib.SequenceMatcher(None, old_words, new_words, autojunk=False)
    old_spans, new_spans = [], []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        old_spans.extend(_spans(old_words[i1:i2], tag != "equal"))
        new_spans.extend(_spans(new_words[j1:j2], tag != "equal"))
    return (
        DiffLine(removed.kind, removed.text, removed.old, None, tuple(old_spans)),
        DiffLine(added.kind, added.text, None, added.new, tuple(new_spans)),
    )


def _spans(words: list[str], changed: bool) -> Iterator[Span]:
    if words:
        yield Span("".join(words), changed)


def diff_counts(lines: list[DiffLine]) -> tuple[int, int]:
    """(lines removed, lines added)."""
    removed = sum(line.kind == "removed" for line in lines)
    return removed, sum(line.kind == "added" for line in lines)
