"""The web view over HTTP (Starlette's test client): pages, filters, keyset pages, feeds, the
JSON API, operations endpoints, the review queue's protections, and security headers."""

from __future__ import annotations

import hashlib
import re
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import feedparser
import httpx
import pytest
from starlette.testclient import TestClient
from web_helpers import PESKOV, T0, TOKEN, TRUMP, ZELENSKY, article, fill, said, write_config

from monitor.config import load_config
from monitor.digest import statement_to_json
from monitor.errors import ConfigError
from monitor.models import Config
from monitor.store import Store
from monitor.store.corrections import CorrectionLog, mention_key
from monitor.store.deliveries import DeliveryKey, DeliveryLedger
from monitor.web.app import create_app


@pytest.fixture
def config(tmp_path: Path) -> Config:
    return write_config(tmp_path)


@pytest.fixture
def store(config: Config) -> Iterator[Store]:
    opened = Store.open(config.storage)
    fill(opened)
    yield opened
    opened.close()


@pytest.fixture
def client(config: Config, store: Store) -> TestClient:
    return TestClient(create_app(config, store,
                                 environ={"MONITOR_TEST_REVIEW_TOKEN": TOKEN}),
                      base_url="http://127.0.0.1:8099")


def wordings(html: str) -> list[str]:
    return re.findall(r'<p class="wording"><a href="/statements/\w+">(.*?)</a>', html, re.S)


def test_home_lists_on_topic_statements_newest_first_and_filters(client: TestClient) -> None:
    page = client.get("/")
    assert page.status_code == 200
    shown = wordings(page.text)
    assert len(shown) == 4  # the off-topic one is left out
    assert shown[0].startswith("“Nobody wants")
    assert "wonderful match" not in page.text
    assert "wonderful match" in client.get("/?all=1").text
    assert len(wordings(client.get("/?actor=Peskov").text)) == 1
    assert len(wordings(client.get("/?outlet=Steppe+Courier").text)) == 2
    reported = wordings(client.get("/?kind=indirect").text)
    assert reported == ["a real ceasefire must come first"]  # no quotation marks
    assert len(wordings(client.get("/?since=2025-05-19T16:00:00Z").text)) == 1
    assert len(wordings(client.get("/?until=2025-05-19T13:00:00Z").text)) == 2
    assert len(wordings(client.get("/?q=timetable").text)) == 1
    bad = client.get("/?actor=Nobody+Known")
    assert bad.status_code == 400 and "Dmitry Peskov" in bad.text


def test_keyset_pages_walk_every_statement_once(client: TestClient, store: Store) -> None:
    for i in range(7):
        store.add_article(article(f"https://ledger.example/more/{i}", hours=10 + i), [
            said(PESKOV, f"Statement number {i} about the truce with several words")])
    seen: list[str] = []
    url = "/api/statements?limit=3"
    while url:
        body = client.get(url).json()
        seen += [s["id"] for s in body["statements"]]
        assert "offset" not in (body["next"] or "")
        url = body["next"]
    expected = [s.id for s in store.statements()]
    assert sorted(seen) == sorted(expected) and len(seen) == len(set(seen)) == 11
    html = client.get("/?limit=3").text
    assert 'rel="next"' in html and "after=" in html


def test_api_returns_the_jsonl_objects_with_the_same_filters(client: TestClient,
                                                             store: Store) -> None:
    body = client.get("/api/statements").json()
    by_id = {s["id"]: s for s in body["statements"]}
    for statement in store.statements():
        assert by_id[statement.id] == statement_to_json(statement)
    peskov = client.get("/api/statements", params={"actor": "peskov"}).json()["statements"]
    assert [s["actor"] for s in peskov] == [PESKOV]
    found = client.get("/api/statements", params={"search": "ceasefire"}).json()["statements"]
    assert {s["actor"] for s in found} == {TRUMP, ZELENSKY}
    unknown = client.get("/api/statements", params={"outlet": "Nowhere"})
    assert unknown.status_code == 400 and "Harbor Ledger" in unknown.json()["error"]
    assert client.get("/api/statements", params={"since": "yesterday"}).status_code == 400


