"""The consolidated report (issue 12 item 6): the region's texts written from the
boards' own delårsrapporter, on the demo region.

Given the demo's delårsrapport REG-2026-D and the boards' own rounds RS-2026-D
(submitted) and HSN-2026-D (draft), the controller sees their texts side by side, picks
or merges them, and saves the region's text through `section_text_consolidate`.
"""

from __future__ import annotations

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from docx import Document as DocxDocument

from styra.followup.models import ReportState, Round, RoundState, SectionText, UnitReport
from styra.followup.services import RoundLockedError, section_text_consolidate
from styra.formats import limits
from styra.org.models import Unit
from styra.reports.consolidation import merge_texts
from styra.reports.renderers import render
from styra.reports.selectors import consolidation
from styra.reports.services import report_document
from styra.reports.templates import template_for_round

URL = "/rapporter/REG-2026-D/REG/sammanstallning/"


@pytest.fixture
def region(demo):
    users = get_user_model().objects
    return type(
        "Region",
        (),
        {
            "round": Round.objects.select_related("plan").get(code="REG-2026-D"),
            "reg": Unit.objects.get(code="REG"),
            "controller": users.get(username="controller"),
            "reporter": users.get(username="rapportor"),
        },
    )


def save(region, body, *, user=None, key="sammanfattning", version=None):
    return section_text_consolidate(
        round=region.round,
        unit=region.reg,
        key=key,
        title="Sammanfattning",
        body=body,
        user=user or region.controller,
        expected_version=version,
    )


# --- what the controller sees --------------------------------------------------------------


def test_each_board_text_beside_the_regions_section(region, django_assert_max_num_queries):
    template = template_for_round(region.round)
    with django_assert_max_num_queries(8):
        data = consolidation(region.round, region.reg, template)
    sources = {s.code: s for s in data.sources}
    assert list(sources) == ["RS", "HSN", "RUN"]
    assert sources["RS"].round.code == "RS-2026-D"
    assert sources["RS"].state == ReportState.SUBMITTED
    assert sources["HSN"].round.code == "HSN-2026-D"
    assert sources["HSN"].state_label == "Utkast"
    # RUN has no plan and round of its own: it is read in the region's round.
    assert sources["RUN"].round.code == "REG-2026-D"
    summary = data.section("sammanfattning")
    assert [t.source.code for t in summary.texts] == ["RS", "HSN"]
    assert summary.current is not None and "Delårsrapporten omfattar" in summary.current.body
    assert [s.key for s in data.sections][:3] == ["sammanfattning", "handelser", "personal"]


def test_merge_names_each_unit_in_the_chosen_order(region):
    data = consolidation(region.round, region.reg, template_for_round(region.round))
    rs, hsn = data.section("handelser").texts
    merged = merge_texts([hsn, rs])
    assert merged.startswith("Hälso- och sjukvårdsnämnden: Den nya vårdavdelningen")
    assert "\n\nRegionstyrelsen: I juni beslutade" in merged
    assert merge_texts([rs]) == rs.body.strip()  # one text is taken as written


# --- the service ---------------------------------------------------------------------------


def test_controller_saves_with_history(region):
    text = save(region, "Regionens sammanfattning.", version=1)
    assert text.version == 2
    assert text.history.first().history_user == region.controller
    assert text.history.first().body == "Regionens sammanfattning."
    assert SectionText.objects.get(round=region.round, unit=region.reg, key="sammanfattning").body


def test_reporter_of_another_unit_is_refused(region):
    with pytest.raises(PermissionDenied):
        save(region, "Intrång", user=region.reporter)
    assert (
        "Intrång"
        not in SectionText.objects.get(
            round=region.round, unit=region.reg, key="sammanfattning"
        ).body
    )


def test_locked_round_is_refused(region):
    region.round.state = RoundState.LOCKED
    region.round.save()
    with pytest.raises(RoundLockedError):
        save(region, "För sent")


@pytest.mark.parametrize("state", [ReportState.SUBMITTED, ReportState.APPROVED])
def test_submitted_report_is_refused(region, state):
    report = UnitReport.objects.get(round=region.round, unit=region.reg)
    report.state = state
    report.save()
    with pytest.raises(ValidationError):
        save(region, "Efter inskick")


def test_returned_report_may_change_again(region):
    report = UnitReport.objects.get(round=region.round, unit=region.reg)
    report.state = ReportState.RETURNED
    report.save()
    assert save(region, "Rättad text").body == "Rättad text"


def test_hostile_text_is_stored_as_text_without_nul(region):
    text = save(region, "<script>alert(1)</script>\x00 & <b>fet</b>")
    assert text.body == "<script>alert(1)</script> & <b>fet</b>"


