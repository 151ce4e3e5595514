"""The SQLite event store: schema, migrations, append, read, verification."""

from store.errors import (
    DatabaseBusy,
    DatabaseDamaged,
    DatabaseMissing,
    DiskFull,
    ForeignDatabase,
    NewerDatabase,
    NotADatabase,
    ReadOnlyDatabase,
    StoreClosed,
    StoreError,
    StoreIOError,
    UnstorableEvent,
    WrongProcess,
)
from store.eventstore import EventStore, Guard
from store.paths import default_db_path
from store.schema import SCHEMA_VERSION

__all__ = [
    "SCHEMA_VERSION",
    "DatabaseBusy",
    "DatabaseDamaged",
    "DatabaseMissing",
    "DiskFull",
    "EventStore",
    "ForeignDatabase",
    "Guard",
    "NewerDatabase",
    "NotADatabase",
    "ReadOnlyDatabase",
    "StoreClosed",
    "StoreError",
    "StoreIOError",
    "UnstorableEvent",
    "WrongProcess",
    "default_db_path",
]
