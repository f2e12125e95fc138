"""Server-side times (EXPLAIN ANALYZE) of two of the web view's PostgreSQL queries as they were
and as they are, interleaved over a store that benchmarks/web.py filled:

    .venv/bin/python benchmarks/web.py --url postgresql://postgres@127.0.0.1:55440/bench
    .venv/bin/python benchmarks/web_pg_plans.py postgresql://postgres@127.0.0.1:55440/bench

- the actor page's per-day count: `first_seen_at >= since` (PostgreSQL walked every actor's
  rows on ix_statements_first_seen) against the row value `(actor, first_seen_at) >= (...)`
  (one range of ix_statements_actor_first_seen);
- the search page: `id IN (SELECT statement_id ...)` against a correlated EXISTS.

The server's own execution times leave out Python and the network, so they are steadier than
wall-clock figures on a shared machine.
"""

from __future__ import annotations

import re
import statistics
import sys

import sqlalchemy as sa

DAY = "date(timezone('UTC', first_seen_at))"
PER_DAY = (f"SELECT {DAY} AS day, count(*) FROM statements WHERE actor = :a AND {{bound}} "
           f"AND on_topic IS true GROUP BY {DAY}")
QUERY = "websearch_to_tsquery('english', :q)"
PAGE = ("SELECT s.id, s.first_seen_at FROM statements s WHERE s.on_topic IS true AND {match} "
        "ORDER BY s.first_seen_at DESC, s.id DESC LIMIT 51")
CASES = {
    "per-day count": ({
        "before": PER_DAY.format(bound="first_seen_at >= :since"),
        "after": PER_DAY.format(bound="(actor, first_seen_at) >= (CAST(:a AS VARCHAR), :since)"),
    }, [{"a": a, "since": "2025-11-02T00:00:00+00:00"}
        for a in ("Donald Trump", "Vladimir Putin", "Keir Starmer", "Marco Rubio")]),
    "search": ({
        "before": PAGE.format(match="s.id IN (SELECT statement_id FROM statement_search "
                                    f"WHERE document @@ {QUERY})"),
        "after": PAGE.format(match="EXISTS (SELECT 1 FROM statement_search ss WHERE "
                                   f"ss.statement_id = s.id AND ss.document @@ {QUERY})"),
    }, [{"q": q} for q in ("truce", "ceasefire", "counterproposal infrastructure",
                           "memorandum humanitarian", "Istanbul OR Geneva")]),
}


def execution_ms(connection: sa.Connection, sql: str, params: dict[str, str]) -> float:
    plan = connection.execute(sa.text("EXPLAIN (ANALYZE) " + sql), params).scalars().all()
    return float(re.search(r"Execution Time: ([\d.]+)", plan[-1]).group(1))  # type: ignore[union-attr]


def main() -> None:
    url = sys.argv[1] if len(sys.argv) > 1 else "postgresql://postgres@127.0.0.1:55440/bench"
    engine = sa.create_engine(url.replace("postgresql://", "postgresql+psycopg://", 1))
    with engine.connect() as connection:
        for case, (variants, params) in CASES.items():
            spent: dict[str, list[float]] = {name: [] for name in variants}
            for _ in range(10):
                for values in params:
                    for name, sql in variants.items():
                        spent[name].append(execution_ms(connection, sql, values))
            for name, values in spent.items():
                values.sort()
                print(f"{case:<14} {name:<6} median {statistics.median(values):6.2f} ms  "
                      f"p95 {values[round(0.95 * (len(values) - 1))]:6.2f} ms  "
                      f"({len(values)} runs)")


if __name__ == "__main__":
    main()
