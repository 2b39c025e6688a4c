"""A small builder for test data: `b.unit("RS", "Regionstyrelsen")`, `b.plan(...)`."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from styra.org.models import Unit, UnitType
from styra.orgadmin import services as org_services
from styra.plans.models import Plan, PlanItem, PlanLevel, StatusLevel, StatusScale

DEFAULT_START = date(2020, 1, 1)
SYSTEM_ADMIN = "system-admin"


def system_admin():
    """A superuser: the acting user of writes that only set up test data."""
    from django.contrib.auth import get_user_model

    user, created = get_user_model().objects.get_or_create(
        username=SYSTEM_ADMIN, defaults={"is_superuser": True, "is_staff": True}
    )
    return user


class Builder:
    def __init__(self) -> None:
        self._types: dict[str, UnitType] = {}

    def unit_type(self, code: str = "enhet", name: str = "Enhet") -> UnitType:
        if code not in self._types:
            self._types[code], _ = UnitType.objects.get_or_create(
                code=code, defaults={"name": name}
            )
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
            user=system_admin(),
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
                scale=scale,
                code=lcode,
                label=label,
                colour=colour,
                symbol=symbol,
                meaning=meaning,
                order=order,
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
            plan=plan,
            code=code,
            name=code.capitalize(),
            kinds=kinds,
            parent=parent,
            order=plan.levels.count(),
        )

    def item(self, plan: Plan, level: PlanLevel, kind: str, code: str, parent=None, **kw):
        return PlanItem.objects.create(
            plan=plan,
            level=level,
            kind=kind,
            code=code,
            title=kw.pop("title", code),
            parent=parent,
            order=plan.items.count(),
            **kw,
        )

    # --- follow-up and access (appended for the reporting workflow) -------------------

    def user(self, username: str, *roles, superuser: bool = False, email: str = ""):
        """`b.user("anna", (unit, "reporter"), (rs, "reader", False))`; the third part
        of a role is `inherit` (default True)."""
        from django.contrib.auth import get_user_model

        from styra.access.models import UnitRole

        user = get_user_model().objects.create_user(
            username=username,
            password="pw",
            email=email,
            is_superuser=superuser,
            is_staff=superuser,
            first_name=username.capitalize(),
        )
        for unit, role, *rest in roles:
            UnitRole.objects.create(
                user=user, unit=unit, role=role, inherit=rest[0] if rest else True
            )
        return user

    def use_scale(
        self, plan: Plan, scale: StatusScale, kinds=("goal", "indicator", "assignment", "activity")
    ):
        from styra.plans.models import PlanScale

        for kind in kinds:
            PlanScale.objects.create(plan=plan, kind=kind, scale=scale)

    def indicator(
        self,
        plan: Plan,
        level: PlanLevel,
        code: str,
        target=None,
        direction="higher",
        tolerance=None,
        breakdowns=None,
        **kw,
    ):
        """An indicator item with a threshold target `target` (Decimal string)."""
        from styra.plans.models import Indicator, Target

        item = self.item(plan, level, "indicator", code, **kw)
        Indicator.objects.create(
            item=item,
            unit="%",
            decimals=1,
            direction=direction,
            breakdowns=breakdowns or [],
        )
        if target is not None:
            Target.objects.create(
                item=item,
                kind="threshold",
                value=Decimal(target),
                direction=direction,
                tolerance_kind="relative" if tolerance else "",
                tolerance_value=Decimal(tolerance) if tolerance else None,
            )
        return item

    def round(
        self,
        plan: Plan,
        code: str = "2026-T1",
        kind: str = "tertial",
        state: str = "open",
        start: date | None = None,
        end: date | None = None,
        **kw,
    ):
        from styra.followup.models import Round

        year = plan.period_start.year
        return Round.objects.create(
            plan=plan,
            code=code,
            name=kw.pop("name", f"Tertial {code}"),
            kind=kind,
            period_start=start or date(year, 1, 1),
            period_end=end or date(year, 4, 30),
            state=state,
            **kw,
        )


def xlsx_sheet(book: Any, caption: str) -> Any:
    """The sheet of a built report's workbook that holds the table with `caption`, found
    through the workbook's first sheet, which lists every sheet beside its table's caption."""
    index = {
        row[1]: row[0]
        for row in book["Rapport"].iter_rows(min_row=7, values_only=True)
        if row[0] and row[1]
    }
    assert caption in index, f"{caption!r} is not among {sorted(index)}"
    return book[index[caption]]


def municipality(b: Builder):
    """A municipality, structured unlike the demo region: Kommunen (KOM) at the top with
    Kommunstyrelsen (KS), Socialnämnden (SN), Barn- och utbildningsnämnden (BUN) and the
    company Bostadsbolaget AB (BOST) as a unit it owns.

    Cost centres 1100 (KS), 7100 and 7200 (SN), 4100 (BUN), 8000 (KS, finance) and 9000
    (BOST). Users: kerstin (controller of KOM), sune (controller of SN), rut (reporter
    of SN). Returns a namespace with the units and users.
    """
    from types import SimpleNamespace

    start = DEFAULT_START
    top = b.unit("KOM", "Kommunen", valid_from=start)
    ks = b.unit("KS", "Kommunstyrelsen", parent=top, valid_from=start)
    sn = b.unit("SN", "Socialnämnden", parent=top, valid_from=start)
    bun = b.unit("BUN", "Barn- och utbildningsnämnden", parent=top, valid_from=start)
    bolag = b.unit("BOST", "Bostadsbolaget AB", parent=top, valid_from=start)
    for code, unit in (
        ("1100", ks),
        ("8000", ks),
        ("7100", sn),
        ("7200", sn),
        ("4100", bun),
        ("9000", bolag),
    ):
        org_services.cost_centre_create(
            code=code, name=code, unit=unit, valid_from=start, user=system_admin()
        )
    return SimpleNamespace(
        top=top,
        ks=ks,
        sn=sn,
        bun=bun,
        bolag=bolag,
        kerstin=b.user("kerstin", (top, "controller")),
        sune=b.user("sune", (sn, "controller")),
        rut=b.user("rut", (sn, "reporter")),
    )


def xlsx_table(built: Any, key: str) -> Any:
    """The sheet of a built report's workbook that holds the table with `key` (the
    template's key: sheets are named by the tables' captions)."""
    from openpyxl import load_workbook

    caption = next(t.caption for _s, t in built.document.tables() if t.key == key)
    return xlsx_sheet(load_workbook(built.files["xlsx"]), caption)
