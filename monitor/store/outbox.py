"""The article outbox: what a source listed that is not stored yet (storage/migrations/0009).

"An article is stored, or it is retried": a listing's unstored URLs are recorded in the
transaction that saves the listing's validators (ETag/Last-Modified), and a row leaves the
outbox only when its article is stored (or found stored, or robots.txt forbids it). A poll
killed at any instant therefore leaves every unstored article here, and the next poll takes it
up even when the feed answers 304 or no longer lists it. A kill between an article's commit
and its row's removal costs nothing: the next poll finds the URL stored and removes the row.

A failed article is retried with backoff (RETRY_BASE doubling, at most RETRY_MAX) and given up
after MAX_ATTEMPTS failed attempts; `status` shows how many wait, how many were given up and
the last error. Given-up rows stay, so a feed that keeps listing the article does not start
its attempts over.

Two polls never fetch one article at once: a poll claims the rows it will fetch (one UPDATE
that only unclaimed rows, or rows whose claim is void, satisfy; on PostgreSQL with SELECT ...
FOR UPDATE SKIP LOCKED). A claim names its process (host:pid:random); a claim of a dead
process on this host is void at once (a `monitor poll` killed with SIGKILL), one of another
host when its lease (CLAIM_SECONDS) has run out.

The decisions are pure (`after_failure`, `Settle`/`Retry`/`GiveUp` intents, made by the
pipeline); `apply` writes them.

    record_listing(store, source, items, listing_url=..., etag=..., last_modified=...)
    claim = claim_due(store, source, token, limit=200)   # -> Claim(articles, more_due)
    apply(store, [Settle(url), after_failure(pending, error, now), ...])
"""

from __future__ import annotations

import json
import os
import secrets
import socket
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import sqlalchemy as sa

from monitor.models import FeedItem
from monitor.store.store import Store
from monitor.store.tables import UtcDateTime, http_state

MAX_ATTEMPTS = 6  # failed attempts at one article before it is given up
RETRY_BASE = timedelta(minutes=2)  # the wait after the first failure; doubles after each
RETRY_MAX = timedelta(hours=6)
CLAIM_SECONDS = 600  # a claim's lease: longer than one article's fetch with its retries
_ROWS_PER_INSERT = 500

metadata = sa.MetaData()

pending_articles = sa.Table(
    "pending_articles",
    metadata,
    sa.Column("url", sa.Text, primary_key=True),
    sa.Column("source", sa.Text, nullable=False),
    sa.Column("item", sa.Text, nullable=False),
    sa.Column("attempts", sa.Integer, nullable=False),
    sa.Column("last_error", sa.Text),
    sa.Column("next_attempt_at", UtcDateTime, nullable=False),
    sa.Column("given_up_at", UtcDateTime),
    sa.Column("claim_token", sa.Text),
    sa.Column("claimed_until", UtcDateTime),
    sa.Column("listed_at", UtcDateTime, nullable=False),
    sa.Column("updated_at", UtcDateTime, nullable=False),
)


@dataclass(frozen=True)
class PendingArticle:
    url: str
    item: FeedItem
    attempts: int  # failed attempts so far


@dataclass(frozen=True)
class Claim:
    articles: list[PendingArticle]
    more_due: int  # due articles of the source left for the next poll (the per-poll cap)


# ---------------------------------------------------------------- intents (pure)


@dataclass(frozen=True)
class Settle:
    """Out of the outbox: stored, found stored, or not ours to fetch (robots.txt)."""

    url: str
    reason: str = "stored"  # or "robots"


@dataclass(frozen=True)
class Retry:
    url: str
    attempts: int
    error: str
    next_attempt_at: datetime


@dataclass(frozen=True)
class GiveUp:
    url: str
    attempts: int
    error: str


Intent = Settle | Retry | GiveUp


def retry_delay(attempts: int) -> timedelta:
    """The wait after `attempts` failed attempts: RETRY_BASE doubling, at most RETRY_MAX."""
    return min(RETRY_MAX, RETRY_BASE * 2 ** min(max(0, attempts - 1), 20))


def after_failure(pending: PendingArticle, error: str, now: datetime) -> Retry | GiveUp:
    """What a failed attempt at `pending` leads to: a retry after a backoff, or giving up
    once MAX_ATTEMPTS attempts have failed."""
    attempts = pending.attempts + 1
    if attempts >= MAX_ATTEMPTS:
        return GiveUp(pending.url, attempts, error)
    return Retry(pending.url, attempts, error, now + retry_delay(attempts))


# ---------------------------------------------------------------- items as stored


def item_to_json(item: FeedItem) -> str:
    return json.dumps({
        "url": item.url, "title": item.title, "author": item.author,
        "published": item.published.isoformat() if item.published else None,
        "summary": item.summary, "content_html": item.content_html,
    })


def item_from_json(text: str) -> FeedItem:
    data = json.loads(text)
    published = data.get("published")
    return FeedItem(url=data["url"], title=data.get("title"), author=data.get("author"),
                    published=datetime.fromisoformat(published) if published else None,
                    summary=data.get("summary"), content_html=data.get("content_html"))


