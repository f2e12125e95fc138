#!/usr/bin/env python3
"""Reported speech (kind "indirect") on an annotated corpus, broken down to see why.

    python benchmarks/reported_speech.py CORPUS_DIR [--actors FILE] [--scorer score.py]

Prints precision and recall as the evaluation's score.py counts them (same actor, token F1 of
the clause >= 0.5), then:
- per rule (Mention.rule, "+"-joined names each counted): fired, true and false positives;
- recall on gold clauses right after a say/tell-type verb ("said", "told", "added" …): the
  core of reported speech, apart from the beliefs, intentions and noun objects PolNeAR also
  annotates ("X wants …", "announced his candidacy");
- precision without the mentions that hold quotation marks: PolNeAR's conversion never makes
  an attribution holding quotation marks an indirect gold (its quoted parts become direct
  statements), while the ceasefire corpora annotate such mixed quotes as reported speech.
"""

from __future__ import annotations

import argparse
import re
from collections import Counter
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

from attribution import load_scorer  # benchmarks/attribution.py, beside this script

from monitor.config import load_actors
from monitor.extract import extract_mentions
from monitor.extract.reported import reporting_words

QUOTE_MARKS = re.compile(r"[“”\"«»]|''")


def word_before(text: str, clause: str) -> str:
    """The word before a gold clause in the article ("that" skipped), lower-cased."""
    pos = text.find(clause[:40])
    words = re.findall(r"[\w’'-]+", text[max(0, pos - 60):pos]) if pos >= 0 else []
    if words and words[-1].lower() == "that":
        words = words[:-1]
    return words[-1].lower() if words else ""


def indirect_by_article(scorer, corpus: Path, actors) -> Iterator[tuple[dict, list]]:
    """Each relevant article of the corpus with the indirect mentions extracted from it."""
    for article in scorer.load_corpus(corpus).values():
        if not article["relevant"]:
            continue
        day = datetime.fromisoformat(article["published"]).date()
        yield article, [m for m in extract_mentions(article["paragraphs"], actors, published=day)
                        if m.kind == "indirect"]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("corpus", type=Path)
    ap.add_argument("--actors", type=Path, default=None,
                    help="actors YAML (default: actors.yaml in the corpus folder)")
    ap.add_argument("--scorer", type=Path, default=Path("/work/shared/eval/score.py"))
    args = ap.parse_args()
    scorer = load_scorer(args.scorer)
    actors = load_actors(args.actors or args.corpus / "actors.yaml")
    fired, true = Counter(), Counter()
    tp = fp = tp_plain = fp_plain = 0
    gold_total = gold_found = say_total = say_found = 0
    for article, mentions in indirect_by_article(scorer, args.corpus, actors):
        gold = article.get("indirect", [])
        found = set()
        for m in mentions:
            hits = {i for i, g in enumerate(gold) if g["actor"] == m.actor and scorer.token_f1(
                scorer.norm(g["text"]), scorer.norm(m.text)) >= 0.5}
            found |= hits
            tp, fp = tp + bool(hits), fp + (not hits)
            if not QUOTE_MARKS.search(m.text):
                tp_plain, fp_plain = tp_plain + bool(hits), fp_plain + (not hits)
            for rule in (m.rule or "unnamed").split("+"):
                fired[rule] += 1
                true[rule] += bool(hits)
        text = "\n".join(article["paragraphs"])
        for i, g in enumerate(gold):
            gold_total += 1
            gold_found += i in found
            if word_before(text, g["text"]) in reporting_words().say_type:
                say_total += 1
                say_found += i in found
    print(f"indirect P={tp / max(1, tp + fp):.3f} R={gold_found / max(1, gold_total):.3f} "
          f"(tp {tp}, fp {fp}, gold {gold_total})")
    print(f"say/tell-type recall {say_found / max(1, say_total):.3f} ({say_found} of {say_total})")
    print(f"P without quotation marks {tp_plain / max(1, tp_plain + fp_plain):.3f} "
          f"({tp_plain + fp_plain} mentions)")
    print(f"{'rule':24s} {'fired':>6s} {'tp':>6s} {'fp':>6s}   P")
    for rule, n in fired.most_common():
        print(f"{rule:24s} {n:6d} {true[rule]:6d} {n - true[rule]:6d}   {true[rule] / n:.2f}")


if __name__ == "__main__":
    main()
