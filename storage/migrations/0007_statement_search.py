"""Full-text search over statement wordings, kept in sync by the database itself.

SQLite: an FTS5 index (porter stemming, diacritics folded) fed by triggers on `statements`; its
rowids come from `statement_search_ids` (an INTEGER PRIMARY KEY, stable across VACUUM, unlike
the implicit rowid of `statements`). PostgreSQL: `statement_search`, each statement's tsvector
(english), GIN-indexed, written by a trigger on `statements` and removed with it (a stored
vector: checking a row never recomputes it). Existing statements are indexed here (backfill).
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
    """CREATE TABLE statement_search (
         statement_id VARCHAR(16) PRIMARY KEY REFERENCES statements (id) ON DELETE CASCADE,
         document TSVECTOR NOT NULL)""",
    "CREATE INDEX ix_statement_search_document ON statement_search USING GIN (document)",
    """CREATE FUNCTION monitor_statement_search() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN
         INSERT INTO statement_search (statement_id, document)
           VALUES (NEW.id, to_tsvector('english', NEW.text))
           ON CONFLICT (statement_id) DO UPDATE SET document = EXCLUDED.document;
         RETURN NULL;
       END $$""",
    """CREATE TRIGGER statements_search AFTER INSERT OR UPDATE OF text ON statements
       FOR EACH ROW EXECUTE FUNCTION monitor_statement_search()""",
    """INSERT INTO statement_search (statement_id, document)
         SELECT id, to_tsvector('english', text) FROM statements""",
]


def upgrade(conn: sa.Connection) -> None:
    for sql in _SQLITE if conn.dialect.name == "sqlite" else _POSTGRESQL:
        conn.exec_driver_sql(sql)
