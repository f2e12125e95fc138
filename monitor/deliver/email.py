"""Digest and alert emails: a multipart/alternative message, sent over SMTP with TLS and login."""

from __future__ import annotations

import base64
import os
import smtplib
import ssl
from collections.abc import Mapping
from datetime import datetime
from email.message import EmailMessage
from email.utils import format_datetime

from monitor.deliver.retry import DEFAULT_RETRY, RetryPolicy
from monitor.errors import DeliveryError
from monitor.models import EmailChannel, SmtpSettings


def message_id(token: str, sender: str) -> str:
    """A Message-ID from a delivery token, so a retried email keeps its id."""
    domain = sender.rpartition("@")[2].strip(" >") or "monitor.invalid"
    return f"<{token}@{domain}>"


def compose_email(
    *,
    sender: str,
    to: tuple[str, ...] | list[str],
    subject: str,
    text: str,
    html: str,
    token: str,
    date: datetime,
) -> EmailMessage:
    """multipart/alternative: the plain text first, the HTML last (the one clients prefer).
    UTF-8 throughout: headers are RFC 2047-encoded, bodies quoted-printable or base64."""
    message = EmailMessage()
    message["Subject"] = subject
    message["From"] = sender
    message["To"] = ", ".join(to)
    message["Date"] = format_datetime(date)
    message["Message-ID"] = message_id(token, sender)
    message["Auto-Submitted"] = "auto-generated"  # RFC 3834: no vacation replies, please
    message.set_content(text, subtype="plain", charset="utf-8")
    message.add_alternative(html, subtype="html", charset="utf-8")
    return message


def _password(smtp: SmtpSettings, environ: Mapping[str, str]) -> str:
    if not smtp.password_env:
        raise DeliveryError(
            f"SMTP {smtp.host}: username {smtp.username!r} is set but no password_env; add "
            "password_env: NAME to the smtp settings and put the password in that variable"
        )
    password = environ.get(smtp.password_env)
    if password is None:
        raise DeliveryError(
            f"SMTP {smtp.host}: the password is missing: set the environment variable "
            f"{smtp.password_env}"
        )
    return password


class _OutcomeUnknownError(Exception):
    """The whole message was transmitted, but the server's final reply never came."""

    def __init__(self, cause: BaseException) -> None:
        self.cause = cause
        super().__init__(str(cause))


def _send_once(smtp: SmtpSettings, message: EmailMessage, password: str | None) -> None:
    context = ssl.create_default_context()
    client: smtplib.SMTP
    if smtp.tls:
        client = smtplib.SMTP_SSL(smtp.host, smtp.port, timeout=smtp.timeout_seconds,
                                  context=context)
    else:
        client = smtplib.SMTP(smtp.host, smtp.port, timeout=smtp.timeout_seconds)
    with client:
        client.ehlo()
        if smtp.starttls and not smtp.tls:
            client.starttls(context=context)
            client.ehlo()
        if smtp.username:
            _login(client, smtp.username, password or "")
        _transmit(client, smtp, message)


def _transmit(client: smtplib.SMTP, smtp: SmtpSettings, message: EmailMessage) -> None:
    """MAIL, RCPT, DATA by hand (smtplib's sendmail cannot tell where a failure happened): a
    failure before the final "." is safe to retry; after it, the server may have accepted the
    message, so the long wait for its reply ends in _OutcomeUnknownError, never a resend."""
    sender = message["From"].addresses[0].addr_spec
    recipients = [a.addr_spec for a in message["To"].addresses]
    code, reply = client.mail(sender)
    if code != 250:
        raise smtplib.SMTPSenderRefused(code, reply, sender)
    refused = {}
    for recipient in recipients:
        code, reply = client.rcpt(recipient)
        if code not in (250, 251):
            refused[recipient] = (code, reply)
    if len(refused) == len(recipients):
        raise smtplib.SMTPRecipientsRefused(refused)
    code, reply = client.docmd("data")
    if code != 354:
        raise smtplib.SMTPDataError(code, reply)
    body = message.as_bytes(policy=message.policy.clone(linesep="\r\n"))
    body = smtplib._quote_periods(body)  # smtplib's own dot-stuffing
    if not body.endswith(b"\r\n"):
        body += b"\r\n"
    client.send(body + b".\r\n")
    if client.sock is not None:
        client.sock.settimeout(smtp.data_timeout_seconds)
    try:
        code, reply = client.getreply()
    except (OSError, smtplib.SMTPServerDisconnected) as error:
        raise _OutcomeUnknownError(error) from error
    if code != 250:
        raise smtplib.SMTPDataError(code, reply)


