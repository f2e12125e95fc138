"""statements.wording: the normalised form of statements.text (monitor.cluster.normalize_wording).

With it the store finds an old statement that a new mention is a trimmed excerpt of (or that is
an excerpt of the new mention), however long ago it was first seen: outlets re-quote statements
months later, beyond the window of fuzzy matching. (The search was a substring search in the
database; since 0004 an index of word runs finds the candidates.)
"""

from __future__ import annotations

import sqlalchemy as sa

from monitor.cluster import normalize_wording


def upgrade(conn: sa.Connection) -> None:
    conn.execute(sa.text("ALTER TABLE statements ADD COLUMN wording TEXT NOT NULL DEFAULT ''"))
    rows = conn.execute(sa.text("SELECT id, text FROM statements")).all()
    if rows:
        conn.execute(
            sa.text("UPDATE statements SET wording = :wording WHERE id = :id"),
            [{"id": row.id, "wording": normalize_wording(row.text)} for row in rows],
        )
