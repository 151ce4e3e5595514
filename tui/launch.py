"""Where the `runbook` command hands over to the player."""

from __future__ import annotations

from runbook.workspace import Workspace


def launch(workspace: Workspace, *, incident_id: str | None = None, bell: bool = False
           ) -> int:
    """Run the player on `workspace` (on `incident_id`, and its actor's group's steps, if
    given) until the responder quits; the exit code for the command. `bell`: ring when
    another terminal records something for the actor's group."""
    from tui.app import make_app

    workspace.library  # noqa: B018  (a broken playbook folder is reported before the screen)
    app = make_app(workspace, incident_id=incident_id, group=workspace.actor.group, bell=bell)
    app.run()
    return app.return_code or 0
