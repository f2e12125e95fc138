"""A newcomer's first day (issue 12), as a user types it: pipelines, exit statuses, progress,
extract's default, statements' filters, status with the service's heartbeat, --preview -."""

from __future__ import annotations

import json
import os
import pty
import re
import signal
import socket
import subprocess
import sys
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from conftest import FIXTURES, LoopbackServer, Reply

from monitor.cli import main
from monitor.config import load_config
from monitor.health import collect_status
from monitor.store import Store
from monitor.store import sources as sources_state
from monitor.store.deliveries import DeliveryKey, DeliveryLedger

LONG_QUOTE = ("We will not accept any ceasefire that leaves our people under occupation, and we "
              "will say so at every table where the future of Ukraine is discussed")
ARTICLE = f"""<html><head><title>Zelensky rejects frozen truce</title>
<meta property="og:url" content="{{base}}/world/2025/05/21/zelensky-frozen-truce.html"></head>
<body><article><h1>Zelensky rejects frozen truce</h1>
<p>Ukrainian President Volodymyr Zelensky said on Wednesday that talks with Russia on a
ceasefire in Ukraine could only begin once Moscow stopped its attacks on Kyiv.</p>
<p>“{LONG_QUOTE},” Zelensky told reporters in Kyiv.</p>
<p>“The truce must be real,” he said, adding that the Kremlin had not answered.</p>
</article></body></html>"""


def feed(base: str) -> str:
    items = [("Kremlin says truce talks must wait", f"{base}/world/2025/05/20/kremlin.html"),
             ("Zelensky rejects frozen truce",
              f"{base}/world/2025/05/21/zelensky-frozen-truce.html")]
    body = "".join(f"<item><title>{t}</title><link>{u}</link>"
                   "<pubDate>Wed, 21 May 2025 09:00:00 GMT</pubDate></item>" for t, u in items)
    return (f'<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>L</title>'
            f"<link>{base}/</link>{body}</channel></rss>")


ACTORS = """
actors:
  - name: Dmitry Peskov
    aliases: [Peskov]
    roles: [Kremlin spokesman]
  - name: Volodymyr Zelensky
    aliases: [Zelensky]
    roles: [Ukrainian President]
"""


def write_config(folder: Path, base: str, extra: str = "") -> Path:
    (folder / "actors.yaml").write_text(ACTORS, encoding="utf-8")
    path = folder / "monitor.yaml"
    path.write_text(f"""
storage: sqlite:///monitor.db
timezone: Europe/Kyiv
actors: actors.yaml
topic:
  include: [ceasefire, truce, talks]
  require: [Ukraine, Russia, Kremlin, Kyiv, Moscow]
sources:
  - {{name: Harbor Ledger, feed: "{base}/feed.xml", every: 1m}}
digests:
  - name: daily
    cron: "0 7 * * *"
    webhook: {{url: "{base}/hook", secret_env: FIRSTDAY_UNSET_SECRET}}
{extra}""", encoding="utf-8")
    return path


def monitor(*args: str, cwd: Path | None = None, stdout: int | None = subprocess.PIPE,
            env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "monitor", *args], stdout=stdout,
                          stderr=subprocess.PIPE, text=True, cwd=cwd, timeout=120,
                          env=env)


