#!/usr/bin/env python3
"""Reported-speech errors by category, for error analysis on a training corpus.

    python benchmarks/reported_errors.py CORPUS_DIR [--show CATEGORY] [--limit N]

False positives: wrong_speaker (a gold clause of another actor matches the words), span (the
same actor's gold overlaps but token F1 < 0.5: too long / too short), unannotated (no gold
overlaps: not a report, or a report whose source PolNeAR did not resolve to a tracked actor).
Misses: by the word before the gold clause ("said", "that", "believes" …) and whether a mention
of the same actor overlapped it (a span miss) or not. Prints counts; --show prints examples of
one category on the terminal only (third-party text: never commit the output).
"""

from __future__ import annotations

import argparse
from collections import Counter
from pathlib import Path

from attribution import load_scorer
from reported_speech import QUOTE_MARKS, indirect_by_article, word_before

from monitor.config import load_actors
from monitor.extract.reported import reporting_words


def _overlaps(text: str, gold: str, lo: int, hi: int) -> bool:
    """Whether the gold clause stands in the article text between lo and hi (any overlap)."""
    pos = text.find(gold)
    return pos >= 0 and pos < hi and lo < pos + len(gold)


class Tally:
    """Counts per category; prints up to `limit` examples of the categories starting `show`."""

    def __init__(self, show: str, limit: int) -> None:
        self.cats: Counter[str] = Counter()
        self.shown = 0
        self.prefix, self.limit = show, limit

    def __call__(self, cat: str, *lines: str) -> None:
        self.cats[cat] += 1
        if self.prefix and cat.startswith(self.prefix) and self.shown < self.limit:
            self.shown += 1
            print(f"--- {cat}")
            for line in lines:
                print("   ", line)


def false_positive(sc, show: Tally, text: str, gold: list[dict], m) -> set[int]:
    """The gold clauses the mention matches; if none, its error category."""
    nm = sc.norm(m.text)
    f1s = [(sc.token_f1(sc.norm(g["text"]), nm), i) for i, g in enumerate(gold)]
    hits = {i for f, i in f1s if f >= 0.5 and gold[i]["actor"] == m.actor}
    if hits:
        return hits
    lo = text.find(m.text)
    near = {i for i, g in enumerate(gold) if lo >= 0 and _overlaps(
        text, g["text"], lo, lo + len(m.text))}
    same = [(f, i) for f, i in f1s if i in near and gold[i]["actor"] == m.actor]
    other = [(f, i) for f, i in f1s if i in near and gold[i]["actor"] != m.actor]
    rule = m.rule.split("+")[0]
    if same:
        f, i = max(same)
        side = "long" if len(nm) > len(sc.norm(gold[i]["text"])) else "short"
        show(f"fp/span_{side}/{rule}", f"{m.actor} [{m.rule}] f1={f:.2f}",
             f"gold: {gold[i]['text']}", f"ours: {m.text}")
    elif other:
        g = gold[max(other)[1]]
        show(f"fp/wrong_speaker/{rule}", f"{m.actor} <- {m.speaker!r} [{m.rule}]",
             f"gold {g['actor']}: {g['text']}", f"ours: {m.text}")
    else:
        quoted = "quoted" if QUOTE_MARKS.search(m.text) else "plain"
        show(f"fp/unannotated_{quoted}/{rule}", f"{m.actor} <- {m.speaker!r} "
             f"cue={m.cue!r} [{m.rule}]", f"ours: {m.text}")
    return set()


def miss(show: Tally, text: str, g: dict, mentions: list) -> None:
    """A missed gold clause by its word before and whether a mention overlapped it."""
    ov = [m for m in mentions if text.find(m.text) >= 0 and _overlaps(
        text, g["text"], text.find(m.text), text.find(m.text) + len(m.text))]
    ov = [m for m in ov if m.actor == g["actor"]] or ov
    wb = word_before(text, g["text"])
    pos = text.find(g["text"][:40])
    ctx = text[max(0, pos - 90):pos].replace("\n", " ") if pos >= 0 else "?"
    kind = ("span" if ov[0].actor == g["actor"] else "speaker") if ov else (
        "none" if text.find(g["text"]) >= 0 else "nowhere")
    say = "say" if wb in reporting_words().say_type else "other"
    show(f"miss/{say}/{kind}/{wb}", f"{g['actor']}: ...{ctx} [[{g['text']}]]",
         *(f"ours {m.actor}: {m.text} [{m.rule}]" for m in ov[:2]))


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("corpus", type=Path)
    ap.add_argument("--show", default="")
    ap.add_argument("--limit", type=int, default=30)
    ap.add_argument("--scorer", type=Path, default=Path("/work/shared/eval/score.py"))
    args = ap.parse_args()
    sc = load_scorer(args.scorer)
    actors = load_actors(args.corpus / "actors.yaml")
    show = Tally(args.show, args.limit)
    for article, mentions in indirect_by_article(sc, args.corpus, actors):
        gold = article.get("indirect", [])
        text = "\n".join(article["paragraphs"])
        found = set().union(*(false_positive(sc, show, text, gold, m) for m in mentions))
        for i, g in enumerate(gold):
            if i not in found:
                miss(show, text, g, mentions)
    for cat, n in show.cats.most_common():
        if n >= 4 or not cat.startswith("miss/other"):
            print(f"{n:5d} {cat}")


if __name__ == "__main__":
    main()
