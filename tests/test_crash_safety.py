"""SIGKILL the real `ingest` at several moments; a re-run must end exactly like an unbroken run.

The corpus is real: letters from tests/fixtures/dev2 (two of them damaged PDFs that fail),
a disclosure log (its rows overflow a commit of DISCLOSURE_SEARCH_BATCH=40), then
WhatDoTheyKnow requests. Moments are found by watching what the
command shows: its progress bar (stderr on a pseudo-terminal, as a user sees it) and the
index's table of contents (`_MAIN_<generation>.toc`, written by every commit).

"The same" is compared through public output: `export --format jsonl`, `failures`, `stats`,
plus what search sees (each disclosure once in the index, each group's members) and the text
of each record. doc_ids are compared as sets between runs, never hard-coded.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import pty
import re
import select
import shutil
import signal
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from live import ROUND_ROBIN_REPLIES

from disclosure_search.config import Settings
from disclosure_search.engines import wanted_engine
from disclosure_search.exports import COLUMNS
from disclosure_search.search import SearchIndex

FIXTURES = Path(__file__).parent / "fixtures"
DEV2 = FIXTURES / "dev2"
# Sorted by folder, so: letters (round-robin replies that form groups), then a log (its rows
# overflow a batch of BATCH disclosures: a commit mid-run), then requests.
CORPUS: dict[str, list[Path]] = {
    "letters": [
        *ROUND_ROBIN_REPLIES,
        FIXTURES / "ico_decision_notice_FS50379341_encrypted.pdf",
        FIXTURES / "ico_decision_notice_FS50379341_truncated60.pdf",
    ],
    "logs": [
        FIXTURES / "housing-local-government__FOI_Disclosure_Log_Q3_JULY_TO_SEPT_2024.csv",
    ],
    "requests": [
        DEV2 / name
        for name in (
            "sheffield_wdtk_air_pollution_ethnicity_not_held.json",
            "sheffield_wdtk_hmo_licences_section21.json",
            "wdtk_mhclg_request_1405481.html",
        )
    ],
}
# What must agree between runs (fetched_at and other time stamps may differ).
FIELDS = (*COLUMNS, "sha256")  # every exported column
BATCH = "40"  # disclosures per commit (DISCLOSURE_SEARCH_BATCH): several commits in a run
ENV = {**os.environ, "DISCLOSURE_SEARCH_BATCH": BATCH}
RUN_SECONDS = 180  # far beyond a normal run (~15 s): only a hung ingest gets near it
TOC = re.compile(r"_MAIN_(\d+)\.toc$")
SEGMENT = re.compile(r"^MAIN_(\w+)\.")  # a segment's files: MAIN_<name>.trm, .pst, .col
PROGRESS = re.compile(rb"(\d+)/(\d+)")
TANTIVY = wanted_engine() == "tantivy"  # the engine these suites run on (see conftest)
TANTIVY_SEGMENT = re.compile(r"^([0-9a-f]{32})\.")  # a tantivy segment's files: <id>.idx, ...


def cli(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "disclosure_search", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=RUN_SECONDS,
        env=ENV,
    )


def generation(home: Path) -> int:
    """The newest committed index generation (-1: no index yet); on tantivy, the opstamp of
    its last commit (0 for the empty index being created)."""
    if TANTIVY:
        from disclosure_search.tantivy_index import tantivy_generation

        return tantivy_generation(home / "index")
    found = [int(m.group(1)) for p in (home / "index").glob("*.toc") if (m := TOC.search(p.name))]
    return max(found, default=-1)


def segments(home: Path) -> set[str]:
    """Names of the segments in the index folder, committed or still being written."""
    if TANTIVY:
        pattern = TANTIVY_SEGMENT
        return {m.group(1) for p in (home / "index").glob("*") if (m := pattern.match(p.name))}
    return {m.group(1) for p in (home / "index").glob("MAIN_*") if (m := SEGMENT.match(p.name))}


@dataclass
class Watch:
    """What a running ingest has shown so far: progress and the commits it made."""

    start_generation: int
    progress: int = 0
    total: int = 0
    generation: int = -1
    # The generation when every file had been reported (None until then).
    generation_at_all_reported: int | None = None
    # The segments just after the final commit (None until then): a new one is the
    # round-robin regroup writing its changes.
    segments_at_final_commit: set[str] | None = None
    output: bytes = b""
    new_segments: set[str] = field(default_factory=set)

    @property
    def committed(self) -> bool:
        """A commit of this run landed (generation 0 is the empty index being created)."""
        return self.generation > max(self.start_generation, 0)


Moment = Callable[[Watch], bool]


def after_files(n: int) -> Moment:
    return lambda w: w.progress >= n


def after_first_commit() -> Moment:
    return lambda w: w.committed


def after_final_commit() -> Moment:
    """The last batch is committed: its sources are being recorded, signatures computed."""
    return lambda w: w.segments_at_final_commit is not None


def during_regroup_commit() -> Moment:
    """The regroup has changed groups and is writing them into a new, uncommitted segment."""
    return lambda w: (
        w.segments_at_final_commit is not None and bool(w.new_segments - w.segments_at_final_commit)
    )


def kill_ingest_when(moment: Moment, corpus: Path, home: Path, cwd: Path) -> Watch:
    """Run `ingest corpus --home home`, SIGKILL it when `moment` is seen, and return what was
    seen. Fails if the run ended before the moment came (the moment was missed)."""
    watch = Watch(start_generation=generation(home))
    master, slave = pty.openpty()
    process = subprocess.Popen(
        [sys.executable, "-m", "disclosure_search", "ingest", str(corpus), "--home", str(home)],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=slave,  # a terminal, so the progress bar shows each file as it is reported
        cwd=cwd,
        start_new_session=True,
        env=ENV,
    )
    os.close(slave)
    deadline = time.monotonic() + RUN_SECONDS
    try:
        while process.poll() is None and time.monotonic() < deadline:
            if select.select([master], [], [], 0.002)[0]:
                with contextlib.suppress(OSError):  # EIO once the ingest has gone
                    watch.output += os.read(master, 65536)
            if counts := PROGRESS.findall(watch.output[-200:]):
                watch.progress, watch.total = (int(x) for x in counts[-1])
            watch.generation = generation(home)
            watch.new_segments = segments(home)
            if watch.total and watch.progress == watch.total:
                if watch.generation_at_all_reported is None:
                    watch.generation_at_all_reported = watch.generation
                elif (
                    watch.segments_at_final_commit is None
                    and watch.generation > watch.generation_at_all_reported
                ):
                    watch.segments_at_final_commit = watch.new_segments
            if moment(watch):
                os.kill(process.pid, signal.SIGKILL)
                break
        process.wait(timeout=30)
    finally:
        os.close(master)
        # The extraction workers are in the ingest's session: leave nothing behind.
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        if process.poll() is None:
            process.kill()
            process.wait()
    shown = watch.output.decode(errors="replace")[-300:]
    assert process.returncode == -signal.SIGKILL, (
        f"the ingest ended (exit {process.returncode}) before the moment to kill it;"
        f" it showed: {shown!r}"
    )
    return watch


@dataclass
class Snapshot:
    """Everything a reader can see of a data home, minus time stamps."""

    disclosures: dict[str, dict[str, object]]
    export_duplicates: list[str]
    index_ids: Counter[str]
    groups_in_index: dict[str, list[str]]
    groups_in_records: dict[str, list[str]]
    failures: list[str]
    stats: dict[str, object]


def snapshot(home: Path, cwd: Path) -> Snapshot:
    exported = cli("export", "--format", "jsonl", "--home", str(home), cwd=cwd)
    assert exported.returncode == 0 and "Traceback" not in exported.stderr, exported.stderr
    rows = [json.loads(line) for line in exported.stdout.splitlines() if line.strip()]
    index = SearchIndex(Settings(home=home))
    disclosures: dict[str, dict[str, object]] = {}
    groups_in_records: dict[str, list[str]] = {}
    for row in rows:
        text = index.disclosure(row["doc_id"]).text
        kept = {name: row.get(name) for name in FIELDS}
        kept["text_sha256"] = hashlib.sha256(text.encode("utf-8")).hexdigest()
        disclosures[row["doc_id"]] = kept
        if row.get("group"):
            groups_in_records.setdefault(row["group"], []).append(row["doc_id"])
    groups_in_index = {
        group: sorted(hit.doc_id for hit in index.group_members(group))
        for group in groups_in_records
    }
    failed = cli("failures", "--home", str(home), cwd=cwd)
    stats = index.stats()
    del stats["index"]  # the home's own path
    return Snapshot(
        disclosures=disclosures,
        export_duplicates=[i for i, n in Counter(r["doc_id"] for r in rows).items() if n > 1],
        index_ids=Counter(doc_id for doc_id, _ in index.list_disclosures()),
        groups_in_index=groups_in_index,
        groups_in_records={g: sorted(ids) for g, ids in groups_in_records.items()},
        failures=failed.stdout.splitlines(),
        stats=stats,
    )


def differences(expected: Snapshot, got: Snapshot) -> list[str]:
    """What differs from the unbroken run, and what is inconsistent within the home."""
    found = []
    want, have = set(expected.disclosures), set(got.disclosures)
    if missing := sorted(want - have):
        found.append(f"{len(missing)} disclosures missing, e.g. {missing[:3]}")
    if extra := sorted(have - want):
        found.append(f"{len(extra)} disclosures not in the unbroken run, e.g. {extra[:3]}")
    changed = [
        (doc_id, name, expected.disclosures[doc_id][name], got.disclosures[doc_id][name])
        for doc_id in sorted(want & have)
        for name in expected.disclosures[doc_id]
        if expected.disclosures[doc_id][name] != got.disclosures[doc_id][name]
    ]
    if changed:
        fields = sorted({name for _, name, _, _ in changed})
        found.append(f"{len(changed)} field values differ ({fields}), e.g. {changed[:3]}")
    if got.export_duplicates:
        found.append(f"export lists some disclosures twice: {got.export_duplicates[:3]}")
    if twice := [i for i, n in got.index_ids.items() if n > 1]:
        found.append(f"the index holds {len(twice)} disclosures twice, e.g. {twice[:3]}")
    if set(got.index_ids) != have:
        only_index = sorted(set(got.index_ids) - have)[:3]
        only_records = sorted(have - set(got.index_ids))[:3]
        found.append(
            f"index and records disagree: only indexed {only_index}, only recorded {only_records}"
        )
    if got.groups_in_index != got.groups_in_records:
        found.append(
            "group pages (index) disagree with the records:"
            f" index {got.groups_in_index}, records {got.groups_in_records}"
        )
    if got.failures != expected.failures:
        found.append(f"failures differ: {expected.failures} != {got.failures}")
    if got.stats != expected.stats:
        found.append(f"stats differ: {expected.stats} != {got.stats}")
    return found


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("corpus")
    for folder, files in CORPUS.items():
        (root / folder).mkdir()
        for path in files:
            shutil.copy2(path, root / folder / path.name)
    return root


@pytest.fixture(scope="module")
def unbroken(corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Snapshot, int]:
    """The corpus ingested in one run: the reference, and the ingest's exit code."""
    home = tmp_path_factory.mktemp("unbroken") / "home"
    done = cli("ingest", str(corpus), "--home", str(home), cwd=corpus.parent)
    assert "Traceback" not in done.stderr, done.stderr
    reference = snapshot(home, corpus.parent)
    # The reference is only worth comparing with if it holds what the corpus holds.
    assert len(reference.failures) == 3, reference.failures  # "2 failed" and two lines
    assert len(reference.disclosures) > int(BATCH)  # a commit in the middle of the run
    assert reference.groups_in_records, "the letters should form round-robin groups"
    assert differences(reference, reference) == []
    return reference, done.returncode


