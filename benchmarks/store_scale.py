"""How the store scales: insert N synthetic articles with mentions, then time the queries.

    .venv/bin/python benchmarks/store_scale.py                       # 20k articles, SQLite
    .venv/bin/python benchmarks/store_scale.py --articles 5000 --url postgresql://postgres@127.0.0.1:55432/postgres
    .venv/bin/python benchmarks/store_scale.py --corpus /work/shared/corpus/dev   # dedupe quality
    .venv/bin/python benchmarks/store_scale.py --sizes 10000,100000 [--storage postgresql://...]

With --sizes (statement counts), each size gets a new database filled in bulk with SQL (300
statements a day, 100 actors, ~1.5 mentions per statement, 3 mentions per article, their
shingles), then 300 new articles go through Store.add_articles in batches of 10 (per article:
an exact repeat, another outlet's version, a new utterance); one JSON line per size gives the
median and p95 wall and CPU milliseconds per article. Insert cost should not grow with size.

With --corpus (a folder in the format of the ceasefire corpus: articles/*.json with annotated
`statements`), the annotated quotes themselves are stored as mentions, article by article in
order of publication, and the statements the store forms are scored against the annotation
(B-cubed precision and recall over mentions, gold clusters = the overlapping spans of one
utterance): clustering measured apart from extraction.

Synthetic coverage: `--actors` actors make utterances (8-25 words from a news vocabulary) over
`--days` days; each utterance is reported by 1-8 outlets, each quoting it its own way (other
marks, trimmed at either end, a word changed), so clustering has real work to do. Prints
articles/s and mentions/s while inserting, how many statements clustering produced against
how many utterances there were, and the latency of the listing queries.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import statistics
import sys
import tempfile
import time
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from monitor.models import Article, Mention
from monitor.store import Store

VOCABULARY = [
    "we",
    "are",
    "ready",
    "for",
    "talks",
    "ceasefire",
    "peace",
    "deal",
    "Ukraine",
    "Russia",
    "Kyiv",
    "Moscow",
    "Kremlin",
    "president",
    "delegation",
    "Istanbul",
    "memorandum",
    "truce",
    "negotiations",
    "sanctions",
    "troops",
    "front",
    "line",
    "energy",
    "infrastructure",
    "prisoners",
    "exchange",
    "guarantees",
    "security",
    "Europe",
    "Washington",
    "weapons",
    "territory",
    "referendum",
    "elections",
    "partners",
    "the",
    "a",
    "of",
    "to",
    "in",
    "on",
    "with",
    "without",
    "any",
    "all",
    "will",
    "must",
    "can",
    "should",
    "not",
    "never",
    "very",
    "good",
    "bad",
    "important",
    "serious",
    "progress",
    "meeting",
    "call",
    "week",
    "month",
    "today",
    "tomorrow",
    "position",
    "proposal",
    "conditions",
    "demands",
    "withdrawal",
    "occupied",
    "regions",
    "people",
    "war",
    "end",
    "stop",
    "start",
    "continue",
    "discuss",
    "agree",
    "reject",
    "accept",
    "support",
    "pressure",
    "strong",
    "weak",
    "fair",
    "just",
    "lasting",
]
MARKS = [("“", "”"), ("«", "»"), ('"', '"'), ("‘", "’"), ("", "")]


def utterance(rng: random.Random) -> list[str]:
    return [rng.choice(VOCABULARY) for _ in range(rng.randint(8, 25))]


def reported(rng: random.Random, words: list[str]) -> str:
    """One outlet's version of an utterance: maybe trimmed, maybe a word changed, its marks."""
    words = list(words)
    roll = rng.random()
    if roll < 0.3 and len(words) > 10:
        start = rng.randint(0, 3)
        words = words[start : len(words) - rng.randint(0, 3)]
    elif roll < 0.45:
        words[rng.randrange(len(words))] = rng.choice(VOCABULARY)
    opening, closing = rng.choice(MARKS)
    ending = rng.choice([",", ".", "…", ""])
    return f"{opening}{' '.join(words)}{ending}{closing}"


