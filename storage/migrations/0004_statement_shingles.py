"""statement_shingles: the hashed runs of consecutive words of each distinctive statement wording
(monitor.cluster.shingle_hashes), indexed by (actor, shingle).

A mention looks up the statements of any age that it is a trimmed excerpt of, or that are
excerpts of it: before, a substring search over all of the actor's statements, which slowed
every insert as the store grew; now an index lookup of the statements sharing a shingle with it
(a wording contained in another shares all of its shingles), checked exactly afterwards.
Existing statements are indexed here.
"""

from __future__ import annotations

import sqlalchemy as sa

from monitor.store.writing import shingle_rows

_BATCH = 5000  # rows per INSERT of the backfill


def upgrade(conn: sa.Connection) -> None:
    metadata = sa.MetaData()
    sa.Table("statements", metadata, sa.Column("id", sa.String(16), primary_key=True))
    shingles = sa.Table(
        "statement_shingles",
        metadata,
        sa.Column(
            "statement_id",
            sa.String(16),
            sa.ForeignKey("statements.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("shingle", sa.BigInteger, primary_key=True, autoincrement=False),
        sa.Column("actor", sa.Text, nullable=False),
        sa.Column("opening", sa.Boolean, nullable=False),  # the first shingle of the wording
        sa.Index("ix_statement_shingles_actor_shingle", "actor", "shingle"),
    )
    shingles.create(conn)

    statements = conn.execute(sa.text("SELECT id, actor, wording FROM statements")).all()
    batch: list[dict[str, object]] = []
    for statement in statements:
        batch.extend(shingle_rows(statement.id, statement.actor, statement.wording))
        if len(batch) >= _BATCH:
            conn.execute(shingles.insert(), batch)
            batch = []
    if batch:
        conn.execute(shingles.insert(), batch)
