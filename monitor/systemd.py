"""sd_notify for `Type=notify` units, written out: it is one datagram to $NOTIFY_SOCKET.

`READY=1` once the service has scheduled its jobs, `WATCHDOG=1` with each heartbeat when the
unit sets `WatchdogSec=` (systemd then restarts a service whose event loop hangs),
`STOPPING=1` at shutdown. Outside systemd (no NOTIFY_SOCKET) every call does nothing.
"""

from __future__ import annotations

import logging
import os
import socket

log = logging.getLogger(__name__)


def notify(state: str, environ: dict[str, str] | None = None) -> bool:
    """Send `state` ("READY=1", "STATUS=...") to the service manager; True if it was sent."""
    address = (os.environ if environ is None else environ).get("NOTIFY_SOCKET")
    if not address:
        return False
    if address.startswith("@"):  # an abstract socket (Linux): a leading NUL byte
        address = "\0" + address[1:]
    try:
        with socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM | socket.SOCK_CLOEXEC) as sock:
            sock.connect(address)
            sock.sendall(state.encode("utf-8"))
    except OSError as error:  # never fatal: the service runs on without the manager's notice
        log.warning("sd_notify %s failed: %s", state.split("=", 1)[0], error)
        return False
    return True


def watchdog_seconds(environ: dict[str, str] | None = None) -> float | None:
    """The watchdog interval systemd asks for (WATCHDOG_USEC), if it is meant for this process."""
    env = os.environ if environ is None else environ
    usec, pid = env.get("WATCHDOG_USEC"), env.get("WATCHDOG_PID")
    if not usec or (pid and pid != str(os.getpid())):
        return None
    try:
        return int(usec) / 1_000_000
    except ValueError:
        return None
