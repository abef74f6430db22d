"""`serve --workers N` (issue 12, item 5): gunicorn processes over one index, answering many
clients at once, each worker following new commits. A real server on 127.0.0.1."""

from __future__ import annotations

import json
import subprocess
import sys
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from live import free_port, wait_until_serving

from disclosure_search.config import Settings


def children(pid: int) -> list[int]:
    text = Path(f"/proc/{pid}/task/{pid}/children").read_text()
    return [int(p) for p in text.split()]


def fetch(url: str) -> tuple[int, dict]:
    with urllib.request.urlopen(url, timeout=60) as answer:
        return answer.status, json.loads(answer.read())


def test_workers_answer_many_clients_at_once(sample_home: Settings) -> None:
    port = free_port()
    command = [sys.executable, "-m", "disclosure_search", "serve", "--workers", "2",
               "--port", str(port), "--home", str(sample_home.home)]  # fmt: skip
    with subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE) as process:
        try:
            base = f"http://127.0.0.1:{port}"
            wait_until_serving(base, process)
            # Two worker processes under one master (the second may still be starting).
            deadline = time.monotonic() + 30
            while len(children(process.pid)) < 2 and time.monotonic() < deadline:
                time.sleep(0.1)
            assert len(children(process.pid)) == 2
            urls = [f"{base}/api/search?q={w}" for w in ("council", "police", "pothole") * 8]
            with ThreadPoolExecutor(8) as pool:
                answers = list(pool.map(fetch, urls))
            assert all(status == 200 for status, _ in answers)
            pairs = zip(urls, answers, strict=True)
            totals = {url.rsplit("=", 1)[1]: body["total"] for url, (_, body) in pairs}
            assert totals["council"] > 0 and len(set(totals.values())) > 1
        finally:
            process.terminate()
            out, _ = process.communicate(timeout=30)
    assert b"with 2 workers" in out
