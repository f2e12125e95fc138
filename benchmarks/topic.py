#!/usr/bin/env python3
"""Topic filter quality and speed on an annotated corpus.

    python benchmarks/topic.py CORPUS_DIR [--topic-file FILE] [--actors FILE|none] [--literal]
                               [--newsroom] [--repeat N] [-q] [--save FILE] [--compare FILE]
                               [--rules]

CORPUS_DIR holds articles/*.json (fields `relevant`, `title`, `paragraphs`, `statements`; for
example /work/shared/corpus/dev). The tracked actors (who the subject's people are) come from
--actors, else the corpus's actors.yaml, else corpus_actors.yaml beside its parent folder,
else the starter actors of `monitor init` (as the evaluation passes them to the pipeline). The
topic is the default ceasefire topic below, unless the corpus ships topic.txt (or --topic-file
is given): then include = its lines, no require; `--topic-file starter` keeps the default.

Prints each article's verdict, scores and reason (-q: only the errors), then the confusion
counts and how many annotated statements each kind of error costs (a relevant article judged
off-topic loses all its statements; a distractor judged on-topic lists all of its), and the
time per article. --literal also scores the contract's literal rule (any include and any
require term, case-insensitive word match) for comparison. --newsroom reads each article as the
pipeline does: rendered as a page by the newsroom test server's templates (newsroom.py beside
the corpus's parent folder, with navigation, related headlines and comments) and extracted by
monitor.parse.extract_article, so the figures include what extraction keeps or loses.

--save FILE writes every article's verdict and evidence as JSON; --compare FILE (one saved
before a change) prints each article whose verdict or evidence differs and the agreement, N/N:
a refactoring of the rules should change nothing. --rules prints, per decision rule, how many
relevant and distractor articles it decided (and how many of them wrongly), and per evidence
rule in how many articles of each kind it counted: a rule that never decides or counts earns
nothing.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from pathlib import Path

from monitor.config import load_actors, load_config
from monitor.models import Actor, Topic
from monitor.topic import TopicVerdict, topic_score

STARTER = Path(__file__).resolve().parent.parent / "monitor/data/starter"
# The topic monitor ships (`monitor init`), which is also the evaluation's default topic.
DEFAULT_TOPIC = load_config(STARTER / "monitor.yaml").topic


def load_topic(corpus: Path, topic_file: Path | None) -> Topic:
    if topic_file is not None and str(topic_file) == "starter":
        return DEFAULT_TOPIC
    path = topic_file or corpus / "topic.txt"
    if path.is_file():
        lines = [ln.strip() for ln in path.read_text(encoding="utf-8").splitlines()]
        return Topic(include=tuple(ln for ln in lines if ln and not ln.startswith("#")))
    return DEFAULT_TOPIC


STARTER_ACTORS = STARTER / "actors.yaml"


def load_benchmark_actors(corpus: Path, given: Path | None) -> tuple[Actor, ...]:
    """The tracked actors the evaluation passes: --actors FILE ('none' for none), else the
    corpus's actors.yaml, else corpus_actors.yaml beside its parent folder, else the starter."""
    if given is not None:
        return () if str(given) == "none" else load_actors(given)
    candidates = (corpus / "actors.yaml", corpus.resolve().parent.parent / "corpus_actors.yaml")
    return load_actors(next((p for p in candidates if p.is_file()), STARTER_ACTORS))


def literal_rule(topic: Topic, title: str, paragraphs: list[str]) -> bool:
    text = (title + "\n" + "\n".join(paragraphs)).lower()

    def has(terms: tuple[str, ...]) -> bool:
        return any(re.search(r"\b" + re.escape(t.lower()) + r"\b", text) for t in terms)

    return (
        has(topic.include)
        and (not topic.require or has(topic.require))
        and not (topic.exclude and has(topic.exclude))
    )


