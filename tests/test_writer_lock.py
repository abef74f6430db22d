"""One writer at a time (issue 11, item 3): a second ingest waits, says why, then goes on or
stops with one clear line; a killed writer never leaves a stale lock. Real processes only."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

LETTER = Path(__file__).parent / "fixtures" / "dev2" / "nhs_shsc_accommodation_status_reply.md"
HOLD = """
import sys
from pathlib import Path
from disclosure_search.config import Settings
from indexer.lock import writer_lock
with writer_lock(Settings(home=Path(sys.argv[1])), wait=0):
    print("held", flush=True)
    sys.stdin.read()
"""


@pytest.fixture
def holder(tmp_path: Path) -> Iterator[subprocess.Popen[str]]:
    """Another process holding the home's writer lock until its stdin closes."""
    process = subprocess.Popen(
        [sys.executable, "-c", HOLD, str(tmp_path / "home")],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    assert process.stdout.readline().strip() == "held"
    with process:  # closes its pipes
        yield process
        if process.poll() is None:
            process.kill()


def ingest(tmp_path: Path, wait: str) -> subprocess.Popen[str]:
    env = {**os.environ, "DISCLOSURE_SEARCH_LOCK_WAIT": wait}
    return subprocess.Popen(
        [sys.executable, "-m", "disclosure_search", "ingest", str(LETTER),
         "--home", str(tmp_path / "home")],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
    )  # fmt: skip


def test_a_second_writer_gives_up_with_one_clear_line(tmp_path: Path, holder) -> None:  # noqa: ANN001
    out, err = ingest(tmp_path, "0.5").communicate(timeout=120)
    assert f"another ingest is running (pid {holder.pid}); waiting" in err
    errors = [line for line in err.splitlines() if line.startswith("Error:")]
    assert errors == [
        f"Error: another ingest is still running (pid {holder.pid}) after waiting 0.5 s: run"
        " this again when it has finished, or wait longer with DISCLOSURE_SEARCH_LOCK_WAIT=SECONDS."
    ]
    assert "Traceback" not in err and "indexed" not in out


def test_a_second_writer_waits_then_proceeds(tmp_path: Path, holder) -> None:  # noqa: ANN001
    second = ingest(tmp_path, "120")
    # The waiting line comes before any work: read it, then let the first writer finish.
    lines = [second.stderr.readline() for _ in range(2)]
    assert any("another ingest is running" in line for line in lines), lines
    holder.stdin.close()
    out, err = second.communicate(timeout=300)
    assert second.returncode == 0, err
    assert "indexed 1, unchanged 0, failed 0" in out


def test_a_killed_writer_leaves_no_stale_lock(tmp_path: Path, holder) -> None:  # noqa: ANN001
    holder.send_signal(signal.SIGKILL)
    holder.wait()
    out, err = ingest(tmp_path, "0").communicate(timeout=300)
    assert "waiting" not in err and "indexed 1" in out


def test_a_bad_wait_setting_is_one_clear_line(tmp_path: Path) -> None:
    out, err = ingest(tmp_path, "soon").communicate(timeout=120)
    assert "DISCLOSURE_SEARCH_" in err and "LOCK_WAIT" in err and "Traceback" not in err
