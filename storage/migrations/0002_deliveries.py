"""The deliveries ledger: each digest window and each alerted statement, per channel, recorded
so that it is sent once (monitor/store/deliveries.py).

A delivery is claimed by inserting its row (the unique key refuses a second one), moved to
`sending` by the one process that wins a conditional update, then marked `sent`, or back to
`pending` when the channel failed (retried on the next run).
"""

from __future__ import annotations

import sqlalchemy as sa

UtcTime = sa.DateTime(timezone=True)


def upgrade(conn: sa.Connection) -> None:
    metadata = sa.MetaData()
    sa.Table(
        "deliveries",
        metadata,
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
                  primary_key=True, autoincrement=True),
        sa.Column("kind", sa.String(16), nullable=False),  # digest | alert
        sa.Column("name", sa.Text, nullable=False),  # the digest's or the alert rule's name
        sa.Column("subject", sa.Text, nullable=False),  # "start/end" of a window, or a statement id
        sa.Column("channel", sa.String(16), nullable=False),  # email | webhook
        sa.Column("window_start_at", UtcTime),  # digests
        sa.Column("window_end_at", UtcTime),
        sa.Column("statement_id", sa.String(16)),  # alerts (no foreign key: a record, not a link)
        sa.Column("status", sa.String(16), nullable=False),  # pending|sending|sent|cancelled
        sa.Column("attempts", sa.Integer, nullable=False, server_default="0"),
        sa.Column("token", sa.String(64), nullable=False),  # webhook-id / Message-ID of retries
        sa.Column("last_error", sa.Text),
        sa.Column("created_at", UtcTime, nullable=False),
        sa.Column("updated_at", UtcTime, nullable=False),
        sa.Column("delivered_at", UtcTime),
        sa.UniqueConstraint("kind", "name", "subject", "channel", name="uq_deliveries_key"),
        sa.Index("ix_deliveries_status", "status"),
        sa.Index("ix_deliveries_window", "kind", "name", "window_end_at"),
    )
    metadata.create_all(conn, checkfirst=False)
