"""Building report files: the one entry point for the CLI, the web and the demo."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from styra.followup.models import Round
from styra.org.models import Unit
from styra.plans.models import Plan

from .builders import document_build, plan_document_build
from .document import Document
from .renderers import EXTENSIONS, FORMATS, render
from .templates import (
    ReportTemplate,
    TemplateError,
    template_for_round,
    template_get,
    template_list,
)


@dataclass
class BuiltReport:
    document: Document
    files: dict[str, Path] = field(default_factory=dict)


def report_document(
    *, round_: Round, unit: Unit, template: ReportTemplate | str | None = None
) -> Document:
    if template is None:
        template = template_for_round(round_)
    elif isinstance(template, str):
        template = template_get(template)
    return document_build(template=template, round_=round_, unit=unit)


def report_filename(document: Document, fmt: str) -> str:
    stem = f"{document.template_code}-{document.round_code}-{document.unit_code}"
    return re.sub(r"[^A-Za-z0-9._-]+", "-", stem).lower() + "." + EXTENSIONS[fmt]


def report_build(
    *,
    round_: Round,
    unit: Unit,
    formats: list[str] | tuple[str, ...] = FORMATS,
    out_dir: Path,
    template: ReportTemplate | str | None = None,
    docx_template: Path | None = None,
) -> BuiltReport:
    """Build the report of `unit` in `round_` and write one file per format to `out_dir`."""
    unknown = [f for f in formats if f not in FORMATS]
    if unknown:
        raise ValueError(f"unknown format {unknown[0]!r}")
    document = report_document(round_=round_, unit=unit, template=template)
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    built = BuiltReport(document=document)
    for fmt in formats:
        path = out_dir / report_filename(document, fmt)
        path.write_bytes(render(document, fmt, docx_template=docx_template))
        built.files[fmt] = path
    return built


def plan_template(plan: Plan) -> ReportTemplate:
    """The template whose `applies_to` names the plan."""
    for template in template_list():
        if plan.code in (template.applies_to.get("plans") or []):
            return template
    raise TemplateError(
        f"{plan.code}:1: ingen rapportmall gäller planen {plan.code}; ange --template"
    )


def plan_document(
    *, plan: Plan, unit: Unit, template: ReportTemplate | str | None = None
) -> Document:
    """The plan printed before the year (a verksamhetsplan): no follow-up round."""
    if template is None:
        template = plan_template(plan)
    elif isinstance(template, str):
        template = template_get(template)
    return plan_document_build(template=template, plan=plan, unit=unit)


def plan_report_build(
    *,
    plan: Plan,
    unit: Unit,
    formats: list[str] | tuple[str, ...] = FORMATS,
    out_dir: Path,
    template: ReportTemplate | str | None = None,
    docx_template: Path | None = None,
) -> BuiltReport:
    """Build `plan`'s document for `unit` and write one file per format to `out_dir`."""
    unknown = [f for f in formats if f not in FORMATS]
    if unknown:
        raise ValueError(f"unknown format {unknown[0]!r}")
    document = plan_document(plan=plan, unit=unit, template=template)
    return _write(document, formats, Path(out_dir), docx_template)


def _write(
    document: Document,
    formats: list[str] | tuple[str, ...],
    out_dir: Path,
    docx_template: Path | None,
) -> BuiltReport:
    out_dir.mkdir(parents=True, exist_ok=True)
    built = BuiltReport(document=document)
    for fmt in formats:
        path = out_dir / report_filename(document, fmt)
        path.write_bytes(render(document, fmt, docx_template=docx_template))
        built.files[fmt] = path
    return built
