"""The schema, built by an ordered list of migrations and stamped with its version.

`PRAGMA user_version` holds the id of the last migration applied and `PRAGMA
application_id` marks the file as runbook's; the `migrations` table keeps the history.
Migrations only ever append to this list: a released one is never edited.

Why not sqlite-utils' own `Migrations` (4.2.1 has one): it records what it applied in a
table of its own (`_sqlite_migrations`, by migration name), so adopting it would change the
file's format (our `migrations` table, STRICT, by id); it commits each migration on its own
(a deferred `BEGIN` when called outside a transaction), where ours applies all of them, the
version stamp and the application id in one `BEGIN IMMEDIATE`, after checking the stamp
again under the write lock; and it neither stamps `user_version` nor refuses a newer file.
The migrations themselves are written with sqlite-utils (`Table.create`, `create_index`).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Final

from msgspec import Struct

from runbook.events import utc_text
from store.connection import write_transaction
from store.errors import DatabaseMissing, ForeignDatabase, NewerDatabase

if TYPE_CHECKING:  # sqlite-utils is imported only to write: reading starts faster
    from sqlite_utils import Database

# "RUNB": tells runbook's files apart from other SQLite databases.
APPLICATION_ID: Final = 0x52554E42


class Migration(Struct, frozen=True):
    id: int
    name: str
    apply: Callable[[Database], None]


def _create_events(db: Database) -> None:
    db.table("events").create(
        {
            "id": int,
            "incident_id": str,
            "seq": int,
            "kind": str,
            "actor_name": str,
            "actor_group": str,
            "occurred_at": str,
            "occurred_offset": int,
            "recorded_at": str,
            "recorded_offset": int,
            "payload": str,
            "prev_hash": str,
            "hash": str,
        },
        pk="id",
        not_null={
            "incident_id",
            "seq",
            "kind",
            "actor_name",
            "occurred_at",
            "occurred_offset",
            "recorded_at",
            "recorded_offset",
            "payload",
            "prev_hash",
            "hash",
        },
        strict=True,
    )
    # Also the index every read uses: an incident's events in seq order.
    db.table("events").create_index(
        ["incident_id", "seq"], index_name="events_incident_seq", unique=True
    )
    # History is corrected by later events, never by rewriting: the hash chain proves it,
    # these triggers keep honest code from trying.
    for action in ("UPDATE", "DELETE"):
        db.execute(
            f"CREATE TRIGGER events_no_{action.lower()} BEFORE {action} ON events "
            "BEGIN SELECT RAISE(ABORT, 'events are append-only: "
            "correct the record with a new event'); END"
        )


def _add_actor_login(db: Database) -> None:
    """The operating-system login that wrote each event (issue 15, identity): NULL on the
    events written before, whose hashes do not cover one."""
    db.execute("ALTER TABLE events ADD COLUMN actor_login TEXT")


def _create_versions(db: Database) -> None:
    """The versions of the plan incidents were declared with or switched to, each kept once
    by its digest (`runbook.versions`): a body as `runbook.versions.body_text` wrote it.
    Written in the transaction of the event that names it; never changed, never deleted."""
    db.table("plan_versions").create(
        {"digest": str, "body": str, "stored_at": str},
        pk="digest",
        not_null={"body", "stored_at"},
        strict=True,
    )
    for action in ("UPDATE", "DELETE"):
        db.execute(
            f"CREATE TRIGGER plan_versions_no_{action.lower()} BEFORE {action} ON plan_versions "
            "BEGIN SELECT RAISE(ABORT, 'versions of the plan are kept as they were'); END"
        )


def _add_origins(db: Database) -> None:
    """Events carry their origin (issue 16): the site that recorded them, their place in
    that origin's chain and what they had seen. Columns only: the rows already stored are
    origin "" (NULL place and seen: `store.codec`), so nothing is rewritten and every
    existing chain verifies as before."""
    db.execute("ALTER TABLE events ADD COLUMN origin TEXT NOT NULL DEFAULT ''")
    db.execute("ALTER TABLE events ADD COLUMN origin_seq INTEGER")
    db.execute("ALTER TABLE events ADD COLUMN seen TEXT")
    # One chain per (incident, origin); NULLs (origin "") are numbered by seq instead.
    db.table("events").create_index(
        ["incident_id", "origin", "origin_seq"], index_name="events_incident_origin_seq",
        unique=True,
    )


MIGRATIONS: Final[tuple[Migration, ...]] = (
    Migration(1, "create events", _create_events),
    Migration(2, "events: actor_login", _add_actor_login),
    Migration(3, "keep the versions of the plan", _create_versions),
    Migration(4, "events carry their origin", _add_origins),
)
SCHEMA_VERSION: Final = MIGRATIONS[-1].id
# The oldest schema read as it is, without migrating (a read-only copy, or a command that
# only reads: `select_columns`): what later migrations add (the login, the versions of the
# plan) is then absent, and the readers say so. An older one must be migrated, a write.
READABLE_FROM: Final = 1


def select_columns(conn: sqlite3.Connection) -> str:
    """The column list every event read selects, for this file's schema: a read-only copy
    of a file written before `actor_login` is read as it is, its events with no login."""
    from store.codec import select_columns_for

    return select_columns_for(int(conn.execute("PRAGMA user_version").fetchone()[0]))


def keeps_versions(conn: sqlite3.Connection) -> bool:
    """Whether the file has the table of versions of the plan (one from before, read as it
    is, has not)."""
    return conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' "
                        "AND name = 'plan_versions'").fetchone() is not None


def has_origins(conn: sqlite3.Connection) -> bool:
    """Whether the file's events carry their origin (migration 4); a read-only copy of an
    older file holds only its own events (origin "")."""
    from store.codec import ADDED

    return int(conn.execute("PRAGMA user_version").fetchone()[0]) >= ADDED["origin"][0]


def stamp(conn: sqlite3.Connection) -> tuple[int, int, int]:
    """(application_id, user_version, number of schema objects): reads only.

    The first read of the file, so it is also where SQLite notices a damaged one.
    """
    application_id = int(conn.execute("PRAGMA application_id").fetchone()[0])
    version = int(conn.execute("PRAGMA user_version").fetchone()[0])
    objects = int(conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0])
    return application_id, version, objects


def check_stamp(conn: sqlite3.Connection, path: Path, *, create: bool) -> int:
    """Refuse, before anything is written, a file this code must not touch.

    Returns the schema version found (0 for a new, empty database).
    """
    application_id, version, objects = stamp(conn)
    if application_id not in (0, APPLICATION_ID):
        raise ForeignDatabase(path)
    if application_id == 0 and (version != 0 or objects != 0):
        raise ForeignDatabase(path)
    if version > SCHEMA_VERSION:
        raise NewerDatabase(path, version, SCHEMA_VERSION)
    if version == 0 and not create:
        raise DatabaseMissing(path)
    return version


def migrate(db: Database, path: Path, timeout: float) -> None:
    """Apply the pending migrations in one write transaction, all or none."""
    conn = db.conn
    with write_transaction(conn, path, timeout):
        # Another runbook may have migrated while this one waited for the lock.
        version = check_stamp(conn, path, create=True)
        if version == SCHEMA_VERSION:
            return
        migrations = db.table("migrations")
        migrations.create(
            {"id": int, "name": str, "applied_at": str},
            pk="id",
            not_null={"name", "applied_at"},
            strict=True,
            if_not_exists=True,
        )
        applied_at = utc_text(datetime.now(UTC))
        for migration in MIGRATIONS:
            if migration.id > version:
                migration.apply(db)
                migrations.insert(
                    {"id": migration.id, "name": migration.name, "applied_at": applied_at}
                )
        conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
        conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
