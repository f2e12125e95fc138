"""pending_articles: the outbox of articles a feed or page listed that are not stored yet.

A listing's unstored URLs are written here in the same transaction that saves the feed's
ETag/Last-Modified, and a row leaves only once its article is stored (or found stored, or
robots.txt forbids it): a 304, or a feed that has dropped an item, can no longer hide an
article that was never stored (a poll killed midway, pages failing for a while). A failed
article is retried with backoff (`next_attempt_at`) and given up after a limit (`given_up_at`;
`status` shows both). `claim_token`/`claimed_until` lease a row to the poll fetching it, so two
polls at once never fetch one article twice (monitor/store/outbox.py).
"""

from __future__ import annotations

import sqlalchemy as sa

UtcTime = sa.DateTime(timezone=True)


def upgrade(conn: sa.Connection) -> None:
    metadata = sa.MetaData()
    sa.Table(
        "pending_articles",
        metadata,
        sa.Column("url", sa.Text, primary_key=True),  # canonical
        sa.Column("source", sa.Text, nullable=False),  # the source that listed it first
        sa.Column("item", sa.Text, nullable=False),  # the feed item as JSON (title, text, ...)
        sa.Column("attempts", sa.Integer, nullable=False, server_default="0"),
        sa.Column("last_error", sa.Text),
        sa.Column("next_attempt_at", UtcTime, nullable=False),
        sa.Column("given_up_at", UtcTime),  # set: no more attempts
        sa.Column("claim_token", sa.Text),
        sa.Column("claimed_until", UtcTime),
        sa.Column("listed_at", UtcTime, nullable=False),
        sa.Column("updated_at", UtcTime, nullable=False),
        sa.Index("ix_pending_articles_due", "source", "next_attempt_at"),
    )
    metadata.create_all(conn, checkfirst=False)
