"""Poll state on the sources row, its one owner: next poll time (backoff included), consecutive
failures, last error, and the lease of the worker polling it now.

miniflux's shape: the service asks the database which sources are due and claims them, so any
number of `monitor run` processes on one database divide the sources without a coordinator.
On PostgreSQL the claim locks the due rows with SELECT ... FOR UPDATE SKIP LOCKED (two workers
never wait on, or take, the same row); on SQLite one UPDATE inside BEGIN IMMEDIATE is atomic
already. A lease runs out: a worker that died holding sources loses them `lease` later, and
another worker takes them over; a live worker renews the leases of the polls it is running.

    ensure_sources(store, names)           # rows for configured sources (new ones due now)
    claim_due(store, names, worker, ...)   # -> the names this worker now holds
    record_outcome(store, name, ...)       # after a poll: failures, error, next poll
    release(store, worker, names)          # hand the sources back
"""

from __future__ import annotations

import random
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import sqlalchemy as sa

from monitor.store.store import Store
from monitor.store.tables import sources

MAX_BACKOFF = timedelta(hours=6)  # a failing source is still tried at least this often
DEFAULT_LEASE = timedelta(minutes=10)  # a dead worker's sources are taken over after this


def backoff_delay(every_seconds: int, failures: int) -> timedelta:
    """How long a source with `failures` consecutive failures waits before its next poll:
    its interval doubled per failure after the first, never more than MAX_BACKOFF."""
    if failures <= 1:
        return timedelta(seconds=every_seconds)
    seconds = every_seconds * 2 ** min(failures - 1, 20)
    return min(timedelta(seconds=seconds), max(MAX_BACKOFF, timedelta(seconds=every_seconds)))


def jitter(every_seconds: int) -> timedelta:
    """A small random delay that spreads sources with one interval over time."""
    return timedelta(seconds=random.uniform(0, min(every_seconds * 0.1, 60.0)))


@dataclass(frozen=True)
class Lease:
    worker: str
    until: datetime


def _new_rows(names: Iterable[str]) -> list[dict[str, Any]]:
    return [{"name": name, "consecutive_failures": 0, "articles_total": 0,
             "statements_total": 0} for name in names]


def ensure_sources(store: Store, names: Sequence[str]) -> None:
    """A row for every configured source; a new one has no next poll time, so it is due now."""
    if not names:
        return
    with store._writing() as connection:
        known = set(connection.execute(sa.select(sources.c.name)).scalars())
        missing = [name for name in dict.fromkeys(names) if name not in known]
        if missing:
            insert = store._insert(sources).on_conflict_do_nothing(index_elements=["name"])
            connection.execute(insert, _new_rows(missing))


def claim_due(store: Store, names: Sequence[str], worker: str, *, limit: int,
              now: datetime | None = None, lease: timedelta = DEFAULT_LEASE) -> list[str]:
    """Claim up to `limit` of the named sources that are due (next poll passed or never set)
    and not leased by a live worker; returns the names now leased to `worker`, most overdue
    first. Atomic across processes on both engines."""
    if not names or limit < 1:
        return []
    now = now or datetime.now(UTC)
    c = sources.c
    due = (
        sa.select(c.name)
        .where(c.name.in_(list(names)))
        .where(sa.or_(c.next_poll_at.is_(None), c.next_poll_at <= now))
        .where(sa.or_(c.lease_until.is_(None), c.lease_until <= now))
        .order_by(c.next_poll_at.asc().nulls_first(), c.name)
        .limit(limit)
    )
    with store._reading() as connection:  # most ticks find nothing due: no write lock then
        if connection.execute(due.with_only_columns(c.name).limit(1)).first() is None:
            return []
    if store.engine.dialect.name == "postgresql":
        due = due.with_for_update(skip_locked=True)
    claim = (
        sa.update(sources)
        .where(c.name.in_(due.scalar_subquery()))
        .values(lease_until=now + lease, lease_worker=worker)
        .returning(c.name, c.next_poll_at)
    )
    with store._writing() as connection:
        rows = connection.execute(claim).all()
    epoch = datetime.min.replace(tzinfo=UTC)
    return [row.name for row in sorted(rows, key=lambda r: (r.next_poll_at or epoch, r.name))]


def renew(store: Store, worker: str, names: Sequence[str], *, now: datetime | None = None,
          lease: timedelta = DEFAULT_LEASE) -> None:
    """Extend this worker's leases on `names` (polls still running)."""
    if not names:
        return
    now = now or datetime.now(UTC)
    c = sources.c
    with store._writing() as connection:
        connection.execute(
            sa.update(sources)
            .where(c.name.in_(list(names)), c.lease_worker == worker)
            .values(lease_until=now + lease))


def release(store: Store, worker: str, names: Sequence[str] | None = None) -> None:
    """Hand back this worker's leases (all of them when `names` is None)."""
    c = sources.c
    query = sa.update(sources).where(c.lease_worker == worker)
    if names is not None:
        if not names:
            return
        query = query.where(c.name.in_(list(names)))
    with store._writing() as connection:
        connection.execute(query.values(lease_until=None, lease_worker=None))


