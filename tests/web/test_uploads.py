"""Uploads in the browser (issue 13): plan files, statistics, registers and assessments.

Each kind is checked (a dry run that shows what would change and saves nothing) or
imported as a background job, through the same service as the command line, as the
person who uploaded it. A broken file fails the job with a Swedish message naming file,
line and column, and changes nothing; so does another unit's data or a locked round.
"""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile

from styra.economy.registers.models import Forecast
from styra.followup.models import Assessment, RoundState
from styra.formats import limits
from styra.jobs.models import Job, JobStatus
from styra.jobs.worker import run_worker
from styra.plans.models import Plan, PlanItem
from styra.stats.config import STANDARD_CONFIG
from styra.stats.models import StatImport, StatValue
from styra.stats.services import stats_config_load
from tests.followup.scenario import build_region
from tests.planfile.conftest import PLAN_YAML

# The worker commits as it goes, as in production: these tests run outside a transaction.
pytestmark = pytest.mark.django_db(transaction=True)

PLAN_URL = "/las-in/plan/"
STATS_URL = "/las-in/statistik/"
REGISTERS_URL = "/las-in/register/"
ASSESSMENTS_URL = "/las-in/bedomningar/"


@pytest.fixture(autouse=True)
def _storage(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def log_in(client, username: str) -> None:
    client.force_login(get_user_model().objects.get(username=username))


def upload(client, url: str, name: str, content: bytes | str, **fields):
    if isinstance(content, str):
        content = content.encode("utf-8")
    return client.post(url, {**fields, "file": SimpleUploadedFile(name, content)})


def run_job(client, response) -> tuple[Job, str]:
    """The job the upload queued, after the worker ran it, and its page."""
    assert response.status_code == 302, response.content.decode()[:2000]
    location = response["Location"]
    job = Job.objects.get(pk=int(location.strip("/").split("/")[1]))
    run_worker(batch=True, interval=0)
    job.refresh_from_db()
    page = client.get(location)
    assert page.status_code == 200
    return job, page.content.decode()


# Plan files ---------------------------------------------------------------------------------


@pytest.fixture
def plan_region(builder):
    rs = builder.unit("RS", "Regionstyrelsen")
    eko = builder.unit("RS-EKO", "Ekonomiavdelningen", parent=rs)
    builder.unit("RUN", "Regionala utvecklingsnämnden")
    builder.user("cecilia", (rs, "controller"))
    builder.user("eva", (eko, "controller"))
    builder.user("rapportor", (eko, "reporter"))
    return rs


def test_the_controller_previews_a_plan_file_then_imports_it(client, plan_region):
    log_in(client, "cecilia")
    assert "Läs in planfil" in client.get(PLAN_URL).content.decode()

    job, page = run_job(client, upload(client, PLAN_URL, "plan.yaml", PLAN_YAML, dry_run="on"))

    assert job.status == JobStatus.SUCCEEDED, job.error
    assert job.requested_by.username == "cecilia" and job.params["dry_run"] is True
    assert (
        "Provkörning, inget sparades: plan.yaml: 4 nya, 0 ändrade och 0 borttagna poster i 1 plan(er)."
        in page
    )
    assert "Plan test-2026 (ny): 4 nya, 0 ändrade, 0 borttagna poster." in page
    assert not Plan.objects.exists()

    job, page = run_job(client, upload(client, PLAN_URL, "plan.yaml", PLAN_YAML))

    assert job.status == JobStatus.SUCCEEDED, job.error
    assert "Provkörning" not in page and "Plan test-2026 (ny)" in page
    item = PlanItem.objects.get(code="N01")
    assert item.history.latest().history_user.username == "cecilia"
    # The upload page lists what the user read in, and who.
    index = client.get("/las-in/").content.decode()
    assert "Import av plan.yaml (planfil)" in index and "Kontroll av plan.yaml" in index

    # Read again, the same file changes no item's content: every item is matched by code.
    job, page = run_job(client, upload(client, PLAN_URL, "plan.yaml", PLAN_YAML, dry_run="on"))
    assert "Plan test-2026 (finns): 0 nya" in page


def test_a_passed_check_is_imported_with_one_click_by_whoever_asked(client, plan_region):
    log_in(client, "cecilia")
    check, page = run_job(client, upload(client, PLAN_URL, "plan.yaml", PLAN_YAML, dry_run="on"))
    confirm = f"/las-in/jobb/{check.pk}/las-in/"
    assert "Läs in filen" in page and confirm in page

    other = client.__class__()
    other.force_login(get_user_model().objects.get(username="eva"))
    assert other.post(confirm).status_code == 404  # someone else's check
    assert not Plan.objects.exists()

    job, page = run_job(client, client.post(confirm))
    assert job.status == JobStatus.SUCCEEDED, job.error
    assert job.label == "Import av plan.yaml (planfil)" and job.params["dry_run"] is False
    assert job.params["file"] == check.params["file"]  # the same stored bytes
    assert Plan.objects.filter(code="test-2026").exists()
    assert "Läs in filen" not in page
    assert client.post(f"/las-in/jobb/{job.pk}/las-in/").status_code == 404  # not a check


def test_a_failed_check_offers_no_import(client, plan_region):
    log_in(client, "cecilia")
    broken = PLAN_YAML.replace("    value: 15\n", "    value: femton\n")
    check, page = run_job(client, upload(client, PLAN_URL, "plan.yaml", broken, dry_run="on"))
    assert check.status == JobStatus.FAILED and "Läs in filen" not in page
    assert client.post(f"/las-in/jobb/{check.pk}/las-in/").status_code == 404
    assert Job.objects.filter(kind="plan_upload").count() == 1


@pytest.mark.parametrize(
    "name, content, expected",
    [
        (
            "trasig.yaml",
            "format: styra-plan/1\nplan: [code: x\n",
            "trasig.yaml, rad 3: YAML-syntaxfel",
        ),
        (
            "falt.yaml",
            PLAN_YAML.replace("    value: 15\n", "    value: femton\n"),
            "falt.yaml:11: plan.tolerance.value",
        ),
        (
            "latin1.yaml",
            PLAN_YAML.encode("latin-1", errors="replace"),
            "latin1.yaml: filen är inte kodad i UTF-8",
        ),
    ],
)
def test_a_broken_plan_file_fails_naming_file_and_line(
    client, plan_region, name, content, expected
):
    log_in(client, "cecilia")
    job, page = run_job(client, upload(client, PLAN_URL, name, content))
    assert job.status == JobStatus.FAILED
    assert "Filen har fel och ingenting lästes in" in job.error and expected in job.error
    assert expected in page
    assert not Plan.objects.exists()


def test_an_oversized_or_misnamed_plan_file_is_refused_before_any_job(
    client, plan_region, monkeypatch
):
    log_in(client, "cecilia")
    monkeypatch.setattr(limits, "YAML_MAX_FILE_BYTES", 1000)
    response = upload(client, PLAN_URL, "stor.yaml", PLAN_YAML)
    assert response.status_code == 400
    assert "stor.yaml är för stor" in response.content.decode()
    response = upload(client, PLAN_URL, "<script>.exe", "MZ")
    assert response.status_code == 400
    html = response.content.decode()
    assert "har inte en filändelse för formatet" in html and "<script>.exe" not in html
    assert not Job.objects.exists()


def test_a_department_controller_may_not_import_the_boards_plan(client, plan_region):
    log_in(client, "eva")
    job, page = run_job(client, upload(client, PLAN_URL, "plan.yaml", PLAN_YAML))
    assert job.status == JobStatus.FAILED and "RS" in job.error
    assert not Plan.objects.exists()


def test_a_reporter_gets_a_swedish_403_for_plans_and_statistics(client, plan_region):
    log_in(client, "rapportor")
    for url in (PLAN_URL, STATS_URL):
        assert client.get(url).status_code == 403
        response = upload(client, url, "plan.yaml", PLAN_YAML)
        assert response.status_code == 403
        assert "Endast controller eller administratör" in response.content.decode()
    assert not Job.objects.exists()
    index = client.get("/las-in/").content.decode()
    assert PLAN_URL not in index and REGISTERS_URL in index and ASSESSMENTS_URL in index


# Statistics -----------------------------------------------------------------------------------

SICK_LEAVE = """serie;enhet;period;periodtyp;intervall;kon;värde;orsak
sjukfranvaro;RS-HR;2026-03;ack;dag 1-14;kvinnor;2,4;
sjukfranvaro;RS-HR;2026-03;ack;dag 1-14;män;1,9;
sjukfranvaro;RS-HR;2026-03;ack;;;5,7;
"""


@pytest.fixture
def stats_region(builder):
    reg = builder.unit("REG", "Region Test", type_code="region")
    rs = builder.unit("RS", "Regionstyrelsen", parent=reg)
    hr = builder.unit("RS-HR", "HR-avdelningen", parent=rs)
    builder.unit("RS-DIG", "Digitalisering och service", parent=rs)
    controller = builder.user("carl", (reg, "controller"))
    builder.user("hanna", (hr, "controller"))
    stats_config_load(path=STANDARD_CONFIG, user=controller)
    return reg


def test_the_controller_previews_statistics_then_imports_them(client, stats_region):
    log_in(client, "carl")
    job, page = run_job(client, upload(client, STATS_URL, "sjuk.csv", SICK_LEAVE, dry_run="on"))
    assert job.status == JobStatus.SUCCEEDED, job.error
    assert "Provkörning, inget sparades: sjuk.csv, 3 värden: 3 nya" in page
    assert not StatValue.objects.exists()

    run_job(client, upload(client, STATS_URL, "sjuk.csv", SICK_LEAVE))
    assert StatValue.objects.count() == 3
    assert StatImport.objects.get().imported_by.username == "carl"

    edited = SICK_LEAVE.replace(";kvinnor;2,4;", ";kvinnor;2,5;")
    job, page = run_job(client, upload(client, STATS_URL, "sjuk2.csv", edited, dry_run="on"))
    assert "1 ändrade" in page and "rad 2:" in page and "2,4 → 2,5" in page


@pytest.mark.parametrize(
    "name, content, expected",
    [
        (
            "kolumn.csv",
            SICK_LEAVE.replace(";värde;", ";belopp;"),
            "kolumn.csv, rad 1, kolumn varde",
        ),
        ("tal.csv", SICK_LEAVE.replace(";män;1,9;", ";män;nio;"), "tal.csv, rad 3, kolumn"),
        (
            "kodning.csv",
            SICK_LEAVE.encode("utf-8") + b"\x81\x8d\n",
            "kodning.csv, rad 5: filen är varken UTF-8",
        ),
    ],
)
def test_a_broken_statistics_file_fails_naming_file_line_and_column(
    client, stats_region, name, content, expected
):
    log_in(client, "carl")
    job, page = run_job(client, upload(client, STATS_URL, name, content))
    assert job.status == JobStatus.FAILED
    assert expected in job.error and expected in page
    assert not StatValue.objects.exists()


def test_statistics_of_another_unit_are_refused(client, stats_region):
    log_in(client, "hanna")  # controller of RS-HR
    other = SICK_LEAVE.replace("RS-HR", "RS-DIG")
    job, _page = run_job(client, upload(client, STATS_URL, "dig.csv", other))
    assert job.status == JobStatus.FAILED and "RS-DIG" in job.error
    assert not StatValue.objects.exists()


def test_a_wide_statistics_file_is_read_through_an_uploaded_mapping(client, stats_region):
    log_in(client, "carl")
    wide = "Enhet;Kön;Dag 1-14;Dag 15-59;Dag 60-\nRS-HR;Kvinnor;2,4;1,1;2,6\n"
    mapping = (
        "format: styra-stats-mapping/1\n"
        "fixed: {serie: sjukfranvaro, periodtyp: ack, period: 2026-03}\n"
        "wide:\n"
        "  into: intervall\n"
        '  columns: {"Dag 1-14": "1-14", "Dag 15-59": "15-59", "Dag 60-": "60-"}\n'
    )
    response = client.post(
        STATS_URL,
        {
            "file": SimpleUploadedFile("bred.csv", wide.encode()),
            "mapping": SimpleUploadedFile("mappning.yaml", mapping.encode()),
        },
    )
    job, _page = run_job(client, response)
    assert job.status == JobStatus.SUCCEEDED, job.error
    assert StatValue.objects.count() == 3

    broken = mapping.replace("into: intervall", "into: [")
    response = client.post(
        STATS_URL,
        {
            "file": SimpleUploadedFile("bred.csv", wide.encode()),
            "mapping": SimpleUploadedFile("mappning.yaml", broken.encode()),
        },
    )
    job, page = run_job(client, response)
    assert job.status == JobStatus.FAILED and "mappning.yaml" in job.error


def test_an_oversized_statistics_file_is_refused(client, stats_region, monkeypatch):
    log_in(client, "carl")
    monkeypatch.setattr(limits, "TABLE_MAX_FILE_BYTES", 50)
    response = upload(client, STATS_URL, "sjuk.csv", SICK_LEAVE)
    assert response.status_code == 400 and "sjuk.csv är för stor" in response.content.decode()
    assert not Job.objects.exists()


# Registers ----------------------------------------------------------------------------------


@pytest.fixture
def region(builder):
    return build_region(builder)


FORECAST = "enhet;prognos_mkr;kommentar\nRS-DIG;-55,5;Vakanser\n"


def test_a_reporter_previews_then_imports_the_units_forecast(client, region):
    log_in(client, "anna")  # reporter of RS-DIG
    fields = {"register": "forecast", "round": "2026-T1"}
    job, page = run_job(
        client, upload(client, REGISTERS_URL, "prognos.csv", FORECAST, dry_run="on", **fields)
    )
    assert job.status == JobStatus.SUCCEEDED, job.error
    assert "Provkörning, inget sparades: prognos.csv: 1 prognoser (1 nya, 0 ändrade)" in page
    assert not Forecast.objects.exists()

    job, page = run_job(client, upload(client, REGISTERS_URL, "prognos.csv", FORECAST, **fields))
    assert job.status == JobStatus.SUCCEEDED, job.error
    forecast = Forecast.objects.get()
    assert forecast.unit.code == "RS-DIG" and forecast.comment == "Vakanser"
    assert forecast.history.latest().history_user.username == "anna"


@pytest.mark.parametrize(
    "content, expected",
    [
        ("enhet;belopp\nRS-DIG;-1\n", "prognos.csv, rad 1, kolumn prognos_mkr: kolumnen saknas"),
        (
            "enhet;prognos_mkr\nRS-DIG;minus tre\n",
            "prognos.csv, rad 2, kolumn prognos_mkr: ”minus tre” är inget tal",
        ),
        ("enhet;prognos_mkr\nRS-HR;-1\n", "prognos.csv, rad 2: Du får inte ändra prognos"),
    ],
)
def test_a_broken_register_file_or_another_units_row_changes_nothing(
    client, region, content, expected
):
    log_in(client, "anna")
    fields = {"register": "forecast", "round": "2026-T1"}
    job, page = run_job(client, upload(client, REGISTERS_URL, "prognos.csv", content, **fields))
    assert job.status == JobStatus.FAILED
    assert expected in job.error and expected in page
    assert not Forecast.objects.exists()


def test_a_register_file_for_a_locked_round_is_refused(client, region):
    region.round.state = RoundState.LOCKED
    region.round.save()
    log_in(client, "carl")  # controller of the plan's unit
    fields = {"register": "forecast", "round": "2026-T1"}
    job, _page = run_job(client, upload(client, REGISTERS_URL, "prognos.csv", FORECAST, **fields))
    assert job.status == JobStatus.FAILED and "fastställt" in job.error
    assert not Forecast.objects.exists()


def test_a_reader_and_a_reviewer_may_not_upload_registers(client, region):
    for username in ("lisa", "greta"):
        log_in(client, username)
        assert client.get(REGISTERS_URL).status_code == 403
        response = upload(
            client, REGISTERS_URL, "p.csv", FORECAST, register="forecast", round="2026-T1"
        )
        assert response.status_code == 403
        assert "Endast rapportörer, controller och administratörer" in response.content.decode()
    assert not Job.objects.exists()


# Assessments --------------------------------------------------------------------------------

ASSESSMENTS = "item;value;status;comment\nN1;5,2;;Bra\nU1;;delvis;Pågår\n"


def test_a_reporter_previews_then_imports_assessments(client, region):
    log_in(client, "anna")
    job, page = run_job(
        client,
        upload(client, ASSESSMENTS_URL, "bed.csv", ASSESSMENTS, round="2026-T1", dry_run="on"),
    )
    assert job.status == JobStatus.SUCCEEDED, job.error
    assert "Provkörning, inget sparades: bed.csv: 2 bedömningar för 2026-T1." in page
    assert not Assessment.objects.exists()

    job, _page = run_job(
        client, upload(client, ASSESSMENTS_URL, "bed.csv", ASSESSMENTS, round="2026-T1")
    )
    assert job.status == JobStatus.SUCCEEDED, job.error
    assessment = Assessment.objects.get(item=region.task)
    assert assessment.status.code == "delvis"
    assert assessment.history.latest().history_user.username == "anna"


@pytest.mark.parametrize(
    "content, expected",
    [
        ("post;value\nN1;5\n", "bed.csv, rad 1, kolumn item: kolumnen saknas"),
        ("item;value\nN1;fem\n", "bed.csv, rad 2, kolumn value: ”fem” är inget tal"),
        ("item;value\nN1;5\nN3;80\n", "bed.csv, rad 3:"),  # N3 is RS-HR's
    ],
)
def test_a_broken_assessment_file_or_another_units_item_changes_nothing(
    client, region, content, expected
):
    log_in(client, "anna")
    job, page = run_job(
        client, upload(client, ASSESSMENTS_URL, "bed.csv", content, round="2026-T1")
    )
    assert job.status == JobStatus.FAILED
    assert expected in job.error and expected in page
    assert not Assessment.objects.exists()


def test_assessments_for_a_locked_round_are_refused(client, region):
    region.round.state = RoundState.LOCKED
    region.round.save()
    log_in(client, "admin")
    job, _page = run_job(
        client, upload(client, ASSESSMENTS_URL, "bed.csv", ASSESSMENTS, round="2026-T1")
    )
    assert job.status == JobStatus.FAILED and "fastställt" in job.error
    assert not Assessment.objects.exists()


def test_assessments_are_the_reporters_a_controller_gets_a_swedish_403(client, region):
    log_in(client, "carl")
    assert client.get(ASSESSMENTS_URL).status_code == 403
    response = upload(client, ASSESSMENTS_URL, "bed.csv", ASSESSMENTS, round="2026-T1")
    assert response.status_code == 403
    assert "Endast rapportörer och administratörer" in response.content.decode()
    assert not Job.objects.exists()


# Every table kind: a file past the limit, and a file in neither UTF-8 nor Windows-1252 -----


@pytest.mark.parametrize(
    "url, fields",
    [
        (REGISTERS_URL, {"register": "forecast", "round": "2026-T1"}),
        (ASSESSMENTS_URL, {"round": "2026-T1"}),
    ],
)
def test_an_oversized_register_or_assessment_file_is_refused(
    client, region, monkeypatch, url, fields
):
    log_in(client, "anna")
    monkeypatch.setattr(limits, "TABLE_MAX_FILE_BYTES", 20)
    response = upload(client, url, "stor.csv", ASSESSMENTS + "N2;1\n" * 10, **fields)
    assert response.status_code == 400
    assert "stor.csv är för stor (högst 1 MiB)" in response.content.decode()
    assert not Job.objects.exists()


@pytest.mark.parametrize(
    "url, fields, content",
    [
        (REGISTERS_URL, {"register": "forecast", "round": "2026-T1"}, FORECAST),
        (ASSESSMENTS_URL, {"round": "2026-T1"}, ASSESSMENTS),
    ],
)
def test_a_register_or_assessment_file_in_an_unknown_encoding_changes_nothing(
    client, region, url, fields, content
):
    log_in(client, "anna")
    data = content.encode("utf-8") + b"RS-DIG;\x81\n"
    job, page = run_job(client, upload(client, url, "kodning.csv", data, **fields))
    assert job.status == JobStatus.FAILED
    line = content.count("\n") + 1
    expected = f"kodning.csv, rad {line}: filen är varken UTF-8 eller Windows-1252"
    assert expected in job.error and expected in page
    assert not Forecast.objects.exists() and not Assessment.objects.exists()


def test_the_round_is_chosen_by_its_code(client, region):
    log_in(client, "anna")
    html = client.get(REGISTERS_URL).content.decode()
    assert ">2026-T1 – Tertial 2026-T1</option>" in html, html[html.find("<select") :][:800]
