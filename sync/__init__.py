"""Sync: several sites share incidents over NATS JetStream (phase 1: the transport)."""
