"""Letters that print a round-robin request join its group, though their own request was not
read as the same: real NHS trust replies from dev2 to one request sent to every mental health
trust (housing support staff), and to another (patients' accommodation status)."""

from __future__ import annotations

import shutil
from dataclasses import replace
from pathlib import Path

from disclosure_search.config import Limits, Settings
from disclosure_search.models import SearchQuery
from disclosure_search.search import SearchIndex
from indexer.pipeline import ingest_paths
from indexer.quoting import MIN_REQUEST_WORDS, QuoteMatcher, group_requests

DEV2 = Path(__file__).parent / "fixtures" / "dev2"
# Each prints the request and its numbered questions, read as its own.
HOUSING = [
    "nhs_kmpt_FOI-ID-25375_housing_support_reply.md",
    "nhs_cnwl_21-FOI-124_housing_support.docx",
    "nhs_lypft_FOI-3827_housing_support.docx",
]
# Prints the three questions without numbers: no questions are read, only its title.
UNNUMBERED = "nhs_berkshire_FOI-008_housing_support.docx"
# Quotes the request with notes of its own: read as a different, longer request.
ANNOTATED = "nhs_bchft_FOI21-5307_housing_support_reply.md"
# Answers "questions 1 and 3" in prose and never prints the request.
UNQUOTED = "nhs_dhcft_housing_support_reply.md"
ACCOMMODATION = "nhs_nsft_accommodation_status_reply.md"
LIMITS = replace(Limits.from_env(), workers=1)


def folder_of(tmp_path: Path, name: str, files: list[str]) -> Path:
    folder = tmp_path / name
    folder.mkdir()
    for file in files:
        shutil.copy(DEV2 / file, folder)
    return folder


def groups_by_file(settings: Settings) -> dict[str, str | None]:
    hits = SearchIndex(settings).iter_hits(SearchQuery(text=""))
    return {Path(hit.source).name: hit.group for hit in hits}


def test_letters_printing_the_request_join_its_group_and_others_stay_out(
    tmp_path: Path,
) -> None:
    files = [*HOUSING, UNNUMBERED, ANNOTATED, UNQUOTED, ACCOMMODATION]
    settings = Settings(home=tmp_path / "home")
    ingest_paths(settings, [folder_of(tmp_path, "letters", files)], limits=LIMITS)
    groups = groups_by_file(settings)
    housing = groups[HOUSING[0]]
    assert housing is not None
    assert {groups[f] for f in [*HOUSING, UNNUMBERED, ANNOTATED]} == {housing}
    assert groups[UNQUOTED] is None
    assert groups[ACCOMMODATION] is None  # one trust's answer to another request


def test_a_letter_ingested_before_its_group_existed_joins_it_later(tmp_path: Path) -> None:
    settings = Settings(home=tmp_path / "home")
    ingest_paths(settings, [folder_of(tmp_path, "first", [UNNUMBERED])], limits=LIMITS)
    assert groups_by_file(settings) == {UNNUMBERED: None}
    ingest_paths(settings, [folder_of(tmp_path, "later", HOUSING)], limits=LIMITS)
    groups = groups_by_file(settings)
    assert groups[UNNUMBERED] is not None and groups[UNNUMBERED] == groups[HOUSING[0]]
    again = ingest_paths(settings, [tmp_path / "first", tmp_path / "later"], limits=LIMITS)
    assert again.indexed == 0 and groups_by_file(settings) == groups


def test_a_group_is_recognised_only_by_a_request_long_enough_to_be_its_own() -> None:
    request = " ".join(f"word{i}" for i in range(MIN_REQUEST_WORDS))
    short = "council tax exemption policy for care leavers"
    found = group_requests(
        {"a": "g1", "b": "g1", "c": "g2"}, {"a": request, "b": request, "c": short}
    )
    assert found == {"g1": request}
    matcher = QuoteMatcher(found)
    half = " ".join(request.split()[: MIN_REQUEST_WORDS // 2])
    assert matcher.group_of(f"Dear Sir, you asked: {request}. Our answer follows.") == "g1"
    assert matcher.group_of(f"Dear Sir, you asked: {half}.") is None
