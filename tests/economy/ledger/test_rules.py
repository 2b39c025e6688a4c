"""Who may write the ledger, and the periods that locked rounds have closed."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from styra.economy.ledger.mapping import MAPPINGS_DIR
from styra.economy.ledger.models import LedgerFact, LedgerImport
from styra.economy.ledger.services import (
    FactRow,
    LedgerImportError,
    ledger_facts_replace,
    row_set_load,
)
from styra.followup.models import Round, RoundState
from styra.orgadmin import services as org_services
from tests.builders import system_admin

D = Decimal


@pytest.fixture
def org(builder, t1_rows):
    """REG (top) → RS → RS-A with cost centre 100, and REG → HSN with cost centre 200; a
    plan of RS with round 2026-T1."""
    reg = builder.unit("REG", "Region")
    rs = builder.unit("RS", "Regionstyrelsen", parent=reg)
    a = builder.unit("RS-A", "Avdelning A", parent=rs)
    hsn = builder.unit("HSN", "Hälso- och sjukvårdsnämnden", parent=reg)
    start = date(2020, 1, 1)
    org_services.cost_centre_create(
        code="100", name="Kst", unit=a, valid_from=start, user=system_admin()
    )
    org_services.cost_centre_create(
        code="200", name="Kst", unit=hsn, valid_from=start, user=system_admin()
    )
    plan = builder.plan("rs-2026", rs)
    t1 = builder.round(plan, "2026-T1", end=date(2026, 4, 30))
    return reg, rs, a, hsn, t1


def rows(*entries, centre="100"):
    """(account, "YYYY-MM", kind, amount) for cost centre `centre`."""
    return [
        FactRow(centre, account, date(int(m[:4]), int(m[5:]), 1), kind, D(amount))
        for account, m, kind, amount in entries
    ]


def replace(user, year=2026, facts=(), source="huvudbok", dry_run=False):
    return ledger_facts_replace(
        source=source,
        file_name="huvudbok.csv",
        kind="csv",
        fiscal_year=year,
        rows=list(facts),
        user=user,
        dry_run=dry_run,
    )


def amounts():
    return sorted(
        (f.account, f.month.strftime("%Y-%m"), f.kind, f.amount) for f in LedgerFact.objects.all()
    )


# --- who ------------------------------------------------------------------------------


def test_controllers_import_for_the_units_they_manage(builder, org):
    reg, rs, a, hsn, _t1 = org
    facts = rows(("5010", "2026-01", "outcome", "-10"))
    for user in (builder.user("rasmus", (a, "reporter")), builder.user("greta", (reg, "reviewer"))):
        with pytest.raises(PermissionDenied, match="Endast controller eller administratör"):
            replace(user, facts=facts)
    hanna = builder.user("hanna", (hsn, "controller"))
    with pytest.raises(PermissionDenied, match="kostnadsställe 100 hör till RS-A"):
        replace(hanna, facts=facts)
    assert not LedgerFact.objects.exists()

    replace(builder.user("rs-controller", (rs, "controller")), facts=facts)
    assert LedgerImport.objects.get().imported_by.username == "rs-controller"
    replace(builder.user("cecilia", (reg, "controller")), facts=facts)
    replace(builder.user("adam", (reg, "admin")), facts=facts)
    replace(hanna, facts=rows(("5010", "2026-01", "outcome", "-20"), centre="200"), source="hsn")

    # Replacing a source also replaces its other units' amounts: that needs them too.
    with pytest.raises(PermissionDenied, match="kostnadsställe 100 hör till RS-A"):
        replace(hanna, facts=rows(("5010", "2026-01", "outcome", "-20"), centre="200"))
    assert LedgerFact.objects.filter(cost_centre__code="100").exists()


def test_a_dry_run_needs_no_user_and_writes_nothing(org):
    report = replace(None, facts=rows(("5010", "2026-01", "outcome", "-10")), dry_run=True)
    assert report.fact_count == 1 and not LedgerFact.objects.exists()
    with pytest.raises(PermissionDenied):
        replace(None, facts=rows(("5010", "2026-01", "outcome", "-10")))


def test_loading_a_row_set_is_the_whole_organisations_controllers(builder, org):
    reg, rs, a, _hsn, _t1 = org
    for user in (
        builder.user("rasmus", (a, "reporter")),
        builder.user("rs-controller", (rs, "controller")),
    ):
        with pytest.raises(PermissionDenied, match="hela organisationen"):
            row_set_load(path=MAPPINGS_DIR / "kommun-bas.yaml", user=user)
    row_set = row_set_load(
        path=MAPPINGS_DIR / "kommun-bas.yaml", user=builder.user("cecilia", (reg, "controller"))
    )
    assert row_set.code == "kommun-bas"


# --- when: a locked round's figures do not change ----------------------------------------

BASE = (
    ("5010", "2026-01", "outcome", "-100"),
    ("5010", "2026-03", "outcome", "-300"),
    ("5010", "2026-06", "budget", "-1200"),
)


@pytest.fixture
def locked(org, ledger_admin):
    *_, t1 = org
    replace(ledger_admin, facts=rows(*BASE))
    replace(ledger_admin, year=2025, facts=rows(("5010", "2025-02", "outcome", "-50")))
    Round.objects.filter(pk=t1.pk).update(state=RoundState.LOCKED)
    return amounts()


def test_the_same_file_again_and_later_months_go_through(ledger_admin, locked):
    replace(ledger_admin, facts=rows(*BASE))
    replace(ledger_admin, facts=rows(*BASE, ("5010", "2026-05", "outcome", "-500")))
    assert ("5010", "2026-05", "outcome", D("-500.00")) in amounts()
    replace(ledger_admin, year=2027, facts=rows(("5010", "2027-01", "outcome", "-1")))


@pytest.mark.parametrize(
    "change, first",
    [
        pytest.param(("5010", "2026-03", "outcome", "-301"), "2026-03 (utfall)", id="outcome"),
        pytest.param(("5010", "2026-04", "outcome", "-1"), "2026-04 (utfall)", id="new-in-period"),
        pytest.param(("5010", "2026-06", "budget", "-1300"), "2026-06 (budget)", id="budget"),
    ],
)
def test_a_change_in_the_locked_period_is_refused_naming_the_round(
    ledger_admin, locked, change, first
):
    facts = [row for row in BASE if row[1:3] != change[1:3]] + [change]
    with pytest.raises(LedgerImportError) as refused:
        replace(ledger_admin, facts=rows(*facts))
    message = str(refused.value)
    assert "fastställt: 2026-T1" in message
    assert "utfallet januari–april 2026 och årets budget och prognos" in message
    assert f"kostnadsställe 100, konto 5010, {first}" in message
    assert "Inget importerades" in message
    assert amounts() == locked


def test_another_source_for_the_locked_period_is_refused_too(ledger_admin, locked):
    with pytest.raises(LedgerImportError, match="2026-T1"):
        replace(ledger_admin, facts=rows(*BASE), source="en kopia")
    assert amounts() == locked


def test_the_years_before_a_locked_round_are_closed(ledger_admin, locked):
    replace(ledger_admin, year=2025, facts=rows(("5010", "2025-02", "outcome", "-50")))
    with pytest.raises(LedgerImportError, match="hela 2025 \\(fastställt: 2026-T1\\)"):
        replace(ledger_admin, year=2025, facts=rows(("5010", "2025-11", "outcome", "-7")))
    assert amounts() == locked


def test_a_dry_run_reports_the_refusal(locked):
    with pytest.raises(LedgerImportError, match="2026-T1"):
        replace(None, facts=rows(("5010", "2026-02", "outcome", "-1")), dry_run=True)
