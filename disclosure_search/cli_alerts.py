"""The `alerts` commands: saved searches mailed as digests (add, list, remove, unsubscribe,
run). Mail settings come from the environment: see config.MailSettings."""

from __future__ import annotations

import json
from pathlib import Path

import click

from disclosure_search.alerts import Alert, AlertStore, run_alerts, run_lock
from disclosure_search.cli_options import home_option, not_a_number, read_home, write_home
from disclosure_search.config import MailSettings
from disclosure_search.errors import ConfigError, NoIndexError
from disclosure_search.models import SearchQuery
from disclosure_search.search import SearchIndex


@click.group()
def alerts() -> None:
    """Saved searches, mailed as a digest of new matches daily or weekly.

    Mail goes through DISCLOSURE_SEARCH_SMTP_HOST and _SMTP_PORT (25 unless set), from
    DISCLOSURE_SEARCH_MAIL_FROM, logging in with _SMTP_USER and _SMTP_PASSWORD when set
    (only over TLS: port 465 or STARTTLS, unless DISCLOSURE_SEARCH_SMTP_PLAIN_AUTH=1 for a
    relay on this machine); links point at DISCLOSURE_SEARCH_BASE_URL, the web UI's public
    address.

    \b
    Example:
      disclosure-search alerts add 'potholes authority:sheffield' --email me@example.org
      disclosure-search alerts run        # from cron, e.g. hourly: each alert when due
    """


@alerts.command("add")
@click.argument("query", nargs=-1, required=True)
@click.option("--email", required=True, help="Where to send the digests.")
@click.option("--daily", "schedule", flag_value="daily", default=True, help="Daily (default).")
@click.option("--weekly", "schedule", flag_value="weekly", help="Weekly.")
@home_option
def add(query: tuple[str, ...], email: str, schedule: str, home: Path | None) -> None:
    """Save a search (the query language of `search`) to be mailed as it gets new matches.

    The first digest lists what matches already; later ones only what is new.

    \b
    Example:
      disclosure-search alerts add 'exemption:s40 outcome:refused' --email me@example.org --weekly
    """
    from disclosure_search.mailer import is_address

    text = " ".join(query).strip()
    if not is_address(email.strip()):
        raise click.BadParameter(f"{email!r} is not an e-mail address.", param_hint="--email")
    settings = write_home(home)
    with AlertStore(settings) as store:
        alert = store.add(text, email.strip(), schedule)
    click.echo(f"Added alert {alert.id}: “{alert.query}” to {alert.email}, {alert.schedule}.")
    click.echo(f"Unsubscribe token: {alert.token}")
    try:
        results = SearchIndex(settings).search(SearchQuery(text=text, limit=1))
    except NoIndexError:
        click.echo("note: nothing is indexed yet; the first digest follows the first ingest.")
        return
    for hint in results.hints:
        click.echo(f"note: {hint}", err=True)
    click.echo(f"{results.total} match now: `disclosure-search alerts run` mails them first.")


@alerts.command("list")
@click.option("--json", "as_json", is_flag=True, help="Print JSON (tokens included).")
@home_option
def list_alerts(as_json: bool, home: Path | None) -> None:
    """List the alerts: id, schedule, address, last run, disclosures sent, query.

    \b
    Example:
      disclosure-search alerts list
    """
    with AlertStore(read_home(home)) as store:
        found = store.list()
    if as_json:
        click.echo(json.dumps([vars(alert) for alert in found], ensure_ascii=False, indent=2))
        return
    if not found:
        click.echo("No alerts: add one with `disclosure-search alerts add QUERY --email ADDR`.")
    for alert in found:
        last = alert.last_run or "never run"
        click.echo(
            f"{alert.id:>4}  {alert.schedule:<6}  {alert.email}  last run {last}"
            f"  sent {alert.sent}  “{alert.query}”"
        )


@alerts.command("remove")
@click.argument("alert_id", type=int)
@home_option
def remove(alert_id: int, home: Path | None) -> None:
    """Delete an alert by the id `alerts list` shows.

    \b
    Example:
      disclosure-search alerts remove 3
    """
    with AlertStore(read_home(home)) as store:
        alert = store.remove(alert_id)
    click.echo(f"Removed alert {alert.id}: “{alert.query}” to {alert.email}.")


@alerts.command("unsubscribe")
@click.argument("token")
@home_option
def unsubscribe(token: str, home: Path | None) -> None:
    """Stop an alert with the token printed at the foot of each of its mails.

    \b
    Example:
      disclosure-search alerts unsubscribe 5f0c2a9e7b1d4c3a8e6f0b2d9c7a1e4f
    """
    with AlertStore(read_home(home)) as store:
        alert = store.unsubscribe(token)
    click.echo(f"Unsubscribed {alert.email} from “{alert.query}”.")


@alerts.command("run")
@click.option("--now", "--force", "force", is_flag=True, help="Send every alert, due or not.")
@home_option
def run(force: bool, home: Path | None) -> None:
    """Mail each due alert's new matches (daily alerts once a day, weekly once a week; run it
    from cron as often as you like). A failed mail changes nothing: the next run sends it.

    \b
    Example:
      disclosure-search alerts run
      disclosure-search alerts run --now
    """
    from disclosure_search.mailer import Mailer

    settings = write_home(home)
    mailer = Mailer(read_mail_settings())  # a missing setting fails before any work
    failed = seen = 0
    with run_lock(settings), AlertStore(settings) as store, mailer:
        index = SearchIndex(settings)
        for outcome in run_alerts(store, index, mailer.send_digest, force=force):
            click.echo(describe(outcome.alert, outcome.status, outcome.count, outcome.detail))
            failed += outcome.status == "failed"
            seen += 1
    if not seen:
        click.echo("No alerts: add one with `disclosure-search alerts add QUERY --email ADDR`.")
    if failed:
        noun = "digest" if failed == 1 else "digests"
        raise click.ClickException(f"{failed} {noun} could not be sent; the next run tries again.")


def describe(alert: Alert, status: str, count: int, detail: str) -> str:
    """One line per alert: what the run did with it."""
    head = f"alert {alert.id} ({alert.email}): "
    if status == "sent":
        return head + f"sent {count} new disclosure{'s' if count != 1 else ''}"
    return head + status + (f" ({detail})" if detail else "")


def read_mail_settings() -> MailSettings:
    """MailSettings from the environment; ConfigError if the port is not a number."""
    try:
        return MailSettings.from_env()
    except ValueError as exc:
        raise ConfigError(not_a_number("SMTP_PORT", exc)) from exc
