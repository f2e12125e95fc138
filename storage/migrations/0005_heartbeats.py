"""`heartbeats`: one row per running `monitor run`, updated every heartbeat, deleted at a clean
stop, so that `monitor status` can say whether a service is running
(monitor/store/heartbeats.py)."""

from __future__ import annotations

import sqlalchemy as sa

UtcTime = sa.DateTime(timezone=True)


def upgrade(conn: sa.Connection) -> None:
    metadata = sa.MetaData()
    sa.Table(
        "heartbeats",
        metadata,
        sa.Column("instance", sa.String(200), primary_key=True),  # host:pid:start
        sa.Column("host", sa.Text, nullable=False),
        sa.Column("pid", sa.Integer, nullable=False),
        sa.Column("version", sa.String(40), nullable=False),
        sa.Column("started_at", UtcTime, nullable=False),
        sa.Column("beat_at", UtcTime, nullable=False),
        sa.Column("interval_seconds", sa.Integer, nullable=False),
    )
    metadata.create_all(conn, checkfirst=False)
