"""Signed webhook POSTs per the Standard Webhooks specification (https://www.standardwebhooks.com).

Headers: webhook-id (kept across retries so a receiver can drop duplicates), webhook-timestamp
(Unix seconds of this attempt) and webhook-signature = "v1," + base64(HMAC-SHA256(key,
f"{id}.{timestamp}." + body)), key being the base64-decoded secret after "whsec_".
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
import os
import time
from collections.abc import Callable, Mapping
from email.utils import parsedate_to_datetime
from typing import Any

import httpx

from monitor import USER_AGENT
from monitor.deliver.retry import DEFAULT_RETRY, RetryPolicy
from monitor.errors import DeliveryError
from monitor.models import Config, WebhookChannel

SECRET_PREFIX = "whsec_"
TIMEOUT = httpx.Timeout(30.0, connect=10.0)
# A request that timed out waiting for the answer may have been processed: it is sent again at
# most this many times in all, then recorded as "unknown, not resent" (receivers dedupe on
# webhook-id, but a slow receiver must not get a copy per retry).
MAX_UNANSWERED = 2


def signing_key(secret: str) -> bytes:
    """The HMAC key of a Standard Webhooks secret ("whsec_" + base64; the prefix is optional)."""
    try:
        return base64.b64decode(secret.strip().removeprefix(SECRET_PREFIX), validate=True)
    except (binascii.Error, ValueError) as error:
        raise DeliveryError(
            "the webhook secret is not valid: it must be 'whsec_' followed by base64 "
            "(for example: whsec_$(head -c 32 /dev/urandom | base64))"
        ) from error


def sign(key: bytes, msg_id: str, timestamp: int, body: bytes) -> str:
    digest = hmac.new(key, f"{msg_id}.{timestamp}.".encode() + body, hashlib.sha256).digest()
    return "v1," + base64.b64encode(digest).decode()


def encode_body(payload: Mapping[str, Any]) -> bytes:
    """The exact bytes sent (and signed): compact UTF-8 JSON."""
    return json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def _secret(channel: WebhookChannel, environ: Mapping[str, str]) -> bytes | None:
    if not channel.secret_env:
        return None  # unsigned: the configuration chose not to sign
    secret = environ.get(channel.secret_env)
    if not secret:
        raise DeliveryError(
            f"webhook {channel.url}: the signing secret is missing: set the environment "
            f"variable {channel.secret_env} to a 'whsec_' + base64 secret"
        )
    return signing_key(secret)


def unsigned_webhooks(config: Config) -> list[str]:
    """Warnings for `check` and `run`: webhooks without secret_env are sent unsigned."""
    return [
        f"{kind} {item.name}: the webhook {item.webhook.url} has no secret_env, so it is sent "
        "unsigned; add secret_env: NAME (a 'whsec_' secret in that variable) to sign it"
        for kind, items in (("digest", config.digests), ("alert", config.alerts))
        for item in items
        if item.webhook is not None and not item.webhook.secret_env
    ]


def _retry_after(response: httpx.Response) -> float | None:
    value = response.headers.get("retry-after")
    if not value:
        return None
    try:
        return float(value)
    except ValueError:
        pass
    try:
        return parsedate_to_datetime(value).timestamp() - time.time()
    except (TypeError, ValueError):
        return None


def post_webhook(
    channel: WebhookChannel,
    payload: Mapping[str, Any],
    *,
    msg_id: str,
    retry: RetryPolicy = DEFAULT_RETRY,
    environ: Mapping[str, str] = os.environ,
    clock: Callable[[], float] = time.time,
    timeout: httpx.Timeout | None = None,
) -> int:
    """POST the payload, signed; 429, 5xx and network failures are retried with backoff under
    the same webhook-id. Returns the 2xx status; raises DeliveryError when it gives up."""
    key = _secret(channel, environ)
    body = encode_body(payload)
    problem = ""
    unanswered = 0
    with httpx.Client(timeout=timeout or TIMEOUT, follow_redirects=False) as client:
        for attempt in range(1, retry.attempts + 1):
            timestamp = int(clock())  # per attempt: receivers reject stale timestamps
            headers = {
                "content-type": "application/json",
                "user-agent": USER_AGENT,
                "webhook-id": msg_id,
                "webhook-timestamp": str(timestamp),
            }
            if key is not None:
                headers["webhook-signature"] = sign(key, msg_id, timestamp, body)
            retry_after: float | None = None
            try:
                response = client.post(channel.url, content=body, headers=headers)
            except (httpx.ReadTimeout, httpx.RemoteProtocolError) as error:
                # Sent, and no answer: the receiver may have taken it.
                unanswered += 1
                problem = f"no answer ({type(error).__name__}: {error})"
                if unanswered >= MAX_UNANSWERED:
                    raise DeliveryError(
                        f"webhook {channel.url}: sent {unanswered} times, never answered in "
                        "time; it may have been received, so it is not resent (webhook-id "
                        f"{msg_id}): check the receiver, and --force sends it again",
                        outcome="unknown",
                    ) from error
            except httpx.HTTPError as error:
                problem = f"{type(error).__name__}: {error}"
            else:
                if 200 <= response.status_code < 300:
                    return response.status_code
                problem = f"HTTP {response.status_code} {response.text[:200]!r}".rstrip()
                if response.status_code not in (408, 429) and response.status_code < 500:
                    raise DeliveryError(
                        f"webhook {channel.url} refused the delivery for good: {problem}; it is "
                        "not retried: check the URL and the receiver (only 408, 429 and 5xx "
                        "answers are retried)",
                        outcome="rejected",
                    )
                retry_after = _retry_after(response)
            if attempt < retry.attempts:
                retry.sleep(retry.backoff(attempt, retry_after))
    raise DeliveryError(
        f"webhook {channel.url} failed after {retry.attempts} attempts: {problem}"
    )