def newsroom_texts(corpus: Path) -> dict[str, tuple[str, list[str]]]:
    """Article id -> (title, paragraphs) as monitor extracts them from the rendered page."""
    from monitor.parse import extract_article

    sys.path.insert(0, str(corpus.resolve().parent.parent / "newsroom"))
    import newsroom  # type: ignore[import-not-found]

    _, articles = newsroom.load_corpus(corpus)
    base = "http://127.0.0.1:8800"
    texts = {}
    for article in articles:
        others = [a for a in articles if a is not article][:8]
        page = extract_article(newsroom.article_page(article, others, base, False), base)
        texts[article.id] = (page.title or "", list(page.paragraphs))
    return texts


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--topic-file", type=Path)
    parser.add_argument(
        "--actors",
        type=Path,
        help="tracked actors file (default: corpus_actors.yaml beside the corpus's parent "
        "folder, else the starter actors of `monitor init`; 'none' for no actors)",
    )
    parser.add_argument("--literal", action="store_true")
    parser.add_argument("--newsroom", action="store_true", help="score extracted page text")
    parser.add_argument("--repeat", type=int, default=20, help="timing repetitions")
    parser.add_argument("-q", "--quiet", action="store_true", help="print only the errors")
    parser.add_argument("--save", type=Path, help="write the verdicts to this JSON file")
    parser.add_argument("--compare", type=Path, help="diff the verdicts against a saved file")
    parser.add_argument("--rules", action="store_true", help="count each rule's decisions")
    args = parser.parse_args(argv)

    files = sorted((args.corpus / "articles").glob("*.json"))
    if not files:
        print(f"no articles/*.json under {args.corpus}", file=sys.stderr)
        return 1
    topic = load_topic(args.corpus, args.topic_file)
    actors = load_benchmark_actors(args.corpus, args.actors)
    articles = [json.loads(f.read_text(encoding="utf-8")) for f in files]
    if args.newsroom:
        extracted = newsroom_texts(args.corpus)
        for article in articles:
            article["title"], article["paragraphs"] = extracted[article["id"]]

    counts = {"tp": 0, "fn": 0, "tn": 0, "fp": 0}
    cost = {"fn": 0, "fp": 0}
    literal = {"fn": 0, "fp": 0}
    saved: dict[str, dict[str, object]] = {}
    decided: dict[str, dict[str, int]] = {}  # decision rule -> counts by kind
    counted: dict[str, dict[str, int]] = {}  # evidence rule -> articles by relevance
    for article in articles:
        title, paragraphs = article.get("title") or "", article.get("paragraphs") or []
        relevant = bool(article["relevant"])
        verdict = topic_score(topic, title, paragraphs, actors=actors)
        saved[str(article.get("id", "?"))] = verdict_record(verdict)
        if getattr(verdict, "rule", ""):  # (an engine before named rules has none)
            tally = decided.setdefault(verdict.rule, {"tp": 0, "fn": 0, "tn": 0, "fp": 0})
            tally[{(True, True): "tp", (True, False): "fn", (False, True): "fp",
                   (False, False): "tn"}[(relevant, verdict.on_topic)]] += 1
        for name, _ in getattr(verdict, "evidence_rules", ()):
            seen = counted.setdefault(name, {"relevant": 0, "distractor": 0})
            seen["relevant" if relevant else "distractor"] += 1
        n_statements = len(article.get("statements") or [])
        kind = {(True, True): "tp", (True, False): "fn", (False, True): "fp", (False, False): "tn"}[
            (relevant, verdict.on_topic)
        ]
        counts[kind] += 1
        if kind in cost:
            cost[kind] += n_statements
        if args.literal:
            got = literal_rule(topic, title, paragraphs)
            if got != relevant:
                literal["fp" if got else "fn"] += 1
        if args.quiet and kind in ("tp", "tn"):
            continue
        mark = "  " if kind in ("tp", "tn") else "XX"
        print(
            f"{mark} {article.get('id', '?'):5} {kind} rel={int(relevant)} "
            f"subj={verdict.subject:5.1f} neg={verdict.negotiation:5.1f} "
            f"here={verdict.theatre:4.1f} else={verdict.elsewhere:4.1f} "
            f"st={n_statements:2}  {title[:60]}"
        )
        print(f"         {verdict.reason}")

    if args.save:
        args.save.write_text(json.dumps(saved, indent=1, sort_keys=True), encoding="utf-8")

    # CPU time as well as wall time: on a shared machine the wall clock counts other work.
    started, started_cpu = time.perf_counter(), time.process_time()
    for _ in range(args.repeat):
        for article in articles:
            topic_score(topic, article.get("title"), article.get("paragraphs") or [], actors=actors)
    runs = args.repeat * len(articles)
    per_article_ms = (time.perf_counter() - started) * 1000 / runs
    per_article_cpu_ms = (time.process_time() - started_cpu) * 1000 / runs

    relevant_n = counts["tp"] + counts["fn"]
    distractor_n = counts["tn"] + counts["fp"]
    print()
    print(
        f"articles {len(articles)}: relevant {relevant_n}, distractors {distractor_n}; "
        f"{len(actors)} tracked actors"
    )
    print(
        f"relevant kept     {counts['tp']}/{relevant_n}  "
        f"(missed {counts['fn']}, costing {cost['fn']} annotated statements)"
    )
    print(
        f"distractors out   {counts['tn']}/{distractor_n}  "
        f"(let in {counts['fp']}, listing {cost['fp']} off-topic statements)"
    )
    if args.literal:
        print(f"literal rule      missed {literal['fn']}, let in {literal['fp']}")
    print(
        f"speed             {per_article_ms:.3f} ms per article "
        f"({per_article_cpu_ms:.3f} ms of CPU)"
    )
    if args.rules:
        print_rules(decided, counted)
    if args.compare:
        before = json.loads(args.compare.read_text(encoding="utf-8"))
        same_verdict, same_all = compare_verdicts(before, saved)
        print(
            f"against {args.compare.name}: verdicts agree {same_verdict}/{len(saved)}, "
            f"evidence and reason agree {same_all}/{len(saved)}"
        )
    return 0 if counts["fn"] == 0 and counts["fp"] == 0 else 2


