"""Logs: text and JSON lines, levels, and never a secret; sd_notify over a real socket."""

from __future__ import annotations

import io
import json
import logging
import os
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa

from monitor import logs, systemd
from monitor.store import Store
from monitor.store.heartbeats import heartbeats


@pytest.fixture
def stream() -> Iterator[io.StringIO]:
    out = io.StringIO()
    yield out
    root = logging.getLogger()
    for handler in [h for h in root.handlers if getattr(h, "_monitor", False)]:
        root.removeHandler(handler)
    logging.getLogger("monitor").setLevel(logging.NOTSET)


def test_json_lines_carry_time_with_zone_level_event_and_fields(stream: io.StringIO) -> None:
    logs.configure("info", "json", stream=stream)
    log = logging.getLogger("monitor.test")
    log.info("polled %s", "Harbor Ledger", extra={
        "event": "source_polled", "source": "Harbor Ledger", "duration": 1.23456,
        "counts": {"articles": 2, "statements": 5}})
    log.debug("not shown at info")
    lines = stream.getvalue().splitlines()
    assert len(lines) == 1
    entry = json.loads(lines[0])
    assert entry["level"] == "info" and entry["event"] == "source_polled"
    assert entry["message"] == "polled Harbor Ledger" and entry["source"] == "Harbor Ledger"
    assert entry["duration"] == 1.235 and entry["counts"] == {"articles": 2, "statements": 5}
    assert entry["time"][-6] in "+-" and entry["time"][10] == "T"


def test_verbose_shows_monitors_debug_records_but_not_other_libraries(
        stream: io.StringIO) -> None:
    logs.configure("warning", "text", verbose=True, stream=stream)
    logging.getLogger("monitor.pipeline").debug("stored an article")
    logging.getLogger("some.library").debug("chatter")
    text = stream.getvalue()
    assert "DEBUG monitor.pipeline: stored an article" in text and "chatter" not in text


def test_no_secret_reaches_a_log_line(stream: io.StringIO, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HOOK_KEY_FOR_TESTS", "whsec_c2VjcmV0LXZhbHVl")
    monkeypatch.setenv("MONITOR_SMTP_PASSWORD", "hunter2-hunter2")
    logs.configure("info", "json", stream=stream, secret_env=["HOOK_KEY_FOR_TESTS"])
    log = logging.getLogger("monitor.test")
    log.info("connecting to postgresql://monitor:s3cret-pw@db/monitor")
    log.warning("login failed with %s", "hunter2-hunter2")
    log.error("signing with whsec_c2VjcmV0LXZhbHVl failed")
    text = stream.getvalue()
    for secret in ("s3cret-pw", "hunter2-hunter2", "whsec_c2VjcmV0LXZhbHVl"):
        assert secret not in text
    assert "postgresql://monitor:***@db/monitor" in text and text.count("***") == 3


@pytest.mark.parametrize("abstract", [False, True], ids=["path", "abstract"])
def test_sd_notify_sends_one_datagram_to_the_notify_socket(tmp_path: Path,
                                                           abstract: bool) -> None:
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    name = f"\0monitor-test-{os.getpid()}" if abstract else str(tmp_path / "notify")
    listener.bind(name)
    listener.settimeout(5)
    env = {"NOTIFY_SOCKET": "@" + name[1:] if abstract else name}
    try:
        assert systemd.notify("READY=1\nSTATUS=2 sources", env)
        assert listener.recv(4096) == b"READY=1\nSTATUS=2 sources"
    finally:
        listener.close()
    assert not systemd.notify("READY=1", {}), "outside systemd nothing is sent"
    assert not systemd.notify("READY=1", {"NOTIFY_SOCKET": str(tmp_path / "gone")})


def test_watchdog_interval_is_read_only_for_this_process() -> None:
    assert systemd.watchdog_seconds({"WATCHDOG_USEC": "120000000"}) == 120
    assert systemd.watchdog_seconds({"WATCHDOG_USEC": "5000000", "WATCHDOG_PID": "1"}) is None
    assert systemd.watchdog_seconds({}) is None


def test_the_heartbeats_table_in_code_matches_its_migration(tmp_path: Path) -> None:
    store = Store.open(f"sqlite:///{tmp_path / 'm.db'}")
    try:
        columns = {c["name"] for c in sa.inspect(store.engine).get_columns("heartbeats")}
        assert columns == set(heartbeats.columns.keys())
    finally:
        store.close()


def test_a_dead_service_is_shown_as_dead_and_forgotten_after_a_week(tmp_path: Path) -> None:
    from datetime import UTC, datetime, timedelta

    from monitor.store.heartbeats import HeartbeatTable

    store = Store.open(f"sqlite:///{tmp_path / 'm.db'}")
    table = HeartbeatTable(store.engine)
    try:
        then = datetime(2025, 5, 1, 12, 0, tzinfo=UTC)
        killed = table.start(30, now=then)  # never stopped: kill -9
        [beat] = table.all()
        assert beat.instance == killed and beat.alive(then + timedelta(seconds=89))
        assert not beat.alive(then + timedelta(seconds=91)), "three beats missed: dead"
        table.start(30, now=then + timedelta(days=8))
        assert [b.instance for b in table.all()] != [killed] and len(table.all()) == 1
    finally:
        store.close()
