"""An organisation's name where no registered name appears: the generic forms a letterhead or
signature block prints ('… NHS Foundation Trust', '… Council', '… Police', '… University',
'… Health Board'), cut where the name starts.

A name starts at the start of its line (a letterhead prints one item per line; wide gaps,
tabs and '|' separate items printed side by side), after the last department word
('Freedom of Information Team', 'Informatics Directorate') and after a leading 'The'. Only
capitalised words (and 'and', 'of', 'for', '&' between them) belong to it.
"""

from __future__ import annotations

import re

# The public-body nouns a name ends with, longest first.
_TAIL = (
    r"NHS Foundation Trust|NHS Trust|NHS and Social Care Partnership Trust|Health Board"
    r"|(?:City |County |Borough |District |Parish |Town |Metropolitan Borough )?Council"
    r"|Police(?: Service)?|Constabulary|Fire and Rescue Service|Combined Authority|University"
)
_NAME = re.compile(
    rf"((?:(?:[A-Z][\w'’.-]*|&|and|of|for|the|on|upon)\s+){{0,8}}?)({_TAIL})\b"
    r"(?!\s+(?:of|for)\b)"
)
_ITEM_BREAK = re.compile(r"\s{3,}|\t|\s+\|\s+|:\s+")
_DEPARTMENT = frozenset(
    {
        *("team", "office", "directorate", "governance", "department", "unit", "lead"),
        *("officer", "manager", "secretary", "service", "services", "group", "headquarters"),
        *("hq", "corporate", "affairs", "information", "freedom", "foi", "instructions"),
        *("assurance", "chair", "chairman", "chief", "executive", "director", "policing"),
        "road",
    }
)
_CONNECTOR = frozenset({"and", "of", "for", "the", "on", "upon", "&"})
GENERIC = frozenset(
    {"council", "police", "university", "nhs trust", "nhs foundation trust", "health board"}
)


def organisation_names(text: str) -> list[str]:
    """Organisation-shaped names in `text`, in order ('Gloucestershire Health & Care NHS
    Foundation Trust'), each cut where the name starts."""
    names = []
    for line in text.splitlines():
        for item in _ITEM_BREAK.split(line):
            names += [n for m in _NAME.finditer(item) if (n := _trim(m.group(1), m.group(2)))]
    return names


def _trim(lead: str, tail: str) -> str | None:
    """The name without the words before where it starts, or None when only the generic noun
    is left ('Police', 'The Council')."""
    words = lead.split()
    cut = max(
        (n + 1 for n, w in enumerate(words) if w.lower().strip(".:") in _DEPARTMENT), default=0
    )
    words = words[cut:]
    while words and words[0].lower() in _CONNECTOR:
        words = words[1:]
    while words and words[-1].lower() in {"the", "of", "for", "on", "upon"}:
        words = words[:-1]
    if not words:
        return None
    # The register never writes '&' ('Health & Care' is its 'Health and Care') nor '’'.
    name = " ".join([*words, *tail.split()])
    return name.replace(" & ", " and ").replace("’", "'")
