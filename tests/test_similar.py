"""Round-robin grouping: the same request sent to many authorities, on the real CSC index."""

from __future__ import annotations

from collections import Counter

from disclosure_search.config import SAMPLES_DIR, Settings
from disclosure_search.models import Disclosure, Question
from disclosure_search.records import iter_records
from indexer.pipeline import ingest_paths
from indexer.similar import find_groups, request_text, signature, similar

CSC = SAMPLES_DIR / "csc_foi_requests_multi_authority_index.html"
TITLE = "Council Tax Exemption Policy for Care Leavers"


def test_near_identical_requests_share_a_signature_and_others_do_not() -> None:
    base = signature(request_text(Disclosure("a", "", "", "", TITLE)))
    reworded = signature("council tax exemption policy for care leavers 2023")
    other = signature("supported living providers for care leavers")
    assert base and reworded and other
    assert similar(base, base) and not similar(base, other)
    assert sum(map(int.__eq__, base, reworded)) > sum(map(int.__eq__, base, other))
    assert signature("Potholes") is None, "too short to say two requests are one"


def test_questions_are_the_request_text_when_present() -> None:
    d = Disclosure("a", "", "", "", "Title", questions=(Question("1", "How many potholes?"),))
    assert request_text(d) == "how many potholes"


def test_one_authority_publishing_twice_is_not_a_round_robin() -> None:
    sig = signature("how many potholes were reported in each ward last year")
    assert sig
    assert find_groups({"a": ("Council A", sig), "b": ("Council A", sig)}) == {}
    assert set(find_groups({"a": ("Council A", sig), "b": ("Council B", sig)})) == {"a", "b"}


def test_the_csc_round_robin_is_grouped_across_authorities(fresh_home: Settings) -> None:
    ingest_paths(fresh_home, [CSC])
    records = list(iter_records(fresh_home))
    sizes = Counter(r.group for r in records if r.group)
    [(group, _)] = [(g, n) for g, n in sizes.items() if any(
        r.group == g and r.title == TITLE for r in records)]  # fmt: skip
    members = [r for r in records if r.group == group]
    assert all(r.title == TITLE for r in members)
    assert len(members) == sum(r.title == TITLE for r in records) >= 20
    assert len({r.authority for r in members}) == len(members)
