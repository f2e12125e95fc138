"""What the web pages read: pages of statements by keyset, an actor's days, a statement's
wordings, the review queue, sources and deliveries. Read-only; statements come through
Store.statements, so reviewers' corrections apply here as everywhere."""

from __future__ import annotations

import base64
import re
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

import sqlalchemy as sa

from monitor import cluster
from monitor.config import parse_duration
from monitor.models import Actor, Config, Statement, StoredMention
from monitor.store import Store
from monitor.store.corrections import (
    Correction,
    CorrectionLog,
    mention_key,
    related_statement_ids,
    statements_holding,
)
from monitor.store.deliveries import deliveries
from monitor.store.search import matching as search_matching
from monitor.store.tables import articles, as_utc, mentions, sources, statements

PAGE_SIZE = 50
MAX_PAGE_SIZE = 500
PRONOUNS = frozenset({"he", "she", "they", "him", "her", "his", "its", "it", "we", "i"})


class FilterError(ValueError):
    """A filter a user gave that cannot be used; the message says what to write instead."""


@dataclass(frozen=True)
class Filters:
    """The filters of `monitor statements`, from a page's query string."""

    actor: str | None = None
    outlet: str | None = None
    kind: str | None = None  # direct | indirect
    since: datetime | None = None
    until: datetime | None = None
    search: str | None = None
    include_off_topic: bool = False
    after: tuple[datetime, str] | None = None  # keyset: the last row of the previous page
    limit: int = PAGE_SIZE

    def query(self, **changes: str | None) -> dict[str, str]:
        """The query-string parameters that give these filters (for links and forms)."""
        params = {
            "actor": self.actor, "outlet": self.outlet, "kind": self.kind,
            "since": self.since.isoformat() if self.since else None,
            "until": self.until.isoformat() if self.until else None,
            "q": self.search, "all": "1" if self.include_off_topic else None,
        }
        params.update(changes)
        return {key: value for key, value in params.items() if value}


def parse_when(value: str, now: datetime | None = None) -> datetime:
    """ISO 8601 (a date or a time) or a duration back from now ('24h', '7d')."""
    now = now or datetime.now(UTC)
    text = value.strip()
    if re.fullmatch(r"\d+(\.\d+)?\s*[smhd]", text):
        seconds = parse_duration(text)
        assert seconds is not None
        return now - timedelta(seconds=seconds)
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        raise FilterError(f"'{value}' is neither an ISO 8601 date or time (2025-05-19, "
                        "2025-05-19T07:00:00+00:00) nor a duration like 24h or 7d") from None
    return as_utc(moment)


def encode_cursor(first_seen: datetime, statement_id: str) -> str:
    raw = f"{as_utc(first_seen).isoformat()}|{statement_id}".encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(value: str) -> tuple[datetime, str]:
    try:
        raw = base64.urlsafe_b64decode(value + "=" * (-len(value) % 4)).decode()
        moment, statement_id = raw.split("|", 1)
        return as_utc(datetime.fromisoformat(moment)), statement_id
    except (ValueError, UnicodeDecodeError):
        raise FilterError("the 'after' cursor is damaged; go back to the first page") from None


def parse_filters(params: dict[str, str], config: Config, store: Store) -> Filters:
    """Filters from query parameters; FilterError for an unknown actor, outlet, kind or time."""
    def text(name: str, *aliases: str) -> str | None:
        for key in (name, *aliases):
            value = (params.get(key) or "").strip()
            if value:
                return value
        return None

    actor = text("actor")
    if actor is not None:
        actor = actor_name(config, store, actor)
    outlet = text("outlet")
    if outlet is not None:
        outlet = outlet_name(config, store, outlet)
    kind = text("kind")
    if kind is not None and kind not in ("direct", "indirect"):
        raise FilterError(f"kind '{kind}' is neither 'direct' (quotes) nor 'indirect' (reported)")
    limit_text = text("limit")
    limit = PAGE_SIZE
    if limit_text is not None:
        if not limit_text.isdigit() or not 0 < int(limit_text) <= MAX_PAGE_SIZE:
            raise FilterError(f"limit '{limit_text}' is not a number from 1 to {MAX_PAGE_SIZE}")
        limit = int(limit_text)
    since, until, after = text("since"), text("until"), text("after")
    return Filters(
        actor=actor, outlet=outlet, kind=kind,
        since=parse_when(since) if since else None,
        until=parse_when(until) if until else None,
        search=text("q", "search"),
        include_off_topic=text("all") in ("1", "true", "yes", "on"),
        after=decode_cursor(after) if after else None,
        limit=limit,
    )


