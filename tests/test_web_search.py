"""Full-text search over statement wordings (SQLite FTS5, PostgreSQL tsvector): the index is
filled by its migration and kept in sync by the database as statements change."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from conftest import fresh_database_url
from web_helpers import PESKOV, TRUMP, article, fill, said

from monitor.store import Store
from monitor.store.migrate import apply_migrations, discover_migrations
from monitor.store.search import fts5_query


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    with fresh_database_url(request.param, tmp_path) as url:
        yield url


@pytest.fixture
def store(database_url: str) -> Iterator[Store]:
    opened = Store.open(database_url)
    fill(opened)
    yield opened
    opened.close()


def texts(found: list) -> list[str]:
    return [s.text for s in found]


@pytest.mark.parametrize(("query", "expected"), [
    ("timetable", ["There is no timetable"]),
    ("TIMETABLES", ["There is no timetable"]),  # stemmed, any case
    ('"what happens"', ["We are going to see"]),
    ("ceasefire -real", ["We are going to see"]),
    ("timetable OR nobody", ["Nobody wants", "There is no timetable"]),
    ("truce happens", []),  # every word must occur
])
def test_search_finds_wordings_by_words_phrases_and_exclusions(
        store: Store, query: str, expected: list[str]) -> None:
    found = sorted(texts(store.statements(search=query)))
    assert len(found) == len(expected), found
    for text, start in zip(found, sorted(expected), strict=True):
        assert text.startswith(start)


def test_search_input_is_never_query_syntax(store: Store) -> None:
    for hostile in ['"', "NEAR(", "a AND", "*", "-", "')--", "col:word", "^"]:
        store.statements(search=hostile)  # no error, whatever it finds


def test_index_follows_new_fuller_and_merged_statements(store: Store) -> None:
    # The statement's wording grows: the new words are found, under the same statement.
    before = store.statements(search="timetable")
    store.add_article(article("https://ledger.example/9", hours=8), [
        said(PESKOV, "There is no timetable for a truce and there cannot be one yet, because "
                     "the memorandum is unfinished"),
    ])
    after = store.statements(search="memorandum")
    assert [s.id for s in after] == [s.id for s in before]
    # A new statement is found at once; the off-topic one only with all.
    store.add_article(article("https://ledger.example/10", hours=9), [
        said(TRUMP, "Frankly the negotiators deserve an extraordinary amount of credit")])
    assert texts(store.statements(search="extraordinary"))
    assert not store.statements(search="wonderful match")
    assert store.statements(search="wonderful match", include_off_topic=True)


def test_migration_indexes_statements_stored_before_it(database_url: str) -> None:
    migrations = discover_migrations()
    search = next(m for m in migrations if m.name == "statement_search")
    store = Store.open(database_url)
    engine = store.engine
    with engine.begin() as connection:  # back to the schema before the search index
        if engine.dialect.name == "sqlite":
            for sql in ("DROP TRIGGER statements_fts_insert", "DROP TRIGGER statements_fts_update",
                        "DROP TRIGGER statements_fts_delete", "DROP TABLE statements_fts",
                        "DROP TABLE statement_search_ids"):
                connection.exec_driver_sql(sql)
        else:
            connection.exec_driver_sql("DROP TABLE statement_search")
            connection.exec_driver_sql("DROP TRIGGER statements_search ON statements")
            connection.exec_driver_sql("DROP FUNCTION monitor_statement_search")
        connection.execute(sa.text("DELETE FROM schema_version WHERE version > :v"),
                           {"v": search.version})
        connection.exec_driver_sql("DROP TABLE corrections")  # the later migration, again
        connection.exec_driver_sql("DROP INDEX ix_mentions_confidence")
        connection.exec_driver_sql("DROP TABLE pending_articles")  # 0009, the outbox
        connection.execute(sa.text("DELETE FROM schema_version WHERE version = :v"),
                           {"v": search.version})
    fill(store)  # statements stored while there was no index
    apply_migrations(engine, migrations)
    assert texts(store.statements(search="timetable"))
    assert texts(store.statements(search="nobody"))
    store.close()


def test_fts5_translation_quotes_every_term() -> None:
    assert fts5_query("peace talks") == '("peace") AND ("talks")'
    assert fts5_query('"no timetable" -Kremlin') == '(("no timetable")) NOT "Kremlin"'
    assert fts5_query("truce OR ceasefire") == '("truce" OR "ceasefire")'
    assert fts5_query("-only") is None
    assert fts5_query("it's") == '("it s")'


def test_both_query_plans_find_the_same_statements(store: Store,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    from monitor.store import search

    queries = ["timetable", "ceasefire", "nobody OR happens", '"no timetable" -yet']
    by_lookup = {q: [s.id for s in store.statements(search=q)] for q in queries}
    monkeypatch.setattr(search, "WALK_ABOVE", 0)  # every search walks the time index
    by_walk = {q: [s.id for s in store.statements(search=q)] for q in queries}
    assert by_walk == by_lookup
    assert any(by_lookup.values())
