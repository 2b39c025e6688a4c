"""Kolada sync on recorded responses: paging, batches of ids, a missing value, the cache,
revised values, no network, and targets judged against riket."""

from decimal import Decimal
from pathlib import Path

import pytest

from styra.cli.main import main
from styra.stats.kolada.client import KoladaClient, KoladaUnavailable
from styra.stats.kolada.recording import OfflineTransport, RecordedTransport
from styra.stats.models import StatValue
from styra.stats.services import stats_config_load
from styra.stats.services.kolada import kolada_sync

HERE = Path(__file__).parent
RECORDED = HERE / "kolada"
REVISED = HERE / "kolada_revised"
PEERS = [f"{i:04d}" for i in range(1, 26) if i != 23]


@pytest.fixture
def kolada(region):
    areas = "\n".join(
        f"  - {{code: r{code}, name: Region {code}, kind: region, kolada: '{code}'}}"
        for code in PEERS
    )
    stats_config_load(
        text=f"""format: styra-stats/1
areas:
{areas}
kolada_units:
  - {{unit: REG, kolada: "0023"}}
series:
  - code: sjuk-kolada
    name: Sjukfrånvaro (Kolada)
    unit: "%"
    dimensions: [kon]
    kolada: N00090
    target: {{kind: relative_comparison, comparison: riket, direction: lower}}
""",
        user=region.controller,
    )
    return region


def test_sync_follows_pages_batches_ids_and_keeps_a_missing_value(kolada):
    transport = RecordedTransport(RECORDED)
    with KoladaClient(transport=transport) as client:
        result = kolada_sync(user=kolada.controller, client=client, years=[2024, 2025])
    # 26 ids in batches of at most 25; the first batch in two pages.
    assert len(transport.requested) == 3
    for url in transport.requested:
        ids = url.split("/municipality/")[1].split("/")[0].split(",")
        assert len(ids) <= 25
    assert transport.requested[1].endswith("&page=2")
    # 26 ids × 2 years × (kvinnor, män, totalt)
    assert result.value_count == 26 * 2 * 3 == StatValue.objects.count()
    reg = StatValue.objects.get(unit=kolada.reg, period_end="2024-12-31", cell__key="")
    assert (reg.value, reg.period_kind) == (Decimal("6.8"), "year")
    riket = StatValue.objects.get(area__code="riket", period_end="2024-12-31", cell__key="")
    assert riket.value == Decimal("6.2")
    missing = StatValue.objects.get(area__code="r0025", period_end="2025-12-31", cell__key="")
    assert (missing.value, missing.missing_reason) == (None, "not_published")


def test_a_second_sync_comes_from_the_cache_and_revised_values_replace(kolada, tmp_path):
    with KoladaClient(transport=RecordedTransport(RECORDED), cache_dir=tmp_path) as client:
        kolada_sync(user=kolada.controller, client=client, years=[2024, 2025])
        assert client.requests == 3
    with KoladaClient(transport=OfflineTransport(), cache_dir=tmp_path) as cached:
        again = kolada_sync(user=kolada.controller, client=cached, years=[2024, 2025])
        assert cached.requests == 0
    assert (again.added, again.changed, again.unchanged) == (0, 0, 156)
    with KoladaClient(transport=RecordedTransport(REVISED)) as client:
        revised = kolada_sync(user=kolada.controller, client=client, years=[2024, 2025])
    assert (revised.changed, revised.unchanged) == (3, 153)  # riket 2024: women, men, total
    value = StatValue.objects.get(area__code="riket", period_end="2024-12-31", cell__key="")
    assert value.value == Decimal("7.1")


def test_without_network_a_clear_swedish_message_and_nothing_changes(kolada, capsys):
    with KoladaClient(transport=OfflineTransport()) as client:
        with pytest.raises(KoladaUnavailable) as failed:
            kolada_sync(user=kolada.controller, client=client, years=[2024, 2025])
    assert str(failed.value).startswith("Kolada kunde inte nås (ConnectError).")
    assert "ingenting har ändrats" in str(failed.value)
    assert not StatValue.objects.exists()


def test_cli_sync_with_recordings_and_offline(kolada, capsys, settings):
    assert (
        main(
            [
                "kolada",
                "sync",
                "--years",
                "2024-2025",
                "--recorded",
                str(RECORDED),
                "--user",
                "carl",
            ]
        )
        == 0
    )
    assert (
        "Hämtat från Kolada: 156 värden för 2024–2025 (3 anrop): 156 nya" in capsys.readouterr().out
    )
    assert main(["kolada", "kpi", "N00090", "--recorded", str(RECORDED)]) == 0
    assert "N00090: Sjukfrånvaro bland anställda, %" in capsys.readouterr().out
    # Nothing listens on port 9 of this machine: the client cannot connect.
    settings.STYRA_KOLADA_URL = "http://127.0.0.1:9/v3"
    settings.STYRA_KOLADA_CACHE_DIR = None
    assert main(["kolada", "sync", "--years", "2024-2025", "--user", "carl"]) == 1
    assert "styra: Kolada kunde inte nås" in capsys.readouterr().err
    assert (
        main(
            ["kolada", "sync", "--years", "2024-2025", "--recorded", str(RECORDED), "--user", "rut"]
        )
        == 1
    )
    assert "Du får inte ändra statistikens inställningar" in capsys.readouterr().err


def test_targets_in_level_with_riket_are_judged_against_riket(kolada, builder):
    """An indicator 'i nivå med eller lägre än riket' linked to the Kolada series: its
    outcome and riket's figure are written together and the status follows them."""
    from datetime import date

    from styra.followup.models import Assessment
    from styra.plans.models import Indicator, Target
    from styra.stats.services.assessments import indicator_values_fill

    with KoladaClient(transport=RecordedTransport(RECORDED)) as client:
        kolada_sync(user=kolada.controller, client=client, years=[2024, 2025])
    plan = builder.plan("reg-2025", kolada.reg, year=2025)
    level = builder.level(plan, "nyckeltal", ["indicator"])
    builder.use_scale(plan, builder.scale())
    item = builder.item(plan, level, "indicator", "N1", title="Sjukfrånvaro jämfört med riket")
    Indicator.objects.create(item=item, unit="%", decimals=1, direction="lower")
    Target.objects.create(
        item=item, kind="relative_comparison", comparison="riket", direction="lower"
    )
    round_ = builder.round(
        plan, code="2025-helar", kind="annual", start=date(2025, 1, 1), end=date(2025, 12, 31)
    )
    admin = builder.user("ada", (kolada.reg, "admin"))
    stats_config_load(
        text="""format: styra-stats/1
indicator_links:
  - {plan: reg-2025, item: N1, series: sjuk-kolada, unit: REG, period: year, lag_months: 12, comparison: riket}
""",
        user=kolada.controller,
    )
    filled = indicator_values_fill(round=round_, user=admin)
    assert [(f.item_code, f.value, f.comparison, f.period) for f in filled] == [
        ("N1", Decimal("6.8"), Decimal("6.2"), "2024")
    ]
    assessment = Assessment.objects.get(round=round_, item=item)
    total = assessment.total_value()
    assert (total.value, total.comparison_value, total.period_label) == (
        Decimal("6.8"),
        Decimal("6.2"),
        "2024",
    )
    assert assessment.status.meaning == "not_fulfilled"  # 6,8 % is higher than riket's 6,2 %
    again = indicator_values_fill(round=round_, user=admin)
    assert not again[0].changed
