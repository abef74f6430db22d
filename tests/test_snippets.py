"""Snippets that read well (issue 10): matching sentences, never a letter's address block;
fragments joined by " … "; log-table rows shown by their own fields. Real letters and rows
from the samples, searched in the sample index."""

from __future__ import annotations

import pytest
from whoosh import highlight

from disclosure_search.config import SAMPLES_DIR, Settings
from disclosure_search.highlighting import (
    MAX_BLOCKS,
    MAX_CHARS,
    candidate_places,
    highlight_text,
)
from disclosure_search.models import SearchQuery
from disclosure_search.records import iter_records
from disclosure_search.schema import BODY, build_schema
from disclosure_search.search import SearchIndex
from disclosure_search.snippets import (
    SentenceFragmenter,
    SentenceScorer,
    SnippetFormatter,
    find_units,
    is_furniture_line,
    plain_excerpt,
    row_fields,
)

COVENTRY_LETTER = (SAMPLES_DIR / "coventry_FOI759201887.txt").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    "line",
    [
        "CV6 9SL",  # postcodes, phone and fax numbers, addresses of the letterheads
        "SW1P 4DF\tTel: 020 7035 4848",
        "Fax: 020 7035 4745",
        "Phone: 024 7697 5408",
        "E-mail: infogov@coventry.gov.uk",
        "www.homeoffice.gov.uk",
        "Our reference: 3375675 Information request",
        "Reference:  FS50379341",
        "Date:",
        "Dear Sheffield City Council,",
        "Yours faithfully,",
        "> http://test.righttoknow.org.au/help/contact",
    ],
)
def test_address_and_contact_lines_are_furniture(line: str) -> None:
    assert is_furniture_line(line.strip())


@pytest.mark.parametrize(
    "line",
    [
        "Freedom of Information Act 2000 (FOIA)",
        "The number of potholes recorded each year, including potholes reported by the public",
        "Thank you for your e-mail enquiry.",
        "We hold 3 records from 2023.",
    ],
)
def test_sentences_and_headings_are_not_furniture(line: str) -> None:
    assert not is_furniture_line(line)


def test_a_letter_starts_after_its_letterhead() -> None:
    units = find_units(COVENTRY_LETTER)
    first = next(u for u in units if not u.furniture)
    assert COVENTRY_LETTER[first.start : first.end] == "Freedom of Information Act 2000 (FOIA)"
    furniture = [COVENTRY_LETTER[u.start : u.end] for u in units if u.furniture]
    assert "PO Box 7097" in furniture and "Dear Sir/Madam" in furniture
    assert plain_excerpt(COVENTRY_LETTER).startswith("Freedom of Information Act 2000")


def test_sentences_split_at_full_stops_but_not_before_numbers() -> None:
    text = "This is held. Please see below.\nUnder para. 19 of Schedule 2 it is exempt."
    said = [text[u.start : u.end] for u in find_units(text)]
    assert said == [
        "This is held.",
        "Please see below.",
        "Under para. 19 of Schedule 2 it is exempt.",
    ]


def test_row_fields_leave_out_what_the_hit_shows() -> None:
    east_lothian = (
        "Title: Homeless Deaths\nLast updated at: 2018-10-01T00:00:00\nTags: east lothian"
    )
    assert row_fields(east_lothian, ["Homeless Deaths", "2018-10-01"]) == "Tags: east lothian"
    amber_valley = (
        "Authority Name: Amber Valley Borough Council\nCSC FOIs on this LA: 1\nFOI Requests: "
        "13/09/2023: Awaiting classification - Council Tax Exemption Policy for Care Leavers"
    )
    shown = row_fields(amber_valley, ["Amber Valley Borough Council"])
    assert shown.startswith("CSC FOIs on this LA: 1 · FOI Requests: 13/09/2023: Awaiting")


def snippets(home: Settings, text: str) -> list[str]:
    return [h.snippet for h in SearchIndex(home).search(SearchQuery(text=text, limit=20)).hits]


