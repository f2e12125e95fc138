"""Reviewers' corrections (the web view's review queue) and how they apply to statements.

A correction is a row of its own (who, when, what, why): the extracted data stays as the
pipeline wrote it, and every read of statements (Store.statements: the CLI, digests, alerts,
webhooks, exports, the web view and its feeds) passes through `apply_corrections`, so a
correction survives re-polls and re-extraction and shows everywhere at once.

A mention is named by its article URL and the fingerprint of its wording, which re-extraction
keeps; a statement by its id, or, if that is gone, by the mentions it had when corrected. A
merge records the mentions of both statements (the `mentions` column holds JSON: a list of
[url, fingerprint] for the corrected statement, or {"statement": [...], "other": [...]} when
there is a second one), so the survivor is found again too when re-extraction renames it.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Literal

import sqlalchemy as sa

from monitor import cluster
from monitor.models import Statement, StoredMention
from monitor.store.database import write_transaction
from monitor.store.tables import UtcDateTime, as_utc

if TYPE_CHECKING:
    from monitor.store.store import Store

Action = Literal["confirm", "reassign", "not_statement", "merge", "split"]
ACTIONS: tuple[Action, ...] = ("confirm", "reassign", "not_statement", "merge", "split")
MentionKey = tuple[str, str]  # (article URL, wording fingerprint)

metadata = sa.MetaData()

# As created by storage/migrations/0008_review.py (the schema's source of truth).
corrections = sa.Table(
    "corrections",
    metadata,
    sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), primary_key=True,
              autoincrement=True),
    sa.Column("created_at", UtcDateTime, nullable=False),
    sa.Column("reviewer", sa.Text, nullable=False),
    sa.Column("action", sa.String(16), nullable=False),
    sa.Column("statement_id", sa.String(16), nullable=False),
    sa.Column("mention_url", sa.Text),
    sa.Column("mention_fingerprint", sa.String(16)),
    sa.Column("actor", sa.Text),
    sa.Column("other_statement_id", sa.String(16)),
    sa.Column("reason", sa.Text, nullable=False),
    sa.Column("mentions", sa.Text, nullable=False),
)


def mention_key(mention: StoredMention) -> MentionKey:
    return (mention.url, cluster.fingerprint(mention.text))


@dataclass(frozen=True)
class Correction:
    id: int
    created_at: datetime
    reviewer: str
    action: Action
    statement_id: str
    mention: MentionKey | None  # None: the whole statement
    actor: str | None = None  # reassign
    other_statement_id: str | None = None  # merge: the statement this one joins
    reason: str = ""
    mentions: tuple[MentionKey, ...] = ()  # the statement's mentions when it was corrected
    other_mentions: tuple[MentionKey, ...] = ()  # merge: the survivor's mentions then

    @property
    def keys(self) -> list[MentionKey]:
        own = [self.mention, *self.mentions] if self.mention else list(self.mentions)
        return [*own, *self.other_mentions]


class CorrectionLog:
    """The corrections table: appended to by reviewers, read by every statement read."""

    def __init__(self, engine: sa.Engine) -> None:
        self.engine = engine

    def add(self, *, reviewer: str, action: Action, statement: Statement,
            mention: MentionKey | None = None, actor: str | None = None,
            other: Statement | None = None, reason: str = "",
            now: datetime | None = None) -> int:
        """Store a correction; `other` is the statement a merge joins `statement` to."""
        if action not in ACTIONS:
            raise ValueError(f"unknown correction {action!r}; one of {', '.join(ACTIONS)}")
        keys: list[list[str]] | dict[str, list[list[str]]]
        keys = [list(mention_key(m)) for m in statement.mentions]
        if other is not None:
            keys = {"statement": keys, "other": [list(mention_key(m)) for m in other.mentions]}
        values = {
            "created_at": now or datetime.now(UTC),
            "reviewer": reviewer,
            "action": action,
            "statement_id": statement.id,
            "mention_url": mention[0] if mention else None,
            "mention_fingerprint": mention[1] if mention else None,
            "actor": actor,
            "other_statement_id": other.id if other is not None else None,
            "reason": reason,
            "mentions": json.dumps(keys, ensure_ascii=False),
        }
        with write_transaction(self.engine) as connection:
            inserted = connection.execute(corrections.insert().values(values))
            return int(inserted.inserted_primary_key[0])

    def all(self, connection: sa.Connection | None = None) -> list[Correction]:
        query = sa.select(corrections).order_by(corrections.c.id)
        if connection is not None:
            rows = connection.execute(query).all()
        else:
            with self.engine.connect() as own:
                rows = own.execute(query).all()
        return [_correction(row) for row in rows]


def _correction(row: sa.Row) -> Correction:
    mention = (row.mention_url, row.mention_fingerprint) if row.mention_url else None
    keys = json.loads(row.mentions or "[]")
    own, other = (keys, []) if isinstance(keys, list) else (keys["statement"], keys["other"])
    return Correction(
        id=row.id, created_at=row.created_at, reviewer=row.reviewer, action=row.action,
        statement_id=row.statement_id, mention=mention, actor=row.actor,
        other_statement_id=row.other_statement_id, reason=row.reason,
        mentions=tuple((url, fp) for url, fp in own),
        other_mentions=tuple((url, fp) for url, fp in other),
    )


def split_id(key: MentionKey) -> str:
    """The stable id of the statement a mention becomes when split off (or reassigned) alone."""
    return hashlib.sha1(("split\x1f" + "\x1f".join(key)).encode()).hexdigest()[:16]


# ---------------------------------------------------------------- applying (pure)


@dataclass
class _Working:
    base: Statement
    actor: str
    mentions: list[StoredMention]
    origin: str  # the stored statement it came from
    regrouped: bool = False  # its mentions changed: wording and times are recomputed
    corrected: bool = False
    history: list[int] = field(default_factory=list)


@dataclass(frozen=True)
class Corrected:
    """The corrected statements, and where each came from (for `ids` selections)."""

    statements: list[Statement]
    origin: dict[str, str]  # statement id -> the stored statement id it came from
    corrected: set[str]  # ids of statements some correction changed


def apply_corrections(found: Sequence[Statement],
                      log: Iterable[Correction]) -> Corrected:
    """`found` as the reviewers corrected it, corrections applied in the order they were made."""
    log = list(log)
    work = _Work({s.id: _Working(s, s.actor, list(s.mentions), s.id) for s in found},
                 {key for c in log for key in c.keys})
    for correction in log:
        work.apply(correction)
    out = [_finish(w) for w in work.statements.values()]
    pairs = list(zip(out, work.statements.values(), strict=True))
    return Corrected(out, {s.id: w.origin for s, w in pairs},
                     {s.id for s, w in pairs if w.corrected})


class _Work:
    """The statements being corrected, with where each corrected mention is now (found once:
    a mention's fingerprint is computed only for the articles corrections name)."""

    def __init__(self, statements: dict[str, _Working], keys: set[MentionKey]) -> None:
        self.statements = statements
        self.urls = {url for url, _ in keys}
        self.where: dict[MentionKey, str] = {}
        for statement_id, w in statements.items():
            for mention in w.mentions:
                if mention.url in self.urls:
                    key = mention_key(mention)
                    if key in keys:
                        self.where.setdefault(key, statement_id)

    def find(self, key: MentionKey) -> tuple[str, int] | None:
        statement_id = self.where.get(key)
        w = self.statements.get(statement_id or "")
        if w is None:
            return None
        for index, mention in enumerate(w.mentions):
            if mention.url == key[0] and mention_key(mention) == key:
                return statement_id, index  # type: ignore[return-value]
        return None

    def resolve(self, statement_id: str | None, keys: Sequence[MentionKey]) -> str | None:
        if statement_id in self.statements:
            return statement_id
        for key in keys:
            found = self.find(key)
            if found is not None:
                return found[0]
        return None

    def _moved(self, source: str, target: str) -> None:
        for key, statement_id in self.where.items():
            if statement_id == source:
                self.where[key] = target

    def apply(self, c: Correction) -> None:
        work = self.statements
        if c.action == "confirm":
            return
        if c.action == "merge":
            gone = self.resolve(c.statement_id, c.mentions)
            survivor = self.resolve(c.other_statement_id, c.other_mentions)
            if gone is None or survivor is None or gone == survivor:
                return
            taken = work.pop(gone)
            target = work[survivor]
            target.mentions.extend(taken.mentions)
            target.regrouped = target.corrected = True
            self._moved(gone, survivor)
            return
        # A mention that was alone in its statement stands for the statement: later reports
        # of the same words, which join it, follow the correction too.
        alone = c.mention is not None and list(c.mentions) == [c.mention]
        if c.mention is None or (alone and c.action in ("reassign", "not_statement")):
            statement = self.resolve(c.statement_id, c.keys)
            if statement is None:
                return
            if c.action == "not_statement":
                del work[statement]
            elif c.action == "reassign" and c.actor:
                work[statement].actor = c.actor
                work[statement].corrected = True
            return
        found = self.find(c.mention)
        if found is None:
            return
        statement, index = found
        w = work[statement]
        if c.action == "not_statement":
            del w.mentions[index]
            w.regrouped = w.corrected = True
            if not w.mentions:
                del work[statement]
            return
        actor = c.actor if c.action == "reassign" and c.actor else w.actor
        if len(w.mentions) == 1:  # alone in its statement: the statement itself changes
            w.actor, w.corrected = actor, True
            return
        mention = w.mentions.pop(index)
        w.regrouped = w.corrected = True
        new_id = split_id(c.mention)
        self.where[c.mention] = new_id
        if new_id in work:
            work[new_id].mentions.append(mention)
            work[new_id].regrouped = True
            return
        work[new_id] = _Working(replace(w.base, id=new_id), actor, [mention], w.origin,
                                regrouped=True, corrected=True)


def _fullness(mention: StoredMention) -> tuple[bool, int, int]:
    # As the store chooses a statement's wording: direct over reported, then more words.
    return (mention.kind == "direct", cluster.word_count(mention.text), len(mention.text))


def _finish(w: _Working) -> Statement:
    statement = replace(w.base, actor=w.actor)
    if not w.regrouped or not w.mentions:
        return statement
    mentions = sorted(w.mentions, key=lambda m: (m.published is None, m.published or m.seen_at,
                                                 m.seen_at))
    fullest = max(mentions, key=_fullness)
    published = [m.published for m in mentions if m.published is not None]
    return replace(
        statement,
        text=fullest.text,
        kind=fullest.kind,
        first_seen=min(m.seen_at for m in mentions),
        first_published=min(published) if published else None,
        on_topic=any(m.on_topic for m in mentions),
        mentions=tuple(mentions),
    )


# ---------------------------------------------------------------- at the store's read points


def related_statement_ids(connection: sa.Connection, log: Sequence[Correction]) -> set[str]:
    """Every stored statement some correction concerns: named, merged into, or holding a
    corrected mention now (re-extraction may have moved it)."""

    related = {c.statement_id for c in log}
    related |= {c.other_statement_id for c in log if c.other_statement_id}
    return related | statements_holding(connection, {key for c in log for key in c.keys})


def statements_holding(connection: sa.Connection, keys: set[MentionKey]) -> set[str]:
    """The ids of the stored statements that hold one of these mentions now."""
    from monitor.store.tables import articles, mentions

    found: set[str] = set()
    urls = sorted({url for url, _ in keys})
    m, a = mentions.c, articles.c
    for start in range(0, len(urls), 500):
        rows = connection.execute(
            sa.select(m.statement_id, a.url, m.fingerprint)
            .join_from(mentions, articles, m.article_id == a.id)
            .where(a.url.in_(urls[start:start + 500]))
        )
        found |= {row.statement_id for row in rows if (row.url, row.fingerprint) in keys}
    return found


def corrected_read(store: Store, found: list[Statement], *, since: datetime | None,
                   until: datetime | None, actor: str | None, include_off_topic: bool,
                   ids: Sequence[str] | None, search: str | None) -> list[Statement]:
    """A selection of stored statements as corrected: the statements that corrections bring
    into it (a statement reassigned to `actor`, the partner of a merge) are read too, and the
    result is filtered again on its corrected actor and times, newest first."""
    with store.engine.connect() as connection:
        log = CorrectionLog(store.engine).all(connection)
        if not log:
            return found
        related = related_statement_ids(connection, log)
    # Only the statements corrections concern are worked on; the others pass as they were.
    have = {s.id for s in found}
    touched = [s for s in found if s.id in related]
    if not touched and not (related - have):
        return found
    extra = store.stored_statements(ids=sorted(related - have),
                                    include_off_topic=include_off_topic) if related - have else []
    result = apply_corrections([*touched, *extra], log)
    wanted = set(ids) if ids is not None else (have if search is not None else None)
    out = [s for s in found if s.id not in related]
    for statement in result.statements:
        if wanted is not None and not ({statement.id, result.origin[statement.id]} & wanted):
            continue
        if actor is not None and statement.actor.casefold() != actor.casefold():
            continue
        if since is not None and statement.first_seen < as_utc(since):
            continue
        if until is not None and statement.first_seen >= as_utc(until):
            continue
        if not include_off_topic and not statement.on_topic:
            continue
        out.append(statement)
    out.sort(key=_newest_first)
    return out


def _newest_first(s: Statement) -> tuple[float, float, str]:
    published = s.first_published
    return (-s.first_seen.timestamp(),
            -published.timestamp() if published is not None else float("inf"), s.id)
