"""What every part of a draft reads: the summary (the record measured at the drafting
moment), the language, and the trace that numbers where each line comes from."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from msgspec import Struct

from runbook.drafts.trace import Trace
from runbook.i18n import Lang, Msg
from runbook.summary import compose_figures as cf
from runbook.summary.document import Inline, Span
from runbook.summary.export_times import moment
from runbook.summary.figures import FactLine
from runbook.summary.model import Summary

Row = tuple[str, Inline]


class Ctx(Struct, frozen=True):
    s: Summary
    lang: Lang
    trace: Trace

    @property
    def incident_id(self) -> str:
        return self.s.identification.incident_id

    def t(self, msg: Msg) -> str:
        return msg(self.lang)

    def when(self, at: datetime | None) -> str:
        return moment(at, self.s.tz)

    def fact(self, fact_id: str) -> FactLine | None:
        """The fact's line when the type declares it (latest value, or missing)."""
        figures = self.s.figures
        if figures is None:
            return None
        return next((line for lines in figures.facts.values() for line in lines
                     if line.fact.id == fact_id), None)

    def row(self, label: str, value: Inline, seqs: Iterable[int | None] = ()) -> Row:
        return (label, (*value, *self.trace.mark(seqs)))

    def fact_row(self, fact_id: str, label: str | None = None) -> Row | None:
        """`label: value [n]`, or `label: missing — record with runbook fact …`; None when
        the type does not declare the fact."""
        line = self.fact(fact_id)
        if line is None:
            return None
        seqs = [] if line.value is None else [line.value.seq, *(q for _, q in line.earlier)]
        return self.row(label or line.fact.label(self.lang), cf.fact_value(line, self.s,
                                                                            self.lang), seqs)

    def fact_rows(self, fact_ids: Iterable[str]) -> list[Row]:
        return [r for f in fact_ids if (r := self.fact_row(f)) is not None]

    def missing(self, command: str) -> Inline:
        """Missing, and the command that records it."""
        return (Span(cf.MISSING(self.lang), tone="warn", strong=True),
                Span(self.t(Msg(" — record with ", "——记录命令："))), Span(command, code=True))
