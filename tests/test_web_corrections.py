"""Reviewers' corrections: stored on their own, applied at every read of statements (CLI,
digests, alerts, webhooks, feeds), surviving re-polls."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import fresh_database_url
from web_helpers import PESKOV, T0, TRUMP, ZELENSKY, article, fill, said, write_config

from monitor.deliver.dispatch import window_digest
from monitor.digest import digest_payload, render_text
from monitor.store import Store
from monitor.store.corrections import Correction, CorrectionLog, apply_corrections, mention_key


@pytest.fixture(params=["sqlite", "postgresql"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    with fresh_database_url(request.param, tmp_path) as url:
        opened = Store.open(url)
        fill(opened)
        yield opened
        opened.close()


def one(store: Store, actor: str, start: str, **filters: object):
    found = [s for s in store.statements(actor=actor, **filters) if s.text.startswith(start)]
    assert len(found) == 1, [s.text for s in store.statements(**filters)]
    return found[0]


def test_reassigning_a_lone_mention_moves_the_statement_and_survives_a_repoll(
        store: Store) -> None:
    nobody = one(store, TRUMP, "Nobody wants")
    CorrectionLog(store.engine).add(reviewer="Ann", action="reassign", statement=nobody,
                                    mention=mention_key(nobody.mentions[0]), actor=ZELENSKY,
                                    reason="the pronoun was Zelensky")
    moved = one(store, ZELENSKY, "Nobody wants")
    assert moved.id == nobody.id and moved.mentions == nobody.mentions
    assert not [s for s in store.statements(actor=TRUMP) if s.text.startswith("Nobody")]
    # A re-poll: another outlet reports it, as extracted again for Trump.
    store.add_article(article("https://courier.example/7", source="Steppe Courier", hours=7),
                      [said(TRUMP, "Nobody wants this war to go on, believe me, nobody")])
    assert one(store, ZELENSKY, "Nobody wants").id == nobody.id
    assert not [s for s in store.statements(actor=TRUMP) if s.text.startswith("Nobody")]


def test_reassigning_one_of_several_mentions_splits_it_off(store: Store) -> None:
    timetable = one(store, PESKOV, "There is no timetable")
    assert len(timetable.mentions) == 2
    courier = next(m for m in timetable.mentions if m.outlet == "Steppe Courier")
    CorrectionLog(store.engine).add(reviewer="Ann", action="reassign", statement=timetable,
                                    mention=mention_key(courier), actor=ZELENSKY, reason="")
    kept = one(store, PESKOV, "There is no timetable")
    assert kept.id == timetable.id and [m.outlet for m in kept.mentions] == ["Harbor Ledger"]
    assert kept.text == "There is no timetable for a truce and there cannot be one yet"
    split = one(store, ZELENSKY, "There is no timetable")
    assert split.id != timetable.id and [m.outlet for m in split.mentions] == ["Steppe Courier"]
    assert store.statements(ids=[split.id])[0].id == split.id  # found by its own id too


def test_not_a_statement_and_merge(store: Store) -> None:
    log = CorrectionLog(store.engine)
    ceasefire = one(store, ZELENSKY, "a real ceasefire")
    log.add(reviewer="Ben", action="not_statement", statement=ceasefire, reason="a headline")
    assert not store.statements(actor=ZELENSKY)
    happens = one(store, TRUMP, "We are going")
    nobody = one(store, TRUMP, "Nobody wants")
    log.add(reviewer="Ben", action="merge", statement=nobody, other=happens,
            reason="one answer")
    merged = one(store, TRUMP, "We are going")
    assert merged.id == happens.id and len(merged.mentions) == 2
    assert not [s for s in store.statements() if s.id == nobody.id]


def test_corrections_reach_digests_and_webhook_bodies(store: Store, tmp_path: Path) -> None:
    config = write_config(tmp_path, extra="digests:\n  - {name: daily, cron: '0 7 * * *', "
                                         "webhook: {url: 'http://127.0.0.1:9/hook'}}\n")
    nobody = one(store, TRUMP, "Nobody wants")
    CorrectionLog(store.engine).add(reviewer="Ann", action="reassign", statement=nobody,
                                    mention=mention_key(nobody.mentions[0]), actor=PESKOV)
    from datetime import timedelta

    digest = window_digest(config, store, config.digests[0], T0, T0 + timedelta(days=1))
    body = digest_payload(digest)
    actors = {s["actor"] for s in body["statements"] if s["text"].startswith("Nobody")}
    assert actors == {PESKOV}
    sections = {section.actor: [i.statement.text for i in section.items]
                for section in digest.sections}
    assert any(t.startswith("Nobody") for t in sections[PESKOV])
    assert not any(t.startswith("Nobody") for t in sections.get(TRUMP, []))
    assert "Nobody wants this war" in render_text(digest)


def test_corrections_apply_in_order_and_ignore_what_is_gone() -> None:
    from datetime import UTC, datetime

    from monitor.models import Statement, StoredMention

    def mention(url: str, text: str) -> StoredMention:
        moment = datetime(2025, 5, 19, tzinfo=UTC)
        return StoredMention(url=url, outlet="O", title=None, published=moment, text=text,
                             kind="direct", speaker="he", cue="said", confidence=0.5,
                             seen_at=moment, on_topic=True)

    a = Statement("a" * 16, TRUMP, "one two three", "direct", datetime(2025, 5, 19, tzinfo=UTC),
                  None, True, (mention("https://x/1", "one two three"),))
    now = datetime(2025, 5, 20, tzinfo=UTC)
    log = [
        Correction(1, now, "Ann", "reassign", a.id, mention_key(a.mentions[0]), PESKOV),
        Correction(2, now, "Ann", "reassign", a.id, None, ZELENSKY),
        Correction(3, now, "Ann", "merge", "gone" * 4, None, other_statement_id=a.id),
        Correction(4, now, "Ann", "not_statement", "b" * 16, ("https://y", "f"), None),
    ]
    result = apply_corrections([a], log)
    assert [(s.id, s.actor) for s in result.statements] == [(a.id, ZELENSKY)]


def test_a_correction_finds_its_statement_again_after_re_extraction(store: Store) -> None:
    """Re-extraction may store a statement under a new id: the correction follows the
    mentions it recorded (article URL + wording fingerprint)."""
    import sqlalchemy as sa

    nobody = one(store, TRUMP, "Nobody wants")
    CorrectionLog(store.engine).add(reviewer="Ann", action="reassign", statement=nobody,
                                    mention=mention_key(nobody.mentions[0]), actor=PESKOV)
    with store.engine.begin() as connection:  # the article is read again from scratch
        connection.execute(sa.text("DELETE FROM mentions WHERE statement_id = :id"),
                           {"id": nobody.id})
        connection.execute(sa.text("DELETE FROM statement_shingles WHERE statement_id = :id"),
                           {"id": nobody.id})
        connection.execute(sa.text("DELETE FROM statements WHERE id = :id"), {"id": nobody.id})
        connection.execute(sa.text("DELETE FROM articles WHERE url = 'https://ledger.example/3'"))
    # This time another outlet's article is read first: the statement gets another id.
    store.add_article(article("https://courier.example/8", source="Steppe Courier", hours=4),
                      [said(TRUMP, "Nobody wants this war to go on, believe me, nobody")])
    store.add_article(article("https://ledger.example/3", hours=5), [
        said(TRUMP, "Nobody wants this war to go on, believe me, nobody", speaker="he",
             confidence=0.55)])
    again = one(store, PESKOV, "Nobody wants")
    assert again.id != nobody.id and len(again.mentions) == 2
    assert not [s for s in store.statements(actor=TRUMP) if s.text.startswith("Nobody")]


def extract_again_from_scratch(store: Store) -> None:
    """Everything extracted is dropped and the articles are read again, this time an outlet
    that reports both of Trump's answers first: their statements get other ids."""
    import sqlalchemy as sa

    with store.engine.begin() as connection:
        for table in ("mentions", "statement_shingles", "statements", "articles"):
            connection.execute(sa.text(f"DELETE FROM {table}"))
    store.add_article(article("https://courier.example/9", source="Steppe Courier", hours=-1), [
        said(TRUMP, "We are going to see what happens with the ceasefire very soon"),
        said(TRUMP, "Nobody wants this war to go on, believe me, nobody")])
    fill(store)


