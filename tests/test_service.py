"""`monitor run` as a real subprocess: it polls a loopback feed, sends an alert and the digest
on its cron (signed webhooks, verified here), and stops cleanly on SIGTERM.

The digest cron is "* * * * *" (cron's resolution is one minute), so this test waits for the
next minute boundary: up to about two minutes in the worst case.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from conftest import FIXTURES, Reply, SeenRequest

from monitor.service import backoff_delay

SECRET = "whsec_" + base64.b64encode(b"service-test-secret-0123456789").decode()
KEY = base64.b64decode(SECRET.removeprefix("whsec_"))


def signature_ok(request: SeenRequest) -> bool:
    h = request.headers
    signed = f"{h['webhook-id']}.{h['webhook-timestamp']}.".encode() + request.body
    expected = base64.b64encode(hmac.new(KEY, signed, hashlib.sha256).digest()).decode()
    return h.get("webhook-signature") == f"v1,{expected}"


class Hook:
    """A webhook route that verifies signatures and signals when a body satisfies `wanted`."""

    def __init__(self, wanted) -> None:
        self.wanted = wanted
        self.bodies: list[dict] = []
        self.bad_signatures = 0
        self.arrived = threading.Event()

    def __call__(self, request: SeenRequest) -> Reply:
        if not signature_ok(request):
            self.bad_signatures += 1
            return Reply(401, b"bad signature")
        body = json.loads(request.body)
        self.bodies.append(body)
        if self.wanted(body):
            self.arrived.set()
        return Reply(204)


def write_config(folder: Path, base: str) -> Path:
    path = folder / "monitor.yaml"
    path.write_text(f"""\
storage: sqlite:///{folder / 'monitor.db'}
timezone: Europe/Kyiv
actors:
  - name: Dmitry Peskov
    aliases: [Peskov]
    roles: [Kremlin spokesman]
  - name: Volodymyr Zelensky
    aliases: [Zelensky]
topic:
  include: [ceasefire, truce, peace talks, memorandum]
  require: [Ukraine, Russia, Kremlin, Kyiv, Moscow]
sources:
  - name: Loopback News
    feed: {base}/feed.xml
    every: 2s
    min_interval: 1s
digests:
  - name: minutely
    cron: "* * * * *"
    webhook: {{url: {base}/digest, secret_env: TEST_WEBHOOK_SECRET}}
alerts:
  - name: kremlin
    actors: [Dmitry Peskov]
    keywords: [memorandum]
    webhook: {{url: {base}/alert, secret_env: TEST_WEBHOOK_SECRET}}
""", encoding="utf-8")
    return path


@contextmanager
def running_service(config: Path, env: dict[str, str], log: Path) -> Iterator[subprocess.Popen]:
    """`monitor run` as a subprocess logging to `log`; killed if a test leaves it running."""
    with log.open("wb") as stderr:
        proc = subprocess.Popen(
            [sys.executable, "-m", "monitor", "--config", str(config), "run"],
            stdout=subprocess.DEVNULL, stderr=stderr, env=env, cwd=config.parent)
        try:
            yield proc
        finally:
            if proc.poll() is None:
                proc.kill()
                proc.wait()


def test_backoff_doubles_per_failure_and_is_capped():
    assert backoff_delay(900, 0).total_seconds() == 900
    assert backoff_delay(900, 1).total_seconds() == 900
    assert backoff_delay(900, 3).total_seconds() == 3600
    assert backoff_delay(900, 30).total_seconds() == 6 * 3600
    assert backoff_delay(86400, 5).total_seconds() == 86400  # never shorter than the interval


@pytest.mark.skipif(sys.platform == "win32", reason="SIGTERM is a POSIX signal")
def test_run_polls_alerts_sends_the_digest_and_stops_on_sigterm(http_server, tmp_path):
    feed = (FIXTURES / "service" / "feed.xml").read_bytes()
    article = (FIXTURES / "service" / "article.html").read_bytes()
    polled = threading.Event()

    def serve_feed(request: SeenRequest) -> Reply:
        polled.set()
        return Reply(200, feed, {"Content-Type": "application/rss+xml"})

    http_server.routes["/feed.xml"] = serve_feed
    http_server.routes["/news/kremlin-ceasefire-talks.html"] = Reply(
        200, article, {"Content-Type": "text/html; charset=utf-8"})
    alert = Hook(lambda body: bool(body["statements"]))
    digest = Hook(lambda body: bool(body["statements"]))
    http_server.routes["/alert"] = alert
    http_server.routes["/digest"] = digest

    config = write_config(tmp_path, http_server.base)
    env = dict(os.environ, TEST_WEBHOOK_SECRET=SECRET, PYTHONUNBUFFERED="1")
    log = tmp_path / "service.log"
    with running_service(config, env, log) as proc:
        assert polled.wait(30), "the service never polled the feed"
        assert alert.arrived.wait(30), "no alert arrived"
        assert digest.arrived.wait(150), "no digest arrived"
        proc.send_signal(signal.SIGTERM)
        code = proc.wait(timeout=10)
    output = log.read_text(encoding="utf-8")
    assert code == 0, output
    assert "poll Loopback News: ok" in output
    assert "stopped cleanly" in output

    (alert_body,) = alert.bodies
    assert alert_body["type"] == "alert" and alert_body["alert"] == "kremlin"
    (statement,) = alert_body["statements"]
    assert statement["actor"] == "Dmitry Peskov"
    assert "memorandum on a future peace agreement" in statement["text"]

    sent = [b for b in digest.bodies if b["statements"]]
    assert sent[0]["type"] == "digest" and sent[0]["digest"] == "minutely"
    assert [s["id"] for s in sent[0]["statements"]] == [statement["id"]]
    assert alert.bad_signatures == digest.bad_signatures == 0
    assert http_server.hits("/feed.xml") >= 2  # polled on its interval, not once


EMPTY_FEED = (b'<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>'
              b"<link>http://example.org/</link><description>d</description></channel></rss>")


def write_sources(path: Path, storage: Path, feeds: dict[str, str]) -> None:
    sources = "".join(f"  - name: {name}\n    feed: {url}\n    every: 1s\n    min_interval: 1s\n"
                      for name, url in feeds.items())
    path.write_text(f"""\
