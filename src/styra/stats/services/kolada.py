"""`kolada_sync`: the organisation's own values, riket's and chosen peers' from Kolada.

For every series linked to a Kolada KPI (`kolada:` in the configuration), the values of
the units with a Kolada id and of the comparison areas with one are fetched for the
given years and written through the same path as a file import (`stat_values_write`):
all or nothing, the values of a year replace what was stored (Kolada revises its
figures), a missing value (`value: null`) is stored as missing ("ej publicerad").
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from django.utils.translation import gettext as _

from styra.followup.models import MissingReason

from ..catalogue import Catalogue
from ..kolada.client import KoladaClient, KoladaError
from ..models import Area, Series, SeriesSource, UnitKolada
from .config import require_manage_organisation
from .imports import ImportResult, stat_values_write

GENDER_MEMBERS = {"T": "", "K": "K", "M": "M"}


def kolada_series(codes: Iterable[str] | None = None) -> list[Series]:
    series = Series.objects.exclude(kolada_kpi="").order_by("order", "code")
    if codes:
        series = series.filter(code__in=list(codes))
    return list(series)


def kolada_sync(
    *,
    user,
    client: KoladaClient,
    years: list[int],
    series_codes: Iterable[str] | None = None,
    dry_run: bool = False,
) -> ImportResult:
    """Fetch and store the linked series' values for `years`; see the module's doc."""
    require_manage_organisation(user)
    series = kolada_series(series_codes)
    if not series:
        raise KoladaError(
            _("Ingen serie är kopplad till Kolada (nyckeln kolada: i inställningarna).")
        )
    units = {k.kolada_id: k.unit.code for k in UnitKolada.objects.select_related("unit")}
    areas = {a.kolada_id: a.code for a in Area.objects.exclude(kolada_id="")}
    if not units and not areas:
        raise KoladaError(_("Varken enheter eller jämförelseområden har något Kolada-id."))
    ids = sorted(set(units) | set(areas))
    catalogue = Catalogue.load()

    # Fetch everything first: a network failure half-way must leave nothing written.
    fetched = []
    for one in series:
        by_sex = "kon" in one.dimensions
        # Where women and men add up (counts), the total is computed, not stored twice.
        derived_total = "kon" in one.sum_over
        for value in client.data(one.kolada_kpi, ids, years):
            if value.gender != "T" and not by_sex:
                continue
            if value.gender == "T" and derived_total:
                continue
            fetched.append((one, value))

    def rows() -> Iterator[tuple[int, dict[str, object], dict[str, str]]]:
        for line, (one, value) in enumerate(fetched, start=1):
            row: dict[str, object] = {
                "serie": one.code,
                "period": str(value.period),
                "periodtyp": "år",
                "varde": value.value,
                "orsak": "" if value.value is not None else str(MissingReason.NOT_PUBLISHED.label),
            }
            if value.municipality in units:
                row["enhet"] = units[value.municipality]
            else:
                row["omrade"] = areas[value.municipality]
            if "kon" in one.dimensions:
                row["kon"] = GENDER_MEMBERS[value.gender] or "totalt"
            yield line, row, {}

    names = ", ".join(s.kolada_kpi for s in series)
    return stat_values_write(
        user=user,
        rows=rows(),
        file_name=f"Kolada {names}",
        source=SeriesSource.KOLADA,
        dry_run=dry_run,
        catalogue=catalogue,
    )