def test_statement_page_shows_wordings_reports_and_provenance(client: TestClient,
                                                              store: Store) -> None:
    timetable = next(s for s in store.statements() if s.actor == PESKOV)
    html = client.get(f"/statements/{timetable.id}").text
    assert "the Kremlin said" in html  # the fullest wording
    assert html.count("<li><p class=\"wording\">") == 2  # two wordings
    assert "the Kremlin spokesman" in html and "insisted" not in html
    assert "https://ledger.example/1" in html and "https://courier.example/2" in html
    assert "First seen" in html and "Harbor Ledger" in html
    assert client.get("/statements/0000000000000000").status_code == 404


def test_actor_page_has_timeline_chart_aliases_and_dated_roles(client: TestClient) -> None:
    html = client.get("/actors/Donald%20Trump").text
    assert "<svg" in html and "<rect" in html
    assert "US President" in html and "2025-01-20" in html and "Trump" in html
    assert len(wordings(html)) == 2
    assert client.get("/actors/Trump").status_code == 200  # an alias finds the actor
    assert client.get("/actors/Nobody").status_code == 404


def test_sources_page_shows_health_and_deliveries(client: TestClient, store: Store) -> None:
    store.record_poll("Harbor Ledger", at=T0, ok=True, error=None, next_poll_at=T0,
                      new_articles=3, new_statements=4)
    store.record_poll("Steppe Courier", at=T0, ok=False, error="HTTP 503 from the server",
                      next_poll_at=T0, new_articles=0, new_statements=0)
    ledger = DeliveryLedger(store.engine)
    sent = ledger.claim(DeliveryKey.digest("daily", "webhook", T0, T0 + timedelta(days=1)))
    ledger.mark_sent(sent.delivery)
    owed = ledger.claim(DeliveryKey.alert("urgent", "email", "a" * 16))
    ledger.mark_failed(owed.delivery, "SMTP refused")
    html = client.get("/sources").text
    assert "HTTP 503 from the server" in html and 'class="failing"' in html
    assert "1 sent" in html and "1 failed" in html


def test_atom_feeds_are_valid_atom_with_ids_dates_and_links(client: TestClient) -> None:
    for path, count in (("/feeds/statements.atom", 4),
                        ("/feeds/statements.atom?actor=Donald+Trump", 2)):
        answer = client.get(path)
        assert answer.headers["content-type"].startswith("application/atom+xml")
        feed = feedparser.parse(answer.content)
        assert feed.version == "atom10" and not feed.bozo, feed.get("bozo_exception")
        assert len(feed.entries) == count
        assert feed.feed.id.startswith("tag:monitor,2025:feed:")
        assert feed.feed.updated_parsed is not None
        assert any(link.rel == "self" for link in feed.feed.links)
        for entry in feed.entries:
            assert entry.id.startswith("tag:monitor,2025:statement:")
            assert entry.updated_parsed and entry.published_parsed
            assert entry.link.startswith("http://127.0.0.1:8099/statements/")
            assert client.get(entry.link.removeprefix("http://127.0.0.1:8099")).status_code == 200
        ids = [e.id for e in feed.entries]
        assert len(ids) == len(set(ids))


def test_healthz_and_metrics(client: TestClient, store: Store) -> None:
    store.record_poll("Harbor Ledger", at=T0, ok=True, error=None, next_poll_at=T0,
                      new_articles=3, new_statements=4)
    health = client.get("/healthz").json()
    assert health["status"] == "ok" and health["last_poll_age_seconds"] > 0
    metrics = client.get("/metrics").text
    assert "monitor_statements 5.0" in metrics
    assert 'monitor_source_articles{source="Harbor Ledger"} 3.0' in metrics
    assert 'monitor_deliveries{state="sent"} 0.0' in metrics
    assert "monitor_poll_duration_seconds" in metrics


def test_every_answer_is_escaped_and_carries_a_strict_csp(client: TestClient,
                                                          store: Store) -> None:
    store.add_article(article("https://ledger.example/x", hours=20), [
        said(TRUMP, "the truce <script>alert('x')</script> is <b>great</b> believe me")])
    page = client.get("/")
    assert "<script>" not in page.text and "&lt;script&gt;" in page.text
    csp = page.headers["content-security-policy"]
    assert "default-src 'none'" in csp and "script-src" not in csp
    assert page.headers["x-frame-options"] == "DENY"
    for path in ("/sources", "/review", "/feeds/statements.atom", "/api/statements", "/nope"):
        assert "default-src 'none'" in client.get(path).headers["content-security-policy"]
    assert "<script>" not in client.get("/feeds/statements.atom").text
    assert "<script" not in client.get("/review").text


