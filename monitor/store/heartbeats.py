"""The heartbeats table: each running `monitor run` says it is alive every beat, so that
`monitor status` (any process, any host sharing the database) can tell whether a service runs.

A row is written when the service starts, updated every `interval_seconds`, and deleted at a
clean stop; a row whose last beat is older than STALE_BEATS intervals belongs to a service that
died (kill -9, a lost host) and is shown as such, not as running.
"""

from __future__ import annotations

import os
import socket
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import sqlalchemy as sa

from monitor import __version__
from monitor.store.database import write_transaction
from monitor.store.tables import UtcDateTime

STALE_BEATS = 3  # a service missing this many beats in a row is taken for dead
FORGET_AFTER = timedelta(days=7)  # a dead service's row is removed when another one starts

metadata = sa.MetaData()

# As created by storage/migrations/0005_heartbeats.py (the schema's source of truth).
heartbeats = sa.Table(
    "heartbeats",
    metadata,
    sa.Column("instance", sa.String(200), primary_key=True),
    sa.Column("host", sa.Text, nullable=False),
    sa.Column("pid", sa.Integer, nullable=False),
    sa.Column("version", sa.String(40), nullable=False),
    sa.Column("started_at", UtcDateTime, nullable=False),
    sa.Column("beat_at", UtcDateTime, nullable=False),
    sa.Column("interval_seconds", sa.Integer, nullable=False),
)


@dataclass(frozen=True)
class Heartbeat:
    instance: str
    host: str
    pid: int
    version: str
    started_at: datetime
    beat_at: datetime
    interval_seconds: int

    def alive(self, now: datetime) -> bool:
        return (now - self.beat_at).total_seconds() <= STALE_BEATS * self.interval_seconds


class HeartbeatTable:
    """Heartbeats over the store's engine (its migrations created the table)."""

    def __init__(self, engine: sa.Engine) -> None:
        self.engine = engine

    def start(self, interval_seconds: int, *, now: datetime | None = None) -> str:
        """Record a service starting on this host; returns its instance id."""
        now = now or datetime.now(UTC)
        host, pid = socket.gethostname(), os.getpid()
        instance = f"{host}:{pid}:{int(now.timestamp())}"
        with write_transaction(self.engine) as conn:
            # Rows of services killed long ago (no clean stop) would pile up: a week is enough
            # to tell "it died on Tuesday".
            conn.execute(heartbeats.delete().where(heartbeats.c.beat_at < now - FORGET_AFTER))
            conn.execute(heartbeats.insert().values(
                instance=instance, host=host, pid=pid, version=__version__, started_at=now,
                beat_at=now, interval_seconds=interval_seconds))
        return instance

    def beat(self, instance: str, *, now: datetime | None = None) -> None:
        now = now or datetime.now(UTC)
        with write_transaction(self.engine) as conn:
            conn.execute(heartbeats.update().where(heartbeats.c.instance == instance)
                         .values(beat_at=now))

    def stop(self, instance: str) -> None:
        with write_transaction(self.engine) as conn:
            conn.execute(heartbeats.delete().where(heartbeats.c.instance == instance))

    def all(self) -> list[Heartbeat]:
        with self.engine.connect() as conn:
            rows = conn.execute(sa.select(heartbeats).order_by(heartbeats.c.beat_at.desc()))
            return [Heartbeat(**row._mapping) for row in rows]
