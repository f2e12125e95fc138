"""Poll state on the sources row and the leases that let several workers share one database
(monitor/store/sources.py), on SQLite and on a real PostgreSQL (MONITOR_TEST_POSTGRES_URL)."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from conftest import fresh_database_url

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
