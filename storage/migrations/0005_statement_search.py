"""Full-text search over statement wordings, kept in sync by the database itself.

SQLite: an FTS5 index (porter stemming, diacritics folded) fed by triggers on `statements`; its
rowids come from `statement_search_ids` (an INTEGER PRIMARY KEY, stable across VACUUM, unlike
the implicit rowid of `statements`). PostgreSQL: a GIN index over to_tsvector('english', text),
which PostgreSQL maintains on every write. Existing statements are indexed here (backfill).
Queries: monitor/store/search.py.
"""

from __future__ import annotations

import sqlalchemy as sa

_SQLITE = [
    """CREATE TABLE statement_search_ids (
         rowid INTEGER PRIMARY KEY,
         statement_id VARCHAR(16) NOT NULL UNIQUE)""",
    """CREATE VIRTUAL TABLE statements_fts USING fts5(
         text, tokenize = 'porter unicode61 remove_diacritics 2')""",
    """CREATE TRIGGER statements_fts_insert AFTER INSERT ON statements BEGIN
         INSERT INTO statement_search_ids (statement_id) VALUES (new.id);
         INSERT INTO statements_fts (rowid, text) VALUES (
           (SELECT rowid FROM statement_search_ids WHERE statement_id = new.id), new.text);
       END""",
    """CREATE TRIGGER statements_fts_update AFTER UPDATE OF text ON statements
       WHEN old.text IS NOT new.text BEGIN
         UPDATE statements_fts SET text = new.text
           WHERE rowid = (SELECT rowid FROM statement_search_ids WHERE statement_id = new.id);
       END""",
    """CREATE TRIGGER statements_fts_delete AFTER DELETE ON statements BEGIN
         DELETE FROM statements_fts
           WHERE rowid = (SELECT rowid FROM statement_search_ids WHERE statement_id = old.id);
         DELETE FROM statement_search_ids WHERE statement_id = old.id;
       END""",
    "INSERT INTO statement_search_ids (statement_id) SELECT id FROM statements ORDER BY rowid",
    """INSERT INTO statements_fts (rowid, text)
         SELECT i.rowid, s.text FROM statement_search_ids i JOIN statements s
           ON s.id = i.statement_id""",
]

_POSTGRESQL = [
    "CREATE INDEX ix_statements_search ON statements USING GIN (to_tsvector('english', text))",
]


def upgrade(conn: sa.Connection) -> None:
    for sql in _SQLITE if conn.dialect.name == "sqlite" else _POSTGRESQL:
        conn.exec_driver_sql(sql)
