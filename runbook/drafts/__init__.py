"""Report drafts in the regulators' own terms (事发简要报告, 事件报告, 续报, 总结报告, the
report to the CAC, the PIPL Art 57 notice, the notice to customers), built from the record
at the drafting moment. Pure: the summary comes in, blocks and text go out."""

from runbook.drafts.build import Draft, applicable, build_draft
from runbook.drafts.kinds import DRAFT_FORMATS, KIND_IDS, KINDS, DraftKind
from runbook.drafts.render import render_draft

__all__ = ["DRAFT_FORMATS", "KINDS", "KIND_IDS", "Draft", "DraftKind", "applicable",
           "build_draft", "render_draft"]
