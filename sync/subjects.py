"""Where events travel: the one stream and a subject per incident and origin site.

Subject `runbook.<incident>.<site>`; each part must be a single NATS subject token, so names
are checked here before anything is published or a consumer named after them.
"""

from __future__ import annotations

import re
from typing import Final

from runbook.i18n import Msg
from sync.errors import BAD_CHARS, BAD_INCIDENT, BAD_SITE, EMPTY, TOO_LONG, BadName

STREAM: Final = "RUNBOOK"
PREFIX: Final = "runbook"
ALL: Final = f"{PREFIX}.>"

SITE_MAX: Final = 32
INCIDENT_MAX: Final = 128
_TOKEN = re.compile(r"[A-Za-z0-9_-]+")


def _problem(name: str, limit: int) -> Msg | None:
    if not name:
        return EMPTY
    if len(name) > limit:
        return TOO_LONG.format(limit=limit)
    if not _TOKEN.fullmatch(name):
        bad = sorted({c for c in name if not _TOKEN.fullmatch(c)})
        return BAD_CHARS.format(chars=" ".join(repr(c) for c in bad))
    return None


def check_site(name: str) -> str:
    """`name` if it can name a site (a subject token and a consumer name), else BadName."""
    why = _problem(name, SITE_MAX)
    if why is not None:
        raise BadName(BAD_SITE.format(name=name, why=why))
    return name


def check_incident(incident: str) -> str:
    why = _problem(incident, INCIDENT_MAX)
    if why is not None:
        raise BadName(BAD_INCIDENT.format(name=incident, why=why))
    return incident


def subject(incident: str, site: str) -> str:
    """The subject one origin's events of one incident travel on."""
    return f"{PREFIX}.{check_incident(incident)}.{check_site(site)}"


def parse(subject_text: str) -> tuple[str, str] | None:
    """(incident, site) of a runbook subject, or None if it is not one."""
    parts = subject_text.split(".")
    if len(parts) != 3 or parts[0] != PREFIX:
        return None
    if _problem(parts[1], INCIDENT_MAX) or _problem(parts[2], SITE_MAX):
        return None
    return parts[1], parts[2]


def durable(site: str) -> str:
    """The durable consumer of one site (one per site: one sync process per site)."""
    return f"site-{check_site(site)}"