def print_rules(decided: dict[str, dict[str, int]], counted: dict[str, dict[str, int]]) -> None:
    print("decision rule           kept  dropped  (wrongly: kept, dropped)")
    for name, t in sorted(decided.items(), key=lambda kv: -sum(kv[1].values())):
        print(f"  {name:22} {t['tp'] + t['fp']:4}  {t['tn'] + t['fn']:7}  ({t['fp']}, {t['fn']})")
    print("evidence rule           articles counted in: relevant  distractor")
    for name, c in sorted(counted.items()):
        print(f"  {name:22} {c['relevant']:30}  {c['distractor']:10}")


def verdict_record(verdict: TopicVerdict) -> dict[str, object]:
    return {
        "on_topic": verdict.on_topic,
        "subject": verdict.subject,
        "negotiation": verdict.negotiation,
        "elsewhere": verdict.elsewhere,
        "theatre": verdict.theatre,
        "elsewhere_names": list(verdict.elsewhere_names),
        "reason": verdict.reason,
    }


def compare_verdicts(
    before: dict[str, dict[str, object]], after: dict[str, dict[str, object]]
) -> tuple[int, int]:
    """Print the articles whose verdict or evidence changed; (verdicts equal, records equal)."""
    same_verdict = same_all = 0
    for article_id in sorted(set(before) | set(after)):
        old, new = before.get(article_id), after.get(article_id)
        if old == new:
            same_verdict += 1
            same_all += 1
            continue
        if old and new and old["on_topic"] == new["on_topic"]:
            same_verdict += 1
            mark = "evidence"
        else:
            mark = "VERDICT"
        print(f"{mark:8} {article_id}: {old} -> {new}")
    return same_verdict, same_all


if __name__ == "__main__":
    sys.exit(main())
