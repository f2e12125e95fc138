"""How fast the web view answers over a big store: fills one with N statements (100k by
default), then times the statements page, a full-text search and an actor page through the
ASGI app in process (routing, queries, corrections, templates; no network).

    .venv/bin/python benchmarks/web.py                        # 100k statements, SQLite
    .venv/bin/python benchmarks/web.py --statements 20000 --requests 50
    .venv/bin/python benchmarks/web.py --url postgresql://postgres@127.0.0.1:56000/bench
    .venv/bin/python benchmarks/web.py --url sqlite:////tmp/bench.db --reuse   # filled before

--reuse times a store an earlier run filled, so two versions of the code can be timed in turn
over the same rows (run the older first: a newer one may migrate the schema forward).

The store is filled with bulk INSERTs (the clustering path is measured by store_scale.py):
statements of 12 actors over a year, 8-25 words each from a news vocabulary, each reported by
1-4 of 10 outlets; the search index is filled by the database's own triggers / index. Prints
the median and p95 of each kind of request (target: p95 <= 100 ms); the searches are for
words of the vocabulary (common) and, apart, for words no statement has.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import random
import statistics
import sys
import tempfile
import time
import warnings
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import sqlalchemy as sa

from monitor import cluster
from monitor.models import Actor, Config, Source, Topic, WebSettings
from monitor.store import Store
from monitor.store.tables import articles, mentions, statements

WORDS = """
ceasefire truce talks peace memorandum negotiations delegation Istanbul Geneva Kyiv
Moscow Washington sanctions pressure guarantees security border front line territory
exchange prisoners humanitarian corridor energy infrastructure strikes drones
monitoring observers agreement framework proposal counterproposal timetable deadline
summit meeting envoy minister president spokesman ready willing impossible necessary
serious constructive difficult progress step first final lasting just honest real
partial full unconditional thirty days week month soon never always again today
tomorrow together against between we they you it must will cannot should would could
want need believe expect demand reject accept discuss prepare sign respect protect
withdraw return freeze end stop continue
"""
VOCABULARY = WORDS.split()
ACTORS = ("Vladimir Putin", "Volodymyr Zelensky", "Donald Trump", "Dmitry Peskov",
          "Sergei Lavrov", "Andrii Yermak", "Marco Rubio", "Steve Witkoff", "Emmanuel Macron",
          "Keir Starmer", "Recep Tayyip Erdogan", "Ursula von der Leyen")
OUTLETS = tuple(f"Outlet {name}" for name in "ABCDEFGHIJ")
START = datetime(2025, 1, 1, tzinfo=UTC)
BATCH = 5000


def fill(store: Store, count: int, seed: int = 7) -> None:
    rng = random.Random(seed)
    article_rows, statement_rows, mention_rows = [], [], []
    article_id = 0
    with store.engine.begin() as connection:
        for i in range(count):
            actor = ACTORS[i % len(ACTORS)] if rng.random() < 0.5 else rng.choice(ACTORS)
            text = " ".join(rng.choice(VOCABULARY) for _ in range(rng.randint(8, 25)))
            seen = START + timedelta(seconds=i * 315 + rng.randint(0, 300))  # ~a year
            sid = hashlib.sha1(f"{i}".encode()).hexdigest()[:16]
            kind = "direct" if rng.random() < 0.7 else "indirect"
            statement_rows.append({
                "id": sid, "actor": actor, "text": text, "fingerprint": cluster.fingerprint(text),
                "kind": kind, "first_seen_at": seen, "first_published_at": seen,
                "on_topic": rng.random() < 0.9, "wording": cluster.normalize_wording(text)})
            for outlet in rng.sample(OUTLETS, rng.randint(1, 4)):
                article_id += 1
                article_rows.append({
                    "id": article_id, "url": f"https://{outlet[-1].lower()}.example/{article_id}",
                    "source": outlet, "title": "Talks", "author": None, "published_at": seen,
                    "fetched_at": seen, "on_topic": True, "text": text, "text_hash": sid})
                mention_rows.append({
                    "statement_id": sid, "article_id": article_id, "actor": actor, "text": text,
                    "fingerprint": cluster.fingerprint(text), "kind": kind,
                    "speaker": "he" if rng.random() < 0.1 else actor, "cue": "said",
                    "confidence": round(rng.uniform(0.5, 1.0), 2), "position": 0,
                    "seen_at": seen})
            if len(statement_rows) >= BATCH or i == count - 1:
                connection.execute(articles.insert(), article_rows)
                connection.execute(statements.insert(), statement_rows)
                connection.execute(mentions.insert(), mention_rows)
                article_rows, statement_rows, mention_rows = [], [], []
        if store.engine.dialect.name == "postgresql":
            connection.exec_driver_sql("ANALYZE")


def timings(client: object, paths: list[str]) -> tuple[list[float], list[float]]:
    """Wall-clock and CPU milliseconds per request (this process's CPU, all its threads: on a
    shared, busy machine the CPU time is the steadier figure)."""
    wall, cpu = [], []
    for path in paths:
        started, started_cpu = time.perf_counter(), time.process_time()
        answer = client.get(path)  # type: ignore[attr-defined]
        wall.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - started_cpu) * 1000)
        assert answer.status_code == 200, (path, answer.status_code, answer.text[:300])
    return wall, cpu


def _p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def report(name: str, spent: tuple[list[float], list[float]]) -> None:
    wall, cpu = spent
    print(f"  {name:<16} wall median {statistics.median(wall):6.1f} ms  p95 {_p95(wall):6.1f} ms"
          f"   cpu median {statistics.median(cpu):6.1f} ms  p95 {_p95(cpu):6.1f} ms"
          f"   ({len(wall)} requests)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--statements", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=40, help="per kind of page")
    parser.add_argument("--url", help="a database URL (default: a fresh SQLite file)")
    parser.add_argument("--reuse", action="store_true",
                        help="time the statements the database holds (filled by an earlier run)")
    args = parser.parse_args()
    warnings.filterwarnings("ignore", message="Using `httpx` with `starlette.testclient`")
    from starlette.testclient import TestClient

    from monitor.web.app import create_app

    folder = Path(tempfile.mkdtemp(prefix="monitor-web-bench-"))
    url = args.url or f"sqlite:///{folder / 'bench.db'}"
    store = Store.open(url)
    with store.engine.connect() as connection:
        existing = connection.execute(sa.select(sa.func.count()).select_from(statements)).scalar()
    if existing and not args.reuse:
        print(f"{url}: holds {existing} statements already; give an empty database, or "
              "--reuse to time them", file=sys.stderr)
        sys.exit(2)
    if existing:
        print(f"reusing {existing} statements ({store.engine.dialect.name}); load average "
              f"{os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
    else:
        started = time.perf_counter()
        fill(store, args.statements)
        print(f"filled {args.statements} statements in {time.perf_counter() - started:.1f} s "
              f"({store.engine.dialect.name}); load average {os.getloadavg()[0]:.1f} on "
              f"{os.cpu_count()} CPUs")
    config = Config(path=str(folder / "monitor.yaml"), storage=url, timezone="UTC",
                    actors=tuple(Actor(name) for name in ACTORS), topic=Topic(),
                    sources=tuple(Source(o, "feed", f"https://{o[-1]}.example/f") for o in OUTLETS),
                    web=WebSettings())
    client = TestClient(create_app(config, store, environ={}))
    rng = random.Random(1)
    n = args.requests
    timings(client, ["/", "/?q=truce", "/actors/Donald%20Trump"])  # warm caches and templates
    # Statements page: the first page and pages further down (keyset cursors from the API).
    pages = ["/"]
    next_url = "/api/statements?limit=50"
    while len(pages) < n and next_url:
        next_url = client.get(next_url).json()["next"]
        if next_url:
            pages.append("/?" + next_url.split("?", 1)[1].replace("limit=50", "").strip("&"))
    report("statements page", timings(client, (pages * n)[:n]))
    rare = [w for w in VOCABULARY if len(w) > 6]
    searches = [f"/?q={rng.choice(VOCABULARY)}" if i % 2 else
                f"/?q={rng.choice(rare)}+{rng.choice(rare)}" for i in range(n)]
    report("search", timings(client, searches))
    absent = [f"/?q={word}" for word in ("zeppelin", "marmalade", "xylophone", "quasar")]
    report("search, no match", timings(client, (absent * n)[:n]))  # words no statement has
    actor_pages = [f"/actors/{rng.choice(ACTORS).replace(' ', '%20')}" for _ in range(n)]
    report("actor page", timings(client, actor_pages))
    store.close()


if __name__ == "__main__":
    main()
