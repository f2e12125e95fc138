"""monitor.store on SQLite always, and on PostgreSQL when MONITOR_TEST_POSTGRES_URL is set
(for example: export MONITOR_TEST_POSTGRES_URL=$(.ci/postgres.sh))."""

from __future__ import annotations

import sys
import threading
import tomllib
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
import sqlalchemy as sa
from conftest import fresh_database_url

from monitor import cluster
from monitor.errors import StorageError
from monitor.models import Article, Mention
from monitor.store import HttpState, Store, database
from monitor.store import store as store_module
from monitor.store.migrate import Migration, apply_migrations, current_version, discover_migrations
from monitor.store.tables import metadata, statement_shingles
from monitor.store.writing import DISTINCTIVE_WORDS, shingle_rows, statement_id

ROOT = Path(__file__).resolve().parent.parent

T0 = datetime(2025, 5, 19, 12, 0, tzinfo=UTC)
PESKOV = "Dmitry Peskov"
TRUMP = "Donald Trump"
ZELENSKY = "Volodymyr Zelensky"


def make_article(
    url: str,
    *,
    source: str = "Harbor Ledger",
    published: datetime | None = T0,
    fetched: datetime = T0 + timedelta(minutes=5),
    on_topic: bool = True,
    title: str | None = "Talks",
) -> Article:
    return Article(
        url=url,
        source=source,
        title=title,
        author=None,
        published=published,
        fetched_at=fetched,
        text="Article text.",
        on_topic=on_topic,
    )


def said(actor: str, text: str, kind: str = "direct", start: int = 0) -> Mention:
    return Mention(actor=actor, text=text, kind=kind, speaker="he", cue="said", start=start)  # type: ignore[arg-type]


