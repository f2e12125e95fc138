"""Digest emails over a REAL SMTP server on loopback (aiosmtpd): parts, headers, UTF-8, AUTH,
STARTTLS and implicit TLS, retries of transient failures."""

from __future__ import annotations

import shutil
import socket
import ssl
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

from monitor.deliver.email import compose_email, send_email
from monitor.deliver.retry import RetryPolicy
from monitor.digest import build_digest, digest_subject, render_html, render_text
from monitor.errors import DeliveryError
from monitor.models import Actor, EmailChannel, SmtpSettings, Statement, StoredMention

START = datetime(2025, 5, 19, 4, 0, tzinfo=UTC)
END = START + timedelta(days=1)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Mailbox:
    """What the server saw: messages, envelopes, logins; `refuse_data` answers 451 n times."""

    messages: list[EmailMessage] = field(default_factory=list)
    recipients: list[list[str]] = field(default_factory=list)
    logins: list[tuple[str, str]] = field(default_factory=list)
    refuse_data: int = 0
    data_commands: int = 0

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's hook name)
        self.data_commands += 1
        if self.refuse_data > 0:
            self.refuse_data -= 1
            return "451 4.3.0 try again later"
        self.messages.append(message_from_bytes(envelope.content, policy=policy.default))
        self.recipients.append(list(envelope.rcpt_tos))
        return "250 OK"

    def authenticate(self, server, session, envelope, mechanism, auth_data) -> AuthResult:
        assert isinstance(auth_data, LoginPassword)
        login, password = auth_data.login.decode(), auth_data.password.decode()
        self.logins.append((login, password))
        ok = (login, password) in (("monitor", "s3cret-pw"), ("monitor", "пароль-Öl-𝄞"))
        return AuthResult(success=ok, handled=False)  # not handled: the server answers 535


def start_server(mailbox: Mailbox, **kwargs) -> tuple[Controller, int]:
    port = free_port()
    controller = Controller(mailbox, hostname="127.0.0.1", port=port,
                            authenticator=mailbox.authenticate, **kwargs)
    controller.start()
    return controller, port


@pytest.fixture
def smtp() -> Iterator[tuple[Mailbox, int]]:
    mailbox = Mailbox()
    controller, port = start_server(mailbox, auth_require_tls=False)
    try:
        yield mailbox, port
    finally:
        controller.stop()


FAST = RetryPolicy(attempts=3, base_seconds=0.01, max_seconds=0.02)


def channel(port: int, **smtp: object) -> EmailChannel:
    settings = {"host": "127.0.0.1", "port": port, "starttls": False, "timeout_seconds": 5.0}
    settings.update(smtp)
    return EmailChannel(to=("desk@example.org", "Ayşe <ayse@example.org>"),
                        sender="monitor@example.org", smtp=SmtpSettings(**settings))  # type: ignore[arg-type]


def digest_message() -> EmailMessage:
    mention = StoredMention(
        url="https://harbor.example/erdogan", outlet="Harbor Ledger",
        title="Erdoğan offers Istanbul",
        published=START + timedelta(hours=1), text="x", kind="direct", speaker="Erdoğan",
        cue="said", confidence=1.0, seen_at=START + timedelta(hours=2), on_topic=True)
    statement = Statement(id="s1", actor="Recep Tayyip Erdoğan",
                          text="İstanbul is ready to host the ceasefire talks", kind="direct",
                          first_seen=START + timedelta(hours=2), first_published=mention.published,
                          on_topic=True, mentions=(mention,))
    digest = build_digest("daily", new=[statement], actors=(Actor("Recep Tayyip Erdoğan"),),
                          timezone="Europe/Istanbul", start=START, end=END)
    return compose_email(sender="monitor@example.org",
                         to=("desk@example.org", "Ayşe <ayse@example.org>"),
                         subject=digest_subject(digest), text=render_text(digest),
                         html=render_html(digest), token="abc123", date=END)


def test_digest_email_arrives_multipart_with_headers_and_utf8(smtp, monkeypatch):
    mailbox, port = smtp
    monkeypatch.setenv("MONITOR_SMTP_PASSWORD", "s3cret-pw")
    send_email(channel(port, username="monitor", password_env="MONITOR_SMTP_PASSWORD"),
               digest_message(), retry=FAST)
    assert mailbox.logins == [("monitor", "s3cret-pw")]
    assert mailbox.recipients == [["desk@example.org", "ayse@example.org"]]
    (received,) = mailbox.messages
    assert received.get_content_type() == "multipart/alternative"
    assert [p.get_content_type() for p in received.iter_parts()] == ["text/plain", "text/html"]
    subject = str(received["Subject"])
    assert "daily" in subject
    assert "2025-05-19 07:00 +03 to 2025-05-20 07:00 +03" in subject
    assert received["Message-ID"] == "<abc123@example.org>"
    assert received["Date"] is not None and received["Date"].datetime == END
    text = received.get_body(("plain",)).get_content()
    html = received.get_body(("html",)).get_content()
    for part in (text, html):
        assert "İstanbul is ready to host the ceasefire talks" in part
        assert "Recep Tayyip Erdoğan" in part
        assert "https://harbor.example/erdogan" in part


