"""Engines for the two supported databases, set up the way monitor needs them.

SQLite: WAL (readers never wait for the writer), a busy timeout, foreign keys on, and write
transactions that start with BEGIN IMMEDIATE so two processes never both read, then both try
to write (SQLite would fail one of them at once instead of waiting).
PostgreSQL: the psycopg 3 driver, connections checked before use, advisory locks where two
workers could otherwise race (migrations, clustering of one actor's statements).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy import event, exc
from sqlalchemy.engine import URL, make_url
from sqlalchemy.pool import StaticPool

from monitor.errors import StorageError

BUSY_TIMEOUT_SECONDS = 30
# Connection execution option: this transaction writes (SQLite takes the write lock at BEGIN).
WRITE_OPTION = "monitor_write"

_EXAMPLES = "write sqlite:///path/to/monitor.db or postgresql://user@host:5432/dbname"


def safe_url(url: URL) -> str:
    """The URL for messages: the password hidden."""
    return url.render_as_string(hide_password=True)


def masked_url(raw: str) -> str:
    """A `storage:` value for output: its password replaced by ***."""
    try:
        return make_url(raw).render_as_string(hide_password=True)
    except (exc.ArgumentError, ValueError, TypeError):
        return re.sub(r"(://[^:/@]*:)[^@]*@", r"\1***@", raw)


def parse_url(raw: str) -> URL:
    """The SQLAlchemy URL for a `storage:` value, with the psycopg 3 driver for PostgreSQL."""
    try:
        url = make_url(raw)
    except (exc.ArgumentError, ValueError, TypeError) as error:
        shown = re.sub(r"(://[^:/@]*:)[^@]*@", r"\1***@", raw)  # no password in messages
        raise StorageError(
            f"storage URL {shown!r} is not a database URL ({error}): {_EXAMPLES}"
        ) from None
    backend = url.get_backend_name()
    if backend in ("postgresql", "postgres"):
        # No driver named: psycopg 3 (SQLAlchemy's default would be psycopg2).
        driver = url.get_driver_name() if "+" in url.drivername else "psycopg"
        return url.set(drivername=f"postgresql+{driver}")
    if backend == "sqlite":
        return url
    raise StorageError(
        f"storage URL {safe_url(url)!r} uses {backend!r}, which monitor does not support: "
        f"{_EXAMPLES}"
    )


def is_memory_sqlite(url: URL) -> bool:
    return url.get_backend_name() == "sqlite" and url.database in (None, "", ":memory:")


def create_engine(url: URL) -> sa.Engine:
    """An engine for `url` (from `parse_url`), not yet connected."""
    if url.get_backend_name() == "sqlite":
        return _sqlite_engine(url)
    try:
        engine = sa.create_engine(url, pool_pre_ping=True)
    except (ImportError, exc.NoSuchModuleError) as error:
        raise StorageError(
            f"PostgreSQL needs the psycopg driver, which is not installed ({error}): "
            "pip install 'monitor[postgres]'"
        ) from None
    return engine


def busy_timeout(url: URL) -> float:
    """How long a SQLite connection waits for another process's write lock: `?timeout=N`
    (seconds) on the storage URL, else BUSY_TIMEOUT_SECONDS."""
    value = url.query.get("timeout")
    try:
        return float(value) if isinstance(value, str) else BUSY_TIMEOUT_SECONDS
    except ValueError:
        raise StorageError(
            f"storage URL {safe_url(url)!r}: timeout={value!r} is not a number of seconds"
        ) from None


def _sqlite_engine(url: URL) -> sa.Engine:
    timeout = busy_timeout(url)
    kwargs: dict[str, Any] = {"connect_args": {"timeout": timeout, "check_same_thread": False}}
    memory = is_memory_sqlite(url)
    if memory:
        kwargs["poolclass"] = StaticPool  # one shared in-memory database, not one per thread
    else:
        _prepare_folder(Path(url.database or ""))
    engine = sa.create_engine(url, **kwargs)

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Autocommit at the driver level: transactions are begun by _on_begin below, so that
        # DDL is transactional too and writers can ask for BEGIN IMMEDIATE.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.execute(f"PRAGMA busy_timeout = {int(timeout * 1000)}")
        cursor.execute("PRAGMA synchronous = NORMAL")  # safe with WAL; commits survive a crash
        if not memory:
            cursor.execute("PRAGMA journal_mode = WAL")  # persistent; cheap when already set
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: sa.Connection) -> None:
        writes = connection.get_execution_options().get(WRITE_OPTION, False)
        connection.exec_driver_sql("BEGIN IMMEDIATE" if writes else "BEGIN")

    return engine


def _prepare_folder(path: Path) -> None:
    """Create the database's folder if needed; fail early, with a clear message, if the folder
    or the file cannot be written."""
    folder = path.parent if str(path.parent) else Path(".")
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise StorageError(
            f"cannot create the folder {str(folder)!r} for the database {str(path)!r}: "
            f"{error.strerror or error}. Create it, or set `storage:` to a path in a "
            "writable folder"
        ) from None
    if not folder.is_dir():
        raise StorageError(
            f"{str(folder)!r} is not a folder, so the database {str(path)!r} cannot be "
            "created there: set `storage:` to a path in a writable folder"
        )


def check_connection(engine: sa.Engine, url: URL) -> None:
    """Connect once, so that a wrong URL, a stopped server or an unwritable file is reported
    now, as a StorageError saying what to do; and switch SQLite files to WAL."""
    try:
        with engine.connect() as connection:
            if url.get_backend_name() == "sqlite" and not is_memory_sqlite(url):
                mode = connection.exec_driver_sql("PRAGMA journal_mode").scalar()
                if str(mode).lower() != "wal":
                    raise StorageError(
                        f"SQLite database {url.database!r} cannot use WAL mode (got {mode!r}): "
                        "put it on a local, writable file system"
                    )
                # An empty file must prove writable now, not at the first article.
                connection.exec_driver_sql("PRAGMA user_version = 0")
    except exc.DBAPIError as error:
        raise connection_error(url, error) from None


def connection_error(url: URL, error: exc.DBAPIError) -> StorageError:
    detail = str(error.orig).strip().splitlines()[0] if error.orig else str(error)
    if url.get_backend_name() == "sqlite" and "not a database" in detail:
        return StorageError(
            f"{url.database!r} is not a SQLite database ({detail}): set `storage:` to a new "
            "file or to monitor's database"
        )
    if url.get_backend_name() == "sqlite" and "locked" in detail:
        return StorageError(
            f"the SQLite database {url.database!r} is locked: another process held its write "
            f"lock for more than {busy_timeout(url):g} s. Try again; if it lasts, look for a "
            "stuck process using the file (or use PostgreSQL for several workers)"
        )
    if url.get_backend_name() == "sqlite" and ("full" in detail or "I/O" in detail):
        return StorageError(
            f"cannot write the SQLite database {url.database!r}: {detail}. Free space on its "
            "disk (nothing was half-written: the last change was rolled back)"
        )
    if url.get_backend_name() == "sqlite":
        return StorageError(
            f"cannot open the SQLite database {url.database!r}: {detail}. Check that the file "
            "and its folder are writable by this user, or set `storage:` to another path"
        )
    return StorageError(
        f"cannot connect to {safe_url(url)}: {detail}. Check that the PostgreSQL server is "
        "running and that the user, host, port and database name in `storage:` are right"
    )


def advisory_lock(connection: sa.Connection, name: str) -> None:
    """On PostgreSQL, hold a lock named `name` until the transaction ends (other workers wait).
    SQLite needs none: its write transactions are already serialised by BEGIN IMMEDIATE."""
    if connection.dialect.name != "postgresql":
        return
    key = int.from_bytes(hashlib.sha1(name.encode()).digest()[:8], "big", signed=True)
    connection.execute(sa.text("SELECT pg_advisory_xact_lock(:key)"), {"key": key})


@contextmanager
def write_transaction(engine: sa.Engine) -> Iterator[sa.Connection]:
    """A connection in a transaction that will write: committed when the block ends, rolled
    back entirely if it raises."""
    try:
        with engine.connect() as connection:
            connection.execution_options(**{WRITE_OPTION: True})
            with connection.begin():
                yield connection
    except exc.OperationalError as error:  # locked, read-only, disk full: one clear message
        raise connection_error(engine.url, error) from None
