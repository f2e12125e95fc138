#!/usr/bin/env python3
"""Attribution accuracy of monitor.extract on an annotated corpus, in every quote style.

    python benchmarks/attribution.py CORPUS_DIR [--actors FILE] [--verbose] [--style STYLE]
                                     [--ablate] [--rules]

Runs extract_mentions on each article's paragraphs (restyled the way outlets serve them:
curly “…”, straight "…" and guillemets «…»), then scores the mentions with the rules of the
evaluation's score.py (imported from /work/shared/eval when present, else from --scorer).

--ablate also runs the corpus once per tracked actor with that actor left out of the list, and
counts that actor's annotated quotes given to someone else: how the extractor treats people it
does not track, measured on real sentences (the figure should be 0).

--rules prints, per rule name (Mention.rule split on "+"), how often it fired and how many of
those mentions were true and false positives against the gold, for direct and indirect
mentions, matched as score.py matches them: a rule that earns nothing can be deleted, a
harmful one seen.
"""

from __future__ import annotations

import argparse
import importlib.util
import sys
from datetime import datetime
from pathlib import Path

from monitor.config import load_actors
from monitor.extract import extract_mentions
from monitor.models import Actor

STYLES = ("curly", "straight", "guillemets")


def restyle(text: str, style: str) -> str:
    """The newsroom's rewrite of curly marks in an outlet's house style."""
    if style == "straight":
        return text.replace("“", '"').replace("”", '"').replace("‘", "'").replace("’", "'")
    if style == "guillemets":
        return text.replace("“", "«").replace("”", "»")
    return text


