"""The dashboard (måltavla) over HTTP: permissions as on the follow-up pages, the
summary from followup.summary, drill-down, filters (also hostile ones), Excel export,
trend charts from the report charts' definitions, and a fixed number of queries."""

from __future__ import annotations

import io
import json
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from styra.followup.models import Assessment, AssessmentValue, Round
from styra.followup.summary import round_summary
from styra.plans.models import Indicator, PlanScale, Target


@dataclass
class Board:
    plan: object
    round: Round
    units: dict
    items: dict
    levels: dict


@pytest.fixture
def board(builder) -> Board:
    """Region > RS (the plan's unit) > A, B > B1; items of RS, A, B and B1 in two areas,
    assessed in T1 and (values only) in T0."""
    region = builder.unit("REX", "Region Exempel", type_code="region")
    rs = builder.unit("RS", "Regionstyrelsen", parent=region)
    a = builder.unit("A", "Avdelning A", parent=rs)
    b = builder.unit("B", "Avdelning B", parent=rs)
    b1 = builder.unit("B1", "Enhet B1", parent=b)
    plan = builder.plan("rs-2026", rs)
    scale = builder.scale("nyckeltal")
    PlanScale.objects.create(plan=plan, kind="indicator", scale=scale)
    area_level = builder.level(plan, "omrade", ["area"])
    ind_level = builder.level(plan, "nyckeltal", ["indicator"], parent=area_level)
    areas = {
        "LED": builder.item(plan, area_level, "area", "LED", number="1", title="Ledning"),
        "VARD": builder.item(plan, area_level, "area", "VARD", number="2", title="Vård"),
    }
    owners = {"N1": rs, "N2": a, "N3": b, "N4": b1}
    items = {}
    for n, (code, owner) in enumerate(owners.items(), start=1):
        item = builder.item(
            plan,
            ind_level,
            "indicator",
            code,
            parent=areas["LED" if n <= 2 else "VARD"],
            number=f"{1 if n <= 2 else 2}.{n}",
            title=f"Nyckeltal {code}",
            owner=owner,
        )
        Indicator.objects.create(item=item, unit="%", decimals=1, direction="higher")
        Target.objects.create(item=item, kind="threshold", value=Decimal(50), text="Minst 50 %")
        items[code] = item
    t0 = Round.objects.create(
        plan=plan,
        code="2026-T0",
        name="Tertial 0 2026",
        kind="tertial",
        period_start=date(2026, 1, 1),
        period_end=date(2026, 2, 28),
        state="locked",
    )
    t1 = Round.objects.create(
        plan=plan,
        code="2026-T1",
        name="Tertial 1 2026",
        kind="tertial",
        period_start=date(2026, 1, 1),
        period_end=date(2026, 4, 30),
        state="open",
    )
    levels = {lv.code: lv for lv in scale.levels.all()}
    for code, status, value in (("N1", "helt", 61), ("N2", "delvis", 45), ("N3", "ej", 20)):
        for rnd, v in ((t0, value - 5), (t1, value)):
            assessment = Assessment.objects.create(
                round=rnd, item=items[code], status=levels[status] if rnd == t1 else None
            )
            AssessmentValue.objects.create(assessment=assessment, value=Decimal(v))
    return Board(
        plan=plan,
        round=t1,
        units={"REX": region, "RS": rs, "A": a, "B": b, "B1": b1},
        items=items,
        levels=levels,
    )


def _client(client, builder, name, *roles):
    client.force_login(builder.user(name, *roles))
    return client


URL = "/maltavla/2026-T1/{}/"


def test_plan_unit_dashboard_shows_every_item_with_symbol_and_text(client, builder, board):
    c = _client(client, builder, "lasare", (board.units["RS"], "reader"))
    response = c.get(URL.format("RS"))
    assert response.status_code == 200
    html = response.content.decode()
    for code in ("N1", "N2", "N3", "N4"):
        assert f"Nyckeltal {code}" in html
    levels = board.levels
    # Status as symbol and label together, never colour alone.
    for level in (levels["helt"], levels["delvis"], levels["ej"]):
        assert (
            f'aria-hidden="true">{level.symbol}</span> <span class="status-badge__label">{level.label}'
            in html
        )
    assert "Ej rapporterat" in html  # N4 is due and has no status
    # Drill-down links to the sub-units' dashboards.
    assert 'href="/maltavla/2026-T1/A/"' in html
    assert 'href="/maltavla/2026-T1/B/"' in html
    assert "vega-chart" in html and "/maltavla/2026-T1/RS/diagram/nyckeltal-N1/" in html
    # The same dashboard lets Vega compile its expressions, and nothing inline.
    policy = response.headers["Content-Security-Policy"]
    assert "'unsafe-eval'" in policy
    assert "'unsafe-inline'" not in policy.split("script-src")[1].split(";")[0]


