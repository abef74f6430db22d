"""Real things several tests share: a free port on 127.0.0.1, a started `serve`, and the
round-robin replies of dev2 (NHS trusts answering one request: they form a group)."""

from __future__ import annotations

import socket
import subprocess
import time
import urllib.request
from pathlib import Path

DEV2 = Path(__file__).parent / "fixtures" / "dev2"
# Plain-text and PDF replies of the NHS round robin: quick to extract, grouped together.
ROUND_ROBIN_REPLIES = [
    DEV2 / name
    for name in (
        "nhs_bchft_FOI21-5307_housing_support_reply.md",
        "nhs_dhcft_housing_support_reply.md",
        "nhs_kmpt_FOI-ID-25375_housing_support_reply.md",
        "nhs_lpft_accommodation_status_two_replies.md",
        "nhs_nottshc_FOI-8050_housing_support.pdf",
        "nhs_nsft_accommodation_status_reply.md",
        "nhs_pennine_FOI-2021-0295_accommodation_reply.md",
        "nhs_shsc_accommodation_status_reply.md",
        "nhs_sussex_SPFT-FOI-21-22-007_housing_support.pdf",
    )
]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until_serving(base: str, process: subprocess.Popen, seconds: float = 30) -> None:
    """Return once `base` answers; fail if the server process exits or never answers."""
    deadline = time.monotonic() + seconds
    while True:
        try:
            with urllib.request.urlopen(f"{base}/robots.txt", timeout=2):
                return
        except OSError:
            assert process.poll() is None, "the server exited"
            assert time.monotonic() < deadline, "the server did not start"
            time.sleep(0.1)
