"""Atom 1.0 feeds of statements (RFC 4287), from a Jinja2 template with XML autoescaping."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime

from jinja2 import Environment

from monitor.digest import display_wording
from monitor.models import Statement

EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def entry_id(statement: Statement) -> str:
    """A permanent id (RFC 4151 tag URI) that does not depend on where the view is served."""
    return f"tag:monitor,2025:statement:{statement.id}"


def updated(statement: Statement) -> datetime:
    """When the entry last changed: its newest report, else when first seen."""
    seen = [m.seen_at for m in statement.mentions]
    return max([statement.first_seen, *seen])


def atom_feed(env: Environment, statements: Sequence[Statement], *, base: str, self_url: str,
              title: str, key: str) -> str:
    """The feed document; `key` names the selection ("statements", "actor:NAME") in its id."""
    entries = [
        {
            "statement": s,
            "id": entry_id(s),
            "title": f"{s.actor}: {_short(display_wording(s.text))}",
            "published": (s.first_published or s.first_seen).isoformat(),
            "updated": updated(s).isoformat(),
            "link": f"{base}/statements/{s.id}",
            "outlets": sorted({m.outlet for m in s.mentions}),
        }
        for s in statements
    ]
    newest = max((updated(s) for s in statements), default=EPOCH)
    return env.get_template("feed.atom").render(
        title=title, self_url=self_url, home=f"{base}/", entries=entries,
        updated=newest.isoformat(), feed_id=f"tag:monitor,2025:feed:{key}")


def _short(text: str, limit: int = 90) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