def finish_and_compare(
    corpus: Path, home: Path, unbroken: tuple[Snapshot, int]
) -> tuple[list[str], str]:
    """Re-run the ingest to the end; what differs from the unbroken run, and the summary."""
    reference, exit_code = unbroken
    done = cli("ingest", str(corpus), "--home", str(home), cwd=corpus.parent)
    found = []
    if "Traceback" in done.stderr:
        found.append(f"the re-run ended in a traceback: {done.stderr[-800:]}")
    if done.returncode != exit_code:
        found.append(f"the re-run exited {done.returncode}, the unbroken run {exit_code}")
    found += differences(reference, snapshot(home, corpus.parent))
    return found, done.stdout.splitlines()[0] if done.stdout else ""


def assert_nothing_pending(corpus: Path, home: Path) -> None:
    """A further run finds nothing left to do: every file is unchanged, or failed before."""
    again = cli("ingest", str(corpus), "--home", str(home), cwd=corpus.parent)
    files = sum(len(files) for files in CORPUS.values())
    summary = again.stdout.splitlines()[0]
    counts = dict(re.findall(r"(indexed|unchanged|failed) (\d+)", summary))
    assert counts.get("indexed") == "0", summary
    assert int(counts["unchanged"]) + int(counts["failed"]) == files, summary


