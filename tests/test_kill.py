"""A real `monitor poll` killed with SIGKILL at several points, then a normal poll: exactly the
statements and mentions of an undisturbed run (issue 10: 711 of 1,164 mentions after a kill).

The kill points are deterministic, no sleeps: while the fetches are in flight (the loopback
site holds the article answers until the test has killed the process), and at the crash points
of monitor/crashpoints.py, where the process stops itself (MONITOR_STOP_AT) and is killed while
stopped: after the listing, inside a batch's transaction just before COMMIT, and after a
batch's commit before its outbox rows settle.
"""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import LoopbackServer
from newsdesk import Newsdesk, snapshot, write_config

from monitor.pipeline import STORE_BATCH
from monitor.store import Store, outbox

COUNT = STORE_BATCH + 6  # two batches: a kill can fall between them


def monitor_poll(config: Path, stop_at: str | None = None) -> subprocess.Popen[str]:
    env = dict(os.environ)
    env.pop("MONITOR_STOP_AT", None)
    if stop_at is not None:
        env["MONITOR_STOP_AT"] = stop_at
    return subprocess.Popen([sys.executable, "-m", "monitor", "--config", str(config), "poll"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)


def finish_poll(config: Path) -> str:
    process = monitor_poll(config)
    out, err = process.communicate(timeout=120)
    assert process.returncode == 0, err
    return out


def wait_until_stopped(process: subprocess.Popen[str]) -> None:
    _, status = os.waitpid(process.pid, os.WUNTRACED)  # returns once it stopped itself
    assert os.WIFSTOPPED(status), f"the poll ended before its crash point (status {status})"


def kill(process: subprocess.Popen[str]) -> None:
    os.kill(process.pid, signal.SIGKILL)
    process.communicate(timeout=30)
    assert process.returncode == -signal.SIGKILL


def stored_articles(db: Path) -> int:
    with sqlite3.connect(db) as connection:
        return connection.execute("SELECT count(*) FROM articles").fetchone()[0]


@pytest.fixture
def desk(http_server: LoopbackServer) -> Newsdesk:
    return Newsdesk(http_server, COUNT)


@pytest.fixture
def calm(tmp_path: Path, desk: Newsdesk) -> tuple[frozenset, frozenset]:
    config = write_config(tmp_path / "calm", desk.server.base)
    finish_poll(config)
    with Store.open(f"sqlite:///{tmp_path / 'calm' / 'monitor.db'}") as store:
        found = snapshot(store)
    assert len(found[1]) >= 3 * COUNT  # the fixture is worth comparing
    return found


def after_a_normal_poll(config: Path) -> tuple[tuple[frozenset, frozenset], list, str]:
    out = finish_poll(config)
    with Store.open(f"sqlite:///{config.parent / 'monitor.db'}") as store:
        return snapshot(store), outbox.waiting(store), out


def test_kill_while_the_articles_are_being_fetched(tmp_path: Path, desk: Newsdesk,
                                                   calm: tuple[frozenset, frozenset]) -> None:
    config = write_config(tmp_path / "fetching", desk.server.base)
    desk.gate(0)  # article answers hang: the poll is killed with its fetches in flight
    process = monitor_poll(config)
    assert desk.article_requests.acquire(timeout=60)
    kill(process)
    desk.hold.set()
    assert stored_articles(tmp_path / "fetching" / "monitor.db") == 0
    got, left, out = after_a_normal_poll(config)
    assert "unchanged (304)" in out, "the feed did not change: the outbox had the articles"
    assert got == calm and left == []


@pytest.mark.parametrize("point, stored_at_kill", [
    ("listed", 0),  # validators saved, with the outbox rows; nothing fetched yet
    ("storing", 0),  # the first batch written but not committed: rolled back
    ("stored", STORE_BATCH),  # the first batch committed, its outbox rows not settled
])
def test_kill_at_a_crash_point(tmp_path: Path, desk: Newsdesk, calm: tuple[frozenset, frozenset],
                               point: str, stored_at_kill: int) -> None:
    config = write_config(tmp_path / point, desk.server.base)
    process = monitor_poll(config, stop_at=point)
    wait_until_stopped(process)
    kill(process)
    db = tmp_path / point / "monitor.db"
    assert stored_articles(db) == stored_at_kill
    with Store.open(f"sqlite:///{db}") as store:
        assert len(outbox.waiting(store)) == COUNT, "every listed article is still owed"
    hits = [desk.hits(i) for i in range(COUNT)]
    got, left, out = after_a_normal_poll(config)
    assert "unchanged (304)" in out
    assert got == calm and left == []
    refetched = sum(desk.hits(i) - hits[i] for i in range(COUNT))
    assert refetched == COUNT - stored_at_kill, "what was stored is not fetched again"
