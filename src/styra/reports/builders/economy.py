"""Economy sections, built from the finance and economy selectors.

Those selectors are written by other engineers; until they exist the sections are left
out of the report (never filled with invented numbers).
"""

from __future__ import annotations

from styra.reports.document import Section
from styra.reports.templates import SectionSpec

from .common import BuildContext


def build_economic_analysis(ctx: BuildContext, spec: SectionSpec) -> list[Section]:
    return []


def build_forecast(ctx: BuildContext, spec: SectionSpec) -> list[Section]:
    return []


def build_savings_measures(ctx: BuildContext, spec: SectionSpec) -> list[Section]:
    return []


def build_elected_members_budget(ctx: BuildContext, spec: SectionSpec) -> list[Section]:
    return []


def build_investments(ctx: BuildContext, spec: SectionSpec) -> list[Section]:
    return []