def assert_security_headers(response: httpx.Response) -> None:
    csp = response.headers.get("content-security-policy", "")
    assert "default-src 'none'" in csp and "frame-ancestors 'none'" in csp, response.headers
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["x-frame-options"] == "DENY"
    assert response.headers["referrer-policy"] == "same-origin"


def test_error_answers_carry_the_security_headers_too(config: Config, store: Store) -> None:
    client = TestClient(create_app(config, store, environ={"MONITOR_TEST_REVIEW_TOKEN": TOKEN}),
                        base_url="http://127.0.0.1:8099", raise_server_exceptions=False)
    missing = client.get("/statements/0000000000000000")
    assert missing.status_code == 404 and "no statement" in missing.text
    assert_security_headers(missing)
    assert_security_headers(client.get("/no/such/page"))
    assert_security_headers(client.get("/static/no-such-file.css"))
    wrong_method = client.post("/")
    assert wrong_method.status_code == 405
    assert set(wrong_method.headers["allow"].split(", ")) == {"GET", "HEAD"}
    assert_security_headers(wrong_method)
    assert_security_headers(client.get("/review/act"))  # a POST-only route read
    with store.engine.begin() as connection:  # a page whose read fails: a real 500
        connection.exec_driver_sql("DROP TABLE corrections")
    broken = client.get("/")
    assert broken.status_code == 500 and "something went wrong" in broken.text
    assert "corrections" not in broken.text  # no database details in the answer
    assert_security_headers(broken)
    assert_security_headers(client.get("/healthz"))  # unhealthy or not, the same headers


def test_reading_never_writes(client: TestClient, config: Config, store: Store) -> None:
    path = Path(config.storage.removeprefix("sqlite:///"))

    def fingerprint() -> str:
        parts = [p.read_bytes() for p in (path, Path(f"{path}-wal")) if p.exists()]
        return hashlib.sha256(b"".join(parts)).hexdigest()

    timetable = next(s for s in store.statements() if s.actor == PESKOV)
    before = fingerprint()
    for url in ("/", "/?q=truce", "/?all=1", "/actors/Dmitry%20Peskov", "/sources", "/review",
                f"/statements/{timetable.id}", "/feeds/statements.atom", "/api/statements",
                "/healthz", "/metrics"):
        assert client.get(url).status_code == 200, url
    assert fingerprint() == before


def csrf_of(client: TestClient) -> str:
    match = re.search(r'name="csrf" value="([^"]+)"', client.get("/review").text)
    assert match, "no review form"
    return match.group(1)


def test_review_actions_need_the_token_a_csrf_token_and_this_origin(
        client: TestClient, store: Store) -> None:
    nobody = next(s for s in store.statements() if s.text.startswith("Nobody"))
    form = {"action": "reassign", "actor": ZELENSKY, "statement_id": nobody.id,
            "mention_url": nobody.mentions[0].url,
            "mention_fingerprint": mention_key(nobody.mentions[0])[1], "reason": "x"}
    assert client.post("/review/act", data=form).status_code == 403  # not signed in
    wrong = client.post("/review/login", data={"token": "guess", "reviewer": "Eve"})
    assert wrong.status_code == 403
    foreign = client.post("/review/login", data={"token": TOKEN, "reviewer": "Eve"},
                          headers={"origin": "http://evil.example"})
    assert foreign.status_code == 403
    signed_in = client.post("/review/login", data={"token": TOKEN, "reviewer": "Ann"},
                            follow_redirects=False)
    assert signed_in.status_code == 303 and signed_in.headers["location"] == "/review"
    cookie = signed_in.headers["set-cookie"].lower()
    assert "httponly" in cookie and "samesite=strict" in cookie
    assert client.post("/review/act", data=form).status_code == 403  # no CSRF token
    assert client.post("/review/act", data={**form, "csrf": "forged"}).status_code == 403
    token = csrf_of(client)
    cross = client.post("/review/act", data={**form, "csrf": token},
                        headers={"origin": "http://evil.example"})
    assert cross.status_code == 403
    assert not CorrectionLog(store.engine).all()
    bad_actor = client.post("/review/act", data={**form, "csrf": token, "actor": "Someone"})
    assert bad_actor.status_code == 400
    done = client.post("/review/act", data={**form, "csrf": token}, follow_redirects=False)
    assert done.status_code == 303 and done.headers["location"].startswith("/review")
    [correction] = CorrectionLog(store.engine).all()
    assert (correction.reviewer, correction.action, correction.actor) == ("Ann", "reassign",
                                                                           ZELENSKY)


