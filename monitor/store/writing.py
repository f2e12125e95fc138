"""How Store.add_article writes: its statements, prepared once, and the clustering of one
article's mentions of one actor into statements (matching by monitor.cluster, then creating,
updating or merging statement rows)."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite

from monitor import cluster
from monitor.store.tables import articles, mentions, statement_shingles, statements

# A wording this long is distinctive: unlikely to be said again in another context. Only such
# wordings are matched beyond the fuzzy window (an exact repeat, or an excerpt, of a statement
# of any age), and only such a recent statement, when it is word for word part of a new longer
# mention, is merged into the statement that mention joins (a split quote that arrived in parts
# first). Shorter ones ("we will see what happens") are phrases an actor says again and again.
DISTINCTIVE_WORDS = 6
# (At least cluster.SHINGLE_WORDS, so that every distinctive wording has shingles to be found by.)
FRAGMENT_WINDOW = timedelta(days=3)
_LONG_AGO = datetime(1970, 1, 1, tzinfo=UTC)  # "since" for a lookup of any age


@dataclass
class StatementState:
    """A statement's row as held in memory while an article's mentions join it."""

    id: str
    text: str
    kind: str
    first_seen: datetime
    first_published: datetime | None
    on_topic: bool

    def row(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "wording": cluster.normalize_wording(self.text),
            "kind": self.kind,
            "first_seen_at": self.first_seen,
            "first_published_at": self.first_published,
            "on_topic": self.on_topic,
        }

    def absorb(self, other: StatementState) -> bool:
        """Take in another wording of this statement (a mention, or a statement merged into
        this one): the fuller text, the earlier times, direct and on-topic if either is.
        Returns whether anything changed."""
        before = self.row()
        if _fullness(other.kind, other.text) > _fullness(self.kind, self.text):
            self.text = other.text
        if other.kind == "direct":
            self.kind = "direct"
        self.first_seen = min(self.first_seen, other.first_seen)
        self.first_published = _earliest(self.first_published, other.first_published)
        self.on_topic = self.on_topic or other.on_topic
        return self.row() != before


class WriteSql:
    """The statements add_article runs for every article, built once: SQLAlchemy then reuses
    their compiled form and only the parameters change."""

    def __init__(self, dialect: str) -> None:
        insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
        s, m = statements.c, mentions.c
        self.insert_article = (
            insert(articles).on_conflict_do_nothing(index_elements=["url"]).returning(articles.c.id)
        )
        candidate_columns = (
            s.id,
            s.text,
            s.kind,
            s.first_seen_at,
            s.first_published_at,
            s.on_topic,
        )
        self.select_candidates = (
            sa.select(s.id, s.text, (s.first_seen_at >= sa.bindparam("recent")).label("recent"))
            .where(s.actor == sa.bindparam("actor"), s.first_seen_at >= sa.bindparam("since"))
            .order_by(s.first_seen_at, s.id)
        )
        self.select_statement = sa.select(*candidate_columns, s.wording).where(
            s.id == sa.bindparam("id")
        )
        # The whole row of the statement a repeated wording belongs to: the mention joins it
        # without a second SELECT of the statement.
        self.select_by_fingerprint = (
            sa.select(*candidate_columns, s.wording)
            .join_from(mentions, statements, m.statement_id == s.id)
            .where(
                m.actor == sa.bindparam("actor"),
                m.fingerprint == sa.bindparam("fingerprint"),
                s.first_seen_at >= sa.bindparam("since"),
            )
            .order_by(m.id)
            .limit(1)
        )
        self.insert_statement = statements.insert()
        changing = ("text", "wording", "fingerprint", "kind", "first_seen_at", "first_published_at")
        self.update_statement = (
            sa.update(statements)
            .where(s.id == sa.bindparam("statement_id"))
            .values({name: sa.bindparam(f"new_{name}") for name in (*changing, "on_topic")})
        )

        # The actor's statements of any age that may contain the new wording word for word
        # (they hold its first shingle) or be contained in it (their first shingle is one of
        # its shingles): an index lookup of (actor, shingle); the caller checks them exactly.
        sh = statement_shingles.c
        self.select_excerpt_candidates = (
            sa.select(s.id, s.wording)
            .distinct()
            .join_from(statement_shingles, statements, sh.statement_id == s.id)
            .where(
                sh.actor == sa.bindparam("actor"),
                sh.shingle.in_(sa.bindparam("shingles", expanding=True)),
                sa.or_(sh.opening, sh.shingle == sa.bindparam("opening")),
            )
        )
        self.insert_shingles = statement_shingles.insert()
        self.delete_shingles = sa.delete(statement_shingles).where(
            sh.statement_id == sa.bindparam("gone")
        )
        self.move_mentions = (
            sa.update(mentions)
            .where(m.statement_id == sa.bindparam("gone"))
            .values(statement_id=sa.bindparam("survivor"))
        )
        self.delete_statement = sa.delete(statements).where(s.id == sa.bindparam("gone"))
        self.insert_mention = insert(mentions).on_conflict_do_nothing(
            index_elements=["article_id", "actor", "fingerprint"]
        )


def shingle_rows(statement: str, actor: str, wording: str) -> list[dict[str, Any]]:
    """The statement_shingles rows of a statement with this normalised wording: each distinct
    shingle once, the wording's first one marked `opening`; none when the wording is not
    distinctive (only distinctive wordings are matched by excerpt whatever their age)."""
    if wording.count(" ") + 1 < DISTINCTIVE_WORDS:
        return []
    hashes = cluster.shingle_hashes(wording)
    return [
        {
            "statement_id": statement,
            "shingle": shingle,
            "actor": actor,
            "opening": shingle == hashes[0],
        }
        for shingle in dict.fromkeys(hashes)  # each once (a run of words can repeat)
    ]


def statement_id(actor: str, wording: str, article_url: str) -> str:
    """Stable id of a statement: from its actor, first wording and first article URL."""
    key = "\x1f".join((actor, cluster.fingerprint(wording), article_url))
    return hashlib.sha1(key.encode("utf-8")).hexdigest()[:16]


def _fullness(kind: str, text: str) -> tuple[bool, int, int]:
    """Which wording a statement shows: a direct quote over reported speech, then the one
    with more words, then the longer."""
    return (kind == "direct", cluster.word_count(text), len(text))


def _earliest(a: datetime | None, b: datetime | None) -> datetime | None:
    if a is None:
        return b
    if b is None:
        return a
    return min(a, b)


class ActorClusters:
    """The clustering of one article's mentions of one actor, inside add_article's
    transaction: which statement each mention belongs to, creating, updating and merging
    statements as it goes."""

    def __init__(
        self,
        sql: WriteSql,
        connection: sa.Connection,
        actor: str,
        *,
        seen_at: datetime,
        since: datetime,
    ):
        self.sql = sql
        self.connection = connection
        self.actor = actor
        self.since = since
        self.seen_at = seen_at
        self._wordings: dict[str, str] | None = None  # read when first needed
        self.old_fragments: set[str] = set()
        self.rows: dict[str, StatementState] = {}
        # The wording whose shingles are stored, per statement in `rows`: they are rewritten
        # only when a statement's wording changes.
        self.indexed_wordings: dict[str, str] = {}
        self.created: list[str] = []
        self.merged_into: dict[str, str] = {}

    @property
    def wordings(self) -> dict[str, str]:
        """Wordings of the actor's recent statements, earliest first, for fuzzy matching (full
        rows are read only for the statements that mentions join). Read on first use: an
        exact repeat, found by its fingerprint, needs none of them."""
        if self._wordings is None:
            self._wordings = {}
            rows = self.connection.execute(
                self.sql.select_candidates,
                {
                    "actor": self.actor,
                    "since": self.since,
                    "recent": self.seen_at - FRAGMENT_WINDOW,
                },
            ).all()
            for key, text, recent in rows:
                self._wordings[key] = text
                # A fragment ("hard to say") older than FRAGMENT_WINDOW: a new longer wording
                # that contains it is not taken to be its fuller version (any quote with
                # "thank you" in it would be, a month later). Few spaces: maybe a fragment.
                if (
                    not recent
                    and text.count(" ") < 2 * cluster.MIN_FUZZY_WORDS
                    and cluster.word_count(text) < cluster.MIN_FUZZY_WORDS
                ):
                    self.old_fragments.add(key)
        return self._wordings

    def place(self, mention: StatementState, mention_fingerprint: str) -> str:
        """The id of the statement that `mention` belongs to (created if none)."""
        distinctive = cluster.word_count(mention.text) >= DISTINCTIVE_WORDS
        statement = self._repeated(mention_fingerprint, distinctive)
        repeated = statement is not None
        if statement is None:
            candidates = [
                (key, text) for key, text in self.wordings.items() if key not in self.old_fragments
            ]
            statement = cluster.best_match(mention.text, candidates)
        if statement is None and distinctive:
            statement = self._excerpt_of_any_age(mention.text)
        if statement is None:
            self.connection.execute(
                self.sql.insert_statement,
                {
                    "id": mention.id,
                    "actor": self.actor,
                    "fingerprint": cluster.fingerprint(mention.text),
                    **mention.row(),
                },
            )
            self.rows[mention.id] = mention
            self._index(mention.id, mention.row()["wording"])
            self.wordings[mention.id] = mention.text
            self.created.append(mention.id)
            return mention.id
        joined = self._row(statement)
        changed = joined.absorb(mention)
        # Parts to unite can only be found when this mention is now the statement's fullest
        # wording (and not an exact repeat of a wording placed before, united then).
        fuller = changed and joined.text == mention.text
        parts = self._parts_of(mention.text, statement) if fuller and not repeated else []
        if parts:
            # A split quote that arrived in parts first: the joined wording unites them, under
            # the id of the earliest (ids already sent in digests and alerts stay valid).
            survivor = min([statement, *parts], key=lambda s: (self._row(s).first_seen, s))
            for gone in [statement, *parts]:
                if gone != survivor:
                    self._merge(survivor, gone)
            statement, changed = survivor, True
        if changed:
            self._save(statement)
        return statement

    def surviving(self, statement: str) -> str:
        """The statement that `statement` was merged into during this article, or itself."""
        while statement in self.merged_into:
            statement = self.merged_into[statement]
        return statement

    def _repeated(self, mention_fingerprint: str, distinctive: bool) -> str | None:
        """The statement that already has a mention of this wording (of any age when the
        wording is distinctive, else within the fuzzy window), its row now held in memory."""
        found = self.connection.execute(
            self.sql.select_by_fingerprint,
            {
                "actor": self.actor,
                "fingerprint": mention_fingerprint,
                "since": _LONG_AGO if distinctive else self.since,
            },
        ).first()
        if found is None:
            return None
        *columns, wording = found
        if found.id not in self.rows:  # a row changed earlier in this article stays as it is
            self.rows[found.id] = StatementState(*columns)
            self.indexed_wordings[found.id] = wording
        return found.id

    def _row(self, statement: str) -> StatementState:
        if statement not in self.rows:
            *columns, wording = self.connection.execute(
                self.sql.select_statement, {"id": statement}
            ).one()
            self.rows[statement] = StatementState(*columns)
            self.indexed_wordings[statement] = wording
        return self.rows[statement]

    def _index(self, statement: str, wording: str) -> None:
        """Store the shingles of the statement's wording (its old ones, if any, are gone)."""
        rows = shingle_rows(statement, self.actor, wording)
        if rows:
            self.connection.execute(self.sql.insert_shingles, rows)
        self.indexed_wordings[statement] = wording

    def _save(self, statement: str) -> None:
        row = self._row(statement)
        if self._wordings is not None and statement in self._wordings:
            self._wordings[statement] = row.text
        values = row.row()
        self.connection.execute(
            self.sql.update_statement,
            {
                "statement_id": statement,
                "new_fingerprint": cluster.fingerprint(row.text),
                **{f"new_{key}": value for key, value in values.items()},
            },
        )
        if values["wording"] != self.indexed_wordings.get(statement):
            self.connection.execute(self.sql.delete_shingles, {"gone": statement})
            self._index(statement, values["wording"])

    def _parts_of(self, text: str, statement: str) -> list[str]:
        """Other recent statements of the actor that are word-for-word parts of `text`, long
        enough (DISTINCTIVE_WORDS) not to be a phrase the actor says again and again."""
        return [
            other
            for other, wording in self.wordings.items()
            if other != statement
            and wording.count(" ") + 1 >= DISTINCTIVE_WORDS  # cheap first: raw words
            and cluster.word_count(wording) >= DISTINCTIVE_WORDS
            and cluster.is_excerpt(wording, text)
        ]

    def _merge(self, survivor: str, gone: str) -> None:
        self._row(survivor).absorb(self._row(gone))
        self.connection.execute(self.sql.move_mentions, {"survivor": survivor, "gone": gone})
        self.connection.execute(self.sql.delete_shingles, {"gone": gone})
        self.connection.execute(self.sql.delete_statement, {"gone": gone})
        self.merged_into[gone] = survivor
        self.wordings.pop(gone, None)
        self.rows.pop(gone, None)
        self.indexed_wordings.pop(gone, None)
        if gone in self.created:
            self.created.remove(gone)

    def _excerpt_of_any_age(self, text: str) -> str | None:
        """The one statement of the actor that the wording is a trimmed excerpt of, or that is
        an excerpt of it, found by the database whatever its age (the fuzzy match only looks
        at recent statements). Both sides must be distinctive (DISTINCTIVE_WORDS), and only an
        unambiguous match counts: a phrase inside several old statements joins none."""
        wording = cluster.normalize_wording(text)
        hashes = cluster.shingle_hashes(wording)
        if not hashes:
            return None
        rows = self.connection.execute(
            self.sql.select_excerpt_candidates,
            {"actor": self.actor, "shingles": sorted(set(hashes)), "opening": hashes[0]},
        ).all()
        found = {
            row.id
            for row in rows
            if row.wording.count(" ") + 1 >= DISTINCTIVE_WORDS
            and (
                cluster.is_excerpt(wording, row.wording) or cluster.is_excerpt(row.wording, wording)
            )
        }
        return found.pop() if len(found) == 1 else None