storage: sqlite:///{storage}
timezone: UTC
actors:
  - name: Dmitry Peskov
    aliases: [Peskov]
topic:
  include: [ceasefire]
sources:
{sources}""", encoding="utf-8")


def wait_for(predicate, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.1)
    return False


@pytest.mark.skipif(sys.platform == "win32", reason="SIGHUP is a POSIX signal")
def test_sighup_reloads_the_configuration_and_refuses_a_broken_one(http_server, tmp_path):
    hits = {"/a.xml": 0, "/b.xml": 0}

    def feed(request: SeenRequest) -> Reply:
        hits[request.path] += 1
        return Reply(200, EMPTY_FEED, {"Content-Type": "application/rss+xml"})

    http_server.routes["/a.xml"] = feed
    http_server.routes["/b.xml"] = feed
    config = tmp_path / "monitor.yaml"
    storage = tmp_path / "monitor.db"
    write_sources(config, storage, {"First": f"{http_server.base}/a.xml"})
    log = tmp_path / "service.log"
    env = dict(os.environ, PYTHONUNBUFFERED="1")
    with running_service(config, env, log) as proc:
        assert wait_for(lambda: hits["/a.xml"] > 0, 30), "the first source was not polled"
        # A new source replaces the first one.
        write_sources(config, storage, {"Second": f"{http_server.base}/b.xml"})
        proc.send_signal(signal.SIGHUP)
        assert wait_for(lambda: hits["/b.xml"] > 0, 30), "the new source was not polled"
        assert wait_for(lambda: "configuration reloaded" in log.read_text("utf-8"), 10)
        time.sleep(1.5)  # a poll of the first source already under way may still finish
        first_polls = hits["/a.xml"]
        # A broken file is refused; the running configuration goes on.
        config.write_text("sources: [this is not a source]\n", encoding="utf-8")
        proc.send_signal(signal.SIGHUP)
        assert wait_for(lambda: "has problems" in log.read_text("utf-8"), 10)
        second_polls = hits["/b.xml"]
        assert wait_for(lambda: hits["/b.xml"] > second_polls + 1, 20), "polling stopped"
        assert hits["/a.xml"] == first_polls, "the removed source was still polled"
        # Moving the storage needs a restart.
        write_sources(config, tmp_path / "elsewhere.db", {"Second": f"{http_server.base}/b.xml"})
        proc.send_signal(signal.SIGHUP)
        assert wait_for(lambda: "moves the storage" in log.read_text("utf-8"), 10)
        proc.send_signal(signal.SIGTERM)
        code = proc.wait(timeout=10)
    output = log.read_text(encoding="utf-8")
    assert code == 0, output
    assert "stopped cleanly" in output
    assert not (tmp_path / "elsewhere.db").exists()
