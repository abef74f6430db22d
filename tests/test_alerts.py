"""Alerts end to end: the real CLI in subprocesses, an index of real samples, and a real SMTP
server (aiosmtpd) on 127.0.0.1 receiving the digests."""

from __future__ import annotations

import email
import email.policy
import json
import os
import re
import shutil
import socket
import subprocess
import sys
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from email.message import EmailMessage
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

from disclosure_search.alerts import Alert
from disclosure_search.config import SAMPLES_DIR, Settings
from indexer.pipeline import ingest_paths

FIRST = ("sheffield_wdtk_pothole_reports_and_repairs_64.json", "sheffield_wdtk_snug_scheme.json")
OTHER_AUTHORITY = "coventry_FOI759201887.txt"
LATER = "sheffield_wdtk_football_riddor_17.json"
LATEST = "sheffield_wdtk_childrens_services_structure_65.json"
BASE_URL = "https://foi.example.org"
REFUSED = "reader@refused.example"


class Inbox:
    """An aiosmtpd handler that keeps each message; it refuses mail for REFUSED."""

    def __init__(self) -> None:
        self.messages: list[EmailMessage] = []

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):  # noqa: ANN001, ANN201, N802
        if address == REFUSED:
            return "550 5.1.1 No such mailbox"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):  # noqa: ANN001, ANN201, N802
        parsed = email.message_from_bytes(envelope.content, policy=email.policy.default)
        self.messages.append(parsed)
        return "250 Message accepted for delivery"

    def take(self) -> list[EmailMessage]:
        taken, self.messages = self.messages, []
        return taken


def free_port() -> int:
    """A port nothing listens on (bound, then let go): a mail server that is down."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def smtp() -> tuple[Inbox, int]:
    inbox = Inbox()
    port = free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    yield inbox, port
    controller.stop()


class Logins:
    """An aiosmtpd authenticator that records each login and accepts USER with PASSWORD."""

    def __init__(self) -> None:
        self.seen: list[tuple[str, str]] = []

    def __call__(self, server, session, envelope, mechanism, auth_data) -> AuthResult:  # noqa: ANN001
        assert isinstance(auth_data, LoginPassword)
        login, password = auth_data.login.decode(), auth_data.password.decode()
        self.seen.append((login, password))
        return AuthResult(success=(login, password) == (USER, PASSWORD))


USER, PASSWORD = "alerts", "s3cret-Passw0rd"


@pytest.fixture
def smtp_auth() -> tuple[Inbox, Logins, int]:
    """A server that requires a login and offers no STARTTLS (AUTH allowed in clear)."""
    inbox, logins, port = Inbox(), Logins(), free_port()
    controller = Controller(
        inbox,
        hostname="127.0.0.1",
        port=port,
        authenticator=logins,
        auth_required=True,
        auth_require_tls=False,
    )
    controller.start()
    yield inbox, logins, port
    controller.stop()


def mail_env(port: int, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("DISCLOSURE_SEARCH_")}
    env.update(
        DISCLOSURE_SEARCH_SMTP_HOST="127.0.0.1",
        DISCLOSURE_SEARCH_SMTP_PORT=str(port),
        DISCLOSURE_SEARCH_MAIL_FROM="alerts@foi.example.org",
        DISCLOSURE_SEARCH_BASE_URL=BASE_URL,
        **extra,
    )
    return env


def cli(home: Path, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    """The real command line in a subprocess, on `home`."""
    return subprocess.run(
        [sys.executable, "-m", "disclosure_search", *args, "--home", str(home)],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
    )


def add_samples(home: Path, folder: Path, *names: str) -> None:
    """Copy real samples into the folder and ingest it (the real pipeline, in this process:
    its worker pool then starts once for every ingest of the test)."""
    folder.mkdir(exist_ok=True)
    for name in names:
        shutil.copyfile(SAMPLES_DIR / name, folder / name)
    report = ingest_paths(Settings(home=home), [folder])
    assert not report.failures


def doc_ids_of_search(home: Path, query: str) -> set[str]:
    """What the search command finds for the query (the alert must mean the same)."""
    done = cli(home, "search", query, "--format", "jsonl")
    return {json.loads(line)["doc_id"] for line in done.stdout.splitlines()}


def linked_ids(message: EmailMessage) -> set[str]:
    return set(re.findall(re.escape(BASE_URL) + r"/disclosure/(\S+)", message.get_content()))


@pytest.fixture(scope="module")
def first_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Two Sheffield answers and one from Coventry, ingested once for the module."""
    root = tmp_path_factory.mktemp("alerts")
    add_samples(root / "home", root / "in", *FIRST, OTHER_AUTHORITY)
    return root / "home"


