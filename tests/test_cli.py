"""The commands of the contract, run as a user runs them: `python -m monitor ...`."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from conftest import FIXTURES

ROOT = Path(__file__).resolve().parent.parent


def monitor(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "monitor", *args], capture_output=True,
                          text=True, cwd=cwd, timeout=120)


def test_check_accepts_the_example_config_and_summarises_it() -> None:
    result = monitor("--config", str(ROOT / "config" / "monitor.yaml"), "check")
    assert result.returncode == 0, result.stderr
    assert "valid" in result.stdout and "sources: 4" in result.stdout
    assert "actors: 22" in result.stdout


def test_check_rejects_an_invalid_config_with_exit_2(tmp_path: Path) -> None:
    path = tmp_path / "monitor.yaml"
    path.write_text("actors: [{name: A}]\ntopic: {include: [truce]}\n"
                    "sources: [{name: S, feed: 'ftp://x', every: often}]\n")
    result = monitor("--config", str(path), "check")
    assert result.returncode == 2
    assert f"{path}: sources[0].feed:" in result.stderr
    assert f"{path}: sources[0].every:" in result.stderr


def test_init_writes_a_valid_starter_and_refuses_to_overwrite(tmp_path: Path) -> None:
    folder = tmp_path / "cfg"
    assert monitor("init", str(folder)).returncode == 0
    assert monitor("--config", str(folder / "monitor.yaml"), "check").returncode == 0
    again = monitor("init", str(folder))
    assert again.returncode == 1 and "already exists" in again.stderr


def test_extract_prints_one_json_object_per_target(tmp_path: Path) -> None:
    page = FIXTURES / "site" / "article1.html"
    result = monitor("--config", str(ROOT / "config" / "monitor.yaml"), "extract", str(page),
                     str(tmp_path / "missing.html"), "--format", "json")
    assert result.returncode == 1, "a target that cannot be read makes the exit status 1"
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(lines) == 1
    record = lines[0]
    assert record["target"] == str(page)
    assert record["title"] == "Kremlin says truce talks must wait"
    assert record["on_topic"] is True
    assert "Reader comments" not in record["text"] and "cookies" not in record["text"]
    peskov = [m for m in record["mentions"] if m["actor"] == "Dmitry Peskov"]
    assert peskov and peskov[0]["speaker"] == "Kremlin spokesman Dmitry Peskov"
    assert peskov[0]["cue"] == "told reporters" and peskov[0]["kind"] == "direct"
    assert "missing.html" in result.stderr


def test_statements_on_an_empty_store_says_what_to_do(tmp_path: Path) -> None:
    (tmp_path / "monitor.yaml").write_text(
        "actors: [{name: Dmitry Peskov}]\ntopic: {include: [truce]}\n"
        "sources: [{name: S, feed: 'http://127.0.0.1:9/feed.xml'}]\n")
    config = str(tmp_path / "monitor.yaml")
    table = monitor("--config", config, "statements")
    assert table.returncode == 0 and "run 'monitor poll' first" in table.stdout
    jsonl = monitor("--config", config, "statements", "--format", "jsonl", "--since", "24h")
    assert jsonl.returncode == 0 and jsonl.stdout == ""
    bad = monitor("--config", config, "statements", "--since", "yesterday-ish")
    assert bad.returncode == 2 and "neither an ISO 8601 time" in bad.stderr