def test_plan_unit_summary_is_the_round_summary(client, builder, board):
    c = _client(client, builder, "lasare", (board.units["RS"], "reader"))
    dash = c.get(URL.format("RS")).context["dash"]
    expected = round_summary(board.round)
    got = [(r.level_code, r.total, r.by_code()) for r in dash.summary.total.rows]
    assert got == [(r.level_code, r.total, r.by_code()) for r in expected.total.rows]
    assert got[0][1] == 4


def test_sub_unit_dashboard_counts_its_subtree_only(client, builder, board):
    c = _client(client, builder, "lasare", (board.units["RS"], "reader"))
    response = c.get(URL.format("B"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Nyckeltal N3" in html and "Nyckeltal N4" in html
    assert "Nyckeltal N1" not in html and "Nyckeltal N2" not in html
    dash = response.context["dash"]
    assert dash.summary.total.rows[0].total == 2
    assert [s.unit.code for s in dash.sub_units] == ["B1"]
    # Breadcrumbs lead back up to the plan's unit.
    assert 'href="/maltavla/2026-T1/RS/"' in html


def test_reader_of_one_unit_gets_403_for_another_units_dashboard(client, builder, board):
    c = _client(client, builder, "anna", (board.units["A"], "reporter"))
    assert c.get(URL.format("A")).status_code == 200
    assert c.get(URL.format("B")).status_code == 403
    assert c.get(URL.format("RS")).status_code == 403
    assert c.get(URL.format("B") + "excel/").status_code == 403
    assert c.get(URL.format("B") + "diagram/nyckeltal-N3/").status_code == 403
    # A's dashboard does not hand out another unit's chart either.
    assert c.get(URL.format("A") + "diagram/nyckeltal-N3/").status_code == 404


def test_dashboard_needs_sign_in_and_a_unit_of_the_plan(client, builder, board):
    response = client.get(URL.format("RS"))
    assert response.status_code == 302 and "/konto/logga-in/" in response["Location"]
    c = _client(client, builder, "chef", (board.units["REX"], "reader"))
    assert c.get(URL.format("REX")).status_code == 404  # above the plan's unit
    assert c.get(URL.format("NOPE")).status_code == 404
    assert c.get("/maltavla/finns-inte/RS/").status_code == 404


def test_filters_by_status_level_and_owner(client, builder, board):
    c = _client(client, builder, "lasare", (board.units["RS"], "reader"))
    delvis = board.levels["delvis"].code
    html = c.get(URL.format("RS"), {"status": delvis}).content.decode()
    assert "Nyckeltal N2" in html and "Nyckeltal N1" not in html
    assert "Visar 1 av 4 poster." in html
    html = c.get(URL.format("RS"), {"agare": "B1"}).content.decode()
    assert "Nyckeltal N4" in html and "Nyckeltal N3" not in html
    html = c.get(URL.format("RS"), {"niva": "nyckeltal", "agare": "A"}).content.decode()
    assert "Visar 1 av 4 poster." in html


@pytest.mark.parametrize(
    "params",
    [
        {"status": "<script>alert(1)</script>"},
        {"niva": "' OR 1=1 --"},
        {"agare": "X" * 5000},
        {"status": "\x00"},
        {"agare": "REX"},  # a real unit, but one that owns nothing here
    ],
)
def test_hostile_filter_values_are_refused_with_400_not_500(client, builder, board, params):
    c = _client(client, builder, "lasare", (board.units["RS"], "reader"))
    response = c.get(URL.format("RS"), params)
    assert response.status_code == 400
    html = response.content.decode()
    if "\x00" in "".join(params.values()):
        assert "<h1>Felaktig adress</h1>" in html  # refused before the view (middleware)
    else:
        assert "Visar 4 av 4 poster." in html  # the unfiltered dashboard
    assert "<script>alert(1)</script>" not in html
    assert c.get(URL.format("RS") + "excel/", params).status_code == 400


def test_htmx_filter_returns_the_content_only(client, builder, board):
    c = _client(client, builder, "lasare", (board.units["RS"], "reader"))
    response = c.get(URL.format("RS"), {"agare": "A"}, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert response.status_code == 200
    assert html.startswith('<div id="maltavla-innehall"')
    assert "<html" not in html and "Nyckeltal N2" in html and "Nyckeltal N1" not in html


def test_excel_export_holds_what_is_shown_and_text_stays_text(client, builder, board):
    item = board.items["N2"]
    item.title = '=HYPERLINK("http://example.com","klicka")'
    item.save()
    c = _client(client, builder, "lasare", (board.units["RS"], "reader"))
    response = c.get(URL.format("RS") + "excel/", {"niva": "nyckeltal", "agare": "A"})
    assert response.status_code == 200
    assert "maltavla-rs-2026-t1.xlsx" in response["Content-Disposition"]
    book = load_workbook(io.BytesIO(response.content))
    sheet = book["Måltavla"]
    rows = [r for r in sheet.iter_rows(min_row=7, values_only=True) if r[0]]
    assert len(rows) == 1
    number, title, _level, area, owner, status, value, unit, *_ = rows[0]
    assert title == item.title and sheet["B7"].data_type == "s" and sheet["B7"].quotePrefix
    assert (area, owner, unit) == ("1 Ledning", "Avdelning A", "%")
    level = board.levels["delvis"]
    assert status == f"{level.symbol} {level.label}"
    assert value == 45
    summary = book["Sammanställning"]
    assert any(row[0] == "Totalt" for row in summary.iter_rows(values_only=True))
    trends = book["Trender"]
    values = list(trends.iter_rows(values_only=True))
    assert ("Tertial 0 2026", 40) in [(r[0], r[1]) for r in values]


def test_trend_chart_is_the_report_line_spec_with_the_target_line(client, builder, board):
    from styra.reports import stat_charts

    c = _client(client, builder, "lasare", (board.units["RS"], "reader"))
    response = c.get(URL.format("RS") + "diagram/nyckeltal-N1/")
    assert response.status_code == 200
    body = json.loads(response.content)
    expected = stat_charts.line_spec(
        [
            {"x": "Tertial 0 2026", "series": "Utfall", "value": Decimal(56)},
            {"x": "Tertial 1 2026", "series": "Utfall", "value": Decimal(61)},
        ],
        title="1.1 Nyckeltal N1",
        value_title="Procent",
        decimals=1,
        target=Decimal(50),
        target_label="Mål 50,0",
    )
    assert body["spec"] == json.loads(json.dumps(expected))
    assert "Tertial 1 2026: Utfall 61,0 %" in body["alt"]
    assert c.get(URL.format("RS") + "diagram/okand/").status_code == 404
    assert c.get(URL.format("RS") + "diagram/nyckeltal-N9/").status_code == 404


def test_index_links_the_dashboards_a_person_may_open(client, builder, board):
    c = _client(client, builder, "anna", (board.units["B"], "reader"))
    html = c.get("/maltavla/").content.decode()
    assert 'href="/maltavla/2026-T1/B/"' in html
    assert 'href="/maltavla/2026-T1/RS/"' not in html
    html = c.get("/").content.decode()
    assert 'href="/maltavla/"' in html  # in the main navigation


def test_dashboard_query_count_does_not_grow_with_plan_or_organisation(
    client, builder, board, django_assert_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    c = _client(client, builder, "lasare", (board.units["RS"], "reader"))
    url = URL.format("RS")
    with CaptureQueriesContext(connection) as before:
        assert c.get(url).status_code == 200
    with CaptureQueriesContext(connection) as chart_before:
        assert c.get(url + "diagram/nyckeltal-N1/").status_code == 200
    area = board.plan.items.get(code="VARD")
    level = board.plan.levels.get(code="nyckeltal")
    for n in range(6):
        unit = builder.unit(f"X{n}", f"Extra {n}", parent=board.units["B"])
        item = builder.item(board.plan, level, "indicator", f"X{n}", parent=area, owner=unit)
        Indicator.objects.create(item=item, unit="%", decimals=1, direction="higher")
        Target.objects.create(item=item, kind="threshold", value=Decimal(5))
        assessment = Assessment.objects.create(
            round=board.round, item=item, status=board.levels["helt"]
        )
        AssessmentValue.objects.create(assessment=assessment, value=Decimal(n))
    with django_assert_num_queries(len(before.captured_queries)):
        assert c.get(url).status_code == 200
    with django_assert_num_queries(len(chart_before.captured_queries)):
        assert c.get(url + "diagram/nyckeltal-N1/").status_code == 200


def _series_names(node):
    """Every 'series' of the data points anywhere in a Vega-Lite spec."""
    if isinstance(node, dict):
        if "series" in node and "value" in node:
            yield node["series"]
        for child in node.values():
            yield from _series_names(child)
    elif isinstance(node, list):
        for child in node:
            yield from _series_names(child)


def test_demo_dashboard_shows_statistics_against_riket(client, demo):
    from django.contrib.auth import get_user_model

    client.force_login(get_user_model().objects.get(username="admin"))
    response = client.get(URL.format("RS"))
    assert response.status_code == 200
    keys = [chart.key for chart in response.context["dash"].charts]
    assert "riket-sjukfranvaro-kolada" in keys  # the region against riket, from Kolada
    # N15 (owned by RS-HR) is read from the sick-leave series: five years, with the target.
    response = client.get(URL.format("RS"), {"agare": "RS-HR"})
    charts = {chart.key: chart for chart in response.context["dash"].charts}
    n15 = charts["nyckeltal-N15"]
    assert len(n15.xs) >= 2 and n15.target is not None
    body = json.loads(client.get(URL.format("RS") + "diagram/nyckeltal-N15/").content)
    layers = body["spec"]["layer"]
    assert any(layer["mark"]["type"] == "rule" for layer in layers)  # the target line
    riket = json.loads(client.get(URL.format("RS") + "diagram/riket-sjukfranvaro-kolada/").content)
    assert {"Region Exempel", "Riket"} <= set(_series_names(riket["spec"]))
    # The drill-down reaches the board's units.
    assert client.get(URL.format("RS-HR")).status_code == 200


def test_a_units_own_statistics_series_show_as_trends_against_their_comparison(
    client, builder, board
):
    """A series the unit has values of but no indicator reads (its staff, its sick leave)
    is a trend on its dashboard, against the area its target compares with; the chart
    endpoint answers for it; a unit without values of it has no such chart."""
    from styra.stats.models import Area, Series, StatCell, StatValue
    from styra.stats.periods import Period

    riket = Area.objects.create(code="riket", name="Riket", kind="nation")
    cell, _ = StatCell.objects.get_or_create(key="")
    staff = Series.objects.create(
        code="anstallda",
        name="Anställda <b>",
        unit="st",
        decimals=0,
        period_kind="year",
        target={"kind": "relative_comparison", "comparison": "riket", "direction": "higher"},
    )
    for year in (2023, 2024, 2025):
        period = Period.ending("year", date(year, 12, 31))
        for subject, value in (({"unit": board.units["A"]}, 40 + year % 10), ({"area": riket}, 9)):
            StatValue.objects.create(
                series=staff,
                cell=cell,
                period_kind="year",
                period_start=period.start,
                period_end=period.end,
                value=Decimal(value),
                **subject,
            )
    c = _client(client, builder, "lasare", (board.units["RS"], "reader"))
    response = c.get(URL.format("A"))
    charts = {chart.key: chart for chart in response.context["dash"].charts}
    trend = charts["statistik-anstallda"]
    assert trend.series == ["Avdelning A", "Riket"]
    assert trend.table()[-1] == ("2025", [Decimal(45), Decimal(9)])
    html = response.content.decode()
    assert "Anställda &lt;b&gt;" in html and "Anställda <b>" not in html
    body = json.loads(c.get(URL.format("A") + "diagram/statistik-anstallda/").content)
    assert {"Avdelning A", "Riket"} <= set(_series_names(body["spec"]))
    # B has no values of it: no chart, and its endpoint is 404.
    response = c.get(URL.format("B"))
    assert "statistik-anstallda" not in [chart.key for chart in response.context["dash"].charts]
    assert c.get(URL.format("B") + "diagram/statistik-anstallda/").status_code == 404
