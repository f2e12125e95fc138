"""Digests exactly once across processes, and deliveries that must not be repeated (issue 10
item 4 and 5, issue 12 item 3), over real SQLite/PostgreSQL, SMTP (aiosmtpd) and HTTP."""

from __future__ import annotations

import asyncio
import base64
import dataclasses
import io
import threading
import time
from datetime import UTC, datetime, timedelta

import httpx
import pytest
from aiosmtpd.controller import Controller
from conftest import LoopbackServer, Reply, SeenRequest
from deliveries_helpers import MailServer, add, config, free_port, opened_store

from monitor.deliver import digest_status, retry_pending, run_digest
from monitor.deliver.dispatch import cron_slots
from monitor.deliver.webhook import post_webhook
from monitor.errors import DeliveryError
from monitor.models import Config, Mention, WebhookChannel
from monitor.store import Store
from monitor.store.deliveries import DeliveryLedger

SECRET = "whsec_" + base64.b64encode(b"exactly-once-secret").decode()


@pytest.fixture(autouse=True)
def secret(monkeypatch):
    monkeypatch.setenv("HOOK_SECRET", SECRET)


@pytest.fixture(params=["sqlite", "postgresql"])
def store(request, tmp_path):
    with opened_store(request.param, tmp_path) as store:
        yield store


@pytest.fixture
def mail():
    server = MailServer()
    server.controller.start()
    yield server
    server.controller.stop()


def hooks(server: LoopbackServer) -> list[SeenRequest]:
    return [r for r in server.requests if r.path == "/hook"]


def with_digest(cfg: Config, **changes: object) -> Config:
    return dataclasses.replace(cfg, digests=(dataclasses.replace(cfg.digests[0], **changes),))


def send(cfg: Config, store: Store, **kwargs: object) -> tuple[int, str]:
    out = io.StringIO()
    options = {"since": None, "until": None, "send": True, "preview": None, "force": False}
    options.update(kwargs)
    code = run_digest(cfg, store, None, out=out, **options)  # type: ignore[arg-type]
    return code, out.getvalue()


def recent_statement(store: Store, n: int = 1, *, ago: timedelta = timedelta(hours=1)) -> None:
    seen = datetime.now(UTC) - ago
    add(store, f"https://harbor.example/{seen.timestamp()}-{n}", seen,
        Mention("Vladimir Putin", f"We are ready for round {n} of direct talks in Istanbul"))


# ---------------------------------------------------------------- windows and claims


def test_cron_slots_are_the_last_two_fire_times() -> None:
    before = datetime(2025, 5, 20, 5, 30, tzinfo=UTC)  # 08:30 in Kyiv
    previous, last = cron_slots("0 7 * * *", "Europe/Kyiv", before)
    assert last == datetime(2025, 5, 20, 4, 0, tzinfo=UTC)  # 07:00 EEST
    assert previous == datetime(2025, 5, 19, 4, 0, tzinfo=UTC)


