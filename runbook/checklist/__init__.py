"""Printed checklists for when the terminal is down: one document per type and level (and
per group), built from the library, laid out with the summary's document model."""

from runbook.checklist.build import Checklist, ChecklistStep, build_checklist
from runbook.checklist.render import CHECKLIST_FORMATS, render_checklist

__all__ = ["CHECKLIST_FORMATS", "Checklist", "ChecklistStep", "build_checklist",
           "render_checklist"]