MOMENTS = {
    # (a) the first file reported: written, nothing committed yet
    "early": after_files(1),
    # (b) mid-run: the first batch of 40 disclosures just committed: the ledger is being
    # brought up to date
    "middle": after_first_commit(),
    # (c) every file reported and the final batch committed: its sources are being recorded
    # and the round-robin signatures computed
    "after-final-commit": after_final_commit(),
    # (c') the regroup has decided the groups and is writing them (state, records, index)
    "during-regroup-commit": during_regroup_commit(),
}


@pytest.mark.parametrize("moment", list(MOMENTS), ids=list(MOMENTS))
def test_sigkill_then_rerun_matches_unbroken_run(
    moment: str, corpus: Path, unbroken: tuple[Snapshot, int], tmp_path: Path
) -> None:
    home = tmp_path / "home"
    kill_ingest_when(MOMENTS[moment], corpus, home, cwd=tmp_path)
    found, summary = finish_and_compare(corpus, home, unbroken)
    assert found == [], f"after a SIGKILL ({moment}) and a re-run ({summary}):\n" + "\n".join(found)
    assert_nothing_pending(corpus, home)


def test_two_sigkills_in_a_row_then_rerun_matches(
    corpus: Path, unbroken: tuple[Snapshot, int], tmp_path: Path
) -> None:
    home = tmp_path / "home"
    kill_ingest_when(after_files(5), corpus, home, cwd=tmp_path)
    second = kill_ingest_when(after_first_commit(), corpus, home, cwd=tmp_path)
    assert second.start_generation >= 0  # the second run found the first run's index
    found, summary = finish_and_compare(corpus, home, unbroken)
    assert found == [], f"after two SIGKILLs and a re-run ({summary}):\n" + "\n".join(found)
    assert_nothing_pending(corpus, home)
