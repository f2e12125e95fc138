"""The deliveries table: what was sent where, so that each (digest, window, channel) and each
(alert, statement, channel) goes out once.

A digest window is claimed by `claim_window`: ONE write transaction (serialised by SQLite's
BEGIN IMMEDIATE, on PostgreSQL by an advisory lock per digest) reads where the last window
ended and inserts the new window's rows, already `sending`, for every channel; the unique key
(kind, name, subject, channel) refuses a second copy of a window in any case. So any number of
processes send each window once per channel.

Retries and alerts claim an existing row by moving it to `sending` with a conditional update
that only one process can win. A row ends `sent`; back to `pending` (retried on the next run)
when the channel failed; `failed` when the channel refused it for good (SMTP 5xx, HTTP 410);
`unknown` when the message went out but no answer came (not resent: it may have arrived). A
row left in `sending` by a crash is taken over after STALE_AFTER.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Literal

import sqlalchemy as sa

from monitor.store.database import advisory_lock, write_transaction
from monitor.store.tables import UtcDateTime, as_utc

DeliveryKind = Literal["digest", "alert"]
Channel = Literal["email", "webhook"]
STALE_AFTER = timedelta(minutes=15)  # longer than any send with its retries
# Windows whose start and end are each this close are one window: two `digest --send --since
# 24h` started together compute their bounds microseconds apart.
SAME_WINDOW = timedelta(seconds=30)  # below the shortest cron interval

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
    # pending | sending | sent | cancelled | failed (refused for good) | unknown (not resent)
    sa.Column("status", sa.String(16), nullable=False),
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

    def claim_window(self, name: str, channels: list[Channel], *, start: datetime,
                     end: datetime, expect_start: bool, force: bool = False,
                     now: datetime | None = None) -> list[Claim] | None:
        """Claim the window [start, end) of digest `name` on each channel, in one transaction.
        With `expect_start`, the window must begin where the last recorded one ended (None is
        returned when another process recorded a window meanwhile: the caller starts over).
        Per channel: `claimed` (send it), `already_sent` or `busy` (someone else has it)."""
        now = now or datetime.now(UTC)
        claims: list[Claim] = []
        with write_transaction(self.engine) as conn:
            advisory_lock(conn, f"monitor.digest:{name}")
            if expect_start and self._last_end(conn, name, now) not in (None, as_utc(start)):
                return None
            for channel in channels:
                key = DeliveryKey.digest(name, channel, start, end)
                row = self._same_window(conn, key)
                if row is None:
                    self._insert_if_absent(conn, key, now)
                    row = self._row(conn, key)
                assert row is not None
                current = _delivery(row)
                stale = current.status == "sending" and now - current.updated_at >= STALE_AFTER
                if current.status == "sent" and not force:
                    claims.append(Claim("already_sent", current))
                    continue
                if current.status == "sending" and not stale:
                    claims.append(Claim("busy", current))
                    continue
                if current.status in ("failed", "unknown", "cancelled") and not force:
                    claims.append(Claim("busy", current))  # needs a person, or --force
                    continue
                changes: dict[str, object] = {"status": "sending", "updated_at": now,
                                              "attempts": deliveries.c.attempts + 1}
                if current.status not in ("pending", "sending"):
                    changes.update(token=_new_token(), delivered_at=None)  # a new message
                won = conn.execute(
                    deliveries.update().where(
                        deliveries.c.id == current.id,
                        deliveries.c.status == current.status,
                        deliveries.c.attempts == current.attempts,
                    ).values(**changes)
                ).rowcount
                row = conn.execute(sa.select(deliveries).where(deliveries.c.id == current.id)).one()
                claims.append(Claim("claimed" if won == 1 else "busy", _delivery(row)))
        return claims

    @staticmethod
    def _same_window(conn: sa.Connection, key: DeliveryKey) -> sa.Row | None:
        """The recorded window of this digest and channel that is the same as key's (bounds
        within SAME_WINDOW), if any."""
        assert key.window_start is not None and key.window_end is not None
        d = deliveries.c
        return conn.execute(
            sa.select(deliveries).where(
                d.kind == "digest", d.name == key.name, d.channel == key.channel,
                d.status != "cancelled",
                d.window_start_at.between(key.window_start - SAME_WINDOW,
                                          key.window_start + SAME_WINDOW),
                d.window_end_at.between(key.window_end - SAME_WINDOW,
                                        key.window_end + SAME_WINDOW),
            ).order_by(d.id).limit(1)
        ).first()

    @staticmethod
    def _last_end(conn: sa.Connection, digest: str, now: datetime) -> datetime | None:
        """The end of what the recorded windows covered: a window's end, or, for an end that
        was in the future when it was sent (an explicit --until), the time it was built (its
        created_at): it holds no statement seen later, so the next window starts there."""
        d = deliveries.c
        covered = sa.case((d.window_end_at < d.created_at, d.window_end_at), else_=d.created_at)
        value = conn.execute(
            sa.select(sa.func.max(covered)).where(
                d.kind == "digest", d.name == digest, d.status != "cancelled",
                d.created_at <= now,
            )
        ).scalar()
        if isinstance(value, str):  # SQLite returns CASE results as text
            value = datetime.fromisoformat(value)
        return as_utc(value) if value is not None else None

    def mark_rejected(self, delivery: Delivery, error: str, *,
                      now: datetime | None = None) -> None:
        """Refused for good by the channel (SMTP 5xx, HTTP 410): never retried."""
        now = now or datetime.now(UTC)
        self._set(delivery, status="failed", last_error=error, updated_at=now)

    def mark_unknown(self, delivery: Delivery, error: str, *,
                     now: datetime | None = None) -> None:
        """Transmitted without a final answer: it may have arrived, so it is not resent."""
        now = now or datetime.now(UTC)
        self._set(delivery, status="unknown", last_error=error, updated_at=now)

    def problems(self, *, kind: DeliveryKind | None = None,
                 name: str | None = None) -> list[Delivery]:
        """Deliveries that need a person: refused for good, or of unknown outcome."""
        query = sa.select(deliveries).where(deliveries.c.status.in_(("failed", "unknown")))
        if kind is not None:
            query = query.where(deliveries.c.kind == kind)
        if name is not None:
            query = query.where(deliveries.c.name == name)
        with self.engine.connect() as conn:
            rows = conn.execute(query.order_by(deliveries.c.id)).all()
        return [_delivery(row) for row in rows]

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

    def last_window_end(self, digest: str, *, now: datetime | None = None) -> datetime | None:
        """Where the next window of this digest starts: the end of the latest window recorded
        (sent or still owed: an owed window is retried on its own, never merged or skipped),
        ignoring ends in the future."""
        with self.engine.connect() as conn:
            return self._last_end(conn, digest, now or datetime.now(UTC))

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