def test_senders_at_once_send_each_scheduled_window_once_per_channel(store, mail, http_server,
                                                                    tmp_path):
    # Two `monitor run` on one database (and more): the cron window is sent once per channel.
    http_server.routes["/hook"] = Reply(200)
    cfg = with_digest(config(store.url, email_port=mail.port, webhook=http_server.url("/hook")),
                      cron="0 0 1 1 *")  # yearly: the window is the year up to Jan 1st
    previous, slot = cron_slots("0 0 1 1 *", "Europe/Kyiv", datetime.now(UTC))
    assert previous is not None
    add(store, "https://harbor.example/year", slot - timedelta(days=3),
        Mention("Vladimir Putin", "We are ready for direct talks in Istanbul"))
    start = threading.Barrier(4)
    codes: list[int] = []

    def sender() -> None:
        with Store.open(store.url) as own:  # a process of its own: its own connections
            start.wait()
            codes.append(send(cfg, own, scheduled=True)[0])

    threads = [threading.Thread(target=sender) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert codes == [0, 0, 0, 0]
    assert len(mail.messages) == 1 and len(hooks(http_server)) == 1
    rows = DeliveryLedger(store.engine).last_sent("daily")
    assert rows is not None and rows.key.window_end == slot and rows.key.window_start == previous
    assert send(cfg, store, scheduled=True)[0] == 0  # and later runs do not send it again
    assert len(mail.messages) == 1


def test_ad_hoc_senders_at_once_send_once(store, http_server):
    http_server.routes["/hook"] = Reply(200)
    cfg = config(store.url, webhook=http_server.url("/hook"))
    recent_statement(store)
    start = threading.Barrier(4)

    def sender(since: datetime | None) -> None:
        with Store.open(store.url) as own:
            start.wait()
            send(cfg, own, since=since)

    # `digest --send` twice at once, and twice with --since 24h (issue 10: sent twice each).
    threads = [threading.Thread(target=sender, args=(s,)) for s in (
        None, None, datetime.now(UTC) - timedelta(hours=24),
        datetime.now(UTC) - timedelta(hours=24, microseconds=-3000))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    statements = [s for r in hooks(http_server) for s in r.body.decode().split('"id":')[1:]]
    assert len(statements) == len(hooks(http_server)) == 1, "each statement is sent once"


def test_an_ad_hoc_send_after_a_sent_one_sends_nothing_empty(store, http_server):
    http_server.routes["/hook"] = Reply(200)
    cfg = config(store.url, webhook=http_server.url("/hook"))
    recent_statement(store)
    assert send(cfg, store)[0] == 0 and len(hooks(http_server)) == 1
    code, out = send(cfg, store)
    assert code == 0 and "nothing" in out and len(hooks(http_server)) == 1
    recent_statement(store, 2, ago=timedelta(0))  # polled just now: the next send has it
    assert send(cfg, store)[0] == 0 and len(hooks(http_server)) == 2
    assert "round 2" in hooks(http_server)[-1].body.decode()


def test_an_empty_digest_is_sent_only_with_send_empty(store, http_server):
    http_server.routes["/hook"] = Reply(200)
    cfg = config(store.url, webhook=http_server.url("/hook"))
    code, out = send(cfg, store)
    assert code == 0 and "no new statements; nothing sent" in out and not hooks(http_server)
    assert send(with_digest(cfg, send_empty=True), store)[0] == 0
    assert len(hooks(http_server)) == 1


def test_a_window_end_in_the_future_does_not_poison_later_runs(store, http_server):
    http_server.routes["/hook"] = Reply(200)
    cfg = config(store.url, webhook=http_server.url("/hook"))
    recent_statement(store)
    since = datetime.now(UTC) - timedelta(days=1)
    tomorrow = datetime.now(UTC) + timedelta(days=1)
    code, out = send(cfg, store, since=since, until=tomorrow)
    assert code == 0 and "ends in the future" in out and len(hooks(http_server)) == 1
    code, out = send(cfg, store, since=since, until=tomorrow)  # the same command again
    assert "already sent" in out and len(hooks(http_server)) == 1
    last = DeliveryLedger(store.engine).last_window_end("daily")
    assert last is not None and last <= datetime.now(UTC)
    code, out = send(cfg, store)  # the next run: nothing new, not the last 24 h again
    assert len(hooks(http_server)) == 1, out
    recent_statement(store, 2, ago=timedelta(0))  # seen after the future-ended window went
    code, out = send(cfg, store, until=datetime.now(UTC) + timedelta(seconds=1))
    assert len(hooks(http_server)) == 2, out
    assert "round 2" in hooks(http_server)[-1].body.decode()
    assert "round 1 " not in hooks(http_server)[-1].body.decode()


# ---------------------------------------------------------------- SMTP: no blind resend


class SlowToAnswer:
    """Accepts the message, but answers the final '.' only after `delay` seconds."""

    def __init__(self, delay: float) -> None:
        self.delay = delay
        self.received = 0

    async def handle_DATA(self, server, session, envelope):  # noqa: N802
        self.received += 1
        await asyncio.sleep(self.delay)
        return "250 OK"


class Refusing:
    def __init__(self) -> None:
        self.data = 0

    async def handle_DATA(self, server, session, envelope):  # noqa: N802
        self.data += 1
        return "550 5.7.1 message refused by policy"


def email_config(store: Store, handler: object, *, data_timeout: float = 600.0):
    port = free_port()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    cfg = config(store.url, email_port=port)
    channel = cfg.digests[0].email
    assert channel is not None
    smtp = dataclasses.replace(channel.smtp, data_timeout_seconds=data_timeout)
    cfg = with_digest(cfg, email=dataclasses.replace(channel, smtp=smtp))
    return cfg, controller


def test_no_final_reply_after_data_is_recorded_unknown_and_not_resent(store):
    handler = SlowToAnswer(delay=1.5)
    cfg, controller = email_config(store, handler, data_timeout=0.3)
    try:
        recent_statement(store)
        code, out = send(cfg, store)
        assert code == 1 and "not resent" in out
        retry_pending(cfg, store, io.StringIO())
        assert send(cfg, store)[0] == 0
    finally:
        controller.stop()
    assert handler.received == 1, "one copy, not one per retry"
    [problem] = DeliveryLedger(store.engine).problems()
    assert problem.status == "unknown"
    assert any("outcome UNKNOWN, not resent" in line for line in digest_status(cfg, store))


def test_a_permanent_smtp_rejection_is_not_retried_and_shown(store):
    handler = Refusing()
    cfg, controller = email_config(store, handler)
    try:
        recent_statement(store)
        code, out = send(cfg, store)
        assert code == 1 and "refused for good" in out
        retry_pending(cfg, store, io.StringIO())
        retry_pending(cfg, store, io.StringIO())
    finally:
        controller.stop()
    assert handler.data == 1
    [problem] = DeliveryLedger(store.engine).problems()
    assert problem.status == "failed" and "550" in (problem.last_error or "")
    assert any("FAILED for good" in line for line in digest_status(cfg, store))


# ---------------------------------------------------------------- webhooks


def test_a_webhook_410_is_refused_for_good(store, http_server):
    http_server.routes["/hook"] = Reply(410, "gone")
    cfg = config(store.url, webhook=http_server.url("/hook"))
    recent_statement(store)
    assert send(cfg, store)[0] == 1
    retry_pending(cfg, store, io.StringIO())
    assert len(hooks(http_server)) == 1
    [problem] = DeliveryLedger(store.engine).problems()
    assert problem.status == "failed"


def test_a_webhook_answered_too_late_gets_a_bounded_number_of_copies(http_server):
    def slow(request: SeenRequest) -> Reply:
        time.sleep(0.6)
        return Reply(200)

    http_server.routes["/hook"] = slow
    channel = WebhookChannel(url=http_server.url("/hook"))
    with pytest.raises(DeliveryError) as caught:
        post_webhook(channel, {"type": "digest"}, msg_id="msg_1",
                     timeout=httpx.Timeout(0.2, connect=2.0))
    assert caught.value.outcome == "unknown"
    assert len(hooks(http_server)) == 2  # was 4 (one per attempt), and 4 more each run


def test_a_webhook_without_secret_env_is_sent_unsigned(http_server):
    http_server.routes["/hook"] = Reply(200)
    channel = WebhookChannel(url=http_server.url("/hook"))  # no secret_env
    assert post_webhook(channel, {"type": "digest"}, msg_id="msg_2", environ={}) == 200
    [request] = hooks(http_server)
    assert "webhook-signature" not in request.headers and request.headers["webhook-id"]


def test_check_warns_of_an_unsigned_webhook_and_masks_the_storage_password(tmp_path):
    import subprocess
    import sys

    (tmp_path / "actors.yaml").write_text("actors:\n  - name: Dmitry Peskov\n")
    (tmp_path / "monitor.yaml").write_text("""
storage: postgresql://monitor:hunter2-secret@db.example:5432/monitor
actors: actors.yaml
topic: {include: [ceasefire]}
sources:
  - {name: Desk, feed: "https://news.example/feed.xml"}
digests:
  - name: daily
    cron: "0 7 * * *"
    webhook: {url: "https://hooks.example/digest"}
""")
    done = subprocess.run([sys.executable, "-m", "monitor", "--config",
                           str(tmp_path / "monitor.yaml"), "check"],
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert "hunter2-secret" not in done.stdout + done.stderr
    assert "postgresql://monitor:***@db.example:5432/monitor" in done.stdout
    assert "warning: digest daily: the webhook https://hooks.example/digest has no " \
           "secret_env, so it is sent unsigned" in done.stdout
