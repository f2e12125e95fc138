"""`monitor digest` end to end over a real store, SMTP server and webhook receiver: each
(digest, window, channel) delivered exactly once, --force, failures retried, no window skipped."""

from __future__ import annotations

import base64
import io
import json
from datetime import timedelta

import pytest
from conftest import Reply, SeenRequest
from deliveries_helpers import T0, MailServer, add, config, opened_store

from monitor.deliver import retry_pending, run_digest
from monitor.models import Mention
from monitor.store.deliveries import DeliveryLedger

SECRET = "whsec_" + base64.b64encode(b"deliveries-test-secret").decode()
WINDOW = (T0, T0 + timedelta(hours=24))


@pytest.fixture(params=["sqlite", "postgresql"])
def store(request, tmp_path):
    with opened_store(request.param, tmp_path) as store:
        fill(store)
        yield store


def fill(store) -> None:
    add(store, "https://harbor.example/1", T0 + timedelta(hours=1),
        Mention("Vladimir Putin", "We are ready for direct talks in Istanbul"))
    add(store, "https://steppe.example/2", T0 + timedelta(hours=2),
        Mention("Vladimir Putin", "We are ready for direct talks in Istanbul"),
        Mention("Volodymyr Zelensky", "A ceasefire must come first", kind="indirect"),
        source="Steppe Courier")


@pytest.fixture
def mail():
    server = MailServer()
    server.controller.start()
    yield server
    server.controller.stop()


@pytest.fixture(autouse=True)
def secret(monkeypatch):
    monkeypatch.setenv("HOOK_SECRET", SECRET)


def hooks(http_server) -> list[SeenRequest]:
    return [r for r in http_server.requests if r.path == "/hook"]


def digest(cfg, store, *, since=WINDOW[0], until=WINDOW[1], send=True, force=False,
           preview=None) -> tuple[int, str]:
    out = io.StringIO()
    code = run_digest(cfg, store, None, since=since, until=until, send=send, preview=preview,
                      force=force, out=out)
    return code, out.getvalue()


def test_without_send_prints_the_text_and_records_nothing(store):
    cfg = config(store.url, webhook="http://127.0.0.1:9/hook")
    code, out = digest(cfg, store, send=False)
    assert code == 0
    assert "“We are ready for direct talks in Istanbul”" in out
    assert "also reported by 1 outlet" in out
    assert "Reported speech" in out and "A ceasefire must come first" in out
    assert DeliveryLedger(store.engine).last_window_end("daily") is None


def test_preview_writes_the_html(store, tmp_path):
    cfg = config(store.url)
    code, out = digest(cfg, store, send=False, preview=tmp_path / "preview.html")
    html = (tmp_path / "preview.html").read_text(encoding="utf-8")
    assert code == 0 and "preview written" in out
    assert "We are ready for direct talks in Istanbul" in html and html.startswith("<!DOCTYPE")


def test_sent_once_per_window_and_channel_unless_forced(store, mail, http_server):
    http_server.routes["/hook"] = Reply(200)
    cfg = config(store.url, email_port=mail.port, webhook=http_server.url("/hook"))
    code, out = digest(cfg, store)
    assert code == 0, out
    assert len(mail.messages) == 1 and len(hooks(http_server)) == 1
    body = json.loads(hooks(http_server)[0].body)
    assert body["type"] == "digest" and body["digest"] == "daily"
    assert body["window"] == {"start": "2025-05-19T06:00:00+00:00",
                              "end": "2025-05-20T06:00:00+00:00"}
    assert {s["actor"] for s in body["statements"]} == {"Vladimir Putin", "Volodymyr Zelensky"}
    putin = next(s for s in body["statements"] if s["actor"] == "Vladimir Putin")
    assert len(putin["mentions"]) == 2

    code, out = digest(cfg, store)
    assert code == 0
    assert out.count("already sent") == 2 and "--force" in out
    assert len(mail.messages) == 1 and len(hooks(http_server)) == 1

    code, out = digest(cfg, store, force=True)
    assert code == 0
    assert len(mail.messages) == 2 and len(hooks(http_server)) == 2
    first, again = hooks(http_server)
    assert first.headers["webhook-id"] != again.headers["webhook-id"]  # a deliberate new message
    assert mail.messages[0]["Message-ID"] != mail.messages[1]["Message-ID"]