# ---------------------------------------------------------------- claims


def process_token() -> str:
    """A claim token naming this process (host and pid) and this poll (a random part)."""
    return f"{socket.gethostname()}:{os.getpid()}:{secrets.token_hex(4)}"


def claim_is_void(token: str, host: str) -> bool:
    """A claim by a process of this host that no longer runs (killed, crashed)."""
    claim_host, _, rest = token.partition(":")
    pid_text = rest.partition(":")[0]
    if claim_host != host or not pid_text.isdigit():
        return False
    try:
        os.kill(int(pid_text), 0)
    except ProcessLookupError:
        return True
    except PermissionError:  # another user's live process
        return False
    return False


# ---------------------------------------------------------------- storage


def record_listing(store: Store, source: str, items: Sequence[tuple[str, FeedItem]], *,
                   listing_url: str, etag: str | None, last_modified: str | None,
                   now: datetime | None = None) -> None:
    """A listing's unstored items into the outbox and its validators, in ONE transaction:
    validators are never saved without the items they stand for. An item already in the
    outbox keeps its row (attempts, backoff, given up)."""
    now = now or datetime.now(UTC)
    rows = [{"url": url, "source": source, "item": item_to_json(item), "attempts": 0,
             "next_attempt_at": now, "listed_at": now, "updated_at": now}
            for url, item in items]
    validators = {"etag": etag, "last_modified": last_modified, "moved_to": None,
                  "updated_at": now}
    with store._writing() as connection:
        for start in range(0, len(rows), _ROWS_PER_INSERT):
            connection.execute(
                store._insert(pending_articles).on_conflict_do_nothing(index_elements=["url"]),
                rows[start:start + _ROWS_PER_INSERT])
        connection.execute(
            store._insert(http_state).values(url=listing_url, **validators)
            .on_conflict_do_update(index_elements=["url"], set_=validators))


def _any_owed(*, honour_backoff: bool) -> sa.Select[Any]:
    p = pending_articles.c
    owed = sa.and_(p.source == sa.bindparam("source"), p.given_up_at.is_(None))
    if honour_backoff:
        owed = sa.and_(owed, p.next_attempt_at <= sa.bindparam("now", type_=UtcDateTime))
    return sa.select(sa.literal(1)).where(owed).limit(1)


_ANY_DUE = _any_owed(honour_backoff=True)  # built once: most polls ask only this
_ANY_PENDING = _any_owed(honour_backoff=False)


@dataclass(frozen=True)
class _ClaimSql:
    """claim_due's statements, built once per dialect and backoff rule (SQLAlchemy then
    reuses their compiled form): the live claims on the source's due rows, the claim of the
    oldest free ones, and how many free ones are due in all."""

    held: sa.Select[Any]
    claim: sa.Update
    more: sa.Select[Any]


_CLAIM_SQL: dict[tuple[str, bool], _ClaimSql] = {}


def _claim_sql(dialect: str, *, honour_backoff: bool) -> _ClaimSql:
    built = _CLAIM_SQL.get((dialect, honour_backoff))
    if built is not None:
        return built
    p = pending_articles.c
    now = sa.bindparam("at", type_=UtcDateTime)
    due = sa.and_(p.source == sa.bindparam("of_source"), p.given_up_at.is_(None))
    if honour_backoff:
        due = sa.and_(due, p.next_attempt_at <= now)
    free = sa.or_(p.claim_token.is_(None), p.claimed_until <= now,
                  p.claim_token.in_(sa.bindparam("void", expanding=True)))
    candidates = (sa.select(p.url).where(due, free)
                  .order_by(p.listed_at, p.url).limit(sa.bindparam("most", type_=sa.Integer)))
    if dialect == "postgresql":
        candidates = candidates.with_for_update(skip_locked=True)
    built = _CLAIM_SQL[(dialect, honour_backoff)] = _ClaimSql(
        held=sa.select(p.claim_token).distinct()
        .where(due, p.claim_token.is_not(None), p.claimed_until > now),
        claim=sa.update(pending_articles)
        .where(p.url.in_(candidates.scalar_subquery()))
        .values(claim_token=sa.bindparam("new_token"),
                claimed_until=sa.bindparam("new_until", type_=UtcDateTime))
        .returning(p.url, p.item, p.attempts, p.listed_at),
        more=sa.select(sa.func.count()).select_from(pending_articles).where(due, free),
    )
    return built


def sources_owed(store: Store, names: Sequence[str], *, now: datetime | None = None,
                 honour_backoff: bool = True) -> set[str]:
    """Which of the sources have pending articles that claim_due could claim now (one look-up
    per chunk of names, for a poll of many sources: those without need no claim_due)."""
    now = now or datetime.now(UTC)
    p = pending_articles.c
    owed: set[str] = set()
    wanted = sorted(set(names))
    with store._reading() as connection:
        for start in range(0, len(wanted), _ROWS_PER_INSERT):
            due = sa.and_(p.source.in_(wanted[start:start + _ROWS_PER_INSERT]),
                          p.given_up_at.is_(None))
            if honour_backoff:
                due = sa.and_(due, p.next_attempt_at <= now)
            owed.update(connection.execute(sa.select(p.source).distinct().where(due)).scalars())
    return owed


