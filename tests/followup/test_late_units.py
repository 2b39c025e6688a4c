"""Late units: on the round page with due date and days late, in the controller's tasks,
and the notification bell in the header (issue 13)."""

from datetime import date, timedelta

from django.urls import reverse
from django.utils import timezone

from styra.followup.models import Notification, ReportState, UnitReport


def late_by(region, days: int) -> date:
    deadline = timezone.localdate() - timedelta(days=days)
    region.round.reporting_deadline = deadline
    region.round.save()
    return deadline


def test_the_round_page_shows_due_date_and_days_late_in_words(client, region):
    late_by(region, 3)
    UnitReport.objects.create(round=region.round, unit=region.hr, state=ReportState.SUBMITTED)
    client.force_login(region.carl)

    html = client.get(reverse("followup:round", args=[region.round.code])).content.decode()

    assert "1 enhet är sen:" in html
    dig_row = html.split("Digitaliseringsavdelningen</a>")[1].split("</tr>")[0]
    hr_row = html.split("HR-avdelningen</a>")[1].split("</tr>")[0]
    assert "Sen, 3 dagar" in dig_row and "row--late" not in hr_row
    assert "Sen," not in hr_row and "Inskickad" in hr_row


def test_nobody_is_late_before_the_deadline(client, region):
    late_by(region, -2)
    client.force_login(region.carl)
    html = client.get(reverse("followup:round", args=[region.round.code])).content.decode()
    assert "är sen" not in html and "Inte sen" in html


def test_the_controller_gets_a_task_per_late_unit_the_reporter_does_not(client, region):
    late_by(region, 1)
    client.force_login(region.carl)
    html = client.get(reverse("followup:my_tasks")).content.decode()
    assert "Följ upp Digitaliseringsavdelningen: sen 1 dag" in html
    assert "Följ upp HR-avdelningen: sen 1 dag" in html

    client.force_login(region.anna)
    html = client.get(reverse("followup:my_tasks")).content.decode()
    assert "Följ upp" not in html and "Rapportera för Digitaliseringsavdelningen" in html


def test_the_bell_counts_unread_notifications_in_words(client, region):
    Notification.objects.create(user=region.anna, text="Påminnelse", link="/")
    Notification.objects.create(user=region.anna, text="Återremiss <b>x</b>", link="/")
    client.force_login(region.anna)
    html = client.get(reverse("web:home")).content.decode()
    assert "2 olästa notiser" in html and reverse("followup:notifications") in html
    client.force_login(region.bertil)
    html = client.get(reverse("web:home")).content.decode()
    assert "Notiser, inga olästa" in html
