"""Where the `runbook` command hands over to the player."""

from __future__ import annotations

from runbook import collector
from runbook.workspace import Workspace


def launch(workspace: Workspace, *, incident_id: str | None = None) -> int:
    """Run the player on `workspace` (on `incident_id`, and its actor's group's steps, if
    given) until the responder quits; the exit code for the command."""
    from tui.app import make_app

    library = workspace.library  # a broken playbook folder is reported before the screen opens
    actor = workspace.actor
    app = make_app(library=library, db_path=workspace.db_path, lang=workspace.lang,
                   name=actor.name, group=actor.group, clock=workspace.clock,
                   incident_id=incident_id)
    try:
        app.run()
    finally:
        collector.release()  # if the player stopped before its first frame
    return app.return_code or 0