@pytest.mark.parametrize("text", ["coventry", "sheffield", "council", "whatdotheyknow"])
def test_snippets_never_show_the_address_block(sample_home: Settings, text: str) -> None:
    for snippet in snippets(sample_home, text):
        for furniture in ("PO Box", "CV6 9SL", "SW1P 4DF", "Our reference:", "Dear ", "Tel:"):
            assert furniture not in snippet, (text, snippet)


def test_snippets_start_at_the_matching_sentence(sample_home: Settings) -> None:
    [snippet] = snippets(sample_home, "physiotherapy")
    assert snippet.startswith("What is the current annual budget for occupational")
    assert snippet.endswith("?") or snippet.endswith("…")


def test_fragments_are_joined_by_an_ellipsis(sample_home: Settings) -> None:
    joined = [s for s in snippets(sample_home, "pothole") if " … " in s]
    assert joined, "a letter matching in two places shows both, joined"
    assert not any("..." in s for s in snippets(sample_home, "pothole"))


def test_log_rows_show_their_own_fields(sample_home: Settings) -> None:
    rows = snippets(sample_home, "homeless")
    assert rows and not any("Title:" in s or "Last updated" in s for s in rows)
    [care] = [s for s in snippets(sample_home, "care leavers") if "FOI Requests:" in s][:1]
    assert not care.startswith("Authority Name")
    assert '<b class="match' in care, "the query's words are marked in the row's fields"


# --- Bounded highlighting (issue 12, item 3) ---


def whoosh_highlight(text: str, terms: list[str]) -> str:
    """The snippet Whoosh's own highlighter makes over the whole text, with our fragmenter,
    scorer and formatter: what `highlight_text` must reproduce while reading less."""
    analyzer = build_schema()[BODY].analyzer
    tokens = analyzer(text, positions=True, chars=True, mode="index", removestops=False)
    marked = highlight.set_matched_filter(tokens, frozenset(terms))
    fragments = SentenceFragmenter().fragment_tokens(text, marked)
    best = highlight.top_fragments(fragments, 2, SentenceScorer(), highlight.FIRST)
    return SnippetFormatter().format(best)


def test_bounded_highlighting_matches_a_full_highlight(sample_home: Settings) -> None:
    analyzer = build_schema()[BODY].analyzer
    texts = [COVENTRY_LETTER] + [p.text for r in iter_records(sample_home) for p in r.parts]
    # Within the bounds, where a full reading and a bounded one must agree.
    texts = [t for t in texts if len(t) < MAX_CHARS and t.count("\n\n") < MAX_BLOCKS]
    assert len(texts) > 20
    for text in texts:
        words = sorted({t.text for t in analyzer(text)}) or ["none"]
        # Words from the text (several at once), and words it does not hold.
        for terms in (words[::7][:3], words[1::11][:2], [words[-1]], ["nosuchword", "polic"]):
            assert highlight_text(text, terms, analyzer) == whoosh_highlight(text, terms)


def test_candidate_places_find_every_word_the_stemmer_rewrote() -> None:
    analyzer = build_schema()[BODY].analyzer
    for word in ("happy", "possibility", "ponies", "relational", "dying", "*starred", "Skies"):
        [stem] = [t.text for t in analyzer(word)]
        assert candidate_places(f"a {word} b", frozenset([stem])) == [2], (word, stem)


def test_a_long_text_is_highlighted_from_its_first_matching_blocks() -> None:
    block = "The parking permit scheme was reviewed in detail by the council this year."
    text = "\n\n".join([block] * 5000)  # 375,000 characters, every block a match
    analyzer = build_schema()[BODY].analyzer
    snippet = highlight_text(text, ["park"], analyzer)
    assert snippet.startswith('The <b class="match term0">parking</b> permit scheme')


def test_a_match_in_a_run_without_spaces_stays_in_its_fragment() -> None:
    # A sentence too long to show whole, its match just after a long unbroken run (a URL):
    # the fragment is cut around the match, never after it.
    text = "Intro words here " + "x" * 180 + " complaint about parking and more words follow"
    analyzer = build_schema()[BODY].analyzer
    snippet = highlight_text(text, ["complaint"], analyzer)
    assert '<b class="match term0">complaint</b>' in snippet
