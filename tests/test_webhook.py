"""Signed webhook POSTs against a real loopback receiver that verifies each signature."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json

import pytest
from conftest import Reply, SeenRequest

from monitor import USER_AGENT
from monitor.deliver.retry import RetryPolicy
from monitor.deliver.webhook import encode_body, post_webhook, sign, signing_key
from monitor.errors import DeliveryError
from monitor.models import WebhookChannel

SECRET = "whsec_" + base64.b64encode(b"a test secret of 32 bytes length").decode()
ENV = {"HOOK_SECRET": SECRET}
PAYLOAD = {"type": "digest", "digest": "daily",
           "window": {"start": "2025-05-19T00:00:00+00:00", "end": "2025-05-20T00:00:00+00:00"},
           "statements": [{"id": "s1", "actor": "Recep Tayyip Erdoğan", "text": "İstanbul"}]}


def verified(request: SeenRequest) -> bool:
    """The receiver's side of Standard Webhooks, written independently of monitor's code."""
    key = base64.b64decode(SECRET.removeprefix("whsec_"))
    h = request.headers
    signed = f"{h['webhook-id']}.{h['webhook-timestamp']}.".encode() + request.body
    expected = base64.b64encode(hmac.new(key, signed, hashlib.sha256).digest()).decode()
    return any(part.split(",", 1) == ["v1", expected]
               for part in h.get("webhook-signature", "").split())


def receiver(statuses: list[int], headers: dict[str, str] | None = None):
    """Answer with the given statuses in turn (the last one repeats)."""
    def route(request: SeenRequest) -> Reply:
        status = statuses.pop(0) if len(statuses) > 1 else statuses[0]
        return Reply(status, b"", headers or {})
    return route


def channel(http_server, secret_env: str | None = "HOOK_SECRET") -> WebhookChannel:
    return WebhookChannel(url=http_server.url("/hook"), secret_env=secret_env)


def recording_retry(attempts: int = 4, max_seconds: float = 0.05):
    waits: list[float] = []
    return RetryPolicy(attempts=attempts, base_seconds=0.01, max_seconds=max_seconds,
                       sleep=waits.append), waits


def test_standard_webhooks_reference_signature():
    # The example of the Standard Webhooks reference libraries.
    key = signing_key("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")
    assert sign(key, "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330, b'{"test": 2432232314}') == (
        "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=")


def test_one_signed_json_post(http_server):
    http_server.routes["/hook"] = receiver([204])
    status = post_webhook(channel(http_server), PAYLOAD, msg_id="msg_abc", environ=ENV,
                          clock=lambda: 1747700000.7)
    assert status == 204
    (request,) = [r for r in http_server.requests if r.path == "/hook"]
    assert request.method == "POST" and verified(request)
    assert request.headers["webhook-id"] == "msg_abc"
    assert request.headers["webhook-timestamp"] == "1747700000"
    assert request.headers["content-type"] == "application/json"
    assert request.headers["user-agent"] == USER_AGENT
    assert request.body == encode_body(PAYLOAD)
    assert json.loads(request.body) == PAYLOAD  # UTF-8 JSON, Erdoğan intact


def test_429_and_5xx_are_retried_under_the_same_id(http_server):
    http_server.routes["/hook"] = receiver([503, 429, 502, 200])
    retry, waits = recording_retry()
    post_webhook(channel(http_server), PAYLOAD, msg_id="msg_same", environ=ENV, retry=retry)
    hooks = [r for r in http_server.requests if r.path == "/hook"]
    assert len(hooks) == 4 and len(waits) == 3
    assert {r.headers["webhook-id"] for r in hooks} == {"msg_same"}
    assert all(verified(r) for r in hooks)
    assert len({r.body for r in hooks}) == 1


def test_retry_after_is_honoured_up_to_the_cap(http_server):
    http_server.routes["/hook"] = receiver([429, 200], {"Retry-After": "7"})
    retry, waits = recording_retry(max_seconds=30)
    post_webhook(channel(http_server), PAYLOAD, msg_id="m", environ=ENV, retry=retry)
    assert waits == [7.0]
    http_server.routes["/hook"] = receiver([503, 200], {"Retry-After": "3600"})
    retry, waits = recording_retry(max_seconds=30)
    post_webhook(channel(http_server), PAYLOAD, msg_id="m", environ=ENV, retry=retry)
    assert waits == [30.0]


def test_backoff_grows_exponentially_with_jitter():
    policy = RetryPolicy(base_seconds=1, max_seconds=10)
    for attempt, ceiling in [(1, 1), (2, 2), (3, 4), (4, 8), (6, 10)]:
        waits = {policy.backoff(attempt) for _ in range(20)}
        assert all(ceiling / 2 <= w <= ceiling for w in waits)
        assert len(waits) > 1  # jittered, not fixed


def test_a_client_error_is_not_retried(http_server):
    http_server.routes["/hook"] = receiver([400])
    retry, waits = recording_retry()
    with pytest.raises(DeliveryError, match="HTTP 400"):
        post_webhook(channel(http_server), PAYLOAD, msg_id="m", environ=ENV, retry=retry)
    assert http_server.hits("/hook") == 1 and waits == []


def test_final_failure_raises_after_all_attempts(http_server):
    http_server.routes["/hook"] = receiver([500])
    retry, waits = recording_retry(attempts=3)
    with pytest.raises(DeliveryError, match="failed after 3 attempts: HTTP 500"):
        post_webhook(channel(http_server), PAYLOAD, msg_id="m", environ=ENV, retry=retry)
    assert http_server.hits("/hook") == 3 and len(waits) == 2


def test_missing_secret_names_the_variable(http_server):
    http_server.routes["/hook"] = receiver([200])
    with pytest.raises(DeliveryError, match="set the environment variable HOOK_SECRET"):
        post_webhook(channel(http_server), PAYLOAD, msg_id="m", environ={})
    assert http_server.hits("/hook") == 0


def test_a_secret_that_is_not_base64_is_refused():
    with pytest.raises(DeliveryError, match="whsec_"):
        signing_key("whsec_not base64!!")