def actor_name(config: Config, store: Store, label: str) -> str:
    """The canonical name for a name or alias: configured, or only in the store."""
    for actor in config.actors:
        if label.casefold() in (actor.name.casefold(), *(a.casefold() for a in actor.aliases)):
            return actor.name
    with store.engine.connect() as connection:
        stored = connection.execute(
            sa.select(statements.c.actor).where(
                sa.func.lower(statements.c.actor) == label.casefold()).limit(1)
        ).scalar()
    if stored is None:
        names = ", ".join(a.name for a in config.actors)
        raise FilterError(f"no actor named '{label}'; the tracked actors are: {names}")
    return str(stored)


def known_outlets(config: Config, store: Store) -> list[str]:
    """The configured sources and those polled before (for the outlet filter's choices)."""
    names = {source.name for source in config.sources}
    with store.engine.connect() as connection:
        names.update(connection.execute(sa.select(sources.c.name)).scalars())
    return sorted(names)


def outlet_name(config: Config, store: Store, label: str) -> str:
    """The outlet as stored, for a name in any case: a source, or one articles came from."""
    known = known_outlets(config, store)
    for name in known:
        if name.casefold() == label.casefold():
            return name
    with store.engine.connect() as connection:  # an index lookup (ix_articles_source)
        stored = connection.execute(
            sa.select(articles.c.source).where(articles.c.source == label).limit(1)).scalar()
    if stored is None:
        raise FilterError(f"no outlet named '{label}'; the outlets are: {', '.join(known)}")
    return str(stored)


def find_actor(config: Config, name: str) -> Actor | None:
    return next((a for a in config.actors if a.name.casefold() == name.casefold()), None)


# ---------------------------------------------------------------- pages of statements


@dataclass(frozen=True)
class Page:
    statements: list[Statement]
    next_cursor: str | None


def statement_page(store: Store, filters: Filters) -> Page:
    """One page, newest first, by keyset (first_seen_at, id): an index range, never OFFSET."""
    s = statements.c
    query = sa.select(s.id, s.first_seen_at)
    if not filters.include_off_topic:
        query = query.where(s.on_topic.is_(True))
    if filters.since is not None:
        query = query.where(s.first_seen_at >= filters.since)
    if filters.until is not None:
        query = query.where(s.first_seen_at < filters.until)
    if filters.kind is not None:
        query = query.where(s.kind == filters.kind)
    if filters.outlet is not None:
        m, a = mentions.c, articles.c
        query = query.where(
            sa.exists().where(m.statement_id == s.id, m.article_id == a.id,
                              a.source == filters.outlet))
    with store.engine.connect() as connection:
        if filters.search is not None:
            query = query.where(search_matching(connection, filters.search))
        log = CorrectionLog(store.engine).all(connection)
        if filters.actor is not None:
            to_actor = [c for c in log if (c.actor or "").casefold() == filters.actor.casefold()]
            also = related_statement_ids(connection, to_actor) if to_actor else set()
            condition = s.actor == filters.actor
            query = query.where(sa.or_(condition, s.id.in_(sorted(also))) if also else condition)
        if filters.after is not None:
            moment, last_id = filters.after
            # The first bound alone is what an index on first_seen_at can seek to.
            query = query.where(s.first_seen_at <= moment,
                                sa.or_(s.first_seen_at < moment, s.id < last_id))
        query = query.order_by(s.first_seen_at.desc(), s.id.desc()).limit(filters.limit + 1)
        rows = connection.execute(query).all()
    more = len(rows) > filters.limit
    rows = rows[: filters.limit]
    found = store.statements(ids=[row.id for row in rows],
                             include_off_topic=filters.include_off_topic) if rows else []
    found = [st for st in found if _still_matches(st, filters)]
    found.sort(key=lambda st: (st.first_seen, st.id), reverse=True)
    cursor = encode_cursor(rows[-1].first_seen_at, rows[-1].id) if more else None
    return Page(found, cursor)


def _still_matches(statement: Statement, filters: Filters) -> bool:
    """After corrections: the actor, kind and outlet the statement has now."""
    if filters.actor is not None and statement.actor.casefold() != filters.actor.casefold():
        return False
    if filters.kind is not None and statement.kind != filters.kind:
        return False
    return filters.outlet is None or any(m.outlet == filters.outlet for m in statement.mentions)


