"""Measuring tools: a subprocess's wall time and peak memory, and latency percentiles.

Peak memory is given two ways. `tree_peak_mb` sums the resident memory of the process and
all its descendants (an ingest's worker processes included), sampled from /proc every
0.2 s, so a short spike can be missed. `max_rss_mb` is the largest single process, exact, from
the kernel's accounting (`/usr/bin/time -v` when present, else getrusage of the children).
"""

from __future__ import annotations

import contextlib
import math
import os
import re
import resource
import shutil
import signal
import subprocess
import tempfile
import threading
import time
from pathlib import Path

GNU_TIME = "/usr/bin/time"
PAGE = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096


def run_measured(cmd: list[str], log: Path, env: dict[str, str] | None = None) -> dict:
    """Run `cmd` to completion; stdout and stderr go to `log`. Returns seconds,
    returncode, max_rss_mb, tree_peak_mb (None where this system cannot tell)."""
    with tempfile.NamedTemporaryFile(suffix=".time", delete=False) as handle:
        time_file = Path(handle.name)
    use_time = Path(GNU_TIME).exists() and shutil.which(GNU_TIME)
    full = [GNU_TIME, "-v", "-o", str(time_file), *cmd] if use_time else cmd
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    sampler = TreeSampler()
    start = time.perf_counter()
    with log.open("w") as out:
        # Its own process group, so an interrupted run can stop it with all its workers.
        proc = subprocess.Popen(
            full, stdout=out, stderr=subprocess.STDOUT, env=env, start_new_session=True
        )
        sampler.start(proc.pid)
        try:
            returncode = proc.wait()
        except BaseException:  # interrupted: leave no measured process running
            os.killpg(proc.pid, signal.SIGTERM)
            proc.wait()
            raise
    seconds = time.perf_counter() - start
    sampler.stop()
    after = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    max_rss = gnu_time_max_rss(time_file) if use_time else (after if after > before else None)
    time_file.unlink(missing_ok=True)
    return {
        "seconds": seconds,
        "returncode": returncode,
        "max_rss_mb": round(max_rss / 1024, 1) if max_rss else None,
        "tree_peak_mb": round(sampler.peak / 2**20, 1) if sampler.peak else None,
    }


def gnu_time_max_rss(path: Path) -> int | None:
    """Maximum resident set size in KiB from a `time -v` report."""
    found = re.search(r"Maximum resident set size \(kbytes\): (\d+)", path.read_text())
    return int(found.group(1)) if found else None


class TreeSampler:
    """Samples the summed RSS of a process and its descendants on a background thread."""

    def __init__(self, every: float = 0.2) -> None:
        self.every = every
        self.peak = 0
        self._done = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self, root: int) -> None:
        if not Path("/proc/self/stat").exists():
            return  # not Linux: max_rss_mb still reports the largest process
        self._thread = threading.Thread(target=self._run, args=(root,), daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._done.set()
        if self._thread:
            self._thread.join()

    def _run(self, root: int) -> None:
        while not self._done.wait(self.every):
            self.peak = max(self.peak, tree_rss(root))


def tree_rss(root: int) -> int:
    """Bytes resident in `root` and every process below it (0 once it has gone)."""
    children: dict[int, list[int]] = {}
    for entry in os.scandir("/proc"):
        if entry.name.isdigit():
            try:
                stat = Path(entry.path, "stat").read_text()
            except OSError:
                continue
            ppid = int(stat.rsplit(")", 1)[1].split()[1])
            children.setdefault(ppid, []).append(int(entry.name))
    total, todo = 0, [root]
    while todo:
        pid = todo.pop()
        todo += children.get(pid, [])
        with contextlib.suppress(OSError, IndexError, ValueError):  # it may have just ended
            total += int(Path(f"/proc/{pid}/statm").read_text().split()[1]) * PAGE
    return total


def percentiles(seconds: list[float]) -> dict[str, float | None]:
    """p50, p95, p99 and mean in milliseconds (nearest rank); None for no samples."""
    if not seconds:
        return {"p50": None, "p95": None, "p99": None, "mean": None, "n": 0}
    ordered = sorted(seconds)

    def rank(p: float) -> float:
        return round(ordered[max(0, math.ceil(p * len(ordered)) - 1)] * 1000, 1)

    mean = round(sum(ordered) / len(ordered) * 1000, 1)
    return {
        "p50": rank(0.50),
        "p95": rank(0.95),
        "p99": rank(0.99),
        "mean": mean,
        "n": len(ordered),
    }


def ratio(ours: float | None, theirs: float | None) -> float | None:
    """ours / theirs to two places, None when either is missing or theirs is 0."""
    if ours is None or not theirs:
        return None
    return round(ours / theirs, 2)