def load_scorer(path: Path):
    spec = importlib.util.spec_from_file_location("score", path)
    if spec is None or spec.loader is None:
        sys.exit(f"cannot load the scorer from {path}; pass --scorer PATH/score.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def run(corpus_dir: Path, actors: tuple[Actor, ...], style: str, scorer) -> tuple[dict, list]:
    corpus = scorer.load_corpus(corpus_dir)
    statements = []
    produced = []
    for aid, article in corpus.items():
        paragraphs = [restyle(p, style) for p in article["paragraphs"]]
        day = datetime.fromisoformat(article["published"]).date()
        for n, m in enumerate(extract_mentions(paragraphs, actors, published=day,
                                               title=restyle(article["title"], style))):
            produced.append((aid, m))
            statements.append({"id": f"{aid}-{n}", "actor": m.actor, "mentions": [
                {"url": f"http://x/{aid}-a.html", "text": m.text, "kind": m.kind}]})
    return scorer.score(corpus, statements), produced


def explain(corpus: dict, produced: list, scorer) -> None:
    by_article: dict[str, list] = {}
    for aid, m in produced:
        by_article.setdefault(aid, []).append(m)
    for aid, article in corpus.items():
        if not article["relevant"]:
            continue
        mine = by_article.get(aid, [])
        for g in article["statements"]:
            hit = [m for m in mine if scorer.matches(g["text"], m.text)]
            if not any(m.actor == g["actor"] for m in hit):
                wrong = ", ".join(f"{m.actor} via {m.speaker!r}" for m in hit) or "nothing"
                print(f"  MISS {aid} {g['actor']}: {g['text'][:90]!r} -> {wrong}")
        for g in article.get("indirect", []):
            if not any(m.kind == "indirect" and m.actor == g["actor"] and scorer.token_f1(
                    scorer.norm(g["text"]), scorer.norm(m.text)) >= 0.5 for m in mine):
                print(f"  IMISS {aid} {g['actor']}: {g['text'][:100]!r}")
        for m in mine:
            if m.kind == "indirect":
                if not any(m.actor == g["actor"] and scorer.token_f1(
                        scorer.norm(g["text"]), scorer.norm(m.text)) >= 0.5
                        for g in article.get("indirect", [])):
                    print(f"  IFP  {aid} {m.actor} via {m.speaker!r} / {m.cue!r}: {m.text[:100]!r}")
                continue
            if len(scorer.norm(m.text)) < 3:
                continue
            if any(g["actor"] == m.actor and scorer.matches(g["text"], m.text)
                   for g in article["statements"]):
                continue
            if any(q.get("unresolved") and scorer.matches(q["text"], m.text)
                   for q in article.get("other_quotes", [])):
                continue
            print(f"  FP   {aid} {m.actor} via {m.speaker!r} / {m.cue!r}: {m.text[:90]!r}")


def verdict(article: dict, m, scorer) -> str | None:
    """"tp"/"fp" for one mention as score.py counts it, None when it is not counted."""
    if not article["relevant"]:
        return None
    if m.kind == "indirect":
        return "tp" if any(g["actor"] == m.actor and scorer.token_f1(
            scorer.norm(g["text"]), scorer.norm(m.text)) >= 0.5
            for g in article.get("indirect", [])) else "fp"
    if len(scorer.norm(m.text)) < 3 or any(
            q.get("unresolved") and scorer.matches(q["text"], m.text)
            for q in article.get("other_quotes", [])):
        return None
    return "tp" if any(g["actor"] == m.actor and scorer.matches(g["text"], m.text)
                       for g in article["statements"]) else "fp"


def rule_table(corpus: dict, produced: list, scorer) -> list[tuple[str, str, int, int, int]]:
    """(kind, rule, fired, tp, fp) per rule name, most fired first."""
    counts: dict[tuple[str, str], list[int]] = {}
    for aid, m in produced:
        result = verdict(corpus[aid], m, scorer)
        for name in (m.rule or "unnamed").split("+"):
            row = counts.setdefault((m.kind, name), [0, 0, 0])
            row[0] += 1
            row[1] += result == "tp"
            row[2] += result == "fp"
    return sorted(((k, r, *v) for (k, r), v in counts.items()),
                  key=lambda row: (row[0], -row[2], row[1]))


def print_rules(corpus: dict, produced: list, scorer) -> None:
    print(f"  {'kind':8s} {'rule':32s} {'fired':>6s} {'tp':>6s} {'fp':>6s} {'prec':>6s}")
    for kind, rule, fired, tp, fp in rule_table(corpus, produced, scorer):
        prec = f"{tp / (tp + fp):.3f}" if tp + fp else "-"
        print(f"  {kind:8s} {rule:32s} {fired:6d} {tp:6d} {fp:6d} {prec:>6s}")


def ablate(corpus: dict, actors: tuple[Actor, ...], scorer) -> int:
    """Leave each actor out in turn; count their quotes attributed to another actor."""
    taken = 0
    for left_out in actors:
        kept = tuple(a for a in actors if a is not left_out)
        for aid, article in corpus.items():
            day = datetime.fromisoformat(article["published"]).date()
            mentions = extract_mentions(article["paragraphs"], kept, published=day,
                                        indirect=False)
            for gold in article["statements"]:
                if gold["actor"] != left_out.name:
                    continue
                for m in mentions:
                    if len(scorer.norm(m.text)) >= 3 and scorer.matches(gold["text"], m.text):
                        taken += 1
                        print(f"  TAKEN without {left_out.name}: {aid} -> {m.actor} "
                              f"via {m.speaker!r}: {m.text[:80]!r}")
    return taken


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("corpus", type=Path)
    ap.add_argument("--actors", type=Path, default=None,
                    help="actors YAML (default: corpus_actors.yaml next to the corpus folder)")
    ap.add_argument("--scorer", type=Path, default=Path("/work/shared/eval/score.py"))
    ap.add_argument("--style", choices=STYLES, action="append")
    ap.add_argument("--verbose", action="store_true", help="list misses and false positives")
    ap.add_argument("--ablate", action="store_true",
                    help="leave each actor out in turn and count their quotes taken by others")
    ap.add_argument("--rules", action="store_true",
                    help="per rule: times fired, true and false positives against the gold")
    args = ap.parse_args()
    actors_path = args.actors or args.corpus.parent.parent / "corpus_actors.yaml"
    actors = load_actors(actors_path)
    scorer = load_scorer(args.scorer)
    corpus = scorer.load_corpus(args.corpus)
    for style in args.style or STYLES:
        report, produced = run(args.corpus, actors, style, scorer)
        gold = report["gold_statements"]
        print(f"{style:11s} P={report['precision']:.4f} R={report['recall']:.4f} "
              f"F1={report['f1']:.4f} tp={report['true_positives']} "
              f"fp={report['false_positives']} gold={gold} "
              f"misattributed={report['misattributed']} "
              f"({report['misattributed'] / max(gold, 1):.1%}) "
              f"untracked_taken={report['untracked_taken']} "
              f"offtopic={report['offtopic_leaked']}")
        print(f"{'':11s} indirect P={report['indirect_precision']:.4f} "
              f"R={report['indirect_recall']:.4f} gold={report['indirect_gold']}")
        if args.verbose:
            explain(corpus, produced, scorer)
        if args.rules:
            print_rules(corpus, produced, scorer)
    if args.ablate:
        print(f"leave-one-actor-out: {ablate(corpus, actors, scorer)} quotes of a left-out "
              f"actor attributed to another actor")


if __name__ == "__main__":
    main()
