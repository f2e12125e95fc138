"""Probe of issue 10 "articles silently lost": what a kill -9 mid-poll, or article pages failing
with 503 for one poll, costs, against the local newsroom.

    python benchmarks/probe_outbox.py CORPUS --monitor .venv/bin/monitor [--copies 4]

Serves CORPUS with the newsroom (all articles published), behind a small proxy that can fail
article pages with 503. Three runs, each on a fresh database: undisturbed (one poll); killed
(SIGKILL once a third of the undisturbed run's articles are stored, then one normal poll);
503 (one poll with article pages failing, then one normal poll). Prints mentions and
statements of each.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

NEWSROOM = Path("/work/shared/newsroom/newsroom.py")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Proxy(BaseHTTPRequestHandler):
    upstream = ""
    fail_articles = False

    def log_message(self, *args: object) -> None:
        pass

    def do_GET(self) -> None:
        if Proxy.fail_articles and self.path.endswith(".html"):
            body = b"busy"
            self.send_response(503)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
            return
        request = urllib.request.Request(Proxy.upstream + self.path, headers={
            k: v for k, v in self.headers.items() if k.lower() in (
                "if-none-match", "if-modified-since", "user-agent", "accept-encoding")})
        try:
            with urllib.request.urlopen(request, timeout=60) as answer:
                status, headers, body = answer.status, answer.headers, answer.read()
        except urllib.error.HTTPError as error:
            status, headers, body = error.code, error.headers, error.read()
        self.send_response(status)
        for name, value in headers.items():
            if name.lower() not in ("content-length", "transfer-encoding", "connection"):
                self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


def wait_for(url: str, seconds: float = 60.0) -> None:
    """Until the newsroom answers (any HTTP status), or give up."""
    deadline = time.monotonic() + seconds
    while True:
        try:
            urllib.request.urlopen(url, timeout=2).close()
            return
        except urllib.error.HTTPError:
            return
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.1)


def write_config(folder: Path, corpus: Path, base: str, copies: int) -> Path:
    folder.mkdir(parents=True)
    outlets = json.loads((corpus / "outlets.json").read_text(encoding="utf-8"))
    actors = corpus / "actors.yaml"
    if not actors.exists():
        actors = corpus.parent.parent / "corpus_actors.yaml"
    lines = [f"storage: sqlite:///{folder / 'monitor.db'}", "timezone: UTC",
             f"actors: {actors}", "topic:",
             '  include: [ceasefire, truce, peace talks, peace deal, peace plan, negotiations, '
             'memorandum]',
             "  require: [Ukraine, Ukrainian, Russia, Russian, Kyiv, Moscow, Kremlin]",
             "sources:"]
    for copy in range(copies):
        for o in outlets:
            slug = o["slug"] + ("" if copies == 1 else f"-{copy}")
            name = o["name"] + ("" if copies == 1 else f" {copy}")
            kind, url = (("page", f"{base}/{slug}/world/") if o["feed"] == "none"
                         else ("feed", f"{base}/{slug}/feed.xml"))
            lines += [f"  - name: {json.dumps(name)}", f"    {kind}: {url}", "    every: 1m"]
    path = folder / "monitor.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def counts(folder: Path) -> tuple[int, int, int]:
    with sqlite3.connect(folder / "monitor.db") as db:
        return tuple(db.execute(f"SELECT count(*) FROM {table}").fetchone()[0]  # type: ignore
                     for table in ("articles", "statements", "mentions"))


def mention_set(folder: Path) -> set[tuple[str, str, str, str]]:
    """The mentions stored, independent of ids and times: actor, wording, article, kind."""
    with sqlite3.connect(folder / "monitor.db") as db:
        return set(db.execute("SELECT m.actor, m.text, a.url, m.kind FROM mentions m "
                              "JOIN articles a ON a.id = m.article_id"))


def statement_set(folder: Path) -> set[tuple[str, str]]:
    with sqlite3.connect(folder / "monitor.db") as db:
        return set(db.execute("SELECT actor, text FROM statements"))


def compared(got: Path, calm: Path) -> str:
    mine, want = mention_set(got), mention_set(calm)
    said, said_calm = statement_set(got), statement_set(calm)
    return (f"same mentions as undisturbed: {mine == want} ({len(want - mine)} missing, "
            f"{len(mine - want)} extra); same statements: {said == said_calm} "
            f"({len(said_calm - said)} missing, {len(said - said_calm)} extra)")


def stored(folder: Path) -> int:
    try:
        with sqlite3.connect(folder / "monitor.db", timeout=1) as db:
            return db.execute("SELECT count(*) FROM articles").fetchone()[0]
    except sqlite3.Error:
        return 0


def poll(monitor: str, config: Path) -> None:
    done = subprocess.run([monitor, "--config", str(config), "poll"], capture_output=True,
                          text=True, timeout=900)
    failed = [line for line in done.stdout.splitlines() if "FAILED" in line]
    print(f"  poll exit {done.returncode}: {done.stdout.strip().splitlines()[-1:]} "
          f"{failed[:1]}")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("corpus", type=Path)
    ap.add_argument("--monitor", required=True)
    ap.add_argument("--copies", type=int, default=4)
    args = ap.parse_args()
    port = free_port()
    room = subprocess.Popen([sys.executable, str(NEWSROOM), str(args.corpus), "--port",
                             str(port), "--clock", "2100-01-01T00:00:00+00:00", "--copies",
                             str(args.copies)], stdout=subprocess.DEVNULL)
    Proxy.upstream = f"http://127.0.0.1:{port}"
    proxy = ThreadingHTTPServer(("127.0.0.1", 0), Proxy)
    threading.Thread(target=proxy.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{proxy.server_address[1]}"
    wait_for(f"http://127.0.0.1:{port}/")
    try:
        with tempfile.TemporaryDirectory() as tmp:
            folder = Path(tmp)
            calm = folder / "calm"
            poll(args.monitor, write_config(calm, args.corpus, base, args.copies))
            articles, statements, mentions = counts(calm)
            print(f"undisturbed: {articles} articles, {statements} statements, "
                  f"{mentions} mentions")
            again = folder / "again"  # is an undisturbed run itself the same every time?
            poll(args.monitor, write_config(again, args.corpus, base, args.copies))
            print(f"undisturbed again: {counts(again)}; {compared(again, calm)}")

            killed = folder / "killed"
            config = write_config(killed, args.corpus, base, args.copies)
            process = subprocess.Popen([args.monitor, "--config", str(config), "poll"],
                                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            while stored(killed) < articles // 3 and process.poll() is None:
                time.sleep(0.02)
            os.kill(process.pid, signal.SIGKILL)
            process.wait()
            at_kill = counts(killed)
            poll(args.monitor, config)
            got = counts(killed)
            print(f"killed at {at_kill[0]} articles, then one poll: {got[0]} articles, "
                  f"{got[1]} statements, {got[2]} of {mentions} mentions; "
                  f"{compared(killed, calm)}")

            failing = folder / "failing"
            config = write_config(failing, args.corpus, base, args.copies)
            Proxy.fail_articles = True
            poll(args.monitor, config)
            Proxy.fail_articles = False
            first = counts(failing)
            poll(args.monitor, config)
            got = counts(failing)
            print(f"503 for one poll ({first[2]} mentions), then one poll: {got[0]} articles, "
                  f"{got[1]} statements, {got[2]} of {mentions} mentions; "
                  f"{compared(failing, calm)}")
    finally:
        proxy.shutdown()
        room.terminate()
        room.wait()


if __name__ == "__main__":
    main()