def test_too_long_text_is_refused_and_nothing_changes(region):
    before = SectionText.objects.get(round=region.round, unit=region.reg, key="sammanfattning")
    with pytest.raises(ValidationError):
        save(region, "x" * (limits.SECTION_TEXT_MAX_CHARS + 1))
    after = SectionText.objects.get(pk=before.pk)
    assert (after.body, after.version) == (before.body, before.version)


def test_bad_key_is_refused(region):
    with pytest.raises(ValidationError):
        save(region, "x", key="../sammanfattning")


# --- the page, with a logged-in session ----------------------------------------------------


def test_controller_sees_the_texts_side_by_side(client, region):
    client.force_login(region.controller)
    response = client.get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Sammanställ texter" in html
    assert "I juni beslutade regionstyrelsen" in html
    assert "Den nya vårdavdelningen för äldre" in html
    assert "Inskickad" in html and "Utkast" in html


def test_merge_then_save_writes_the_regions_text(client, region):
    client.force_login(region.controller)
    response = client.post(
        URL,
        {"section": "handelser", "action": "merge", "pick": ["RS", "HSN"], "order-RS": "2",
         "order-HSN": "1"},
    )  # fmt: skip
    assert response.status_code == 200
    textarea = response.content.decode().split('id="text-handelser"')[1].split("</textarea>")[0]
    assert textarea.index("Hälso- och sjukvårdsnämnden:") < textarea.index("Regionstyrelsen:")
    html = response.content.decode()
    assert 'id="pick-handelser-RS" checked' in html and 'id="pick-sammanfattning-RS">' in html
    assert 'id="order-handelser-HSN" value="1"' in html
    body = "Hälso- och sjukvårdsnämnden: Ny avdelning.\n\nRegionstyrelsen: Ny lokalmodell."
    response = client.post(URL, {"section": "handelser", "action": "save", "body": body,
                                 "version": "0"})  # fmt: skip
    assert response.status_code == 302
    text = SectionText.objects.get(round=region.round, unit=region.reg, key="handelser")
    assert text.body == body and text.updated_by == region.controller


def test_merge_without_a_choice_says_so(client, region):
    client.force_login(region.controller)
    response = client.post(URL, {"section": "handelser", "action": "merge"})
    assert response.status_code == 400
    assert "Välj minst en text" in response.content.decode()


def test_stale_version_is_a_conflict(client, region):
    client.force_login(region.controller)
    response = client.post(
        URL, {"section": "sammanfattning", "action": "save", "body": "Ny", "version": "0"}
    )
    assert response.status_code == 409
    assert "Någon annan har sparat" in response.content.decode()


def test_hostile_text_is_escaped_on_the_page(client, region):
    save(region, "<script>alert(1)</script>", key="personal")
    client.force_login(region.controller)
    html = client.get(URL).content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_reporter_of_another_unit_gets_the_swedish_403(client, region):
    client.force_login(region.reporter)
    response = client.get(URL)
    assert response.status_code == 403
    assert "Behörighet saknas" in response.content.decode()
    response = client.post(URL, {"section": "sammanfattning", "action": "save", "body": "x"})
    assert response.status_code == 403
    assert (
        SectionText.objects.get(round=region.round, unit=region.reg, key="sammanfattning").body
        != "x"
    )


