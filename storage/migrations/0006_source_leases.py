"""Source leases: the sources row is the one owner of poll state (monitor/store/sources.py).

Next poll time (backoff included), consecutive failures and the last error were already there;
a worker now claims a due source by setting `lease_until` and `lease_worker` (on PostgreSQL
with SELECT ... FOR UPDATE SKIP LOCKED, on SQLite in one atomic UPDATE), so that several
`monitor run` processes on one database divide the sources between them, and a source whose
worker died is taken over once its lease has expired. The index serves "which sources are due".

(Numbered 0007 in the lead's plan: 0005-0006 are the crash-safety branch's; renumber at merge.)
"""

from __future__ import annotations

import sqlalchemy as sa

UtcTime = sa.DateTime(timezone=True)


def upgrade(conn: sa.Connection) -> None:
    conn.execute(sa.text("ALTER TABLE sources ADD COLUMN lease_until "
                         + UtcTime.compile(dialect=conn.dialect)))
    conn.execute(sa.text("ALTER TABLE sources ADD COLUMN lease_worker TEXT"))
    conn.execute(sa.text("CREATE INDEX ix_sources_next_poll_at ON sources (next_poll_at)"))
