"""The life cycle of an investment object, from request to follow-up, across years.

requested in an inspel (amounts per plan year) → not granted → requested again the
next year by another unit → granted → decided at object level in the investment plan →
an investment of the year in the follow-up's registers; one object, one history.
"""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from styra.economy.registers.models import Investment, InvestmentStatus
from styra.economy.registers.services import investment_categories_load
from styra.planning import services
from styra.planning.models import InvestmentObject, RequestStatus
from styra.planning.selectors.investments import object_history

TKR = Decimal(1000)


@pytest.fixture
def inspels(world, builder):
    """Two inspel rounds: spring 2021 (for 2022–2024) and spring 2022 (for 2023–2025)."""
    w = world
    w.plan_2021 = builder.plan("vp-2021", w.rs, year=2021)
    w.inspel_2021 = services.inspel_round_create(
        plan=w.plan_2021,
        code="inspel-2022-2024",
        period_start=date(2021, 1, 1),
        period_end=date(2021, 5, 31),
        first_year=2022,
        last_year=2024,
        result_year=2020,
        user=w.controller,
    ).round
    w.inspel_2022 = services.inspel_round_create(
        plan=w.plan,
        code="inspel-2023-2025",
        period_start=date(2022, 1, 1),
        period_end=date(2022, 5, 31),
        first_year=2023,
        last_year=2025,
        result_year=2021,
        user=w.controller,
    ).round
    for rnd in (w.inspel_2021, w.inspel_2022):
        services_round_open(rnd, w.controller)
    w.reporter_b = builder.user("reporter-b", (w.b, "reporter"))
    w.reviewer = builder.user("reviewer", (w.rs, "reviewer"))
    w.builder = builder
    return w


def services_round_open(rnd, user):
    from styra.followup.services import round_open

    round_open(round=rnd, user=user)


def _request(w, round_, unit, user, amounts, **kw):
    return services.investment_request_save(
        round=round_,
        unit=unit,
        object_code=kw.pop("object_code", "scanner"),
        object_name=kw.pop("object_name", "Scanner"),
        amounts={year: Decimal(a) * TKR for year, a in amounts.items()},
        user=user,
        **kw,
    )


def test_one_object_from_request_to_follow_up(inspels):
    w = inspels
    first = _request(
        w,
        w.inspel_2021,
        w.a,
        w.reporter,
        {2022: 350},
        running_cost_effect="Lägre reparationskostnader.",
        follow_on_risk=True,
        follow_on_risk_text="Utan scanner skannas inget internt.",
        consequence="Extern tjänst behövs.",
    )
    assert first.status == RequestStatus.REQUESTED
    services.investment_request_decide(request=first, granted=False, user=w.reviewer)

    second = services.investment_request_renew(
        previous=first,
        round=w.inspel_2022,
        unit=w.b,
        amounts={2023: Decimal(380) * TKR},
        user=w.reporter_b,
    )
    assert second.object_id == first.object_id and second.unit == w.b
    assert second.previous == first
    assert second.consequence == "Extern tjänst behövs."  # carried over unless changed
    services.investment_request_decide(request=second, granted=True, user=w.reviewer)

    w.plan_2023 = w.builder.plan("vp-2023", w.rs, year=2023)
    investment_plan = services.investment_plan_save(
        plan=w.plan_2023, decision="RS § 204", decided_on=date(2022, 11, 10), user=w.controller
    )
    second.refresh_from_db()
    services.investment_decision_save(
        investment_plan=investment_plan,
        object_code="scanner",
        unit=w.b,
        kind="reinvestment",
        amount=Decimal(380) * TKR,
        request=second,
        user=w.controller,
    )
    services.investment_plan_decide(investment_plan=investment_plan, user=w.controller)
    assert not Investment.objects.exists()  # followed up once the year's first round opens
    t1 = w.builder.round(w.plan_2023, code="2023-T1", state="open")
    services.investment_plan_follow_up(investment_plan=investment_plan, round=t1, user=w.controller)
    register = Investment.objects.get(year=2023, code="scanner")
    assert register.budget_year == Decimal(380) * TKR
    assert register.status == InvestmentStatus.GRANTED
    assert register.unit == w.b
    assert register.category.code == "granted_ongoing"  # the category for plan decisions

    history = object_history(InvestmentObject.objects.get(code="scanner"))
    assert [step.kind for step in history.steps] == ["request", "request", "decision", "register"]
    assert [step.year for step in history.steps] == [2022, 2023, 2023, 2023]
    assert history.steps[0].status_label == "Ej beviljad"
    assert history.steps[1].unit_name == "Avdelning B"


def test_a_request_is_written_only_by_the_units_reporters_while_the_inspel_is_open(inspels):
    w = inspels
    with pytest.raises(PermissionDenied):
        _request(w, w.inspel_2021, w.a, w.reporter_b, {2022: 1})
    from styra.followup.services import round_close

    round_close(round=w.inspel_2021, user=w.controller)
    with pytest.raises(ValidationError):
        _request(w, w.inspel_2021, w.a, w.reporter, {2022: 1})
    assert not InvestmentObject.objects.exists()