def record_outcome(store: Store, name: str, *, at: datetime, ok: bool, error: str | None,
                   every_seconds: int, new_articles: int, new_statements: int,
                   spread: bool = True) -> datetime:
    """Record one poll of `name` on its row: a failure counts towards consecutive_failures,
    keeps its error and pushes the next poll back (backoff_delay); a success resets the count.
    Returns the next poll time written."""
    if ok:
        return _record_success(store, name, at=at, error=error, every_seconds=every_seconds,
                               new_articles=new_articles, new_statements=new_statements,
                               spread=spread)
    c = sources.c
    with store._writing() as connection:
        current = sa.select(c.consecutive_failures).where(c.name == name)
        if store.engine.dialect.name == "postgresql":
            current = current.with_for_update()
        before = connection.execute(current).scalar()
        if before is None:  # never polled: its row first (two statements, once per source)
            connection.execute(
                store._insert(sources).on_conflict_do_nothing(index_elements=["name"]),
                _new_rows([name]))
            before = connection.execute(current).scalar() or 0
        failures = 0 if ok else before + 1
        next_poll = at + backoff_delay(every_seconds, failures)
        if spread:
            next_poll += jitter(every_seconds)
        changes: dict[str, Any] = {
            "last_poll_at": at,
            "last_error": error,
            "next_poll_at": next_poll,
            "consecutive_failures": failures,
            "articles_total": c.articles_total + new_articles,
            "statements_total": c.statements_total + new_statements,
        }
        if ok:
            changes["last_success_at"] = at
        connection.execute(sa.update(sources).where(c.name == name).values(changes))
    return next_poll


# A success (most polls: a feed answering 304 Not Modified) needs no read of the row: the
# failure count goes back to 0 whatever it was, so the next poll time is known in advance and
# ONE prebuilt UPDATE records it (SQLAlchemy reuses its compiled form).
_c = sources.c
_RECORD_SUCCESS = (
    sa.update(sources)
    .where(_c.name == sa.bindparam("source"))
    .values(
        last_poll_at=sa.bindparam("at"),
        last_success_at=sa.bindparam("at"),
        last_error=sa.bindparam("error"),
        next_poll_at=sa.bindparam("next_poll"),
        consecutive_failures=0,
        articles_total=_c.articles_total + sa.bindparam("new_articles"),
        statements_total=_c.statements_total + sa.bindparam("new_statements"),
    )
)


def _record_success(store: Store, name: str, *, at: datetime, error: str | None,
                    every_seconds: int,
                    new_articles: int, new_statements: int, spread: bool) -> datetime:
    next_poll = at + backoff_delay(every_seconds, 0)
    if spread:
        next_poll += jitter(every_seconds)
    values = {"source": name, "at": at, "error": error, "next_poll": next_poll,
              "new_articles": new_articles, "new_statements": new_statements}
    with store._writing() as connection:
        if connection.execute(_RECORD_SUCCESS, values).rowcount == 0:  # never polled: its row
            connection.execute(
                store._insert(sources).on_conflict_do_nothing(index_elements=["name"]),
                _new_rows([name]))
            connection.execute(_RECORD_SUCCESS, values)
    return next_poll


@dataclass(frozen=True)
class Success:
    """A successful poll of a source, to be recorded with others (record_successes)."""

    name: str
    at: datetime
    next_poll: datetime
    error: str | None = None
    new_articles: int = 0
    new_statements: int = 0


def next_success_poll(at: datetime, every_seconds: int, *, spread: bool = True) -> datetime:
    """When a source polled successfully at `at` is due again (record_outcome's rule)."""
    next_poll = at + backoff_delay(every_seconds, 0)
    return next_poll + jitter(every_seconds) if spread else next_poll


def record_successes(store: Store, polls: Sequence[Success]) -> None:
    """Record many successful polls in ONE transaction, as record_outcome records each (a
    row first for a source never polled): a poll of many feeds answering 304 commits once
    per batch, not once per feed."""
    if not polls:
        return
    values = [{"source": p.name, "at": p.at, "error": p.error, "next_poll": p.next_poll,
               "new_articles": p.new_articles, "new_statements": p.new_statements}
              for p in polls]
    with store._writing() as connection:
        connection.execute(store._insert(sources).on_conflict_do_nothing(index_elements=["name"]),
                           _new_rows(sorted({p.name for p in polls})))
        connection.execute(_RECORD_SUCCESS, values)


def leases(store: Store, *, now: datetime | None = None) -> dict[str, Lease]:
    """The live leases: which worker is polling which source now."""
    now = now or datetime.now(UTC)
    c = sources.c
    with store._reading() as connection:
        rows = connection.execute(
            sa.select(c.name, c.lease_worker, c.lease_until)
            .where(c.lease_worker.is_not(None), c.lease_until > now)).all()
    return {row.name: Lease(row.lease_worker, row.lease_until) for row in rows}


def consecutive_failures(store: Store, name: str) -> int:
    with store._reading() as connection:
        value = connection.execute(
            sa.select(sources.c.consecutive_failures).where(sources.c.name == name)).scalar()
    return value or 0
