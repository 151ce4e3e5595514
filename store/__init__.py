"""The SQLite event store: schema, migrations, append, read, verification."""

from store.errors import (
    DatabaseBusy,
    DatabaseDamaged,
    DatabaseMissing,
    DiskFull,
    ForeignDatabase,
    NewerDatabase,
    NotADatabase,
    NotARegularFile,
    ReadOnlyCopyIncomplete,
    ReadOnlyDatabase,
    StoreClosed,
    StoreError,
    StoreIOError,
    UnknownIncident,
    UnreadableRecord,
    UnstorableEvent,
    WalReplaced,
    WrongProcess,
)
from store.eventstore import EventStore, Guard
from store.paths import make_private_folder
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
    "NotARegularFile",
    "ReadOnlyCopyIncomplete",
    "ReadOnlyDatabase",
    "StoreClosed",
    "StoreError",
    "StoreIOError",
    "UnknownIncident",
    "UnreadableRecord",
    "UnstorableEvent",
    "WalReplaced",
    "WrongProcess",
    "make_private_folder",
]
