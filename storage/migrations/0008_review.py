"""The review queue: `corrections`, what reviewers decided (who, when, what, why), and an
index of mentions by confidence, through which the queue reads the least certain first.

Kept apart from the extracted data, which polls and re-extraction rewrite: a correction names
the mention it concerns by its article URL and wording fingerprint, and the statement by its id
(with the mentions it had then, to find it again if re-extraction renamed it). They are
applied whenever statements are read (monitor/store/corrections.py).
"""

from __future__ import annotations

import sqlalchemy as sa


def upgrade(conn: sa.Connection) -> None:
    metadata = sa.MetaData()
    sa.Table(
        "corrections",
        metadata,
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
                  primary_key=True, autoincrement=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("reviewer", sa.Text, nullable=False),  # who
        # confirm | reassign | not_statement | merge | split
        sa.Column("action", sa.String(16), nullable=False),
        sa.Column("statement_id", sa.String(16), nullable=False),  # as shown to the reviewer
        sa.Column("mention_url", sa.Text),  # a mention-level correction: its article ...
        sa.Column("mention_fingerprint", sa.String(16)),  # ... and its wording
        sa.Column("actor", sa.Text),  # reassign: the tracked actor who said it
        sa.Column("other_statement_id", sa.String(16)),  # merge: the statement it joins
        sa.Column("reason", sa.Text, nullable=False),  # why
        sa.Column("mentions", sa.Text, nullable=False),  # JSON [[url, fingerprint], ...] then
        sa.Index("ix_corrections_statement", "statement_id"),
    )
    metadata.create_all(conn, checkfirst=False)
    conn.exec_driver_sql("CREATE INDEX ix_mentions_confidence ON mentions (confidence)")
