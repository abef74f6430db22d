"""Alert digests as plain-text e-mail, sent through the SMTP server the settings name."""

from __future__ import annotations

import contextlib
import smtplib
import ssl
from email.message import EmailMessage
from email.utils import formatdate, make_msgid, parseaddr
from urllib.parse import urlencode

from disclosure_search.alerts import Digest
from disclosure_search.config import MailSettings
from disclosure_search.errors import ConfigError, DisclosureSearchError
from disclosure_search.models import SearchHit, is_web_address

SUBJECT_QUERY = 60  # characters of the query shown in a subject line
TITLE_LENGTH = 200  # log rows' titles are whole requests


class MailError(DisclosureSearchError):
    """The SMTP server could not be reached, or refused us (not one message)."""


def check_mail_settings(mail: MailSettings) -> None:
    """ConfigError naming what to set when mail cannot be sent at all."""
    missing = [
        name
        for name, value in (("SMTP_HOST", mail.host), ("MAIL_FROM", mail.mail_from))
        if not value
    ]
    if missing:
        names = " and ".join(f"DISCLOSURE_SEARCH_{name}" for name in missing)
        raise ConfigError(
            f"Mail is not configured: set {names} (and DISCLOSURE_SEARCH_SMTP_PORT if not 25)."
        )


def is_address(text: str) -> bool:
    """Whether `text` is one bare e-mail address (user@domain.example)."""
    _, parsed = parseaddr(text)
    local, _, domain = parsed.rpartition("@")
    return parsed == text and bool(local) and "." in domain and not any(c.isspace() for c in text)


def one_line(text: str, limit: int | None = None) -> str:
    """`text` on one line (headers must not break), cut to `limit` characters."""
    flat = " ".join(text.split())
    return flat if limit is None or len(flat) <= limit else flat[: limit - 1] + "…"


def query_label(query: str, limit: int | None = None) -> str:
    """The query in quotes, or what an empty one means."""
    text = one_line(query, limit)
    return f"“{text}”" if text else "for every disclosure"


def compose(digest: Digest, mail: MailSettings) -> EmailMessage:
    """The digest mail: each new disclosure with its link, then how to unsubscribe."""
    alert = digest.alert
    count = len(digest.new_ids)
    noun = "disclosure" if count == 1 else "disclosures"
    message = EmailMessage()
    message["Subject"] = f"{count} new {noun}: {query_label(alert.query, SUBJECT_QUERY)}"
    message["From"] = mail.mail_from
    message["To"] = alert.email
    message["Date"] = formatdate(usegmt=True)
    message["Message-ID"] = make_msgid(domain=mail.mail_from.rpartition("@")[2] or None)
    message["Auto-Submitted"] = "auto-generated"  # RFC 3834: no vacation replies
    label = query_label(alert.query)
    lines = [f"{count} new {noun} match your {alert.schedule} alert {label}.", ""]
    for n, hit in enumerate(digest.hits, start=1):
        lines.extend(describe_hit(n, hit, mail.base_url))
    if digest.more:
        lines.append(f"... and {digest.more} more.")
    if mail.base_url:
        lines.append(f"All matches, newest first: {search_link(alert.query, mail.base_url)}")
    while lines[-1] == "":
        lines.pop()
    lines += [
        "",
        "-- ",
        f"You get this e-mail because {alert.email} subscribed to this alert.",
        f"To stop it, run: disclosure-search alerts unsubscribe {alert.token}",
    ]
    message.set_content("\n".join(lines) + "\n")
    return message


def describe_hit(n: int, hit: SearchHit, base_url: str) -> list[str]:
    """A numbered entry: title, reference line, and where to read it."""
    when = hit.date.isoformat() if hit.date else "undated"
    lines = [
        f"{n}. {one_line(hit.title, TITLE_LENGTH)}",
        f"   {hit.request_id or '-'} · {hit.authority or 'authority not stated'} · {when}",
    ]
    if base_url:
        lines.append(f"   {base_url}/disclosure/{hit.doc_id}")
    else:  # no public address to link to: say how to read it here
        lines.append(f"   disclosure-search show {hit.doc_id}")
    if is_web_address(hit.source):
        lines.append(f"   Original: {hit.source}")
    return [*lines, ""]


