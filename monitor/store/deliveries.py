"""The deliveries table: what was sent where, so that each (digest, window, channel) and each
(alert, statement, channel) goes out once.

A delivery is claimed by inserting its row (a unique key makes a second insert a no-op) and then
moving it to `sending` with a conditional update that only one process can win; it is marked
`sent` after the channel accepted it, or back to `pending` (retried on the next run) when the
channel failed. A row left in `sending` by a crash is taken over after STALE_AFTER.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Literal

import sqlalchemy as sa

from monitor.store.database import write_transaction
from monitor.store.tables import UtcDateTime, as_utc

DeliveryKind = Literal["digest", "alert"]
Channel = Literal["email", "webhook"]
STALE_AFTER = timedelta(minutes=15)  # longer than any send with its retries

metadata = sa.MetaData()

# As created by storage/migrations/0002_deliveries.py (the schema's source of truth).
deliveries = sa.Table(
    "deliveries",
    metadata,
    sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), primary_key=True,
              autoincrement=True),
    sa.Column("kind", sa.String(16), nullable=False),  # digest | alert
    sa.Column("name", sa.Text, nullable=False),  # the digest's or the alert's name
    sa.Column("subject", sa.Text, nullable=False),  # "start/end" or a statement id
    sa.Column("channel", sa.String(16), nullable=False),  # email | webhook
    sa.Column("window_start_at", UtcDateTime),
    sa.Column("window_end_at", UtcDateTime),
    sa.Column("statement_id", sa.String(16)),
    sa.Column("status", sa.String(16), nullable=False),  # pending | sending | sent | cancelled
    sa.Column("attempts", sa.Integer, nullable=False),
    sa.Column("token", sa.String(64), nullable=False),  # webhook-id / Message-ID, kept on retry
    sa.Column("last_error", sa.Text),
    sa.Column("created_at", UtcDateTime, nullable=False),
    sa.Column("updated_at", UtcDateTime, nullable=False),
    sa.Column("delivered_at", UtcDateTime),
)


def stamp(moment: datetime) -> str:
    """A fixed-width UTC ISO 8601 text, for keys."""
    return as_utc(moment).isoformat(timespec="microseconds")


def window_subject(start: datetime, end: datetime) -> str:
    return f"{stamp(start)}/{stamp(end)}"


@dataclass(frozen=True)
class DeliveryKey:
    kind: DeliveryKind
    name: str
    channel: Channel
    window_start: datetime | None = None  # digests
    window_end: datetime | None = None
    statement_id: str | None = None  # alerts

    @property
    def subject(self) -> str:
        if self.kind == "digest":
            assert self.window_start is not None and self.window_end is not None
            return window_subject(self.window_start, self.window_end)
        assert self.statement_id is not None
        return self.statement_id

    @classmethod
    def digest(cls, name: str, channel: Channel, start: datetime, end: datetime) -> DeliveryKey:
        return cls("digest", name, channel, window_start=start, window_end=end)

    @classmethod
    def alert(cls, name: str, channel: Channel, statement_id: str) -> DeliveryKey:
        return cls("alert", name, channel, statement_id=statement_id)


@dataclass(frozen=True)
class Delivery:
    id: int
    key: DeliveryKey
    status: str
    attempts: int
    token: str
    last_error: str | None
    updated_at: datetime
    delivered_at: datetime | None


ClaimState = Literal["claimed", "already_sent", "busy"]


@dataclass(frozen=True)
class Claim:
    state: ClaimState
    delivery: Delivery


def _delivery(row: sa.Row) -> Delivery:
    key = DeliveryKey(
        kind=row.kind,
        name=row.name,
        channel=row.channel,
        window_start=row.window_start_at,
        window_end=row.window_end_at,
        statement_id=row.statement_id,
    )
    return Delivery(
        id=row.id,
        key=key,
        status=row.status,
        attempts=row.attempts,
        token=row.token,
        last_error=row.last_error,
        updated_at=row.updated_at,
        delivered_at=row.delivered_at,
    )


def _new_token() -> str:
    return secrets.token_hex(12)


class DeliveryLedger:
    """The deliveries table over the store's engine."""

    def __init__(self, engine: sa.Engine) -> None:
        self.engine = engine  # the store's: its migrations created the table

    def _insert_if_absent(self, conn: sa.Connection, key: DeliveryKey, now: datetime) -> None:
        values = {
            "kind": key.kind,
            "name": key.name,
            "subject": key.subject,
            "channel": key.channel,
            "window_start_at": key.window_start,
            "window_end_at": key.window_end,
            "statement_id": key.statement_id,
            "status": "pending",
            "attempts": 0,
            "token": _new_token(),
            "created_at": now,
            "updated_at": now,
        }
        dialect = conn.dialect.name
        if dialect == "sqlite":
            from sqlalchemy.dialects.sqlite import insert as sqlite_insert

            conn.execute(sqlite_insert(deliveries).values(values).on_conflict_do_nothing())
        elif dialect == "postgresql":
            from sqlalchemy.dialects.postgresql import insert as pg_insert

            conn.execute(pg_insert(deliveries).values(values).on_conflict_do_nothing())
        else:  # any other database: the unique key still refuses a second row
            try:
                with conn.begin_nested():
                    conn.execute(deliveries.insert().values(values))
            except sa.exc.IntegrityError:
                pass

    def _row(self, conn: sa.Connection, key: DeliveryKey) -> sa.Row | None:
        return conn.execute(
            sa.select(deliveries).where(
                deliveries.c.kind == key.kind,
                deliveries.c.name == key.name,
                deliveries.c.subject == key.subject,
                deliveries.c.channel == key.channel,
            )
        ).first()

    def get(self, key: DeliveryKey) -> Delivery | None:
        with self.engine.connect() as conn:
            row = self._row(conn, key)
        return _delivery(row) if row is not None else None

    def record(self, key: DeliveryKey, *, now: datetime | None = None) -> Delivery:
        """Insert the delivery as pending unless it exists; return it."""
        now = now or datetime.now(UTC)
        with write_transaction(self.engine) as conn:
            self._insert_if_absent(conn, key, now)
            row = self._row(conn, key)
        assert row is not None
        return _delivery(row)

    def claim(self, key: DeliveryKey, *, force: bool = False,
              now: datetime | None = None) -> Claim:
        """Take the delivery for sending. `already_sent`: it went out before (and force is off);
        `busy`: another process is sending it right now."""
        now = now or datetime.now(UTC)
        current = self.record(key, now=now)
        if current.status == "sent" and not force:
            return Claim("already_sent", current)
        if current.status == "sending" and now - current.updated_at < STALE_AFTER:
            return Claim("busy", current)
        changes: dict[str, object] = {
            "status": "sending",
            "attempts": deliveries.c.attempts + 1,
            "updated_at": now,
        }
        if current.status in ("sent", "cancelled"):
            # A deliberate resend is a new message: new webhook-id, new Message-ID.
            changes["token"] = _new_token()
            changes["delivered_at"] = None
        with write_transaction(self.engine) as conn:
            # Only one claimer can move the row from what it read: `attempts` is its version.
            won = conn.execute(
                deliveries.update()
                .where(
                    deliveries.c.id == current.id,
                    deliveries.c.status == current.status,
                    deliveries.c.attempts == current.attempts,
                )
                .values(**changes)
            ).rowcount
            row = conn.execute(
                sa.select(deliveries).where(deliveries.c.id == current.id)
            ).one()
        return Claim("claimed" if won == 1 else "busy", _delivery(row))

    def mark_sent(self, delivery: Delivery, *, now: datetime | None = None) -> None:
        now = now or datetime.now(UTC)
        self._set(delivery, status="sent", last_error=None, delivered_at=now,
                  updated_at=now)

    def mark_failed(self, delivery: Delivery, error: str, *, now: datetime | None = None) -> None:
        """Back to pending: the next run tries again."""
        now = now or datetime.now(UTC)
        self._set(delivery, status="pending", last_error=error, updated_at=now)

    def cancel(self, delivery: Delivery, reason: str, *, now: datetime | None = None) -> None:
        """Give up on a delivery that can no longer be made (its digest or alert was removed)."""
        now = now or datetime.now(UTC)
        self._set(delivery, status="cancelled", last_error=reason, updated_at=now)

    def _set(self, delivery: Delivery, **values: object) -> None:
        with write_transaction(self.engine) as conn:
            conn.execute(deliveries.update().where(deliveries.c.id == delivery.id).values(**values))

    def pending(self, *, kind: DeliveryKind | None = None, name: str | None = None,
                now: datetime | None = None) -> list[Delivery]:
        """Deliveries still owed: pending ones, and `sending` ones abandoned by a crash."""
        now = now or datetime.now(UTC)
        query = sa.select(deliveries).where(
            sa.or_(
                deliveries.c.status == "pending",
                sa.and_(deliveries.c.status == "sending",
                        deliveries.c.updated_at < now - STALE_AFTER),
            )
        )
        if kind is not None:
            query = query.where(deliveries.c.kind == kind)
        if name is not None:
            query = query.where(deliveries.c.name == name)
        with self.engine.connect() as conn:
            rows = conn.execute(query.order_by(deliveries.c.id)).all()
        return [_delivery(row) for row in rows]

    def last_window_end(self, digest: str) -> datetime | None:
        """Where the next window of this digest starts: the end of the latest window recorded
        (sent or still owed: an owed window is retried on its own, never merged or skipped)."""
        with self.engine.connect() as conn:
            value = conn.execute(
                sa.select(sa.func.max(deliveries.c.window_end_at)).where(
                    deliveries.c.kind == "digest",
                    deliveries.c.name == digest,
                    deliveries.c.status != "cancelled",
                )
            ).scalar()
        return as_utc(value) if value is not None else None

    def last_sent(self, digest: str) -> Delivery | None:
        """The latest window of this digest delivered on some channel (for `monitor status`)."""
        with self.engine.connect() as conn:
            row = conn.execute(
                sa.select(deliveries)
                .where(deliveries.c.kind == "digest", deliveries.c.name == digest,
                       deliveries.c.status == "sent")
                .order_by(deliveries.c.window_end_at.desc())
                .limit(1)
            ).first()
        return _delivery(row) if row is not None else None
