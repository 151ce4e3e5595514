"""Shared step modules included by the incident-type playbooks."""
