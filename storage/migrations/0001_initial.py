"""The initial schema: sources, http_state, articles, statements, mentions.

Timestamps are `*_at` columns holding UTC (TIMESTAMP WITH TIME ZONE on PostgreSQL; ISO text on
SQLite, which monitor.store writes and reads as UTC). Dedupe is enforced here, not only in code:
one article per URL, one mention per (article, actor, normalised wording).
"""

from __future__ import annotations

import sqlalchemy as sa

# Row ids of the big tables: 64-bit on PostgreSQL; SQLite needs exactly INTEGER for its rowid.
BigId = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
UtcTime = sa.DateTime(timezone=True)


def upgrade(conn: sa.Connection) -> None:
    metadata = sa.MetaData()

    # One row per configured source (by its unique name): poll history and health.
    sa.Table(
        "sources",
        metadata,
        sa.Column("name", sa.Text, primary_key=True),
        sa.Column("last_poll_at", UtcTime),
        sa.Column("last_success_at", UtcTime),
        sa.Column("consecutive_failures", sa.Integer, nullable=False, server_default="0"),
        sa.Column("last_error", sa.Text),
        sa.Column("next_poll_at", UtcTime),
        sa.Column("articles_total", sa.Integer, nullable=False, server_default="0"),
        sa.Column("statements_total", sa.Integer, nullable=False, server_default="0"),
    )

    # Conditional GET validators and permanent redirects, per fetched URL (feeds, pages).
    sa.Table(
        "http_state",
        metadata,
        sa.Column("url", sa.Text, primary_key=True),
        sa.Column("etag", sa.Text),
        sa.Column("last_modified", sa.Text),
        sa.Column("moved_to", sa.Text),
        sa.Column("updated_at", UtcTime, nullable=False),
    )

    # Exactly one row per canonical article URL.
    sa.Table(
        "articles",
        metadata,
        sa.Column("id", BigId, primary_key=True, autoincrement=True),
        sa.Column("url", sa.Text, nullable=False),
        sa.Column("source", sa.Text, nullable=False),
        sa.Column("title", sa.Text),
        sa.Column("author", sa.Text),
        sa.Column("published_at", UtcTime),
        sa.Column("fetched_at", UtcTime, nullable=False),
        sa.Column("on_topic", sa.Boolean, nullable=False),
        sa.Column("text", sa.Text, nullable=False),  # kept so articles can be re-extracted
        sa.Column("text_hash", sa.String(40), nullable=False),  # sha1 of text
        sa.UniqueConstraint("url", name="uq_articles_url"),
        sa.Index("ix_articles_source", "source"),
    )

    # A deduplicated statement: one utterance of one actor. `id` is derived from its first
    # mention (actor, wording fingerprint, article URL), so it is the same in every database.
    sa.Table(
        "statements",
        metadata,
        sa.Column("id", sa.String(16), primary_key=True),
        sa.Column("actor", sa.Text, nullable=False),
        sa.Column("text", sa.Text, nullable=False),  # the fullest wording seen
        sa.Column("fingerprint", sa.String(16), nullable=False),  # of `text`
        sa.Column("kind", sa.String(10), nullable=False),  # direct if any mention is direct
        sa.Column("first_seen_at", UtcTime, nullable=False),
        sa.Column("first_published_at", UtcTime),
        sa.Column("on_topic", sa.Boolean, nullable=False),  # any mention in an on-topic article
        sa.Index("ix_statements_actor_first_seen", "actor", "first_seen_at"),
        sa.Index("ix_statements_first_seen", "first_seen_at"),
    )

    # One statement as reported by one article, with the evidence of the extraction.
    sa.Table(
        "mentions",
        metadata,
        sa.Column("id", BigId, primary_key=True, autoincrement=True),
        sa.Column(
            "statement_id",
            sa.String(16),
            sa.ForeignKey("statements.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column(
            "article_id", BigId, sa.ForeignKey("articles.id", ondelete="CASCADE"), nullable=False
        ),
        sa.Column("actor", sa.Text, nullable=False),
        sa.Column("text", sa.Text, nullable=False),  # the wording in this article
        sa.Column("fingerprint", sa.String(16), nullable=False),  # of `text`, normalised
        sa.Column("kind", sa.String(10), nullable=False),  # direct | indirect
        sa.Column("speaker", sa.Text, nullable=False, server_default=""),
        sa.Column("cue", sa.Text, nullable=False, server_default=""),
        sa.Column("confidence", sa.Float, nullable=False),
        sa.Column("position", sa.Integer, nullable=False),  # character offset in the article
        sa.Column("seen_at", UtcTime, nullable=False),
        sa.UniqueConstraint("article_id", "actor", "fingerprint", name="uq_mentions_wording"),
        sa.Index("ix_mentions_actor_fingerprint", "actor", "fingerprint"),
        sa.Index("ix_mentions_statement", "statement_id"),
        sa.Index("ix_mentions_seen", "seen_at"),
    )

    metadata.create_all(conn, checkfirst=False)
