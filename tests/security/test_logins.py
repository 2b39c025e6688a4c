"""Finding 8: no login throttling — 50 wrong passwords, then the right one logged in.

Sign-ins are throttled by django-axes per account and per address: after
`AXES_FAILURE_LIMIT` failures the login page refuses, with a Swedish message and status
429, even the right password, until the cool-off has passed.
"""

from __future__ import annotations

from datetime import timedelta

from axes.models import AccessAttempt
from django.conf import settings

from styra.demo.users import DEMO_PASSWORD
from tests.security.conftest import Browser

LOCKED = "För många misslyckade inloggningar"


def test_fifty_wrong_passwords_then_the_right_one_is_refused(demo):
    attacker = Browser()
    for n in range(50):
        response = attacker.login("rapportor", f"gissning-{n}")
        assert response.status_code in (200, 429)
    response = attacker.login("rapportor", DEMO_PASSWORD)
    assert response.status_code == 429
    page = response.content.decode()
    assert LOCKED in page and 'role="alert"' in page
    assert "_auth_user_id" not in attacker.client.session
    # The account is locked from another address too, until the cool-off has passed.
    elsewhere = Browser()
    assert elsewhere.login("rapportor", DEMO_PASSWORD, REMOTE_ADDR="10.9.9.9").status_code == 429


def test_the_limit_is_exact_and_a_success_clears_the_count(demo):
    limit = settings.AXES_FAILURE_LIMIT
    person = Browser()
    for n in range(limit - 1):
        assert person.login("granskare", f"fel-{n}").status_code == 200  # the form again
    assert person.login("granskare", DEMO_PASSWORD).status_code == 302  # still in time
    for n in range(limit - 1):  # the success cleared the count
        assert person.login("granskare", f"fel-igen-{n}").status_code == 200


def test_one_address_guessing_many_accounts_is_locked_out(demo, people):
    sprayer = Browser()
    users = ["rapportor", "granskare", "controller", "lasare", "annan", "ingen"]
    for n in range(settings.AXES_FAILURE_LIMIT):
        sprayer.login(users[n % len(users)], "Sommar2026!", REMOTE_ADDR="10.1.1.1")
    refused = sprayer.login("controller", DEMO_PASSWORD, REMOTE_ADDR="10.1.1.1")
    assert refused.status_code == 429 and LOCKED in refused.content.decode()
    # The same people sign in from their own addresses.
    assert Browser().login("controller", DEMO_PASSWORD, REMOTE_ADDR="10.2.2.2").status_code == 302


def test_after_the_cool_off_the_right_password_works_again(demo):
    attacker = Browser()
    for n in range(settings.AXES_FAILURE_LIMIT):
        attacker.login("rapportor", f"gissning-{n}")
    assert attacker.login("rapportor", DEMO_PASSWORD).status_code == 429
    past = settings.AXES_COOLOFF_TIME + timedelta(minutes=1)
    for attempt in AccessAttempt.objects.all():
        attempt.attempt_time -= past
        attempt.save()
    assert Browser().login("rapportor", DEMO_PASSWORD).status_code == 302


def test_the_admin_login_is_throttled_too(demo):
    admin = Browser()
    for n in range(settings.AXES_FAILURE_LIMIT):
        admin.client.post(
            "/admin/login/",
            {
                "username": "admin",
                "password": f"fel-{n}",
                "csrfmiddlewaretoken": admin.csrf("/admin/login/"),
            },
        )
    token = admin.csrf("/admin/login/")
    response = admin.client.post(
        "/admin/login/",
        {"username": "admin", "password": DEMO_PASSWORD, "csrfmiddlewaretoken": token},
    )
    assert response.status_code == 429