@pytest.fixture
def home(first_home: Path, tmp_path: Path) -> Path:
    """A copy of that data home for one test, alerts and all of its own."""
    shutil.copytree(first_home, tmp_path / "home")
    return tmp_path / "home"


def test_digest_then_only_new_matches_then_unsubscribe(
    home: Path, tmp_path: Path, smtp: tuple[Inbox, int]
) -> None:
    inbox, port = smtp
    env = mail_env(port)
    added = cli(home, "alerts", "add", "authority:sheffield", "--email", "reader@example.org")
    assert added.returncode == 0, added.stderr
    assert "2 match now" in added.stdout

    first = cli(home, "alerts", "run", env=env)
    assert first.returncode == 0, first.stderr
    assert "sent 2 new disclosures" in first.stdout
    (message,) = inbox.take()
    assert message["To"] == "reader@example.org" and "2 new disclosures" in message["Subject"]
    body = message.get_content()
    assert "Pothole reports and repairs" in body and "SNUG scheme" in body
    assert "Coventry" not in body
    assert linked_ids(message) == doc_ids_of_search(home, "authority:sheffield")
    token = re.search(r"disclosure-search alerts unsubscribe (\S+)", body).group(1)

    again = cli(home, "alerts", "run", env=env)  # a daily alert that ran a moment ago
    assert again.returncode == 0 and "not due" in again.stdout
    forced = cli(home, "alerts", "run", "--now", env=env)
    assert forced.returncode == 0 and "nothing new" in forced.stdout
    assert inbox.take() == []

    add_samples(home, tmp_path / "in", LATER)
    assert cli(home, "alerts", "run", "--force", env=env).returncode == 0
    (only_new,) = inbox.take()
    assert "Football RIDDOR" in only_new.get_content()
    assert "Pothole" not in only_new.get_content() and "1 new disclosure:" in only_new["Subject"]
    assert len(linked_ids(only_new)) == 1

    gone = cli(home, "alerts", "unsubscribe", token)
    assert gone.returncode == 0 and "Unsubscribed reader@example.org" in gone.stdout
    add_samples(home, tmp_path / "in", LATEST)
    assert cli(home, "alerts", "run", "--now", env=env).returncode == 0
    assert inbox.take() == []
    twice = cli(home, "alerts", "unsubscribe", token)
    assert twice.returncode == 1 and "unsubscribed or removed already" in twice.stderr


def test_smtp_down_is_one_clear_line_and_the_next_run_still_sends(
    home: Path, smtp: tuple[Inbox, int]
) -> None:
    inbox, port = smtp
    cli(home, "alerts", "add", "pothole", "--email", "reader@example.org", "--weekly")
    down = cli(home, "alerts", "run", env=mail_env(free_port()))
    assert down.returncode == 1
    (line,) = down.stderr.strip().splitlines()
    assert line.startswith("Error: Could not send mail through 127.0.0.1:")
    assert "Nothing was marked as sent" in line
    listed = json.loads(cli(home, "alerts", "list", "--json").stdout)
    assert listed[0]["last_run"] is None and listed[0]["sent"] == 0

    assert cli(home, "alerts", "run", env=mail_env(port)).returncode == 0
    (message,) = inbox.take()
    assert "Pothole reports and repairs" in message.get_content()
    assert linked_ids(message) == doc_ids_of_search(home, "pothole")