def test_a_correction_in_the_queue_shows_on_every_page(client: TestClient,
                                                       store: Store) -> None:
    client.post("/review/login", data={"token": TOKEN, "reviewer": "Ann"})
    queue = client.get("/review").text
    assert queue.index("Nobody wants") < queue.index("There is no timetable")  # 0.55 first
    nobody = next(s for s in store.statements() if s.text.startswith("Nobody"))
    answer = client.post("/review/act", data={
        "csrf": csrf_of(client), "action": "reassign", "actor": ZELENSKY,
        "statement_id": nobody.id, "mention_url": nobody.mentions[0].url,
        "mention_fingerprint": mention_key(nobody.mentions[0])[1],
        "reason": "the pronoun was Zelensky", "back": "statement"}, follow_redirects=False)
    assert answer.headers["location"] == f"/statements/{nobody.id}"
    page = client.get(answer.headers["location"]).text
    assert "the pronoun was Zelensky" in page and "/actors/Volodymyr%20Zelensky" in page
    assert "Nobody wants" not in client.get("/review").text  # reviewed: out of the queue
    assert "Nobody wants" in client.get("/actors/Volodymyr%20Zelensky").text
    assert "Nobody wants" not in client.get("/actors/Donald%20Trump").text
    api = client.get("/api/statements", params={"actor": ZELENSKY}).json()["statements"]
    assert any(s["text"].startswith("Nobody") for s in api)
    feed = feedparser.parse(client.get("/feeds/statements.atom?actor=Volodymyr+Zelensky").content)
    assert any("Nobody wants" in e.title for e in feed.entries)


def test_merge_in_the_queue_redirects_the_old_statement_to_the_survivor(
        client: TestClient, store: Store) -> None:
    client.post("/review/login", data={"token": TOKEN, "reviewer": "Ann"})
    found = {s.text[:6]: s for s in store.statements(actor=TRUMP)}
    nobody, happens = found["Nobody"], found["We are"]
    client.post("/review/act", data={"csrf": csrf_of(client), "action": "merge",
                                     "statement_id": nobody.id,
                                     "other_statement_id": happens.id})
    gone = client.get(f"/statements/{nobody.id}", follow_redirects=False)
    assert gone.status_code == 303 and gone.headers["location"] == f"/statements/{happens.id}"
    confirm = client.post("/review/act", data={"csrf": csrf_of(client), "action": "confirm",
                                               "statement_id": happens.id,
                                               "back": "https://evil.example/"},
                          follow_redirects=False)
    assert confirm.headers["location"] == "/review?done=confirm"  # never a given URL


def test_review_is_off_without_a_token(config: Config, store: Store) -> None:
    client = TestClient(create_app(config, store, environ={}))
    html = client.get("/review").text
    assert "Reviewing is off" in html and "MONITOR_TEST_REVIEW_TOKEN" in html
    assert client.post("/review/login", data={"token": "", "reviewer": "x"}).status_code == 403


