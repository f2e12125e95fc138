#!/usr/bin/env python3
"""Article text extraction quality and speed: monitor against trafilatura (when importable).

    python benchmarks/text_extraction.py [FOLDER] [--newsroom CORPUS_DIR] [--repeat N] [-v]
                                         [--diff F1]

FOLDER (default tests/fixtures/pages) holds NAME.html pages with NAME.txt, the expected main
text; benchmarks/pages is the invented page set of common CMS layouts and the issue-9 patterns
(written by benchmarks/pages/make_pages.py; the heldout_* layouts were not tuned on).
--newsroom renders every article of a corpus (for example /work/shared/corpus/dev) with
the newsroom test server's page templates (newsroom.py beside the corpus's parent folder) and
compares the extracted text with the corpus paragraphs.

Prints, per page and as means: token F1 (bag of lower-cased word tokens) and shingle F1 (bags of
4-token shingles, as the public article-extraction benchmarks score), and CPU milliseconds per
page.
"""

from __future__ import annotations

import argparse
import importlib.util
import re
import statistics
import sys
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

from monitor.parse import decode_html, extract_article

_TOKEN = re.compile(r"\w+", re.UNICODE)
Extractor = Callable[[str, str], str]


def tokens(text: str) -> list[str]:
    return _TOKEN.findall(text.lower())


def bag_f1(expected: Counter[tuple[str, ...]], got: Counter[tuple[str, ...]]) -> float:
    if not expected and not got:
        return 1.0
    overlap = sum((expected & got).values())
    if overlap == 0:
        return 0.0
    precision = overlap / sum(got.values())
    recall = overlap / sum(expected.values())
    return 2 * precision * recall / (precision + recall)


def shingles(words: list[str], n: int = 4) -> Counter[tuple[str, ...]]:
    if len(words) < n:
        return Counter([tuple(words)]) if words else Counter()
    return Counter(tuple(words[i : i + n]) for i in range(len(words) - n + 1))


def scores(expected: str, got: str) -> tuple[float, float]:
    want, have = tokens(expected), tokens(got)
    token_f1 = bag_f1(Counter((w,) for w in want), Counter((w,) for w in have))
    return token_f1, bag_f1(shingles(want), shingles(have))


def monitor_text(html: str, url: str) -> str:
    return extract_article(html, url).text


def trafilatura_extractor() -> Extractor | None:
    if importlib.util.find_spec("trafilatura") is None:
        return None
    try:
        import trafilatura
    except ImportError as exc:  # e.g. lxml without lxml_html_clean
        print(f"trafilatura not usable: {exc}", file=sys.stderr)
        return None

    def run(html: str, url: str) -> str:
        return trafilatura.extract(html, url=url, favor_precision=False) or ""

    return run


def folder_cases(folder: Path) -> list[tuple[str, str, str, str]]:
    cases = []
    for page in sorted(folder.glob("*.html")):
        expected = page.with_suffix(".txt")
        if expected.exists():
            html = decode_html(page.read_bytes(), None)  # as the pipeline decodes pages
            url = f"https://example.org/{page.stem}.html"
            cases.append((page.stem, html, url, expected.read_text(encoding="utf-8")))
    return cases


def newsroom_cases(corpus: Path) -> list[tuple[str, str, str, str]]:
    newsroom_dir = corpus.resolve().parent.parent / "newsroom"
    sys.path.insert(0, str(newsroom_dir))
    import newsroom  # type: ignore[import-not-found]

    _, articles = newsroom.load_corpus(corpus)
    base = "http://127.0.0.1:8800"
    cases = []
    for article in articles:
        others = [a for a in articles if a is not article][:8]
        html = newsroom.article_page(article, others, base, False)
        name = f"{article.id}/t{article.outlet.template}"
        cases.append((name, html, base + article.path, "\n\n".join(article.paragraphs)))
    return cases


def measure(
    extractors: dict[str, Extractor], cases: list[tuple[str, str, str, str]], repeat: int
) -> dict[str, tuple[list[tuple[float, float]], float]]:
    """Scores per page, and CPU ms per page for each extractor (process time: other
    processes on a shared machine do not count), timed page by page in turn so that what
    load remains (caches, frequency) falls on all of them alike."""
    results = {
        name: [scores(expected, fn(html, url)) for _, html, url, expected in cases]
        for name, fn in extractors.items()
    }
    spent = dict.fromkeys(extractors, 0.0)
    for _ in range(repeat):
        for _, html, url, _ in cases:
            for name, fn in extractors.items():
                started = time.process_time()
                fn(html, url)
                spent[name] += time.process_time() - started
    runs = repeat * max(len(cases), 1)
    return {name: (results[name], spent[name] * 1000 / runs) for name in extractors}


def show_differences(cases: list[tuple[str, str, str, str]], below: float) -> None:
    """For pages monitor scores under `below`: paragraphs it added and ones it missed."""
    for name, html, url, expected in cases:
        got = extract_article(html, url).paragraphs
        if scores(expected, "\n\n".join(got))[0] >= below:
            continue
        want = [" ".join(p.split()) for p in expected.split("\n") if p.strip()]
        got_text, want_text = " ".join(got), " ".join(want)
        print(f"\n-- {name}")
        for paragraph in got:
            if paragraph not in want_text:
                print(f"  + {paragraph[:110]}")
        for paragraph in want:
            if paragraph not in got_text:
                print(f"  - {paragraph[:110]}")


def report(title: str, cases: list[tuple[str, str, str, str]], repeat: int, verbose: bool) -> None:
    extractors: dict[str, Extractor] = {"monitor": monitor_text}
    other = trafilatura_extractor()
    if other is not None:
        extractors["trafilatura"] = other
    measured = measure(extractors, cases, repeat)
    print(f"\n== {title}: {len(cases)} pages")
    if verbose or len(cases) <= 20:
        header = "".join(f"  {name:>11} tok/shi" for name in extractors)
        print(f"{'page':28}{header}")
        for i, (name, *_rest) in enumerate(cases):
            row = "".join(
                f"  {measured[n][0][i][0]:>11.3f}/{measured[n][0][i][1]:.3f}" for n in extractors
            )
            print(f"{name[:28]:28}{row}")
    for name, (results, ms) in measured.items():
        token_mean = statistics.fmean(r[0] for r in results) if results else 0.0
        shingle_mean = statistics.fmean(r[1] for r in results) if results else 0.0
        print(
            f"{name:12} mean token F1 {token_mean:.3f}  shingle F1 {shingle_mean:.3f}  "
            f"{ms:.2f} CPU ms/page"
        )
    if "trafilatura" in measured and measured["monitor"][1] > 0:
        ratio = measured["trafilatura"][1] / measured["monitor"][1]
        print(f"monitor is {ratio:.1f}x trafilatura's speed in-process")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folder", nargs="?", type=Path, default=Path("tests/fixtures/pages"))
    parser.add_argument("--newsroom", type=Path, metavar="CORPUS_DIR")
    parser.add_argument("--repeat", type=int, default=5, help="timing runs over all pages")
    parser.add_argument("-v", "--verbose", action="store_true", help="per-page rows always")
    parser.add_argument(
        "--diff", type=float, metavar="F1", help="show added/missed paragraphs of pages under F1"
    )
    args = parser.parse_args()
    groups = [(str(args.folder), folder_cases(args.folder))]
    if args.newsroom:
        groups.append((f"newsroom {args.newsroom}", newsroom_cases(args.newsroom)))
    for title, cases in groups:
        report(title, cases, args.repeat, args.verbose)
        if args.diff is not None:
            show_differences(cases, args.diff)


if __name__ == "__main__":
    main()
