"""The Store: articles, deduplicated statements and their mentions, source health and HTTP
validators, over SQLAlchemy Core on SQLite or PostgreSQL."""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import sqlalchemy as sa
from sqlalchemy import exc
from sqlalchemy.dialects import postgresql, sqlite

from monitor import cluster
from monitor.errors import StorageError
from monitor.models import Article, Mention, MentionKind, Statement, StoredMention
from monitor.store import database
from monitor.store.corrections import corrected_read
from monitor.store.migrate import apply_migrations, discover_migrations
from monitor.store.search import matching as search_matching
from monitor.store.tables import articles, as_utc, http_state, mentions, sources, statements
from monitor.store.writing import ActorClusters, StatementState, WriteSql, statement_id

# Fuzzy matching looks at the actor's statements first seen this long before the article; an
# exact (normalised) match is found whatever its age.
DEFAULT_MATCH_WINDOW = timedelta(days=30)
# Rows per IN (...) list: far below the parameter limits of SQLite and PostgreSQL.
_CHUNK = 500


# Read once per source per poll: built once, so SQLAlchemy reuses its compiled form.
_SELECT_HTTP_STATE = sa.select(
    http_state.c.etag, http_state.c.last_modified, http_state.c.moved_to
).where(http_state.c.url == sa.bindparam("url"))


# Built once (an expanding IN): the statement is not built and cache-keyed per look-up.
_SELECT_KNOWN = sa.select(articles.c.url).where(
    articles.c.url.in_(sa.bindparam("urls", expanding=True))
)


@dataclass(frozen=True)
class HttpState:
    etag: str | None
    last_modified: str | None
    moved_to: str | None


@dataclass(frozen=True)
class SourceStatus:
    name: str
    last_poll_at: datetime | None
    last_success_at: datetime | None
    consecutive_failures: int
    last_error: str | None
    next_poll_at: datetime | None
    articles: int
    statements: int


def _chunks(items: Sequence[Any]) -> Iterator[Sequence[Any]]:
    for start in range(0, len(items), _CHUNK):
        yield items[start : start + _CHUNK]