def _login(client: smtplib.SMTP, username: str, password: str) -> None:
    """smtplib encodes credentials as ASCII; a non-ASCII username or password goes as AUTH
    PLAIN in UTF-8 instead, as RFC 4616 defines it."""
    if (username + password).isascii():
        client.login(username, password)
        return
    client.ehlo_or_helo_if_needed()
    if not client.has_extn("auth"):
        raise smtplib.SMTPNotSupportedError("SMTP AUTH extension not supported by server.")
    token = base64.b64encode(f"\0{username}\0{password}".encode()).decode("ascii")
    code, reply = client.docmd("AUTH", f"PLAIN {token}")
    if code != 235:
        raise smtplib.SMTPAuthenticationError(code, reply)


def _transient(error: Exception) -> bool:
    """Worth another try: the network, a dropped connection, or a 4xx (try again later) reply."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return all(400 <= code < 500 for code, _ in error.recipients.values())
    if isinstance(error, smtplib.SMTPResponseException):
        return 400 <= error.smtp_code < 500
    if isinstance(error, smtplib.SMTPServerDisconnected):
        return True
    # Any other SMTPException (no AUTH offered, no STARTTLS...) is a setup problem; SSL errors
    # (a certificate refused) will not go away either. Plain network errors might.
    return not isinstance(error, (smtplib.SMTPException, ssl.SSLError))


def _permanent(error: Exception) -> bool:
    """A 5xx answer to the message itself (MAIL, RCPT, DATA): the server will not take it,
    however often it is asked. (A refused login or TLS is a setup problem, fixed by the user
    and retried on the next run.)"""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return all(code >= 500 for code, _ in error.recipients.values())
    if isinstance(error, (smtplib.SMTPSenderRefused, smtplib.SMTPDataError)):
        return error.smtp_code >= 500
    return False


def _describe(error: Exception) -> str:
    if isinstance(error, smtplib.SMTPAuthenticationError):
        return f"login refused ({error.smtp_code}): check the username and password"
    if isinstance(error, smtplib.SMTPResponseException):
        reply = error.smtp_error.decode("utf-8", "replace") if isinstance(
            error.smtp_error, bytes) else str(error.smtp_error)
        return f"server replied {error.smtp_code} {reply}"
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return f"recipients refused: {', '.join(error.recipients)}"
    if isinstance(error, ssl.SSLError):
        return f"TLS failed ({error}): check port, starttls and tls"
    if isinstance(error, smtplib.SMTPNotSupportedError):
        return f"{error} (check starttls/tls: many servers offer AUTH only over TLS)"
    return f"{type(error).__name__}: {error}"


def send_email(
    channel: EmailChannel,
    message: EmailMessage,
    *,
    retry: RetryPolicy = DEFAULT_RETRY,
    environ: Mapping[str, str] = os.environ,
) -> None:
    """Send one message to the channel's recipients; transient failures are retried with
    backoff. Raises DeliveryError saying what went wrong and what to do."""
    smtp = channel.smtp
    password = _password(smtp, environ) if smtp.username else None
    where = f"email to {', '.join(channel.to)} via {smtp.host}:{smtp.port}"
    for attempt in range(1, retry.attempts + 1):
        try:
            _send_once(smtp, message, password)
            return
        except _OutcomeUnknownError as unknown:
            raise DeliveryError(
                f"{where}: the message was transmitted but the server gave no final answer "
                f"within {smtp.data_timeout_seconds:g} s ({_describe(unknown.cause)}); it may "
                "have been accepted, so it is not resent: check the mailbox, and send it again "
                "with --force if it did not arrive",
                outcome="unknown",
            ) from unknown.cause
        except (smtplib.SMTPException, OSError) as error:
            if not _transient(error) or attempt == retry.attempts:
                raise DeliveryError(
                    f"{where} failed after {attempt} attempt{'s' if attempt > 1 else ''}: "
                    f"{_describe(error)}",
                    outcome="rejected" if _permanent(error) else "retry",
                ) from error
            retry.sleep(retry.backoff(attempt))


__all__ = ["compose_email", "message_id", "send_email"]
