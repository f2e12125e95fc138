"""Poll state on the sources row and the leases that let several workers share one database
(monitor/store/sources.py), on SQLite and on a real PostgreSQL (MONITOR_TEST_POSTGRES_URL)."""

from __future__ import annotations

import base64
import json
import os
import re
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa
from conftest import Reply, SeenRequest, fresh_database_url

from monitor.models import Article, Mention
from monitor.store import Store
from monitor.store import sources as state

T0 = datetime(2025, 5, 19, 12, 0, tzinfo=UTC)
NAMES = [f"Outlet {i:02d}" for i in range(20)]


@pytest.fixture(params=["sqlite", "postgresql"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    with fresh_database_url(request.param, tmp_path) as url:
        opened = Store.open(url)
        try:
            yield opened
        finally:
            opened.close()


def test_new_sources_are_due_at_once_and_claimed_by_one_worker_only(store: Store) -> None:
    state.ensure_sources(store, NAMES)
    first = state.claim_due(store, NAMES, "a", limit=15, now=T0)
    second = state.claim_due(store, NAMES, "b", limit=15, now=T0)
    assert len(first) == 15 and len(second) == 5
    assert set(first) | set(second) == set(NAMES) and not set(first) & set(second)
    assert state.claim_due(store, NAMES, "c", limit=15, now=T0) == []
    held = state.leases(store, now=T0)
    assert {name for name, lease in held.items() if lease.worker == "b"} == set(second)


def test_a_dead_workers_lease_expires_and_another_takes_over(store: Store) -> None:
    state.ensure_sources(store, NAMES[:3])
    lease = timedelta(minutes=10)
    assert len(state.claim_due(store, NAMES[:3], "dead", limit=10, now=T0, lease=lease)) == 3
    before_expiry = T0 + lease - timedelta(seconds=1)
    assert state.claim_due(store, NAMES[:3], "alive", limit=10, now=before_expiry) == []
    # A live worker renews its lease; a dead one does not.
    taken = state.claim_due(store, NAMES[:3], "alive", limit=10, now=T0 + lease)
    assert sorted(taken) == NAMES[:3]
    assert {lease.worker for lease in state.leases(store, now=T0 + lease).values()} == {"alive"}


def test_renewed_leases_are_kept_and_released_ones_are_free(store: Store) -> None:
    state.ensure_sources(store, NAMES[:2])
    state.claim_due(store, NAMES[:2], "a", limit=10, now=T0)
    state.renew(store, "a", [NAMES[0]], now=T0 + timedelta(minutes=9))
    later = T0 + timedelta(minutes=11)
    assert state.claim_due(store, NAMES[:2], "b", limit=10, now=later) == [NAMES[1]]
    state.release(store, "a")
    assert state.claim_due(store, NAMES[:2], "b", limit=10, now=later) == [NAMES[0]]


def test_the_outcome_sets_the_next_poll_with_backoff_on_the_row(store: Store) -> None:
    name = NAMES[0]
    state.ensure_sources(store, [name])
    every = 900
    at = T0
    for failures in (1, 2, 3):
        next_poll = state.record_outcome(store, name, at=at, ok=False, error="503",
                                         every_seconds=every, new_articles=0, new_statements=0,
                                         spread=False)
        assert next_poll == at + state.backoff_delay(every, failures)
    assert next_poll == at + timedelta(seconds=4 * every)
    (row,) = store.source_status()
    assert row.consecutive_failures == 3 and row.last_error == "503"
    assert row.next_poll_at == next_poll  # what `status` shows is what `run` waits for
    # Not due before its backed-off time, due after it.
    assert state.claim_due(store, [name], "a", limit=1, now=next_poll - timedelta(seconds=1)) == []
    assert state.claim_due(store, [name], "a", limit=1, now=next_poll) == [name]
    state.record_outcome(store, name, at=next_poll, ok=True, error=None, every_seconds=every,
                         new_articles=2, new_statements=3, spread=False)
    (row,) = store.source_status()
    assert row.consecutive_failures == 0 and row.articles == 2 and row.statements == 3
    assert row.next_poll_at == next_poll + timedelta(seconds=every)


def test_unconfigured_sources_are_never_claimed(store: Store) -> None:
    state.ensure_sources(store, NAMES[:3])
    assert sorted(state.claim_due(store, NAMES[1:2], "a", limit=10, now=T0)) == [NAMES[1]]


def test_concurrent_claims_never_hand_a_source_to_two_workers(store: Store) -> None:
    state.ensure_sources(store, NAMES)
    claimed: dict[str, list[str]] = {}
    start = threading.Barrier(4)

    def worker(name: str) -> None:
        start.wait()
        got: list[str] = []
        for _ in range(10):
            got += state.claim_due(store, NAMES, name, limit=2, now=T0)
        claimed[name] = got

    threads = [threading.Thread(target=worker, args=(f"w{i}",)) for i in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    every = [name for got in claimed.values() for name in got]
    assert sorted(every) == sorted(NAMES)  # each exactly once


# ---------------------------------------------------------------- two `monitor run` workers

SECRET = "whsec_" + base64.b64encode(b"workers-test-secret-0123456789").decode()
SHARED_QUOTES = [  # each reported by several outlets: one statement each, whichever worker
    "We are ready to work on a memorandum on a future peace agreement with Kyiv",
    "A ceasefire is possible only when the causes of the conflict are addressed",
    "Moscow will send its delegation to Istanbul for the next round of talks",
    "The truce along the front must be verified before any further step",
]
OUTLETS = 40


def _article(outlet: int, number: int) -> str:
    if number == 0:
        quote = SHARED_QUOTES[outlet % len(SHARED_QUOTES)]
        speaker = "Kremlin spokesman Dmitry Peskov"
    else:
        quote = (f"Our soldiers in sector {outlet} will hold the line while the ceasefire "
                 f"talks with Russia go on for {outlet + 2} more days")
        speaker = "Ukrainian President Volodymyr Zelensky"
    path = f"/o{outlet}/news/{number}.html"
    return f"""<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<title>Ceasefire talks: report {outlet}-{number}</title>
<link rel="canonical" href="{path}">
<meta property="article:published_time" content="2025-05-19T08:{outlet:02d}:00+00:00">
</head><body><main><article><h1>Ceasefire talks: report {outlet}-{number}</h1>
<p>KYIV — Russia and Ukraine traded proposals for a ceasefire on Monday, as envoys prepared
another round of peace talks and European leaders urged both sides to agree a truce.</p>
<p>“{quote},” {speaker} told reporters on Monday.</p>
<p>Officials in Kyiv and Moscow said the negotiations would continue later this week, with a
prisoner exchange expected before the next meeting.</p>
</article></main></body></html>"""


def _feed(base: str, outlet: int) -> str:
    items = "".join(
        f"<item><title>Ceasefire talks: report {outlet}-{n}</title>"
        f"<link>{base}/o{outlet}/news/{n}.html</link><guid>o{outlet}-{n}</guid>"
        "<pubDate>Mon, 19 May 2025 08:30:00 +0000</pubDate></item>" for n in (0, 1))
    return (f'<?xml version="1.0"?><rss version="2.0"><channel><title>Outlet {outlet}</title>'
            f"<link>{base}/o{outlet}/</link><description>d</description>{items}</channel></rss>")


def _config(folder: Path, storage: str, base: str, workers: int = 1) -> Path:
    sources = "".join(f"  - name: Outlet {i}\n    feed: {base}/o{i}/feed.xml\n    every: 1h\n"
                      for i in range(OUTLETS))
    path = folder / "monitor.yaml"
    path.write_text(f"""\
storage: {storage}
timezone: UTC
workers: {workers}
actors:
  - name: Dmitry Peskov
    aliases: [Peskov]
    roles: [Kremlin spokesman]
  - name: Volodymyr Zelensky
    aliases: [Zelensky]
    roles: [Ukrainian President]
topic:
  include: [ceasefire, truce, peace talks]
  require: [Ukraine, Russia]
sources:
{sources}alerts:
  - name: everything
    webhook: {{url: {base}/alert, secret_env: TEST_WEBHOOK_SECRET}}
""", encoding="utf-8")
    return path


def _statements(url: str) -> list[tuple[str, str, int]]:
    engine = sa.create_engine(url.replace("postgresql://", "postgresql+psycopg://"))
    try:
        with engine.connect() as connection:
            rows = connection.execute(sa.text(
                "SELECT s.actor, s.text, count(m.id) FROM statements s "
                "JOIN mentions m ON m.statement_id = s.id GROUP BY s.actor, s.text")).all()
    finally:
        engine.dispose()
    return sorted((row[0], row[1], row[2]) for row in rows)


def _polled_sources(url: str) -> int:
    engine = sa.create_engine(url.replace("postgresql://", "postgresql+psycopg://"))
    try:
        with engine.connect() as connection:
            return connection.execute(sa.text(
                "SELECT count(*) FROM sources WHERE last_poll_at IS NOT NULL "
                "AND lease_worker IS NULL")).scalar() or 0
    except sa.exc.ProgrammingError:  # the workers have not created the tables yet
        return 0
    finally:
        engine.dispose()


def _serve_outlets(http_server) -> dict[str, int]:
    deliveries: dict[str, int] = {}
    for outlet in range(OUTLETS):
        http_server.routes[f"/o{outlet}/feed.xml"] = Reply(
            200, _feed(http_server.base, outlet), {"Content-Type": "application/rss+xml"})
        for number in (0, 1):
            http_server.routes[f"/o{outlet}/news/{number}.html"] = Reply(
                200, _article(outlet, number), {"Content-Type": "text/html; charset=utf-8"})

    def alert(request: SeenRequest) -> Reply:
        for statement in json.loads(request.body)["statements"]:
            key = f"{statement['actor']}: {statement['text']}"
            deliveries[key] = deliveries.get(key, 0) + 1
        return Reply(204)

    http_server.routes["/alert"] = alert
    return deliveries


def test_two_workers_on_one_postgresql_store_what_one_stores_and_deliver_once(
        http_server, tmp_path: Path) -> None:
    deliveries = _serve_outlets(http_server)
    env = dict(os.environ, TEST_WEBHOOK_SECRET=SECRET, PYTHONUNBUFFERED="1")
    with fresh_database_url("postgresql", tmp_path) as alone, \
            fresh_database_url("postgresql", tmp_path) as shared:
        # One worker: the reference.
        one = tmp_path / "one"
        one.mkdir()
        subprocess.run([sys.executable, "-m", "monitor", "--config",
                        str(_config(one, alone, http_server.base)), "poll"],
                       check=True, env=env, capture_output=True, cwd=one)
        expected = _statements(alone)
        assert len(expected) == len(SHARED_QUOTES) + OUTLETS
        assert sum(count for *_, count in expected) == 2 * OUTLETS
        feeds_before = {i: http_server.hits(f"/o{i}/feed.xml") for i in range(OUTLETS)}
        deliveries.clear()

        # Two workers on one database, started together, same configuration.
        two = tmp_path / "two"
        two.mkdir()
        config = _config(two, shared, http_server.base)
        logs = [two / "worker-a.log", two / "worker-b.log"]
        with running(config, env, logs[0]) as a, running(config, env, logs[1]) as b:
            assert wait_until(lambda: _polled_sources(shared) == OUTLETS, 90), \
                "the two workers did not poll every source"
            for proc in (a, b):
                proc.send_signal(signal.SIGTERM)
            codes = [a.wait(timeout=15), b.wait(timeout=15)]
        outputs = [log.read_text(encoding="utf-8") for log in logs]
        assert codes == [0, 0], outputs
        assert _statements(shared) == expected  # the same statements, deduplicated across
        # Each source was polled by one worker only, once (its interval is an hour).
        polled = [set(re.findall(r"poll (Outlet \d+): ok", out)) for out in outputs]
        assert not polled[0] & polled[1]
        assert len(polled[0] | polled[1]) == OUTLETS
        assert all(http_server.hits(f"/o{i}/feed.xml") == feeds_before[i] + 1
                   for i in range(OUTLETS))
        # Every article fetched once, every statement alerted once.
        assert all(http_server.hits(f"/o{i}/news/{n}.html") == 2
                   for i in range(OUTLETS) for n in (0, 1))
        assert sorted(deliveries) == sorted(f"{actor}: {text}" for actor, text, _ in expected)
        assert set(deliveries.values()) == {1}, deliveries
        print(f"worker a polled {len(polled[0])} sources, worker b {len(polled[1])}")


def test_an_analysis_pool_stores_what_inline_analysis_stores(http_server, tmp_path: Path):
    _serve_outlets(http_server)
    env = dict(os.environ, TEST_WEBHOOK_SECRET=SECRET)
    stored = []
    for workers in (1, 2):
        folder = tmp_path / f"workers-{workers}"
        folder.mkdir()
        storage = f"sqlite:///{folder / 'monitor.db'}"
        done = subprocess.run([sys.executable, "-m", "monitor", "--verbose", "--config",
                               str(_config(folder, storage, http_server.base, workers)), "poll"],
                              check=True, env=env, capture_output=True, text=True, cwd=folder)
        assert ("starting a pool of 2 processes" in done.stderr) == (workers == 2)
        stored.append(_statements(storage))
    assert stored[0] == stored[1]
    assert len(stored[0]) == len(SHARED_QUOTES) + OUTLETS


@contextmanager
def running(config: Path, env: dict[str, str], log: Path) -> Iterator[subprocess.Popen]:
    with log.open("wb") as stderr:
        proc = subprocess.Popen([sys.executable, "-m", "monitor", "--config", str(config), "run"],
                                stdout=subprocess.DEVNULL, stderr=stderr, env=env,
                                cwd=config.parent)
        try:
            yield proc
        finally:
            if proc.poll() is None:
                proc.kill()
                proc.wait()


def wait_until(predicate, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.2)
    return False


# ---------------------------------------------------------------- batches of articles

def _article_at(url: str, text: str | None = "Article text.") -> Article:
    return Article(url=url, source="Harbor Ledger", title="Talks", author=None, published=T0,
                   fetched_at=T0 + timedelta(minutes=5), text=text,  # type: ignore[arg-type]
                   on_topic=True)


def _said(actor: str, text: str) -> Mention:
    return Mention(actor=actor, text=text, kind="direct", speaker="he", cue="said", start=0)


QUOTE = "We are ready to talk about a ceasefire with Kyiv next week"


def test_a_batch_stores_what_single_articles_store(store: Store) -> None:
    batch = [(_article_at(f"https://example.org/{i}"), [_said("Dmitry Peskov", QUOTE)])
             for i in range(3)]
    outcome = store.add_articles(batch)
    assert [len(ids) for ids in outcome if ids is not None] == [1, 0, 0]
    assert store.add_articles(batch[:1]) == [None]  # known already
    (statement,) = store.statements()
    assert len(statement.mentions) == 3


def test_a_failing_batch_stores_nothing_of_it(store: Store) -> None:
    broken = _article_at("https://example.org/broken", text=None)  # NOT NULL refuses it
    batch = [(_article_at("https://example.org/fine"), [_said("Dmitry Peskov", QUOTE)]),
             (broken, [])]
    with pytest.raises(Exception):  # noqa: B017 - the database's own error
        store.add_articles(batch)
    assert store.known_urls(["https://example.org/fine"]) == set()
    assert store.statements() == []


def test_status_names_the_worker_holding_a_source_and_the_backed_off_next_poll(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from monitor.cli import main

    storage = f"sqlite:///{tmp_path / 'monitor.db'}"
    config = _config(tmp_path, storage, "http://127.0.0.1:9")
    with Store.open(storage) as opened:
        state.ensure_sources(opened, ["Outlet 0", "Outlet 1"])
        now = datetime.now(UTC)
        state.record_outcome(opened, "Outlet 1", at=now, ok=False, error="503", every_seconds=3600,
                             new_articles=0, new_statements=0, spread=False)
        state.record_outcome(opened, "Outlet 1", at=now, ok=False, error="503", every_seconds=3600,
                             new_articles=0, new_statements=0, spread=False)
        assert state.claim_due(opened, ["Outlet 0"], "host-a:123", limit=1) == ["Outlet 0"]
    assert main(["--config", str(config), "status"]) == 0
    lines = {line.split(":")[0].strip(): line for line in capsys.readouterr().out.splitlines()}
    assert "being polled by worker host-a:123" in lines["Outlet 0"]
    backed_off = (now + timedelta(hours=2)).strftime("%Y-%m-%d %H:%M:%S")  # config zone: UTC
    assert f"next poll {backed_off}" in lines["Outlet 1"]
    assert "being polled" not in lines["Outlet 1"]


@pytest.mark.parametrize(("value", "expected"), [("2", 2), ("1", 1), (None, None)])
def test_workers_is_read_from_the_configuration(tmp_path: Path, value, expected) -> None:
    from monitor.config import load_config

    path = _config(tmp_path, f"sqlite:///{tmp_path / 'monitor.db'}", "http://127.0.0.1:9")
    text = path.read_text(encoding="utf-8").replace("workers: 1\n", "")
    if value is not None:
        text = f"workers: {value}\n" + text
    path.write_text(text, encoding="utf-8")
    assert load_config(path).workers == expected


def test_a_workers_count_that_is_no_whole_number_is_refused(tmp_path: Path) -> None:
    from monitor.config import load_config
    from monitor.errors import ConfigError

    path = _config(tmp_path, f"sqlite:///{tmp_path / 'monitor.db'}", "http://127.0.0.1:9")
    path.write_text(path.read_text(encoding="utf-8").replace("workers: 1", "workers: 0"),
                    encoding="utf-8")
    with pytest.raises(ConfigError, match=r"workers.*whole number from 1"):
        load_config(path)
