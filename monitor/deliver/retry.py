"""How a channel retries a failed send: exponential backoff with jitter, capped."""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass(frozen=True)
class RetryPolicy:
    attempts: int = 4  # tries in all, the first one included
    base_seconds: float = 1.0  # the first backoff; doubles each time
    max_seconds: float = 60.0  # no single wait is longer, Retry-After included
    sleep: Callable[[float], None] = field(default=time.sleep, compare=False)

    def backoff(self, attempt: int, retry_after: float | None = None) -> float:
        """Seconds to wait after failed attempt number `attempt` (1-based). A server's
        Retry-After is honoured up to the cap; otherwise a random wait between half and all of
        the doubling backoff spreads clients that failed together."""
        if retry_after is not None:
            return max(0.0, min(retry_after, self.max_seconds))
        ceiling = min(self.max_seconds, self.base_seconds * 2 ** (attempt - 1))
        return random.uniform(ceiling / 2, ceiling)


DEFAULT_RETRY = RetryPolicy()
