"""`stats_config_load`: the one write path of the statistics configuration."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from styra.access import permissions
from styra.formats.problems import ImportFailed, ImportProblem
from styra.org.models import Unit
from styra.org.selectors import unit_versions_on
from styra.plans.models import ItemKind, PlanItem

from ..config import ConfigDocument, config_parse, config_read
from ..models import (
    Area,
    Dimension,
    DimensionMember,
    IndicatorLink,
    PeriodKind,
    Series,
    StatValue,
    UnitKolada,
)

SERIES_FIELDS = {
    # YAML key → model field
    "name": "name",
    "definition": "definition",
    "unit": "unit",
    "decimals": "decimals",
    "direction": "direction",
    "dimensions": "dimensions",
    "sum_over": "sum_over",
    "sum_over_units": "sum_over_units",
    "sum_over_time": "sum_over_time",
    "ratio_of": "ratio_of",
    "period": "period_kind",
    "source": "source",
    "kolada": "kolada_kpi",
    "note": "note",
    "target": "target",
}


@dataclass
class ConfigResult:
    dimensions: int = 0
    members: int = 0
    areas: int = 0
    kolada_units: int = 0
    series: int = 0
    indicator_links: int = 0


def organisation_roots(day=None) -> list[Unit]:
    day = day or timezone.localdate()
    ids = unit_versions_on(day).filter(parent__isnull=True).values_list("unit_id", flat=True)
    return list(Unit.objects.filter(pk__in=list(ids)).order_by("code"))


def require_manage_organisation(user) -> None:
    """Organisation-wide statistics (configuration, areas, Kolada) are the controllers'
    of the top of the tree (and administrators')."""
    day = timezone.localdate()
    roots = organisation_roots(day)
    allowed = permissions.is_superuser(user) or (
        bool(roots) and all(permissions.can_manage_statistics(user, r, day) for r in roots)
    )
    permissions.require(
        allowed,
        _(
            "Du får inte ändra statistikens inställningar (kräver controller för hela organisationen)."
        ),
    )


def _number(value) -> str | None:
    return None if value is None else str(Decimal(str(value)))


def _target(data: dict) -> dict:
    """A target as stored: numbers as exact text (JSON has no Decimal)."""
    target = dict(data)
    for key in ("value", "baseline_value", "tolerance_value"):
        if key in target:
            target[key] = _number(target[key])
    return target


def _check(document: ConfigDocument) -> list[ImportProblem]:
    """References between parts of the file and the database, before anything is written."""
    data, problems = document.data, []

    def problem(path, message):
        problems.append(document.problem(path, message))

    dims: dict[str, set[str]] = {
        d.code: set(d.members.values_list("code", flat=True))
        for d in Dimension.objects.prefetch_related("members")
    }
    seen: set[str] = set()
    for i, dim in enumerate(data.get("dimensions", [])):
        if dim["code"] in seen:
            problem(("dimensions", i, "code"), _("dimensionen finns två gånger i filen"))
        seen.add(dim["code"])
        codes: set[str] = set()
        spellings: dict[str, str] = {}
        for j, member in enumerate(dim["members"]):
            if member["code"] in codes:
                problem(("dimensions", i, "members", j, "code"), _("koden finns två gånger"))
            codes.add(member["code"])
            for spelling in (member["code"], member["label"], *member.get("aliases", [])):
                key = str(spelling).strip().lower()
                if key in ("", "totalt", "total", "samtliga", "alla", "t"):
                    problem(
                        ("dimensions", i, "members", j),
                        _("”%(s)s” betyder summan och kan inte vara ett värde") % {"s": spelling},
                    )
                owner = spellings.setdefault(key, member["code"])
                if owner != member["code"]:
                    problem(
                        ("dimensions", i, "members", j),
                        _("stavningen ”%(s)s” används redan av %(o)s")
                        % {"s": spelling, "o": owner},
                    )
        dims[dim["code"]] = dims.get(dim["code"], set()) | codes
    areas = set(Area.objects.values_list("code", flat=True)) | {
        a["code"] for a in data.get("areas", [])
    }
    existing_series = {s.code: s for s in Series.objects.all()}
    series_dims = {code: list(s.dimensions) for code, s in existing_series.items()}
    seen = set()
    for i, spec in enumerate(data.get("series", [])):
        code = spec["code"]
        if code in seen:
            problem(("series", i, "code"), _("serien finns två gånger i filen"))
        seen.add(code)
        dimensions = spec.get("dimensions", series_dims.get(code, []))
        series_dims[code] = list(dimensions)
        for j, dim in enumerate(spec.get("dimensions", [])):
            if dim not in dims:
                problem(("series", i, "dimensions", j), _("okänd dimension %(d)s") % {"d": dim})
        for j, dim in enumerate(spec.get("sum_over", [])):
            if dim not in dimensions:
                problem(
                    ("series", i, "sum_over", j),
                    _("%(d)s är inte en av seriens dimensioner") % {"d": dim},
                )
        comparison = spec.get("target", {}).get("comparison")
        if comparison and comparison not in areas:
            problem(
                ("series", i, "target", "comparison"),
                _("okänt jämförelseområde %(a)s") % {"a": comparison},
            )
        old = existing_series.get(code)
        if (
            old is not None
            and "dimensions" in spec
            and list(spec["dimensions"]) != list(old.dimensions)
            and StatValue.objects.filter(series=old).exists()
        ):
            problem(
                ("series", i, "dimensions"),
                _("serien har redan värden; dess dimensioner kan inte ändras"),
            )
    for i, spec in enumerate(data.get("series", [])):
        ratio = spec.get("ratio_of")
        if ratio:
            for part in ("numerator", "denominator"):
                if ratio[part] not in series_dims:
                    problem(
                        ("series", i, "ratio_of", part), _("okänd serie %(s)s") % {"s": ratio[part]}
                    )
            if spec.get("sum_over") or spec.get("sum_over_units") or spec.get("sum_over_time"):
                problem(("series", i, "ratio_of"), _("en kvot summeras inte; ta bort sum_over"))
    units = set(Unit.objects.values_list("code", flat=True))
    for i, spec in enumerate(data.get("kolada_units", [])):
        if spec["unit"] not in units:
            problem(("kolada_units", i, "unit"), _("okänd enhet %(u)s") % {"u": spec["unit"]})
    for i, spec in enumerate(data.get("indicator_links", [])):
        item = (
            PlanItem.objects.filter(plan__code=spec["plan"], code=spec["item"])
            .select_related("plan")
            .first()
        )
        if item is None:
            problem(
                ("indicator_links", i, "item"),
                _("planen %(p)s har ingen post %(i)s") % {"p": spec["plan"], "i": spec["item"]},
            )
        elif item.kind != ItemKind.INDICATOR:
            problem(("indicator_links", i, "item"), _("posten är inget nyckeltal"))
        if spec["series"] not in series_dims:
            problem(
                ("indicator_links", i, "series"), _("okänd serie %(s)s") % {"s": spec["series"]}
            )
        if "unit" in spec and spec["unit"] not in units:
            problem(("indicator_links", i, "unit"), _("okänd enhet %(u)s") % {"u": spec["unit"]})
        if spec.get("comparison") and spec["comparison"] not in areas:
            problem(
                ("indicator_links", i, "comparison"),
                _("okänt jämförelseområde %(a)s") % {"a": spec["comparison"]},
            )
        for dim, member in spec.get("members", {}).items():
            if dim not in series_dims.get(spec["series"], []):
                problem(
                    ("indicator_links", i, "members", dim),
                    _("serien har ingen dimension %(d)s") % {"d": dim},
                )
            elif member not in dims.get(dim, set()):
                problem(
                    ("indicator_links", i, "members", dim), _("okänt värde %(m)s") % {"m": member}
                )
    return problems


def _save(instance, user) -> None:
    instance._history_user = user
    instance.save()


@transaction.atomic
def stats_config_load(
    *, user, path: Path | str | None = None, text: str | None = None, source: str = ""
) -> ConfigResult:
    """Load a configuration file (or its `text`); all or nothing, every problem listed."""
    require_manage_organisation(user)
    if text is not None:
        document = config_parse(text, source=source or "statistik.yaml")
    elif path is not None:
        document = config_read(path)
    else:
        raise ValueError("stats_config_load needs a path or a text")
    problems = _check(document)
    if problems:
        raise ImportFailed(problems)
    data, result = document.data, ConfigResult()

    for order, spec in enumerate(data.get("dimensions", [])):
        dimension = Dimension.objects.filter(code=spec["code"]).first() or Dimension(
            code=spec["code"], order=order
        )
        dimension.name = spec["name"]
        dimension.total_label = spec.get("total_label", dimension.total_label or "Totalt")
        _save(dimension, user)
        result.dimensions += 1
        for member_order, m in enumerate(spec["members"]):
            member = DimensionMember.objects.filter(dimension=dimension, code=m["code"]).first()
            member = member or DimensionMember(dimension=dimension, code=m["code"])
            member.label, member.order = m["label"], member_order
            member.aliases = list(m.get("aliases", []))
            _save(member, user)
            result.members += 1

    for order, spec in enumerate(data.get("areas", [])):
        area = Area.objects.filter(code=spec["code"]).first() or Area(code=spec["code"])
        area.name, area.kind, area.order = spec["name"], spec["kind"], order
        area.kolada_id = spec.get("kolada", area.kolada_id)
        _save(area, user)
        result.areas += 1

    for spec in data.get("kolada_units", []):
        unit = Unit.objects.get(code=spec["unit"])
        kolada = UnitKolada.objects.filter(unit=unit).first() or UnitKolada(unit=unit)
        kolada.kolada_id = spec["kolada"]
        _save(kolada, user)
        result.kolada_units += 1

    next_order = Series.objects.count()
    for spec in data.get("series", []):
        series = Series.objects.filter(code=spec["code"]).first()
        if series is None:
            series = Series(code=spec["code"], order=next_order)
            next_order += 1
        for key, field_name in SERIES_FIELDS.items():
            if key not in spec:
                continue
            value = spec[key]
            if key == "target":
                value = _target(value)
            elif key == "ratio_of":
                value = {**value, "factor": _number(value.get("factor", 1))}
            setattr(series, field_name, value)
        if spec.get("kolada") and "source" not in spec:
            series.source = "kolada"
        if series.source == "kolada" and "period" not in spec:
            series.period_kind = PeriodKind.YEAR
        _save(series, user)
        result.series += 1

    for spec in data.get("indicator_links", []):
        item = PlanItem.objects.get(plan__code=spec["plan"], code=spec["item"])
        series = Series.objects.get(code=spec["series"])
        link = IndicatorLink.objects.filter(item=item).first() or IndicatorLink(item=item)
        link.series = series
        link.unit = Unit.objects.get(code=spec["unit"]) if spec.get("unit") else None
        link.members = dict(spec.get("members", {}))
        link.period_kind = spec.get("period", series.period_kind)
        link.lag_months = spec.get("lag_months", 0)
        link.comparison = (
            Area.objects.get(code=spec["comparison"]) if spec.get("comparison") else None
        )
        _save(link, user)
        result.indicator_links += 1
    return result