def statements_per_day(store: Store, actor: str, days: int = 60) -> list[tuple[date, int]]:
    """How many (on-topic) statements the actor made each day (UTC), over the `days` days up to
    the latest one; days without any are 0."""
    s = statements.c
    day = (sa.func.date(s.first_seen_at) if store.engine.dialect.name == "sqlite"
           else sa.func.date(sa.func.timezone("UTC", s.first_seen_at)))
    with store.engine.connect() as connection:
        latest = connection.execute(
            sa.select(sa.func.max(s.first_seen_at)).where(s.actor == actor, s.on_topic.is_(True))
        ).scalar()
        if latest is None:
            return []
        latest = as_utc(latest) if isinstance(latest, datetime) else datetime.fromisoformat(
            str(latest)).replace(tzinfo=UTC)
        start = (latest - timedelta(days=days - 1)).date()
        since = datetime(start.year, start.month, start.day, tzinfo=UTC)
        # As a row value, the bound is one range of ix_statements_actor_first_seen: without it
        # PostgreSQL walks every actor's days on ix_statements_first_seen and filters (a
        # year's store, 100k statements: 9 ms for that query, 4 ms so).
        in_range = sa.tuple_(s.actor, s.first_seen_at) >= sa.tuple_(
            sa.literal(actor, sa.Text), sa.literal(since, s.first_seen_at.type))
        rows = connection.execute(
            sa.select(day.label("day"), sa.func.count().label("n"))
            .where(s.actor == actor, in_range, s.on_topic.is_(True))
            .group_by(day)
        ).all()
    counts = {str(row.day)[:10]: row.n for row in rows}
    return [(start + timedelta(days=i), counts.get(str(start + timedelta(days=i)), 0))
            for i in range(days)]


# ---------------------------------------------------------------- one statement


@dataclass(frozen=True)
class Variant:
    """One wording of a statement and the articles that printed it."""

    text: str
    mentions: tuple[StoredMention, ...]


def wording_variants(statement: Statement) -> list[Variant]:
    """The statement's distinct wordings (as normalised for matching), earliest first."""
    groups: dict[str, list[StoredMention]] = defaultdict(list)
    for mention in sorted(statement.mentions, key=lambda m: m.published or m.seen_at):
        groups[cluster.normalize_wording(mention.text)].append(mention)
    return [Variant(group[0].text, tuple(group)) for group in groups.values()]


def first_seen_mention(statement: Statement) -> StoredMention | None:
    return min(statement.mentions, key=lambda m: (m.seen_at, m.published or m.seen_at),
               default=None)


def corrections_of(store: Store, statement: Statement, statement_id: str) -> list[Correction]:
    """The corrections that concern this statement (by id or by one of its mentions)."""
    keys = {mention_key(m) for m in statement.mentions}
    return [c for c in CorrectionLog(store.engine).all()
            if statement_id in (c.statement_id, c.other_statement_id)
            or (c.mention is not None and c.mention in keys)]


def merged_into(store: Store, statement_id: str) -> str | None:
    """The statement whose page now shows this one's reports, when a reviewer merged it into
    another: found by the reports (article URL + wording fingerprint), not by the ids the merge
    named, which re-extraction may have changed (the survivor's as well as this one's)."""
    merges = [c for c in CorrectionLog(store.engine).all() if c.action == "merge"]
    if not merges:
        return None
    keys = {key for c in merges if c.statement_id == statement_id for key in c.mentions}
    keys |= {key for c in merges if c.other_statement_id == statement_id
             for key in c.other_mentions}
    stored = store.stored_statements(ids=[statement_id], include_off_topic=True)
    keys |= {mention_key(m) for st in stored for m in st.mentions}
    # Both sides of every merge these reports took part in: the survivor is read with them.
    involved = {key for c in merges if keys & set(c.keys) for key in c.keys}
    if not involved:
        return None
    with store.engine.connect() as connection:
        holding = statements_holding(connection, involved)
    now = store.statements(ids=sorted(holding), include_off_topic=True) if holding else []
    for statement in now:
        if statement.id != statement_id and keys & {mention_key(m) for m in statement.mentions}:
            return statement.id
    return None


# ---------------------------------------------------------------- the review queue


@dataclass(frozen=True)
class QueueItem:
    statement_id: str
    actor: str
    statement_text: str
    statement_mentions: int
    mention: StoredMention
    fingerprint: str
    reasons: tuple[str, ...]

    @property
    def priority(self) -> tuple[int, float]:
        return (0 if self.reasons else 1, self.mention.confidence)


def _speaker_names(actor: Actor) -> list[str]:
    names = [actor.name, *actor.aliases, actor.name.split()[-1]]
    return sorted({n.casefold() for n in names if n.strip()})


