"""A small builder for test data: `b.unit("RS", "Regionstyrelsen")`, `b.plan(...)`."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from styra.org import services as org_services
from styra.org.models import Unit, UnitType
from styra.plans.models import Plan, PlanItem, PlanLevel, StatusLevel, StatusScale

DEFAULT_START = date(2020, 1, 1)


class Builder:
    def __init__(self) -> None:
        self._types: dict[str, UnitType] = {}

    def unit_type(self, code: str = "enhet", name: str = "Enhet") -> UnitType:
        if code not in self._types:
            self._types[code], _ = UnitType.objects.get_or_create(code=code, defaults={"name": name})
        return self._types[code]

    def unit(
        self,
        code: str,
        name: str | None = None,
        parent: Unit | None = None,
        valid_from: date = DEFAULT_START,
        type_code: str = "enhet",
    ) -> Unit:
        return org_services.unit_create(
            code=code,
            name=name or code,
            unit_type=self.unit_type(type_code),
            parent=parent,
            valid_from=valid_from,
        )

    def scale(self, code: str = "mal", levels=None) -> StatusScale:
        scale = StatusScale.objects.create(code=code, name=code)
        levels = levels or [
            ("helt", "Helt uppfyllt", "#2e7d32", "●", "fulfilled"),
            ("delvis", "Delvis uppfyllt", "#f9a825", "◐", "partly"),
            ("ej", "Ej uppfyllt", "#c62828", "○", "not_fulfilled"),
            ("ejrapp", "Ej rapporterat", "#757575", "–", "not_reported"),
        ]
        for order, (lcode, label, colour, symbol, meaning) in enumerate(levels):
            StatusLevel.objects.create(
                scale=scale, code=lcode, label=label, colour=colour, symbol=symbol,
                meaning=meaning, order=order,
            )
        return scale

    def plan(self, code: str, unit: Unit, year: int = 2026, tolerance: str | None = None) -> Plan:
        return Plan.objects.create(
            code=code,
            name=f"Plan {code}",
            unit=unit,
            period_start=date(year, 1, 1),
            period_end=date(year, 12, 31),
            tolerance_kind="relative" if tolerance else "none",
            tolerance_value=Decimal(tolerance) if tolerance else None,
        )

    def level(self, plan: Plan, code: str, kinds: list[str], parent: PlanLevel | None = None):
        return PlanLevel.objects.create(
            plan=plan, code=code, name=code.capitalize(), kinds=kinds, parent=parent,
            order=plan.levels.count(),
        )

    def item(self, plan: Plan, level: PlanLevel, kind: str, code: str, parent=None, **kw):
        return PlanItem.objects.create(
            plan=plan, level=level, kind=kind, code=code, title=kw.pop("title", code),
            parent=parent, order=plan.items.count(), **kw,
        )
