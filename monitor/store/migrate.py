"""Applies the numbered migrations of storage/migrations/ (installed as the package
`monitor_storage.migrations`) in order, each in its own transaction with its row in
`schema_version`, so a failed migration leaves the database at the previous version."""

from __future__ import annotations

import importlib
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from importlib import resources

import sqlalchemy as sa

from monitor.errors import StorageError
from monitor.store.database import advisory_lock, safe_url, write_transaction
from monitor.store.tables import schema_version

MIGRATIONS_PACKAGE = "monitor_storage.migrations"
_FILE_NAME = re.compile(r"^(\d{4})_([a-z0-9_]+)\.py$")


@dataclass(frozen=True)
class Migration:
    version: int
    name: str
    upgrade: Callable[[sa.Connection], None]


def discover_migrations(package: str = MIGRATIONS_PACKAGE) -> list[Migration]:
    """The migrations shipped with this code, in version order (1, 2, 3, ... without gaps)."""
    try:
        folder = resources.files(package)
    except ModuleNotFoundError:
        raise StorageError(
            f"the schema migrations ({package}) are not installed with monitor: reinstall it "
            "(pip install .) from a complete checkout"
        ) from None
    found: list[Migration] = []
    for entry in folder.iterdir():
        match = _FILE_NAME.match(entry.name)
        if not match:
            continue
        module = importlib.import_module(f"{package}.{entry.name[:-3]}")
        upgrade = getattr(module, "upgrade", None)
        if not callable(upgrade):
            raise StorageError(f"migration {entry.name} has no upgrade(conn) function")
        found.append(Migration(int(match.group(1)), match.group(2), upgrade))
    found.sort(key=lambda migration: migration.version)
    versions = [migration.version for migration in found]
    if versions != list(range(1, len(found) + 1)):
        raise StorageError(
            f"the migrations in {package} are numbered {versions}; they must be 0001, 0002, ... "
            "with no gaps or duplicates: renumber the newest one"
        )
    return found


def current_version(connection: sa.Connection) -> int:
    """The schema version of the database (0 for an empty one)."""
    if not sa.inspect(connection).has_table(schema_version.name):
        return 0
    return connection.execute(sa.select(sa.func.max(schema_version.c.version))).scalar() or 0


def apply_migrations(engine: sa.Engine, migrations: list[Migration]) -> list[int]:
    """Bring the database up to the newest migration; returns the versions applied now.
    Safe when several processes open the same database at once: they take turns."""
    applied: list[int] = []
    latest = migrations[-1].version if migrations else 0
    while True:
        with write_transaction(engine) as connection:
            advisory_lock(connection, "monitor.migrations")
            schema_version.create(connection, checkfirst=True)
            version = current_version(connection)
            if version > latest:
                raise StorageError(
                    f"the database {safe_url(engine.url)} has schema version {version}, newer "
                    f"than this monitor knows (up to {latest}): upgrade monitor "
                    "(pip install -U monitor), or set `storage:` to another database"
                )
            if version == latest:
                return applied
            migration = migrations[version]  # versions are 1..N, so this is version + 1
            migration.upgrade(connection)
            connection.execute(
                schema_version.insert().values(
                    version=migration.version, name=migration.name, applied_at=datetime.now(UTC)
                )
            )
            applied.append(migration.version)
