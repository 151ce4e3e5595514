"""The player on an institution's playbooks folder, as `runbook --playbooks DIR` opens it:
the changed and added steps are played, and a step's detail shows the roster it needs."""

from __future__ import annotations

import asyncio
from pathlib import Path

from tuikit import ID, Writer, ready, screen_lines

from runbook.cli.environment import Environment
from runbook.cli.invocation import Given, Invocation
from runbook.clock import FrozenClock
from store import EventStore
from tui.app import RunbookApp, make_app
from tui.screens.incident import IncidentScreen
from tui.screens.reader import ReadScreen

INSTITUTION = Path(__file__).parent.parent / "fixtures" / "institution"


def test_the_player_plays_the_folder_and_shows_the_vendors_where_a_step_needs_them(
        db: Path, clock: FrozenClock) -> None:
    invocation = Invocation(Environment({"RUNBOOK_CACHE": "off"}),
                            Given(db_path=db, lang="zh", playbooks_dir=INSTITUTION,
                                  by_name="lin", by_group="office"), clock)
    workspace = invocation.workspace
    store = EventStore.open(db, create=True)
    try:
        Writer(workspace.library, store).at(0).declare("II")
    finally:
        store.close()
    app = make_app(workspace, incident_id=ID, poll=0.05)
    app.animation_level = "none"
    asyncio.run(scenario(app))


async def scenario(app: RunbookApp) -> None:
    async with app.run_test(size=(120, 50)) as pilot:
        await ready(pilot)
        screen = app.screen
        assert isinstance(screen, IncidentScreen)
        assert screen.steps.index_of("tf.call-insurer") is not None  # the step added
        for step_id, shows, hides in (
                ("comms.vendor-liaison", ["外包服务提供商", "合同：HT-2024-017",
                                          "赵刚（7×24 应急联系人） · 电话 +86 138 0000 0017",
                                          "办公室联系人（按值班顺序）", "1. 张敏"],
                 ["应急资源及供应商"]),
                ("tf.diagnose", ["诊断故障并通知云服务商值班台", "技术支持联系人（按值班顺序）",
                                 "1. Wang Lei（on-call engineer）", "SMS Gateway Ltd"],
                 ["张敏"])):
            index = screen.steps.index_of(step_id)
            assert index is not None, step_id
            screen.steps.set_cursor(index)
            await pilot.pause()
            await pilot.press("enter")
            await pilot.pause()
            assert isinstance(app.screen, ReadScreen)
            text = "\n".join(screen_lines(app))
            for words in shows:
                assert words in text, (step_id, words)
            for words in hides:
                assert words not in text, (step_id, words)
            await pilot.press("escape")
            await pilot.pause()
