"""Searches keep answering, consistently, while an ingest writes and commits (issue 11, item 3).

A real `ingest` subprocess writes into a data home while this process searches it the two
ways readers do: through `SearchIndex` (as the CLI does) and through a real `serve`
subprocess over HTTP (/api/search, then the /disclosure/<doc_id> page of the hits). A second
`ingest` started while the first runs must wait or stop in one clear line, never a traceback.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from live import ROUND_ROBIN_REPLIES, free_port, wait_until_serving

from disclosure_search.config import Settings
from disclosure_search.errors import NotFoundError
from disclosure_search.models import SearchQuery
from disclosure_search.search import SearchIndex

FIXTURES = Path(__file__).parent / "fixtures"
DEV2 = FIXTURES / "dev2"
LETTERS = ROUND_ROBIN_REPLIES
# Added while searches run: over 200 log rows, so the ingest commits mid-run and at the end.
ADDED = {
    "logs": [
        FIXTURES / "children-equality__dcediy-foi-disclosure-log-q1-2023.csv",
        FIXTURES / "housing-local-government__FOI_Disclosure_Log_Q3_JULY_TO_SEPT_2024.csv",
        FIXTURES / "transport__disclosure-log-2021-q1.csv",
    ],
    "requests": [
        DEV2 / name
        for name in (
            "sheffield_wdtk_air_pollution_ethnicity_not_held.json",
            "sheffield_wdtk_go_local_bids_vexatious.json",
            "sheffield_wdtk_hmo_licences_section21.json",
            "wdtk_mhclg_request_1405481.html",
        )
    ],
}
# Empty text lists everything (newest first); the words match letters, logs and requests.
QUERIES = ("", "housing", "request", "information")
PAGES_PER_ANSWER = 3  # disclosure pages opened per search answer
RUN_SECONDS = 180  # far beyond a normal run: only a hung process gets near it
WAITING = "another ingest is running"


def cli(*args: str, cwd: Path, env: dict[str, str] | None = None) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "disclosure_search", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        stdin=subprocess.DEVNULL,
        text=True,
        cwd=cwd,
        # Commits of 100 disclosures: the ingest below commits mid-run as well as at the end.
        env={**os.environ, "DISCLOSURE_SEARCH_BATCH": "100", **(env or {})},
        start_new_session=True,
    )


def finish(process: subprocess.Popen[str]) -> tuple[int, str, str]:
    out, err = process.communicate(timeout=RUN_SECONDS)
    return process.returncode, out, err


def stop(process: subprocess.Popen[str]) -> None:
    """End a process this test started (and its workers), by its own id."""
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.communicate(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.communicate()


def get(url: str) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def copy_into(root: Path, folder: str, files: list[Path]) -> None:
    (root / folder).mkdir(parents=True, exist_ok=True)
    for path in files:
        shutil.copy2(path, root / folder / path.name)


@pytest.fixture
def home(tmp_path: Path) -> Path:
    """A data home holding the letters, ingested from tmp_path/corpus (logs and requests are
    copied in later, so the next ingest of the same folder only adds)."""
    corpus = tmp_path / "corpus"
    copy_into(corpus, "letters", LETTERS)
    home = tmp_path / "home"
    code, out, err = finish(cli("ingest", str(corpus), "--home", str(home), cwd=tmp_path))
    assert code == 0 and "Traceback" not in err, out + err
    return home


@pytest.fixture
def server(home: Path, tmp_path: Path) -> Iterator[str]:
    """`disclosure-search serve` on the home, on a free 127.0.0.1 port."""
    port = free_port()
    process = cli("serve", "--port", str(port), "--home", str(home), cwd=tmp_path)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_serving(base, process)
        yield base
    finally:
        stop(process)


@dataclass
class Readers:
    """Searches the home both ways and records every problem and every total seen."""

    home: Path
    server: str
    index: SearchIndex = field(init=False)
    problems: list[str] = field(default_factory=list)
    totals: dict[str, list[int]] = field(default_factory=dict)
    rounds: int = 0

    def __post_init__(self) -> None:
        # One long-lived index, as the server keeps: it must follow each new generation.
        self.index = SearchIndex(Settings(home=self.home))

    def round(self) -> None:
        self.rounds += 1
        for text in QUERIES:
            self.search_in_process(text)
            self.search_over_http(text)

    def search_in_process(self, text: str) -> None:
        where = f"SearchIndex.search({text!r})"
        try:
            results = self.index.search(SearchQuery(text=text, limit=20), facets=True)
        except Exception as exc:  # noqa: BLE001 - any exception is the finding
            self.problems.append(f"{where} raised {type(exc).__name__}: {exc}")
            return
        self.saw(f"index {text!r}", results.total)
        for hit in results.hits:
            try:
                self.index.disclosure(hit.doc_id)
            except NotFoundError:
                self.missing(hit.doc_id, f"{where} found {hit.doc_id}, its record is gone")

    def search_over_http(self, text: str) -> None:
        url = f"{self.server}/api/search?" + urllib.parse.urlencode({"q": text, "limit": 20})
        status, body = get(url)
        if status != 200:
            self.problems.append(f"GET {url} answered {status}: {body[:300]!r}")
            return
        try:
            answer = json.loads(body)
            total, results = int(answer["total"]), answer["results"]
            ids = [r["doc_id"] for r in results]
        except (ValueError, KeyError, TypeError) as exc:
            self.problems.append(f"GET {url}: malformed answer ({exc}): {body[:300]!r}")
            return
        self.saw(f"http {text!r}", total)
        if len(ids) != min(total, 20) or len(set(ids)) != len(ids):
            self.problems.append(f"GET {url}: total {total} but result ids {ids}")
        for doc_id in ids[:PAGES_PER_ANSWER]:
            page = f"{self.server}/disclosure/{urllib.parse.quote(doc_id)}"
            status, body = get(page)
            if status != 200:
                self.missing(doc_id, f"GET {page} (a hit of {url}) answered {status}")

    def saw(self, what: str, total: int) -> None:
        self.totals.setdefault(what, []).append(total)

    def missing(self, doc_id: str, problem: str) -> None:
        """A hit that cannot be opened: a problem, unless a later commit removed it from the
        index (a search and the page are two requests; only a pure-add ingest rules it out)."""
        if doc_id in {i for i, _ in SearchIndex(Settings(home=self.home)).list_disclosures()}:
            self.problems.append(problem + " (and it is still in the index)")
        else:
            self.problems.append(problem + " (no longer in the index)")

    def search_while(self, process: subprocess.Popen[str]) -> None:
        """Search round after round until `process` ends, then once more."""
        deadline = time.monotonic() + RUN_SECONDS
        while process.poll() is None and time.monotonic() < deadline:
            self.round()
        self.round()

    def decreases(self) -> list[str]:
        return [
            f"{what}: {seen}"
            for what, seen in self.totals.items()
            if any(later < earlier for earlier, later in zip(seen, seen[1:], strict=False))
        ]


def assert_consistent(home: Path) -> None:
    """Each disclosure once in the index, each with its record."""
    index = SearchIndex(Settings(home=home))
    listed = Counter(doc_id for doc_id, _ in index.list_disclosures())
    assert [i for i, n in listed.items() if n > 1] == []
    for doc_id in listed:
        index.disclosure(doc_id)


def test_searches_during_ingests(home: Path, server: str, tmp_path: Path) -> None:
    """First a pure-add ingest (logs and requests join the letters): totals never go down and
    every hit opens. Then changed bytes (a letter edited, a log losing rows) replace and retire
    disclosures: every answer stays well-formed, and every hit opens unless a later commit
    removed it."""
    readers = Readers(home, server)
    readers.round()
    before = readers.totals["index ''"][-1]
    corpus = tmp_path / "corpus"
    for folder, files in ADDED.items():
        copy_into(corpus, folder, files)
    search_during_ingest(readers, corpus, home, tmp_path)
    assert readers.problems == [], "while an ingest only added disclosures"
    assert readers.decreases() == [], "a total went down while disclosures were only added"
    assert readers.rounds >= 3, "no search ran while the ingest did"
    after = readers.totals["index ''"][-1]
    assert after > before + 200, (before, after)  # the logs' rows arrived
    assert readers.totals["http ''"][-1] == after  # the server sees the last commit
    assert_consistent(home)

    letter = corpus / "letters" / "nhs_dhcft_housing_support_reply.md"
    letter.write_text(letter.read_text(encoding="utf-8") + "\nCorrected on review.\n")
    log = corpus / "logs" / ADDED["logs"][0].name
    lines = log.read_text(encoding="utf-8-sig").splitlines(keepends=True)
    log.write_text("".join(lines[: len(lines) // 2]), encoding="utf-8")
    changing = Readers(home, server)
    search_during_ingest(changing, corpus, home, tmp_path)
    assert [p for p in changing.problems if "no longer in the index" not in p] == [], (
        "while an ingest changed disclosures"
    )
    assert changing.totals["index ''"][-1] < after  # the log's lost rows were retired
    assert_consistent(home)


def search_during_ingest(readers: Readers, corpus: Path, home: Path, cwd: Path) -> None:
    ingest = cli("ingest", str(corpus), "--home", str(home), cwd=cwd)
    try:
        readers.search_while(ingest)
    finally:
        stop(ingest)
    code, out, err = finish(ingest)
    assert code == 0 and "Traceback" not in err, out + err


def second_ingest_outcome(code: int, err: str) -> str | None:
    """Why the second ingest's ending is not acceptable (None when it is): it waited for the
    first and finished (exit 0, saying it waited), or stopped with one `Error:` line."""
    if "Traceback" in err:
        return f"a traceback: {err[-1500:]}"
    if code == 0:
        return None if WAITING in err else f"exit 0 without saying it waited: {err!r}"
    said = [
        line
        for line in err.replace("\r", "\n").splitlines()
        if line.strip() and WAITING not in line and not line.startswith("Ingesting")
    ]
    if len(said) == 1 and said[0].startswith("Error:"):
        return None
    return f"exit {code} with stderr {said}"


def originals(home: Path) -> int:
    if not (home / "raw").is_dir():
        return 0
    return sum(1 for p in (home / "raw").rglob("*") if p.is_file())


def wait_until_writing(home: Path, process: subprocess.Popen[str]) -> None:
    """Until `process` has stored a new original in the raw store: it holds the home."""
    stored = originals(home)
    deadline = time.monotonic() + RUN_SECONDS
    while originals(home) == stored:
        assert process.poll() is None, f"the first ingest ended early: {process.communicate()}"
        assert time.monotonic() < deadline, "the first ingest stored nothing"
        time.sleep(0.05)


@pytest.mark.parametrize("lock_wait", [None, "1"], ids=["default-wait", "wait-1s"])
def test_a_second_ingest_waits_or_stops_cleanly(tmp_path: Path, lock_wait: str | None) -> None:
    corpus, home = tmp_path / "corpus", tmp_path / "home"
    for folder, files in {"letters": LETTERS, **ADDED}.items():
        copy_into(corpus, folder, files)
    first = cli("ingest", str(corpus), "--home", str(home), cwd=tmp_path)
    env = {"DISCLOSURE_SEARCH_LOCK_WAIT": lock_wait} if lock_wait else None
    try:
        wait_until_writing(home, first)
        second = cli("ingest", str(corpus), "--home", str(home), cwd=tmp_path, env=env)
        try:
            second_code, second_out, second_err = finish(second)
        finally:
            stop(second)
        first_code, first_out, first_err = finish(first)
    finally:
        stop(first)
    assert first_code == 0 and "Traceback" not in first_err, first_out + first_err
    assert second_ingest_outcome(second_code, second_err) is None, (
        second_ingest_outcome(second_code, second_err),
        second_out,
    )
    assert_consistent(home)
    again = finish(cli("ingest", str(corpus), "--home", str(home), cwd=tmp_path))
    assert again[1].startswith("indexed 0,"), again  # nothing was left half done
