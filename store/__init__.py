"""The SQLite event store: schema, migrations, append, read, verification."""
