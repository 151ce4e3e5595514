"""The shape of the playbook files, checked by pydantic before any meaning is read."""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

NonEmpty = Annotated[str, Field(min_length=1)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class TextSpec(_Strict):
    zh: NonEmpty
    en: NonEmpty


class OptionSpec(_Strict):
    id: NonEmpty
    label: TextSpec


class DecisionSpec(_Strict):
    question: TextSpec
    options: Annotated[list[OptionSpec], Field(min_length=2)]


class DueSpec(_Strict):
    anchor: NonEmpty
    after: NonEmpty | dict[str, NonEmpty]


class WhenSpec(_Strict):
    decision: NonEmpty
    is_: Annotated[list[NonEmpty], Field(min_length=1, alias="is")]


class DoneBySpec(_Strict):
    kind: NonEmpty
    to: NonEmpty | None = None
    stage: NonEmpty | None = None
    fact: NonEmpty | None = None
    td: bool = False
    option: NonEmpty | None = None


class StepSpec(_Strict):
    id: NonEmpty
    group: NonEmpty
    title: TextSpec
    detail: TextSpec
    levels: NonEmpty | Annotated[list[NonEmpty], Field(min_length=1)]
    due: DueSpec | None = None
    repeat: NonEmpty | None = None
    decision: DecisionSpec | None = None
    source: Annotated[list[NonEmpty], Field(min_length=1)]
    addition: bool = False
    when: WhenSpec | None = None
    done_by: DoneBySpec | Annotated[list[DoneBySpec], Field(min_length=1)] | None = None
    roster: list[NonEmpty] = []  # the roster lists the step shows (runbook.roster)


class FactSpec(_Strict):
    id: NonEmpty
    label: TextSpec
    type: NonEmpty
    clause: NonEmpty
    options: list[OptionSpec] = []
    types: list[NonEmpty] | None = None  # in facts.yaml: the types it serves (all if absent)
    section: NonEmpty = "times"  # where the summary shows it (FACT_SECTIONS)


class FactsFileSpec(_Strict):
    format: int
    facts: Annotated[list[FactSpec], Field(min_length=1)]


class TypeFileSpec(_Strict):
    format: int
    type: NonEmpty
    title: TextSpec
    summary: TextSpec
    lead: NonEmpty
    source: Annotated[list[NonEmpty], Field(min_length=1)]
    include: list[NonEmpty] = []
    escalation: list[NonEmpty] = []
    facts: list[FactSpec] = []
    steps: list[StepSpec] = []


class ModuleFileSpec(_Strict):
    format: int
    module: NonEmpty
    title: TextSpec
    steps: Annotated[list[StepSpec], Field(min_length=1)]


class ParameterSpec(_Strict):
    value: NonEmpty | int
    clause: NonEmpty
    basis: NonEmpty


class GrantSpec(_Strict):
    roles: list[NonEmpty]
    clause: NonEmpty
    basis: NonEmpty


class SettingsFileSpec(_Strict):
    format: int
    parameters: dict[str, ParameterSpec]
    permissions: dict[str, GrantSpec] = {}  # action → roles (runbook.roles)


class OverrideFileSpec(_Strict):
    format: int
    parameters: dict[str, NonEmpty | int] = {}
    permissions: dict[str, list[NonEmpty]] = {}


class ClauseSpec(_Strict):
    id: NonEmpty
    title: TextSpec
    text: TextSpec
    parameters: list[NonEmpty] = []


class PlanFileSpec(_Strict):
    format: int
    clauses: Annotated[list[ClauseSpec], Field(min_length=1)]


class ContactSpec(_Strict):
    name: NonEmpty
    role: NonEmpty | None = None
    phone: NonEmpty | None = None
    email: NonEmpty | None = None
    note: NonEmpty | None = None


class VendorSpec(_Strict):
    id: NonEmpty
    name: NonEmpty
    service: NonEmpty | None = None
    contract: NonEmpty | None = None
    sla: NonEmpty | None = None
    contacts: list[ContactSpec] = []
    note: NonEmpty | None = None


class ResourceSpec(_Strict):
    id: NonEmpty
    name: NonEmpty
    supplier: NonEmpty | None = None
    contract: NonEmpty | None = None
    contacts: list[ContactSpec] = []
    note: NonEmpty | None = None


class PersonSpec(_Strict):
    login: NonEmpty
    name: NonEmpty
    groups: Annotated[list[NonEmpty], Field(min_length=1)]
    roles: Annotated[list[NonEmpty], Field(min_length=1)]
    deputy_of: NonEmpty | None = None


class RosterFileSpec(_Strict):
    format: int
    contacts: dict[str, list[ContactSpec]] = {}
    vendors: list[VendorSpec] = []
    resources: list[ResourceSpec] = []
    people: list[PersonSpec] = []


class ReplaceStepSpec(StepSpec):
    regroup: bool = False  # the replacement moves the step to another group, on purpose


class ChangeFileSpec(_Strict):
    format: int
    type: NonEmpty | None = None
    module: NonEmpty | None = None
    add: list[StepSpec] = []
    replace: list[ReplaceStepSpec] = []
