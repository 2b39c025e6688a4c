"""One long row of a statistics file, checked and turned into a value to stage.

Every problem names the file, the line and the file's own column, in Swedish. A row
with problems is not staged; the import writes nothing while any problem remains.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.utils.translation import gettext as _

from styra.followup.models import MissingReason
from styra.formats.numbers import parse_number
from styra.formats.problems import ImportProblem

from ..catalogue import Catalogue, cell_key
from ..models import PeriodKind, Series
from ..periods import Period, PeriodError, parse_kind, parse_period

MAX_PROBLEMS = 100
MAX_ABS = Decimal(10) ** 12
QUANTUM = Decimal("0.000001")

REASONS: dict[str, str] = {}
for _code, _label in MissingReason.choices:
    REASONS[_code] = _code
    REASONS[str(_label).lower()] = _code
REASONS.update({"saknas": MissingReason.NO_DATA, "annat skäl": MissingReason.OTHER})

# A staged value: (line, series id, unit id, area id, cell id, kind, start, end, value, reason)
Staged = tuple[int, int, int | None, int | None, int, str, str, str, Decimal | None, str]


@dataclass
class Problems:
    """Problems of one import, at most MAX_PROBLEMS kept (and how many more there were)."""

    file: str
    found: list[ImportProblem] = field(default_factory=list)
    more: int = 0

    def add(self, line: int, column: str, message: str) -> None:
        if len(self.found) < MAX_PROBLEMS:
            self.found.append(ImportProblem(self.file, line, column, message))
        else:
            self.more += 1

    def __bool__(self) -> bool:
        return bool(self.found)

    def all(self) -> list[ImportProblem]:
        found = sorted(self.found, key=lambda p: (p.line, p.column))
        if self.more:
            found.append(
                ImportProblem(
                    self.file,
                    found[-1].line,
                    "",
                    _("ytterligare %(n)s fel visas inte") % {"n": self.more},
                )
            )
        return found


def parse_value(raw: object) -> Decimal:
    """A number as a file writes it: Swedish text ('−1 234,5'), or a number from Excel."""
    if isinstance(raw, bool):
        raise ValueError(raw)
    if isinstance(raw, int):
        number = Decimal(raw)
    elif isinstance(raw, float):
        number = Decimal(repr(raw))
    elif isinstance(raw, Decimal):
        number = raw
    else:
        number = parse_number(str(raw))
    if not number.is_finite() or abs(number) >= MAX_ABS:
        raise ValueError(raw)
    return number.quantize(QUANTUM, rounding=ROUND_HALF_UP)


class RowParser:
    """Checks long rows against the configuration and stages the good ones."""

    def __init__(self, catalogue: Catalogue, problems: Problems):
        self.catalogue = catalogue
        self.problems = problems
        self._periods: dict[tuple[str, object], Period] = {}
        self._series: dict[str, Series | None] = {}
        self._units: dict[str, int | None] = {}
        # Which cells each (series, subject, period) holds, by the dimensions they name:
        # a total next to its parts along an additive dimension would store it twice.
        self.signatures: dict[tuple, dict[frozenset, int]] = {}
        # For the permission check: the latest period end per unit, and whether any
        # value is for a comparison area.
        self.unit_ends: dict[int, date] = {}
        self.has_areas = False
        self.series_ids: set[int] = set()

    # --- lookups, cached: files repeat the same few series, units and periods -------

    def _series_named(self, text: str) -> Series | None:
        if text not in self._series:
            self._series[text] = self.catalogue.series.get(text) or self.catalogue.series.get(
                text.lower()
            )
        return self._series[text]

    def _unit_named(self, text: str) -> int | None:
        if text not in self._units:
            units = self.catalogue.units
            self._units[text] = units.get(text) or units.get(text.upper())
        return self._units[text]

    def _period(self, kind: str, raw: object) -> Period:
        key = (kind, raw if not isinstance(raw, datetime | date) else raw.isoformat())
        period = self._periods.get(key)
        if period is None:
            period = self._periods[key] = parse_period(kind, raw)
        return period

    def _cell_id(self, key: str) -> int:
        cells = self.catalogue.cells
        found = cells.get(key)
        return found if found is not None else self.catalogue.cell_ids([key])[key]

    # --- one row ----------------------------------------------------------------------

    def parse(self, line: int, row: dict[str, object], origin: dict[str, str]) -> Staged | None:
        problem = self.problems.add
        ok = True

        def text(column: str) -> str:
            raw = row.get(column)
            if raw is None:
                return ""
            if isinstance(raw, float) and raw.is_integer():
                raw = int(raw)  # Excel turns the code 4711 into 4711.0
            return str(raw).strip()

        def where(column: str) -> str:
            return origin.get(column, column)

        series_text = text("serie")
        series = self._series_named(series_text) if series_text else None
        if series is None:
            problem(
                line,
                where("serie"),
                _("okänd serie ”%(s)s”") % {"s": series_text} if series_text else _("värde saknas"),
            )
            return None
        if series.ratio_of:
            problem(
                line,
                where("serie"),
                _("%(s)s räknas ut av Styra och läses inte in") % {"s": series.name},
            )
            return None

        unit_text, area_text = text("enhet"), text("omrade")
        unit_id = area_id = None
        if unit_text and area_text:
            problem(line, where("omrade"), _("ange enhet eller område, inte båda"))
            ok = False
        elif unit_text:
            unit_id = self._unit_named(unit_text)
            if unit_id is None:
                problem(line, where("enhet"), _("okänd enhet ”%(u)s”") % {"u": unit_text})
                ok = False
        elif area_text:
            area = self.catalogue.area(area_text)
            if area is None:
                problem(line, where("omrade"), _("okänt område ”%(a)s”") % {"a": area_text})
                ok = False
            else:
                area_id = area.pk
        else:
            problem(line, where("enhet"), _("ange enhet (eller område för jämförelser)"))
            ok = False

        kind = series.period_kind
        kind_text = text("periodtyp")
        if kind_text:
            try:
                kind = parse_kind(kind_text)
            except PeriodError as exc:
                problem(line, where("periodtyp"), str(exc))
                return None
        if series.sum_over_time and kind not in (PeriodKind.MONTH, PeriodKind.POINT):
            problem(
                line,
                where("periodtyp"),
                _(
                    "%(s)s läses in per månad; hittills i år, rullande 12 och helår räknas "
                    "ut av Styra"
                )
                % {"s": series.name},
            )
            ok = False
        period = None
        raw_period = row.get("period")
        if raw_period in (None, ""):
            problem(line, where("period"), _("värde saknas"))
            ok = False
        else:
            try:
                period = self._period(kind, raw_period)
            except PeriodError as exc:
                problem(line, where("period"), str(exc))
                ok = False

        members: dict[str, str] = {}
        for dim in series.dimensions:
            raw = text(dim)
            info = self.catalogue.dimensions[dim]
            member = info.member(raw)
            if member is None:
                problem(
                    line,
                    where(dim),
                    _("”%(v)s” är inget värde för %(d)s; använd %(opts)s eller %(total)s")
                    % {
                        "v": raw,
                        "d": info.name.lower(),
                        "opts": ", ".join(info.labels.values()),
                        "total": info.total_label,
                    },
                )
                ok = False
            elif member:
                members[dim] = member
        for dim, info in self.catalogue.dimensions.items():
            if dim in series.dimensions or dim not in row:
                continue
            raw = text(dim)
            if raw and info.member(raw) != "":
                problem(
                    line,
                    where(dim),
                    _("serien %(s)s har ingen uppdelning på %(d)s")
                    % {"s": series.code, "d": info.name.lower()},
                )
                ok = False

        value, reason = None, ""
        raw_value = row.get("varde")
        reason_text = text("orsak")
        if raw_value not in (None, ""):
            try:
                value = parse_value(raw_value)
            except (ValueError, InvalidOperation):
                problem(line, where("varde"), _("”%(v)s” är inget tal") % {"v": raw_value})
                ok = False
            if reason_text:
                problem(line, where("orsak"), _("ange antingen ett värde eller en orsak"))
                ok = False
        elif reason_text:
            reason = REASONS.get(reason_text.lower(), "")
            if not reason:
                problem(
                    line,
                    where("orsak"),
                    _("”%(r)s” är ingen orsak; använd %(opts)s")
                    % {
                        "r": reason_text,
                        "opts": ", ".join(str(lbl) for lbl in MissingReason.labels),
                    },
                )
                ok = False
        else:
            problem(
                line,
                where("varde"),
                _("värde saknas; ange ett värde eller en orsak i kolumnen orsak"),
            )
            ok = False

        if not ok or period is None:
            return None
        if series.sum_over:
            combo = (series.pk, unit_id, area_id, kind, period.end)
            seen = self.signatures.setdefault(combo, {})
            seen.setdefault(frozenset(members), line)
        if unit_id is not None:
            if self.unit_ends.get(unit_id, date.min) < period.end:
                self.unit_ends[unit_id] = period.end
        else:
            self.has_areas = True
        self.series_ids.add(series.pk)
        return (
            line,
            series.pk,
            unit_id,
            area_id,
            self._cell_id(cell_key(members)),
            kind,
            period.start.isoformat(),
            period.end.isoformat(),
            value,
            reason,
        )

    def check_totals(self) -> None:
        """A total beside its parts along an additive dimension is stored twice: refused."""
        by_pk = {s.pk: s for s in self.catalogue.series.values()}
        for (series_id, *_rest), seen in self.signatures.items():
            if len(seen) < 2:
                continue
            series = by_pk[series_id]
            additive = set(series.sum_over)
            for coarse, line in seen.items():
                for fine, fine_line in seen.items():
                    if coarse < fine and (fine - coarse) <= additive:
                        names = ", ".join(
                            self.catalogue.dimensions[d].name.lower() for d in sorted(fine - coarse)
                        )
                        self.problems.add(
                            max(line, fine_line),
                            "",
                            _(
                                "raden är summan av rader %(d)s (rad %(other)s) och räknas ut "
                                "av Styra; läs in antingen delarna eller summan"
                            )
                            % {"d": names, "other": min(line, fine_line)},
                        )
                        break