def test_web_section_of_the_configuration(tmp_path: Path) -> None:
    config = write_config(tmp_path)
    assert config.web is not None and config.web.listen == "127.0.0.1:8099"
    assert config.web.review_token_env == "MONITOR_TEST_REVIEW_TOKEN"
    text = (tmp_path / "monitor.yaml").read_text()
    (tmp_path / "monitor.yaml").write_text(
        text.replace('listen: "127.0.0.1:8099"', 'listen: "everywhere", token: abc'))
    with pytest.raises(ConfigError) as problems:
        load_config(tmp_path / "monitor.yaml")
    joined = "\n".join(problems.value.problems)
    assert "web.listen" in joined and "HOST:PORT" in joined and "web.token" in joined


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_serve_answers_on_its_address_and_stops_on_sigterm(config: Config, store: Store,
                                                           tmp_path: Path) -> None:
    port = free_port()
    monitor = [sys.executable, "-m", "monitor", "--config", str(tmp_path / "monitor.yaml")]
    process = subprocess.Popen([*monitor, "serve", "--listen", f"127.0.0.1:{port}"],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                answer = httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=1)
                break
            except httpx.TransportError:
                assert process.poll() is None, process.communicate()
                assert time.monotonic() < deadline, "monitor serve did not start"
                time.sleep(0.1)
        assert answer.json()["status"] == "ok"
        assert "server" not in answer.headers
    finally:
        process.terminate()
        assert process.wait(timeout=10) == 0
    bad = subprocess.run([*monitor, "serve", "--listen", "nowhere"], capture_output=True,
                         text=True)
    assert bad.returncode != 0 and "HOST:PORT" in bad.stderr


