"""Review on one page: every item with value, target, status, suggestion and comment, the
texts, and return with a comment per item that the reporter sees marked (issue 13)."""

from decimal import Decimal

import pytest
from django.urls import reverse

from styra.followup.models import ItemReturnNote, ReportState, UnitReport
from styra.followup.selectors import review_rows
from styra.followup.services import (
    ValueInput,
    assessment_save,
    section_text_save,
    unit_report_submit,
)


def review_url(region, unit=None):
    return reverse("followup:unit_review", args=[region.round.code, (unit or region.dig).code])


def return_url(region, unit=None):
    return reverse(
        "followup:unit_report_action", args=[region.round.code, (unit or region.dig).code, "return"]
    )


@pytest.fixture
def submitted(region):
    assessment_save(
        round=region.round,
        item=region.sick,
        values=[ValueInput(value=Decimal("6.1"), period_label="jan–apr 2026")],
        comment="Högre än målet på grund av <influensa>.",
        user=region.anna,
        expected_version=0,
    )
    section_text_save(
        round=region.round,
        unit=region.dig,
        key="sammanfattning",
        title="Sammanfattning",
        body="Ett bra tertial.",
        user=region.anna,
        expected_version=0,
    )
    unit_report_submit(round=region.round, unit=region.dig, user=region.anna)
    return region


def test_the_reviewer_sees_the_whole_report_on_one_page(client, submitted):
    region = submitted
    client.force_login(region.greta)

    html = client.get(review_url(region)).content.decode()

    row = html.split('id="post-N1"')[1].split("</tr>")[0]
    assert "Sjukfrånvaro" in row and "6,1" in row and "5,5" in row
    assert "&lt;influensa&gt;" in row and "<influensa>" not in row
    assert 'id="post-U1"' in html and "Ej rapporterad" in html
    assert 'id="post-N2"' not in html  # yearly: not due in a tertial round
    assert "Ett bra tertial." in html and "Händelser av väsentlig betydelse" in html
    assert 'name="item-N1"' in html and "Godkänn rapporten" in html


def test_return_with_a_comment_per_item_marks_them_for_the_reporter(client, submitted):
    region = submitted
    client.force_login(region.greta)

    response = client.post(
        return_url(region),
        {
            "reason": "Se kommentarerna",
            "item-N1": "Förklara ökningen <b>tydligare</b>.",
            "item-U1": "  ",
            "from": "review",
        },
    )

    assert response.status_code == 302 and response["Location"] == review_url(region)
    assert UnitReport.objects.get(round=region.round, unit=region.dig).state == (
        ReportState.RETURNED
    )
    (note,) = ItemReturnNote.objects.all()
    assert (note.item, note.created_by, note.resolved_at) == (region.sick, region.greta, None)

    client.force_login(region.anna)
    page = client.get(
        reverse("followup:unit_report", args=[region.round.code, region.dig.code])
    ).content.decode()
    assert "Återremitterad:</strong> Förklara ökningen &lt;b&gt;tydligare&lt;/b&gt;." in page
    item_page = client.get(
        reverse("followup:item_report", args=[region.round.code, "N1"])
    ).content.decode()
    assert "Förklara ökningen" in item_page
    other = client.get(
        reverse("followup:item_report", args=[region.round.code, "U1"])
    ).content.decode()
    assert "Återremitterad:" not in other

    # Submitting again answers the notes: the marks go, the notes stay as a record.
    unit_report_submit(round=region.round, unit=region.dig, user=region.anna)
    note.refresh_from_db()
    assert note.resolved_at is not None
    assert all(r.note is None for r in review_rows(region.round, region.dig))


def test_a_comment_on_another_units_item_is_refused_and_nothing_changes(client, submitted):
    region = submitted
    client.force_login(region.greta)
    response = client.post(
        return_url(region), {"reason": "Se kommentarerna", "item-N3": "Fel enhet"}, follow=True
    )
    assert "N3 hör inte till enhetens rapport." in response.content.decode()
    assert UnitReport.objects.get(round=region.round, unit=region.dig).state == (
        ReportState.SUBMITTED
    )
    assert not ItemReturnNote.objects.exists()


@pytest.mark.parametrize("username", ["anna", "lisa"])
def test_readers_and_reporters_see_the_page_without_review_actions(client, submitted, username):
    client.force_login(getattr(submitted, username))
    html = client.get(review_url(submitted)).content.decode()
    assert "Sjukfrånvaro" in html
    assert 'name="item-N1"' not in html and "Godkänn rapporten" not in html


def test_a_reporter_cannot_return_by_crafting_the_post(client, submitted):
    client.force_login(submitted.anna)
    client.post(return_url(submitted), {"reason": "Själv", "item-N1": "x"})
    assert not ItemReturnNote.objects.exists()
    assert UnitReport.objects.get(round=submitted.round, unit=submitted.dig).state == (
        ReportState.SUBMITTED
    )


def test_another_units_reporter_may_not_see_the_review(client, submitted):
    client.force_login(submitted.bertil)
    assert client.get(review_url(submitted)).status_code == 403


def test_review_rows_run_a_fixed_number_of_queries(submitted, django_assert_max_num_queries):
    with django_assert_max_num_queries(8):
        rows = review_rows(submitted.round, submitted.dig)
        for row in rows:
            (
                str(row.target),
                str(row.total),
                row.item.indicator if row.item.kind == "indicator" else None,
            )
    assert [r.item.code for r in rows] == ["N1", "U1"]