def test_a_failed_channel_stays_pending_and_is_retried_with_the_same_id(store, mail,
                                                                         http_server):
    answers = [503]

    def hook(request: SeenRequest) -> Reply:
        return Reply(answers[0], b"", {"Retry-After": "0"})

    http_server.routes["/hook"] = hook
    cfg = config(store.url, email_port=mail.port, webhook=http_server.url("/hook"))
    code, out = digest(cfg, store)
    assert code == 1 and "webhook failed" in out and "retried on the next run" in out
    assert len(mail.messages) == 1  # the email went; only the webhook is owed
    failed_ids = {r.headers["webhook-id"] for r in hooks(http_server)}
    assert len(failed_ids) == 1
    (owed,) = DeliveryLedger(store.engine).pending()
    assert owed.key.channel == "webhook" and owed.key.window_start == WINDOW[0]

    answers[0] = 200
    out = io.StringIO()
    retry_pending(cfg, store, out)
    assert "(retry): webhook delivered" in out.getvalue()
    assert hooks(http_server)[-1].headers["webhook-id"] in failed_ids
    assert len(mail.messages) == 1  # not sent twice
    assert DeliveryLedger(store.engine).pending() == []


def test_next_default_window_starts_where_the_last_one_ended(store, http_server):
    http_server.routes["/hook"] = Reply(200)
    cfg = config(store.url, webhook=http_server.url("/hook"))
    assert digest(cfg, store)[0] == 0
    # Downtime: the next run comes two days later and covers everything since.
    later = WINDOW[1] + timedelta(days=2)
    add(store, "https://harbor.example/3", WINDOW[1] + timedelta(hours=30),
        Mention("Dmitry Peskov", "The memorandum is being drafted"))
    code, out = digest(cfg, store, since=None, until=later)
    assert code == 0, out
    body = json.loads(hooks(http_server)[-1].body)
    assert body["window"] == {"start": "2025-05-20T06:00:00+00:00",
                              "end": "2025-05-22T06:00:00+00:00"}
    assert [s["text"] for s in body["statements"]] == ["The memorandum is being drafted"]


def test_the_first_default_window_is_the_last_24_hours(store):
    cfg = config(store.url)
    code, out = digest(cfg, store, since=None, until=WINDOW[1], send=False)
    assert code == 0
    assert "Window: 2025-05-19 09:00 EEST – 2025-05-20 09:00 EEST" in out


def test_a_mention_in_a_later_window_marks_the_statement_updated(store, http_server):
    http_server.routes["/hook"] = Reply(200)
    cfg = config(store.url, webhook=http_server.url("/hook"))
    add(store, "https://delta.example/4", WINDOW[1] + timedelta(hours=1),
        Mention("Vladimir Putin", "We are ready for direct talks in Istanbul"),
        source="Delta Wire")
    code, out = digest(cfg, store, since=WINDOW[1], until=WINDOW[1] + timedelta(days=1),
                       send=False)
    assert code == 0
    assert "0 new statements" in out and "1 earlier statement with new reports" in out
    assert "updated: 1 new report in this window" in out


def test_only_one_of_several_concurrent_claims_wins(store):
    from concurrent.futures import ThreadPoolExecutor

    from monitor.store.deliveries import DeliveryKey

    ledger = DeliveryLedger(store.engine)
    key = DeliveryKey.digest("daily", "webhook", *WINDOW)
    with ThreadPoolExecutor(max_workers=6) as pool:
        states = list(pool.map(lambda _: ledger.claim(key).state, range(6)))
    assert states.count("claimed") == 1 and states.count("busy") == 5


def test_status_lines_say_what_was_sent_and_what_is_next(store, http_server):
    from monitor.deliver import digest_status

    http_server.routes["/hook"] = Reply(200)
    cfg = config(store.url, webhook=http_server.url("/hook"))
    assert digest_status(cfg, store, now=WINDOW[1]) == [
        "daily: no window sent yet; next run 2025-05-21 07:00 EEST"]
    digest(cfg, store)
    (line,) = digest_status(cfg, store, now=WINDOW[1])
    assert line == ("daily: last window sent 2025-05-19 09:00 EEST – 2025-05-20 09:00 EEST; "
                    "next run 2025-05-21 07:00 EEST")
