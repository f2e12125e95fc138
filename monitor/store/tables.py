"""The tables as the store code queries them. The schema itself is created by the migrations in
storage/migrations/ (the source of truth); tests check that these definitions match it."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa


class UtcDateTime(sa.types.TypeDecorator[datetime]):
    """Aware UTC datetimes in and out on every dialect. Naive input is taken as UTC; SQLite
    stores naive UTC text (which sorts correctly), PostgreSQL a TIMESTAMP WITH TIME ZONE."""

    impl = sa.DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: sa.Dialect) -> Any:
        if value is None:
            return None
        value = as_utc(value)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: sa.Dialect) -> Any:
        return None if value is None else as_utc(value)


def as_utc(value: datetime) -> datetime:
    """`value` as an aware UTC datetime (a naive one is taken to be UTC already)."""
    if value.tzinfo is None:
        return value.replace(tzinfo=UTC)
    return value.astimezone(UTC)


_BigId = sa.BigInteger().with_variant(sa.Integer(), "sqlite")

metadata = sa.MetaData()

schema_version = sa.Table(
    "schema_version",
    metadata,
    sa.Column("version", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("name", sa.Text, nullable=False),
    sa.Column("applied_at", UtcDateTime, nullable=False),
)

sources = sa.Table(
    "sources",
    metadata,
    sa.Column("name", sa.Text, primary_key=True),
    sa.Column("last_poll_at", UtcDateTime),
    sa.Column("last_success_at", UtcDateTime),
    sa.Column("consecutive_failures", sa.Integer, nullable=False),
    sa.Column("last_error", sa.Text),
    sa.Column("next_poll_at", UtcDateTime),
    sa.Column("articles_total", sa.Integer, nullable=False),
    sa.Column("statements_total", sa.Integer, nullable=False),
    sa.Column("lease_until", UtcDateTime),  # a worker's claim (monitor/store/sources.py)
    sa.Column("lease_worker", sa.Text),
)

http_state = sa.Table(
    "http_state",
    metadata,
    sa.Column("url", sa.Text, primary_key=True),
    sa.Column("etag", sa.Text),
    sa.Column("last_modified", sa.Text),
    sa.Column("moved_to", sa.Text),
    sa.Column("updated_at", UtcDateTime, nullable=False),
)

articles = sa.Table(
    "articles",
    metadata,
    sa.Column("id", _BigId, primary_key=True, autoincrement=True),
    sa.Column("url", sa.Text, nullable=False, unique=True),
    sa.Column("source", sa.Text, nullable=False),
    sa.Column("title", sa.Text),
    sa.Column("author", sa.Text),
    sa.Column("published_at", UtcDateTime),
    sa.Column("fetched_at", UtcDateTime, nullable=False),
    sa.Column("on_topic", sa.Boolean, nullable=False),
    sa.Column("text", sa.Text, nullable=False),
    sa.Column("text_hash", sa.String(40), nullable=False),
)

statements = sa.Table(
    "statements",
    metadata,
    sa.Column("id", sa.String(16), primary_key=True),
    sa.Column("actor", sa.Text, nullable=False),
    sa.Column("text", sa.Text, nullable=False),
    sa.Column("fingerprint", sa.String(16), nullable=False),
    sa.Column("kind", sa.String(10), nullable=False),
    sa.Column("first_seen_at", UtcDateTime, nullable=False),
    sa.Column("first_published_at", UtcDateTime),
    sa.Column("on_topic", sa.Boolean, nullable=False),
    sa.Column("wording", sa.Text, nullable=False),  # normalize_wording(text), for substring lookups
)

mentions = sa.Table(
    "mentions",
    metadata,
    sa.Column("id", _BigId, primary_key=True, autoincrement=True),
    sa.Column("statement_id", sa.String(16), sa.ForeignKey("statements.id"), nullable=False),
    sa.Column("article_id", _BigId, sa.ForeignKey("articles.id"), nullable=False),
    sa.Column("actor", sa.Text, nullable=False),
    sa.Column("text", sa.Text, nullable=False),
    sa.Column("fingerprint", sa.String(16), nullable=False),
    sa.Column("kind", sa.String(10), nullable=False),
    sa.Column("speaker", sa.Text, nullable=False),
    sa.Column("cue", sa.Text, nullable=False),
    sa.Column("confidence", sa.Float, nullable=False),
    sa.Column("position", sa.Integer, nullable=False),
    sa.Column("seen_at", UtcDateTime, nullable=False),
)

# The runs of SHINGLE_WORDS words (hashed, monitor.cluster.shingle_hashes) of each distinctive
# statement wording: the index through which a mention finds the statements of any age that it
# is an excerpt of, or that are excerpts of it, without reading all of its actor's statements.
statement_shingles = sa.Table(
    "statement_shingles",
    metadata,
    sa.Column("statement_id", sa.String(16), sa.ForeignKey("statements.id"), primary_key=True),
    sa.Column("shingle", sa.BigInteger, primary_key=True, autoincrement=False),
    sa.Column("actor", sa.Text, nullable=False),
    sa.Column("opening", sa.Boolean, nullable=False),  # the first shingle of the wording
)
