"""Options shared by the CLI's commands, and the checks on the data home they name."""

from __future__ import annotations

import tempfile
from pathlib import Path

import click

from disclosure_search.config import CrawlSettings, Limits, Settings, load_settings
from disclosure_search.errors import ConfigError, HomeError

home_option = click.option(
    "--home",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Data home (default: $DISCLOSURE_SEARCH_HOME or ./disclosure-data).",
)

CHOOSE_HOME = "choose a folder you can write to with --home DIR (or DISCLOSURE_SEARCH_HOME)"


def read_home(home: Path | None) -> Settings:
    """Settings for a command that only reads the data home; HomeError if it is a file."""
    settings = load_settings(home)
    if settings.home.exists() and not settings.home.is_dir():
        raise HomeError(f"The data home {settings.home} is a file, not a folder: {CHOOSE_HOME}.")
    return settings


def write_home(home: Path | None) -> Settings:
    """Settings for a command that writes: the home is created (with its parents) and
    proven writable now, so a bad home fails in one line before any work starts."""
    settings = read_home(home)
    try:
        settings.home.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryFile(dir=settings.home):
            pass
    except OSError as exc:
        reason = exc.strerror or str(exc)
        message = f"Cannot use {settings.home} as the data home ({reason}): {CHOOSE_HOME}."
        raise HomeError(message) from exc
    return settings


def read_limits() -> Limits:
    """Limits from DISCLOSURE_SEARCH_MAX_MB, _TIMEOUT, _WORKERS, _LOCK_WAIT, _BATCH and
    _WRITER_MB; ConfigError if one is malformed."""
    try:
        return Limits.from_env()
    except ValueError as exc:
        names = "MAX_MB, _TIMEOUT, _WORKERS, _LOCK_WAIT, _BATCH or _WRITER_MB"
        raise ConfigError(not_a_number(names, exc)) from exc


def read_crawl_settings() -> CrawlSettings:
    """CrawlSettings from DISCLOSURE_SEARCH_CRAWL_*; ConfigError if one is malformed."""
    try:
        return CrawlSettings.from_env()
    except ValueError as exc:
        names = "CRAWL_DELAY, _CRAWL_TIMEOUT, _CRAWL_MAX_MB or _CRAWL_RETRIES"
        raise ConfigError(not_a_number(names, exc)) from exc


def not_a_number(names: str, exc: ValueError) -> str:
    return f"DISCLOSURE_SEARCH_{names} is not a number ({exc}): set a number, or unset it."
