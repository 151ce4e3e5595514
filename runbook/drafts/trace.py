"""Where each line of a draft comes from: a footnote marker per line (`[3]`) and an appendix
naming the events behind each marker (`[3] #12, #15`), so a reader checks a figure against
`runbook timeline` before the draft is sent. Lines with the same events share a marker."""

from __future__ import annotations

from collections.abc import Iterable

from runbook.i18n import Lang, Msg
from runbook.punctuation import listing
from runbook.summary.document import Block, Heading, Inline, Items, Para, Span

SOURCES = Msg("Sources (event numbers in the record)", "来源（事件记录编号）")


class Trace:
    """The markers given so far, numbered from 1 in the order the lines are written."""

    def __init__(self) -> None:
        self.notes: list[tuple[int, ...]] = []

    def mark(self, seqs: Iterable[int | None]) -> Inline:
        """The marker for a line drawn from these events (none for a line drawn from none)."""
        found = tuple(sorted({s for s in seqs if s}))
        if not found:
            return ()
        if found not in self.notes:
            self.notes.append(found)
        return (Span(f" [{self.notes.index(found) + 1}]"),)

    def sources(self) -> dict[int, tuple[int, ...]]:
        return {n: seqs for n, seqs in enumerate(self.notes, start=1)}

    def appendix(self, incident_id: str, lang: Lang) -> list[Block]:
        if not self.notes:
            return []
        items = tuple((Span(f"[{n}] "), Span(listing([f"#{s}" for s in seqs], lang)))
                      for n, seqs in self.sources().items())
        check = Msg("Each number is an event of the record; see them with ",
                    "每个编号是记录中的一条事件；查看命令：")
        return [Heading(2, SOURCES(lang), "sources"), Items(items),
                Para((Span(check(lang)), Span(f"runbook timeline {incident_id}", code=True)))]
