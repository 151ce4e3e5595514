"""Where the `runbook` command hands over to the player."""

from __future__ import annotations

from typing import TYPE_CHECKING

from runbook.i18n import Lang

if TYPE_CHECKING:
    from runbook.cli.context import Session


def launch(session: Session, *, incident_id: str | None, group: str | None,
           name: str | None, lang: Lang) -> int:
    """Run the player until the responder quits; the exit code for the command."""
    from store import default_db_path
    from tui.app import make_app

    library = session.library  # a broken playbook folder is reported before the screen opens
    actor = session.author(name, group).actor
    app = make_app(library=library, db_path=session.db_path or default_db_path(), lang=lang,
                   name=actor.name, group=group, clock=session.clock, incident_id=incident_id)
    app.run()
    return app.return_code or 0
