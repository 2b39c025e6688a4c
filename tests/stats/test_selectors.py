"""Figures derived from stored values: sums of dimensions, months, units; ratios."""

from datetime import date
from decimal import Decimal

from styra.stats.catalogue import Catalogue
from styra.stats.models import PeriodKind
from styra.stats.periods import Period
from styra.stats.selectors import SeriesData, Subject
from styra.stats.services import stat_values_import

from .conftest import write

PRODUCTION = """serie;enhet;period;kontakttyp;vardform;värde;orsak
lakarbesok;HSN-A;2026-01;fysisk;somatik;100
lakarbesok;HSN-A;2026-01;digital;somatik;20
lakarbesok;HSN-A;2026-02;fysisk;somatik;110
lakarbesok;HSN-A;2026-02;digital;somatik;25
lakarbesok;HSN-B;2026-01;fysisk;psykiatri;40
lakarbesok;HSN-B;2026-02;fysisk;psykiatri;;ej publicerad
vardtillfallen;HSN-A;2026-01;;somatik;50
vardtillfallen;HSN-A;2026-02;;somatik;40
varddagar;HSN-A;2026-01;;somatik;210
varddagar;HSN-A;2026-02;;somatik;150
"""


def _data(region, tmp_path):
    stat_values_import(path=write(tmp_path / "prod.csv", PRODUCTION), user=region.controller)
    catalogue = Catalogue.load()
    series = [catalogue.series[c] for c in ("lakarbesok", "medelvardtid")]
    data = SeriesData.load(
        series,
        unit_ids=[region.hsn.pk],
        start=date(2025, 1, 1),
        end=date(2026, 12, 31),
        day=date(2026, 4, 30),
        catalogue=catalogue,
    )
    return data, catalogue


def test_sums_over_dimensions_months_and_units(region, tmp_path):
    data, catalogue = _data(region, tmp_path)
    visits = catalogue.series["lakarbesok"]
    jan = Period.ending(PeriodKind.MONTH, date(2026, 1, 31))
    feb = Period.ending(PeriodKind.MONTH, date(2026, 2, 28))
    ytd_feb = Period.ending(PeriodKind.YTD, date(2026, 2, 28))
    a, b, hsn = (Subject(unit_id=u.pk) for u in (region.clinic_a, region.clinic_b, region.hsn))

    stored = data.figure(visits, a, {"kontakttyp": "fysisk", "vardform": "somatik"}, jan)
    assert (stored.value, stored.derived) == (Decimal("100"), False)
    # The total over both dimensions is the sum of the cells there are.
    assert data.value(visits, a, {}, jan) == Decimal(120)
    assert data.value(visits, a, {"kontakttyp": "digital"}, feb) == Decimal(25)
    # Year-to-date is the sum of the months.
    assert data.value(visits, a, {}, ytd_feb) == Decimal(255)
    # A missing month makes the year-to-date missing, with its reason.
    figure = data.figure(visits, b, {}, ytd_feb)
    assert figure.value is None
    assert data.figure(visits, b, {}, feb).reason == "not_published"
    # HSN stores nothing: its figure is the sum of its clinics.
    assert data.value(visits, hsn, {}, jan) == Decimal(160)
    assert data.figure(visits, hsn, {}, jan).derived
    # A month nobody reported.
    assert data.figure(visits, hsn, {}, Period.ending("month", date(2026, 3, 31))).value is None


def test_a_ratio_series_is_computed_from_its_parts(region, tmp_path):
    data, catalogue = _data(region, tmp_path)
    stay = catalogue.series["medelvardtid"]
    a = Subject(unit_id=region.clinic_a.pk)
    jan = Period.ending(PeriodKind.MONTH, date(2026, 1, 31))
    assert data.value(stay, a, {}, jan) == Decimal("4.2")
    ytd = Period.ending(PeriodKind.YTD, date(2026, 2, 28))
    assert data.value(stay, a, {}, ytd) == Decimal(360) / Decimal(90)
    b = Subject(unit_id=region.clinic_b.pk)
    assert data.value(stay, b, {}, jan) is None
