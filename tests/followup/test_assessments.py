"""assessment_save: suggested status, override needs a comment, optimistic locking."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from styra.followup.models import Assessment, ReportState, UnitReport
from styra.followup.services import ConflictError, ValueInput, assessment_save


def save(region, user=None, **kw):
    kw.setdefault("values", [ValueInput(value=Decimal("5.7"))])
    return assessment_save(round=region.round, item=region.sick, user=user or region.anna, **kw)


def test_value_within_tolerance_suggests_partly_and_moves_report_to_draft(region):
    assessment = save(region, comment="Ökning under vintern.")

    assert assessment.status_suggested.code == "delvis"
    assert assessment.status.code == "delvis"
    assert assessment.status_overridden is False
    assert assessment.version == 1
    assert assessment.values.get().value == Decimal("5.7")
    report = UnitReport.objects.get(round=region.round, unit=region.dig)
    assert report.state == ReportState.DRAFT


def test_met_target_suggests_fulfilled(region):
    assert save(region, values=[ValueInput(value=Decimal("5.2"))]).status.code == "helt"


def test_override_without_comment_is_refused_naming_the_comment_field(region):
    with pytest.raises(ValidationError) as exc:
        save(region, status_code="helt", comment="  ")

    assert "comment" in exc.value.message_dict
    assert not Assessment.objects.exists()


def test_override_with_comment_is_kept_and_marked(region):
    assessment = save(region, status_code="helt", comment="Tillfällig topp, trenden är nedåt.")

    assert assessment.status.code == "helt"
    assert assessment.status_suggested.code == "delvis"
    assert assessment.status_overridden is True


def test_unknown_status_code_names_the_status_field(region):
    with pytest.raises(ValidationError) as exc:
        save(region, status_code="lila", comment="x")
    assert "status_code" in exc.value.message_dict


def test_assignment_without_target_takes_the_chosen_status(region):
    assessment = assessment_save(
        round=region.round,
        item=region.task,
        user=region.anna,
        values=[],
        status_code="delvis",
        comment="Pågår enligt plan.",
        completed=False,
    )
    assert assessment.status.code == "delvis"
    assert assessment.status_suggested is None
    assert assessment.status_overridden is False


def test_stale_version_raises_conflict_with_the_other_persons_text_and_writes_nothing(region):
    save(region, comment="Annas text", expected_version=0)

    with pytest.raises(ConflictError) as exc:
        save(region, user=region.anna, comment="Min text", expected_version=0)

    conflict = exc.value
    assert conflict.comment == "Annas text"
    assert conflict.current_version == 1
    assert conflict.updated_by == "Anna"
    assert conflict.values == [("", "", Decimal("5.7"), "")]
    assessment = Assessment.objects.get()
    assert (assessment.comment, assessment.version) == ("Annas text", 1)


def test_matching_version_increments(region):
    save(region, comment="v1", expected_version=0)
    assessment = save(region, comment="v2", expected_version=1)
    assert (assessment.version, assessment.comment) == (2, "v2")


def test_breakdown_rows_are_stored_and_removed_when_left_out(region):
    save(
        region,
        values=[
            ValueInput(value=Decimal("5.7"), period_label="jan–mar 2026"),
            ValueInput(value=Decimal("6.1"), dimension="sex", member="kvinnor"),
            ValueInput(value=Decimal("4.0"), dimension="sex", member="män"),
        ],
    )
    assessment = save(
        region,
        values=[
            ValueInput(value=Decimal("5.7"), period_label="jan–mar 2026"),
            ValueInput(value=Decimal("6.2"), dimension="sex", member="kvinnor"),
        ],
    )

    cells = {(v.member, v.value) for v in assessment.values.all()}
    assert cells == {("", Decimal("5.7")), ("kvinnor", Decimal("6.2"))}


def test_missing_value_with_year_end_reason_suggests_year_end_when_the_scale_has_it(region):
    from styra.plans.models import StatusLevel

    StatusLevel.objects.create(
        scale=region.scale,
        code="helar",
        label="Mäts på helår",
        colour="#ffffff",
        symbol="□",
        meaning="year_end",
        order=9,
    )
    assessment = save(region, values=[ValueInput(missing_reason="year_end")])
    assert assessment.status.code == "helar"


def test_value_and_missing_reason_together_are_refused(region):
    with pytest.raises(ValidationError):
        save(region, values=[ValueInput(value=Decimal(1), missing_reason="no_data")])


def test_reporter_of_another_unit_is_refused(region):
    with pytest.raises(PermissionDenied):
        save(region, user=region.bertil)
    assert not Assessment.objects.exists()


def test_reader_and_reviewer_cannot_report(region):
    for user in (region.lisa, region.greta):
        with pytest.raises(PermissionDenied):
            save(region, user=user)


def test_superuser_may_report(region):
    assert save(region, user=region.admin).updated_by == region.admin


def test_planned_round_is_not_open_for_reporting(region):
    region.round.state = "planned"
    region.round.save()
    with pytest.raises(ValidationError):
        save(region)
