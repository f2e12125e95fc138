#!/usr/bin/env python3
"""Article text on real pages, scored by snippets: trafilatura's evaluation set, for error
analysis (its pages and text are third-party: read from the git dir, never copied here).

    python benchmarks/snippet_eval.py GIT_DIR [--lang en|all] [--show misses|leaks|both]
                                      [--only SUBSTRING] [--repeat N] [--no-trafilatura]

GIT_DIR is a (bare) clone of adbar/trafilatura: tests/evaldata.json lists, per page, snippets
the main text must hold ("with") and must not ("without"), for the HTML files in tests/cache/
and tests/eval/. A snippet counts as found when it occurs in the whitespace-normalised text,
as trafilatura's own tests/eval_common.py counts it. Prints, for monitor's extract_article and
for trafilatura.extract (when importable): snippet recall (with found), leak (without found),
precision and F1 over snippets as trafilatura's evaluation computes them, and CPU ms per page.

--lang en (the default) keeps pages whose "with" snippets read as English (or, when they are
too short to tell, whose <html lang> says so). trafilatura was tuned on these pages, so the
comparison favours it: the point is to see categories of monitor's misses and leaks (--show),
then to write invented pages of each pattern into benchmarks/pages.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import re
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from monitor.parse import decode_html, extract_article

Extractor = Callable[[str, str], str]

_HTML_LANG = re.compile(rb"<html\b[^>]*?\blang\s*=\s*[\"']?([A-Za-z]{2,3})", re.IGNORECASE)
_WORD = re.compile(r"[a-z]+")
_ENGLISH_WORDS = frozenset(
    ["the", "and", "of", "to", "in", "is", "that", "for", "it", "on", "was", "with", "as",
     "are", "be", "by", "this", "have", "from", "at", "an"]
)
ENGLISH_WORD_SHARE = 0.15


@dataclass
class Page:
    url: str
    path: str
    html: str
    with_: list[str]
    without: list[str]


def git(git_dir: Path, *args: str, data: bytes | None = None) -> bytes:
    return subprocess.run(
        ["git", f"--git-dir={git_dir}", *args], input=data, capture_output=True, check=True
    ).stdout


def read_blobs(git_dir: Path, paths: list[str]) -> dict[str, bytes]:
    """The files at HEAD, in one `git cat-file --batch` run."""
    request = "".join(f"HEAD:{p}\n" for p in paths).encode()
    out = git(git_dir, "cat-file", "--batch", data=request)
    blobs: dict[str, bytes] = {}
    position = 0
    for path in paths:
        header_end = out.index(b"\n", position)
        header = out[position:header_end].split()
        position = header_end + 1
        if len(header) < 3 or header[1] != b"blob":
            continue  # "missing"
        size = int(header[2])
        blobs[path] = out[position : position + size]
        position += size + 1
    return blobs


def is_english(html: bytes, snippets: list[str]) -> bool:
    """The "with" snippets read as English, or, too short to tell, the page's <html lang>
    says English (some German pages declare lang="en")."""
    words = _WORD.findall(" ".join(snippets).lower())
    if len(words) >= 8:
        return sum(w in _ENGLISH_WORDS for w in words) >= ENGLISH_WORD_SHARE * len(words)
    match = _HTML_LANG.search(html[:5000])
    return match is not None and match.group(1).lower().startswith(b"en")


def load_pages(git_dir: Path, lang: str, only: str | None) -> list[Page]:
    evaldata: dict[str, dict[str, Any]] = json.loads(
        git(git_dir, "show", "HEAD:tests/evaldata.json")
    )
    listed = git(git_dir, "ls-tree", "-r", "-z", "--name-only", "HEAD", "tests/cache", "tests/eval")
    where = {Path(p).name: p for p in listed.decode("utf-8", "replace").split("\0") if p}
    wanted = {
        url: item
        for url, item in evaldata.items()
        if item.get("file") in where and (only is None or only in url)
    }
    blobs = read_blobs(git_dir, sorted({where[item["file"]] for item in wanted.values()}))
    pages = []
    for url, item in sorted(wanted.items()):
        raw = blobs.get(where[item["file"]])
        if raw is None or (lang == "en" and not is_english(raw, item["with"])):
            continue
        html = decode_html(raw, None)  # as the pipeline decodes pages
        pages.append(Page(url, where[item["file"]], html, item["with"], item["without"]))
    return pages


def norm(text: str) -> str:
    return " ".join(text.split())


def monitor_text(html: str, url: str) -> str:
    return "\n".join(extract_article(html, url).paragraphs)


def trafilatura_extractor() -> Extractor | None:
    if importlib.util.find_spec("trafilatura") is None:
        return None
    try:
        import trafilatura
    except ImportError as exc:
        print(f"trafilatura not usable: {exc}", file=sys.stderr)
        return None

    def run(html: str, url: str) -> str:
        # the settings of trafilatura's own evaluation (tests/eval_common.py)
        text = trafilatura.extract(
            html, url=url, include_comments=False, include_tables=True, include_formatting=False
        )
        return text or ""

    return run


@dataclass
class Outcome:
    found: list[bool]  # per "with" snippet
    leaked: list[bool]  # per "without" snippet
    ms: float


def score(page: Page, fn: Extractor, repeat: int) -> Outcome:
    started = time.process_time()
    for _ in range(repeat):
        text = norm(fn(page.html, page.url))
    ms = (time.process_time() - started) * 1000 / repeat
    return Outcome(
        [norm(w) in text for w in page.with_], [norm(w) in text for w in page.without], ms
    )


def summary(name: str, outcomes: list[Outcome]) -> str:
    tp = sum(sum(o.found) for o in outcomes)
    fn = sum(len(o.found) for o in outcomes) - tp
    fp = sum(sum(o.leaked) for o in outcomes)
    withs, withouts = tp + fn, sum(len(o.leaked) for o in outcomes)
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / withs if withs else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    perfect = sum(all(o.found) and not any(o.leaked) for o in outcomes)
    ms = sum(o.ms for o in outcomes) / max(len(outcomes), 1)
    return (
        f"{name:12} recall {recall:.3f} ({tp}/{withs})  leak {fp / max(withouts, 1):.3f} "
        f"({fp}/{withouts})  P {precision:.3f}  F1 {f1:.3f}  pages all-right {perfect}/"
        f"{len(outcomes)}  {ms:.2f} CPU ms/page"
    )


def show(page: Page, ours: Outcome, theirs: Outcome | None, what: str) -> None:
    missed = [w for w, ok in zip(page.with_, ours.found, strict=True) if not ok]
    leaked = [w for w, bad in zip(page.without, ours.leaked, strict=True) if bad]
    lines = []
    if what in ("misses", "both"):
        lines += [f"  - {w[:100]!r}" for w in missed]
    if what in ("leaks", "both"):
        lines += [f"  + {w[:100]!r}" for w in leaked]
    if not lines:
        return
    other = ""
    if theirs is not None:
        other = f"  (trafilatura: {sum(theirs.found)}/{len(theirs.found)} found, "
        other += f"{sum(theirs.leaked)} leaked)"
    print(f"\n-- {page.url}  [{page.path}]{other}")
    print("\n".join(lines))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("git_dir", type=Path, help="a clone of adbar/trafilatura (bare is fine)")
    parser.add_argument("--lang", choices=("en", "all"), default="en")
    parser.add_argument("--only", help="pages whose URL holds this")
    parser.add_argument("--show", choices=("misses", "leaks", "both"))
    parser.add_argument("--repeat", type=int, default=1, help="timing runs per page")
    parser.add_argument("--no-trafilatura", action="store_true")
    args = parser.parse_args()
    pages = load_pages(args.git_dir, args.lang, args.only)
    extractors: dict[str, Extractor] = {"monitor": monitor_text}
    other = None if args.no_trafilatura else trafilatura_extractor()
    if other is not None:
        extractors["trafilatura"] = other
    results = {name: [score(p, fn, args.repeat) for p in pages] for name, fn in extractors.items()}
    if args.show:
        theirs = results.get("trafilatura")
        for i, page in enumerate(pages):
            show(page, results["monitor"][i], theirs[i] if theirs else None, args.show)
    print(f"\n== {args.git_dir}: {len(pages)} pages ({args.lang})")
    for name, outcomes in results.items():
        print(summary(name, outcomes))
    if other is not None:
        ratio = sum(o.ms for o in results["trafilatura"]) / max(
            sum(o.ms for o in results["monitor"]), 1e-9
        )
        print(f"monitor is {ratio:.1f}x trafilatura's speed in-process (CPU time)")


if __name__ == "__main__":
    main()
