"""Each sync test gets its own nats-server on a free loopback port and its own store dir."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from natskit import NatsServer


@pytest.fixture
def nats_server(tmp_path: Path) -> Iterator[NatsServer]:
    server = NatsServer(tmp_path / "nats")
    server.start()
    yield server
    server.stop()
