"""What `monitor run` tells the world about being alive: a heartbeat row in the database (read
by `monitor status`) and, under systemd, READY/WATCHDOG/STOPPING notifications."""

from __future__ import annotations

import logging

import sqlalchemy as sa

from monitor import systemd
from monitor.store.heartbeats import HeartbeatTable

log = logging.getLogger(__name__)

BEAT_SECONDS = 30  # heartbeat interval; shorter when systemd's watchdog asks for it


class Liveness:
    def __init__(self, engine: sa.Engine) -> None:
        self.table = HeartbeatTable(engine)
        watchdog = systemd.watchdog_seconds()
        # Ping the watchdog at half its interval, as sd_watchdog_enabled(3) advises.
        self.interval = max(1, int(min(BEAT_SECONDS, watchdog / 2 if watchdog else BEAT_SECONDS)))
        self.instance: str | None = None

    def started(self, status: str) -> None:
        try:
            self.instance = self.table.start(self.interval)
        except Exception as error:  # liveness is no reason to stop the service
            log.warning("could not record the heartbeat: %s", error)
        systemd.notify(f"READY=1\nSTATUS={status}")

    def beat(self) -> None:
        systemd.notify("WATCHDOG=1")
        if self.instance is None:
            return
        try:
            self.table.beat(self.instance)
        except Exception as error:
            log.warning("could not record the heartbeat: %s", error)

    def stopping(self) -> None:
        systemd.notify("STOPPING=1")
        if self.instance is None:
            return
        try:
            self.table.stop(self.instance)
        except Exception as error:
            log.warning("could not remove the heartbeat: %s", error)