def test_a_non_ascii_password_logs_in_as_utf8(smtp, monkeypatch):
    mailbox, port = smtp
    monkeypatch.setenv("MONITOR_SMTP_PASSWORD", "пароль-Öl-𝄞")
    send_email(channel(port, username="monitor", password_env="MONITOR_SMTP_PASSWORD"),
               digest_message(), retry=FAST)
    assert mailbox.logins == [("monitor", "пароль-Öl-𝄞")]
    assert len(mailbox.messages) == 1


def test_a_wrong_non_ascii_password_is_refused_with_advice(smtp, monkeypatch):
    mailbox, port = smtp
    monkeypatch.setenv("MONITOR_SMTP_PASSWORD", "пароль-не-тот")
    with pytest.raises(DeliveryError, match="check the username and password"):
        send_email(channel(port, username="monitor", password_env="MONITOR_SMTP_PASSWORD"),
                   digest_message(), retry=FAST)
    assert mailbox.messages == []


def test_missing_password_variable_names_the_variable(smtp, monkeypatch):
    mailbox, port = smtp
    monkeypatch.delenv("MONITOR_SMTP_PASSWORD", raising=False)
    with pytest.raises(DeliveryError, match="set the environment variable MONITOR_SMTP_PASSWORD"):
        send_email(channel(port, username="monitor", password_env="MONITOR_SMTP_PASSWORD"),
                   digest_message(), retry=FAST)
    assert mailbox.messages == []


def test_refused_login_fails_at_once_without_retrying(smtp):
    mailbox, port = smtp
    waits: list[float] = []
    retry = RetryPolicy(attempts=3, base_seconds=0.01, max_seconds=0.02, sleep=waits.append)
    with pytest.raises(DeliveryError, match="login refused"):
        send_email(channel(port, username="monitor", password_env="PW"), digest_message(),
                   retry=retry, environ={"PW": "wrong"})
    assert mailbox.logins and waits == [] and mailbox.messages == []


def test_a_temporary_refusal_is_retried_and_then_delivered_once(smtp):
    mailbox, port = smtp
    mailbox.refuse_data = 1
    waits: list[float] = []
    retry = RetryPolicy(attempts=3, base_seconds=0.01, max_seconds=0.02, sleep=waits.append)
    send_email(channel(port), digest_message(), retry=retry)
    assert mailbox.data_commands == 2 and len(mailbox.messages) == 1
    assert len(waits) == 1


def test_no_server_is_retried_then_reported():
    waits: list[float] = []
    retry = RetryPolicy(attempts=3, base_seconds=0.01, max_seconds=0.02, sleep=waits.append)
    with pytest.raises(DeliveryError, match="failed after 3 attempts"):
        send_email(channel(free_port()), digest_message(), retry=retry)
    assert len(waits) == 2


# ---------------------------------------------------------------- TLS


@pytest.fixture
def certificate(tmp_path: Path, monkeypatch) -> tuple[Path, Path]:
    """A self-signed certificate for 127.0.0.1, trusted through SSL_CERT_FILE (as an operator
    would trust a private CA)."""
    if shutil.which("openssl") is None:
        pytest.skip("openssl is needed to make a test certificate")
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
         "-keyout", str(key), "-out", str(cert), "-subj", "/CN=127.0.0.1",
         "-addext", "subjectAltName=IP:127.0.0.1"],
        check=True, capture_output=True,
    )
    monkeypatch.setenv("SSL_CERT_FILE", str(cert))
    return cert, key


def server_context(cert: Path, key: Path) -> ssl.SSLContext:
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert, key)
    return context


def test_starttls_then_login(certificate):
    mailbox = Mailbox()
    controller, port = start_server(mailbox, tls_context=server_context(*certificate),
                                    require_starttls=True, auth_require_tls=True)
    try:
        send_email(channel(port, starttls=True, username="monitor", password_env="PW"),
                   digest_message(), retry=FAST, environ={"PW": "s3cret-pw"})
    finally:
        controller.stop()
    assert mailbox.logins == [("monitor", "s3cret-pw")] and len(mailbox.messages) == 1


def test_implicit_tls(certificate):
    mailbox = Mailbox()
    port = free_port()
    controller = Controller(mailbox, hostname="127.0.0.1", port=port,
                            ssl_context=server_context(*certificate),
                            authenticator=mailbox.authenticate, auth_require_tls=False)
    controller.start()
    try:
        send_email(channel(port, tls=True, starttls=False, username="monitor",
                           password_env="PW"),
                   digest_message(), retry=FAST, environ={"PW": "s3cret-pw"})
    finally:
        controller.stop()
    assert len(mailbox.messages) == 1