def review_reasons(mention: StoredMention, actor: Actor | None, below: float) -> list[str]:
    reasons = []
    if mention.confidence < below:
        reasons.append(f"confidence {mention.confidence:.2f}")
    speaker = mention.speaker.strip().casefold()
    if speaker in PRONOUNS:
        reasons.append(f"speaker from a pronoun, “{mention.speaker}”")
    elif actor is not None and speaker and not any(n in speaker for n in _speaker_names(actor)):
        reasons.append(f"speaker from a role, “{mention.speaker}”")
    return reasons


def review_queue(store: Store, config: Config, below: float, limit: int = 50) -> list[QueueItem]:
    """Mentions a person should look at, least certain first: confidence below `below`, or a
    speaker found through a pronoun or a role rather than a name; reviewed ones left out."""
    m, a, s = mentions.c, articles.c, statements.c
    speaker = sa.func.lower(m.speaker)
    doubtful = [m.confidence < below, speaker.in_(sorted(PRONOUNS))]
    for actor in config.actors:
        named = [speaker.contains(n, autoescape=True) for n in _speaker_names(actor)]
        doubtful.append(sa.and_(m.actor == actor.name, sa.not_(sa.or_(*named))))
    log = CorrectionLog(store.engine).all()
    # By [url, fingerprint] as well as by id: re-extraction may rename the statements.
    reviewed_keys = {c.mention for c in log if c.mention is not None}
    reviewed_keys |= {key for c in log if c.mention is None for key in c.mentions}
    reviewed_keys |= {key for c in log for key in c.other_mentions}
    reviewed_statements = {c.statement_id for c in log if c.mention is None}
    reviewed_statements |= {c.other_statement_id for c in log if c.other_statement_id}
    query = (
        sa.select(m.statement_id, m.fingerprint, a.url)
        .join_from(mentions, articles, m.article_id == a.id)
        .join(statements, m.statement_id == s.id)
        .where(a.on_topic.is_(True), sa.or_(*doubtful))
        .order_by(m.confidence, m.seen_at.desc(), m.id)
        .limit(limit * 4 + len(reviewed_keys))
    )
    with store.engine.connect() as connection:
        rows = connection.execute(query).all()
    wanted = [(r.statement_id, (r.url, r.fingerprint)) for r in rows
              if (r.url, r.fingerprint) not in reviewed_keys
              and r.statement_id not in reviewed_statements]
    found = {st.id: st for st in store.statements(ids=sorted({sid for sid, _ in wanted}))}
    items: list[QueueItem] = []
    for statement_id, key in wanted:
        statement = found.get(statement_id)
        mention = next((x for x in statement.mentions if mention_key(x) == key), None) \
            if statement else None
        if statement is None or mention is None:
            continue
        reasons = review_reasons(mention, find_actor(config, statement.actor), below)
        items.append(QueueItem(statement.id, statement.actor, statement.text,
                               len(statement.mentions), mention, key[1], tuple(reasons)))
    items.sort(key=lambda item: item.priority)
    return items[:limit]


# ---------------------------------------------------------------- operations


@dataclass(frozen=True)
class DeliveryCounts:
    sent: int = 0
    pending: int = 0
    failed: int = 0  # pending again after a channel failed: retried by the next run
    cancelled: int = 0
    by_name: dict[str, dict[str, int]] = field(default_factory=dict)


def delivery_counts(store: Store) -> DeliveryCounts:
    d = deliveries.c
    failed = sa.and_(d.status == "pending", d.last_error.is_not(None))
    state = sa.case((failed, "failed"), (d.status == "sending", "pending"), else_=d.status)
    with store.engine.connect() as connection:
        rows = connection.execute(
            sa.select(d.kind, d.name, state.label("state"), sa.func.count().label("n"))
            .group_by(d.kind, d.name, state)
        ).all()
    totals: dict[str, int] = defaultdict(int)
    by_name: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for row in rows:
        totals[row.state] += row.n
        by_name[f"{row.kind} {row.name}"][row.state] += row.n
    return DeliveryCounts(totals["sent"], totals["pending"], totals["failed"],
                          totals["cancelled"], {k: dict(v) for k, v in by_name.items()})


def last_poll_at(store: Store) -> datetime | None:
    with store.engine.connect() as connection:
        value = connection.execute(sa.select(sa.func.max(sources.c.last_poll_at))).scalar()
    if value is None:
        return None
    return as_utc(value if isinstance(value, datetime) else datetime.fromisoformat(str(value)))
