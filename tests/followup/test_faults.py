"""The database goes away in the middle of a save: the reporter is told, nothing is half-saved.

The save's connection breaks after the assessment row is written and before its values
are (as when PostgreSQL restarts mid-transaction): the whole save is rolled back, the
HTMX request gets the Swedish message in the page's message area with status 503, and
the assessment, its values and its history are exactly as before.
"""

from __future__ import annotations

import re

import pytest
from django.db import OperationalError

from styra.followup.models import Assessment

ITEM = "/uppfoljning/2026-T1/poster/N11/"


def _snapshot(assessment: Assessment) -> tuple:
    assessment.refresh_from_db()
    return (
        assessment.version,
        assessment.comment,
        sorted((v.member, v.value) for v in assessment.values.all()),
        assessment.history.count(),
    )


@pytest.mark.django_db
def test_a_database_restart_mid_save_leaves_the_assessment_as_it_was(demo, client, monkeypatch):
    from django.contrib.auth import get_user_model

    client.raise_request_exception = False
    client.force_login(get_user_model().objects.get(username="rapportor"))
    assessment = Assessment.objects.get(round=demo.round, item__code="N11")
    before = _snapshot(assessment)
    form = client.get(ITEM).content.decode()
    version = re.search(r'name="version" value="(\d+)"', form).group(1)

    def connection_lost(*args, **kwargs):
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr("styra.followup.services.assessments._sync_values", connection_lost)
    response = client.post(
        ITEM,
        {"version": version, "value": "51,0", "comment": "Ny kommentar som inte får sparas."},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 503
    assert response["HX-Retarget"] == "#serverfel"
    html = response.content.decode()
    assert "Databasen svarar inte just nu. Ingenting av det du skickade sparades" in html
    assert "Felkod: " in html
    assert _snapshot(assessment) == before
