"""Shared by the web view's tests: a small invented store, a config around it, a client."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from monitor.config import load_config
from monitor.models import Article, Config, Mention
from monitor.store import Store

T0 = datetime(2025, 5, 19, 12, 0, tzinfo=UTC)
PESKOV, TRUMP, ZELENSKY = "Dmitry Peskov", "Donald Trump", "Volodymyr Zelensky"
TOKEN = "review-token-for-tests"

ACTORS = """
actors:
  - name: Dmitry Peskov
    aliases: [Peskov]
    roles: [Kremlin spokesman]
  - name: Donald Trump
    aliases: [Trump]
    roles: [{title: US President, from: 2025-01-20}]
  - name: Volodymyr Zelensky
    aliases: [Zelensky, Zelenskyy]
    roles: [Ukrainian President]
"""


def write_config(folder: Path, storage: str = "sqlite:///monitor.db", extra: str = "") -> Config:
    (folder / "actors.yaml").write_text(ACTORS)
    (folder / "monitor.yaml").write_text(f"""
storage: {storage}
actors: actors.yaml
topic: {{include: [truce, ceasefire], require: [Russia, Ukraine, Kremlin, Kyiv]}}
sources:
  - {{name: Harbor Ledger, feed: "http://127.0.0.1:9/feed.xml", every: 15m}}
  - {{name: Steppe Courier, feed: "http://127.0.0.1:9/courier.xml", every: 30m}}
web: {{listen: "127.0.0.1:8099", review_token_env: MONITOR_TEST_REVIEW_TOKEN}}
{extra}""")
    return load_config(folder / "monitor.yaml")


def article(url: str, *, source: str = "Harbor Ledger", hours: float = 0,
            on_topic: bool = True, title: str = "Truce talks") -> Article:
    moment = T0 + timedelta(hours=hours)
    return Article(url=url, source=source, title=title, author=None, published=moment,
                   fetched_at=moment + timedelta(minutes=5), text="Article text.",
                   on_topic=on_topic)


def said(actor: str, text: str, *, kind: str = "direct", speaker: str = "", cue: str = "said",
         confidence: float = 1.0) -> Mention:
    return Mention(actor=actor, text=text, kind=kind,  # type: ignore[arg-type]
                   speaker=speaker or actor.split()[-1], cue=cue, confidence=confidence)


def fill(store: Store) -> None:
    """Five statements by three actors in two outlets, one reported by both, one doubtful."""
    store.add_article(article("https://ledger.example/1"), [
        said(PESKOV, "There is no timetable for a truce and there cannot be one yet"),
        said(TRUMP, "We are going to see what happens with the ceasefire very soon"),
    ])
    store.add_article(article("https://courier.example/2", source="Steppe Courier", hours=2), [
        said(PESKOV, "There is no timetable for a truce and there cannot be one yet, "
                     "the Kremlin said", speaker="the Kremlin spokesman"),
        said(ZELENSKY, "a real ceasefire must come first", kind="indirect", cue="insisted"),
    ])
    store.add_article(article("https://ledger.example/3", hours=5), [
        said(TRUMP, "Nobody wants this war to go on, believe me, nobody", speaker="he",
             confidence=0.55),
    ])
    store.add_article(article("https://ledger.example/4", hours=6, on_topic=False,
                              title="Football"), [
        said(TRUMP, "That was a wonderful match for everybody watching tonight"),
    ])
