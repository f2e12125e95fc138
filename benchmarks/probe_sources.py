"""Probes of issue 10's hostile sources, end to end through a real `monitor poll`:

    python benchmarks/probe_sources.py --monitor .venv/bin/monitor [--inflated-gb 1]
        [--items 100000]

- gzip-chain: a feed answered with `Content-Encoding: gzip, gzip` (a few KB on the wire,
  INFLATED_GB once decoded): the poll's peak RSS, time and what it says.
- big-feed: one feed listing ITEMS unique articles: article GETs of one poll, time, peak RSS.
- two-polls: two `monitor poll` at once on one SQLite database, a feed of 60 articles: article
  GETs in all (60 means no article fetched twice).
Prints one JSON line per probe. Everything is served on loopback by this script.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import tempfile
import threading
import time
import zlib
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ARTICLE = ("<html><head><title>Talks {n}</title></head><body><article><p>Ceasefire "
           "negotiations between Russia and Ukraine went on in Geneva on day {n}, officials "
           "said.</p><p>“We are close to a memorandum,” Dana Whitfield said.</p></article>"
           "</body></html>")


def gzip_chain(gigabytes: float) -> bytes:
    """gzip(gzip(zeros)) without holding the zeros: a bomb of a few KB."""
    inner = zlib.compressobj(9, zlib.DEFLATED, 31)
    block, parts = bytes(1 << 20), []
    for _ in range(int(gigabytes * 1024)):
        parts.append(inner.compress(block))
    parts.append(inner.flush())
    outer = zlib.compressobj(9, zlib.DEFLATED, 31)
    return outer.compress(b"".join(parts)) + outer.flush()


class Site(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    items = 60
    bomb = b""
    article_gets = 0
    lock = threading.Lock()

    def log_message(self, *args: object) -> None:
        pass

    def answer(self, body: bytes, kind: str, encoding: str = "") -> None:
        self.send_response(200)
        self.send_header("Content-Type", kind)
        if encoding:
            self.send_header("Content-Encoding", encoding)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:
        if self.path == "/robots.txt":
            return self.answer(b"User-agent: *\nAllow: /\n", "text/plain")
        if self.path == "/bomb.xml":
            return self.answer(Site.bomb, "application/rss+xml", "gzip, gzip")
        if self.path == "/feed.xml":
            # items as small as a feed allows (relative links), so 100k stay under the 5 MiB cap
            items = "".join(f"<item><link>/a/{n}</link></item>" for n in range(Site.items))
            return self.answer(f"<rss version='2.0'><channel><title>Desk</title>{items}"
                               "</channel></rss>".encode(), "application/rss+xml")
        if self.path.startswith("/a/"):
            with Site.lock:
                Site.article_gets += 1
            n = self.path.removeprefix("/a/")
            return self.answer(ARTICLE.format(n=n).encode(), "text/html; charset=utf-8")
        self.send_error(404)


def write_config(folder: Path, feed: str) -> Path:
    (folder / "actors.yaml").write_text(
        "actors:\n  - name: Dana Whitfield\n    aliases: [Whitfield]\n")
    path = folder / "monitor.yaml"
    path.write_text(f"storage: sqlite:///{folder / 'monitor.db'}\nactors: actors.yaml\n"
                    "topic:\n  include: [ceasefire, negotiations]\n"
                    f"sources:\n  - {{name: Desk, feed: \"{feed}\", every: 1m}}\n")
    return path


def run_polls(monitor: str, config: Path, count: int = 1) -> tuple[float, float, list[str]]:
    """Seconds, the largest peak RSS (MB) of the polls, and the last line each printed."""
    started = time.monotonic()
    polls = [subprocess.Popen([monitor, "--config", str(config), "poll", "--quiet"],
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
             for _ in range(count)]
    outputs, peak = [], 0.0
    for poll in polls:
        assert poll.stdout is not None
        outputs.append(poll.stdout.read().strip())
        _, status, usage = os.wait4(poll.pid, 0)  # the poll's own rusage (wait() drops it)
        poll.returncode = os.waitstatus_to_exitcode(status)
        peak = max(peak, usage.ru_maxrss / 1024)
    return time.monotonic() - started, peak, outputs


def probe(name: str, monitor: str, base: str, feed: str, count: int = 1, **extra: object) -> None:
    Site.article_gets = 0
    with tempfile.TemporaryDirectory() as folder:
        seconds, peak, outputs = run_polls(monitor, write_config(Path(folder), base + feed),
                                           count)
    print(json.dumps({"probe": name, "seconds": round(seconds, 2),
                      "article_gets": Site.article_gets, "peak_rss_mb": round(peak, 1),
                      **extra, "said": [" / ".join(o.splitlines()[:2])[:240] for o in outputs]}))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--monitor", default="monitor")
    parser.add_argument("--inflated-gb", type=float, default=1.0)
    parser.add_argument("--items", type=int, default=100_000)
    args = parser.parse_args()
    Site.bomb = gzip_chain(args.inflated_gb)
    server = ThreadingHTTPServer(("127.0.0.1", 0), Site)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_port}"
    probe("gzip-chain", args.monitor, base, "/bomb.xml", wire_bytes=len(Site.bomb),
          inflated_bytes=int(args.inflated_gb * (1 << 30)))
    Site.items = 60
    probe("two-polls", args.monitor, base, "/feed.xml", count=2, items=60)
    Site.items = args.items
    probe("big-feed", args.monitor, base, "/feed.xml", items=args.items)
    server.shutdown()


if __name__ == "__main__":
    main()