def claim_due(store: Store, source: str, token: str, *, limit: int,
              now: datetime | None = None, honour_backoff: bool = True) -> Claim:
    """Claim up to `limit` of the source's pending articles that are due (oldest listed
    first) for the poll `token`; atomic across processes on both engines. Without
    honour_backoff every pending article is due (`monitor poll`: now, whatever the backoff)."""
    now = now or datetime.now(UTC)
    with store._reading() as connection:
        # Most polls find nothing owed: one prebuilt look-up, no write transaction then.
        if connection.execute(_ANY_DUE if honour_backoff else _ANY_PENDING,
                              {"source": source, "now": now}).first() is None:
            return Claim([], 0)
    sql = _claim_sql(store.engine.dialect.name, honour_backoff=honour_backoff)
    values: dict[str, Any] = {"of_source": source, "at": now}
    with store._reading() as connection:
        held = list(connection.execute(sql.held, values).scalars())
    host = socket.gethostname()
    values["void"] = [held_by for held_by in held if claim_is_void(held_by, host)]
    with store._writing() as connection:
        rows = connection.execute(sql.claim, {
            **values, "most": limit, "new_token": token,
            "new_until": now + timedelta(seconds=CLAIM_SECONDS)}).all() if limit > 0 else []
        more = connection.execute(sql.more, values).scalar_one()
    rows.sort(key=lambda row: (row.listed_at, row.url))
    return Claim([PendingArticle(row.url, item_from_json(row.item), row.attempts)
                  for row in rows], int(more))


def apply(store: Store, intents: Iterable[Intent], *, now: datetime | None = None) -> None:
    """Write the pipeline's decisions, in one transaction: settled rows leave, failed ones
    get their attempt, error and next attempt (or are given up), and lose their claim."""
    now = now or datetime.now(UTC)
    p = pending_articles.c
    settled = sorted({i.url for i in intents if isinstance(i, Settle)})
    failed = [i for i in intents if not isinstance(i, Settle)]
    if not settled and not failed:
        return
    with store._writing() as connection:
        for start in range(0, len(settled), _ROWS_PER_INSERT):
            chunk = settled[start:start + _ROWS_PER_INSERT]
            connection.execute(sa.delete(pending_articles).where(p.url.in_(chunk)))
        for intent in failed:
            changes: dict[str, Any] = {
                "attempts": intent.attempts, "last_error": intent.error[:2000],
                "claim_token": None, "claimed_until": None, "updated_at": now}
            if isinstance(intent, GiveUp):
                changes["given_up_at"] = now
            else:
                changes["next_attempt_at"] = intent.next_attempt_at
            connection.execute(
                sa.update(pending_articles).where(p.url == intent.url).values(changes))


def release(store: Store, token: str, urls: Sequence[str]) -> None:
    """Give back claims not used (a poll cut short): due again for the next poll at once."""
    if not urls:
        return
    p = pending_articles.c
    with store._writing() as connection:
        for start in range(0, len(urls), _ROWS_PER_INSERT):
            connection.execute(
                sa.update(pending_articles)
                .where(p.url.in_(list(urls[start:start + _ROWS_PER_INSERT])),
                       p.claim_token == token)
                .values(claim_token=None, claimed_until=None))


# ---------------------------------------------------------------- status


@dataclass(frozen=True)
class OutboxStatus:
    """What `status` shows per source: articles waiting, given up, and the last error."""

    waiting: int
    given_up: int
    last_error: str | None


def status(store: Store) -> dict[str, OutboxStatus]:
    """Per source with anything in the outbox: waiting, given up, the latest error."""
    p = pending_articles.c
    gave_up = p.given_up_at.is_not(None)
    with store._reading() as connection:
        counts = connection.execute(
            sa.select(p.source, gave_up.label("gave_up"), sa.func.count())
            .group_by(p.source, gave_up)).all()
        errors = connection.execute(
            sa.select(p.source, p.last_error).where(p.last_error.is_not(None))
            .order_by(p.updated_at, p.url)).all()
    waiting: dict[str, int] = {}
    given_up: dict[str, int] = {}
    for source, is_given_up, count in counts:
        (given_up if is_given_up else waiting)[source] = int(count)
    last_error = {source: error for source, error in errors}
    return {source: OutboxStatus(waiting.get(source, 0), given_up.get(source, 0),
                                 last_error.get(source))
            for source in sorted({*waiting, *given_up})}


def waiting(store: Store, source: str | None = None) -> list[tuple[str, int, bool]]:
    """(url, attempts, given up) of the outbox rows, by URL."""
    p = pending_articles.c
    query = sa.select(p.url, p.attempts, p.given_up_at).order_by(p.url)
    if source is not None:
        query = query.where(p.source == source)
    with store._reading() as connection:
        return [(row.url, row.attempts, row.given_up_at is not None)
                for row in connection.execute(query)]
