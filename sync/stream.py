"""The one stream that carries every site's events: created if absent, checked if present."""

from __future__ import annotations

from nats.js import JetStreamContext
from nats.js.api import DiscardPolicy, RetentionPolicy, StorageType, StreamConfig
from nats.js.errors import BadRequestError

from sync.errors import STREAM_MISCONFIGURED, StreamMisconfigured
from sync.subjects import ALL, STREAM

# How long the server remembers a message id (the event hash) to drop a re-publish as a
# duplicate. The expected-last-subject-sequence check refuses a late re-publish after that.
DUPLICATE_WINDOW_S = 24 * 3600.0


def config() -> StreamConfig:
    return StreamConfig(
        name=STREAM,
        subjects=[ALL],
        retention=RetentionPolicy.LIMITS,
        storage=StorageType.FILE,
        discard=DiscardPolicy.NEW,
        max_msgs=-1,
        max_bytes=-1,
        max_age=0,
        duplicate_window=DUPLICATE_WINDOW_S,
        deny_delete=True,
        deny_purge=True,
        allow_rollup_hdrs=False,
    )


def problems(found: StreamConfig) -> list[str]:
    """What in an existing stream's settings would let its history change or be lost."""
    wrong = []
    if found.subjects != [ALL]:
        wrong.append(f"subjects {found.subjects} instead of [{ALL!r}]")
    if not found.deny_delete:
        wrong.append("deletes allowed")
    if not found.deny_purge:
        wrong.append("purges allowed")
    if found.allow_rollup_hdrs:
        wrong.append("rollups allowed")
    if found.retention not in (None, RetentionPolicy.LIMITS):
        wrong.append(f"retention {found.retention}")
    if (found.max_msgs or -1) > 0 or (found.max_bytes or -1) > 0 or (found.max_age or 0) > 0:
        wrong.append("a size or age limit that drops old events")
    return wrong


async def ensure(js: JetStreamContext) -> None:
    """Create the stream, or accept the existing one if it keeps history as runbook needs.
    Idempotent: every sync process calls it at each (re)connection."""
    try:
        await js.add_stream(config())
        return
    except BadRequestError as error:
        if error.err_code != 10058:  # stream name already in use with a different config
            raise
    info = await js.stream_info(STREAM)
    wrong = problems(info.config)
    if wrong:
        raise StreamMisconfigured(STREAM_MISCONFIGURED.format(stream=STREAM,
                                                              why="; ".join(wrong)))