def search_link(query: str, base_url: str) -> str:
    return f"{base_url}/search?{urlencode({'q': query, 'sort': 'newest'})}"


class Mailer:
    """One SMTP connection for a run, opened at the first mail. Use as a context manager;
    `send` raises MailError when the server cannot be reached or refuses the session, and
    smtplib's own error when it refuses one message."""

    def __init__(self, mail: MailSettings) -> None:
        check_mail_settings(mail)
        self.mail = mail
        self._smtp: smtplib.SMTP | None = None

    def __enter__(self) -> Mailer:
        return self

    def __exit__(self, *exc: object) -> None:
        if self._smtp is not None:
            # The mail already went; a rude goodbye loses nothing.
            with contextlib.suppress(OSError):
                self._smtp.quit()
            self._smtp = None

    def send_digest(self, digest: Digest) -> None:
        self.send(compose(digest, self.mail))

    def send(self, message: EmailMessage) -> None:
        smtp = self._connect()
        try:
            smtp.send_message(message)
        except (smtplib.SMTPServerDisconnected, smtplib.SMTPSenderRefused) as exc:
            self._smtp = None
            raise MailError(self.refused(exc)) from exc

    def _connect(self) -> smtplib.SMTP:
        if self._smtp is not None:
            return self._smtp
        try:
            smtp, secure = self._open()
        except OSError as exc:  # smtplib's errors, refused connections, TLS, DNS
            raise MailError(self.refused(exc)) from exc
        try:
            self._login(smtp, secure)
        except MailError:
            with contextlib.suppress(OSError):
                smtp.close()
            raise
        self._smtp = smtp
        return smtp

    def _open(self) -> tuple[smtplib.SMTP, bool]:
        """A connection to the server, and whether it is encrypted: TLS from the start on
        port 465, else STARTTLS when the server offers it."""
        mail, context = self.mail, ssl.create_default_context()
        if mail.port == 465:
            wrapped = smtplib.SMTP_SSL(mail.host, mail.port, timeout=mail.timeout, context=context)
            return wrapped, True
        smtp = smtplib.SMTP(mail.host, mail.port, timeout=mail.timeout)
        try:
            smtp.ehlo()
            if not smtp.has_extn("starttls"):
                return smtp, False
            smtp.starttls(context=context)
            smtp.ehlo()
        except OSError:
            smtp.close()
            raise
        return smtp, True

    def _login(self, smtp: smtplib.SMTP, secure: bool) -> None:
        """Log in when a user is set; MailError rather than a password sent unencrypted,
        unless the settings allow that (plain_auth, for a relay on this machine)."""
        mail = self.mail
        if not mail.user:
            return
        if not secure and not mail.plain_auth:
            raise MailError(
                f"{mail.host} offers no STARTTLS: refusing to send the password in clear."
                " Use TLS (port 465, or a server offering STARTTLS), or set"
                " DISCLOSURE_SEARCH_SMTP_PLAIN_AUTH=1 for a relay on this machine."
                " Nothing was marked as sent."
            )
        try:
            smtp.login(mail.user, mail.password)
        except OSError as exc:
            raise MailError(self.refused(exc)) from exc

    def refused(self, exc: OSError) -> str:
        reason = one_line(str(exc)) or type(exc).__name__
        return (
            f"Could not send mail through {self.mail.host}:{self.mail.port} ({reason}): check"
            " DISCLOSURE_SEARCH_SMTP_HOST, _SMTP_PORT, _SMTP_USER and _SMTP_PASSWORD, and that"
            " the server is up. Nothing was marked as sent; the next run sends it."
        )