class Store:
    """Everything monitor keeps. Open with `Store.open(url)`; safe to share between threads;
    several processes may use one database (SQLite: one writer at a time; PostgreSQL: many)."""

    def __init__(self, engine: sa.Engine, *, match_window: timedelta = DEFAULT_MATCH_WINDOW):
        self.engine = engine
        self.match_window = match_window
        self._sql = WriteSql(engine.dialect.name)

    # ------------------------------------------------------------------ opening

    @classmethod
    def open(cls, url: str, *, match_window: timedelta = DEFAULT_MATCH_WINDOW) -> Store:
        """Open (create) the database at a SQLAlchemy URL ("sqlite:///path.db",
        "postgresql://user@host/db", which uses the psycopg 3 driver) and apply pending
        migrations. Raises StorageError saying what to do when that fails."""
        parsed = database.parse_url(url)
        engine = database.create_engine(parsed)
        try:
            database.check_connection(engine, parsed)
            apply_migrations(engine, discover_migrations())
        except exc.DBAPIError as error:
            engine.dispose()
            raise database.connection_error(parsed, error) from None
        except BaseException:
            engine.dispose()
            raise
        return cls(engine, match_window=match_window)

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    @contextmanager
    def _reading(self) -> Iterator[sa.Connection]:
        with self._errors("read from"), self.engine.connect() as connection:
            yield connection

    @contextmanager
    def _writing(self) -> Iterator[sa.Connection]:
        with self._errors("write to"), database.write_transaction(self.engine) as connection:
            yield connection

    @contextmanager
    def _errors(self, doing: str) -> Iterator[None]:
        try:
            yield
        except exc.OperationalError as error:
            detail = str(error.orig).strip().splitlines()[0] if error.orig else str(error)
            hint = (
                "another process held the database too long; try again, or use PostgreSQL "
                "for several workers"
                if "locked" in detail
                else "check that the database is reachable and its disk is not full"
            )
            raise StorageError(
                f"could not {doing} {database.safe_url(self.engine.url)}: {detail}; {hint}"
            ) from error

    def _insert(self, table: sa.Table) -> Any:
        """An INSERT that can do nothing, or update, on a conflict: in this dialect's spelling."""
        if self.engine.dialect.name == "postgresql":
            return postgresql.insert(table)
        return sqlite.insert(table)

    # ------------------------------------------------------------------ HTTP state

    def http_state(self, url: str) -> HttpState | None:
        with self._reading() as connection:
            row = connection.execute(_SELECT_HTTP_STATE, {"url": url}).first()
        return HttpState(row.etag, row.last_modified, row.moved_to) if row else None

    def http_states(self, urls: Iterable[str]) -> dict[str, HttpState | None]:
        """http_state of many URLs in one look-up per chunk: every URL asked is a key (None:
        nothing stored for it). A poll of many sources reads them all at once."""
        wanted = sorted(set(urls))
        found: dict[str, HttpState | None] = dict.fromkeys(wanted)
        h = http_state.c
        with self._reading() as connection:
            for chunk in _chunks(wanted):
                for row in connection.execute(
                    sa.select(h.url, h.etag, h.last_modified, h.moved_to).where(h.url.in_(chunk))
                ):
                    found[row.url] = HttpState(row.etag, row.last_modified, row.moved_to)
        return found

    def save_http_state(
        self,
        url: str,
        *,
        etag: str | None,
        last_modified: str | None,
        moved_to: str | None = None,
    ) -> None:
        values = {
            "etag": etag,
            "last_modified": last_modified,
            "moved_to": moved_to,
            "updated_at": datetime.now(UTC),
        }
        statement = self._insert(http_state).values(url=url, **values)
        statement = statement.on_conflict_do_update(index_elements=["url"], set_=values)
        with self._writing() as connection:
            connection.execute(statement)

    # ------------------------------------------------------------------ sources

    def record_poll(
        self,
        source: str,
        *,
        at: datetime,
        ok: bool,
        error: str | None,
        next_poll_at: datetime | None,
        new_articles: int,
        new_statements: int,
    ) -> None:
        """Record one poll of `source`: a failure counts towards consecutive_failures and keeps
        its error; a success resets the count and sets last_success_at; totals accumulate."""
        c = sources.c
        changes: dict[str, Any] = {
            "last_poll_at": at,
            "last_error": error,
            "next_poll_at": next_poll_at,
            "articles_total": c.articles_total + new_articles,
            "statements_total": c.statements_total + new_statements,
        }
        if ok:
            changes.update(consecutive_failures=0, last_success_at=at)
        else:
            changes["consecutive_failures"] = c.consecutive_failures + 1
        new_row = self._insert(sources).values(
            name=source, consecutive_failures=0, articles_total=0, statements_total=0
        )
        with self._writing() as connection:
            connection.execute(new_row.on_conflict_do_nothing(index_elements=["name"]))
            connection.execute(sa.update(sources).where(c.name == source).values(changes))

    def source_status(self) -> list[SourceStatus]:
        with self._reading() as connection:
            rows = connection.execute(sa.select(sources).order_by(sources.c.name)).all()
        return [
            SourceStatus(
                name=row.name,
                last_poll_at=row.last_poll_at,
                last_success_at=row.last_success_at,
                consecutive_failures=row.consecutive_failures,
                last_error=row.last_error,
                next_poll_at=row.next_poll_at,
                articles=row.articles_total,
                statements=row.statements_total,
            )
            for row in rows
        ]

    # ------------------------------------------------------------------ articles

    def known_urls(self, urls: Iterable[str]) -> set[str]:
        """Which of `urls` are stored already."""
        wanted = sorted(set(urls))
        known: set[str] = set()
        if not wanted:
            return known
        with self._reading() as connection:
            for chunk in _chunks(wanted):
                known.update(connection.execute(_SELECT_KNOWN, {"urls": list(chunk)}).scalars())
        return known

    def add_article(self, article: Article, mentions_found: Sequence[Mention]) -> list[str]:
        """Store an article and its mentions in ONE transaction (nothing if its URL is known),
        clustering each mention into a statement of the same actor or starting a new one.
        Returns the ids of the statements this call created."""
        (created,) = self.add_articles([(article, mentions_found)])
        return created or []

    def add_articles(
        self, batch: Sequence[tuple[Article, Sequence[Mention]]]
    ) -> list[list[str] | None]:
        """Store several articles in ONE transaction (one commit for the batch; a crash keeps
        all of them or none, never part of one). Per article: the ids of the statements it
        created, or None when its URL was stored already."""
        actors = sorted({mention.actor for _, found in batch for mention in found})
        with self._writing() as connection:
            for actor in actors:  # all at once, sorted: two workers never wait on each other
                database.advisory_lock(connection, f"monitor.actor:{actor}")
            return [self._add_article(connection, article, found) for article, found in batch]

    def _add_article(
        self, connection: sa.Connection, article: Article, mentions_found: Sequence[Mention]
    ) -> list[str] | None:
        seen_at = as_utc(article.fetched_at)
        published = as_utc(article.published) if article.published else None
        # One mention per (actor, normalised wording) in an article: the first one found.
        by_actor: dict[str, dict[str, Mention]] = defaultdict(dict)
        for mention in mentions_found:
            if cluster.normalize_wording(mention.text):
                by_actor[mention.actor].setdefault(cluster.fingerprint(mention.text), mention)
        sql = self._sql
        article_id = connection.execute(
            sql.insert_article,
            {
                "url": article.url,
                "source": article.source,
                "title": article.title,
                "author": article.author,
                "published_at": published,
                "fetched_at": seen_at,
                "on_topic": article.on_topic,
                "text": article.text,
                "text_hash": hashlib.sha1(article.text.encode("utf-8")).hexdigest(),
            },
        ).scalar()
        if article_id is None:
            return None
        created: list[str] = []
        new_mentions: list[dict[str, Any]] = []
        # The actors' locks are held already: add_articles takes them all for the batch.
        for actor in sorted(by_actor):
            clusters = ActorClusters(
                sql, connection, actor, seen_at=seen_at, since=seen_at - self.match_window
            )
            placed: list[tuple[str, str, Mention]] = []
            for mention_fingerprint, mention in by_actor[actor].items():
                wording = StatementState(
                    statement_id(actor, mention.text, article.url),
                    mention.text,
                    mention.kind,
                    seen_at,
                    published,
                    article.on_topic,
                )
                statement = clusters.place(wording, mention_fingerprint)
                placed.append((statement, mention_fingerprint, mention))
            created.extend(clusters.created)
            new_mentions.extend(
                {
                    "statement_id": clusters.surviving(statement),
                    "article_id": article_id,
                    "actor": actor,
                    "text": mention.text,
                    "fingerprint": mention_fingerprint,
                    "kind": mention.kind,
                    "speaker": mention.speaker,
                    "cue": mention.cue,
                    "confidence": mention.confidence,
                    "position": mention.start,
                    "seen_at": seen_at,
                }
                for statement, mention_fingerprint, mention in placed
            )
        if new_mentions:
            connection.execute(sql.insert_mention, new_mentions)
        return created

    # ------------------------------------------------------------------ statements

    def statements(
        self,
        *,
        since: datetime | None = None,
        until: datetime | None = None,
        actor: str | None = None,
        include_off_topic: bool = False,
        ids: Sequence[str] | None = None,
        search: str | None = None,
    ) -> list[Statement]:
        """Statements newest first (by first seen, then first published), as reviewers corrected
        them (monitor/store/corrections.py). since/until filter on first seen (since inclusive,
        until exclusive); actor matches the canonical name in any case; search is full-text
        over the wording (monitor/store/search.py). Unless include_off_topic: only statements
        with an on-topic mention, and without their mentions from off-topic articles."""
        found = self.stored_statements(since=since, until=until, actor=actor,
                                       include_off_topic=include_off_topic, ids=ids,
                                       search=search)
        return corrected_read(self, found, since=since, until=until, actor=actor,
                              include_off_topic=include_off_topic, ids=ids, search=search)

    def stored_statements(
        self,
        *,
        since: datetime | None = None,
        until: datetime | None = None,
        actor: str | None = None,
        include_off_topic: bool = False,
        ids: Sequence[str] | None = None,
        search: str | None = None,
    ) -> list[Statement]:
        """Statements as extracted, before corrections; the same selection as statements()."""
        s = statements.c
        query = sa.select(
            s.id, s.actor, s.text, s.kind, s.first_seen_at, s.first_published_at, s.on_topic
        )
        if since is not None:
            query = query.where(s.first_seen_at >= as_utc(since))
        if until is not None:
            query = query.where(s.first_seen_at < as_utc(until))
        if not include_off_topic:
            query = query.where(s.on_topic.is_(True))
        with self._reading() as connection:
            if search is not None:
                query = query.where(search_matching(connection, search))
            if actor is not None:
                names = [
                    name
                    for name in connection.execute(sa.select(s.actor).distinct()).scalars()
                    if name.casefold() == actor.casefold()
                ]
                if not names:
                    return []
                query = query.where(s.actor.in_(names))
            if ids is None:
                rows = connection.execute(query).all()
            else:
                rows = []
                for chunk in _chunks(sorted(set(ids))):
                    rows.extend(connection.execute(query.where(s.id.in_(chunk))).all())
            rows.sort(key=_newest_first)
            found = self._mentions_of(connection, [row.id for row in rows], include_off_topic)
        return [
            Statement(
                id=row.id,
                actor=row.actor,
                text=row.text,
                kind=_kind(row.kind),
                first_seen=row.first_seen_at,
                first_published=row.first_published_at,
                on_topic=row.on_topic,
                mentions=tuple(found.get(row.id, ())),
            )
            for row in rows
        ]

    def statements_with_new_mentions(
        self, start: datetime, end: datetime, include_off_topic: bool = False
    ) -> list[Statement]:
        """Statements first seen BEFORE start that gained a mention seen in [start, end)."""
        m, s, a = mentions.c, statements.c, articles.c
        query = (
            sa.select(m.statement_id)
            .distinct()
            .join_from(mentions, statements, m.statement_id == s.id)
            .join(articles, m.article_id == a.id)
            .where(
                s.first_seen_at < as_utc(start),
                m.seen_at >= as_utc(start),
                m.seen_at < as_utc(end),
            )
        )
        if not include_off_topic:
            query = query.where(a.on_topic.is_(True), s.on_topic.is_(True))
        with self._reading() as connection:
            ids = list(connection.execute(query).scalars())
        if not ids:
            return []
        return self.statements(ids=ids, include_off_topic=include_off_topic)

    def _mentions_of(
        self, connection: sa.Connection, ids: list[str], include_off_topic: bool
    ) -> dict[str, list[StoredMention]]:
        m, a = mentions.c, articles.c
        found: dict[str, list[StoredMention]] = defaultdict(list)
        for chunk in _chunks(ids):
            query = (
                sa.select(
                    m.statement_id,
                    a.url,
                    a.source,
                    a.title,
                    a.published_at,
                    m.text,
                    m.kind,
                    m.speaker,
                    m.cue,
                    m.confidence,
                    m.seen_at,
                    a.on_topic,
                )
                .join_from(mentions, articles, m.article_id == a.id)
                .where(m.statement_id.in_(chunk))
                .order_by(a.published_at.asc().nulls_last(), m.seen_at, m.id)
            )
            if not include_off_topic:
                query = query.where(a.on_topic.is_(True))
            for row in connection.execute(query):
                found[row.statement_id].append(
                    StoredMention(
                        url=row.url,
                        outlet=row.source,
                        title=row.title,
                        published=row.published_at,
                        text=row.text,
                        kind=_kind(row.kind),
                        speaker=row.speaker,
                        cue=row.cue,
                        confidence=row.confidence,
                        seen_at=row.seen_at,
                        on_topic=row.on_topic,
                    )
                )
        return found


def _kind(value: str) -> MentionKind:
    return "indirect" if value == "indirect" else "direct"


def _newest_first(row: Any) -> tuple[float, float, str]:
    published = row.first_published_at
    return (
        -row.first_seen_at.timestamp(),
        -published.timestamp() if published is not None else float("inf"),
        row.id,
    )
