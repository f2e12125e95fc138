"""Screenshots of the web view for the docs: the statements page, a statement page and the
review queue, at 420 px (a phone) and 1280 px (a desktop), written to docs/web-*.png.

    .venv/bin/python scripts/web_screenshots.py [--out docs]

Needs Debian's chromium and chromedriver (apt-get install chromium chromium-driver). The store
is a fresh temporary one holding invented statements (no real articles).
"""

from __future__ import annotations

import argparse
import base64
import socket
import sys
import tempfile
import threading
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import uvicorn
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By

from monitor.config import load_config
from monitor.models import Article, Mention
from monitor.store import Store
from monitor.web.app import create_app

TOKEN = "screenshot-token"
T0 = datetime(2025, 5, 19, 6, 0, tzinfo=UTC)
ACTORS = """actors:
  - {name: Dmitry Peskov, aliases: [Peskov], roles: [Kremlin spokesman]}
  - name: Volodymyr Zelensky
    aliases: [Zelensky]
    roles: [Ukrainian President]
  - name: Donald Trump
    aliases: [Trump]
    roles: [{title: US President, from: 2025-01-20}]
  - {name: Sergei Lavrov, aliases: [Lavrov], roles: [Russian Foreign Minister]}
"""
# Invented coverage: (hours after T0, outlet, [(actor, wording, kind, speaker, cue, confidence)])
COVERAGE = [
    (0, "Harbor Ledger", [
        ("Dmitry Peskov", "There is no timetable for the memorandum and there cannot be one",
         "direct", "Kremlin spokesman Dmitry Peskov", "told reporters", 0.95),
        ("Volodymyr Zelensky", "a ceasefire has to come before any memorandum", "indirect",
         "Zelensky", "insisted", 0.9)]),
    (2, "Steppe Courier", [
        ("Dmitry Peskov", "There is no timetable for the memorandum and there cannot be one, "
         "the work is complicated", "direct", "Peskov", "said", 0.95),
        ("Donald Trump", "Nobody wants this war to go on, believe me, nobody wants it",
         "direct", "he", "said", 0.62)]),
    (3, "Northern Wire", [
        ("Dmitry Peskov", "There is no timetable for the memorandum", "direct",
         "the Kremlin spokesman", "said", 0.8),
        ("Sergei Lavrov", "the talks in Istanbul were useful but the questions remain open",
         "indirect", "Lavrov", "said", 0.9)]),
    (7, "Harbor Ledger", [
        ("Volodymyr Zelensky", "We are ready for a full and unconditional ceasefire of thirty "
         "days, starting now", "direct", "Ukrainian President Volodymyr Zelensky",
         "said in his evening address", 0.95)]),
    (9, "Northern Wire", [
        ("Donald Trump", "We are going to see what happens very soon with the ceasefire",
         "direct", "Trump", "told reporters", 0.95),
        ("Volodymyr Zelensky", "We are ready for a full and unconditional ceasefire of thirty "
         "days", "direct", "he", "said", 0.7)]),
]


def fill(store: Store) -> None:
    for n, (hours, outlet, said) in enumerate(COVERAGE):
        moment = T0 + timedelta(hours=hours)
        article = Article(url=f"https://{outlet.split()[0].lower()}.example/world/{n}",
                          source=outlet, title=f"Ceasefire talks, day {n + 1}", author=None,
                          published=moment, fetched_at=moment + timedelta(minutes=4),
                          text="Invented article.", on_topic=True)
        store.add_article(article, [
            Mention(actor=a, text=t, kind=k, speaker=s, cue=c, confidence=p)  # type: ignore[arg-type]
            for a, t, k, s, c, p in said])


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=Path(__file__).resolve().parent.parent
                        / "docs")
    parser.add_argument("--chromium", default="/usr/bin/chromium")
    parser.add_argument("--chromedriver", default="/usr/bin/chromedriver")
    parser.add_argument("--also", action="append", default=[], metavar="NAME=PATH",
                        help="another page to shoot, e.g. actor=/actors/Donald%%20Trump")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="monitor-shots-"))
    (folder / "actors.yaml").write_text(ACTORS)
    (folder / "monitor.yaml").write_text(
        "storage: sqlite:///monitor.db\nactors: actors.yaml\ntimezone: Europe/Kyiv\n"
        "topic: {include: [ceasefire]}\nsources:\n"
        "  - {name: Harbor Ledger, feed: 'https://harbor.example/rss'}\n"
        "  - {name: Steppe Courier, feed: 'https://steppe.example/rss'}\n"
        "  - {name: Northern Wire, feed: 'https://northern.example/rss'}\n"
        "web: {review_token_env: SHOTS_TOKEN}\n")
    config = load_config(folder / "monitor.yaml")
    store = Store.open(config.storage)
    fill(store)
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(
        create_app(config, store, environ={"SHOTS_TOKEN": TOKEN}), host="127.0.0.1",
        port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.05)
    base = f"http://127.0.0.1:{port}"
    statement = next(s for s in store.statements() if s.actor == "Dmitry Peskov")

    options = webdriver.ChromeOptions()
    options.binary_location = args.chromium
    for flag in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                 "--disable-background-networking", "--no-first-run",
                 "--disable-component-update", "--disable-sync", "--hide-scrollbars",
                 f"--user-data-dir={folder / 'profile'}"):
        options.add_argument(flag)
    driver = webdriver.Chrome(options=options, service=Service(args.chromedriver))
    try:
        driver.get(base + "/review")
        driver.find_element(By.NAME, "reviewer").send_keys("Desk editor")
        token = driver.find_element(By.NAME, "token")
        token.send_keys(TOKEN)
        token.submit()
        args.out.mkdir(parents=True, exist_ok=True)
        pages = {"statements": "/", "statement": f"/statements/{statement.id}",
                 "review": "/review"}
        pages.update(item.split("=", 1) for item in args.also)
        for width in (420, 1280):
            for name, path in pages.items():
                metrics = {"width": width, "height": 900, "deviceScaleFactor": 1,
                           "mobile": width < 600}
                driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", metrics)
                driver.get(base + path)
                height = driver.execute_script("return document.documentElement.scrollHeight")
                metrics["height"] = min(int(height), 3000)  # the whole page, within reason
                driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", metrics)
                shot = driver.execute_cdp_cmd("Page.captureScreenshot", {"format": "png"})
                target = args.out / f"web-{name}-{width}.png"
                target.write_bytes(base64.b64decode(shot["data"]))
                print(f"wrote {target}")
    finally:
        driver.quit()
        server.should_exit = True
        thread.join(5)
        store.close()


if __name__ == "__main__":
    main()
