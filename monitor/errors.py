"""The one exception tree of monitor. Every message says what went wrong and what to do."""

from __future__ import annotations


class MonitorError(Exception):
    """Base of every error monitor reports to a user."""


class ConfigError(MonitorError):
    """The configuration or actors file is invalid. `problems` holds one line per problem."""

    def __init__(self, problems: list[str]):
        self.problems = list(problems)
        super().__init__("\n".join(self.problems))


class FetchError(MonitorError):
    """A URL could not be fetched (network, HTTP status, size, robots.txt)."""

    def __init__(self, url: str, reason: str, *, status: int | None = None):
        self.url = url
        self.reason = reason
        self.status = status
        super().__init__(f"{url}: {reason}")


class RobotsDisallowedError(FetchError):
    """robots.txt forbids fetching this URL; monitor respects it."""


class ParseError(MonitorError):
    """A feed or page could not be read at all."""


class StorageError(MonitorError):
    """The database cannot be opened or written; the message says how to fix it."""


class DeliveryError(MonitorError):
    """A digest or alert could not be delivered on a channel after retries.

    `outcome` says what the ledger does with it: "retry" (owed, tried again on the next run),
    "rejected" (a permanent answer such as SMTP 550 or HTTP 410: never retried) or "unknown"
    (the message went out but no answer came: it may have arrived, so it is not resent)."""

    def __init__(self, message: str, *, outcome: str = "retry"):
        self.outcome = outcome
        super().__init__(message)
