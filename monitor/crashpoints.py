"""Named points of a poll where a test can kill the process deterministically.

With MONITOR_STOP_AT=POINT in its environment, a process stops itself (SIGSTOP) when it
reaches POINT; the test waits until it is stopped and kills it with SIGKILL there: no sleeps,
no races (tests/test_kill.py). Unset, each point costs one dictionary lookup.

    listed    the listing's new articles are in the outbox, with the feed's validators
    stored    a batch of articles is committed, its outbox rows not yet settled
    storing   inside a batch's transaction, everything written, just before COMMIT
"""

from __future__ import annotations

import os
import signal
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import sqlalchemy as sa

ENV = "MONITOR_STOP_AT"


def reached(point: str) -> None:
    if os.environ.get(ENV) == point:
        os.kill(os.getpid(), signal.SIGSTOP)


@contextmanager
def before_commit(engine: sa.Engine, point: str) -> Iterator[None]:
    """Stops at `point` when a transaction on `engine` commits inside the block."""
    if os.environ.get(ENV) != point:
        yield
        return

    def stop(_connection: Any) -> None:
        reached(point)

    sa.event.listen(engine, "commit", stop)
    try:
        yield
    finally:
        sa.event.remove(engine, "commit", stop)
