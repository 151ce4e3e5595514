"""Site names: what a site is called when several share an incident.

A site's name is its events' `origin` and part of the incident ids it makes (so that ids made
on two sites never collide); the transport uses it as a NATS subject token. So it is short
and plain: lowercase letters, digits and `-`, 1 to 32 characters, starting with a letter or
a digit.
"""

from __future__ import annotations

import re
from typing import Final

from runbook.errors import UsageError
from runbook.i18n import Msg

MAX_LENGTH: Final = 32
_SHAPE: Final = re.compile(r"[a-z0-9][a-z0-9-]{0,31}")

BAD_SITE: Final = Msg(
    en="{value!r} is not a site name: use 1 to {most} lowercase letters, digits and '-', "
    "starting with a letter or digit (for example dc1 or dr-shanghai). Set it with --site "
    "or RUNBOOK_SITE.",
    zh="{value!r} 不是有效的站点名称：请使用 1 至 {most} 个小写字母、数字和“-”，并以字母或数字"
    "开头（例如 dc1 或 dr-shanghai）。可用 --site 或环境变量 RUNBOOK_SITE 设置。",
)


def is_site(value: str) -> bool:
    return _SHAPE.fullmatch(value) is not None


def check_site(value: str) -> str:
    """`value` if it is a site name; UsageError saying what one is, if not."""
    if not is_site(value):
        raise UsageError(BAD_SITE.format(value=value, most=MAX_LENGTH))
    return value


def chain_name(incident_id: str, origin: str) -> str:
    """How one origin's chain of an incident is named (in a signed checkpoint, a report):
    the incident id alone for origin "", else `<incident>/<site>`."""
    return f"{incident_id}/{origin}" if origin else incident_id