def test_bad_address_unset_smtp_and_refused_recipient_leave_alerts_unchanged(
    home: Path, smtp: tuple[Inbox, int]
) -> None:
    inbox, port = smtp
    bad = cli(home, "alerts", "add", "snug", "--email", "not an address")
    assert bad.returncode == 2 and "is not an e-mail address" in bad.stderr
    cli(home, "alerts", "add", "snug", "--email", REFUSED)
    cli(home, "alerts", "add", "snug", "--email", "reader@example.org")
    bare = {k: v for k, v in os.environ.items() if not k.startswith("DISCLOSURE_SEARCH_")}
    unset = cli(home, "alerts", "run", env=bare)
    assert unset.returncode == 1
    assert unset.stderr.strip() == (
        "Error: Mail is not configured: set DISCLOSURE_SEARCH_SMTP_HOST and"
        " DISCLOSURE_SEARCH_MAIL_FROM (and DISCLOSURE_SEARCH_SMTP_PORT if not 25)."
    )

    refused = cli(home, "alerts", "run", env=mail_env(port))
    assert refused.returncode == 1
    assert "alert 1 (reader@refused.example): failed" in refused.stdout
    assert "alert 2 (reader@example.org): sent 1 new disclosure" in refused.stdout
    assert "1 digest could not be sent" in refused.stderr
    (message,) = inbox.take()
    assert message["To"] == "reader@example.org"
    first, second = json.loads(cli(home, "alerts", "list", "--json").stdout)
    assert (first["last_run"], first["sent"]) == (None, 0)
    assert second["last_run"] is not None and second["sent"] == 1

    removed = cli(home, "alerts", "remove", "1")
    assert removed.returncode == 0 and "Removed alert 1" in removed.stdout
    assert cli(home, "alerts", "remove", "1").returncode == 1


# aiosmtpd warns that a server taking AUTH without TLS is unsafe: that is the server wanted.
@pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS:UserWarning")
def test_a_password_is_never_sent_in_clear_unless_allowed(
    home: Path, smtp_auth: tuple[Inbox, Logins, int]
) -> None:
    inbox, logins, port = smtp_auth
    cli(home, "alerts", "add", "pothole", "--email", "reader@example.org")
    login = {"DISCLOSURE_SEARCH_SMTP_USER": USER, "DISCLOSURE_SEARCH_SMTP_PASSWORD": PASSWORD}
    refused = cli(home, "alerts", "run", env=mail_env(port, **login))
    assert refused.returncode == 1
    (line,) = refused.stderr.strip().splitlines()
    assert line.startswith(
        "Error: 127.0.0.1 offers no STARTTLS: refusing to send the password in clear."
    )
    assert "DISCLOSURE_SEARCH_SMTP_PLAIN_AUTH=1" in line and PASSWORD not in line
    assert logins.seen == [] and inbox.take() == []  # no AUTH command, no mail
    (alert,) = json.loads(cli(home, "alerts", "list", "--json").stdout)
    assert (alert["last_run"], alert["sent"]) == (None, 0)

    plain = mail_env(port, **login, DISCLOSURE_SEARCH_SMTP_PLAIN_AUTH="1")
    allowed = cli(home, "alerts", "run", env=plain)
    assert allowed.returncode == 0, allowed.stderr
    assert "sent 1 new disclosure" in allowed.stdout
    assert logins.seen == [(USER, PASSWORD)]
    (message,) = inbox.take()
    assert "Pothole reports and repairs" in message.get_content()


def test_add_prints_the_unsubscribe_token_before_anything_is_indexed(tmp_path: Path) -> None:
    home = tmp_path / "empty"
    added = cli(home, "alerts", "add", "pothole", "--email", "reader@example.org")
    assert added.returncode == 0, added.stderr
    assert "nothing is indexed yet" in added.stdout
    token = re.search(r"Unsubscribe token: (\S+)", added.stdout).group(1)
    (listed,) = json.loads(cli(home, "alerts", "list", "--json").stdout)
    assert listed["token"] == token
    gone = cli(home, "alerts", "unsubscribe", token)
    assert gone.returncode == 0 and "Unsubscribed reader@example.org" in gone.stdout


@pytest.mark.parametrize(
    ("schedule", "ago", "due"),
    [
        ("daily", timedelta(hours=23, minutes=59), True),  # cron at the same hour tomorrow
        ("daily", timedelta(hours=22), False),
        ("weekly", timedelta(days=6, hours=23, minutes=30), True),
        ("weekly", timedelta(days=6), False),
    ],
)
def test_schedule_allows_a_digest_a_day_or_a_week(schedule: str, ago: timedelta, due: bool) -> None:
    now = datetime(2026, 3, 2, 6, 0, tzinfo=UTC)
    ran = Alert(1, "q", "a@example.org", schedule, "t", "2026-01-01T00:00:00+00:00")
    alert = replace(ran, last_run=(now - ago).isoformat())
    assert alert.is_due(now) is due
    assert replace(ran, last_run=None).is_due(now)  # never ran: due at once
