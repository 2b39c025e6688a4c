"""What the section builders share: placeholders, status marks, text splitting."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from styra.followup.summary import StatusKey
from styra.org.models import Unit
from styra.org.selectors import unit_versions_on
from styra.plans.models import StatusLevel
from styra.reports.document import BulletList, Paragraph, StatusMark
from styra.reports.selectors import ReportData
from styra.reports.templates import ReportTemplate, SectionSpec

MISSING_STATUS = StatusMark(symbol="–", label="Ej bedömd", colour="#757575", meaning="")


@dataclass
class BuildContext:
    data: ReportData
    template: ReportTemplate
    _unit_names: dict[int, str] = field(default_factory=dict)

    @property
    def round(self):
        return self.data.round

    def unit_name(self, unit: Unit) -> str:
        """A unit's name at the end of the round's period (one query for all of them)."""
        if not self._unit_names:
            self._unit_names.update(
                unit_versions_on(self.round.period_end).values_list("unit_id", "name")
            )
        return self._unit_names.get(unit.pk, unit.code)

    def intro(self, spec: SectionSpec) -> list[Paragraph]:
        """The section's `intro` sentence, which every section kind may have."""
        return [Paragraph(self.fill(spec.intro))] if spec.intro else []

    def fill(self, text: str, **extra) -> str:
        """Replace {unit_name} {round_name} {period_label} {year} and `extra` in `text`."""
        values = {
            "unit_name": self.data.unit_name,
            "unit_code": self.data.unit.code,
            "round_name": self.round.name,
            "round_code": self.round.code,
            "period_label": period_label(self.round),
            "year": str(self.round.period_end.year),
            **extra,
        }
        return re.sub(r"\{(\w+)\}", lambda m: str(values.get(m[1], m[0])), text)


def key_mark(key: StatusKey) -> StatusMark:
    """A summary's status (`followup.summary.StatusKey`) as printed."""
    return StatusMark(symbol=key.symbol, label=key.label, colour=key.colour, meaning=key.meaning)


def status_mark(level: StatusLevel | None) -> StatusMark:
    if level is None:
        return MISSING_STATUS
    return StatusMark(
        symbol=level.symbol, label=level.label, colour=level.colour, meaning=level.meaning
    )


MONTHS = [
    "januari", "februari", "mars", "april", "maj", "juni",
    "juli", "augusti", "september", "oktober", "november", "december",
]  # fmt: skip


def period_label(round_) -> str:
    start, end = round_.period_start, round_.period_end
    if start.year == end.year:
        return f"{MONTHS[start.month - 1]}–{MONTHS[end.month - 1]} {end.year}"
    return f"{MONTHS[start.month - 1]} {start.year}–{MONTHS[end.month - 1]} {end.year}"


_BULLET = re.compile(r"^\s*(?:[-•*–])\s+")


def text_blocks(body: str) -> list[Paragraph | BulletList]:
    """Plain text with simple formatting: blank lines split paragraphs, '- ' makes lists."""
    blocks: list[Paragraph | BulletList] = []
    for chunk in re.split(r"\n\s*\n", (body or "").strip()):
        lines = [line for line in chunk.splitlines() if line.strip()]
        if not lines:
            continue
        if all(_BULLET.match(line) for line in lines):
            blocks.append(BulletList([_BULLET.sub("", line).strip() for line in lines]))
        else:
            blocks.append(Paragraph(" ".join(line.strip() for line in lines)))
    return blocks


def spec_heading(ctx: BuildContext, spec: SectionSpec, **extra) -> str:
    return ctx.fill(spec.heading, **extra)
