"""Bulk ingest on real files: idempotent, replaces changed files, records failures, resumes."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from disclosure_search.config import SAMPLES_DIR, Limits, Settings
from disclosure_search.models import SearchQuery
from disclosure_search.records import iter_records, read_record
from disclosure_search.search import SearchIndex
from indexer.items import find_files
from indexer.pipeline import IngestReport, ingest_paths
from indexer.state import Ledger
from indexer.writer import DisclosureWriter

COVENTRY = SAMPLES_DIR / "coventry_FOI759201887.txt"
PSNI = SAMPLES_DIR / "psni_F-2010-00325.pdf"


def hits(settings: Settings, text: str) -> list[str]:
    return [h.request_id for h in SearchIndex(settings).search(SearchQuery(text=text)).hits]


def test_every_sample_is_indexed(sample_build: tuple[Settings, IngestReport]) -> None:
    settings, report = sample_build
    samples = list(find_files([SAMPLES_DIR]))
    assert report.failures == []
    assert report.indexed == len(samples) == 25
    assert SearchIndex(settings).stats()["disclosures"] == report.disclosures


def test_manifests_beside_the_samples_are_not_ingested() -> None:
    names = {p.name for p in find_files([SAMPLES_DIR])}
    assert "SOURCES.tsv" not in names and "truth.jsonl" not in names
    assert "coventry_FOI759201887.txt" in names


def test_reingest_changes_nothing(fresh_home: Settings, tmp_path: Path) -> None:
    first = ingest_paths(fresh_home, [COVENTRY, PSNI])
    before = sorted(d.doc_id for d in iter_records(fresh_home))
    again = ingest_paths(fresh_home, [COVENTRY, PSNI])
    assert (first.indexed, again.indexed, again.unchanged) == (2, 0, 2)
    assert sorted(d.doc_id for d in iter_records(fresh_home)) == before
    assert SearchIndex(fresh_home).stats()["disclosures"] == 2


def test_changed_file_replaces_its_entry(fresh_home: Settings, tmp_path: Path) -> None:
    letter = tmp_path / "letter.txt"
    letter.write_text(COVENTRY.read_text(encoding="utf-8"), encoding="utf-8")
    ingest_paths(fresh_home, [letter])
    assert hits(fresh_home, "physiotherapy") == ["FOI759201887"]
    letter.write_text("Request ID: FOI000111222\n\nWe hold no records about trampolines.\n")
    report = ingest_paths(fresh_home, [letter])
    assert report.indexed == 1
    assert hits(fresh_home, "physiotherapy") == []
    assert hits(fresh_home, "trampolines") == ["FOI000111222"]
    assert SearchIndex(fresh_home).stats()["disclosures"] == 1


def test_corrupt_file_is_recorded_and_the_rest_indexed(
    fresh_home: Settings, tmp_path: Path
) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(COVENTRY, folder)
    (folder / "broken.pdf").write_bytes(PSNI.read_bytes()[:2000])
    report = ingest_paths(fresh_home, [folder])
    assert report.indexed == 1
    [failure] = report.failures
    assert failure.source.endswith("broken.pdf") and failure.stage == "extract"
    assert "PDF" in failure.reason
    with Ledger(fresh_home) as ledger:
        assert [s.source for s in ledger.failures()] == [failure.source]
    again = ingest_paths(fresh_home, [folder])
    assert (again.unchanged, again.failed) == (1, 1)
    assert "--retry-failed" in again.failures[0].reason
    assert hits(fresh_home, "physiotherapy") == ["FOI759201887"]


def test_a_killed_run_finishes_when_run_again(fresh_home: Settings, tmp_path: Path) -> None:
    seen: list[str] = []

    def stop_after_three(path: str, _outcome: str) -> None:
        seen.append(path)
        if len(seen) == 3:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        ingest_paths(fresh_home, [SAMPLES_DIR], on_file=stop_after_three)
    resumed = ingest_paths(fresh_home, [SAMPLES_DIR])
    reference = Settings(home=tmp_path / "reference")
    ingest_paths(reference, [SAMPLES_DIR])
    assert resumed.failures == []
    ids = sorted(d.doc_id for d in iter_records(fresh_home))
    assert ids == sorted(d.doc_id for d in iter_records(reference))
    assert SearchIndex(fresh_home).stats() | {"index": ""} == SearchIndex(reference).stats() | {
        "index": ""
    }


def test_limits_fail_one_document_and_not_the_run(fresh_home: Settings, tmp_path: Path) -> None:
    big = tmp_path / "big.txt"
    big.write_bytes(COVENTRY.read_bytes() * 30)
    report = ingest_paths(fresh_home, [COVENTRY, big], limits=Limits(max_bytes=50_000))
    assert report.indexed == 1
    [failure] = report.failures
    assert failure.stage == "read" and failure.reason.startswith("too large")


def test_a_document_over_the_time_limit_is_failed_as_too_slow(fresh_home: Settings) -> None:
    cumbria = SAMPLES_DIR / "cumbria_police_FOI-1306-25.pdf"
    report = ingest_paths(fresh_home, [cumbria, COVENTRY], limits=Limits(timeout=0.05))
    reasons = {Path(f.source).name: f.reason for f in report.failures}
    assert reasons["cumbria_police_FOI-1306-25.pdf"].startswith("too slow")
    retried = ingest_paths(fresh_home, [cumbria], retry_failed=True)
    assert (retried.indexed, retried.failed) == (1, 0)
    assert (
        "1306/25" in SearchIndex(fresh_home).search(SearchQuery(text="hospital")).hits[0].request_id
    )


def test_changed_content_keeps_its_earlier_version(fresh_home: Settings, tmp_path: Path) -> None:
    letter = tmp_path / "letter.txt"
    letter.write_text("Request ID: FOI000111222\n\nFirst answer about bridges.\n")
    ingest_paths(fresh_home, [letter])
    [first] = list(iter_records(fresh_home))
    letter.write_text("Request ID: FOI000111222\n\nCorrected answer about tunnels.\n")
    ingest_paths(fresh_home, [letter])
    [second] = list(iter_records(fresh_home))
    # A local file's id follows its bytes; the old permalink leads to the corrected letter.
    assert second.doc_id != first.doc_id and second.sha256 != first.sha256
    assert read_record(fresh_home, first.doc_id) == second
    assert [v.sha256 for v in second.versions] == [first.sha256]
    assert fresh_home.original_path(first.sha256).read_bytes().startswith(b"Request ID")


def test_removed_disclosures_stay_searchable_and_flagged(fresh_home: Settings) -> None:
    ingest_paths(fresh_home, [COVENTRY])
    [record] = list(iter_records(fresh_home))
    writer = DisclosureWriter(fresh_home)
    writer.set_removed([record.doc_id])
    writer.commit()
    [hit] = SearchIndex(fresh_home).search(SearchQuery(text="physiotherapy")).hits
    assert hit.removed and read_record(fresh_home, record.doc_id).removed


def test_log_rows_take_the_authority_whose_domain_publishes_them(fresh_home: Settings) -> None:
    xlsx = Path(__file__).parent / "fixtures" / "eastlothian_disclosure_log.xlsx"
    report = ingest_paths(fresh_home, [xlsx])
    assert report.disclosures == 708
    assert {r.authority for r in iter_records(fresh_home)} == {"East Lothian Council"}


def test_full_responses_rank_above_one_line_log_rows(sample_home: Settings) -> None:
    first = SearchIndex(sample_home).search(SearchQuery(text="pothole")).hits[0]
    assert (first.request_id, first.format) == ("EIR / 1737088", "wdtk-json")