def timed(label: str, action: Callable[[], object], repeat: int = 5) -> None:
    durations = []
    result: object = None
    for _ in range(repeat):
        started = time.perf_counter()
        result = action()
        durations.append(time.perf_counter() - started)
    size = len(result) if isinstance(result, list) else "?"
    print(f"  {label:<44} {statistics.median(durations) * 1000:9.1f} ms  ({size} statements)")


def run(url: str, articles: int, actors: int, days: int, seed: int) -> None:
    rng = random.Random(seed)
    store = Store.open(url)
    names = [f"Actor {index}" for index in range(actors)]
    start = datetime(2025, 3, 1, tzinfo=UTC)
    span = timedelta(days=days)
    # Enough utterances that each is reported by ~3 articles with ~2 mentions per article.
    pool = [
        (rng.choice(names), utterance(rng), start + span * rng.random())
        for _ in range(max(1, articles * 2 // 3))
    ]
    pool.sort(key=lambda item: item[2])
    inserted_mentions = 0
    started = lap = time.perf_counter()
    cpu_lap = time.process_time()  # this process only: steadier than wall time on a busy machine
    for index in range(articles):
        # Articles arrive in time order; each quotes 1-4 utterances said shortly before.
        position = int(index / articles * len(pool))
        chosen = {
            rng.randrange(max(0, position - 200), min(len(pool), position + 1))
            for _ in range(rng.randint(1, 4))
        }
        when = pool[min(position, len(pool) - 1)][2] + timedelta(minutes=rng.randint(0, 600))
        mentions = [
            Mention(actor=pool[i][0], text=reported(rng, pool[i][1]), start=n)
            for n, i in enumerate(sorted(chosen))
        ]
        inserted_mentions += len(mentions)
        store.add_article(
            Article(
                url=f"https://outlet{index % 40}.example/{index}",
                source=f"Outlet {index % 40}",
                title=f"Article {index}",
                author=None,
                published=when - timedelta(minutes=30),
                fetched_at=when,
                text="text " * 400,
                on_topic=rng.random() < 0.8,
            ),
            mentions,
        )
        if (index + 1) % 5000 == 0:
            now, cpu_now = time.perf_counter(), time.process_time()
            print(
                f"  {index + 1} articles, {(index + 1) / (now - started):.0f}/s"
                f" (the last 5000: {5000 / (now - lap):.0f}/s,"
                f" {(cpu_now - cpu_lap) / 5:.1f} ms of CPU per article)",
                flush=True,
            )
            lap, cpu_lap = now, cpu_now
    elapsed = time.perf_counter() - started
    print(
        f"inserted {articles} articles, {inserted_mentions} mentions in {elapsed:.1f} s: "
        f"{articles / elapsed:.0f} articles/s, {inserted_mentions / elapsed:.0f} mentions/s"
    )
    everything = store.statements(include_off_topic=True)
    print(f"statements: {len(everything)} (utterances reported: at most {len(pool)})")
    end = start + span + timedelta(days=1)
    timed("statements(since=last 24 h)", lambda: store.statements(since=end - timedelta(days=1)))
    timed("statements(since=last 7 days)", lambda: store.statements(since=end - timedelta(7)))
    timed(
        "statements(actor=..., last 7 days)",
        lambda: store.statements(actor=names[0], since=end - timedelta(days=7)),
    )
    timed("statements() all", lambda: store.statements(), repeat=1)
    timed(
        "statements_with_new_mentions(last 24 h)",
        lambda: store.statements_with_new_mentions(end - timedelta(days=1), end),
    )
    store.close()


def _tokens(text: str) -> list[str]:
    return re.findall(r"\w+", unicodedata.normalize("NFKC", text).replace("’", "'").lower())


def _token_f1(a: list[str], b: list[str]) -> float:
    common = sum((Counter(a) & Counter(b)).values())
    return 2 * common / (len(a) + len(b)) if common else 0.0


def _gold_quotes(spans: list[tuple[str, str]]) -> list[int]:
    """Cluster number per (utterance, text) span: the overlapping spans of one utterance."""
    parent = list(range(len(spans)))

    def root(index: int) -> int:
        while parent[index] != index:
            index = parent[index]
        return index

    for i, (utterance_i, text_i) in enumerate(spans):
        for j in range(i + 1, len(spans)):
            utterance_j, text_j = spans[j]
            if utterance_i != utterance_j:
                continue
            a, b = _tokens(text_i), _tokens(text_j)
            joined_a, joined_b = " ".join(a), " ".join(b)
            if joined_a in joined_b or joined_b in joined_a or _token_f1(a, b) >= 0.5:
                parent[root(i)] = root(j)
    return [root(i) for i in range(len(spans))]


def _bcubed(pairs: list[tuple[str, int]]) -> tuple[float, float]:
    by_predicted: dict[str, list[int]] = defaultdict(list)
    by_gold: dict[int, list[int]] = defaultdict(list)
    for predicted, gold in pairs:
        by_predicted[predicted].append(gold)
        by_gold[gold].append(0)
    precision = sum(by_predicted[p].count(g) / len(by_predicted[p]) for p, g in pairs)
    together = Counter(pairs)
    recall = sum(together[(p, g)] / len(by_gold[g]) for p, g in pairs)
    return precision / len(pairs), recall / len(pairs)


def score_corpus(folder: Path, url: str) -> None:
    documents = [
        json.loads(path.read_text(encoding="utf-8"))
        for path in sorted((folder / "articles").glob("*.json"))
    ]
    documents.sort(key=lambda document: (document["published"], document["id"]))
    spans = [
        (document["id"], index, statement)
        for document in documents
        for index, statement in enumerate(document["statements"])
    ]
    gold = _gold_quotes([(s["utterance"], s["text"]) for _, _, s in spans])
    gold_of = {(doc, index): cluster for (doc, index, _), cluster in zip(spans, gold, strict=True)}
    store = Store.open(url)
    for document in documents:
        when = datetime.fromisoformat(document["published"])
        store.add_article(
            Article(
                url=f"https://corpus.example/{document['id']}",
                source=document["outlet"],
                title=document.get("title"),
                author=None,
                published=when,
                fetched_at=when,
                text="\n\n".join(document["paragraphs"]),
                on_topic=document["relevant"],
            ),
            [
                Mention(actor=statement["actor"], text=statement["text"], start=index)
                for index, statement in enumerate(document["statements"])
            ],
        )
    pairs: list[tuple[str, int]] = []
    wrong: list[str] = []
    for statement in store.statements(include_off_topic=True):
        for mention in statement.mentions:
            document = mention.url.rsplit("/", 1)[1]
            for (doc, index), cluster_number in gold_of.items():
                annotated = next(d for d in documents if d["id"] == doc)["statements"][index]
                if doc == document and annotated["text"] == mention.text:
                    pairs.append((statement.id, cluster_number))
    precision, recall = _bcubed(pairs)
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    statements = {p for p, _ in pairs}
    print(
        f"{len(documents)} articles, {len(pairs)} annotated quotes, {len(set(gold))} gold quotes, "
        f"{len(statements)} statements formed\n"
        f"dedupe B-cubed precision {precision:.3f}  recall {recall:.3f}  F1 {f1:.3f}"
    )
    # The clusters that differ from the annotation, for reading.
    members: dict[str, set[int]] = defaultdict(set)
    for p, g in pairs:
        members[p].add(g)
    for p, clusters in members.items():
        if len(clusters) > 1:
            wrong.append(f"  merged gold quotes {sorted(clusters)} into statement {p}")
    split: dict[int, set[str]] = defaultdict(set)
    for p, g in pairs:
        split[g].add(p)
    for g, predicted in split.items():
        if len(predicted) > 1:
            texts = [s["text"] for (_, _, s), c in zip(spans, gold, strict=True) if c == g]
            wrong.append(f"  split gold quote {g} over {len(predicted)} statements: {texts}")
    print("\n".join(wrong))
    store.close()


# ---------------------------------------------------------------- --sizes: insert cost vs size

STATEMENTS_PER_DAY = 300  # a desk following one topic over a few hundred feeds
SCALE_ACTORS = 100
MENTIONS_PER_ARTICLE = 3
TIMED_BATCHES = 30
BATCH_ARTICLES = 10  # articles per add_articles call, as the pipeline batches them


def _scale_url(storage: str | None, folder: Path, size: int) -> str:
    """A new, empty database for one size: a SQLite file, or a fresh PostgreSQL database
    named after the one in `storage` (created through that server's maintenance database)."""
    if storage is None or storage.startswith("sqlite"):
        return f"sqlite:///{folder / f'scale_{size}.db'}"
    import sqlalchemy as sa

    url = sa.engine.make_url(storage).set(drivername="postgresql+psycopg")
    name = f"{url.database or 'monitor'}_scale_{size}"
    admin = sa.create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}"')
        connection.exec_driver_sql(f'CREATE DATABASE "{name}"')
    admin.dispose()
    return url.set(database=name).render_as_string(hide_password=False)


def _fill(store: Store, size: int, rng: random.Random, end: datetime) -> dict[str, list[str]]:
    """`size` statements, ~1.5 mentions each in articles of MENTIONS_PER_ARTICLE mentions,
    spread over size / STATEMENTS_PER_DAY days up to `end`, written in bulk (not through
    add_articles). Returns each actor's wordings of the last few days (for the timed part)."""
    import sqlalchemy as sa

    from monitor import cluster
    from monitor.store.tables import articles, mentions, statement_shingles, statements
    from monitor.store.writing import shingle_rows, statement_id

    days = size / STATEMENTS_PER_DAY
    start = end - timedelta(days=days)
    recent: dict[str, list[str]] = defaultdict(list)
    pending: list[tuple[str, str, str, datetime]] = []  # (statement, actor, text, when)
    rows: dict[str, list[dict]] = defaultdict(list)
    article_id = 0

    def flush_articles(final: bool = False) -> None:
        nonlocal article_id
        while len(pending) >= MENTIONS_PER_ARTICLE or (final and pending):
            group, pending[:] = pending[:MENTIONS_PER_ARTICLE], pending[MENTIONS_PER_ARTICLE:]
            article_id += 1
            when = max(item[3] for item in group)
            rows["articles"].append(
                {
                    "id": article_id,
                    "url": f"https://fill.example/{article_id}",
                    "source": f"outlet-{article_id % 500}",
                    "title": "t",
                    "author": None,
                    "published_at": when,
                    "fetched_at": when,
                    "on_topic": True,
                    "text": "x",
                    "text_hash": "0" * 40,
                }
            )
            seen: set[tuple[str, str]] = set()
            for position, (statement, actor, text, _) in enumerate(group):
                key = (actor, cluster.fingerprint(text))
                if key in seen:
                    continue
                seen.add(key)
                rows["mentions"].append(
                    {
                        "statement_id": statement,
                        "article_id": article_id,
                        "actor": actor,
                        "text": text,
                        "fingerprint": key[1],
                        "kind": "direct",
                        "speaker": "",
                        "cue": "said",
                        "confidence": 0.9,
                        "position": position,
                        "seen_at": when,
                    }
                )

    echo: list[tuple[str, str, str, datetime]] = []  # second mentions, a little later
    for index in range(size):
        when = start + timedelta(days=days * index / size)
        actor = f"Actor {rng.randrange(SCALE_ACTORS)}"
        text = " ".join(utterance(rng))
        wording = cluster.normalize_wording(text)
        key = statement_id(actor, text, f"https://fill.example/s{index}")
        rows["statements"].append(
            {
                "id": key,
                "actor": actor,
                "text": text,
                "fingerprint": cluster.fingerprint(text),
                "kind": "direct",
                "first_seen_at": when,
                "first_published_at": when,
                "on_topic": True,
                "wording": wording,
            }
        )
        rows["statement_shingles"].extend(shingle_rows(key, actor, wording))
        pending.append((key, actor, text, when))
        if rng.random() < 0.5:
            echo.append((key, actor, reported(rng, text.split()).strip('“”«»"‘’,.…'), when))
        if len(echo) > 40:
            pending.append(echo.pop(0))
        flush_articles()
        if when > end - timedelta(days=3):
            recent[actor].append(text)
    pending.extend(echo)
    flush_articles(final=True)
    tables = {
        "articles": articles,
        "statements": statements,
        "mentions": mentions,
        "statement_shingles": statement_shingles,
    }
    with store.engine.begin() as connection:
        for name in ("articles", "statements", "statement_shingles", "mentions"):
            for chunk in range(0, len(rows[name]), 20000):
                connection.execute(tables[name].insert(), rows[name][chunk : chunk + 20000])
        if store.engine.dialect.name == "postgresql":
            connection.exec_driver_sql(
                "SELECT setval(pg_get_serial_sequence('articles', 'id'), max(id)) FROM articles"
            )
    with store.engine.connect() as connection:
        if store.engine.dialect.name == "postgresql":
            connection.exec_driver_sql("ANALYZE")
        else:
            connection.exec_driver_sql("ANALYZE")
        connection.commit()
    del sa
    return recent


def _new_batch(
    rng: random.Random, recent: dict[str, list[str]], when: datetime, serial: int
) -> list[tuple[Article, list[Mention]]]:
    """BATCH_ARTICLES new articles, each with MENTIONS_PER_ARTICLE mentions: an exact repeat of
    a recent statement, another outlet's version of one (the fuzzy path), a new utterance."""
    batch = []
    for number in range(BATCH_ARTICLES):
        found = []
        for kind in range(MENTIONS_PER_ARTICLE):
            actor = rng.choice(sorted(recent))
            old = rng.choice(recent[actor])
            text = (
                old
                if kind == 0
                else reported(rng, old.split()).strip('“”«»"‘’,.…')
                if kind == 1
                else " ".join(utterance(rng))
            )
            found.append(Mention(actor=actor, text=text, start=kind * 100))
        url = f"https://timed.example/{serial}/{number}"
        batch.append(
            (
                Article(
                    url=url,
                    source="timed",
                    title="t",
                    author=None,
                    published=when,
                    fetched_at=when,
                    text="x " * 400,
                    on_topic=True,
                ),
                found,
            )
        )
    return batch


def scale(storage: str | None, sizes: list[int], seed: int) -> None:
    """Per size: a new database filled in bulk, then TIMED_BATCHES calls of the pipeline's
    add_articles; one JSON line with the median and p95 wall and CPU cost per article."""
    end = datetime(2026, 1, 1, tzinfo=UTC)
    with tempfile.TemporaryDirectory() as folder:
        for size in sizes:
            rng = random.Random(seed)
            url = _scale_url(storage, Path(folder), size)
            store = Store.open(url)
            filled = time.perf_counter()
            recent = _fill(store, size, rng, end)
            filled = time.perf_counter() - filled
            wall, cpu = [], []
            for serial in range(TIMED_BATCHES + 2):
                batch = _new_batch(rng, recent, end + timedelta(minutes=serial), serial)
                started, started_cpu = time.perf_counter(), time.process_time()
                store.add_articles(batch)
                if serial >= 2:  # the first two warm the statement cache and the pool
                    wall.append((time.perf_counter() - started) / BATCH_ARTICLES * 1000)
                    cpu.append((time.process_time() - started_cpu) / BATCH_ARTICLES * 1000)
            store.close()
            print(
                json.dumps(
                    {
                        "engine": url.split(":", 1)[0],
                        "statements": size,
                        "fill_seconds": round(filled, 1),
                        "ms_per_article_median": round(statistics.median(wall), 2),
                        "ms_per_article_p95": round(_p95(wall), 2),
                        "cpu_ms_per_article_median": round(statistics.median(cpu), 2),
                        "articles_timed": len(wall) * BATCH_ARTICLES,
                    }
                ),
                flush=True,
            )


def _p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=20000)
    parser.add_argument("--actors", type=int, default=10)
    parser.add_argument("--days", type=int, default=90)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument(
        "--url", help="database URL (default: a new SQLite file); PostgreSQL: use an empty database"
    )
    parser.add_argument("--corpus", type=Path, help="score clustering on an annotated corpus")
    parser.add_argument(
        "--sizes",
        help="insert cost against store size: comma-separated statement counts "
        "(e.g. 10000,100000,1000000), each in a new database filled in bulk",
    )
    parser.add_argument("--storage", help="with --sizes: sqlite (default) or a PostgreSQL URL")
    args = parser.parse_args()
    if args.sizes:
        scale(args.storage, [int(size) for size in args.sizes.split(",")], args.seed)
        return
    with tempfile.TemporaryDirectory() as folder:
        url = args.url or f"sqlite:///{Path(folder) / 'bench.db'}"
        print(f"database: {url}")
        if args.corpus:
            score_corpus(args.corpus, url)
        else:
            run(url, args.articles, args.actors, args.days, args.seed)


if __name__ == "__main__":
    main()
