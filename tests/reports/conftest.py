"""A small region in the shape of the T1 2026 report, made with the builder.

Two goal areas, five indicators (one with a per-kitchen breakdown, one not reported),
three assignments, section texts, one round. The figures are the report's own.
"""

from datetime import date
from decimal import Decimal
from types import SimpleNamespace

import pytest

from styra.followup.models import Assessment, AssessmentValue, Round, SectionText
from styra.plans.models import Indicator, PlanScale, StatusLevel, Target

INDICATORS = [
    # code, area, title, unit, decimals, direction, outcome, target, status, comment
    (
        "N01",
        "LED",
        "Skuldsättningstak (RJH totalt)",
        "%",
        0,
        "lower",
        "14",
        "16",
        "helt",
        "Enligt helårsprognos för skatter och generella bidrag.",
    ),
    (
        "N02",
        "LED",
        "Leverantörstrohet (RJH totalt)",
        "%",
        0,
        "higher",
        "86",
        "95",
        "ej",
        "Ingen kategori når målet.",
    ),
    (
        "N03",
        "LED",
        "Bruttokostnadsutveckling (RJH totalt)",
        "%",
        1,
        "lower",
        "2.6",
        "-0.6",
        "ej",
        "",
    ),
    ("N04", "LED", "Andel ekologiska livsmedel", "%", 0, "higher", "38", "30", "helt", ""),
    (
        "N05",
        "STD",
        "Andel HVO av tankat bränsle",
        "%",
        0,
        "higher",
        None,
        "50",
        "ejrapp",
        "Mäts på helår.",
    ),
]
KITCHENS = [("Kök A", "41"), ("Kök B", "35"), ("Kök C", "29"), ("Kök D", "44")]
ASSIGNMENTS = [
    ("U01", "LED", "Effektiva verksamhetsförändringar", "gron", "Arbetet pågår enligt plan."),
    ("U02", "STD", "Utveckla digitala tjänster", "gron", "Klart."),
    ("U03", "STD", "Samordna beredskapsplaner", "gul", "Viss försening."),
]


@pytest.fixture
def report_region(builder):
    rs = builder.unit("RS", "Regionstyrelsen", type_code="styrelse")
    dig = builder.unit("RS-DIG", "Digitalisering och service", parent=rs)
    plan = builder.plan("rs-2026", rs)
    indicator_scale = builder.scale("nyckeltal-2026")
    assignment_scale = builder.scale(
        "uppdrag-2026",
        levels=[
            ("gron", "Pågående enligt plan", "#2e7d32", "●", "fulfilled"),
            ("gul", "Delvis, viss försening", "#f9a825", "◐", "partly"),
            ("rod", "Ej enligt plan", "#c62828", "○", "not_fulfilled"),
        ],
    )
    StatusLevel.objects.filter(scale=assignment_scale, code="gron").update(
        definition="Uppdraget är klart eller följer planen för året."
    )
    PlanScale.objects.create(plan=plan, kind="indicator", scale=indicator_scale)
    PlanScale.objects.create(plan=plan, kind="assignment", scale=assignment_scale)
    area_level = builder.level(plan, "malomrade", ["area"])
    item_level = builder.level(plan, "post", ["indicator", "assignment"], parent=area_level)
    areas = {
        "LED": builder.item(
            plan,
            area_level,
            "area",
            "LED",
            title="Ledningsprocesser",
            subtitle="Ledning, styrning och uppföljning av beslut och verksamhet.",
        ),
        "STD": builder.item(
            plan,
            area_level,
            "area",
            "STD",
            title="Stödprocesser",
            subtitle="Ändamålsenligt stöd till kärnverksamheten.",
        ),
    }
    round_ = Round.objects.create(
        plan=plan,
        code="2026-T1",
        name="Tertial 1 2026",
        kind="tertial",
        period_start=date(2026, 1, 1),
        period_end=date(2026, 4, 30),
        state="open",
    )
    ind_levels = {lv.code: lv for lv in indicator_scale.levels.all()}
    asg_levels = {lv.code: lv for lv in assignment_scale.levels.all()}
    items = {}
    for code, area, title, unit, dec, direction, outcome, target, status, comment in INDICATORS:
        item = builder.item(
            plan,
            item_level,
            "indicator",
            code,
            parent=areas[area],
            title=title,
            owner=dig if code == "N04" else rs,
        )
        Indicator.objects.create(item=item, unit=unit, decimals=dec, direction=direction)
        Target.objects.create(
            item=item, kind="threshold", value=Decimal(target), direction=direction, year=2026
        )
        assessment = Assessment.objects.create(
            round=round_, item=item, status=ind_levels[status], comment=comment
        )
        AssessmentValue.objects.create(
            assessment=assessment,
            value=Decimal(outcome) if outcome else None,
            missing_reason="" if outcome else "year_end",
        )
        if code == "N04":
            for order, (member, value) in enumerate(KITCHENS, start=1):
                AssessmentValue.objects.create(
                    assessment=assessment,
                    dimension="subunit",
                    member=member,
                    value=Decimal(value),
                    order=order,
                )
        items[code] = item
    for code, area, title, status, comment in ASSIGNMENTS:
        item = builder.item(
            plan, item_level, "assignment", code, parent=areas[area], title=title, owner=rs
        )
        Assessment.objects.create(
            round=round_, item=item, status=asg_levels[status], comment=comment
        )
        items[code] = item
    texts = {
        "sammanfattning": (
            "Sammanfattning",
            "Tertialet präglades av omställning.\n\nTotalt har Regionstyrelsen 3 uppdrag "
            "och 5 kortsiktiga nyckeltal att redovisa.",
        ),
        "handelser": (
            "Händelser av väsentlig betydelse",
            "- Ny funktion för stöd\n- NIS2 trädde i kraft",
        ),
        "omrade-led": ("Kommentar", "Av de finansiella nyckeltalen nås skuldsättningstaket."),
        "personal": ("Väsentliga personalförhållanden", "Sjukfrånvaron minskade något."),
    }
    for key, (title, body) in texts.items():
        SectionText.objects.create(round=round_, unit=rs, key=key, title=title, body=body)
    return SimpleNamespace(rs=rs, dig=dig, plan=plan, round=round_, items=items, areas=areas)


# --- the whole demo region, as `styra demo` loads it ---


@pytest.fixture
def demo_full(demo):
    """The demo with its ledger and registers: the shared `demo` fixture loads them all."""
    return demo
