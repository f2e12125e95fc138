"""Alerts: which statements a rule matches (pure), and that each goes to each rule once, ever."""

from __future__ import annotations

import base64
import io
import json
from datetime import timedelta

import pytest
from conftest import Reply, SeenRequest
from deliveries_helpers import T0, MailServer, add, config, opened_store

from monitor.deliver import retry_pending, send_alerts
from monitor.deliver.alerts import rule_matches
from monitor.models import AlertRule, EmailChannel, Mention, SmtpSettings, Statement, WebhookChannel

SECRET = "whsec_" + base64.b64encode(b"alerts-test-secret").decode()


def statement(actor: str, text: str) -> Statement:
    return Statement(id="s", actor=actor, text=text, kind="direct", first_seen=T0,
                     first_published=None, on_topic=True)


@pytest.mark.parametrize(
    ("actors", "keywords", "actor", "text", "expected"),
    [
        ((), (), "Anyone", "Anything at all", True),
        (("Vladimir Putin",), (), "vladimir putin", "Anything", True),  # names in any case
        (("Vladimir Putin", "Dmitry Peskov"), (), "Donald Trump", "A ceasefire now", False),
        ((), ("ceasefire", "truce"), "Donald Trump", "We want a TRUCE by Friday", True),
        ((), ("ceasefire",), "Donald Trump", "Ceasefires never hold", True),  # word start
        ((), ("truce",), "Donald Trump", "They will reconstruce nothing", False),  # not inside
        ((), ("ceasefire",), "Donald Trump", "Talks went well", False),
        (("Dmitry Peskov",), ("truce",), "Dmitry Peskov", "No comment", False),  # both needed
        (("Dmitry Peskov",), ("peace deal",), "Dmitry Peskov", "A peace deal is far off", True),
    ],
)
def test_rule_matching(actors, keywords, actor, text, expected):
    rule = AlertRule(name="r", actors=actors, keywords=keywords)
    assert rule_matches(rule, statement(actor, text)) is expected


@pytest.fixture(params=["sqlite", "postgresql"])
def store(request, tmp_path, monkeypatch):
    monkeypatch.setenv("HOOK_SECRET", SECRET)
    with opened_store(request.param, tmp_path) as store:
        yield store


def hooks(http_server) -> list[SeenRequest]:
    return [r for r in http_server.requests if r.path == "/urgent"]


def test_matching_new_statements_go_out_once_ever(store, http_server):
    http_server.routes["/urgent"] = Reply(200)
    rule = AlertRule(name="kremlin-on-truce", actors=("Vladimir Putin", "Dmitry Peskov"),
                     keywords=("ceasefire", "truce"),
                     webhook=WebhookChannel(http_server.url("/urgent"), "HOOK_SECRET"))
    cfg = config(store.url, alerts=(rule,))
    new = add(store, "https://harbor.example/1", T0,
              Mention("Dmitry Peskov", "A truce is possible only after talks"),
              Mention("Vladimir Putin", "We will see about the memorandum"),
              Mention("Volodymyr Zelensky", "We accept a ceasefire"))
    assert len(new) == 3
    out = io.StringIO()
    send_alerts(cfg, store, new, out)
    (request,) = hooks(http_server)
    body = json.loads(request.body)
    assert body["type"] == "alert" and body["alert"] == "kremlin-on-truce"
    assert [s["text"] for s in body["statements"]] == ["A truce is possible only after talks"]
    assert "webhook-signature" in request.headers
    assert "alert kremlin-on-truce (1 statement): webhook delivered" in out.getvalue()

    send_alerts(cfg, store, new, io.StringIO())  # the same statements again: nothing
    assert len(hooks(http_server)) == 1


def test_off_topic_statements_do_not_alert(store, http_server):
    http_server.routes["/urgent"] = Reply(200)
    rule = AlertRule(name="any", webhook=WebhookChannel(http_server.url("/urgent"),
                                                          "HOOK_SECRET"))
    cfg = config(store.url, alerts=(rule,))
    new = add(store, "https://harbor.example/sport", T0,
              Mention("Vladimir Putin", "The match was great"), on_topic=False)
    send_alerts(cfg, store, new, io.StringIO())
    assert hooks(http_server) == []


def test_email_alert_and_a_failed_webhook_retried_later(store, http_server):
    mail = MailServer()
    mail.controller.start()
    try:
        answers = [500]
        http_server.routes["/urgent"] = lambda r: Reply(answers[0], b"", {"Retry-After": "0"})
        rule = AlertRule(
            name="all", webhook=WebhookChannel(http_server.url("/urgent"), "HOOK_SECRET"),
            email=EmailChannel(("desk@example.org",), "monitor@example.org",
                               SmtpSettings("127.0.0.1", mail.port, starttls=False)))
        cfg = config(store.url, alerts=(rule,))
        new = add(store, "https://harbor.example/2", T0 + timedelta(hours=1),
                  Mention("Volodymyr Zelensky", "We are ready for a ceasefire"),
                  Mention("Vladimir Putin", "Our proposal stands"))
        out = io.StringIO()
        send_alerts(cfg, store, new, out)
        assert "webhook failed" in out.getvalue()
        (message,) = mail.messages
        assert "[monitor alert] all: 2 new statements" in str(message["Subject"])
        text = message.get_body(("plain",)).get_content()
        assert "We are ready for a ceasefire" in text and "Our proposal stands" in text
        failed_ids = {r.headers["webhook-id"] for r in hooks(http_server)}

        answers[0] = 200
        retry_pending(cfg, store, io.StringIO())
        body = json.loads(hooks(http_server)[-1].body)
        assert len(body["statements"]) == 2
        assert hooks(http_server)[-1].headers["webhook-id"] in failed_ids  # the same message
        assert len(mail.messages) == 1
        posts = len(hooks(http_server))
        send_alerts(cfg, store, new, io.StringIO())  # delivered: nothing goes out again
        retry_pending(cfg, store, io.StringIO())
        assert len(mail.messages) == 1 and len(hooks(http_server)) == posts
    finally:
        mail.controller.stop()
