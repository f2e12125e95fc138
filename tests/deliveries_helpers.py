"""Shared by the delivery tests: a real store with a few statements, a config, a mail server."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path

from aiosmtpd.controller import Controller
from conftest import fresh_database_url

from monitor.models import (
    Actor,
    AlertRule,
    Article,
    Config,
    DigestSpec,
    EmailChannel,
    Mention,
    SmtpSettings,
    Source,
    Topic,
    WebhookChannel,
)
from monitor.store import Store

T0 = datetime(2025, 5, 19, 6, 0, tzinfo=UTC)
ACTORS = (Actor("Volodymyr Zelensky"), Actor("Vladimir Putin"), Actor("Dmitry Peskov"))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Mailbox:
    messages: list[EmailMessage] = field(default_factory=list)

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's hook)
        self.messages.append(message_from_bytes(envelope.content, policy=policy.default))
        return "250 OK"


class MailServer:
    def __init__(self) -> None:
        self.mailbox = Mailbox()
        self.port = free_port()
        self.controller = Controller(self.mailbox, hostname="127.0.0.1", port=self.port)

    @property
    def messages(self) -> list[EmailMessage]:
        return self.mailbox.messages


def add(store: Store, url: str, seen: datetime, *mentions: Mention, source: str = "Harbor Ledger",
        on_topic: bool = True) -> list[str]:
    article = Article(url=url, source=source, title=f"Story at {url}", author=None,
                      published=seen - timedelta(minutes=5), fetched_at=seen,
                      text=" ".join(m.text for m in mentions), on_topic=on_topic)
    return store.add_article(article, list(mentions))


def config(store_url: str, *, email_port: int | None = None, webhook: str | None = None,
           alerts: tuple[AlertRule, ...] = ()) -> Config:
    email = None
    if email_port is not None:
        email = EmailChannel(to=("desk@example.org",), sender="monitor@example.org",
                             smtp=SmtpSettings(host="127.0.0.1", port=email_port, starttls=False,
                                               timeout_seconds=5))
    hook = WebhookChannel(url=webhook, secret_env="HOOK_SECRET") if webhook else None
    return Config(path="monitor.yaml", storage=store_url, timezone="Europe/Kyiv", actors=ACTORS,
                  topic=Topic(), sources=(Source("Harbor Ledger", "feed", "http://x/feed"),),
                  digests=(DigestSpec("daily", "0 7 * * *", email=email, webhook=hook),),
                  alerts=alerts)


@contextmanager
def opened_store(kind: str, tmp_path: Path) -> Iterator[Store]:
    """A store on a fresh database; `store.url` is its URL (for a Config)."""
    with fresh_database_url(kind, tmp_path) as url:
        store = Store.open(url)
        store.url = url  # type: ignore[attr-defined]
        try:
            yield store
        finally:
            store.close()
