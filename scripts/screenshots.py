#!/usr/bin/env python3
"""Screenshots of a digest for the README: a corpus served by the local newsroom, polled by
`monitor poll`, previewed by `monitor digest --preview`, photographed by headless Chromium at
a phone's width (420 px) and a desktop's (1000 px).

    .venv/bin/python scripts/screenshots.py ../shared/corpus/dev \
        --newsroom ../shared/newsroom/newsroom.py --out docs

Writes OUT/digest-420.png and OUT/digest-1000.png (the HTML itself stays in a temporary folder:
the corpus's wording is not for committing). Everything runs on loopback; Chromium gets a
fresh profile and no background networking.
"""

from __future__ import annotations

import argparse
import json
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--no-first-run", "--disable-component-update", "--disable-sync",
                  "--hide-scrollbars"]
SIZES = {420: 1400, 1000: 1100}  # width -> height: the top of the digest, index and first items
TOPIC = ("include: [ceasefire, cease-fire, truce, peace talks, peace deal, peace plan, "
         "negotiations, memorandum]\n  require: [Ukraine, Ukrainian, Russia, Russian, Kyiv, "
         "Moscow, Kremlin]")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until_up(url: str, seconds: float = 20) -> None:
    deadline = time.monotonic() + seconds
    while True:
        try:
            urllib.request.urlopen(url, timeout=2).close()
            return
        except OSError:
            if time.monotonic() > deadline:
                raise SystemExit(f"screenshots: the newsroom did not answer at {url}") from None
            time.sleep(0.2)


def write_config(folder: Path, corpus: Path, actors: Path, base: str) -> Path:
    outlets = json.loads((corpus / "outlets.json").read_text(encoding="utf-8"))
    lines = [f"storage: sqlite:///{folder / 'monitor.db'}", "timezone: Europe/Kyiv",
             f"actors: {actors}", "topic:", f"  {TOPIC}", "sources:"]
    for outlet in outlets:
        kind, url = (("page", f"{base}/{outlet['slug']}/world/") if outlet["feed"] == "none"
                     else ("feed", f"{base}/{outlet['slug']}/feed.xml"))
        lines += [f"  - name: {json.dumps(outlet['name'])}", f"    {kind}: {url}", "    every: 1m"]
    lines += ["digests:", "  - name: daily", '    cron: "0 7 * * *"',
              "    webhook: {url: 'http://127.0.0.1:9/hook'}"]
    path = folder / "monitor.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def monitor(*args: str) -> None:
    command = [sys.executable, "-m", "monitor", *args]
    result = subprocess.run(command, capture_output=True, text=True, timeout=600)
    if result.returncode != 0:
        raise SystemExit(f"screenshots: {' '.join(args)} failed:\n{result.stderr}")


def shoot(chromium: str, page: Path, out: Path, width: int, height: int) -> None:
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run([chromium, *CHROMIUM_FLAGS, f"--user-data-dir={profile}",
                        f"--window-size={width},{height}", f"--screenshot={out}",
                        page.as_uri()], capture_output=True, timeout=120, check=True)
    print(f"wrote {out} ({width}x{height})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", type=Path, help="a corpus folder (outlets.json, articles/)")
    parser.add_argument("--newsroom", type=Path, required=True, help="newsroom.py")
    parser.add_argument("--actors", type=Path, help="default: the corpus's actors.yaml, else "
                                                     "corpus_actors.yaml beside the corpus folder")
    parser.add_argument("--out", type=Path, default=ROOT / "docs")
    parser.add_argument("--chromium", default=shutil.which("chromium") or "/usr/bin/chromium")
    args = parser.parse_args()
    corpus = args.corpus.resolve()
    actors = args.actors or next(
        (p for p in (corpus / "actors.yaml", corpus.parent.parent / "corpus_actors.yaml")
         if p.exists()), None)
    if actors is None:
        raise SystemExit("screenshots: no actors file found; pass --actors")
    args.out.mkdir(parents=True, exist_ok=True)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    newsroom = subprocess.Popen([sys.executable, str(args.newsroom), str(corpus), "--port",
                                 str(port), "--clock", "2100-01-01T00:00:00+00:00"],
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_until_up(f"{base}/_admin/clock")
        with tempfile.TemporaryDirectory() as tmp:
            config = write_config(Path(tmp), corpus, actors.resolve(), base)
            monitor("--config", str(config), "poll", "--quiet")
            html = Path(tmp) / "digest.html"
            monitor("--config", str(config), "digest", "--since", "1h", "--preview", str(html))
            for width, height in SIZES.items():
                shoot(args.chromium, html, args.out / f"digest-{width}.png", width, height)
    finally:
        newsroom.terminate()
        newsroom.wait(timeout=10)


if __name__ == "__main__":
    main()