def in_process(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    """The CLI called as `monitor` would call it, without starting a Python (a few times
    faster on a busy machine); returns the exit status, stdout and stderr."""
    code = main(list(args))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.fixture(scope="module")
def site() -> Iterator[LoopbackServer]:
    server = LoopbackServer().start()
    base = server.base
    server.routes["/robots.txt"] = Reply(200, "User-agent: *\nAllow: /\n")
    server.routes["/feed.xml"] = Reply(200, feed(base), {"Content-Type": "application/rss+xml"})
    server.routes["/world/2025/05/20/kremlin.html"] = Reply(
        200, (FIXTURES / "site" / "article1.html").read_text().replace("{base}", base),
        {"Content-Type": "text/html; charset=utf-8"})
    server.routes["/world/2025/05/21/zelensky-frozen-truce.html"] = Reply(
        200, ARTICLE.replace("{base}", base), {"Content-Type": "text/html; charset=utf-8"})
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="module")
def polled(site: LoopbackServer, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A configuration whose store holds one poll of the site."""
    folder = tmp_path_factory.mktemp("firstday")
    config = write_config(folder, site.base)
    result = monitor("--config", str(config), "poll")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "2 new articles" in result.stdout
    return config


# ---------------------------------------------------------------- pipelines (friction 2)


COMMANDS = [
    ["check"], ["statements"], ["statements", "--format", "jsonl"],
    ["statements", "--format", "csv"], ["statements", "--explain"], ["status"],
    ["status", "--json"], ["extract", str(FIXTURES / "site" / "article1.html")],
    ["digest", "--since", "7d"], ["digest", "--since", "7d", "--preview", "-"], ["poll"],
    ["--help"],
]


@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_every_command_stops_quietly_when_its_reader_goes_away(polled: Path,
                                                               command: list[str]) -> None:
    # The reading end is closed before the command writes: every write fails with EPIPE, as
    # when `head` has read its lines and exited.
    read_end, write_end = os.pipe()
    os.close(read_end)
    try:
        result = monitor("--config", str(polled), *command, stdout=write_end)
    finally:
        os.close(write_end)
    assert result.returncode in (0, 141), result.stderr
    assert "Traceback" not in result.stderr and "Exception ignored" not in result.stderr


def test_statements_piped_into_head_ends_cleanly(polled: Path) -> None:
    for fmt in ("table", "jsonl", "csv"):
        result = subprocess.run(
            f"set -o pipefail; '{sys.executable}' -m monitor --config '{polled}' statements "
            f"--format {fmt} | head -1", shell=True, executable="/bin/bash",
            capture_output=True, text=True, timeout=60)
        assert result.returncode in (0, 141), result.stderr
        assert "Traceback" not in result.stderr and len(result.stdout.splitlines()) == 1


# ---------------------------------------------------------------- exit statuses (friction 4)


@pytest.mark.parametrize("command", [["check"], ["poll"], ["run"], ["statements"], ["status"],
                                     ["digest"], ["extract", "x.html"], ["status", "--strict"]])
def test_a_missing_config_exits_2_from_every_command(tmp_path: Path, command: list[str],
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = in_process(capsys, "--config", str(tmp_path / "nowhere.yaml"), *command)
    assert code == 2, err
    assert "(1 problem):" in err and "file not found" in err


def test_an_invalid_config_exits_2_from_poll_too(tmp_path: Path) -> None:
    path = write_config(tmp_path, "http://127.0.0.1:9").read_text().replace("every: 1m",
                                                                              "every: 5")
    (tmp_path / "monitor.yaml").write_text(path)
    result = monitor("--config", str(tmp_path / "monitor.yaml"), "poll")
    assert result.returncode == 2
    assert "sources[0].every: '5' is not an interval with a unit" in result.stderr


def test_poll_exits_3_when_every_source_failed_and_status_strict_then_fails(
        site: LoopbackServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    config = write_config(tmp_path, f"{site.base}/gone")  # the feed answers 404
    code, out, _ = in_process(capsys, "--config", str(config), "poll")
    assert code == 3, out
    assert "1 source polled (1 failed)" in out
    assert in_process(capsys, "--config", str(config), "status")[0] == 0
    # Failing for a second is not failing "too long" (6h by default); with failing_after 1s
    # and five seconds later, it is.
    assert in_process(capsys, "--config", str(config), "status", "--strict")[0] == 0
    config.write_text(config.read_text() + "health: {failing_after: 1s}\n")
    report = collect_status(load_config(config), now=datetime.now(UTC) + timedelta(seconds=5))
    assert not report["healthy"]
    assert report["problems"][0].startswith("source Harbor Ledger has failed since")


def test_status_strict_fails_for_a_delivery_stuck_after_its_retries(polled: Path) -> None:
    config = load_config(polled)
    store = Store.open(config.storage)
    ledger = DeliveryLedger(store.engine)
    key = DeliveryKey.digest("daily", "webhook", datetime(2025, 5, 20, tzinfo=UTC),
                             datetime(2025, 5, 21, tzinfo=UTC))
    try:
        for _ in range(3):
            claim = ledger.claim(key)
            ledger.mark_failed(claim.delivery, "HTTP 503 from the hook")
        text = monitor("--config", str(polled), "status")
        assert "deliveries: 1 owed, 0 failed" in text.stdout
        assert "HTTP 503 from the hook" in text.stdout and "3 attempts" in text.stdout
        strict = monitor("--config", str(polled), "status", "--strict")
        assert strict.returncode == 1
        assert "delivery still owed after 3 attempts" in strict.stderr
    finally:
        with store.engine.begin() as conn:
            conn.exec_driver_sql("DELETE FROM deliveries")
        store.close()


# ---------------------------------------------------------------- progress (friction 6)


def run_in_terminal(*args: str) -> str:
    """Run monitor with stdout and stderr on a pseudo-terminal; return what the terminal got."""
    leader, follower = pty.openpty()
    proc = subprocess.Popen([sys.executable, "-m", "monitor", *args], stdout=follower,
                            stderr=follower, env={**os.environ, "COLUMNS": "120"})
    os.close(follower)
    chunks = []
    while True:
        try:
            chunk = os.read(leader, 4096)
        except OSError:  # EIO: the child closed the terminal
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(leader)
    assert proc.wait(timeout=60) == 0
    return b"".join(chunks).decode("utf-8", "replace")


def test_poll_shows_progress_in_a_terminal_and_only_the_summary_when_piped(polled: Path) -> None:
    screen = run_in_terminal("--config", str(polled), "poll")
    assert "polling" in screen and "sources" in screen and "\x1b[" in screen
    assert "total: 1 source polled (0 failed)" in screen
    piped = monitor("--config", str(polled), "poll")
    assert "polling" not in piped.stderr and "\x1b[" not in piped.stdout + piped.stderr
    assert piped.stdout.splitlines()[-1].startswith("total: 1 source polled")
    quiet = monitor("--config", str(polled), "poll", "--quiet")
    assert quiet.stdout.splitlines() == ["total: 1 source polled (0 failed), 0 new articles, "
                                         "0 new statements"]


def test_verbose_poll_logs_extraction_and_storage(site: LoopbackServer, tmp_path: Path) -> None:
    config = write_config(tmp_path, site.base)
    result = monitor("--config", str(config), "poll", "-v")
    assert "monitor.pipeline: extracted " in result.stderr
    assert "monitor.pipeline: stored " in result.stderr
    assert "polled Harbor Ledger: ok" in result.stderr
    assert "DEBUG tzlocal" not in result.stderr, "other libraries' debug chatter stays out"


# ---------------------------------------------------------------- extract (friction 7)


def test_extract_prints_json_when_piped_and_names_a_bad_target_once(polled: Path) -> None:
    page = str(FIXTURES / "site" / "article1.html")
    result = monitor("--config", str(polled), "extract", page, "nonexist.html")
    assert result.returncode == 1
    assert json.loads(result.stdout)["title"] == "Kremlin says truce talks must wait"
    assert result.stderr.startswith("monitor: nonexist.html: cannot read the file")
    assert result.stderr.count("nonexist.html") == 1 and "config" not in result.stderr
    screen = run_in_terminal("--config", str(polled), "extract", page)
    assert "title: Kremlin says truce talks must wait" in screen


# ---------------------------------------------------------------- statements (friction 10)


def test_statements_filters_and_an_unknown_actor_or_outlet(
        polled: Path, capsys: pytest.CaptureFixture[str]) -> None:
    config = str(polled)
    code, out, err = in_process(capsys, "--config", config, "statements", "--actor", "Nobody")
    assert code == 2
    assert "no tracked actor named 'Nobody'" in err
    assert "Dmitry Peskov, Volodymyr Zelensky" in err and "run poll" not in out + err
    code, out, err = in_process(capsys, "--config", config, "statements", "--outlet", "Nowhere")
    assert code == 2 and "the outlets are the sources: Harbor Ledger" in err

    def ids(*args: str) -> list[str]:
        code, out, err = in_process(capsys, "--config", config, "statements", "--format",
                                    "jsonl", *args)
        assert code == 0, err
        return [json.loads(line)["actor"] for line in out.splitlines()]

    everything = ids()
    assert len(everything) >= 3
    assert ids("--limit", "2") == everything[:2]
    assert set(ids("--actor", "zelensky")) == {"Volodymyr Zelensky"}
    assert ids("--outlet", "harbor ledger") == everything
    assert ids("--until", "2025-01-01") == []
    assert ids("--since", "1h", "--until", "2099-01-01T00:00:00Z") == everything


def test_the_table_keeps_whole_quotes_when_piped(polled: Path) -> None:
    table = monitor("--config", str(polled), "statements")
    assert f"“{LONG_QUOTE}”" in table.stdout, "no comma kept inside the marks, nothing cut"
    assert re.search(r" EES?T  ", table.stdout.splitlines()[0]), "times in the configured zone"


# ---------------------------------------------------------------- digest --preview -


def test_preview_dash_writes_the_html_to_stdout(polled: Path, tmp_path: Path) -> None:
    result = monitor("--config", str(polled), "digest", "--since", "7d", "--preview", "-",
                     cwd=tmp_path)
    assert result.returncode == 0
    assert result.stdout.startswith("<!DOCTYPE html>") and "Zelensky" in result.stdout
    assert "preview written to stdout" in result.stderr
    assert not (tmp_path / "-").exists()


# ---------------------------------------------------------------- the service (friction 8)


def test_run_notifies_systemd_writes_a_heartbeat_and_repeats_checks_warnings(
        polled: Path, tmp_path: Path) -> None:
    notify_path = tmp_path / "notify.sock"
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    listener.bind(str(notify_path))
    listener.settimeout(30)
    env = {**os.environ, "NOTIFY_SOCKET": str(notify_path), "WATCHDOG_USEC": "2000000"}
    env.pop("FIRSTDAY_UNSET_SECRET", None)
    log = tmp_path / "run.log"
    with log.open("w") as stderr:
        proc = subprocess.Popen([sys.executable, "-m", "monitor", "--config", str(polled),
                                 "run", "--log-format", "json"], stdout=subprocess.DEVNULL,
                                stderr=stderr, env=env)
    try:
        ready = listener.recv(4096).decode()
        assert ready.startswith("READY=1") and "STATUS=" in ready
        assert listener.recv(4096) == b"WATCHDOG=1"  # at half of WATCHDOG_USEC
        status = json.loads(monitor("--config", str(polled), "status", "--json").stdout)
        assert status["service"]["running"] is True
        assert status["service"]["instances"][0]["pid"] == proc.pid
        assert "service: running on" in monitor("--config", str(polled), "status").stdout
        proc.send_signal(signal.SIGTERM)
        while (message := listener.recv(4096)) == b"WATCHDOG=1":
            pass
        assert message == b"STOPPING=1"
        assert proc.wait(timeout=15) == 0
    finally:
        if proc.poll() is None:
            proc.kill()
        listener.close()
    status = json.loads(monitor("--config", str(polled), "status", "--json").stdout)
    assert status["service"] == {"running": False, "instances": []}
    lines = [json.loads(line) for line in log.read_text().splitlines()]
    assert all(line["time"].endswith("+00:00") or line["time"][-6] in "+-" for line in lines)
    warning = next(line for line in lines if "FIRSTDAY_UNSET_SECRET" in line["message"])
    assert warning["level"] == "warning"
    # The fixture polled already, so the service's start polls nothing (the sources row says
    # when each is due); every line still carries its event name.
    assert all(line["event"] for line in lines)


def test_status_next_poll_includes_the_backoff(tmp_path: Path) -> None:
    config = write_config(tmp_path, "http://127.0.0.1:9")
    loaded = load_config(config)
    store = Store.open(loaded.storage)
    at = datetime(2025, 5, 20, 12, 0, tzinfo=UTC)
    try:
        for _ in range(3):
            sources_state.record_outcome(store, "Harbor Ledger", at=at, ok=False,
                                         error="HTTP 503", every_seconds=60, new_articles=0,
                                         new_statements=0, spread=False)
    finally:
        store.close()
    report = collect_status(loaded, now=at + timedelta(seconds=10))
    source = report["sources"][0]
    assert source["consecutive_failures"] == 3
    assert source["next_poll"] == "2025-05-20T15:04:00+03:00"  # 1m doubled twice, in Kyiv time
    assert source["last_poll"] == "2025-05-20T15:00:00+03:00"
