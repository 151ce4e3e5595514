"""What the playbooks hold, counted: types × levels × groups."""

from __future__ import annotations

from typing import Any

from runbook.playbook import Library
from runbook.vocabulary import GROUP_IDS, LEVEL_IDS


def playbook_overview(library: Library) -> dict[str, Any]:
    """A JSON-ready summary; its shape is documented in the README and kept stable."""
    types = []
    for book in library.playbooks.values():
        levels = {}
        for lv in LEVEL_IDS:
            steps = [s for s in book.steps if s.applies_at(lv)]
            levels[lv] = {
                "steps": len(steps),
                "groups": {g: sum(1 for s in steps if s.group == g) for g in GROUP_IDS},
            }
        types.append({
            "type": book.type,
            "title": {"zh": book.title.zh, "en": book.title.en},
            "lead": book.lead,
            "steps": len(book.steps),
            "levels": levels,
            "digest": book.digest,
        })
    return {"types": types, "settings_digest": library.settings.digest}
