"""Logging for every command: `--log-level`, `--log-format text|json`, `-v`.

JSON logs are one object per line: `time` (ISO 8601 with its zone), `level`, `event` (a stable
name such as `source_polled`, else the logger's name), `message`, and when the code passed them
(`extra={...}`) `source`, `duration` (seconds) and `counts`. Secrets never reach a log line:
credentials inside URLs and the values of the secret variables the configuration names (and
any variable called *PASSWORD*, *SECRET*, *TOKEN*) are masked in every record, text or JSON.
"""

from __future__ import annotations

import json
import logging
import os
import re
import sys
from collections.abc import Iterable
from datetime import datetime
from typing import Any, TextIO

LEVELS = ("debug", "info", "warning", "error")
FORMATS = ("text", "json")
FIELDS = ("source", "duration", "counts")  # structured extras copied into JSON lines
_URL_CREDENTIALS = re.compile(r"(?P<scheme>[a-z][a-z0-9+.-]*://)(?P<user>[^:/@\s]+):[^@/\s]+@",
                              re.IGNORECASE)
_SECRET_NAME = re.compile(r"PASSWORD|SECRET|TOKEN|API_KEY", re.IGNORECASE)
MASK = "***"
# The libraries' per-request chatter stays out unless asked for with --log-level debug.
_NOISY = ("apscheduler", "httpx", "httpcore", "mail.log", "asyncio")


class Redactor:
    """Masks secrets in text: URL passwords and the values of secret environment variables."""

    def __init__(self, secret_env: Iterable[str] = (), environ: dict[str, str] | None = None):
        environ = dict(os.environ if environ is None else environ)
        names = set(secret_env) | {name for name in environ if _SECRET_NAME.search(name)}
        # Longest first, so a secret containing another is masked whole; very short values
        # ("1", "on") would mask ordinary words and are not secrets anyone relies on.
        self.values = sorted({environ[n] for n in names if len(environ.get(n, "")) >= 6},
                             key=len, reverse=True)

    def __call__(self, text: str) -> str:
        text = _URL_CREDENTIALS.sub(lambda m: f"{m['scheme']}{m['user']}:{MASK}@", text)
        for value in self.values:
            text = text.replace(value, MASK)
        return text


class _RedactingFilter(logging.Filter):
    def __init__(self, redact: Redactor) -> None:
        super().__init__()
        self.redact = redact

    def filter(self, record: logging.LogRecord) -> bool:
        record.msg = self.redact(record.getMessage())
        record.args = None
        if record.exc_info and not record.exc_text:
            record.exc_text = self.redact(logging.Formatter().formatException(record.exc_info))
        return True


class JsonFormatter(logging.Formatter):
    """One JSON object per line."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created).astimezone().isoformat(
                timespec="milliseconds"),
            "level": record.levelname.lower(),
            "event": getattr(record, "event", None) or record.name,
            "message": record.getMessage(),
        }
        for name in FIELDS:
            value = getattr(record, name, None)
            if value is not None:
                entry[name] = round(value, 3) if isinstance(value, float) else value
        if record.exc_info and not record.exc_text:
            record.exc_text = self.formatException(record.exc_info)
        if record.exc_text:
            entry["error"] = record.exc_text
        return json.dumps(entry, ensure_ascii=False, default=str)


class TextFormatter(logging.Formatter):
    """`2025-05-19T07:00:01+03:00 INFO monitor.pipeline: message [source=..., duration=...]`"""

    def format(self, record: logging.LogRecord) -> str:
        stamp = datetime.fromtimestamp(record.created).astimezone().isoformat(timespec="seconds")
        line = f"{stamp} {record.levelname} {record.name}: {record.getMessage()}"
        if record.exc_info and not record.exc_text:
            record.exc_text = self.formatException(record.exc_info)
        if record.exc_text:
            line += "\n" + record.exc_text
        return line


def configure(level: str = "warning", fmt: str = "text", *, verbose: bool = False,
              stream: TextIO | None = None, secret_env: Iterable[str] = ()) -> logging.Handler:
    """Send log records to stderr (or `stream`) at `level`; `verbose` shows monitor's own
    debug records (extraction, storage) while the HTTP libraries stay at info."""
    if level not in LEVELS:
        raise ValueError(f"log level {level!r}: use one of {', '.join(LEVELS)}")
    root = logging.getLogger()
    for old in [h for h in root.handlers if getattr(h, "_monitor", False)]:
        root.removeHandler(old)
    handler = logging.StreamHandler(stream or sys.stderr)
    handler._monitor = True  # type: ignore[attr-defined]
    handler.setFormatter(JsonFormatter() if fmt == "json" else TextFormatter())
    handler.addFilter(_RedactingFilter(Redactor(secret_env)))
    numeric = getattr(logging, level.upper())
    handler.setLevel(logging.DEBUG if verbose else numeric)
    root.addHandler(handler)
    root.setLevel(min(numeric, logging.INFO) if verbose else numeric)
    # -v: monitor's own debug records, other libraries' at info at most.
    logging.getLogger("monitor").setLevel(logging.DEBUG if verbose else logging.NOTSET)
    for name in _NOISY:
        noisy = logging.INFO if verbose and name.startswith("http") else logging.WARNING
        logging.getLogger(name).setLevel(logging.DEBUG if level == "debug" else noisy)
    return handler


def mask_secrets_of(config: object) -> None:
    """From now on, also mask the secrets this configuration names (custom `*_env` names)."""
    redact = _RedactingFilter(Redactor(secret_env_names(config)))
    for handler in logging.getLogger().handlers:
        if getattr(handler, "_monitor", False):
            for old in [f for f in handler.filters if isinstance(f, _RedactingFilter)]:
                handler.removeFilter(old)
            handler.addFilter(redact)


def secret_env_names(config: object) -> list[str]:
    """The environment variables a configuration names for secrets (masked in logs)."""
    names = []
    for item in (*getattr(config, "digests", ()), *getattr(config, "alerts", ())):
        if item.email and item.email.smtp.password_env:
            names.append(item.email.smtp.password_env)
        if item.webhook and item.webhook.secret_env:
            names.append(item.webhook.secret_env)
    return names
