"""The web view in a real browser: Debian's chromium driven by Selenium through chromedriver.

A small invented corpus is polled from a loopback site, `monitor serve` runs as a subprocess,
and the browser searches for a quote, opens its statement page, signs in to the review queue
and reassigns a mention; then `monitor statements --format jsonl` and a digest preview must
show the correction. Skipped, saying what to install, when chromium or chromedriver is absent
(CI installs them: see .ci/run).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from conftest import FIXTURES, LoopbackServer, Reply
from test_web import free_port

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMEDRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"
TOKEN = "browser-test-token"
QUOTE = "A truce that nobody checks is a pause for rearming"

pytestmark = pytest.mark.skipif(
    not (os.path.exists(CHROMIUM) and os.path.exists(CHROMEDRIVER)),
    reason="the browser test needs Debian's chromium and chromedriver: "
           "apt-get install chromium chromium-driver (as .ci/run does)")

ARTICLES = {
    "/world/2025/05/21/kremlin-weighs-truce.html": ("truce-offer.html", "Kremlin weighs a truce"),
    "/world/2025/05/21/envoys-ceasefire-map.html": ("envoys.html", "Envoys bring a map"),
}


def feed(base: str) -> str:
    items = "".join(
        f"<item><title>{title}</title><link>{base}{path}</link>"
        "<pubDate>Wed, 21 May 2025 08:00:00 GMT</pubDate></item>"
        for path, (_, title) in ARTICLES.items())
    return (f'<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel>'
            f"<title>Wire</title><link>{base}/</link>{items}</channel></rss>")


@pytest.fixture
def site(http_server: LoopbackServer) -> LoopbackServer:
    base = http_server.base
    http_server.routes["/feed.xml"] = Reply(200, feed(base),
                                            {"Content-Type": "application/rss+xml"})
    for path, (name, _) in ARTICLES.items():
        html = (FIXTURES / "web" / name).read_text().replace("{base}", base)
        http_server.routes[path] = Reply(200, html, {"Content-Type": "text/html; charset=utf-8"})
    return http_server


@pytest.fixture
def monitor_config(tmp_path: Path, site: LoopbackServer) -> Path:
    (tmp_path / "actors.yaml").write_text("""actors:
  - {name: Dmitry Peskov, aliases: [Peskov], roles: [Kremlin spokesman]}
  - {name: Volodymyr Zelensky, aliases: [Zelensky], roles: [Ukrainian President]}
  - {name: Donald Trump, aliases: [Trump], roles: [US President]}
""")
    path = tmp_path / "monitor.yaml"
    path.write_text(f"""storage: sqlite:///monitor.db
actors: actors.yaml
topic:
  include: [ceasefire, truce, peace talks, negotiations]
  require: [Ukraine, Russia, Kyiv, Moscow, Kremlin]
sources:
  - {{name: Wire, feed: "{site.base}/feed.xml", every: 15m}}
digests:
  - {{name: daily, cron: "0 7 * * *", webhook: {{url: "{site.base}/hook"}}}}
