#!/usr/bin/env python3
"""Peak memory and time of article extraction on hostile pages: unclosed nesting, deep JSON-LD.

    python benchmarks/hostile_pages.py [--sizes 0.29,1.16,5] [--kinds nesting,jsonld]

Each page is parsed in a fresh subprocess (so peak RSS is the page's own); prints, per kind and
size, the page's megabytes, the child's peak RSS in MB and the seconds extract_article took.
"""

from __future__ import annotations

import argparse
import subprocess
import sys

_CHILD = r"""
import resource, sys, time
sys.setrecursionlimit(10_000)
from monitor.parse import extract_article
html = sys.stdin.read()
started = time.perf_counter()
try:
    article = extract_article(html, "https://example.org/a")
    outcome = f"{len(article.paragraphs)} paragraphs"
except Exception as exc:
    outcome = f"{type(exc).__name__}"
seconds = time.perf_counter() - started
peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(f"{peak_mb:.0f} {seconds:.3f} {outcome}")
"""


def unclosed_nesting(megabytes: float) -> str:
    unit = "<div><span><b>text "
    return "<html><body>" + unit * int(megabytes * 1024 * 1024 / len(unit))


def deep_json_ld(megabytes: float) -> str:
    depth = int(megabytes * 1024 * 1024 / 2)
    script = '<script type="application/ld+json">' + "[" * depth + "]" * depth + "</script>"
    prose = "<p>" + "A plain sentence about the harbour. " * 12 + "</p>"
    return f"<html><head>{script}</head><body><article>{prose}</article></body></html>"


def repeated(unit: str):
    def page(megabytes: float) -> str:
        return "<html><body>" + unit * int(megabytes * 1024 * 1024 / len(unit))

    return page


KINDS = {
    "nesting": unclosed_nesting,
    "jsonld": deep_json_ld,
    "divs": repeated("<div>x "),  # the plainest unclosed nesting
    "adoption": repeated("<b><div>x</b>"),  # misnested: the tree builder re-parents
    "reopen": repeated("<p><i>x</p>"),  # formatting elements re-opened in every paragraph
    "paragraphs": repeated("<p>x</p>"),  # countless tiny block elements
}


def measure(html: str) -> str:
    done = subprocess.run(
        [sys.executable, "-c", _CHILD], input=html, capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        return f"child failed ({done.returncode}): {done.stderr.strip().splitlines()[-1:]}"
    peak, seconds, *outcome = done.stdout.split()
    return f"peak RSS {peak:>6} MB  {float(seconds):8.3f} s  {' '.join(outcome)}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="0.29,1.16,5", help="page sizes in MB, comma-separated")
    parser.add_argument("--kinds", default=",".join(KINDS), help=f"of {', '.join(KINDS)}")
    args = parser.parse_args()
    for kind in args.kinds.split(","):
        for size in (float(s) for s in args.sizes.split(",")):
            html = KINDS[kind](size)
            print(f"{kind:8} {len(html.encode()) / 1e6:6.2f} MB  {measure(html)}", flush=True)


if __name__ == "__main__":
    main()