# ---------------------------------------------------------------- databases to test on


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A URL of a fresh, empty database of each kind."""
    with fresh_database_url(request.param, tmp_path) as url:
        yield url


@pytest.fixture
def store(database_url: str) -> Iterator[Store]:
    opened = Store.open(database_url)
    yield opened
    opened.close()


def count(store: Store, table: str) -> int:
    with store.engine.connect() as connection:
        return connection.execute(sa.text(f"SELECT COUNT(*) FROM {table}")).scalar_one()


def shingles_stored(store: Store) -> dict[str, set[int]]:
    """The shingles in the index, per statement id."""
    found: dict[str, set[int]] = {}
    with store.engine.connect() as connection:
        for statement, shingle in connection.execute(
            sa.select(statement_shingles.c.statement_id, statement_shingles.c.shingle)
        ):
            found.setdefault(statement, set()).add(shingle)
    return found


def shingles_of(text: str) -> set[int]:
    return set(cluster.shingle_hashes(cluster.normalize_wording(text)))


# ---------------------------------------------------------------- migrations


def test_migrations_are_applied_once_and_reopen_is_idempotent(database_url: str) -> None:
    first = Store.open(database_url)
    first.add_article(make_article("https://a.example/1"), [said(PESKOV, "We are ready")])
    first.close()
    again = Store.open(database_url)
    with again.engine.connect() as connection:
        versions = connection.execute(
            sa.text("SELECT version, name FROM schema_version ORDER BY version")
        ).all()
    expected = [(m.version, m.name) for m in discover_migrations()]
    assert [tuple(row) for row in versions] == expected
    assert expected[0] == (1, "initial")
    assert count(again, "articles") == 1  # data kept
    again.close()


def test_tables_in_code_match_the_migrated_schema(store: Store) -> None:
    inspector = sa.inspect(store.engine)
    for table in metadata.sorted_tables:
        in_database = {column["name"] for column in inspector.get_columns(table.name)}
        assert in_database == set(table.columns.keys()), table.name


def test_database_newer_than_the_code_is_refused(database_url: str) -> None:
    Store.open(database_url).close()
    engine = sa.create_engine(database_url.replace("postgresql://", "postgresql+psycopg://"))
    with engine.begin() as connection:
        connection.execute(
            sa.text("INSERT INTO schema_version (version, name, applied_at) VALUES (99, 'x', :at)"),
            {"at": datetime(2030, 1, 1)},
        )
    engine.dispose()
    with pytest.raises(StorageError, match=r"schema version 99.*upgrade monitor"):
        Store.open(database_url)


def test_every_monitor_package_is_shipped_by_a_non_editable_install() -> None:
    """pyproject lists packages explicitly (to map storage/ to monitor_storage): a new
    sub-package of monitor/ must be listed there too, or `pip install .` leaves it out."""
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]
    listed = set(config["packages"])
    on_disk = {
        ".".join(path.parent.relative_to(ROOT).parts)
        for path in (ROOT / "monitor").rglob("*.py")
        if "__pycache__" not in path.parts
    }
    assert on_disk <= listed, f"add {sorted(on_disk - listed)} to packages in pyproject.toml"
    assert config["package-dir"]["monitor_storage"] == "storage"
    assert {"monitor_storage", "monitor_storage.migrations"} <= listed


# ---------------------------------------------------------------- errors


def test_bad_url_says_what_to_write() -> None:
    with pytest.raises(StorageError, match=r"sqlite:///path/to/monitor.db"):
        Store.open("not a url")
    with pytest.raises(StorageError, match="does not support"):
        Store.open("mysql://user@localhost/monitor")


def test_unwritable_folder_is_reported(tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    with pytest.raises(StorageError, match="cannot create the folder"):
        Store.open(f"sqlite:///{blocker / 'sub' / 'monitor.db'}")


def test_a_file_that_is_not_a_database_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_text("these are not the tables you are looking for\n" * 100)
    with pytest.raises(StorageError, match="is not a SQLite database"):
        Store.open(f"sqlite:///{path}")


def test_missing_folder_is_created(tmp_path: Path) -> None:
    path = tmp_path / "new" / "folder" / "monitor.db"
    Store.open(f"sqlite:///{path}").close()
    assert path.exists()


def test_missing_postgres_driver_says_what_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "psycopg", None)  # import psycopg now fails
    with pytest.raises(StorageError, match=r"pip install 'monitor\[postgres\]'"):
        Store.open("postgresql://user@127.0.0.1:1/monitor")


def test_unreachable_postgres_is_reported() -> None:
    with pytest.raises(StorageError, match=r"cannot connect to .*server is\s+running"):
        Store.open("postgresql://user:secret@127.0.0.1:1/monitor")


@pytest.mark.parametrize(
    "url",
    ["postgresql://user:secret@127.0.0.1:1/monitor", "postgresql://user:secret@host:port/db"],
)
def test_password_is_not_shown_in_messages(url: str) -> None:
    with pytest.raises(StorageError) as raised:
        Store.open(url)
    assert "secret" not in str(raised.value)


# ---------------------------------------------------------------- articles and dedupe


def test_repeated_add_article_of_the_same_url_changes_nothing(store: Store) -> None:
    article = make_article("https://a.example/1")
    created = store.add_article(article, [said(PESKOV, "We are ready for talks with Kyiv")])
    assert len(created) == 1
    again = store.add_article(
        replace(article, title="Changed"), [said(PESKOV, "Something else entirely was said")]
    )
    assert again == []
    assert (count(store, "articles"), count(store, "statements"), count(store, "mentions")) == (
        1,
        1,
        1,
    )
    assert store.known_urls(["https://a.example/1", "https://a.example/2"]) == {
        "https://a.example/1"
    }


def test_same_quote_from_three_outlets_is_one_statement(store: Store) -> None:
    # Seen in this order: A, B, C; but B was published first and C carries the fullest wording.
    a = make_article("https://a.example/1", source="A", published=T0, fetched=T0 + timedelta(1))
    b = make_article(
        "https://b.example/1",
        source="B",
        published=T0 - timedelta(hours=2),
        fetched=T0 + timedelta(days=1, hours=1),
    )
    c = make_article(
        "https://c.example/1", source="C", published=None, fetched=T0 + timedelta(days=1, hours=2)
    )
    first = store.add_article(a, [said(PESKOV, "“We are ready to continue the talks in Istanbul”")])
    assert store.add_article(b, [said(PESKOV, "«we’re ready to continue the talks…»")]) == []
    full = "We are ready to continue the talks in Istanbul, but Kyiv must show it wants peace"
    assert store.add_article(c, [said(PESKOV, full)]) == []

    [statement] = store.statements()
    assert [statement.id] == first
    assert statement.text == full
    assert statement.first_seen == T0 + timedelta(days=1)
    assert statement.first_published == T0 - timedelta(hours=2)
    # ordered by published time, undated last
    assert [m.outlet for m in statement.mentions] == ["B", "A", "C"]
    assert statement.mentions[0].text == "«we’re ready to continue the talks…»"
    assert statement.mentions[0].published == T0 - timedelta(hours=2)
    assert statement.mentions[2].published is None


def test_different_actors_never_merge(store: Store) -> None:
    article = make_article("https://a.example/1")
    created = store.add_article(
        article,
        [said(PESKOV, "We are ready for talks with Kyiv"), said(TRUMP, "We are ready for talks")],
    )
    assert len(created) == 2
    assert {s.actor for s in store.statements()} == {PESKOV, TRUMP}


def test_negated_statement_is_a_new_statement(store: Store) -> None:
    store.add_article(make_article("https://a.example/1"), [said(PESKOV, "We are ready for talks")])
    created = store.add_article(
        make_article("https://b.example/1"), [said(PESKOV, "We are not ready for talks")]
    )
    assert len(created) == 1
    assert len(store.statements()) == 2


def test_same_wording_twice_in_one_article_is_one_mention(store: Store) -> None:
    store.add_article(
        make_article("https://a.example/1"),
        [said(PESKOV, "We are ready for talks", start=10), said(PESKOV, "we’re ready for talks!")],
    )
    assert count(store, "mentions") == 1


def test_split_quote_parts_join_the_joined_statement(store: Store) -> None:
    joined = "We want peace … but not at any price, and not at the cost of our land"
    [created] = store.add_article(make_article("https://a.example/1"), [said(TRUMP, joined)])
    parts = [said(TRUMP, "We want peace", start=0), said(TRUMP, "not at the cost of our land")]
    assert store.add_article(make_article("https://b.example/1"), parts) == []
    [statement] = store.statements()
    assert statement.id == created
    assert statement.text == joined
    assert len(statement.mentions) == 3


def test_split_quote_parts_seen_first_are_united_by_the_joined_quote(store: Store) -> None:
    parts = [
        said(ZELENSKY, "We are ready to meet in Istanbul on Thursday", start=0),
        said(ZELENSKY, "and I will be there personally waiting for Putin", start=90),
    ]
    first = store.add_article(make_article("https://a.example/1"), parts)
    assert len(first) == 2
    joined = (
        "We are ready to meet in Istanbul on Thursday... "
        "and I will be there personally waiting for Putin"
    )
    later = make_article("https://b.example/1", fetched=T0 + timedelta(hours=1))
    assert store.add_article(later, [said(ZELENSKY, joined)]) == []
    [statement] = store.statements()
    assert statement.id == min(first)  # the earliest id survives (same first_seen: by id)
    assert statement.text == joined
    assert statement.first_seen == T0 + timedelta(minutes=5)
    assert len(statement.mentions) == 3
    assert count(store, "statements") == 1
    # the parts' shingles went with them; the survivor's are those of its new wording
    assert shingles_stored(store) == {statement.id: shingles_of(joined)}


def test_a_fragment_grows_into_a_fuller_quote_only_in_the_days_after(store: Store) -> None:
    day = timedelta(days=1)
    store.add_article(
        make_article("https://a.example/1", fetched=T0 - 10 * day), [said(TRUMP, "thank you")]
    )
    store.add_article(
        make_article("https://b.example/1", fetched=T0 - day), [said(PESKOV, "hard to say")]
    )
    thanks = "I want to thank you all, we are very close to a deal"
    assert len(store.add_article(make_article("https://c.example/1"), [said(TRUMP, thanks)])) == 1
    fuller = "It is hard to say that they are getting closer"
    assert store.add_article(make_article("https://d.example/1"), [said(PESKOV, fuller)]) == []
    assert {s.text for s in store.statements()} == {"thank you", thanks, fuller}


def test_a_phrase_repeated_across_statements_does_not_merge_them(store: Store) -> None:
    store.add_article(
        make_article("https://a.example/1"),
        [said(TRUMP, "we want a deal", start=0), said(TRUMP, "Putin must stop the bombing now")],
    )
    longer = "Look, we want a deal, and Putin must stop the bombing now, that is all I can say"
    store.add_article(make_article("https://b.example/1"), [said(TRUMP, longer)])
    texts = {s.text for s in store.statements()}
    assert texts == {"we want a deal", longer}  # joined one part, the 4-word phrase kept apart


def test_direct_quote_is_preferred_over_fuller_reported_speech(store: Store) -> None:
    store.add_article(
        make_article("https://a.example/1"),
        [said(PESKOV, "Russia is ready for talks with Kyiv without any preconditions", "indirect")],
    )
    quote = "ready for talks with Kyiv without any preconditions"
    store.add_article(make_article("https://b.example/1"), [said(PESKOV, quote)])
    [statement] = store.statements()
    assert statement.text == quote
    assert statement.kind == "direct"


def test_fuzzy_matching_is_limited_to_a_window_but_exact_wording_is_not(store: Store) -> None:
    old = T0 - timedelta(days=60)
    store.add_article(
        make_article("https://a.example/1", published=old, fetched=old),
        [said(PESKOV, "We are ready for talks with Kyiv at any time")],
    )
    changed = store.add_article(
        make_article("https://b.example/1"),
        [said(PESKOV, "We are ready for talks with Kyiv at any moment")],
    )
    assert len(changed) == 1  # the old statement is out of the fuzzy window
    exact = store.add_article(
        make_article("https://c.example/1"),
        [said(PESKOV, "“We’re ready for talks with Kyiv at any time”")],
    )
    assert exact == []  # the fingerprint finds it whatever its age
    assert len(store.statements()) == 2


def test_a_short_phrase_repeated_months_later_is_a_new_statement(store: Store) -> None:
    old = T0 - timedelta(days=90)
    store.add_article(
        make_article("https://a.example/1", published=old, fetched=old),
        [said(TRUMP, "We’ll see what happens")],
    )
    recent = T0 - timedelta(days=2)
    again = store.add_article(
        make_article("https://b.example/1", published=recent, fetched=recent),
        [said(TRUMP, "we will see what happens")],
    )
    assert len(again) == 1  # five words, 90 days later: said again, not the same statement
    assert (
        store.add_article(
            make_article("https://c.example/1"), [said(TRUMP, "We'll see what happens")]
        )
        == []
    )
    assert [len(s.mentions) for s in store.statements()] == [2, 1]


def test_an_excerpt_joins_an_old_statement_only_when_unambiguous(store: Store) -> None:
    old = T0 - timedelta(days=200)
    store.add_article(
        make_article("https://a.example/1", published=old, fetched=old),
        [
            said(PESKOV, "The memorandum must be signed before any meeting of the presidents"),
            said(TRUMP, "We want a deal that ends the killing on both sides"),
            said(TRUMP, "Nobody wants a deal that ends the killing more than I do"),
        ],
    )
    excerpt = store.add_article(
        make_article("https://b.example/1"), [said(PESKOV, "“must be signed before any meeting…”")]
    )
    assert excerpt == []  # joined the statement of 200 days ago
    common = store.add_article(
        make_article("https://c.example/1"), [said(TRUMP, "a deal that ends the killing")]
    )
    assert len(common) == 1  # in two old statements: joins neither
    fuller = (
        "Putin said the memorandum must be signed before any meeting of the presidents, full stop"
    )
    assert store.add_article(make_article("https://d.example/1"), [said(PESKOV, fuller)]) == []
    peskov = store.statements(actor=PESKOV)
    assert len(peskov) == 1
    assert peskov[0].text == fuller


def test_an_old_statement_is_found_through_the_shingle_index(store: Store) -> None:
    old = T0 - timedelta(days=120)
    quote = "The memorandum must be signed before any meeting of the presidents"
    [created] = store.add_article(
        make_article("https://a.example/1", published=old, fetched=old), [said(PESKOV, quote)]
    )
    assert shingles_stored(store) == {created: shingles_of(quote)}
    # Each shares a run of five words with it, but neither is part of it nor contains it.
    starts_inside = "must be signed before any talks can start"  # its opening run is in the old
    opens_alike = "The memorandum must be signed by both sides first"  # the old one's opening run
    for index, text in enumerate((starts_inside, opens_alike)):
        new = store.add_article(make_article(f"https://b.example/{index}"), [said(PESKOV, text)])
        assert len(new) == 1
    excerpt = "“must be signed before any meeting of the presidents…”"
    assert store.add_article(make_article("https://c.example/1"), [said(PESKOV, excerpt)]) == []
    [joined] = store.statements(ids=[created])
    assert len(joined.mentions) == 2
    assert count(store, "statements") == 3


def test_an_old_statement_is_found_by_the_words_of_its_fuller_wording(store: Store) -> None:
    old = T0 - timedelta(days=120)
    first = store.add_article(
        make_article("https://a.example/1", published=old, fetched=old),
        [said(PESKOV, "must be signed before any meeting of the presidents")],
    )
    fuller = "The memorandum must be signed before any meeting of the presidents, and not after"
    next_day = old + timedelta(days=1)
    assert (
        store.add_article(
            make_article("https://b.example/1", published=next_day, fetched=next_day),
            [said(PESKOV, fuller)],
        )
        == []
    )
    assert shingles_stored(store) == {first[0]: shingles_of(fuller)}  # re-indexed
    # 120 days later, words that only the fuller wording has
    later = [said(PESKOV, "meeting of the presidents, and not after")]
    assert store.add_article(make_article("https://c.example/1"), later) == []
    [statement] = store.statements()
    assert (statement.id, statement.text, len(statement.mentions)) == (first[0], fuller, 3)


def test_shingle_rows_index_distinctive_wordings_only() -> None:
    assert cluster.SHINGLE_WORDS <= DISTINCTIVE_WORDS  # every distinctive wording is indexed
    wording = "we are ready for talks and we are ready for talks now"
    rows = shingle_rows("s1", PESKOV, wording)
    hashes = cluster.shingle_hashes(wording)
    assert [row["shingle"] for row in rows] == list(dict.fromkeys(hashes))  # each once
    assert len(rows) < len(hashes)
    assert [row["opening"] for row in rows] == [True] + [False] * (len(rows) - 1)
    assert {(row["statement_id"], row["actor"]) for row in rows} == {("s1", PESKOV)}
    short = " ".join(wording.split()[: DISTINCTIVE_WORDS - 1])
    assert shingle_rows("s2", PESKOV, short) == []


def test_statement_ids_are_stable(store: Store) -> None:
    wording = "We are ready for talks with Kyiv"
    [created] = store.add_article(make_article("https://a.example/1"), [said(PESKOV, wording)])
    assert created == statement_id(PESKOV, wording, "https://a.example/1")
    assert len(created) == 16


def test_a_crash_mid_article_leaves_nothing_half_written(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls = {"n": 0}
    real_best_match = cluster.best_match

    def crash_on_second(*args: object, **kwargs: object) -> object:
        calls["n"] += 1
        if calls["n"] == 2:
            raise RuntimeError("simulated crash")
        return real_best_match(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(store_module.cluster, "best_match", crash_on_second)
    article = make_article("https://a.example/1")
    mentions = [said(PESKOV, "We are ready for talks"), said(TRUMP, "We will see what happens")]
    with pytest.raises(RuntimeError, match="simulated crash"):
        store.add_article(article, mentions)
    for table in ("articles", "statements", "mentions"):
        assert count(store, table) == 0, table
    monkeypatch.setattr(store_module.cluster, "best_match", real_best_match)
    assert len(store.add_article(article, mentions)) == 2  # the retry stores it all


def test_concurrent_writers_of_one_quote_make_one_statement(database_url: str) -> None:
    stores = [Store.open(database_url) for _ in range(4)]
    errors: list[BaseException] = []

    def add(index: int) -> None:
        try:
            stores[index % 4].add_article(
                make_article(f"https://o{index}.example/1"),
                [said(PESKOV, "We are ready for talks with Kyiv at any time")],
            )
        except BaseException as error:  # reported below
            errors.append(error)

    threads = [threading.Thread(target=add, args=(i,)) for i in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    [statement] = stores[0].statements()
    assert len(statement.mentions) == 8
    for opened in stores:
        opened.close()


# ---------------------------------------------------------------- listing statements


def test_off_topic_articles_are_left_out_unless_asked(store: Store) -> None:
    on = make_article("https://on.example/1", source="On")
    off = make_article("https://off.example/1", source="Off", on_topic=False)
    store.add_article(off, [said(PESKOV, "The weather in Moscow is lovely this week")])
    store.add_article(replace(off, url="https://off.example/2"), [])
    shared = "We are ready for talks with Kyiv at any time"
    store.add_article(on, [said(TRUMP, shared)])
    store.add_article(replace(off, url="https://off.example/3"), [said(TRUMP, shared)])

    listed = store.statements()
    assert [s.actor for s in listed] == [TRUMP]
    assert [m.outlet for m in listed[0].mentions] == ["On"]
    assert listed[0].on_topic

    everything = store.statements(include_off_topic=True)
    assert {s.actor for s in everything} == {TRUMP, PESKOV}
    trump = next(s for s in everything if s.actor == TRUMP)
    assert sorted(m.url for m in trump.mentions) == [
        "https://off.example/3",
        "https://on.example/1",
    ]
    peskov = next(s for s in everything if s.actor == PESKOV)
    assert not peskov.on_topic
    assert [m.on_topic for m in peskov.mentions] == [False]


def test_an_off_topic_statement_becomes_on_topic_with_an_on_topic_mention(store: Store) -> None:
    wording = "We are ready for talks with Kyiv at any time"
    store.add_article(make_article("https://off.example/1", on_topic=False), [said(TRUMP, wording)])
    assert store.statements() == []
    store.add_article(make_article("https://on.example/1"), [said(TRUMP, wording)])
    [statement] = store.statements()
    assert statement.on_topic
    assert [m.url for m in statement.mentions] == ["https://on.example/1"]


def test_statements_filters_and_order(store: Store) -> None:
    for day, (actor, wording) in enumerate(
        [
            (PESKOV, "The Kremlin has nothing to add on the memorandum"),
            (TRUMP, "I am very disappointed in both sides right now"),
            (PESKOV, "Moscow will send its delegation to Istanbul on Monday"),
        ]
    ):
        seen = T0 + timedelta(days=day)
        store.add_article(
            make_article(f"https://a.example/{day}", published=seen, fetched=seen),
            [said(actor, wording)],
        )
    everything = store.statements()
    assert [s.first_seen for s in everything] == [T0 + timedelta(days=d) for d in (2, 1, 0)]
    assert len(store.statements(since=T0 + timedelta(days=1))) == 2  # inclusive
    assert len(store.statements(until=T0 + timedelta(days=1))) == 1  # exclusive
    kyiv_time = timezone(timedelta(hours=3))
    assert len(store.statements(since=(T0 + timedelta(days=1)).astimezone(kyiv_time))) == 2
    assert [s.actor for s in store.statements(actor="dmitry PESKOV")] == [PESKOV, PESKOV]
    assert store.statements(actor="Nobody") == []
    chosen = [everything[0].id, everything[2].id]
    assert [s.id for s in store.statements(ids=chosen)] == chosen
    assert store.statements(ids=[]) == []


def test_statements_with_new_mentions(store: Store) -> None:
    early = T0 - timedelta(days=2)
    wording = "We are ready for talks with Kyiv at any time"
    store.add_article(
        make_article("https://a.example/1", published=early, fetched=early), [said(PESKOV, wording)]
    )
    store.add_article(make_article("https://b.example/1"), [said(PESKOV, wording)])  # T0+5min
    store.add_article(make_article("https://c.example/1"), [said(TRUMP, "Brand new in the window")])
    store.add_article(
        make_article("https://d.example/1", on_topic=False, fetched=T0 + timedelta(minutes=6)),
        [said(TRUMP, "I had a good call with the President of Russia today", "direct")],
    )
    window = (T0, T0 + timedelta(hours=1))
    [updated] = store.statements_with_new_mentions(*window)
    assert updated.actor == PESKOV
    assert [m.url for m in updated.mentions] == ["https://a.example/1", "https://b.example/1"]
    assert (
        store.statements_with_new_mentions(T0 + timedelta(hours=1), T0 + timedelta(hours=2)) == []
    )


def test_timestamps_come_back_as_aware_utc(store: Store) -> None:
    kyiv_time = timezone(timedelta(hours=3))
    store.add_article(
        make_article(
            "https://a.example/1",
            published=datetime(2025, 5, 19, 15, 0, tzinfo=kyiv_time),
            fetched=datetime(2025, 5, 19, 12, 30),  # naive: taken as UTC
        ),
        [said(PESKOV, "We are ready for talks")],
    )
    [statement] = store.statements()
    assert statement.first_published == datetime(2025, 5, 19, 12, 0, tzinfo=UTC)
    assert statement.first_published.utcoffset() == timedelta(0)
    assert statement.first_seen == datetime(2025, 5, 19, 12, 30, tzinfo=UTC)
    assert statement.mentions[0].seen_at.tzinfo is not None


# ---------------------------------------------------------------- HTTP state and sources


def test_http_state_round_trip(store: Store) -> None:
    url = "https://example.org/world/rss.xml"
    assert store.http_state(url) is None
    store.save_http_state(url, etag='"abc"', last_modified="Mon, 19 May 2025 12:00:00 GMT")
    assert store.http_state(url) == HttpState('"abc"', "Mon, 19 May 2025 12:00:00 GMT", None)
    store.save_http_state(url, etag=None, last_modified=None, moved_to="https://example.org/rss")
    assert store.http_state(url) == HttpState(None, None, "https://example.org/rss")


def test_record_poll_and_source_status(store: Store) -> None:
    assert store.source_status() == []
    store.record_poll(
        "Harbor Ledger",
        at=T0,
        ok=True,
        error=None,
        next_poll_at=T0 + timedelta(minutes=15),
        new_articles=3,
        new_statements=2,
    )
    for minutes in (15, 30):
        store.record_poll(
            "Harbor Ledger",
            at=T0 + timedelta(minutes=minutes),
            ok=False,
            error="HTTP 503",
            next_poll_at=T0 + timedelta(minutes=minutes + 30),
            new_articles=0,
            new_statements=0,
        )
    store.record_poll(
        "Steppe Courier",
        at=T0,
        ok=False,
        error="timeout",
        next_poll_at=None,
        new_articles=0,
        new_statements=0,
    )
    harbor, steppe = store.source_status()
    assert harbor.name == "Harbor Ledger"
    assert harbor.consecutive_failures == 2
    assert harbor.last_error == "HTTP 503"
    assert harbor.last_success_at == T0
    assert harbor.last_poll_at == T0 + timedelta(minutes=30)
    assert harbor.next_poll_at == T0 + timedelta(minutes=60)
    assert (harbor.articles, harbor.statements) == (3, 2)
    assert steppe.last_success_at is None and steppe.consecutive_failures == 1

    store.record_poll(
        "Harbor Ledger",
        at=T0 + timedelta(hours=1),
        ok=True,
        error=None,
        next_poll_at=None,
        new_articles=1,
        new_statements=1,
    )
    harbor = store.source_status()[0]
    assert harbor.consecutive_failures == 0
    assert harbor.last_error is None
    assert harbor.last_success_at == T0 + timedelta(hours=1)
    assert harbor.last_success_at.tzinfo is not None
    assert (harbor.articles, harbor.statements) == (4, 3)


# ---------------------------------------------------------------- the migration runner


def test_a_new_migration_is_applied_to_an_existing_database(database_url: str) -> None:
    Store.open(database_url).close()
    released = discover_migrations()

    def add_notes(conn: sa.Connection) -> None:
        conn.execute(sa.text("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT NOT NULL)"))

    newer = [*released, Migration(len(released) + 1, "notes", add_notes)]
    engine = database.create_engine(database.parse_url(database_url))
    try:
        assert apply_migrations(engine, newer) == [len(released) + 1]
        assert apply_migrations(engine, newer) == []  # once only
        assert sa.inspect(engine).has_table("notes")
    finally:
        engine.dispose()


def test_a_failing_migration_leaves_the_previous_version(database_url: str) -> None:
    Store.open(database_url).close()
    released = discover_migrations()

    def half_done(conn: sa.Connection) -> None:
        conn.execute(sa.text("CREATE TABLE half (id INTEGER PRIMARY KEY)"))
        raise RuntimeError("migration failed midway")

    engine = database.create_engine(database.parse_url(database_url))
    try:
        with pytest.raises(RuntimeError, match="midway"):
            apply_migrations(engine, [*released, Migration(len(released) + 1, "half", half_done)])
        assert not sa.inspect(engine).has_table("half")  # DDL rolled back on both databases
        with engine.connect() as connection:
            assert current_version(connection) == len(released)
    finally:
        engine.dispose()


def test_migration_files_must_be_numbered_without_gaps(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    package = tmp_path / "gappy_migrations"
    package.mkdir()
    (package / "__init__.py").write_text("")
    for name in ("0001_first.py", "0003_third.py"):
        (package / name).write_text("def upgrade(conn):\n    pass\n")
    (package / "README.txt").write_text("not a migration")
    monkeypatch.syspath_prepend(str(tmp_path))
    with pytest.raises(StorageError, match=r"numbered \[1, 3\].*renumber"):
        discover_migrations("gappy_migrations")


def test_in_memory_sqlite_works_across_threads() -> None:
    store = Store.open("sqlite://")
    thread = threading.Thread(
        target=store.add_article,
        args=(make_article("https://a.example/1"), [said(PESKOV, "We are ready for talks")]),
    )
    thread.start()
    thread.join()
    assert [s.text for s in store.statements()] == ["We are ready for talks"]
    store.close()


def test_migration_0003_fills_the_wording_of_existing_statements(database_url: str) -> None:
    engine = database.create_engine(database.parse_url(database_url))
    try:
        released = discover_migrations()
        apply_migrations(engine, released[:2])
        with engine.begin() as connection:
            connection.execute(
                sa.text(
                    "INSERT INTO statements (id, actor, text, fingerprint, kind, first_seen_at,"
                    " on_topic) VALUES ('s1', :actor, :text, 'f', 'direct', :at, :on_topic)"
                ),
                {"actor": PESKOV, "text": "“We’re READY…”", "at": T0, "on_topic": True},
            )
        assert apply_migrations(engine, released) == list(range(3, len(released) + 1))
        with engine.connect() as connection:
            wording = connection.execute(sa.text("SELECT wording FROM statements")).scalar()
        assert wording == "we are ready"
    finally:
        engine.dispose()


def test_migration_0004_indexes_the_shingles_of_existing_statements(database_url: str) -> None:
    engine = database.create_engine(database.parse_url(database_url))
    old = T0 - timedelta(days=200)
    quote = "The memorandum must be signed before any meeting of the presidents"
    try:
        released = discover_migrations()
        apply_migrations(engine, released[:3])
        with engine.begin() as connection:
            for statement, text in (("s1", quote), ("s2", "We are ready")):
                connection.execute(
                    sa.text(
                        "INSERT INTO statements (id, actor, text, fingerprint, kind,"
                        " first_seen_at, on_topic, wording)"
                        " VALUES (:id, :actor, :text, 'f', 'direct', :at, :on_topic, :wording)"
                    ),
                    {
                        "id": statement,
                        "actor": PESKOV,
                        "text": text,
                        "at": old,
                        "on_topic": True,
                        "wording": cluster.normalize_wording(text),
                    },
                )
        assert apply_migrations(engine, released) == list(range(4, len(released) + 1))
    finally:
        engine.dispose()
    store = Store.open(database_url)
    try:
        assert shingles_stored(store) == {"s1": shingles_of(quote)}  # "We are ready": too short
        excerpt = [said(PESKOV, "signed before any meeting of the presidents")]
        assert store.add_article(make_article("https://a.example/1"), excerpt) == []
        [statement] = store.statements(ids=["s1"])
        assert len(statement.mentions) == 1
    finally:
        store.close()


def test_http_states_reads_many_urls_at_once(store: Store) -> None:
    store.save_http_state("http://h/feed", etag='"v1"', last_modified=None)
    store.save_http_state("http://h/old", etag=None, last_modified=None, moved_to="http://h/new")
    states = store.http_states(["http://h/feed", "http://h/old", "http://h/none"])
    assert states == {"http://h/feed": HttpState('"v1"', None, None),
                      "http://h/old": HttpState(None, None, "http://h/new"),
                      "http://h/none": None}
    assert all(states[url] == store.http_state(url) for url in states)
    assert store.known_urls([]) == set()


def test_successes_recorded_together_are_as_if_recorded_one_by_one(store: Store) -> None:
    from monitor.store import sources as state

    at = datetime(2025, 5, 20, 9, 0, tzinfo=UTC)
    state.record_outcome(store, "Failing", at=at, ok=False, error="503", every_seconds=600,
                         new_articles=0, new_statements=0)
    state.record_outcome(store, "Steady", at=at, ok=True, error=None, every_seconds=600,
                         new_articles=2, new_statements=3)
    later = at + timedelta(minutes=10)
    state.record_successes(store, [
        state.Success("Failing", later, later + timedelta(minutes=10)),
        state.Success("Steady", later, later + timedelta(minutes=10), new_articles=1,
                      new_statements=1),
        state.Success("Never polled", later, later + timedelta(minutes=10))])
    rows = {row.name: row for row in store.source_status()}
    assert set(rows) == {"Failing", "Steady", "Never polled"}
    assert all(row.consecutive_failures == 0 and row.last_error is None for row in rows.values())
    assert (rows["Steady"].articles, rows["Steady"].statements) == (3, 4)
    assert all(row.next_poll_at == later + timedelta(minutes=10) for row in rows.values())
    assert all(row.last_success_at == later for row in rows.values())
    state.record_successes(store, [])  # nothing: no transaction, no error