def test_amounts_must_lie_in_the_plan_period_and_not_be_negative(inspels):
    w = inspels
    with pytest.raises(ValidationError, match="2021"):
        _request(w, w.inspel_2021, w.a, w.reporter, {2021: 1})
    with pytest.raises(ValidationError):
        _request(w, w.inspel_2021, w.a, w.reporter, {2022: -1})


def test_a_decided_request_cannot_change_and_only_not_granted_can_be_renewed(inspels):
    w = inspels
    request = _request(w, w.inspel_2021, w.a, w.reporter, {2022: 350})
    with pytest.raises(ValidationError):
        services.investment_request_renew(
            previous=request, round=w.inspel_2022, unit=w.a, amounts={}, user=w.reporter
        )
    services.investment_request_decide(request=request, granted=True, user=w.reviewer)
    with pytest.raises(ValidationError):
        services.investment_request_decide(request=request, granted=False, user=w.reviewer)
    with pytest.raises(ValidationError):
        _request(w, w.inspel_2021, w.a, w.reporter, {2022: 400})
    with pytest.raises(ValidationError):
        services.investment_request_renew(
            previous=request, round=w.inspel_2022, unit=w.a, amounts={}, user=w.reporter
        )


def test_only_reviewers_decide_requests(inspels):
    w = inspels
    request = _request(w, w.inspel_2021, w.a, w.reporter, {2022: 350})
    with pytest.raises(PermissionDenied):
        services.investment_request_decide(request=request, granted=True, user=w.reporter)


def test_a_decided_investment_plan_is_locked(world, builder, tmp_path):
    w = world
    w.builder = builder
    investment_plan = services.investment_plan_save(plan=w.plan, user=w.controller)
    services.investment_decision_save(
        investment_plan=investment_plan,
        object_code="lastbil",
        object_name="Lastbil",
        unit=w.a,
        amount=Decimal(680) * TKR,
        user=w.controller,
    )
    with pytest.raises(PermissionDenied):
        services.investment_plan_decide(investment_plan=investment_plan, user=w.reporter)
    services.investment_plan_decide(investment_plan=investment_plan, user=w.controller)
    with pytest.raises(ValidationError):
        services.investment_decision_save(
            investment_plan=investment_plan,
            object_code="lastbil",
            unit=w.a,
            amount=Decimal(1),
            user=w.controller,
        )
    # Taken into the follow-up in an open round of the plan's year, by its controllers,
    # in the category the organisation marked for plan decisions.
    categories = tmp_path / "kategorier.yaml"
    categories.write_text(
        "categories:\n  - {code: klara, name: Klara}\n"
        "  - {code: beslutade, name: Beslutade i planen, plan_decisions: true}\n",
        encoding="utf-8",
    )
    investment_categories_load(path=categories, user=builder.user("root", superuser=True))
    t1 = w.builder.round(w.plan, code="2022-T1", state="open")
    with pytest.raises(PermissionDenied):
        services.investment_plan_follow_up(
            investment_plan=investment_plan, round=t1, user=w.reporter
        )
    services.investment_plan_follow_up(investment_plan=investment_plan, round=t1, user=w.controller)
    taken = Investment.objects.get(year=2022, code="lastbil")
    assert (taken.budget_year, taken.category.code) == (Decimal(680) * TKR, "beslutade")
    # Taking it in again changes nothing.
    assert (
        services.investment_plan_follow_up(
            investment_plan=investment_plan, round=t1, user=w.controller
        )
        == []
    )


def test_a_decision_cannot_rest_on_a_request_that_was_not_granted(inspels):
    w = inspels
    request = _request(w, w.inspel_2021, w.a, w.reporter, {2022: 350})
    investment_plan = services.investment_plan_save(plan=w.plan, user=w.controller)
    with pytest.raises(ValidationError):
        services.investment_decision_save(
            investment_plan=investment_plan,
            object_code="scanner",
            unit=w.a,
            amount=Decimal(350) * TKR,
            request=request,
            user=w.controller,
        )


def test_an_objects_history_reads_in_a_fixed_number_of_queries(
    inspels, django_assert_max_num_queries
):
    w = inspels
    first = _request(w, w.inspel_2021, w.a, w.reporter, {2022: 350, 2023: 100})
    services.investment_request_decide(request=first, granted=False, user=w.reviewer)
    services.investment_request_renew(
        previous=first, round=w.inspel_2022, unit=w.b, amounts={2023: Decimal(1)}, user=w.reporter_b
    )
    obj = InvestmentObject.objects.get(code="scanner")
    with django_assert_max_num_queries(5):
        history = object_history(obj)
    assert [s.unit_name for s in history.steps] == ["Avdelning A", "Avdelning B"]
