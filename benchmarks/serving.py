"""Serving under load: our `/api/search` and Datasette's table JSON API, on 127.0.0.1 only.

Each server runs as a subprocess on a free local port. The load is C client threads, each
sending the mix's URLs one after another with urllib (a new connection per request, as
simple clients do) for a fixed duration; queries/s count completed answers, latencies are
per request, and an error is anything but a 200 with a JSON body that the server did not
mark as cut short. The client threads share this process and its interpreter lock, so on
a small machine they take some CPU from the server: both servers pay the same toll.
"""

from __future__ import annotations

import json
import socket
import subprocess
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable
from pathlib import Path

from measure import percentiles
from querymix import Query, fts_match

Check = Callable[[dict], str | None]  # an answer -> why it counts as an error, or None


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start(cmd: list[str], ready_url: str, log: Path, timeout: float = 90) -> subprocess.Popen:
    """Start a server and wait until `ready_url` answers 200; RuntimeError if it never does."""
    out = log.open("w")
    proc = subprocess.Popen(cmd, stdout=out, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"server exited with {proc.returncode}; see {log}")
        try:
            with urllib.request.urlopen(ready_url, timeout=30) as answer:
                if answer.status == 200:
                    return proc
        except (OSError, urllib.error.URLError):
            time.sleep(0.3)
    stop(proc)
    raise RuntimeError(f"server not ready after {timeout:.0f} s; see {log}")


def stop(proc: subprocess.Popen) -> None:
    """Stop a server this module started."""
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def fetch(url: str, check: Check) -> str | None:
    """GET `url`; None when it answered well, else the reason it counts as an error."""
    try:
        with urllib.request.urlopen(url, timeout=60) as answer:
            body = json.loads(answer.read())
    except urllib.error.HTTPError as exc:
        return f"HTTP {exc.code}"
    except (OSError, ValueError) as exc:
        return type(exc).__name__
    return check(body)


def load(urls: list[str], clients: int, seconds: float, check: Check) -> dict:
    """`clients` threads sending `urls` in turn for `seconds`: queries/s, latency, errors."""
    latencies: list[float] = []
    errors: list[str] = []
    lock = threading.Lock()
    deadline = time.perf_counter() + seconds

    def client(offset: int) -> None:
        i = offset
        while time.perf_counter() < deadline:
            start = time.perf_counter()
            problem = fetch(urls[i % len(urls)], check)
            elapsed = time.perf_counter() - start
            with lock:
                latencies.append(elapsed) if problem is None else errors.append(problem)
            i += 1

    began = time.perf_counter()
    threads = [threading.Thread(target=client, args=(n * 7,)) for n in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.perf_counter() - began
    return {
        "clients": clients,
        "qps": round(len(latencies) / wall, 1),
        **{k: v for k, v in percentiles(latencies).items() if k in ("p50", "p95", "p99", "n")},
        "errors": len(errors),
        "error_kinds": sorted(set(errors))[:5],
        "seconds": round(wall, 1),
    }


def ours_urls(base: str, mix: list[Query]) -> list[str]:
    """The mix as /api/search addresses (which always count facets and suggest spellings)."""
    urls = []
    for q in mix:
        params = {
            "q": q.text,
            "authority": q.authority,
            "from": q.date_from,
            "to": q.date_to,
            "request_id": q.request_id,
            "page": q.page if q.page > 1 else None,
        }
        urls.append(f"{base}/api/search?" + encode(params))
    return urls


def datasette_urls(base: str, mix: list[Query]) -> list[str]:
    """The mix as Datasette table searches, with authority and year facets on every one
    (as our API counts facets on every one); page 2 follows the first page's `next` token."""
    urls = []
    for q in mix:
        params = [
            ("_search", fts_match(q)),
            ("_searchmode", "raw"),
            ("_size", "10"),
            ("_facet", "authority"),
            ("_facet", "year"),
            ("_nocol", "body"),
            ("authority", q.authority),
            ("date__gte", q.date_from),
            ("date__lte", q.date_to),
        ]
        url = f"{base}/bench/disclosures.json?" + encode(params)
        if q.page > 1:
            with urllib.request.urlopen(url, timeout=60) as answer:
                token = json.loads(answer.read()).get("next")
            url += "&" + encode({"_next": token})
        urls.append(url)
    return urls


def encode(params: dict | list) -> str:
    """A query string without the empty parameters."""
    pairs = params.items() if isinstance(params, dict) else params
    return urllib.parse.urlencode([(k, str(v)) for k, v in pairs if v not in (None, "")])


def ours_check(body: dict) -> str | None:
    """Our API marks an answer cut short by its time limit as "partial"."""
    return "partial answer" if body.get("partial") else None


def datasette_check(body: dict) -> str | None:
    """Datasette drops facets that run past facet_time_limit_ms and says so."""
    if body.get("facets_timed_out"):
        return "facets timed out"
    return None if body.get("ok", True) else str(body.get("error"))
