"""Settings: where the data lives and how the indexer behaves (env DISCLOSURE_SEARCH_*)."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from importlib.resources import files
from pathlib import Path

DEFAULT_HOME = "disclosure-data"
# The checkout (README, tests, artifacts): meaningful only when running from a clone.
PROJECT_ROOT = Path(__file__).resolve().parent.parent


def find_data_dir() -> Path:
    """The bundled data (registers, taxonomies, samples, configs): package data of this package.

    Read through importlib.resources so that a clone, an editable install and a plain
    `pip install .` all find it; pip always unpacks wheels, so it is a real directory (the
    indexer walks it and gzip opens files in it).
    """
    return Path(str(files("disclosure_search").joinpath("data")))


DATA_DIR = find_data_dir()
SAMPLES_DIR = DATA_DIR / "samples"
SOURCES_FILE = DATA_DIR / "sources.toml"


@dataclass(frozen=True)
class Settings:
    """Where everything lives under the data home.

    raw/      originals by SHA-256
    records/  one JSON per disclosure (metadata and extracted parts)
    index/    the Whoosh index
    state.sqlite  what was ingested from which source, and what failed
    """

    home: Path

    @property
    def raw_dir(self) -> Path:
        return self.home / "raw"

    @property
    def records_dir(self) -> Path:
        return self.home / "records"

    @property
    def index_dir(self) -> Path:
        return self.home / "index"

    @property
    def state_path(self) -> Path:
        return self.home / "state.sqlite"

    @property
    def crawl_path(self) -> Path:
        """The crawl ledger: every URL seen, its validators, and every crawl run."""
        return self.home / "crawl.sqlite"

    @property
    def alerts_path(self) -> Path:
        """Saved searches sent as e-mail digests, and what each has sent (see alerts)."""
        return self.home / "alerts.sqlite"

    def original_path(self, sha256: str) -> Path:
        """Where the raw store keeps the original with this SHA-256."""
        return self.raw_dir / sha256[:2] / sha256


def load_settings(home: str | os.PathLike[str] | None = None) -> Settings:
    """Settings for `home`, else $DISCLOSURE_SEARCH_HOME, else ./disclosure-data."""
    chosen = home or os.environ.get("DISCLOSURE_SEARCH_HOME") or DEFAULT_HOME
    return Settings(home=Path(chosen).expanduser().resolve())


@dataclass(frozen=True)
class Limits:
    """What one document may cost; env DISCLOSURE_SEARCH_MAX_MB / _TIMEOUT / _WORKERS; how
    long a writer waits for another to finish (DISCLOSURE_SEARCH_LOCK_WAIT, seconds); how
    many disclosures one index commit holds (DISCLOSURE_SEARCH_BATCH), the index writer's
    memory for postings before it spills to disk (DISCLOSURE_SEARCH_WRITER_MB), and how many
    segments an ingest leaves (DISCLOSURE_SEARCH_SEGMENTS: the smallest are merged at the end).

    The batch and memory defaults were measured (benchmarks/RESULTS.md): 1,000 disclosures a
    commit wrote 1.7x faster than 200, with 2 segments instead of 7 to search."""

    max_bytes: int = 200 * 1024 * 1024
    timeout: float = 120.0
    workers: int = 2
    lock_wait: float = 600.0
    batch: int = 1000
    writer_mb: int = 256
    segments: int = 3

    @classmethod
    def from_env(cls) -> Limits:
        env = os.environ.get
        return cls(
            max_bytes=int(float(env("DISCLOSURE_SEARCH_MAX_MB", "200")) * 1024 * 1024),
            timeout=float(env("DISCLOSURE_SEARCH_TIMEOUT", "120")),
            # Workers extract and read metadata; the main process writes the index beside them.
            workers=int(env("DISCLOSURE_SEARCH_WORKERS", str(os.cpu_count() or 1))),
            lock_wait=float(env("DISCLOSURE_SEARCH_LOCK_WAIT", "600")),
            batch=max(1, int(env("DISCLOSURE_SEARCH_BATCH", "1000"))),
            writer_mb=max(16, int(env("DISCLOSURE_SEARCH_WRITER_MB", "256"))),
            segments=max(1, int(env("DISCLOSURE_SEARCH_SEGMENTS", "3"))),
        )


@dataclass(frozen=True)
class Tuning:
    """Knobs of the read side, chosen by measurement (benchmarks/RESULTS.md).

    search_seconds  a search answers with what it has found by then (SearchResults.partial)
    export_seconds  the same for exports, which walk every match
    searchers       idle searchers kept per index generation (a threaded server's usual
                    concurrency; more are opened when needed and closed after use)
    serve_threads   threads in each `serve` worker process (gunicorn's gthread worker)
    """

    search_seconds: float = 3.0
    export_seconds: float = 30.0
    searchers: int = 8
    serve_threads: int = 4


TUNING = Tuning()

PDF_ENGINE_VARIABLE = "DISCLOSURE_SEARCH_PDF_ENGINE"
PDF_ENGINES = ("pdfminer", "pdfium")  # pdfminer.six is the default; pdfium is optional


def pdf_engine_wanted() -> str:
    """The PDF engine asked for in DISCLOSURE_SEARCH_PDF_ENGINE, lower-cased ("pdfminer" when
    unset); the extractor checks that it is known and installed. Read on every call (cheap),
    so a test or a worker process sees the environment it runs in."""
    return os.environ.get(PDF_ENGINE_VARIABLE, "").strip().lower() or "pdfminer"


@dataclass(frozen=True)
class CrawlSettings:
    """How the crawler behaves: who it says it is and how gently it asks (env below).

    contact_url    DISCLOSURE_SEARCH_CONTACT_URL: a page or mailto: for site owners (required)
    delay          DISCLOSURE_SEARCH_CRAWL_DELAY: seconds between requests to one host
    timeout        DISCLOSURE_SEARCH_CRAWL_TIMEOUT: seconds to connect, and between bytes
    max_bytes      DISCLOSURE_SEARCH_CRAWL_MAX_MB: largest download
    retries        DISCLOSURE_SEARCH_CRAWL_RETRIES: tries after a 429 or 5xx answer
    allow_private  DISCLOSURE_SEARCH_ALLOW_PRIVATE: comma-separated addresses or networks
                   (e.g. 127.0.0.1) that may be fetched although private or local
    """

    contact_url: str = ""
    delay: float = 1.0
    timeout: float = 30.0
    max_bytes: int = 100 * 1024 * 1024
    retries: int = 3
    backoff: float = 2.0  # first wait after a 5xx (doubles each try) when no Retry-After
    max_wait: float = 300.0  # a longer Retry-After stops the crawl instead of sleeping
    allow_private: tuple[str, ...] = ()

    @property
    def user_agent(self) -> str:
        from importlib.metadata import version

        return f"disclosure-search/{version('disclosure-search')} (+{self.contact_url})"

    @classmethod
    def from_env(cls) -> CrawlSettings:
        env = os.environ.get
        allowed = env("DISCLOSURE_SEARCH_ALLOW_PRIVATE", "")
        return cls(
            contact_url=env("DISCLOSURE_SEARCH_CONTACT_URL", "").strip(),
            delay=float(env("DISCLOSURE_SEARCH_CRAWL_DELAY", "1")),
            timeout=float(env("DISCLOSURE_SEARCH_CRAWL_TIMEOUT", "30")),
            max_bytes=int(float(env("DISCLOSURE_SEARCH_CRAWL_MAX_MB", "100")) * 1024 * 1024),
            retries=int(env("DISCLOSURE_SEARCH_CRAWL_RETRIES", "3")),
            allow_private=tuple(a.strip() for a in allowed.split(",") if a.strip()),
        )


@dataclass(frozen=True)
class MailSettings:
    """How alert digests are mailed (env below); sending needs a host and a From address.

    host       DISCLOSURE_SEARCH_SMTP_HOST
    port       DISCLOSURE_SEARCH_SMTP_PORT: 25 by default; 465 is TLS from the start,
               any other port upgrades with STARTTLS when the server offers it
    mail_from  DISCLOSURE_SEARCH_MAIL_FROM: the From address
    user       DISCLOSURE_SEARCH_SMTP_USER and _SMTP_PASSWORD: log in when a user is given
               (only over TLS, unless plain_auth)
    plain_auth DISCLOSURE_SEARCH_SMTP_PLAIN_AUTH=1: log in without TLS (a localhost relay)
    base_url   DISCLOSURE_SEARCH_BASE_URL: the web UI's public address, for links in mails
    """

    host: str = ""
    port: int = 25
    mail_from: str = ""
    user: str = ""
    password: str = field(default="", repr=False)  # never in a log or a traceback
    base_url: str = ""
    plain_auth: bool = False
    timeout: float = 30.0

    @classmethod
    def from_env(cls) -> MailSettings:
        env = os.environ.get
        return cls(
            host=env("DISCLOSURE_SEARCH_SMTP_HOST", "").strip(),
            port=int(env("DISCLOSURE_SEARCH_SMTP_PORT", "25")),
            mail_from=env("DISCLOSURE_SEARCH_MAIL_FROM", "").strip(),
            user=env("DISCLOSURE_SEARCH_SMTP_USER", ""),
            password=env("DISCLOSURE_SEARCH_SMTP_PASSWORD", ""),
            base_url=env("DISCLOSURE_SEARCH_BASE_URL", "").strip().rstrip("/"),
            plain_auth=env("DISCLOSURE_SEARCH_SMTP_PLAIN_AUTH", "").strip() in ("1", "true", "yes"),
        )
