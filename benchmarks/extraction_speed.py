#!/usr/bin/env python3
"""Extraction speed: articles per second of extract_mentions on one core.

    python benchmarks/extraction_speed.py CORPUS_DIR [--actors FILE] [--rounds N]

--actors defaults to CORPUS_DIR/actors.yaml when there is one, else ../../corpus_actors.yaml.

Reads the corpus articles once, then times extract_mentions over all of them N times (the
actor patterns are compiled on the first call and cached, as in the service).
"""

from __future__ import annotations

import argparse
import json
import time
from datetime import datetime
from pathlib import Path

from monitor.config import load_actors
from monitor.extract import extract_mentions


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("corpus", type=Path)
    ap.add_argument("--actors", type=Path, default=None)
    ap.add_argument("--rounds", type=int, default=20)
    args = ap.parse_args()
    own = args.corpus / "actors.yaml"  # a converted corpus (PolNeAR) carries its own actors
    actors = load_actors(args.actors or (own if own.exists()
                                         else args.corpus.parent.parent / "corpus_actors.yaml"))
    articles = [json.loads(p.read_text(encoding="utf-8"))
                for p in sorted((args.corpus / "articles").glob("*.json"))]
    inputs = [(a["paragraphs"], datetime.fromisoformat(a["published"]).date(), a["title"])
              for a in articles]
    extract_mentions(inputs[0][0], actors, published=inputs[0][1])  # compile the patterns
    mentions = 0
    started, cpu_started = time.perf_counter(), time.process_time()
    for _ in range(args.rounds):
        for paragraphs, day, title in inputs:
            mentions += len(extract_mentions(paragraphs, actors, published=day, title=title))
    elapsed = time.perf_counter() - started
    cpu = time.process_time() - cpu_started  # CPU time: fair on a machine shared with others
    n = len(inputs) * args.rounds
    chars = sum(len(" ".join(p)) for p, _, _ in inputs) * args.rounds
    print(f"{n} articles in {elapsed:.2f}s wall, {cpu:.2f}s CPU: {n / cpu:.0f} articles/s "
          f"per core ({n / elapsed:.0f}/s wall), {cpu / n * 1000:.2f} ms CPU an article, "
          f"{chars / cpu / 1e6:.2f} MB/s, "
          f"{mentions / args.rounds:.0f} mentions per round")


if __name__ == "__main__":
    main()
