"""How the store scales: insert N synthetic articles with mentions, then time the queries.

    .venv/bin/python benchmarks/store_scale.py                       # 20k articles, SQLite
    .venv/bin/python benchmarks/store_scale.py --articles 5000 --url postgresql://postgres@127.0.0.1:55432/postgres

Synthetic coverage: `--actors` actors make utterances (8-25 words from a news vocabulary) over
`--days` days; each utterance is reported by 1-8 outlets, each quoting it its own way (other
marks, trimmed at either end, a word changed), so clustering has real work to do. Prints
articles/s and mentions/s while inserting, how many statements clustering produced against
how many utterances there were, and the latency of the listing queries.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
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
    started = time.perf_counter()
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
            elapsed = time.perf_counter() - started
            print(f"  {index + 1} articles, {(index + 1) / elapsed:.0f}/s", flush=True)
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=20000)
    parser.add_argument("--actors", type=int, default=10)
    parser.add_argument("--days", type=int, default=90)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument(
        "--url", help="database URL (default: a new SQLite file); PostgreSQL: use an empty database"
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        url = args.url or f"sqlite:///{Path(folder) / 'bench.db'}"
        print(f"database: {url}")
        run(url, args.articles, args.actors, args.days, args.seed)


if __name__ == "__main__":
    main()
