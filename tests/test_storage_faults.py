"""Storage faults give one clear line and a non-zero exit, never a traceback or a half-written
article: a read-only database file or folder, a database locked by another process, a full
disk (a real `monitor poll` subprocess each time, against a loopback site)."""

from __future__ import annotations

import os
import resource
import shutil
import signal
import sqlite3
import subprocess
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from conftest import LoopbackServer
from newsdesk import Newsdesk, snapshot, write_config

from monitor.store import Store


def monitor(config: Path, *args: str,
            before: Callable[[], None] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "monitor", "--config", str(config), *args],
                          capture_output=True, text=True, timeout=120, preexec_fn=before)


def assert_one_clear_line(done: subprocess.CompletedProcess[str], *words: str) -> None:
    assert done.returncode == 1, (done.stdout, done.stderr)
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("monitor: "), done.stderr
    assert "Traceback" not in done.stderr + done.stdout
    for word in words:
        assert word in lines[0], lines[0]


@contextmanager
def read_only(path: Path) -> Iterator[None]:
    """Not writable, even for root (who ignores permission bits): immutable via chattr."""
    if os.geteuid() != 0:
        mode = path.stat().st_mode
        path.chmod(0o555 if path.is_dir() else 0o444)
        try:
            yield
        finally:
            path.chmod(mode)
        return
    if shutil.which("chattr") is None:
        pytest.skip("running as root without chattr: cannot make a file read-only")
    if subprocess.run(["chattr", "+i", str(path)], capture_output=True).returncode:
        pytest.skip("chattr +i is not supported here")
    try:
        yield
    finally:
        subprocess.run(["chattr", "-i", str(path)], check=True)


@pytest.fixture
def desk(http_server: LoopbackServer) -> Newsdesk:
    return Newsdesk(http_server, 40)


def prepared(tmp_path: Path, desk: Newsdesk, name: str, db: str = "monitor.db") -> Path:
    config = write_config(tmp_path / name, desk.server.base, db=db)
    assert monitor(config, "status").returncode == 0  # the database exists, migrated
    return config


def test_a_read_only_database_file(tmp_path: Path, desk: Newsdesk) -> None:
    config = prepared(tmp_path, desk, "file")
    # WAL mode: the -wal and -shm files beside it would still be writable; a read-only
    # database is one whose every file is.
    for leftover in tmp_path.glob("file/monitor.db-*"):
        leftover.unlink()
    with read_only(tmp_path / "file" / "monitor.db"):
        done = monitor(config, "poll")
    assert_one_clear_line(done, "monitor.db")


def test_a_read_only_database_folder(tmp_path: Path, desk: Newsdesk) -> None:
    config = prepared(tmp_path, desk, "folder")
    with read_only(tmp_path / "folder"):
        done = monitor(config, "poll")
    assert_one_clear_line(done, "monitor.db")


def test_a_locked_database(tmp_path: Path, desk: Newsdesk) -> None:
    config = prepared(tmp_path, desk, "locked", db="monitor.db?timeout=0.5")
    holder = sqlite3.connect(tmp_path / "locked" / "monitor.db", isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")  # another process holds the write lock
    try:
        done = monitor(config, "poll")
        digest = monitor(config, "digest", "--send")
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert_one_clear_line(done, "locked", "0.5 s")
    assert_one_clear_line(digest, "locked")
    assert monitor(config, "poll").returncode == 0


def test_a_full_disk_stops_the_poll_without_a_half_written_article(tmp_path: Path,
                                                                    desk: Newsdesk) -> None:
    config = prepared(tmp_path, desk, "full")
    db = tmp_path / "full" / "monitor.db"
    # RLIMIT_FSIZE bounds each file: the write-ahead log, which grows from nothing, fills up
    # first, as on a full disk.
    room = max(p.stat().st_size for p in db.parent.glob("monitor.db*")) + 24_000

    def small_disk() -> None:  # writes past `room` bytes fail with EFBIG, as on a full disk
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (room, room))

    done = monitor(config, "poll", before=small_disk)
    assert_one_clear_line(done, "disk")
    with sqlite3.connect(db) as connection:
        assert connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        bare = connection.execute(
            "SELECT count(*) FROM articles a WHERE NOT EXISTS "
            "(SELECT 1 FROM mentions m WHERE m.article_id = a.id)").fetchone()[0]
    assert bare == 0, "every article stored has its mentions: none half-written"
    assert monitor(config, "poll").returncode == 0  # space again: the rest comes in
    calm = write_config(tmp_path / "calm", desk.server.base)
    assert monitor(calm, "poll").returncode == 0
    with Store.open(f"sqlite:///{db}") as got, \
            Store.open(f"sqlite:///{tmp_path / 'calm' / 'monitor.db'}") as want:
        assert snapshot(got) == snapshot(want)