def test_locked_round_answers_with_a_message_on_the_page(client, region):
    region.round.state = RoundState.LOCKED
    region.round.save()
    client.force_login(region.controller)
    response = client.post(
        URL, {"section": "sammanfattning", "action": "save", "body": "x", "version": "1"}
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Uppföljningstillfället REG-2026-D är fastställt" in html
    assert "Rapportens texter kan inte ändras" in html
    assert 'value="save"' not in html and "readonly" in html


def test_anonymous_is_sent_to_login(client, region):
    assert client.get(URL).status_code == 302


# --- the built report ----------------------------------------------------------------------


def _docx_text(document) -> str:
    docx = DocxDocument(io.BytesIO(render(document, "docx")))
    return "\n".join(p.text for p in docx.paragraphs)


def test_report_prints_the_merged_text_and_the_boards_tables(region):
    data = consolidation(region.round, region.reg, template_for_round(region.round))
    merged = merge_texts(data.section("personal").texts)
    save(region, merged, key="personal")
    text = _docx_text(report_document(round_=region.round, unit=region.reg))
    assert "Regionstyrelsen: Sjukfrånvaron har minskat" in text
    assert "Hälso- och sjukvårdsnämnden: Behovet av inhyrd personal" in text
    document = report_document(round_=region.round, unit=region.reg)
    headings = [(s.heading, s.level) for s in document.sections]
    start = headings.index(("Nämndernas och styrelsens ekonomiska utfall", 2))
    assert headings[start + 1 : start + 5] == [
        ("Regionstyrelsen", 3),
        ("Ekonomiskt utfall", 4),
        ("Hälso- och sjukvårdsnämnden", 3),
        ("Ekonomiskt utfall", 4),
    ]
    pulled = document.sections[start + 2]
    assert (pulled.key, pulled.source_unit) == ("namndernas-ekonomi:RS:ekonomisk-analys", "RS")
    assert any(getattr(block, "rows", None) for block in pulled.blocks)


# --- companies and foundations the region owns ---------------------------------------------


def test_annual_report_shows_the_companies_goals_and_key_figures(demo):
    round_ = Round.objects.select_related("plan").get(code="REG-2025-B")
    document = report_document(round_=round_, unit=Unit.objects.get(code="REG"))
    headings = [(s.heading, s.level) for s in document.sections]
    start = headings.index(("Bolag och stiftelser", 2))
    assert headings[start + 1 : start + 10] == [
        ("Exempel Fastigheter AB", 3),
        ("Ekonomi", 4),
        ("Mål 1.1 Bolaget har en långsiktigt hållbar ekonomi", 4),
        ("Hållbarhet", 4),
        ("Mål 2.1 Fastigheternas energianvändning minskar", 4),
        ("Stiftelsen Exempel kulturarv", 3),
        ("Stiftelsens uppdrag", 4),
        ("Mål 1.1 Kulturarvet görs tillgängligt för fler", 4),
        ("Räkenskaper", 1),
    ]
    text = _docx_text(document)
    docx = DocxDocument(io.BytesIO(render(document, "docx")))
    cells = [c.text for t in docx.tables for row in t.rows for c in row.cells]
    assert "Bolag och stiftelser" in text
    assert "Avkastning på eget kapital" in cells and "4,6\u00a0%" in cells
    assert "Energianvändning per kvadratmeter" in cells
    # Above the target of at most 120 kWh/m², within the plan's tolerance of 10 %.
    energy = next(
        row for t in docx.tables for row in t.rows if "Energianvändning" in row.cells[1].text
    )
    assert [c.text for c in energy.cells][:4] == [
        "► Delvis uppfyllt",
        "Energianvändning per kvadratmeter",
        "126\u00a0kWh/m²",
        "120\u00a0kWh/m²",
    ]
    assert "Andel digitaliserade föremål" in cells


def test_companies_texts_are_offered_on_the_annual_consolidation(demo):
    round_ = Round.objects.select_related("plan").get(code="REG-2025-B")
    data = consolidation(round_, Unit.objects.get(code="REG"), template_for_round(round_))
    sources = {s.code: s for s in data.sources}
    assert sources["REG-FAB"].round.code == "FAB-2025-B"
    assert sources["REG-STK"].type_code == "stiftelse"
    texts = data.section("sammanfattning").texts
    assert [t.source.code for t in texts] == ["REG-FAB", "REG-STK"]


# --- the side-by-side read does not grow with the units and sections ------------------------


def _consolidation_queries(region, template) -> tuple[int, object]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        data = consolidation(region.round, region.reg, template)
    return len(captured.captured_queries), data


def test_queries_do_not_grow_with_units_and_sections(region, django_assert_max_num_queries):
    """Five more boards with their own rounds, reports and texts, and five more text
    sections in the template: the same number of queries as the demo's three boards."""
    import dataclasses

    from styra.reports.templates import SectionSpec
    from tests.builders import Builder

    template = template_for_round(region.round)
    before, data = _consolidation_queries(region, template)
    assert len(data.sources) == 3
    b = Builder()
    extra_keys = [f"extra-{n}" for n in range(5)]
    wider = dataclasses.replace(
        template,
        sections=template.sections
        + tuple(SectionSpec(kind="text", heading=k, key=k, text_key=k) for k in extra_keys),
    )
    for n in range(5):
        board = b.unit(f"NMD{n}", f"Nämnd {n}", parent=region.reg, type_code="namnd")
        plan = b.plan(f"nmd{n}-2026", board)
        own = b.round(
            plan, f"NMD{n}-2026-D", kind=region.round.kind,
            start=region.round.period_start, end=region.round.period_end,
        )  # fmt: skip
        UnitReport.objects.create(round=own, unit=board, state=ReportState.SUBMITTED)
        for key in ["sammanfattning", *extra_keys]:
            SectionText.objects.create(
                round=own, unit=board, key=key, title=key, body=f"Nämnd {n} om {key}."
            )
    with django_assert_max_num_queries(before):
        data = consolidation(region.round, region.reg, wider)
    own_rounds = {s.code: s.round.code for s in data.sources if s.code.startswith("NMD")}
    assert own_rounds == {f"NMD{n}": f"NMD{n}-2026-D" for n in range(5)}
    assert sorted(t.source.code for t in data.section("extra-4").texts) == sorted(own_rounds)
    assert len(data.sections) == len({s.text_key for s in template.sections if s.text_key}) + 5
    after, _data = _consolidation_queries(region, wider)
    assert after == before
