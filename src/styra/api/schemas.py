"""What the API takes and gives: explicit fields, never a model's `__all__`.

Numbers go out and come in as strings with a point ("-1234.50"), a Decimal's exact
digits, never as floating-point numbers; dates as ISO 8601.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Annotated

from ninja import Field, Schema
from pydantic import BeforeValidator

#: A number as text: optional sign, digits, optional point and decimals.
NUMBER = r"^-?[0-9]{1,13}(\.[0-9]{1,6})?$"


def _iso_date_only(value: object) -> object:
    """A date only as ÅÅÅÅ-MM-DD: pydantic would otherwise read "0" as 1970-01-01."""
    if isinstance(value, str) and not re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", value):
        raise ValueError("date")
    if isinstance(value, int | float):
        raise ValueError("date")
    return value


#: A date in a query, body or path, written ÅÅÅÅ-MM-DD and nothing else.
IsoDate = Annotated[date, BeforeValidator(_iso_date_only)]


class ProblemOut(Schema):
    row: int | None = Field(None, description="raden i anropets lista (1 = första)")
    field: str = Field("", description="fältet som är fel")
    message: str


class ErrorOut(Schema):
    detail: str = Field(..., description="vad som är fel, på svenska")
    code: str = Field(
        ...,
        description="unauthenticated, forbidden, scope, not_found, conflict, locked, closed, not_open, report_state, too_large, invalid",
    )
    problems: list[ProblemOut] = Field(default_factory=list)


# --- organisation ---------------------------------------------------------------------


class UnitOut(Schema):
    code: str
    name: str
    short_name: str
    type: str
    parent: str | None
    depth: int


class CostCentreOut(Schema):
    code: str
    name: str
    unit: str


# --- plans ----------------------------------------------------------------------------


class PlanOut(Schema):
    code: str
    name: str
    unit: str
    period_start: date
    period_end: date


class ItemOut(Schema):
    code: str
    kind: str
    level: str
    number: str
    title: str
    parent: str | None
    owner: str | None
    co_owners: list[str]
    frequency: str


class RoundOut(Schema):
    code: str
    name: str
    kind: str
    plan: str
    period_start: date
    period_end: date
    reporting_deadline: date | None
    state: str


# --- assessments and values -----------------------------------------------------------


class ValueOut(Schema):
    dimension: str
    member: str
    value: str | None
    missing_reason: str
    period_label: str
    period_start: date | None
    period_end: date | None
    comparison_value: str | None


class AssessmentOut(Schema):
    round: str
    item: str
    unit: str
    version: int = Field(..., description="skicka med den vid nästa ändring")
    status: str | None
    status_label: str | None
    status_suggested: str | None
    status_overridden: bool
    completed: bool | None
    comment: str
    values: list[ValueOut]
    updated_by: str | None
    updated_at: datetime | None


class ValueIn(Schema):
    dimension: str = Field("", max_length=30, description="tom = totalen")
    member: str = Field("", max_length=100)
    value: str | None = Field(None, pattern=NUMBER, description='t.ex. "48.5"')
    missing_reason: str = Field(
        "", max_length=30, description="orsak till saknat värde (no_data, not_published …)"
    )
    period_label: str = Field("", max_length=60, description='mätperioden, t.ex. "jan–mar"')
    period_start: IsoDate | None = None
    period_end: IsoDate | None = None
    comparison_value: str | None = Field(None, pattern=NUMBER)


class AssessmentIn(Schema):
    version: int = Field(
        ...,
        ge=0,
        le=2_000_000_000,
        description="versionen du utgick från (0 = ingen bedömning finns ännu)",
    )
    values: list[ValueIn] = Field(default_factory=list, max_length=200)
    status: str | None = Field(
        None, max_length=40, description="statusnivåns kod; utelämnad = den föreslagna"
    )
    comment: str = Field("", max_length=20_000)
    completed: bool | None = None


class BulkValueIn(Schema):
    item: str = Field(..., min_length=1, max_length=40, description="planpostens kod")
    value: str | None = Field(None, pattern=NUMBER)
    missing_reason: str = Field("", max_length=30)
    period_label: str = Field("", max_length=60)
    dimension: str = Field("", max_length=30)
    member: str = Field("", max_length=100)
    comment: str | None = Field(
        None, max_length=20_000, description="utelämnad = kommentaren står kvar"
    )


class BulkValuesIn(Schema):
    values: list[BulkValueIn] = Field(..., min_length=1, max_length=5000)


class BulkValuesOut(Schema):
    saved: int = Field(..., description="antal planposter som sparades")
    unchanged: int = Field(..., description="antal planposter där inget ändrades")


# --- statistics -----------------------------------------------------------------------


class StatValueIn(Schema):
    series: str = Field(..., min_length=1, max_length=60, description="seriens kod")
    unit: str | None = Field(None, max_length=40, description="enhetens kod")
    area: str | None = Field(None, max_length=60, description="jämförelseområde, t.ex. riket")
    period: str = Field(..., min_length=1, max_length=20, description='t.ex. "2026-03", "2025"')
    period_kind: str | None = Field(
        None, max_length=20, description="månad, ack, r12, tidpunkt, år"
    )
    value: str | None = Field(None, pattern=NUMBER)
    missing_reason: str = Field("", max_length=30)
    breakdown: dict[str, str] = Field(
        default_factory=dict, description='dimension → del, t.ex. {"kon": "kvinnor"}'
    )


class StatValuesIn(Schema):
    values: list[StatValueIn] = Field(..., min_length=1, max_length=10_000)
    dry_run: bool = Field(False, description="kontrollera och jämför bara, spara inget")


class StatValuesOut(Schema):
    dry_run: bool
    values: int
    added: int
    changed: int
    unchanged: int
    removed: int
    import_id: int | None


# --- economy --------------------------------------------------------------------------


class TableRowOut(Schema):
    code: str
    label: str
    kind: str
    outcome: str
    budget: str
    budget_diff: str
    outcome_prev: str


class EconomicTableOut(Schema):
    unit: str
    unit_name: str
    row_set: str
    period_start: date
    period_end: date
    rows: list[TableRowOut]


# --- reports as jobs ------------------------------------------------------------------


class ReportBuildIn(Schema):
    round: str = Field(..., min_length=1, max_length=40)
    units: list[str] | None = Field(
        None, min_length=1, max_length=500, description="utelämnad = alla enheter"
    )
    formats: list[str] | None = Field(
        None, min_length=1, max_length=4, description="pdf, docx, xlsx, html"
    )
    template: str | None = Field(None, max_length=80)


class JobFileOut(Schema):
    unit: str
    format: str
    url: str


class JobOut(Schema):
    id: int
    kind: str
    label: str
    status: str
    progress_done: int
    progress_total: int | None
    progress_message: str
    error: str = Field(..., description="varför jobbet misslyckades")
    created_at: datetime
    finished_at: datetime | None
    files: list[JobFileOut]


# --- the consolidated report's texts --------------------------------------------------


class ConsolidationSourceOut(Schema):
    unit: str
    name: str
    type: str = Field(..., description="enhetstypens kod, t.ex. namnd")
    round: str = Field(..., description="uppföljningstillfället enhetens text läses i")
    state: str = Field(..., description="enhetens rapportstatus där")
    state_label: str


class ConsolidationTextOut(Schema):
    unit: str
    body: str


class ConsolidatedSectionOut(Schema):
    key: str
    heading: str
    version: int = Field(..., description="0 = rapporten har ingen egen text ännu")
    body: str = Field(..., description="rapportens egen text i avsnittet")
    updated_by: str | None
    texts: list[ConsolidationTextOut] = Field(
        ..., description="de enheters texter som har en, i organisationens ordning"
    )


class ConsolidationOut(Schema):
    round: str
    unit: str
    unit_name: str
    report_state: str
    report_state_label: str
    editable: bool = Field(..., description="om texterna kan ändras nu")
    sources: list[ConsolidationSourceOut]
    sections: list[ConsolidatedSectionOut]


class ConsolidateIn(Schema):
    units: list[str] | None = Field(
        None,
        min_length=1,
        max_length=500,
        description="enheternas koder i den ordning texterna ska stå; en enhet: dess text "
        "som den är skriven, flera: var och en under enhetens namn",
    )
    body: str | None = Field(None, description="en egen (redigerad) text i stället för units")
    version: int | None = Field(
        None, ge=0, description="versionen du utgår från; en annan sparad version ger 409"
    )


# --- the documented answers of each kind of endpoint -----------------------------------

READ_ERRORS: dict[int, type[Schema]] = {401: ErrorOut, 403: ErrorOut, 422: ErrorOut, 429: ErrorOut}
READ_ONE_ERRORS: dict[int, type[Schema]] = {**READ_ERRORS, 404: ErrorOut}
WRITE_ERRORS: dict[int, type[Schema]] = {**READ_ONE_ERRORS, 409: ErrorOut, 413: ErrorOut}