def test_statements_command_searches_the_same_index(config: Config, store: Store,
                                                    tmp_path: Path) -> None:
    run = subprocess.run([sys.executable, "-m", "monitor", "--config",
                          str(tmp_path / "monitor.yaml"), "statements", "--search",
                          "timetable", "--format", "jsonl"], capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    lines = run.stdout.splitlines()
    assert len(lines) == 1 and '"Dmitry Peskov"' in lines[0]


def wait_for(url: str, process: subprocess.Popen) -> httpx.Response:
    deadline = time.monotonic() + 30
    while True:
        try:
            return httpx.get(url, timeout=1)
        except httpx.TransportError:
            assert process.poll() is None, process.communicate()
            assert time.monotonic() < deadline, f"nothing answered at {url}"
            time.sleep(0.1)


def test_run_serves_the_web_view_when_configured_and_stops_cleanly(tmp_path: Path) -> None:
    port = free_port()
    write_config(tmp_path, extra="")
    text = (tmp_path / "monitor.yaml").read_text().replace("8099", str(port))
    (tmp_path / "monitor.yaml").write_text(text.replace("every: 15m", "every: 1h"))
    process = subprocess.Popen(
        [sys.executable, "-m", "monitor", "--config", str(tmp_path / "monitor.yaml"), "run"],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        assert wait_for(f"http://127.0.0.1:{port}/healthz", process).status_code == 200
        metrics = httpx.get(f"http://127.0.0.1:{port}/metrics").text
        assert "monitor_polls_total" in metrics  # this process polls: its counters show
    finally:
        process.terminate()
        assert process.wait(timeout=15) == 0


def test_sighup_to_run_reaches_the_web_view(tmp_path: Path) -> None:
    """A real `monitor run` serving the pages: after SIGHUP they know the new actor, and the
    review sign-in takes the token from the newly named environment variable."""
    import os
    import signal

    from web_helpers import ACTORS

    port = free_port()
    write_config(tmp_path)
    config_file = tmp_path / "monitor.yaml"
    config_file.write_text(config_file.read_text().replace("8099", str(port))
                           .replace("every: 15m", "every: 1h"))
    env = {**os.environ, "MONITOR_TEST_REVIEW_TOKEN": "first-token",
           "MONITOR_TEST_OTHER_TOKEN": "second-token"}
    process = subprocess.Popen([sys.executable, "-m", "monitor", "--config", str(config_file),
                                "run"], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                               env=env)
    base = f"http://127.0.0.1:{port}"

    def sign_in(token: str) -> int:
        return httpx.post(f"{base}/review/login", data={"token": token, "reviewer": "Ann"}
                          ).status_code

    try:
        assert wait_for(f"{base}/healthz", process).status_code == 200
        assert httpx.get(f"{base}/actors/Ada%20Novak").status_code == 404
        assert sign_in("first-token") == 303 and sign_in("second-token") == 403
        (tmp_path / "actors.yaml").write_text(ACTORS + "  - name: Ada Novak\n")
        config_file.write_text(config_file.read_text().replace("MONITOR_TEST_REVIEW_TOKEN",
                                                               "MONITOR_TEST_OTHER_TOKEN"))
        process.send_signal(signal.SIGHUP)
        deadline = time.monotonic() + 30
        while httpx.get(f"{base}/actors/Ada%20Novak").status_code != 200:
            assert process.poll() is None, process.communicate()
            assert time.monotonic() < deadline, "the web view did not take the new actors"
            time.sleep(0.1)
        assert sign_in("second-token") == 303 and sign_in("first-token") == 403
    finally:
        process.terminate()
        assert process.wait(timeout=15) == 0


def test_pages_and_pagination_on_postgresql(tmp_path: Path) -> None:
    from conftest import fresh_database_url

    with fresh_database_url("postgresql", tmp_path) as url:
        config = write_config(tmp_path, storage=url)
        store = Store.open(url)
        try:
            fill(store)
            client = TestClient(create_app(config, store, environ={}))
            assert len(wordings(client.get("/").text)) == 4
            assert len(wordings(client.get("/?q=timetables").text)) == 1
            html = client.get("/actors/Donald%20Trump").text
            assert "<rect" in html and len(wordings(html)) == 2
            seen, next_url = [], "/api/statements?limit=2"
            while next_url:
                body = client.get(next_url).json()
                seen += [s["id"] for s in body["statements"]]
                next_url = body["next"]
            assert sorted(seen) == sorted(s.id for s in store.statements())
            assert client.get("/sources").status_code == 200
            assert "monitor_statements 5.0" in client.get("/metrics").text
        finally:
            store.close()


@pytest.mark.parametrize(("speaker", "confidence", "expected"), [
    ("Kremlin spokesman Dmitry Peskov", 0.95, []),
    ("Peskov", 0.95, []),
    ("he", 0.95, ["pronoun"]),
    ("She", 0.9, ["pronoun"]),
    ("the Kremlin spokesman", 0.9, ["role"]),
    ("the Kremlin spokesman", 0.5, ["confidence", "role"]),
    ("Peskov", 0.6, ["confidence"]),
])
def test_why_a_report_is_queued_for_review(speaker: str, confidence: float,
                                           expected: list[str]) -> None:
    from datetime import UTC, datetime

    from monitor.models import Actor, StoredMention
    from monitor.web.queries import review_reasons

    moment = datetime(2025, 5, 19, tzinfo=UTC)
    mention = StoredMention(url="https://x.example/1", outlet="X", title=None, published=moment,
                            text="words", kind="direct", speaker=speaker, cue="said",
                            confidence=confidence, seen_at=moment, on_topic=True)
    peskov = Actor("Dmitry Peskov", aliases=("Peskov",))
    reasons = review_reasons(mention, peskov, below=0.8)
    assert [next(w for w in ("confidence", "pronoun", "role") if w in r) for r in reasons] \
        == expected


def test_metrics_parse_as_prometheus_text(client: TestClient) -> None:
    from prometheus_client.parser import text_string_to_metric_families

    names = {family.name for family in text_string_to_metric_families(client.get("/metrics").text)}
    assert {"monitor_statements", "monitor_articles", "monitor_deliveries",
            "monitor_source_consecutive_failures", "monitor_poll_duration_seconds"} <= names


def test_day_chart_scales_bars_to_the_busiest_day() -> None:
    from datetime import date

    from monitor.web.svg import day_chart

    chart = day_chart([(date(2025, 5, 1), 1), (date(2025, 5, 2), 0), (date(2025, 5, 3), 4)],
                      width=300, height=82)
    heights = [bar.height for bar in chart.bars]
    assert heights == [20.0, 0.0, 80.0] and chart.peak == 4
    assert all(bar.y + bar.height == 82 for bar in chart.bars)
    assert day_chart([]).bars == ()


def test_run_carries_on_when_the_web_address_is_taken(tmp_path: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        write_config(tmp_path)
        text = (tmp_path / "monitor.yaml").read_text().replace("8099", str(port))
        (tmp_path / "monitor.yaml").write_text(text.replace("every: 15m", "every: 1h"))
        process = subprocess.Popen(
            [sys.executable, "-m", "monitor", "--config", str(tmp_path / "monitor.yaml"),
             "run"], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        try:
            assert process.stderr is not None
            for line in process.stderr:  # the service logs as it goes; read up to the error
                if "the web view could not start" in line:
                    break
            else:
                raise AssertionError("no error about the web address")
            assert process.poll() is None, "the service stopped"
        finally:
            process.terminate()
            assert process.wait(timeout=15) == 0