web: {{review_token_env: MONITOR_BROWSER_REVIEW_TOKEN}}
""")
    return path


def monitor(config: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "monitor", "--config", str(config), *args],
                          capture_output=True, text=True, timeout=120)


@pytest.fixture
def served(monitor_config: Path) -> Iterator[str]:
    assert monitor(monitor_config, "poll").returncode == 0
    port = free_port()
    env = {**os.environ, "MONITOR_BROWSER_REVIEW_TOKEN": TOKEN}
    process = subprocess.Popen(
        [sys.executable, "-m", "monitor", "--config", str(monitor_config), "serve",
         "--listen", f"127.0.0.1:{port}"], env=env, stdout=subprocess.PIPE,
        stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                httpx.get(f"{base}/healthz", timeout=1)
                break
            except httpx.TransportError:
                assert process.poll() is None, process.communicate()
                assert time.monotonic() < deadline, "monitor serve did not start"
                time.sleep(0.1)
        yield base
    finally:
        process.terminate()
        assert process.wait(timeout=10) == 0


@pytest.fixture
def browser(tmp_path: Path):
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                 "--disable-background-networking", "--no-first-run",
                 "--disable-component-update", "--disable-sync",
                 f"--user-data-dir={tmp_path / 'chromium-profile'}", "--window-size=1280,900"):
        options.add_argument(flag)
    driver = webdriver.Chrome(options=options, service=Service(CHROMEDRIVER))
    driver.set_page_load_timeout(30)
    try:
        yield driver
    finally:
        driver.quit()


def test_search_open_review_and_reassign_in_a_real_browser(browser, served: str,
                                                           monitor_config: Path) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions
    from selenium.webdriver.support.ui import Select, WebDriverWait

    def then_next_page(element: object, action: str) -> None:
        """Submit or click, then wait until the browser has left the page (the driver may
        answer before the next page is there, and the old one's elements go stale)."""
        old = browser.find_element(By.TAG_NAME, "html")
        getattr(element, action)()
        WebDriverWait(browser, 30).until(expected_conditions.staleness_of(old))

    browser.get(served + "/")
    assert "Statements" in browser.title
    box = browser.find_element(By.NAME, "q")
    box.send_keys("lanterns harbour")
    then_next_page(box, "submit")
    results = browser.find_elements(By.CSS_SELECTOR, "ol.statements p.wording a")
    assert len(results) == 1 and "lanterns of the harbour" in results[0].text
    then_next_page(results[0], "click")
    assert "/statements/" in browser.current_url
    page = browser.find_element(By.TAG_NAME, "main").text
    assert "Dmitry Peskov" in page and "Wire" in page
    reports = browser.find_elements(By.CSS_SELECTOR, "table.mentions tbody tr")
    assert len(reports) == 2  # one quote, two articles
    assert "told reporters" in page and "First seen" in page

    browser.get(served + "/review")
    browser.find_element(By.NAME, "reviewer").send_keys("Desk editor")
    token = browser.find_element(By.NAME, "token")
    token.send_keys(TOKEN)
    then_next_page(token, "submit")
    assert "Reviewing as" in browser.find_element(By.TAG_NAME, "main").text
    item = next(li for li in browser.find_elements(By.CSS_SELECTOR, "ol.queue > li")
                if QUOTE in li.text)
    assert "pronoun" in item.text
    Select(item.find_element(By.NAME, "action")).select_by_value("reassign")
    Select(item.find_element(By.NAME, "actor")).select_by_visible_text("Donald Trump")
    item.find_element(By.NAME, "reason").send_keys("test: the pronoun is read as Trump")
    then_next_page(item.find_element(By.CSS_SELECTOR, "button[type=submit]"), "click")
    assert "Saved: reassign" in browser.find_element(By.TAG_NAME, "main").text
    assert QUOTE not in browser.find_element(By.CSS_SELECTOR, "main").text.split(
        "Recent corrections")[0]

    listed = monitor(monitor_config, "statements", "--format", "jsonl")
    assert listed.returncode == 0, listed.stderr
    rows = [json.loads(line) for line in listed.stdout.splitlines()]
    [moved] = [row for row in rows if row["text"].startswith(QUOTE)]
    assert moved["actor"] == "Donald Trump"
    preview = monitor_config.parent / "preview.html"
    digest = monitor(monitor_config, "digest", "--since", "7d", "--preview", str(preview))
    assert digest.returncode == 0, digest.stdout + digest.stderr
    html = preview.read_text()
    assert QUOTE in html
    quote_at = html.index(QUOTE)  # under the nearest actor heading above it (an index tops it)
    assert html.rfind("Donald Trump", 0, quote_at) > html.rfind("Volodymyr Zelensky", 0, quote_at)