@pytest.mark.parametrize("kind", ["sqlite", "postgresql"])
def test_a_merge_survives_re_extraction_that_renames_both_statements(
        kind: str, tmp_path: Path) -> None:
    import json
    import subprocess
    import sys
    from datetime import timedelta

    from starlette.testclient import TestClient

    from monitor.web.app import create_app

    with fresh_database_url(kind, tmp_path) as url:
        config = write_config(tmp_path, storage=url, extra="digests:\n  - {name: daily, "
                              "cron: '0 7 * * *', webhook: {url: 'http://127.0.0.1:9/h'}}\n")
        store = Store.open(url)
        try:
            fill(store)
            happens, nobody = one(store, TRUMP, "We are going"), one(store, TRUMP, "Nobody")
            CorrectionLog(store.engine).add(reviewer="Ben", action="merge", statement=nobody,
                                            other=happens, reason="one answer")
            extract_again_from_scratch(store)
            stored = {s.text[:6]: s.id for s in store.stored_statements(actor=TRUMP)}
            assert happens.id not in stored.values() and nobody.id not in stored.values()
            [merged] = [s for s in store.statements(actor=TRUMP) if s.text[:6] in stored]
            assert merged.id == stored["We are"] and len(merged.mentions) == 4
            assert {m.text[:6] for m in merged.mentions} == {"We are", "Nobody"}

            run = subprocess.run([sys.executable, "-m", "monitor", "--config",
                                  str(tmp_path / "monitor.yaml"), "statements", "--actor",
                                  TRUMP, "--format", "jsonl"], capture_output=True, text=True)
            assert run.returncode == 0, run.stderr
            lines = [json.loads(line) for line in run.stdout.splitlines()]
            assert [line["id"] for line in lines] == [merged.id]
            assert len(lines[0]["mentions"]) == 4

            digest = window_digest(config, store, config.digests[0], T0 - timedelta(days=1),
                                   T0 + timedelta(days=1))
            trump = [s for s in digest_payload(digest)["statements"] if s["actor"] == TRUMP]
            assert [s["id"] for s in trump] == [merged.id]
            assert "Nobody wants" not in render_text(digest).split("We are going")[0]

            client = TestClient(create_app(config, store, environ={}))
            for old in (nobody.id, happens.id, stored["Nobody"]):  # old ids, the new gone one
                moved = client.get(f"/statements/{old}", follow_redirects=False)
                assert moved.status_code == 303, (old, nobody.id, happens.id, stored, merged.id)
                assert moved.headers["location"] == f"/statements/{merged.id}"
            page = client.get(f"/statements/{merged.id}").text
            assert "Nobody wants this war" in page and "We are going to see" in page
            home = client.get("/", params={"actor": TRUMP}).text
            assert home.count(f'href="/statements/{merged.id}"') >= 1
            assert f'href="/statements/{stored["Nobody"]}"' not in home
        finally:
            store.close()


def test_the_review_queue_leaves_out_what_was_reviewed_after_re_extraction(
        store: Store, tmp_path: Path) -> None:
    from monitor.web.queries import review_queue

    config = write_config(tmp_path)
    assert [item for item in review_queue(store, config, 0.7)
                  if item.statement_text.startswith("Nobody")]
    nobody = one(store, TRUMP, "Nobody")
    CorrectionLog(store.engine).add(reviewer="Ann", action="confirm", statement=nobody,
                                    reason="it was Trump")
    extract_again_from_scratch(store)
    assert one(store, TRUMP, "Nobody").id != nobody.id
    assert not [item for item in review_queue(store, config, 0.7)
                if item.statement_text.startswith("Nobody")]
