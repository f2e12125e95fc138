"""Storage of articles, deduplicated statements and source state (SQLite or PostgreSQL).

    from monitor.store import Store, SourceStatus, HttpState
    store = Store.open("sqlite:///monitor.db")   # applies the migrations in storage/

The schema lives in storage/migrations/ (numbered, applied in order on open).
"""

from monitor.store.store import HttpState, SourceStatus, Store

__all__ = ["HttpState", "SourceStatus", "Store"]
